import type { MessageRef } from './chat-port.js';
import type { ButtonHandler, Command, CommandContext, CommandServices, Platform, Speaker } from './command.js';
import { UserError } from './errors.js';
import { RateLimited, type NoiseLimits } from './noise-limits.js';
import { errorReply, type Reply } from './reply.js';
import { cleanInput, safeEcho } from './safe-text.js';
import { truncate } from './truncate.js';

export interface Incoming {
  /** The text as typed: `/ask why…`, `ask why…` from a slash command, or a bare question from a mention. */
  text: string;
  speaker: Speaker;
  channel: string;
  platform: Platform;
}

/** One command or button run: `command` is the command's name or `button:<prefix>`. */
export interface RunInfo {
  command: string;
  platform: Platform;
  user: string;
}

export type ErrorLogger = (err: unknown, context: RunInfo) => void;

/** How a run ended: `user_error` is a UserError shown to the person, `refused` a run an observer or a rate limit turned away. */
export type RunOutcome = 'ok' | 'user_error' | 'error' | 'refused';

/**
 * Watches runs (metrics, logs, in-flight count for shutdown). `start` is called as a run begins and returns the
 * function to call once with its outcome. It may throw a UserError to refuse the run (the bot is stopping); the
 * person then sees that message.
 */
export interface CommandObserver {
  start(run: RunInfo): (outcome: RunOutcome) => void;
}

const MAX_INPUT = 4000;

/** Turns incoming text into a command run, with the one error boundary: UserError is shown, anything else apologised for. */
export class CommandRouter<S extends CommandServices = CommandServices> {
  private readonly byName: Map<string, Command<S>>;
  private readonly buttonsByPrefix: Map<string, ButtonHandler<S>>;

  /** `services` is handed to every command and button as it is; its `commands` are the ones this router runs. */
  constructor(
    private readonly services: S,
    private readonly logError: ErrorLogger = () => {},
    buttons: readonly ButtonHandler<S>[] = [],
    private readonly observer?: CommandObserver,
    /** Per-person command rate and per-channel public-post cool-down; none when absent (tests, tools). */
    private readonly limits?: NoiseLimits,
  ) {
    this.byName = new Map((services.commands as readonly Command<S>[]).map((c) => [c.name, c]));
    this.buttonsByPrefix = new Map(buttons.map((b) => [b.prefix, b]));
  }

  /** The names of the commands this router runs, for adapters that rename them (Slack's umbrella command). */
  commandNames(): string[] {
    return [...this.byName.keys()];
  }

  find(name: string): Command<S> | undefined {
    return this.byName.get(name.toLowerCase());
  }

  /** Runs a named command with its argument text. */
  async run(name: string, args: string, who: Omit<Incoming, 'text'>): Promise<Reply> {
    const command = this.find(name);
    if (!command) {
      return errorReply(`There is no command /${safeEcho(name, 40)}.`, 'Type /help to see what I can do.');
    }
    const ctx: CommandContext<S> = {
      args: cleanInput(truncate(args, MAX_INPUT, { ellipsis: '' })),
      speaker: who.speaker,
      channel: who.channel,
      platform: who.platform,
      services: this.services,
    };
    return this.guarded(
      { command: command.name, platform: who.platform, user: who.speaker.id },
      () => {
        if (this.limits && who.platform !== 'console') this.limits.admitRun(who.speaker.id);
        return this.limitedPost(who, command.postsInChannel?.(ctx.args) ?? false, () => command.run(ctx));
      },
      'Sorry, something went wrong on my side while doing that. It has been logged; please try again.',
    );
  }

  /** A button click, routed by the id's prefix. Unknown or stale ids get a polite answer, not an error. */
  async click(click: { id: string; speaker: Speaker; channel: string; platform: Platform; message?: MessageRef }): Promise<Reply> {
    const [prefix = '', ...args] = click.id.split(':');
    const handler = this.buttonsByPrefix.get(prefix);
    if (!handler) return errorReply('That button no longer does anything.', 'Type /help to see what I can do.');
    return this.guarded(
      { command: `button:${prefix}`, platform: click.platform, user: click.speaker.id },
      () => this.limitedPost(click, handler.postsInChannel ?? false, () => handler.run({ ...click, args, services: this.services })),
      'Sorry, something went wrong on my side with that button. It has been logged; please try again.',
    );
  }

  /**
   * Runs `work` under the channel's public-post cool-down when it may post for everyone and the speaker is a member.
   * The console is one person at their own terminal, and channel managers may post as they please.
   */
  private async limitedPost(who: { speaker: Speaker; channel: string; platform: Platform }, postsInChannel: boolean, work: () => Reply | Promise<Reply>): Promise<Reply> {
    if (!this.limits || !postsInChannel || who.platform === 'console' || who.speaker.canManage) return work();
    const release = this.limits.reservePost(who.channel);
    try {
      const result = await work();
      if (result.visibility !== 'channel') release();
      return result;
    } catch (err) {
      release();
      throw err;
    }
  }

  /** The one error boundary, with the observer told when the run starts and how it ended. */
  private async guarded(run: RunInfo, work: () => Reply | Promise<Reply>, apology: string): Promise<Reply> {
    let finish: ((outcome: RunOutcome) => void) | undefined;
    let outcome: RunOutcome = 'error';
    try {
      finish = this.observer?.start(run);
      const result = await work();
      outcome = 'ok';
      return result;
    } catch (err) {
      if (err instanceof UserError) {
        outcome = err instanceof RateLimited ? 'refused' : 'user_error';
        return errorReply(err.message, err.hint);
      }
      this.logError(err, run);
      return errorReply(apology);
    } finally {
      finish?.(outcome);
    }
  }

  /** Free text: `/name args` runs that command; anything else is a question for /ask. */
  async handle(incoming: Incoming): Promise<Reply> {
    const text = cleanInput(truncate(incoming.text, MAX_INPUT, { ellipsis: '' }));
    const m = /^\/([A-Za-z][\w-]*)\s*([\s\S]*)$/.exec(text);
    if (m) return this.run(m[1]!, m[2]!, incoming);
    return this.run('ask', text, incoming);
  }
}
