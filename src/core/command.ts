import type { Platform } from './channel-id.js';
import type { MessageRef } from './chat-port.js';
import type { Reply } from './reply.js';

export type { Platform } from './channel-id.js';

/** Who is speaking. `id` is namespaced by platform (`slack:T1:U2`, `discord:123`, `console:alice`). */
export interface Speaker {
  id: string;
  name: string;
  /**
   * May this person change the channel's settings (daily schedule, stopping someone else's quiz)? Set by the
   * adapter from the platform: Discord's Manage Channels permission, Slack workspace admins/owners or
   * SLACK_ADMIN_USERS; always true in the console.
   */
  canManage?: boolean;
}

export interface CommandOption {
  name: string;
  description: string;
  type: 'string' | 'integer';
  required?: boolean;
  /** Discord offers concept names as the user types. */
  autocomplete?: 'concept';
  /** Takes the rest of the line (free text such as a question). */
  rest?: boolean;
  /**
   * Appended to the value when a platform passes options by name (Discord), so the text the command parses stays
   * unambiguous when an earlier option is left out: `/quiz start seconds:30` becomes `start 30s`, not `start 30`.
   */
  suffix?: string;
}

/**
 * What every services object gives the router: the command list (for `/help` and the adapters' command
 * definitions). The bot's own services (src/services.ts) add the library, storage-backed desks and the clock; the
 * core knows nothing of them.
 */
export interface CommandServices {
  readonly commands: readonly Command<never>[];
}

export interface CommandContext<S = unknown> {
  /** Everything after the command name, control characters removed and whitespace folded. */
  args: string;
  speaker: Speaker;
  /** Namespaced channel id (`slack:T1:C2`, `discord:G1:C2`, `console:main`). */
  channel: string;
  platform: Platform;
  services: S;
  /**
   * The caller shows only the reply's text (the Slack Home tab): commands skip drawing images, which cost tens of
   * milliseconds each and would be thrown away.
   */
  textOnly?: boolean;
}

export interface Command<S = unknown> {
  name: string;
  description: string;
  options: CommandOption[];
  /** Examples shown in `/help` and in error messages. */
  examples: string[];
  /** What the command accepts, shown by `/help <command>`; taken from the parsers' own constants so it cannot drift. */
  accepts?: readonly string[];
  run(ctx: CommandContext<S>): Reply | Promise<Reply>;
  /**
   * Does a run with these arguments (as in CommandContext.args) post for the whole channel? Such runs by members
   * share the channel's cool-down (CHANNEL_POST_COOLDOWN_SECONDS); absent means never.
   */
  postsInChannel?(args: string): boolean;
}

/** A button click. Buttons carry an id `prefix:arg:arg…`; one handler per prefix, so buttons outlive restarts. */
export interface ButtonContext<S = unknown> {
  /** The whole button id as posted. */
  id: string;
  /** The id's parts after the prefix. */
  args: string[];
  speaker: Speaker;
  channel: string;
  platform: Platform;
  /** The message holding the button, when the platform says. */
  message?: MessageRef;
  services: S;
}

export interface ButtonHandler<S = unknown> {
  prefix: string;
  /** The reply goes privately to the clicker unless it says `visibility: 'channel'`. */
  run(ctx: ButtonContext<S>): Reply | Promise<Reply>;
  /** Clicks post for the whole channel, under the channel's cool-down for members (see Command.postsInChannel). */
  postsInChannel?: boolean;
}
