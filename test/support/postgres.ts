import pg from 'pg';
import { PostgresDatabase } from '../../src/storage/postgres-database.js';
import { postgresStorage, type Storage } from '../../src/storage/storage.js';
import type { Db } from '../../src/storage/sqlite-database.js';
import { memoryStorage } from './storages.js';

/** The server the PostgreSQL half of the suite runs on; each test gets a database of its own there. */
export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

let counter = 0;

async function admin<T>(work: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL, connectionTimeoutMillis: 5000 });
  client.on('error', () => {});
  try {
    await client.connect();
  } catch (err) {
    // Never a skip: a missing server fails the suite, saying how to start it.
    throw new Error(
      `PostgreSQL is not reachable at ${TEST_DATABASE_URL} (${err instanceof Error ? err.message : String(err)}). ` +
        'The PostgreSQL half of the storage tests needs it: start it with `pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start` ' +
        '(.ci/run does this), or point TEST_DATABASE_URL at a server where the user may create databases.',
    );
  }
  try {
    return await work(client);
  } finally {
    await client.end().catch(() => {});
  }
}

/**
 * A new, empty database on the test server for one test; `drop()` removes it (forcing out any connection left).
 * The name cannot be a bound parameter, so it is made here from the process id, a counter and the time.
 */
export async function freshPostgresDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `t_${process.pid}_${Date.now().toString(36)}_${++counter}`;
  await admin((c) => c.query(`CREATE DATABASE "${name}"`));
  const u = new URL(TEST_DATABASE_URL);
  u.pathname = `/${name}`;
  return {
    url: u.toString(),
    drop: () => admin((c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)).then(() => undefined),
  };
}

/** The bot's PostgreSQL storage on a database (migrating it), as one more process would open it. */
export async function connectPostgres(url: string, o: { poolSize?: number } = {}) {
  const db = await PostgresDatabase.open({ url, poolSize: o.poolSize ?? 4, statementTimeoutMs: 10_000, onIdleError: () => {} });
  return postgresStorage(db);
}

export type Engine = Storage['engine'];
export const ENGINES: readonly Engine[] = ['sqlite', 'postgres'];

/** A storage for a test; `raw` is the SQLite handle when it is SQLite. */
export type TestStorage = Storage & { readonly db: Db | PostgresDatabase };

/**
 * Storages for the tests of one file, on either engine, all closed (and PostgreSQL databases dropped) by
 * `closeAll()` in `afterEach`. `another(s)` opens a second connection pool on the same database: another process.
 */
export function storages() {
  const open_: Storage[] = [];
  const drops: (() => Promise<void>)[] = [];
  const urls = new WeakMap<Storage, string>();
  function open(engine: 'sqlite'): Promise<Storage & { readonly db: Db }>;
  function open(engine: 'postgres'): Promise<Storage & { readonly db: PostgresDatabase }>;
  function open(engine: Engine): Promise<TestStorage>;
  async function open(engine: Engine): Promise<TestStorage> {
    if (engine === 'sqlite') {
      const s = memoryStorage();
      open_.push(s);
      return s;
    }
    const fresh = await freshPostgresDatabase();
    drops.push(fresh.drop);
    const s = await connectPostgres(fresh.url);
    urls.set(s, fresh.url);
    open_.push(s);
    return s;
  }
  return {
    open,
    /** Another process's pool on the same PostgreSQL database. */
    async another(s: Storage, o: { poolSize?: number } = {}): Promise<TestStorage> {
      const url = urls.get(s);
      if (!url) throw new Error('another() needs a PostgreSQL storage opened by this helper');
      const other = await connectPostgres(url, o);
      urls.set(other, url);
      open_.push(other);
      return other;
    },
    async closeAll(): Promise<void> {
      await Promise.allSettled(open_.splice(0).map((s) => s.close()));
      await Promise.allSettled(drops.splice(0).map((d) => d()));
    },
  };
}

/**
 * Makes the database itself refuse every `op` on `table` (a trigger raising an error, on either engine), as a full
 * disk or a lost connection would half-way through a transaction. Resolves with a function that lifts it.
 */
export async function failWrites(s: TestStorage, table: string, op: 'INSERT' | 'UPDATE'): Promise<() => Promise<void>> {
  const name = `fail_${table}_${op.toLowerCase()}`;
  if (s.engine === 'sqlite') {
    const sqlite = s.db as Db;
    sqlite.exec(`CREATE TRIGGER ${name} BEFORE ${op} ON ${table} BEGIN SELECT RAISE(ABORT, 'injected failure: ${op} on ${table}'); END`);
    return async () => void sqlite.exec(`DROP TRIGGER ${name}`);
  }
  const pgdb = s.db as PostgresDatabase;
  await pgdb.sql.run(`CREATE FUNCTION ${name}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'injected failure: ${op} on ${table}'; END $$`);
  await pgdb.sql.run(`CREATE TRIGGER ${name} BEFORE ${op} ON ${table} FOR EACH ROW EXECUTE FUNCTION ${name}()`);
  return async () => {
    await pgdb.sql.run(`DROP TRIGGER ${name} ON ${table}`);
    await pgdb.sql.run(`DROP FUNCTION ${name}()`);
  };
}
