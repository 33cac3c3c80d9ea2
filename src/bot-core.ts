// The one place the bot's core is put together, for src/main.ts and for the tests alike: storage → desks and
// engines → services → router. What differs between production and a test is passed in (storage, clock, random,
// ports, library), never rebuilt beside this.
import { buttons as allButtons, commands as allCommands } from '../commands/index.js';
import type { Library } from './content/types.js';
import { ChatPorts } from './core/chat-port.js';
import { systemClock, type Clock } from './core/clock.js';
import { CommandRouter, type CommandObserver, type ErrorLogger } from './core/command-router.js';
import { NoiseLimits, type NoiseLimitSettings } from './core/noise-limits.js';
import type { DailyDefaults, DailyDesk } from './daily/daily-desk.js';
import { DailyScheduler, type SendHooks } from './daily/daily-scheduler.js';
import type { DeliveryLog } from './daily/delivery-log.js';
import type { PostPacer } from './daily/post-pacer.js';
import type { Logger } from './core/logger.js';
import { Metrics } from './ops/metrics.js';
import { QuizEngine } from './quiz/quiz-engine.js';
import type { QuizStore } from './quiz/quiz-store.js';
import { ReviewDesk } from './review/review-desk.js';
import { ReviewReminders } from './review/review-reminders.js';
import type { ReviewScheduler } from './review/review-scheduler.js';
import { SearchIndex } from './search/search-index.js';
import type { BotButton, BotCommand, Services } from './services.js';
import type { Storage } from './storage/storage.js';
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';

export interface CoreOptions {
  storage: Storage;
  library: Library;
  /** Default: the system clock. Tests pass a fake one; a console script its fast-forwarding one. */
  clock?: Clock;
  /** Uniform in [0, 1). Default Math.random; tests pass a seeded generator. */
  random?: () => number;
  /** Where posts go; adapters add themselves as they start. Default: a new, empty set. */
  ports?: ChatPorts;
  /** Default: counters of their own (no process metrics). */
  metrics?: Metrics;
  log?: Logger;
  /** A command failed with something other than a UserError. Default: logged through `log`. */
  onCommandError?: ErrorLogger;
  /** Quiz work nobody waits on failed (a timer, a post). Default: logged through `log`. */
  onQuizError?: (err: unknown, what: string) => void;
  observer?: CommandObserver;
  /** Per-person and per-channel noise limits; none when absent (the console, most tests). */
  limits?: NoiseLimitSettings;
  daily?: { defaults?: DailyDefaults; graceMinutes?: number; hooks?: SendHooks; pacer?: PostPacer; leaseMs?: number };
  /**
   * Quiz timing. `holder` names this process among those sharing the database (default: a new random id, so a
   * restarted process is a new holder and takes its old quizzes over once their leases end); `leaseTtlMs` and
   * `leaseTickMs` see LeaseOptions.
   */
  quiz?: { leadInMs?: number; pauseMs?: number; staleMs?: number; editIntervalMs?: number; holder?: string; leaseTtlMs?: number; leaseTickMs?: number };
  /** New cards per person per local day (default DEFAULT_NEW_CARDS_PER_DAY) and the FSRS settings (default ts-fsrs's). */
  review?: { newPerDay?: number; scheduler?: ReviewScheduler };
  commands?: readonly BotCommand[];
  buttons?: readonly BotButton[];
  /** Tests only: wrap a real repository, e.g. so that its next write fails (test/support/faulty-store.ts). */
  wrap?: { quizzes?: (real: QuizStore) => QuizStore; deliveries?: (real: DeliveryLog) => DeliveryLog };
}

/** The core of a running bot: what the adapters, the console and the tests drive. */
export interface Core {
  services: Services;
  router: CommandRouter<Services>;
  quiz: QuizEngine;
  daily: DailyScheduler;
  /** Review reminders: started and stopped beside the daily scheduler. */
  reminders: ReviewReminders;
  ports: ChatPorts;
  storage: Storage;
  clock: Clock;
  metrics: Metrics;
}

