import type { Db } from '../storage/database.js';
import { firstPostFrom, type TakenDate } from './due-planner.js';
import type { LocalDate, Occurrence } from './local-time.js';
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
}

interface Row {
  channel: string;
  enabled: number;
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
}

function fromRow(r: Row): DailySchedule {
  return {
    channel: r.channel,
    enabled: r.enabled === 1,
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
  };
}

/** Daily schedules per channel: the rows a tick reads (by `next_due`) and the settings `/daily` changes. */
export class DailyStore {
  private readonly byChannel;
  private readonly dueStmt;
  private readonly anyDueStmt;
  private readonly advanceStmt;
  private readonly skipStmt;

  constructor(private readonly db: Db) {
    this.byChannel = db.prepare<[string], Row>('SELECT * FROM daily_schedules WHERE channel = ?');
    // Both conditions match the partial index, so the planner uses it.
    this.dueStmt = db.prepare<[number], Row>('SELECT * FROM daily_schedules WHERE enabled = 1 AND next_due <= ? ORDER BY next_due');
    this.anyDueStmt = db.prepare<[number], number>('SELECT 1 FROM daily_schedules WHERE enabled = 1 AND next_due <= ? LIMIT 1').pluck();
    this.advanceStmt = db.prepare(
      'UPDATE daily_schedules SET next_due = ?, next_date = ?, cycle = ?, position = ? WHERE channel = ?',
    );
    this.skipStmt = db.prepare('UPDATE daily_schedules SET next_due = ?, next_date = ? WHERE channel = ?');
  }

  get(channel: string): DailySchedule | undefined {
    const r = this.byChannel.get(channel);
    return r ? fromRow(r) : undefined;
  }

  anyDue(now: number): boolean {
    return this.anyDueStmt.get(now) !== undefined;
  }

  due(now: number): DailySchedule[] {
    return this.dueStmt.all(now).map(fromRow);
  }

  /**
   * Turns the post on (or changes its time and zone); the rotation and the days of the week carry on as they were.
   * The first post is `firstPostFrom`: the next allowed day from this minute that `taken` (the delivery log) does
   * not already have, so a channel that posted today at 09:00 and moves to 18:00 posts next tomorrow.
   */
  enable(channel: string, timeOfDay: number, timezone: string, by: string, now: number, taken?: TakenDate): DailySchedule {
    const weekdays = this.get(channel)?.weekdays ?? EVERY_DAY;
    const next = firstPostFrom({ timeOfDay, timezone, weekdays }, now, taken)!;
    this.db
      .prepare(
        `INSERT INTO daily_schedules (channel, enabled, time_of_day, timezone, seed, next_due, next_date, updated_by, updated_at)
         VALUES (@channel, 1, @timeOfDay, @timezone, @seed, @nextDue, @nextDate, @by, @now)
         ON CONFLICT (channel) DO UPDATE SET enabled = 1, time_of_day = @timeOfDay, timezone = @timezone,
           next_due = @nextDue, next_date = @nextDate, updated_by = @by, updated_at = @now`,
      )
      .run({ channel, timeOfDay, timezone, seed: Math.floor(Math.random() * 2 ** 31), nextDue: next.at, nextDate: next.date, by, now });
    return this.get(channel)!;
  }

  /** Turns the post off; its time, zone, days and place in the rotation are kept for `/daily on` to resume. */
  disable(channel: string, by: string, now: number): boolean {
    return this.db
      .prepare('UPDATE daily_schedules SET enabled = 0, next_due = NULL, next_date = NULL, updated_by = ?, updated_at = ? WHERE channel = ? AND enabled = 1')
      .run(by, now, channel).changes === 1;
  }

  /** Posts on these days of the week only; a schedule that is on moves its next post to the first such day. */
  setWeekdays(channel: string, weekdays: Weekdays, by: string, now: number, taken?: TakenDate): DailySchedule {
    const s = this.get(channel);
    if (!s) throw new Error(`no daily schedule for ${channel}`);
    const next = s.enabled ? firstPostFrom({ ...s, weekdays }, now, taken) : undefined;
    this.db
      .prepare('UPDATE daily_schedules SET weekdays = ?, next_due = ?, next_date = ?, updated_by = ?, updated_at = ? WHERE channel = ?')
      .run(weekdays, next?.at ?? null, next?.date ?? null, by, now, channel);
    return this.get(channel)!;
  }

  /** Follows other chapters: a new cycle starts, so every concept of the new set comes once before repeats. */
  setChapters(channel: string, chapters: number[], by: string, now: number): void {
    this.updateRotation(channel, 'chapters = @chapters', { chapters: JSON.stringify(chapters) }, by, now);
  }

  setOrder(channel: string, order: RotationOrder, by: string, now: number): void {
    this.updateRotation(channel, 'rotation_order = @order', { order }, by, now);
  }

  /** After a claim: the next due time and the rotation moved on, in the caller's transaction. */
  advance(channel: string, next: Occurrence, rotation?: Pick<RotationState, 'cycle' | 'position'>): void {
    if (rotation) this.advanceStmt.run(next.at, next.date, rotation.cycle, rotation.position, channel);
    else this.skipStmt.run(next.at, next.date, channel);
  }

  private updateRotation(channel: string, set: string, params: Record<string, unknown>, by: string, now: number): void {
    const changed = this.db
      .prepare(`UPDATE daily_schedules SET ${set}, cycle = cycle + 1, position = 0, updated_by = @by, updated_at = @now WHERE channel = @channel`)
      .run({ ...params, channel, by, now }).changes;
    if (changed === 0) throw new Error(`no daily schedule for ${channel}`);
  }
}
