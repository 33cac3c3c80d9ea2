import type { Db } from '../storage/sqlite-database.js';
import { scheduleFromRow, type ScheduleRow } from './daily-store.js';
import {
  channelDays,
  decidePending,
  deliveryFromRow,
  ids,
  DAYS_MARGIN,
  NO_CONCEPT,
  type ChannelDays,
  type ClaimDueInput,
  type ClaimedPost,
  type Delivery,
  type DeliveryLog,
  type DeliveryRow,
} from './delivery-log.js';
import { addDays, type LocalDate } from './local-time.js';

/**
 * DeliveryLog in SQLite. `claimDue` is one synchronous IMMEDIATE transaction: the write lock is taken before the
 * due rows are read, so two processes sharing the file cannot both see a row as due; nothing is awaited inside.
 */
export class SqliteDeliveryLog implements DeliveryLog {
  private readonly q;

  constructor(private readonly db: Db) {
    this.q = {
      // Both conditions match the partial index, so the planner uses it.
      due: db.prepare<[number], ScheduleRow>('SELECT * FROM daily_schedules WHERE enabled = 1 AND next_due <= ? ORDER BY next_due'),
      nextDue: db.prepare<[], number | null>('SELECT min(next_due) FROM daily_schedules WHERE enabled = 1').pluck(),
      enabled: db.prepare<[string], number>('SELECT enabled FROM daily_schedules WHERE channel = ?').pluck(),
      advance: db.prepare('UPDATE daily_schedules SET next_due = ?, next_date = ?, cycle = ?, position = ?, cycle_posted = COALESCE(?, cycle_posted) WHERE channel = ?'),
      skip: db.prepare('UPDATE daily_schedules SET next_due = ?, next_date = ? WHERE channel = ?'),
      claim: db.prepare(
        `INSERT INTO daily_deliveries (channel, local_date, status, concept_id, question_id, due_at, deadline, claimed_by, retry_at, updated_at)
         VALUES (?, ?, 'claimed', ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT DO NOTHING`,
      ),
      missed: db.prepare(
        `INSERT INTO daily_deliveries (channel, local_date, status, due_at, deadline, error, updated_at)
         VALUES (?, ?, 'missed', ?, ?, 'the bot was not running within the grace window', ?) ON CONFLICT DO NOTHING`,
      ),
      pending: db.prepare<[number], DeliveryRow>("SELECT * FROM daily_deliveries WHERE status IN ('claimed', 'retrying') AND retry_at <= ? ORDER BY retry_at"),
      nextPending: db.prepare<[], number | null>("SELECT min(retry_at) FROM daily_deliveries WHERE status IN ('claimed', 'retrying')").pluck(),
      takeOver: db.prepare(
        `UPDATE daily_deliveries SET status = 'claimed', claimed_by = @instance, retry_at = @leaseUntil, updated_at = @now
         WHERE channel = @channel AND local_date = @date AND status IN ('claimed', 'retrying') AND retry_at <= @now`,
      ),
      sending: db.prepare(
        `UPDATE daily_deliveries SET status = 'sending', retry_at = NULL, attempts = attempts + 1, updated_at = @now
         WHERE channel = @channel AND local_date = @date AND status = 'claimed' AND claimed_by = @instance`,
      ),
      sent: db.prepare("UPDATE daily_deliveries SET status = 'sent', message_id = ?, sent_at = ?, error = NULL, fix = NULL, updated_at = ? WHERE channel = ? AND local_date = ?"),
      retry: db.prepare("UPDATE daily_deliveries SET status = 'retrying', retry_at = ?, error = ?, updated_at = ? WHERE channel = ? AND local_date = ?"),
      failed: db.prepare("UPDATE daily_deliveries SET status = 'failed', retry_at = NULL, error = ?, fix = ?, updated_at = ? WHERE channel = ? AND local_date = ?"),
      get: db.prepare<[string, string], DeliveryRow>('SELECT * FROM daily_deliveries WHERE channel = ? AND local_date = ?'),
      recent: db.prepare<[string, number], DeliveryRow>('SELECT * FROM daily_deliveries WHERE channel = ? ORDER BY local_date DESC LIMIT ?'),
      days: db.prepare<[string, string], string>('SELECT local_date FROM daily_deliveries WHERE channel = ? AND local_date >= ?').pluck(),
      handBack: db.prepare("UPDATE daily_deliveries SET retry_at = ? WHERE status = 'claimed' AND claimed_by = ?"),
    };
  }

