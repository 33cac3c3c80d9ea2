import { afterEach, describe, expect, it, vi } from 'vitest';
import { IDLE_CONNECTION_MS, type PostgresDatabase } from '../src/storage/postgres-database.js';
import { storages } from './support/postgres.js';

const db = storages();
afterEach(async () => {
  vi.useRealTimers();
  await db.closeAll();
});

/** Opens `n` connections at once (as a burst of clicks would) and returns them to the pool. */
async function burst(pg: PostgresDatabase, n: number): Promise<void> {
  await Promise.all(Array.from({ length: n }, () => pg.sql.rows('SELECT pg_sleep(0.05)')));
}

describe('PostgreSQL connection pool', () => {
  it('keeps a burst’s connections open through the quiet between two questions, and closes them after two minutes idle', async () => {
    const s = await db.open('postgres');
    // Timers on a fake clock from here (the pool's idle timers among them); the connections and queries stay real.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    await burst(s.db, 4);
    expect(s.db.pool.idleCount).toBe(4);
    vi.advanceTimersByTime(60_000);
    expect(s.db.pool.idleCount).toBe(4);
    vi.advanceTimersByTime(IDLE_CONNECTION_MS - 60_000);
    expect(s.db.pool.totalCount).toBe(0);
  });
});
