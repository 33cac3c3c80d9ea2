import { afterEach, describe, expect, it } from 'vitest';
import { PostgresDatabase, POSTGRES_MIGRATIONS_DIR } from '../../src/storage/postgres-database.js';
import { migrateSqlite, migrationNames, SQLITE_MIGRATIONS_DIR } from '../../src/storage/sqlite-database.js';
import { freshPostgresDatabase, storages } from '../support/postgres.js';

const db = storages();
const drops: (() => Promise<void>)[] = [];
afterEach(async () => {
  await db.closeAll();
  for (const d of drops.splice(0)) await d();
});

describe('the migrations', () => {
  it('have the same file names for SQLite and PostgreSQL, so both schemas move in step', () => {
    expect(migrationNames(POSTGRES_MIGRATIONS_DIR)).toEqual(migrationNames(SQLITE_MIGRATIONS_DIR));
    expect(migrationNames(SQLITE_MIGRATIONS_DIR).length).toBeGreaterThanOrEqual(8);
  });

  it('give both engines the same tables and columns', async () => {
    const sqlite = await db.open('sqlite');
    const pg = await db.open('postgres');
    const liteTables = sqlite.db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").pluck().all() as string[];
    const lite = Object.fromEntries(liteTables.map((t) => [t, (sqlite.db.prepare(`SELECT name FROM pragma_table_info(?) ORDER BY name`).pluck().all(t) as string[])]));
    const rows = await pg.db.sql.rows<{ table_name: string; column_name: string }>(
      "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'public' ORDER BY table_name, column_name COLLATE \"C\"",
    );
    const post: Record<string, string[]> = {};
    for (const r of rows) (post[r.table_name] ??= []).push(r.column_name);
    expect(post).toEqual(lite);
  });

  it('store epoch milliseconds in BIGINT on PostgreSQL (INTEGER would overflow in January 1970)', async () => {
    const pg = await db.open('postgres');
    const times = await pg.db.sql.rows<{ column: string; data_type: string }>(
      `SELECT table_name || '.' || column_name AS column, data_type FROM information_schema.columns
       WHERE table_schema = 'public' AND (column_name LIKE '%\\_at' OR column_name IN ('deadline', 'next_due', 'due_at', 'retry_at'))
         AND table_name NOT IN ('schema_migrations', 'ops_health', 'channels') ORDER BY 1`,
    );
    expect(times.length).toBeGreaterThanOrEqual(15);
    expect(times.filter((t) => t.data_type !== 'bigint')).toEqual([]);
  });

  it('are applied once on SQLite: opening the database again applies nothing', async () => {
    const sqlite = await db.open('sqlite');
    expect(migrateSqlite(sqlite.db)).toEqual([]);
  });

  it('are applied once on PostgreSQL when six processes start on an empty database together', async () => {
    const fresh = await freshPostgresDatabase();
    drops.push(fresh.drop);
    const opening = Array.from({ length: 6 }, () => PostgresDatabase.open({ url: fresh.url, poolSize: 2, statementTimeoutMs: 10_000, onIdleError: () => {}, migrationsDir: POSTGRES_MIGRATIONS_DIR }));
    const settled = await Promise.allSettled(opening);
    const opened = settled.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
    try {
      expect(settled.filter((r) => r.status === 'rejected').map((r) => String((r as PromiseRejectedResult).reason))).toEqual([]);
      const applied = await opened[0]!.sql.rows<{ name: string }>('SELECT name FROM schema_migrations ORDER BY name');
      expect(applied.map((r) => r.name)).toEqual(migrationNames(POSTGRES_MIGRATIONS_DIR));
      // Each migration ran in exactly one of the six: a second run of an ALTER TABLE ADD COLUMN would have failed.
      expect((await Promise.all(opened.map((d) => d.migrate()))).flat()).toEqual([]);
    } finally {
      await Promise.all(opened.map((d) => d.close()));
    }
  });
});
