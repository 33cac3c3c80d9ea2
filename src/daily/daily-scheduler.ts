import { randomUUID } from 'node:crypto';
import cron, { type ScheduledTask } from 'node-cron';
import type { Library, Question } from '../content/types.js';
import { platformOf } from '../core/channel-id.js';
import { PermanentPostError, type ChatPorts, type MessageRef } from '../core/chat-port.js';
import { systemClock, type Clock } from '../core/clock.js';
import type { Logger } from '../core/logger.js';
import type { Metrics } from '../ops/metrics.js';
import type { Reply } from '../core/reply.js';
import { pickQuestion, renderDailyPost } from './daily-post.js';
import type { DeliveryLog, DuePlan, PlanDue } from './delivery-log.js';
import { nextPosts, planDue, retryDelayMs, type DueDecision } from './due-planner.js';
import { PostPacer } from './post-pacer.js';
import { takeNext } from './rotation.js';
import { takeNextWeakFirst, type WeakSpots } from './weak-first-rotation.js';

/** A claimed post, rendered and waiting for its send slot. */
export interface Outgoing {
  channel: string;
  date: string;
  deadline: number;
  /** Attempts made before this one. */
  attempts: number;
  reply: Reply;
}

export interface TickReport {
  claimed: number;
  missed: number;
  sent: number;
  retrying: number;
  failed: number;
}

/** Test hooks: let a test kill the process at a known point of a send. */
export interface SendHooks {
  /** After the claim is marked `sending`, before the platform is called. */
  beforePost?: () => Promise<void>;
  /** After the platform accepted the post, before it is recorded as sent. */
  afterPost?: () => Promise<void>;
}

export interface DailySchedulerOptions {
  /** The delivery log; its `claimDue` reads and advances the schedules in the same transaction. */
  deliveries: DeliveryLog;
  library: Library;
  ports: ChatPorts;
  clock?: Clock;
  graceMinutes: number;
  log?: Logger;
  metrics?: Metrics;
  pacer?: PostPacer;
  /** How long a claim stays ours before another instance may take it over (its holder died before sending). */
  leaseMs?: number;
  hooks?: SendHooks;
  /**
   * Weak-first channels (`/daily order weak-first`): which are due at a time, and a channel's mastery. Read before
   * each claim (the claim's planner is synchronous, inside the transaction); without them weak-first channels
   * keep their cycle's order.
   */
  weakSpots?: { due(now: number): Promise<string[]>; of(channel: string): Promise<WeakSpots> };
}

/**
 * `STUDYBOT_TEST_DAILY_HANG=before-post|after-post` makes the sender hang at that point, so a test can SIGKILL a
 * real bot process in the middle of a tick. Unset in production.
 */
export function hooksFromEnv(env: Record<string, string | undefined>): SendHooks {
  const hang = () => new Promise<void>(() => {});
  if (env.STUDYBOT_TEST_DAILY_HANG === 'before-post') return { beforePost: hang };
  if (env.STUDYBOT_TEST_DAILY_HANG === 'after-post') return { afterPost: hang };
  return {};
}

const MINUTE = 60_000;

/**
 * The daily engine. node-cron only ticks once a minute in UTC; what is due comes from stored schedules. Every due
 * post is claimed in one transaction before anything is sent, so duplicate ticks, restarts and several processes
 * sharing the database cannot post a (channel, local date) twice.
 */
export class DailyScheduler {
  readonly deliveries: DeliveryLog;
  /** Identifies this process's claims. */
  readonly instance = randomUUID();
  private readonly graceMs: number;
  private readonly leaseMs: number;
  private readonly pacer: PostPacer;
  private readonly questionById: Map<string, Question>;
  private readonly inFlight = new Set<Promise<unknown>>();
  private task: ScheduledTask | undefined;
  private stopping = false;
  /** Cuts pacing waits short at shutdown: a queued post is handed back instead of holding the process. */
  private readonly stopSignal = new AbortController();
  private readonly clock: Clock;

  constructor(private readonly o: DailySchedulerOptions) {
    this.deliveries = o.deliveries;
    this.clock = o.clock ?? systemClock;
    this.graceMs = o.graceMinutes * MINUTE;
    this.leaseMs = o.leaseMs ?? 10 * MINUTE;
    this.pacer = o.pacer ?? new PostPacer(() => this.nowMs());
    this.questionById = new Map(o.library.questions.map((q) => [q.id, q]));
  }

  private nowMs(): number {
    return this.clock.now();
  }

