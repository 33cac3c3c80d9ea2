import type { Db } from '../storage/sqlite-database.js';
import { PRUNE_EVERY_MS, type SlackReceipts } from './slack-receipts.js';

/** SlackReceipts in the bot's SQLite database (migration 008-slack-receipts.sql). */
export class SqliteSlackReceipts implements SlackReceipts {
  private readonly insert;
  private readonly prune;
  private prunedAt = 0;

  constructor(db: Db) {
    // An expired row is taken over in the same statement, so a key can be claimed again once its hold ends
    // even before the row is pruned; while it holds, the update's WHERE is false and nothing changes.
    this.insert = db.prepare(
      `INSERT INTO slack_receipts (key, received_at, expires_at) VALUES (?, ?, ?)
       ON CONFLICT (key) DO UPDATE SET received_at = excluded.received_at, expires_at = excluded.expires_at
       WHERE slack_receipts.expires_at <= excluded.received_at`,
    );
    this.prune = db.prepare('DELETE FROM slack_receipts WHERE expires_at <= ?');
  }

  async claim(key: string, nowMs: number, holdMs: number): Promise<boolean> {
    if (nowMs - this.prunedAt >= PRUNE_EVERY_MS) {
      this.prune.run(nowMs);
      this.prunedAt = nowMs;
    }
    return this.insert.run(key, nowMs, nowMs + holdMs).changes === 1;
  }
}
