import type { Db } from '../storage/sqlite-database.js';
import { NoScheduleError, scheduleFromRow, type DailySchedule, type DailyStore, type EnableRequest, type ScheduleRow } from './daily-store.js';
import { channelDays, daysFrom } from './delivery-log.js';
import { firstPostFrom } from './due-planner.js';
import type { RotationOrder } from './rotation.js';
import { EVERY_DAY, type Weekdays } from './weekdays.js';

/** DailyStore in SQLite: each change one synchronous IMMEDIATE transaction (read, plan, write), nothing awaited inside. */
export class SqliteDailyStore implements DailyStore {
  private readonly q;

  constructor(private readonly db: Db) {
    this.q = {
      get: db.prepare<[string], ScheduleRow>('SELECT * FROM daily_schedules WHERE channel = ?'),
      days: db.prepare<[string, string], string>('SELECT local_date FROM daily_deliveries WHERE channel = ? AND local_date >= ?').pluck(),
      upsert: db.prepare(
        `INSERT INTO daily_schedules (channel, enabled, time_of_day, timezone, seed, next_due, next_date, updated_by, updated_at)
         VALUES (@channel, 1, @timeOfDay, @timezone, @seed, @nextDue, @nextDate, @by, @now)
         ON CONFLICT (channel) DO UPDATE SET enabled = 1, time_of_day = @timeOfDay, timezone = @timezone,
           next_due = @nextDue, next_date = @nextDate, updated_by = @by, updated_at = @now`,
      ),
      disable: db.prepare('UPDATE daily_schedules SET enabled = 0, next_due = NULL, next_date = NULL, updated_by = ?, updated_at = ? WHERE channel = ? AND enabled = 1'),
      weekdays: db.prepare('UPDATE daily_schedules SET weekdays = ?, next_due = ?, next_date = ?, updated_by = ?, updated_at = ? WHERE channel = ?'),
      chapters: db.prepare("UPDATE daily_schedules SET chapters = ?, cycle = cycle + 1, position = 0, cycle_posted = '[]', updated_by = ?, updated_at = ? WHERE channel = ?"),
      order: db.prepare("UPDATE daily_schedules SET rotation_order = ?, weak_first = ?, cycle = cycle + 1, position = 0, cycle_posted = '[]', updated_by = ?, updated_at = ? WHERE channel = ?"),
      // No ORDER BY: with one, SQLite walks the primary key (every schedule, ~14 ms at 100,000 channels) instead of
      // the due index; the few due channels are sorted in JS.
      weakFirstDue: db.prepare<[number], string>('SELECT channel FROM daily_schedules WHERE enabled = 1 AND next_due <= ? AND weak_first = 1').pluck(),
    };
  }

  async get(channel: string): Promise<DailySchedule | undefined> {
    return this.getSync(channel);
  }

  async enable(r: EnableRequest): Promise<DailySchedule> {
    return this.db.transaction(() => {
      const weekdays = this.getSync(r.channel)?.weekdays ?? EVERY_DAY;
      const next = firstPostFrom({ timeOfDay: r.timeOfDay, timezone: r.timezone, weekdays }, r.now, this.taken(r.channel, r.now))!;
      this.q.upsert.run({ channel: r.channel, timeOfDay: r.timeOfDay, timezone: r.timezone, seed: r.seed, nextDue: next.at, nextDate: next.date, by: r.by, now: r.now });
      return this.getSync(r.channel)!;
    }).immediate();
  }

  async disable(channel: string, by: string, now: number): Promise<boolean> {
    return this.q.disable.run(by, now, channel).changes === 1;
  }

  async setWeekdays(channel: string, weekdays: Weekdays, by: string, now: number): Promise<DailySchedule> {
    return this.db.transaction(() => {
      const s = this.getSync(channel);
      if (!s) throw new NoScheduleError(channel);
      const next = s.enabled ? firstPostFrom({ ...s, weekdays }, now, this.taken(channel, now)) : undefined;
      this.q.weekdays.run(weekdays, next?.at ?? null, next?.date ?? null, by, now, channel);
      return this.getSync(channel)!;
    }).immediate();
  }

  async setChapters(channel: string, chapters: number[], by: string, now: number): Promise<void> {
    if (this.q.chapters.run(JSON.stringify(chapters), by, now, channel).changes === 0) throw new NoScheduleError(channel);
  }

  async setOrder(channel: string, order: RotationOrder, by: string, now: number, weakFirst = false): Promise<void> {
    if (this.q.order.run(order, weakFirst ? 1 : 0, by, now, channel).changes === 0) throw new NoScheduleError(channel);
  }

  async weakFirstDue(now: number): Promise<string[]> {
    return this.q.weakFirstDue.all(now).sort();
  }

  private getSync(channel: string): DailySchedule | undefined {
    const r = this.q.get.get(channel);
    return r ? scheduleFromRow(r) : undefined;
  }

  private taken(channel: string, now: number) {
    return channelDays(this.q.days.all(channel, daysFrom(now))).taken;
  }
}
