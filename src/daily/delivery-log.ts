import type { Db } from '../storage/database.js';
import type { LocalDate } from './local-time.js';

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

interface Row {
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

function fromRow(r: Row): Delivery {
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

export interface ClaimInput {
  channel: string;
  date: LocalDate;
  dueAt: number;
  deadline: number;
  conceptId?: string;
  questionId?: string;
  instance: string;
  leaseUntil: number;
  now: number;
}

/**
 * The record of every daily post: claimed before sending (the primary key makes a second claim for the same
 * channel and day a no-op), then sending → sent, retrying, or failed. A row left in `sending` by a killed process
 * is never sent again: the platform may already have it, and twice is worse than once late.
 */
export class DeliveryLog {
  private readonly claimStmt;
  private readonly missedStmt;
  private readonly pendingStmt;
  private readonly anyPendingStmt;
  private readonly takeOverStmt;
  private readonly sendingStmt;
  private readonly sentStmt;
  private readonly retryStmt;
  private readonly failedStmt;
  private readonly getStmt;
  private readonly recentStmt;
  private readonly lastDateStmt;
  private readonly handBackStmt;

  constructor(db: Db) {
    this.claimStmt = db.prepare(
      `INSERT INTO daily_deliveries (channel, local_date, status, concept_id, question_id, due_at, deadline, claimed_by, retry_at, updated_at)
       VALUES (?, ?, 'claimed', ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT DO NOTHING`,
    );
    this.missedStmt = db.prepare(
      `INSERT INTO daily_deliveries (channel, local_date, status, due_at, deadline, error, updated_at)
       VALUES (?, ?, 'missed', ?, ?, 'the bot was not running within the grace window', ?) ON CONFLICT DO NOTHING`,
    );
    this.pendingStmt = db.prepare<[number], Row>(
      "SELECT * FROM daily_deliveries WHERE status IN ('claimed', 'retrying') AND retry_at <= ? ORDER BY retry_at",
    );
    this.anyPendingStmt = db.prepare<[number], number>(
      "SELECT 1 FROM daily_deliveries WHERE status IN ('claimed', 'retrying') AND retry_at <= ? LIMIT 1",
    ).pluck();
    this.takeOverStmt = db.prepare(
      `UPDATE daily_deliveries SET status = 'claimed', claimed_by = @instance, retry_at = @leaseUntil, updated_at = @now
       WHERE channel = @channel AND local_date = @date AND status IN ('claimed', 'retrying') AND retry_at <= @now`,
    );
    this.sendingStmt = db.prepare(
      `UPDATE daily_deliveries SET status = 'sending', retry_at = NULL, attempts = attempts + 1, updated_at = @now
       WHERE channel = @channel AND local_date = @date AND status = 'claimed' AND claimed_by = @instance`,
    );
    this.sentStmt = db.prepare(
      "UPDATE daily_deliveries SET status = 'sent', message_id = ?, sent_at = ?, error = NULL, fix = NULL, updated_at = ? WHERE channel = ? AND local_date = ?",
    );
    this.retryStmt = db.prepare(
      "UPDATE daily_deliveries SET status = 'retrying', retry_at = ?, error = ?, updated_at = ? WHERE channel = ? AND local_date = ?",
    );
    this.failedStmt = db.prepare(
      "UPDATE daily_deliveries SET status = 'failed', retry_at = NULL, error = ?, fix = ?, updated_at = ? WHERE channel = ? AND local_date = ?",
    );
    this.getStmt = db.prepare<[string, string], Row>('SELECT * FROM daily_deliveries WHERE channel = ? AND local_date = ?');
    this.recentStmt = db.prepare<[string, number], Row>('SELECT * FROM daily_deliveries WHERE channel = ? ORDER BY local_date DESC LIMIT ?');
    this.lastDateStmt = db.prepare<[string], string>('SELECT max(local_date) FROM daily_deliveries WHERE channel = ?').pluck();
    this.handBackStmt = db.prepare("UPDATE daily_deliveries SET retry_at = ? WHERE status = 'claimed' AND claimed_by = ?");
  }

  /** True if this call claimed the day; false if some process already had. Run inside the caller's transaction. */
  claim(c: ClaimInput): boolean {
    return this.claimStmt.run(c.channel, c.date, c.conceptId ?? null, c.questionId ?? null, c.dueAt, c.deadline, c.instance, c.leaseUntil, c.now).changes === 1;
  }

  recordMissed(channel: string, date: LocalDate, dueAt: number, deadline: number, now: number): void {
    this.missedStmt.run(channel, date, dueAt, deadline, now);
  }

  anyPending(now: number): boolean {
    return this.anyPendingStmt.get(now) !== undefined;
  }

  /** Claims whose holder's lease ran out (it died before sending) and retries whose time has come. */
  pending(now: number): Delivery[] {
    return this.pendingStmt.all(now).map(fromRow);
  }

  takeOver(channel: string, date: LocalDate, instance: string, leaseUntil: number, now: number): boolean {
    return this.takeOverStmt.run({ channel, date, instance, leaseUntil, now }).changes === 1;
  }

  /** The last step before the platform sees the post; false if another instance took the claim over. */
  markSending(channel: string, date: LocalDate, instance: string, now: number): boolean {
    return this.sendingStmt.run({ channel, date, instance, now }).changes === 1;
  }

  markSent(channel: string, date: LocalDate, messageId: string, now: number): void {
    this.sentStmt.run(messageId, now, now, channel, date);
  }

  markRetry(channel: string, date: LocalDate, retryAt: number, error: string, now: number): void {
    this.retryStmt.run(retryAt, error, now, channel, date);
  }

  markFailed(channel: string, date: LocalDate, error: string, fix: string | null, now: number): void {
    this.failedStmt.run(error, fix, now, channel, date);
  }

  /** At shutdown: this instance's unsent claims become due at `now`, so the next start sends them at once. */
  handBack(instance: string, now: number): void {
    this.handBackStmt.run(now, instance);
  }

  get(channel: string, date: LocalDate): Delivery | undefined {
    const r = this.getStmt.get(channel, date);
    return r ? fromRow(r) : undefined;
  }

  /** The latest local date the channel has a row for (any status), if any. */
  lastDate(channel: string): LocalDate | undefined {
    return this.lastDateStmt.get(channel) ?? undefined;
  }

  /**
   * The dates a new post can no longer be for: any row, whatever its status, makes a claim for that
   * (channel, date) a no-op, so the schedule must not promise it.
   */
  takenDates(channel: string): (date: LocalDate) => boolean {
    return (date) => this.getStmt.get(channel, date) !== undefined;
  }

  recent(channel: string, limit = 5): Delivery[] {
    return this.recentStmt.all(channel, limit).map(fromRow);
  }
}
