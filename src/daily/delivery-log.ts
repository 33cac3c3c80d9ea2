import type { DailySchedule } from './daily-store.js';
import type { TakenDate } from './due-planner.js';
import type { LocalDate, Occurrence } from './local-time.js';
import type { RotationState } from './rotation.js';

export type DeliveryStatus = 'claimed' | 'sending' | 'sent' | 'retrying' | 'failed' | 'missed';

/** One day's post in one channel, keyed by (channel, local date). */
export interface Delivery {
  channel: string;
  date: LocalDate;
  status: DeliveryStatus;
  conceptId?: string;
  questionId?: string;
  dueAt: number;
  deadline: number;
  claimedBy?: string;
  retryAt?: number;
  attempts: number;
  messageId?: string;
  sentAt?: number;
  error?: string;
  fix?: string;
}

/** The days a channel already has rows for, from a date on: what a new post may no longer be for. */
export interface ChannelDays {
  /** The latest local date with a row, if any on or after the date asked from. */
  latest?: LocalDate;
  taken: TakenDate;
}

/** What a tick decides for one due schedule; computed by a pure function inside the claim transaction. */
export type DuePlan =
  /** The post for `date` is past its grace window: record it as missed, move on to `next`. */
  | { kind: 'missed'; date: LocalDate; dueAt: number; deadline: number; next: Occurrence }
  /**
   * Claim `date`. `rotation` is where the rotation stands after this post, absent when the followed chapters have
   * no concept (the claim is then recorded as failed). The rotation moves only if this claim wins. `posted` (weak-first
   * only) replaces the cycle's posted concept ids; absent leaves them as stored.
   */
  | { kind: 'post'; date: LocalDate; dueAt: number; deadline: number; next: Occurrence; conceptId?: string; questionId?: string; rotation?: Pick<RotationState, 'cycle' | 'position'> & { posted?: readonly string[] } };

/** The pure planner the scheduler hands to `claimDue`: a due schedule and its channel's days → the plan. */
export type PlanDue = (schedule: DailySchedule & { nextDue: number; nextDate: LocalDate }, days: ChannelDays) => DuePlan;

/** A claim this call won (a new day, a retry whose time came, or a claim whose holder died): send it. */
export interface ClaimedPost {
  channel: string;
  date: LocalDate;
  deadline: number;
  /** Attempts made before this one. */
  attempts: number;
  conceptId?: string;
  questionId?: string;
}

export interface ClaimDueInput {
  now: number;
  /** This scheduler's id: its claims carry it. */
  instance: string;
  /** A claim is this scheduler's until then (UTC ms); another may take it over after. */
  leaseUntil: number;
  plan: PlanDue;
}

/** What became of a claim left pending (a retry, or a claim whose lease ran out): pure, one rule for both engines. */
export type PendingDecision = { kind: 'take-over' } | { kind: 'fail'; error: string };

/** Decides a pending delivery: fail it if the post was turned off or its window closed, else take it over. */
export function decidePending(p: Delivery, scheduleEnabled: boolean, now: number): PendingDecision {
  if (!scheduleEnabled) return { kind: 'fail', error: 'The daily concept was turned off before this post went out.' };
  if (now > p.deadline) return { kind: 'fail', error: p.error ?? 'The bot stopped before sending and was back only after the grace window.' };
  return { kind: 'take-over' };
}

/** The failure recorded for a won claim whose followed chapters have no concept. */
export const NO_CONCEPT = { error: 'The chapters this channel follows have no concepts.', fix: 'Choose other chapters: /daily chapters all' } as const;

/**
 * The record of every daily post: claimed before sending (the primary key makes a second claim for the same
 * channel and day a no-op), then sending → sent, retrying, or failed. A row left in `sending` by a killed process
 * is never sent again: the platform may already have it, and twice is worse than once late.
 */
