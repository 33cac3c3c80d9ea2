import type { Db } from '../storage/database.js';
import type { LocalDate, Occurrence } from './local-time.js';
import { nextOccurrence } from './local-time.js';
import type { RotationOrder, RotationState } from './rotation.js';

/** A channel's daily schedule as stored. */
export interface DailySchedule extends RotationState {
  channel: string;
  enabled: boolean;
  /** Minutes after local midnight. */
  timeOfDay: number;
  timezone: string;
  /** UTC ms of the next post; undefined while off. */
  nextDue?: number;
  nextDate?: LocalDate;
}

interface Row {
  channel: string;
  enabled: number;
  time_of_day: number;
  timezone: string;
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

const MINUTE = 60_000;

/** The first occurrence at or after the current minute: turning the post on at 09:00:30 for 09:00 posts today. */
export function firstOccurrenceFrom(now: number, timeOfDay: number, timezone: string): Occurrence {
  return nextOccurrence(Math.floor(now / MINUTE) * MINUTE - 1, timeOfDay, timezone);
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

  /** Turns the post on (or changes its time); the rotation carries on where it was. */
  enable(channel: string, timeOfDay: number, timezone: string, by: string, now: number): DailySchedule {
    const next = firstOccurrenceFrom(now, timeOfDay, timezone);
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

  disable(channel: string, by: string, now: number): boolean {
    return this.db
      .prepare('UPDATE daily_schedules SET enabled = 0, next_due = NULL, next_date = NULL, updated_by = ?, updated_at = ? WHERE channel = ? AND enabled = 1')
      .run(by, now, channel).changes === 1;
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
