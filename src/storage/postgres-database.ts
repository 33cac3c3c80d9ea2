import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import pg from 'pg';
import { packageRoot } from '../package-root.js';
import { migrationNames } from './sqlite-database.js';

const { Pool, types } = pg;

/** Plain-SQL migrations for PostgreSQL; the same file names as the SQLite folder (a test checks). */
export const POSTGRES_MIGRATIONS_DIR = resolve(packageRoot(), 'src/storage/migrations/postgres');

/**
 * The advisory lock key that serialises migrations between processes starting together ("studybot" in ASCII);
 * one constant for every bot sharing the database.
 */
const MIGRATION_LOCK = 0x73747564_79626f74n;

export interface PostgresOptions {
  /** `postgres://user:password@host:port/database?sslmode=…`; TLS options are read from the URL by node-postgres. */
  url: string;
  /** Connections kept open at most. */
  poolSize: number;
  /** The server cancels any statement running longer (ms); 0 turns the limit off. */
  statementTimeoutMs: number;
  /** A pooled connection failed while idle (the server restarted, a network cut): reported, never thrown. */
  onIdleError?: (err: Error) => void;
  migrationsDir?: string;
}

/**
 * How long a pooled connection may sit idle before it is closed (ms): longer than the gap between two questions'
 * bursts of clicks (a question of up to 60 s is mostly quiet after its first seconds), so a burst finds them open.
 */
export const IDLE_CONNECTION_MS = 120_000;

/** A value that must arrive as a JavaScript number: int8 (`count(*)`, BIGINT epoch ms) and numeric (`sum(bigint)`). */
function safeNumber(text: string): number {
  const n = Number(text);
  if (!Number.isFinite(n) || (Number.isInteger(n) && !Number.isSafeInteger(n))) throw new Error(`PostgreSQL returned ${text}, which is not a safe JavaScript number`);
  return n;
}

/**
 * node-postgres returns int8 and numeric as strings (they can exceed 2^53). Everything this bot stores in them
 * (epoch milliseconds, counts, sums of points) fits a double exactly, so they are numbers here, as in SQLite.
 * Set per pool, not on the global `pg.types`, so no other user of `pg` in the process is affected.
 */
const typeParsers = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === types.builtins.INT8 || oid === types.builtins.NUMERIC) return safeNumber;
    return types.getTypeParser(oid, format);
  },
};

/** A query runner: the pool (one statement, autocommit) or the one client of a transaction. */
export interface Sql {
  /** Rows of a query with `$1`-style parameters. */
  rows<R>(text: string, params?: readonly unknown[]): Promise<R[]>;
  /** Rows changed by a statement (`rowCount`). */
  run(text: string, params?: readonly unknown[]): Promise<number>;
}

function runner(client: { query: pg.Pool['query'] }): Sql {
  return {
    async rows<R>(text: string, params: readonly unknown[] = []) {
      return (await client.query(text, params as unknown[])).rows as R[];
    },
    async run(text: string, params: readonly unknown[] = []) {
      return (await client.query(text, params as unknown[])).rowCount ?? 0;
    },
  };
}

/** Errors a transaction may simply be run again after: a deadlock or a serialization failure. */
const RETRYABLE = new Set(['40P01', '40001']);

/**
 * The bot's PostgreSQL database: a node-postgres pool with numbers for int8/numeric, a statement timeout and an
 * error listener (a connection dropped while idle must not crash the process). Repositories run their statements
 * through `sql` or, when a method reads then writes, inside `transaction`.
 */
export class PostgresDatabase {
  readonly pool: pg.Pool;
  readonly sql: Sql;
  /** host:port/database, without user or password: safe to log and show in /healthz. */
  readonly location: string;