/**
 * Builds the core: the quiz engine and daily scheduler over the storage's repositories, the services every
 * command gets (all of them, before the router exists), and the router. Starts nothing: the caller resumes quizzes
 * and starts the scheduler once the adapters are up.
 */
export function buildCore(o: CoreOptions): Core {
  const clock = o.clock ?? systemClock;
  const random = o.random ?? Math.random;
  const ports = o.ports ?? new ChatPorts();
  const metrics = o.metrics ?? new Metrics();
  const { storage, library, log } = o;
  const search = new SearchIndex(library);
  const quizzes = o.wrap?.quizzes?.(storage.quizzes) ?? storage.quizzes;
  const deliveries = o.wrap?.deliveries?.(storage.deliveries) ?? storage.deliveries;

  const { holder, leaseTtlMs, leaseTickMs, ...quizTiming } = o.quiz ?? {};
  const onQuizError = o.onQuizError ?? ((err: unknown, what: string) => log?.error({ err }, `quiz: ${what}`));
  const review = new ReviewDesk({
    store: storage.reviews,
    schedules: storage.schedules,
    library,
    defaultTimezone: o.daily?.defaults?.timezone ?? 'UTC',
    ...(o.review?.newPerDay !== undefined ? { newPerDay: o.review.newPerDay } : {}),
    ...(o.review?.scheduler ? { scheduler: o.review.scheduler } : {}),
    onError: (err, what) => {
      metrics.error('review');
      log?.error({ err }, `review: ${what}`);
    },
  });
  const quiz = new QuizEngine({
    store: quizzes,
    leases: {
      store: storage.quizLeases,
      holder: holder ?? newHolderId(),
      ...(leaseTtlMs !== undefined ? { ttlMs: leaseTtlMs } : {}),
      ...(leaseTickMs !== undefined ? { tickMs: leaseTickMs } : {}),
    },
    ports,
    library,
    search,
    random,
    clock,
    metrics,
    onError: onQuizError,
    onRevealed: (answers) => review.countTeamAnswers(answers),
    ...quizTiming,
  });
  const daily: DailyDesk = {
    store: storage.schedules,
    deliveries,
    checks: storage.checkAnswers,
    defaults: o.daily?.defaults ?? { time: '09:00', timezone: 'UTC' },
  };
  const scheduler = new DailyScheduler({
    deliveries,
    library,
    ports,
    clock,
    graceMinutes: o.daily?.graceMinutes ?? 120,
    metrics,
    ...(log ? { log } : {}),
    ...(o.daily?.hooks ? { hooks: o.daily.hooks } : {}),
    ...(o.daily?.pacer ? { pacer: o.daily.pacer } : {}),
    ...(o.daily?.leaseMs !== undefined ? { leaseMs: o.daily.leaseMs } : {}),
    weakSpots: { due: (now) => storage.schedules.weakFirstDue(now), of: (channel) => quiz.teamMastery(channel) },
  });
  const services: Services = { library, search, commands: o.commands ?? allCommands, random, clock, metrics, daily, quiz, review, people: storage.people, workspaces: storage.workspaces };
  const reminders = new ReviewReminders({ desk: review, ports, clock, ...(log ? { log } : {}) });
  const router = new CommandRouter(
    services,
    o.onCommandError ?? ((err, ctx) => log?.error({ err, ...ctx }, 'command failed')),
    o.buttons ?? allButtons,
    o.observer,
    o.limits ? new NoiseLimits(o.limits, () => clock.now()) : undefined,
  );
  return { services, router, quiz, daily: scheduler, reminders, ports, storage, clock, metrics };
}

/** `host/pid/random`: unique among processes sharing a database, and readable in the lease table. */
export function newHolderId(): string {
  return `${hostname()}/${process.pid}/${randomBytes(4).toString('hex')}`;
}
