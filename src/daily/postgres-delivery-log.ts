import type { PostgresDatabase, Sql } from '../storage/postgres-database.js';
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
  type DuePlan,
} from './delivery-log.js';
import { addDays, type LocalDate } from './local-time.js';

/**
 * DeliveryLog in PostgreSQL. `claimDue` locks the due schedules and pending deliveries with FOR UPDATE SKIP LOCKED,
 * so schedulers on several replicas split the due rows between them instead of queueing on each other, and writes
 * a tick's claims, misses and advances in a few set-based statements (unnest), not one round trip per channel.
 */
export class PostgresDeliveryLog implements DeliveryLog {
  constructor(private readonly db: PostgresDatabase) {}

  async nextWorkAt(): Promise<number | undefined> {
    const [row] = await this.db.sql.rows<{ at: number | null }>(
      `SELECT least((SELECT min(next_due) FROM daily_schedules WHERE enabled),
                    (SELECT min(retry_at) FROM daily_deliveries WHERE status IN ('claimed', 'retrying'))) AS at`,
    );
    return row?.at ?? undefined;
  }

  async claimDue({ now, instance, leaseUntil, plan }: ClaimDueInput): Promise<{ claimed: ClaimedPost[]; missed: number }> {
    // The idle tick: two index probes, no transaction. Written as min() rather than EXISTS (… <= $1): PostgreSQL
    // answers min() from the first entry of the partial index whatever its statistics say, while EXISTS was planned
    // as a scan of every schedule (6 ms at 100,000) until autovacuum analysed a freshly filled table (db:copy, a
    // bulk /daily on), as `npm run bench` showed.
    const next = await this.nextWorkAt();
    if (next === undefined || next > now) return { claimed: [], missed: 0 };
    return this.db.transaction(async (tx) => {
      const claimed: ClaimedPost[] = [];
      const due = (await tx.rows<ScheduleRow>('SELECT * FROM daily_schedules WHERE enabled AND next_due <= $1 ORDER BY next_due FOR UPDATE SKIP LOCKED', [now])).map(scheduleFromRow);
      let missed = 0;
      if (due.length) {
        const from = addDays(due.reduce((min, s) => (s.nextDate! < min ? s.nextDate! : min), due[0]!.nextDate!), -DAYS_MARGIN);
        const byChannel = new Map<string, string[]>();
        for (const r of await tx.rows<{ channel: string; local_date: string }>('SELECT channel, local_date FROM daily_deliveries WHERE channel = ANY($1::text[]) AND local_date >= $2', [due.map((s) => s.channel), from])) {
          byChannel.set(r.channel, [...(byChannel.get(r.channel) ?? []), r.local_date]);
        }
        const plans = due.map((s) => ({ s, d: plan({ ...s, nextDue: s.nextDue!, nextDate: s.nextDate! }, channelDays(byChannel.get(s.channel) ?? [])) }));
        const misses = plans.filter((p): p is { s: typeof p.s; d: Extract<DuePlan, { kind: 'missed' }> } => p.d.kind === 'missed');
        const posts = plans.filter((p): p is { s: typeof p.s; d: Extract<DuePlan, { kind: 'post' }> } => p.d.kind === 'post');
        missed = misses.length;
        if (misses.length) {
          await tx.run(
            `INSERT INTO daily_deliveries (channel, local_date, status, due_at, deadline, error, updated_at)
             SELECT channel, local_date, 'missed', due_at, deadline, 'the bot was not running within the grace window', $1
             FROM unnest($2::text[], $3::text[], $4::bigint[], $5::bigint[]) AS m(channel, local_date, due_at, deadline)
             ON CONFLICT DO NOTHING`,
            [now, misses.map((p) => p.s.channel), misses.map((p) => p.d.date), misses.map((p) => p.d.dueAt), misses.map((p) => p.d.deadline)],
          );
        }
        // The primary key decides who wins a day: a row another scheduler (or an earlier tick) made stays as it is.
        const won = new Set(
          posts.length === 0
            ? []
            : (
                await tx.rows<{ channel: string }>(
                  `INSERT INTO daily_deliveries (channel, local_date, status, concept_id, question_id, due_at, deadline, claimed_by, retry_at, updated_at)
                   SELECT channel, local_date, 'claimed', concept_id, question_id, due_at, deadline, $1, $2, $3
                   FROM unnest($4::text[], $5::text[], $6::text[], $7::text[], $8::bigint[], $9::bigint[]) AS c(channel, local_date, concept_id, question_id, due_at, deadline)
                   ON CONFLICT DO NOTHING RETURNING channel`,
                  [
                    instance,
                    leaseUntil,
                    now,
                    posts.map((p) => p.s.channel),
                    posts.map((p) => p.d.date),
                    posts.map((p) => p.d.conceptId ?? null),
                    posts.map((p) => p.d.questionId ?? null),
                    posts.map((p) => p.d.dueAt),
                    posts.map((p) => p.d.deadline),
                  ],
                )
              ).map((r) => r.channel),
        );
        // Every schedule moves to its next post; the rotation only where this tick's claim won and has a concept.
        const rotation = (p: (typeof plans)[number]) => (p.d.kind === 'post' && won.has(p.s.channel) ? p.d.rotation : undefined);
        await tx.run(
          `UPDATE daily_schedules s SET next_due = a.next_due, next_date = a.next_date,
             cycle = COALESCE(a.cycle, s.cycle), position = COALESCE(a.position, s.position), cycle_posted = COALESCE(a.posted, s.cycle_posted)
           FROM unnest($1::text[], $2::bigint[], $3::text[], $4::int[], $5::int[], $6::text[]) AS a(channel, next_due, next_date, cycle, position, posted)
           WHERE s.channel = a.channel`,
          [
            plans.map((p) => p.s.channel),
            plans.map((p) => p.d.next.at),
            plans.map((p) => p.d.next.date),
            plans.map((p) => rotation(p)?.cycle ?? null),
            plans.map((p) => rotation(p)?.position ?? null),
            plans.map((p) => {
              const posted = rotation(p)?.posted;
              return posted ? JSON.stringify(posted) : null;
            }),
          ],
        );
        const empty = posts.filter((p) => won.has(p.s.channel) && !p.d.rotation);
        if (empty.length) {
          await tx.run(
            `UPDATE daily_deliveries d SET status = 'failed', retry_at = NULL, error = $1, fix = $2, updated_at = $3
             FROM unnest($4::text[], $5::text[]) AS e(channel, local_date) WHERE d.channel = e.channel AND d.local_date = e.local_date`,
            [NO_CONCEPT.error, NO_CONCEPT.fix, now, empty.map((p) => p.s.channel), empty.map((p) => p.d.date)],
          );
        }
        for (const p of posts) if (won.has(p.s.channel) && p.d.rotation) claimed.push({ channel: p.s.channel, date: p.d.date, deadline: p.d.deadline, attempts: 0, ...ids(p.d) });
      }
      const pending = await tx.rows<DeliveryRow & { enabled: boolean | null }>(
        `SELECT d.*, s.enabled FROM daily_deliveries d LEFT JOIN daily_schedules s ON s.channel = d.channel
         WHERE d.status IN ('claimed', 'retrying') AND d.retry_at <= $1 ORDER BY d.retry_at FOR UPDATE OF d SKIP LOCKED`,
        [now],
      );
      for (const row of pending) {
        const p = deliveryFromRow(row);
        const decision = decidePending(p, row.enabled === true, now);
        if (decision.kind === 'fail') {
          await this.failIn(tx, p.channel, p.date, decision.error, null, now);
          continue;
        }
        const taken = await tx.run(
          `UPDATE daily_deliveries SET status = 'claimed', claimed_by = $1, retry_at = $2, updated_at = $3
           WHERE channel = $4 AND local_date = $5 AND status IN ('claimed', 'retrying') AND retry_at <= $3`,
          [instance, leaseUntil, now, p.channel, p.date],
        );
        if (taken === 1) claimed.push({ channel: p.channel, date: p.date, deadline: p.deadline, attempts: p.attempts, ...ids(p) });
      }
      return { claimed, missed };
    });
  }

