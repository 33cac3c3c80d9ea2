import type { Platform } from '../core/channel-id.js';
import type { PostgresDatabase } from '../storage/postgres-database.js';
import { channelPatterns, type QuizLease, type QuizLeases } from './quiz-leases.js';

// The update's WHERE is the whole rule: free, ended, or already ours. INSERT … ON CONFLICT DO UPDATE locks the
// conflicting row and evaluates the WHERE on its latest committed version, so of two processes taking one ended
// lease at once, the second sees the first's new expiry and changes nothing.
const TAKE = `ON CONFLICT (session_id) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at
  WHERE quiz_leases.holder = excluded.holder OR quiz_leases.expires_at <= $3`;

/** QuizLeases in PostgreSQL (migration 010-quiz-leases.sql). */
export class PostgresQuizLeases implements QuizLeases {
  constructor(private readonly db: PostgresDatabase) {}

  async acquire(sessionId: number, holder: string, now: number, ttlMs: number): Promise<boolean> {
    const n = await this.db.sql.run(`INSERT INTO quiz_leases (session_id, holder, expires_at) VALUES ($1, $2, $4) ${TAKE}`, [sessionId, holder, now, now + ttlMs]);
    return n === 1;
  }

  async claim(holder: string, platforms: readonly Platform[], now: number, ttlMs: number): Promise<number[]> {
    return this.db.transaction(async (tx) => {
      await tx.run(
        "DELETE FROM quiz_leases l WHERE holder = $1 AND NOT EXISTS (SELECT 1 FROM quiz_sessions s WHERE s.id = l.session_id AND s.status = 'running')",
        [holder],
      );
      // ORDER BY id: every process locks lease rows in the same order, so concurrent claims cannot deadlock.
      const rows = await tx.rows<{ session_id: number }>(
        `INSERT INTO quiz_leases (session_id, holder, expires_at)
         SELECT id, $2, $4 FROM quiz_sessions WHERE status = 'running' AND channel LIKE ANY($1::text[]) ORDER BY id
         ${TAKE}
         RETURNING session_id`,
        [channelPatterns(platforms), holder, now, now + ttlMs],
      );
      return rows.map((r) => r.session_id).sort((a, b) => a - b);
    });
  }

  async release(holder: string, sessionId?: number): Promise<void> {
    if (sessionId === undefined) await this.db.sql.run('DELETE FROM quiz_leases WHERE holder = $1', [holder]);
    else await this.db.sql.run('DELETE FROM quiz_leases WHERE holder = $1 AND session_id = $2', [holder, sessionId]);
  }

  async lease(sessionId: number): Promise<QuizLease | undefined> {
    const [row] = await this.db.sql.rows<{ holder: string; expires_at: number }>('SELECT holder, expires_at FROM quiz_leases WHERE session_id = $1', [sessionId]);
    return row ? { holder: row.holder, expiresAt: row.expires_at } : undefined;
  }
}
