import type { PostgresDatabase } from '../storage/postgres-database.js';
import { PRUNE_EVERY_MS, type SlackReceipts } from './slack-receipts.js';

/** SlackReceipts in PostgreSQL: the same single upsert as SQLite, so replicas sharing the database act once. */
export class PostgresSlackReceipts implements SlackReceipts {
  private prunedAt = 0;

  constructor(private readonly db: PostgresDatabase) {}

  async claim(key: string, nowMs: number, holdMs: number): Promise<boolean> {
    if (nowMs - this.prunedAt >= PRUNE_EVERY_MS) {
      this.prunedAt = nowMs;
      await this.db.sql.run('DELETE FROM slack_receipts WHERE expires_at <= $1', [nowMs]);
    }
    const n = await this.db.sql.run(
      `INSERT INTO slack_receipts (key, received_at, expires_at) VALUES ($1, $2, $3)
       ON CONFLICT (key) DO UPDATE SET received_at = excluded.received_at, expires_at = excluded.expires_at
       WHERE slack_receipts.expires_at <= excluded.received_at`,
      [key, nowMs, nowMs + holdMs],
    );
    return n === 1;
  }
}