  async markSending(channel: string, date: LocalDate, instance: string, now: number): Promise<boolean> {
    const n = await this.db.sql.run(
      `UPDATE daily_deliveries SET status = 'sending', retry_at = NULL, attempts = attempts + 1, updated_at = $1
       WHERE channel = $2 AND local_date = $3 AND status = 'claimed' AND claimed_by = $4`,
      [now, channel, date, instance],
    );
    return n === 1;
  }

  async markSent(channel: string, date: LocalDate, messageId: string, now: number): Promise<void> {
    await this.db.sql.run("UPDATE daily_deliveries SET status = 'sent', message_id = $1, sent_at = $2, error = NULL, fix = NULL, updated_at = $2 WHERE channel = $3 AND local_date = $4", [
      messageId,
      now,
      channel,
      date,
    ]);
  }

  async markRetry(channel: string, date: LocalDate, retryAt: number, error: string, now: number): Promise<void> {
    await this.db.sql.run("UPDATE daily_deliveries SET status = 'retrying', retry_at = $1, error = $2, updated_at = $3 WHERE channel = $4 AND local_date = $5", [retryAt, error, now, channel, date]);
  }

  async markFailed(channel: string, date: LocalDate, error: string, fix: string | null, now: number): Promise<void> {
    await this.failIn(this.db.sql, channel, date, error, fix, now);
  }

  async handBack(instance: string, now: number): Promise<void> {
    await this.db.sql.run("UPDATE daily_deliveries SET retry_at = $1 WHERE status = 'claimed' AND claimed_by = $2", [now, instance]);
  }

  async get(channel: string, date: LocalDate): Promise<Delivery | undefined> {
    const [r] = await this.db.sql.rows<DeliveryRow>('SELECT * FROM daily_deliveries WHERE channel = $1 AND local_date = $2', [channel, date]);
    return r ? deliveryFromRow(r) : undefined;
  }

  async recent(channel: string, limit = 5): Promise<Delivery[]> {
    return (await this.db.sql.rows<DeliveryRow>('SELECT * FROM daily_deliveries WHERE channel = $1 ORDER BY local_date DESC LIMIT $2', [channel, limit])).map(deliveryFromRow);
  }

  async days(channel: string, from: LocalDate): Promise<ChannelDays> {
    const rows = await this.db.sql.rows<{ local_date: string }>('SELECT local_date FROM daily_deliveries WHERE channel = $1 AND local_date >= $2', [channel, from]);
    return channelDays(rows.map((r) => r.local_date));
  }

  private async failIn(sql: Sql, channel: string, date: LocalDate, error: string, fix: string | null, now: number): Promise<void> {
    await sql.run("UPDATE daily_deliveries SET status = 'failed', retry_at = NULL, error = $1, fix = $2, updated_at = $3 WHERE channel = $4 AND local_date = $5", [error, fix, now, channel, date]);
  }
}