  /**
   * Claims and renders everything due at `now`: new days from the schedules, retries whose time has come, and
   * claims a dead instance left unsent. The claims are committed (by the delivery log, in one transaction) when it
   * resolves; a claim whose concept left the notes is recorded as failed.
   */
  async claimDue(now = this.nowMs()): Promise<{ outgoing: Outgoing[]; missed: number }> {
    const { deliveries, o } = this;
    const spots = await this.weakSpotsDue(now);
    const { claimed, missed } = await deliveries.claimDue({ now, instance: this.instance, leaseUntil: now + this.leaseMs, plan: this.planner(now, spots) });
    const outgoing: Outgoing[] = [];
    for (const c of claimed) {
      const concept = c.conceptId ? o.library.conceptById.get(c.conceptId) : undefined;
      if (!concept) {
        await deliveries.markFailed(c.channel, c.date, `The concept ${c.conceptId ?? '?'} is no longer in the notes.`, null, now);
        continue;
      }
      const question = c.questionId ? this.questionById.get(c.questionId) : undefined;
      outgoing.push({ channel: c.channel, date: c.date, deadline: c.deadline, attempts: c.attempts, reply: renderDailyPost(o.library, concept, question) });
    }
    return { outgoing, missed };
  }

  /**
   * The pure plan for one tick, run by the delivery log inside its claim transaction: when each due schedule posts
   * (`planDue`), past any day its channel already has, and which concept and question it gets (`takeNext`).
   */
  /**
   * The mastery of every weak-first channel due now. A channel whose mastery cannot be read this tick posts in
   * its cycle's order (logged): a daily post is not worth missing over a preference.
   */
  private async weakSpotsDue(now: number): Promise<Map<string, WeakSpots>> {
    const out = new Map<string, WeakSpots>();
    const source = this.o.weakSpots;
    if (!source) return out;
    try {
      for (const channel of await source.due(now)) out.set(channel, await source.of(channel));
    } catch (err) {
      this.o.log?.warn({ err }, 'daily tick: reading weak spots failed; weak-first channels post in cycle order this time');
    }
    return out;
  }

  private planner(now: number, spots: ReadonlyMap<string, WeakSpots> = new Map()): PlanDue {
    const { library } = this.o;
    // Channels due in the same tick in the same zone share a local time, so they share a plan: at most one
    // timezone computation per zone instead of one per channel.
    const plans = new Map<string, DueDecision>();
    return (s, days): DuePlan => {
      const key = `${s.timezone}|${s.timeOfDay}|${s.weekdays}|${s.nextDate}|${s.nextDue}`;
      let d = plans.get(key);
      if (!d) {
        d = planDue(s, now, this.graceMs);
        plans.set(key, d);
      }
      // A channel that already has a row on or after the planned next date (its zone moved west, say) would
      // have that claim refused: step past taken days, exactly as /daily on does, so status stays true.
      if (days.latest !== undefined && days.latest >= d.next.date) d = { ...d, next: nextPosts(s, d.dueAt, 1, days.taken)[0]! };
      const when = { date: d.date, dueAt: d.dueAt, deadline: d.deadline, next: d.next };
      if (d.kind === 'missed') return { kind: 'missed', ...when };
      const take = s.weakFirst ? takeNextWeakFirst(library, s, spots.get(s.channel)) : takeNext(library, s);
      const question = take && pickQuestion(library, take.concept, `${s.channel}|${d.date}`);
      return {
        kind: 'post',
        ...when,
        ...(take ? { conceptId: take.concept.id, rotation: take.next } : {}),
        ...(question ? { questionId: question.id } : {}),
      };
    };
  }

  /**
   * Sends claimed posts, each in its rate-limit slot; resolves when every one is sent, scheduled for retry or failed.
   * Never rejects: a post whose bookkeeping failed (storage) is logged and counted in `studybot_errors_total{where="daily"}`
   * and left as stored, which never sends it twice (see `sendOne`).
   */
  async send(outgoing: Outgoing[]): Promise<Pick<TickReport, 'sent' | 'retrying' | 'failed'>> {
    const counts = { sent: 0, retrying: 0, failed: 0 };
    await Promise.all(
      outgoing.map(async (out) => {
        let result: 'sent' | 'retrying' | 'failed' | undefined;
        try {
          result = await this.sendOne(out);
        } catch (err) {
          this.storageFailed(err, out, 'daily post: recording its state failed; it is left as stored and not sent again');
          return;
        }
        if (result) counts[result] += 1;
        if (result === 'sent' || result === 'failed') this.o.metrics?.dailyPost(platformOf(out.channel), result);
      }),
    );
    return counts;
  }

  /** A storage failure is an error (logged, counted), never a reason to post again. */
  private storageFailed(err: unknown, where: { channel?: string; date?: string }, message: string): void {
    this.o.log?.error({ err, channel: where.channel, date: where.date }, message);
    this.o.metrics?.error('daily');
  }

