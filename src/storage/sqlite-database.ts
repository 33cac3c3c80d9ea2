import Database from 'better-sqlite3';
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { packageRoot } from '../package-root.js';

export type Db = Database.Database;

/** Plain-SQL migrations for SQLite, applied in file-name order, each once, each in its own transaction. */
export const SQLITE_MIGRATIONS_DIR = resolve(packageRoot(), 'src/storage/migrations/sqlite');

/**
 * Opens (creating if needed) the bot's SQLite database: WAL so readers never block the writer, a busy timeout so
 * two processes sharing the file wait instead of failing, foreign keys on. `:memory:` works for tests. Applies the
 * migrations not yet applied. Throws better-sqlite3's error (with its SQLITE_* `code`) when the file cannot be
 * opened or is damaged; `databaseOpenAdvice` turns that into words for the operator.
 */
export function openSqliteDatabase(path: string, migrationsDir = SQLITE_MIGRATIONS_DIR): Db {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('busy_timeout = 5000');
  db.pragma('foreign_keys = ON');
  db.pragma('synchronous = NORMAL');
  migrateSqlite(db, migrationsDir);
  return db;
}

/** Applies the migrations of `dir` not yet recorded in `schema_migrations`; returns the names it applied. */
export function migrateSqlite(db: Db, dir = SQLITE_MIGRATIONS_DIR): string[] {
  db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)');
  const done = new Set(db.prepare('SELECT name FROM schema_migrations').pluck().all() as string[]);
  const applied: string[] = [];
  for (const name of migrationNames(dir)) {
    if (done.has(name)) continue;
    const sql = readFileSync(join(dir, name), 'utf8');
    // IMMEDIATE: two processes starting together do not both apply the same migration.
    db.transaction(() => {
      const again = db.prepare('SELECT 1 FROM schema_migrations WHERE name = ?').get(name);
      if (again) return;
      db.exec(sql);
      db.prepare('INSERT INTO schema_migrations (name, applied_at) VALUES (?, ?)').run(name, new Date().toISOString());
      applied.push(name);
    }).immediate();
  }
  return applied;
}

/** The `.sql` files of a migrations folder in the order they apply. */
export function migrationNames(dir: string): string[] {
  return readdirSync(dir).filter((f) => f.endsWith('.sql')).sort();
}