export interface DeliveryLog {
  /**
   * The tick, in one transaction: locks the due schedules and the pending deliveries (PostgreSQL skips rows another
   * scheduler holds), plans each schedule with `plan`, claims the new days (a day already claimed by anyone is not
   * won), records missed days, advances every schedule (its rotation only when its claim won), and fails or takes
   * over pending rows (`decidePending`). Resolves with the claims won and the count of missed days.
   */
  claimDue(input: ClaimDueInput): Promise<{ claimed: ClaimedPost[]; missed: number }>;
  /**
   * The earliest time (epoch ms, UTC) at which `claimDue` would find work: a schedule's next post, or a pending
   * claim's retry or lease end; undefined when nothing is scheduled or pending. `claimDue` itself returns at once
   * when this is later than its `now` (the idle tick: two index probes).
   */
  nextWorkAt(): Promise<number | undefined>;
  /** The last step before the platform sees the post; false if another instance took the claim over. */
  markSending(channel: string, date: LocalDate, instance: string, now: number): Promise<boolean>;
  markSent(channel: string, date: LocalDate, messageId: string, now: number): Promise<void>;
  markRetry(channel: string, date: LocalDate, retryAt: number, error: string, now: number): Promise<void>;
  markFailed(channel: string, date: LocalDate, error: string, fix: string | null, now: number): Promise<void>;
  /** At shutdown: this instance's unsent claims become due at `now`, so the next start sends them at once. */
  handBack(instance: string, now: number): Promise<void>;
  get(channel: string, date: LocalDate): Promise<Delivery | undefined>;
  /** The channel's latest rows, newest date first. */
  recent(channel: string, limit?: number): Promise<Delivery[]>;
  /**
   * The dates from `from` on that a new post can no longer be for: any row, whatever its status, makes a claim for
   * that (channel, date) a no-op, so the schedule must not promise it.
   */
  days(channel: string, from: LocalDate): Promise<ChannelDays>;
}

/** A `daily_deliveries` row as both engines return it. */
export interface DeliveryRow {
  channel: string;
  local_date: string;
  status: DeliveryStatus;
  concept_id: string | null;
  question_id: string | null;
  due_at: number;
  deadline: number;
  claimed_by: string | null;
  retry_at: number | null;
  attempts: number;
  message_id: string | null;
  sent_at: number | null;
  error: string | null;
  fix: string | null;
}

/** A stored row as a delivery; one mapping for both engines. */
export function deliveryFromRow(r: DeliveryRow): Delivery {
  const d: Delivery = { channel: r.channel, date: r.local_date, status: r.status, dueAt: r.due_at, deadline: r.deadline, attempts: r.attempts };
  if (r.concept_id !== null) d.conceptId = r.concept_id;
  if (r.question_id !== null) d.questionId = r.question_id;
  if (r.claimed_by !== null) d.claimedBy = r.claimed_by;
  if (r.retry_at !== null) d.retryAt = r.retry_at;
  if (r.message_id !== null) d.messageId = r.message_id;
  if (r.sent_at !== null) d.sentAt = r.sent_at;
  if (r.error !== null) d.error = r.error;
  if (r.fix !== null) d.fix = r.fix;
  return d;
}

/** The days of one channel from a list of its dates (any order). */
export function channelDays(dates: readonly LocalDate[]): ChannelDays {
  const set = new Set(dates);
  let latest: LocalDate | undefined;
  for (const d of dates) if (latest === undefined || d > latest) latest = d;
  return { ...(latest !== undefined ? { latest } : {}), taken: (date) => set.has(date) };
}

/** How far before a schedule's next date `claimDue` reads the channel's days: a zone moved west can plan a day earlier. */
export const DAYS_MARGIN = 2;

/** The first date any zone can be on at `now` (UTC ms), less the margin: where reads of a channel's days start. */
export function daysFrom(now: number): LocalDate {
  return new Date(now - (DAYS_MARGIN + 1) * 86_400_000).toISOString().slice(0, 10);
}

/** The concept and question ids of a claim, when it has them. */
export function ids(d: { conceptId?: string; questionId?: string }): Pick<ClaimedPost, 'conceptId' | 'questionId'> {
  return { ...(d.conceptId ? { conceptId: d.conceptId } : {}), ...(d.questionId ? { questionId: d.questionId } : {}) };
}