  /**
   * One post. Only the platform call is in the retry path: once the platform has accepted the post, a failure to
   * record it (disk full, a busy database) leaves the row `sending`, which is never sent again, and is reported as
   * an error. Throws only what storage throws before or after the platform call.
   */
  private async sendOne(out: Outgoing): Promise<'sent' | 'retrying' | 'failed' | undefined> {
    const { deliveries, o } = this;
    await this.pacer.slot(out.channel, this.stopSignal.signal);
    // Stopping: leave the claim for the next start (see stop()).
    if (this.stopping) return undefined;
    const now = this.nowMs();
    if (now > out.deadline) {
      await deliveries.markFailed(out.channel, out.date, 'Not sent within the grace window.', null, now);
      return 'failed';
    }
    const platform = platformOf(out.channel);
    if (!o.ports.has(platform)) {
      // Retrying will not start the adapter: say what to do instead of logging a retry every few minutes.
      const fix = `Start the bot with ${platform === 'console' ? 'no platform token (console mode)' : `its ${platform === 'slack' ? 'Slack' : 'Discord'} settings`}, or turn the post off there with /daily off.`;
      await deliveries.markFailed(out.channel, out.date, `The bot is not connected to ${platform}.`, fix, now);
      o.log?.warn({ channel: out.channel, date: out.date, fix }, 'daily post has no adapter to go through');
      return 'failed';
    }
    if (!(await deliveries.markSending(out.channel, out.date, this.instance, now))) return undefined;
    o.log?.debug({ channel: out.channel, date: out.date }, 'daily post sending');
    let ref: MessageRef;
    try {
      await o.hooks?.beforePost?.();
      ref = await o.ports.for(out.channel).post(out.channel, out.reply);
    } catch (err) {
      return await this.postRefused(out, err);
    }
    await o.hooks?.afterPost?.();
    try {
      await deliveries.markSent(out.channel, out.date, ref.id, this.nowMs());
    } catch (err) {
      this.storageFailed(err, out, 'daily post sent, but recording it failed; it stays "sending" and is never sent again');
    }
    return 'sent';
  }

  /** The platform did not take the post: record it as failed (permanent) or to retry (transient, within the window). */
  private async postRefused(out: Outgoing, err: unknown): Promise<'retrying' | 'failed'> {
    const { deliveries, o } = this;
    const at = this.nowMs();
    if (err instanceof PermanentPostError) {
      await deliveries.markFailed(out.channel, out.date, err.message, err.fix, at);
      o.log?.warn({ channel: out.channel, date: out.date, error: err.message, fix: err.fix }, 'daily post refused; not retrying');
      return 'failed';
    }
    const attempts = out.attempts + 1;
    const message = err instanceof Error ? err.message : String(err);
    const retryAt = at + retryDelayMs(attempts);
    if (retryAt <= out.deadline) {
      await deliveries.markRetry(out.channel, out.date, retryAt, message, at);
      o.log?.warn({ channel: out.channel, date: out.date, err, attempts, retryAt: new Date(retryAt).toISOString() }, 'daily post failed; will retry');
      return 'retrying';
    }
    await deliveries.markFailed(out.channel, out.date, `Gave up after ${attempts} attempts: ${message}`, null, at);
    o.log?.error({ channel: out.channel, date: out.date, err, attempts }, 'daily post failed; grace window over');
    return 'failed';
  }

  /**
   * One tick: claim what is due, then send it. Resolves when every send has settled; never rejects. A claim that
   * storage refused is rolled back whole, logged and counted, and tried again on the next tick.
   */
  async tick(): Promise<TickReport> {
    let claimed: { outgoing: Outgoing[]; missed: number };
    try {
      claimed = await this.claimDue();
    } catch (err) {
      this.storageFailed(err, {}, 'daily tick: claiming due posts failed; the next tick tries again');
      return { claimed: 0, missed: 0, sent: 0, retrying: 0, failed: 0 };
    }
    const { outgoing, missed } = claimed;
    const sending = this.send(outgoing);
    this.inFlight.add(sending);
    try {
      const r = { claimed: outgoing.length, missed, ...(await sending) };
      const busy = r.claimed + r.missed > 0;
      this.o.log?.[busy ? 'info' : 'debug'](r, 'daily tick');
      return r;
    } finally {
      this.inFlight.delete(sending);
    }
  }

  /** Ticks now (a post missed while the bot was down goes out if still in its grace window), then every minute. */
  start(): void {
    const run = () => {
      this.tick().catch((err: unknown) => this.o.log?.error({ err }, 'daily tick failed'));
    };
    this.task = cron.schedule('* * * * *', run, { timezone: 'UTC', name: 'daily-concept' });
    run();
  }

  /** Stops ticking, waits for sends in progress, and hands unsent claims back so the next start sends them at once. */
  async stop(): Promise<void> {
    // Sends still waiting for a slot see the flag and give up; those past `markSending` finish.
    this.stopping = true;
    this.stopSignal.abort();
    await this.task?.destroy();
    await this.deliveries.handBack(this.instance, this.nowMs());
    await Promise.allSettled([...this.inFlight]);
  }
}
