import type { LocalDate } from './local-time.js';
import type { RotationOrder, RotationState } from './rotation.js';
import { EVERY_DAY, type Weekdays } from './weekdays.js';

/** A channel's daily schedule as stored. */
export interface DailySchedule extends RotationState {
  channel: string;
  enabled: boolean;
  /** Minutes after local midnight. */
  timeOfDay: number;
  timezone: string;
  /** Days of the week it posts on (see weekdays.ts). Kept, with the time and zone, while the post is off. */
  weekdays: Weekdays;
  /** UTC ms of the next post; undefined while off. */
  nextDue?: number;
  nextDate?: LocalDate;
  /** `/daily order weak-first`: the cycle's concepts the channel misses come first (weak-first-rotation.ts). */
  weakFirst: boolean;
  /** Concept ids posted in the current cycle, kept while `weakFirst` (empty otherwise). */
  posted: string[];
}

/** `/daily on`: the time and zone to post at; `seed` shuffles this channel's rotation if it is new. */
export interface EnableRequest {
  channel: string;
  /** Minutes after local midnight. */
  timeOfDay: number;
  /** IANA zone. */
  timezone: string;
  /** Who changed it (a namespaced user id). */
  by: string;
  /** UTC epoch ms. */
  now: number;
  /** Used only when the channel has no schedule yet: its shuffle seed, a whole number in [0, 2^31). */
  seed: number;
}

/**
 * Daily schedules per channel: the settings `/daily` reads and changes. The tick's reads and writes are on the
 * delivery log (`DeliveryLog.claimDue`), which advances these rows in the same transaction as its claims.
 * Every method that computes a next post does so with `firstPostFrom` (due-planner.ts) inside its own transaction,
 * against the days the delivery log already has, so what it stores is what the scheduler will do.
 */
export interface DailyStore {
  get(channel: string): Promise<DailySchedule | undefined>;
  /**
   * Turns the post on (or changes its time and zone); the rotation and the days of the week carry on as they were.
   * The first post is the next allowed day from this minute that the delivery log does not already have, so a
   * channel that posted today at 09:00 and moves to 18:00 posts next tomorrow. Resolves with the stored schedule.
   */
  enable(r: EnableRequest): Promise<DailySchedule>;
  /** Turns the post off, keeping time, zone, days and rotation; false when it was not on. */
  disable(channel: string, by: string, now: number): Promise<boolean>;
  /** Posts on these days only; a schedule that is on moves its next post to the first such day. Rejects when the channel has no schedule. */
  setWeekdays(channel: string, weekdays: Weekdays, by: string, now: number): Promise<DailySchedule>;
  /** Follows other chapters ([] = all): a new cycle starts. Rejects when the channel has no schedule. */
  setChapters(channel: string, chapters: number[], by: string, now: number): Promise<void>;
  /**
   * Book or shuffled order, weak-first on top of it or not: a new cycle starts with nothing posted. Rejects when the
   * channel has no schedule.
   */
  setOrder(channel: string, order: RotationOrder, by: string, now: number, weakFirst?: boolean): Promise<void>;
  /** Channels whose post is on, weak-first and due at `now` (UTC ms): the tick reads their mastery before it claims. */
  weakFirstDue(now: number): Promise<string[]>;
}

/** A `daily_schedules` row as both engines return it (SQLite: enabled 0/1; PostgreSQL: boolean). */
export interface ScheduleRow {
  channel: string;
  enabled: number | boolean;
  time_of_day: number;
  timezone: string;
  weekdays: number | null;
  chapters: string;
  rotation_order: RotationOrder;
  seed: number;
  cycle: number;
  position: number;
  next_due: number | null;
  next_date: string | null;
  weak_first: number | boolean;
  cycle_posted: string;
}

/** A stored row as a schedule; one mapping for both engines. */
export function scheduleFromRow(r: ScheduleRow): DailySchedule {
  return {
    channel: r.channel,
    enabled: r.enabled === 1 || r.enabled === true,
    timeOfDay: r.time_of_day,
    timezone: r.timezone,
    weekdays: r.weekdays ?? EVERY_DAY,
    // Most channels follow every chapter: skip the parse for them, a busy tick reads a thousand rows.
    chapters: r.chapters === '[]' ? [] : (JSON.parse(r.chapters) as number[]),
    order: r.rotation_order,
    seed: r.seed,
    cycle: r.cycle,
    position: r.position,
    ...(r.next_due !== null ? { nextDue: r.next_due } : {}),
    ...(r.next_date !== null ? { nextDate: r.next_date } : {}),
    weakFirst: r.weak_first === 1 || r.weak_first === true,
    posted: r.cycle_posted === '[]' ? [] : (JSON.parse(r.cycle_posted) as string[]),
  };
}

/** A schedule change for a channel that has never turned the daily concept on. */
export class NoScheduleError extends Error {
  constructor(readonly channel: string) {
    super(`no daily schedule for ${channel}`);
    this.name = 'NoScheduleError';
  }
}