  async nextWorkAt(): Promise<number | undefined> {
    return this.nextWorkAtSync();
  }

  /** nextWorkAt, for use inside synchronous code: the two partial indexes' first entries. */
  private nextWorkAtSync(): number | undefined {
    const times = [this.q.nextDue.get(), this.q.nextPending.get()].filter((t): t is number => typeof t === 'number');
    return times.length ? Math.min(...times) : undefined;
  }

  async claimDue({ now, instance, leaseUntil, plan }: ClaimDueInput): Promise<{ claimed: ClaimedPost[]; missed: number }> {
    const { q } = this;
    const next = this.nextWorkAtSync();
    if (next === undefined || next > now) return { claimed: [], missed: 0 };
    return this.db.transaction(() => {
      const claimed: ClaimedPost[] = [];
      let missed = 0;
      for (const row of q.due.all(now)) {
        const s = scheduleFromRow(row);
        const d = plan({ ...s, nextDue: s.nextDue!, nextDate: s.nextDate! }, this.daysSync(s.channel, addDays(s.nextDate!, -DAYS_MARGIN)));
        if (d.kind === 'missed') {
          q.missed.run(s.channel, d.date, d.dueAt, d.deadline, now);
          q.skip.run(d.next.at, d.next.date, s.channel);
          missed += 1;
          continue;
        }
        const won = q.claim.run(s.channel, d.date, d.conceptId ?? null, d.questionId ?? null, d.dueAt, d.deadline, instance, leaseUntil, now).changes === 1;
        if (won && d.rotation) q.advance.run(d.next.at, d.next.date, d.rotation.cycle, d.rotation.position, d.rotation.posted ? JSON.stringify(d.rotation.posted) : null, s.channel);
        else q.skip.run(d.next.at, d.next.date, s.channel);
        if (!won) continue;
        if (!d.rotation) {
          q.failed.run(NO_CONCEPT.error, NO_CONCEPT.fix, now, s.channel, d.date);
          continue;
        }
        claimed.push({ channel: s.channel, date: d.date, deadline: d.deadline, attempts: 0, ...ids(d) });
      }
      for (const row of q.pending.all(now)) {
        const p = deliveryFromRow(row);
        const decision = decidePending(p, q.enabled.get(p.channel) === 1, now);
        if (decision.kind === 'fail') {
          q.failed.run(decision.error, null, now, p.channel, p.date);
          continue;
        }
        if (q.takeOver.run({ channel: p.channel, date: p.date, instance, leaseUntil, now }).changes !== 1) continue;
        claimed.push({ channel: p.channel, date: p.date, deadline: p.deadline, attempts: p.attempts, ...ids(p) });
      }
      return { claimed, missed };
    }).immediate();
  }

  async markSending(channel: string, date: LocalDate, instance: string, now: number): Promise<boolean> {
    return this.q.sending.run({ channel, date, instance, now }).changes === 1;
  }

  async markSent(channel: string, date: LocalDate, messageId: string, now: number): Promise<void> {
    this.q.sent.run(messageId, now, now, channel, date);
  }

  async markRetry(channel: string, date: LocalDate, retryAt: number, error: string, now: number): Promise<void> {
    this.q.retry.run(retryAt, error, now, channel, date);
  }

  async markFailed(channel: string, date: LocalDate, error: string, fix: string | null, now: number): Promise<void> {
    this.q.failed.run(error, fix, now, channel, date);
  }

  async handBack(instance: string, now: number): Promise<void> {
    this.q.handBack.run(now, instance);
  }

  async get(channel: string, date: LocalDate): Promise<Delivery | undefined> {
    const r = this.q.get.get(channel, date);
    return r ? deliveryFromRow(r) : undefined;
  }

  async recent(channel: string, limit = 5): Promise<Delivery[]> {
    return this.q.recent.all(channel, limit).map(deliveryFromRow);
  }

  async days(channel: string, from: LocalDate): Promise<ChannelDays> {
    return this.daysSync(channel, from);
  }

  private daysSync(channel: string, from: LocalDate): ChannelDays {
    return channelDays(this.q.days.all(channel, from));
  }
}

