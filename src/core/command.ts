import type { Library } from '../content/types.js';
import type { DailyDesk } from '../daily/daily-desk.js';
import type { SearchIndex } from '../search/search-index.js';
import type { QuizEngine } from '../quiz/quiz-engine.js';
import type { Metrics } from '../ops/metrics.js';
import type { MessageRef } from './chat-port.js';
import type { Reply } from './reply.js';

export type Platform = 'console' | 'slack' | 'discord';

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

/** What a command may use. Wired once in `src/main.ts`; tests wire the same with fixture content. */
export interface Services {
  library: Library;
  search: SearchIndex;
  /** The command list itself, for `/help`. */
  commands: readonly Command[];
  /** Random numbers in [0, 1); injected so tests are repeatable. */
  random: () => number;
  /** The clock; injected so tests advance time instead of sleeping. */
  now: () => Date;
  /** Prometheus counters (quiz answers, daily posts, errors). Optional so tests and tools can leave it out. */
  metrics?: Metrics;
  /** Daily concept schedules and deliveries (needs the database); `/daily` explains when it is missing. */
  daily?: DailyDesk;
  /** Team quizzes (needs the database and a chat port); `/quiz` explains when it is missing. */
  quiz?: QuizEngine;
}

export interface CommandContext {
  /** Everything after the command name, control characters removed and whitespace folded. */
  args: string;
  speaker: Speaker;
  /** Namespaced channel id (`slack:T1:C2`, `discord:G1:C2`, `console:main`). */
  channel: string;
  platform: Platform;
  services: Services;
}

export interface Command {
  name: string;
  description: string;
  options: CommandOption[];
  /** Examples shown in `/help` and in error messages. */
  examples: string[];
  /** What the command accepts, shown by `/help <command>`; taken from the parsers' own constants so it cannot drift. */
  accepts?: readonly string[];
  run(ctx: CommandContext): Reply | Promise<Reply>;
  /**
   * Does a run with these arguments (as in CommandContext.args) post for the whole channel? Such runs by members
   * share the channel's cool-down (CHANNEL_POST_COOLDOWN_SECONDS); absent means never.
   */
  postsInChannel?(args: string): boolean;
}

/** A button click. Buttons carry an id `prefix:arg:arg…`; one handler per prefix, so buttons outlive restarts. */
export interface ButtonContext {
  /** The whole button id as posted. */
  id: string;
  /** The id's parts after the prefix. */
  args: string[];
  speaker: Speaker;
  channel: string;
  platform: Platform;
  /** The message holding the button, when the platform says. */
  message?: MessageRef;
  services: Services;
}

export interface ButtonHandler {
  prefix: string;
  /** The reply goes privately to the clicker unless it says `visibility: 'channel'`. */
  run(ctx: ButtonContext): Reply | Promise<Reply>;
  /** Clicks post for the whole channel, under the channel's cool-down for members (see Command.postsInChannel). */
  postsInChannel?: boolean;
}