  private constructor(o: PostgresOptions) {
    this.pool = new Pool({
      connectionString: o.url,
      max: o.poolSize,
      types: typeParsers,
      connectionTimeoutMillis: 10_000,
      // Quiz clicks come in bursts a question apart (20-60 s, then a pause): node-postgres's default closes a
      // connection after 10 s idle, so each burst would start by opening connections (a server process each).
      idleTimeoutMillis: IDLE_CONNECTION_MS,
      // Connections now sit idle for a minute: TCP keepalive notices one a firewall or NAT dropped meanwhile.
      keepAlive: true,
      // The OS default waits two hours before the first probe; start probing after 30 s idle instead.
      keepAliveInitialDelayMillis: 30_000,
      application_name: 'studybot',
      ...(o.statementTimeoutMs > 0 ? { statement_timeout: o.statementTimeoutMs } : {}),
    });
    this.pool.on('error', (err) => o.onIdleError?.(err));
    this.sql = runner(this.pool);
    this.location = describePostgresUrl(o.url);
  }

  /**
   * Connects and applies the migrations not yet applied, under an advisory lock so that processes starting
   * together apply each migration once. Rejects (after closing the pool) when the server cannot be reached or a
   * migration fails; the error's message says which.
   */
  static async open(o: PostgresOptions): Promise<PostgresDatabase> {
    const db = new PostgresDatabase(o);
    try {
      await db.migrate(o.migrationsDir ?? POSTGRES_MIGRATIONS_DIR);
      return db;
    } catch (err) {
      await db.pool.end().catch(() => {});
      throw err;
    }
  }

  /**
   * Runs `work` on one checked-out client between BEGIN and COMMIT (ROLLBACK if it throws), and runs it again up
   * to twice more on a deadlock or serialization failure. `work` must only touch the database: it holds a pooled
   * connection and row locks while it runs. `snapshot` makes it a read-only transaction whose statements all see
   * one snapshot (REPEATABLE READ), for reads of several tables that must agree.
   */
  async transaction<T>(work: (tx: Sql) => Promise<T>, o: { snapshot?: boolean } = {}): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      const client = await this.pool.connect();
      let broken = false;
      try {
        await client.query(o.snapshot ? 'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY' : 'BEGIN');
        const result = await work(runner(client));
        await client.query('COMMIT');
        return result;
      } catch (err) {
        try {
          await client.query('ROLLBACK');
        } catch {
          broken = true;
        }
        const code = (err as { code?: string }).code;
        if (attempt < 3 && code && RETRYABLE.has(code)) continue;
        throw err;
      } finally {
        // A client whose ROLLBACK failed is in an unknown state: drop it instead of pooling it.
        client.release(broken);
      }
    }
  }

  /**
   * Applies the pending migrations of `dir`, each in its own transaction, holding a session-level advisory lock
   * (on one checked-out client, as advisory locks belong to a session) so several processes starting at once apply
   * each migration exactly once. Returns the names this call applied.
   */
  async migrate(dir = POSTGRES_MIGRATIONS_DIR): Promise<string[]> {
    const client = await this.pool.connect();
    const applied: string[] = [];
    try {
      await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK.toString()]);
      try {
        await client.query('CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)');
        const done = new Set((await client.query<{ name: string }>('SELECT name FROM schema_migrations')).rows.map((r) => r.name));
        for (const name of migrationNames(dir)) {
          if (done.has(name)) continue;
          const sql = readFileSync(join(dir, name), 'utf8');
          await client.query('BEGIN');
          try {
            await client.query(sql);
            await client.query('INSERT INTO schema_migrations (name, applied_at) VALUES ($1, $2)', [name, new Date().toISOString()]);
            await client.query('COMMIT');
          } catch (err) {
            await client.query('ROLLBACK');
            throw new Error(`PostgreSQL migration ${name} failed: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
          }
          applied.push(name);
        }
      } finally {
        await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK.toString()]);
      }
    } finally {
      client.release();
    }
    return applied;
  }

  /** Closes every pooled connection; waits for queries in progress. */
  async close(): Promise<void> {
    await this.pool.end();
  }
}

/** `postgres://user:secret@db.example:5432/bot?sslmode=require` → `db.example:5432/bot`: no credentials, for logs and /healthz. */
export function describePostgresUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname || 'localhost'}:${u.port || '5432'}${u.pathname || '/'}`;
  } catch {
    return 'postgres';
  }
}

/** Is this error PostgreSQL's unique_violation (23505), optionally on the named constraint or index? */
export function isUniqueViolation(err: unknown, constraint?: string): boolean {
  const e = err as { code?: string; constraint?: string };
  return e?.code === '23505' && (constraint === undefined || e.constraint === constraint);
}
