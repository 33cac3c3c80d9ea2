import type { Platform } from '../core/channel-id.js';
import type { Db } from '../storage/sqlite-database.js';
import { channelPatterns, type QuizLease, type QuizLeases } from './quiz-leases.js';

/** QuizLeases in SQLite (migration 010-quiz-leases.sql): each method one statement or one IMMEDIATE transaction. */
export class SqliteQuizLeases implements QuizLeases {
  private readonly q;

  constructor(private readonly db: Db) {
    // The update's WHERE is the whole rule: free, ended, or already ours. Otherwise nothing changes.
    const take = `ON CONFLICT (session_id) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at
       WHERE quiz_leases.holder = excluded.holder OR quiz_leases.expires_at <= @now`;
    this.q = {
      acquire: db.prepare(`INSERT INTO quiz_leases (session_id, holder, expires_at) VALUES (@id, @holder, @until) ${take}`),
      dropEnded: db.prepare(
        "DELETE FROM quiz_leases WHERE holder = ? AND session_id NOT IN (SELECT id FROM quiz_sessions WHERE status = 'running')",
      ),
      claim: db.prepare<{ holder: string; until: number; now: number; patterns: string }, { session_id: number }>(
        `INSERT INTO quiz_leases (session_id, holder, expires_at)
         SELECT id, @holder, @until FROM quiz_sessions
         WHERE status = 'running' AND EXISTS (SELECT 1 FROM json_each(@patterns) p WHERE quiz_sessions.channel LIKE p.value)
         ORDER BY id
         ${take}
         RETURNING session_id`,
      ),
      releaseOne: db.prepare('DELETE FROM quiz_leases WHERE holder = ? AND session_id = ?'),
      releaseAll: db.prepare('DELETE FROM quiz_leases WHERE holder = ?'),
      lease: db.prepare<[number], { holder: string; expires_at: number }>('SELECT holder, expires_at FROM quiz_leases WHERE session_id = ?'),
    };
  }

  async acquire(sessionId: number, holder: string, now: number, ttlMs: number): Promise<boolean> {
    return this.q.acquire.run({ id: sessionId, holder, until: now + ttlMs, now }).changes === 1;
  }

  async claim(holder: string, platforms: readonly Platform[], now: number, ttlMs: number): Promise<number[]> {
    return this.db
      .transaction(() => {
        this.q.dropEnded.run(holder);
        const rows = this.q.claim.all({ holder, until: now + ttlMs, now, patterns: JSON.stringify(channelPatterns(platforms)) });
        return rows.map((r) => r.session_id).sort((a, b) => a - b);
      })
      .immediate();
  }

  async release(holder: string, sessionId?: number): Promise<void> {
    if (sessionId === undefined) this.q.releaseAll.run(holder);
    else this.q.releaseOne.run(holder, sessionId);
  }

  async lease(sessionId: number): Promise<QuizLease | undefined> {
    const row = this.q.lease.get(sessionId);
    return row ? { holder: row.holder, expiresAt: row.expires_at } : undefined;
  }
}
