import type { Library } from './content/types.js';
import type { Clock } from './core/clock.js';
import type { ButtonContext, ButtonHandler, Command, CommandContext } from './core/command.js';
import type { DailyDesk } from './daily/daily-desk.js';
import type { Metrics } from './ops/metrics.js';
import type { PersonData } from './privacy/person-data.js';
import type { QuizDesk } from './quiz/quiz-desk.js';
import type { ReviewDesk } from './review/review-desk.js';
import type { SearchIndex } from './search/search-index.js';
import type { WorkspaceStore } from './workspaces/workspace-store.js';

/**
 * What the bot's commands and buttons may use. Built once, whole, by `buildCore` (src/bot-core.ts) for
 * `src/main.ts` and for the tests, before the router that hands it to them.
 */
export interface Services {
  library: Library;
  search: SearchIndex;
  /** The command list itself, for `/help`. */
  commands: readonly BotCommand[];
  /** Random numbers in [0, 1); injected so tests are repeatable. */
  random: () => number;
  /** The clock; injected so tests advance time instead of sleeping. */
  clock: Clock;
  /** Prometheus counters (commands, quiz answers, daily posts, errors). */
  metrics: Metrics;
  /** Daily concept schedules, deliveries and quick-check answers. */
  daily: DailyDesk;
  /** Team quizzes. */
  quiz: QuizDesk;
  /** Personal spaced repetition: cards, grades, reminders. */
  review: ReviewDesk;
  /** Everything kept about one person, for /privacy. */
  people: PersonData;
  /** Per-workspace (Slack team, Discord server) settings that `/settings` changes. */
  workspaces: WorkspaceStore;
}

export type BotCommand = Command<Services>;
export type BotContext = CommandContext<Services>;
export type BotButton = ButtonHandler<Services>;
export type BotButtonContext = ButtonContext<Services>;
