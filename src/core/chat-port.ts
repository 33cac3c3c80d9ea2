import { platformOf, type Platform } from './channel-id.js';
import type { Reply } from './reply.js';

/** A message the bot posted, enough to edit it later. */
export interface MessageRef {
  platform: Platform;
  /** Namespaced channel id. */
  channel: string;
  /** The platform's message id (Slack `ts`, Discord snowflake, console counter). */
  id: string;
}

/** What a platform adapter offers the core for messages nobody asked for: daily posts, quiz questions. */
export interface ChatPort {
  readonly platform: Platform;
  post(channel: string, reply: Reply): Promise<MessageRef>;
  update(ref: MessageRef, reply: Reply): Promise<void>;
  /**
   * A private message to one person (namespaced person id: `slack:T1:U2`, `discord:U3`, `console:alice`): a Slack DM
   * from the app, a Discord DM, a line in the console. Rejects when the platform refuses (the person closed their
   * DMs, say). Absent on ports that cannot reach a person.
   */
  dm?(person: string, reply: Reply): Promise<void>;
}

/**
 * Failure the platform reported for a post that retrying will not fix (bot not in channel, missing permission).
 * `fix` says what a person must do.
 */
export class PermanentPostError extends Error {
  constructor(
    message: string,
    readonly fix: string,
  ) {
    super(message);
    this.name = 'PermanentPostError';
  }
}

/** Routes a post to the adapter owning the channel id's platform prefix. */
export class ChatPorts {
  private readonly ports = new Map<Platform, ChatPort>();

  add(port: ChatPort): void {
    this.ports.set(port.platform, port);
  }

  for(channel: string): ChatPort {
    const platform = platformOf(channel);
    const port = this.ports.get(platform);
    if (!port) throw new Error(`no adapter is running for ${platform} (channel ${channel})`);
    return port;
  }

  has(platform: Platform): boolean {
    return this.ports.has(platform);
  }

  /** The platforms with a running adapter: the ones this process can post to. */
  platforms(): Platform[] {
    return [...this.ports.keys()];
  }
}
