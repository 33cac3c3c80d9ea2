import type { PostgresDatabase, Sql } from '../storage/postgres-database.js';
import { NoScheduleError, scheduleFromRow, type DailySchedule, type DailyStore, type EnableRequest, type ScheduleRow } from './daily-store.js';
import { channelDays, daysFrom } from './delivery-log.js';
import { firstPostFrom } from './due-planner.js';
import type { RotationOrder } from './rotation.js';
import { EVERY_DAY, type Weekdays } from './weekdays.js';

/**
 * DailyStore in PostgreSQL. A change that computes the next post locks the channel's schedule row first, so a
 * tick (which locks due rows) and a `/daily` change on another replica take turns.
 */
export class PostgresDailyStore implements DailyStore {
  constructor(private readonly db: PostgresDatabase) {}

  async get(channel: string): Promise<DailySchedule | undefined> {
    return this.getIn(this.db.sql, channel);
  }

  async enable(r: EnableRequest): Promise<DailySchedule> {
    return this.db.transaction(async (tx) => {
      const weekdays = (await this.getIn(tx, r.channel, true))?.weekdays ?? EVERY_DAY;
      const next = firstPostFrom({ timeOfDay: r.timeOfDay, timezone: r.timezone, weekdays }, r.now, await this.taken(tx, r.channel, r.now))!;
      const [row] = await tx.rows<ScheduleRow>(
        `INSERT INTO daily_schedules (channel, enabled, time_of_day, timezone, seed, next_due, next_date, updated_by, updated_at)
         VALUES ($1, TRUE, $2, $3, $4, $5, $6, $7, $8)
         ON CONFLICT (channel) DO UPDATE SET enabled = TRUE, time_of_day = $2, timezone = $3,
           next_due = $5, next_date = $6, updated_by = $7, updated_at = $8
         RETURNING *`,
        [r.channel, r.timeOfDay, r.timezone, r.seed, next.at, next.date, r.by, r.now],
      );
      return scheduleFromRow(row!);
    });
  }

  async disable(channel: string, by: string, now: number): Promise<boolean> {
    return (await this.db.sql.run('UPDATE daily_schedules SET enabled = FALSE, next_due = NULL, next_date = NULL, updated_by = $1, updated_at = $2 WHERE channel = $3 AND enabled', [by, now, channel])) === 1;
  }

  async setWeekdays(channel: string, weekdays: Weekdays, by: string, now: number): Promise<DailySchedule> {
    return this.db.transaction(async (tx) => {
      const s = await this.getIn(tx, channel, true);
      if (!s) throw new NoScheduleError(channel);
      const next = s.enabled ? firstPostFrom({ ...s, weekdays }, now, await this.taken(tx, channel, now)) : undefined;
      const [row] = await tx.rows<ScheduleRow>(
        'UPDATE daily_schedules SET weekdays = $1, next_due = $2, next_date = $3, updated_by = $4, updated_at = $5 WHERE channel = $6 RETURNING *',
        [weekdays, next?.at ?? null, next?.date ?? null, by, now, channel],
      );
      return scheduleFromRow(row!);
    });
  }

  async setChapters(channel: string, chapters: number[], by: string, now: number): Promise<void> {
    const n = await this.db.sql.run("UPDATE daily_schedules SET chapters = $1, cycle = cycle + 1, position = 0, cycle_posted = '[]', updated_by = $2, updated_at = $3 WHERE channel = $4", [JSON.stringify(chapters), by, now, channel]);
    if (n === 0) throw new NoScheduleError(channel);
  }

  async setOrder(channel: string, order: RotationOrder, by: string, now: number, weakFirst = false): Promise<void> {
    const n = await this.db.sql.run(
      "UPDATE daily_schedules SET rotation_order = $1, weak_first = $2, cycle = cycle + 1, position = 0, cycle_posted = '[]', updated_by = $3, updated_at = $4 WHERE channel = $5",
      [order, weakFirst, by, now, channel],
    );
    if (n === 0) throw new NoScheduleError(channel);
  }

  async weakFirstDue(now: number): Promise<string[]> {
    const rows = await this.db.sql.rows<{ channel: string }>('SELECT channel FROM daily_schedules WHERE enabled AND next_due <= $1 AND weak_first ORDER BY channel COLLATE "C"', [now]);
    return rows.map((r) => r.channel);
  }

  private async getIn(sql: Sql, channel: string, lock = false): Promise<DailySchedule | undefined> {
    const [r] = await sql.rows<ScheduleRow>(`SELECT * FROM daily_schedules WHERE channel = $1${lock ? ' FOR UPDATE' : ''}`, [channel]);
    return r ? scheduleFromRow(r) : undefined;
  }

  private async taken(sql: Sql, channel: string, now: number) {
    const dates = await sql.rows<{ local_date: string }>('SELECT local_date FROM daily_deliveries WHERE channel = $1 AND local_date >= $2', [channel, daysFrom(now)]);
    return channelDays(dates.map((d) => d.local_date)).taken;
  }
}
