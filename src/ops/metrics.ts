import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Platform } from '../core/command.js';

/** How a command or button run ended: `user_error` is a UserError shown to the person, `error` a bug we apologised for. */
export type Outcome = 'ok' | 'user_error' | 'error' | 'refused';

/**
 * The bot's Prometheus metrics on their own registry (never prom-client's global one), so tests and a second bot
 * in one process each count their own. One object, created in `src/main.ts` and handed to whoever counts:
 * the router's observer, the daily scheduler, the quiz engine (through `Services.metrics`).
 */
export class Metrics {
  readonly registry = new Registry();

  /** Commands and button clicks served, by name (`ask`, `button:quiz`), platform and outcome. */
  readonly commands = new Counter({
    name: 'studybot_commands_total',
    help: 'Commands and button clicks served, by command, platform and outcome.',
    labelNames: ['command', 'platform', 'outcome'] as const,
    registers: [this.registry],
  });

  /** Seconds from receiving a command to having its reply; chat platforms give us 3 s to answer. */
  readonly commandSeconds = new Histogram({
    name: 'studybot_command_duration_seconds',
    help: 'Time to build the reply to a command or button click, by command and platform.',
    labelNames: ['command', 'platform'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });

  /** Quiz answers given, by platform and whether they were right. */
  readonly quizAnswers = new Counter({
    name: 'studybot_quiz_answers_total',
    help: 'Quiz answers given, by platform and correctness.',
    labelNames: ['platform', 'correct'] as const,
    registers: [this.registry],
  });

  /** Daily concept posts, by platform and result (`sent`, `failed`). */
  readonly dailyPosts = new Counter({
    name: 'studybot_daily_posts_total',
    help: 'Daily concept posts, by platform and result (sent or failed).',
    labelNames: ['platform', 'result'] as const,
    registers: [this.registry],
  });

  /** Unexpected errors (bugs, platform failures), by where they happened (`command`, `daily`, `quiz`, `adapter`). */
  readonly errors = new Counter({
    name: 'studybot_errors_total',
    help: 'Unexpected errors, by where they happened.',
    labelNames: ['where'] as const,
    registers: [this.registry],
  });

  constructor(options: { processMetrics?: boolean } = {}) {
    // Memory, CPU and event-loop lag of this process: what an operator checks first when the bot feels slow.
    if (options.processMetrics) collectDefaultMetrics({ register: this.registry, prefix: 'studybot_' });
  }

  commandServed(run: { command: string; platform: Platform; outcome: Outcome; seconds: number }): void {
    this.commands.inc({ command: run.command, platform: run.platform, outcome: run.outcome });
    if (run.outcome !== 'refused') this.commandSeconds.observe({ command: run.command, platform: run.platform }, run.seconds);
    if (run.outcome === 'error') this.errors.inc({ where: 'command' });
  }

  quizAnswer(platform: Platform, correct: boolean): void {
    this.quizAnswers.inc({ platform, correct: String(correct) });
  }

  dailyPost(platform: Platform, result: 'sent' | 'failed'): void {
    this.dailyPosts.inc({ platform, result });
  }

  error(where: string): void {
    this.errors.inc({ where });
  }

  /** The exposition text and its content type, for `/metrics`. */
  async render(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}
