import { createHash } from 'node:crypto';
import type { PostgresDatabase, Sql } from '../storage/postgres-database.js';
import type { Db } from '../storage/sqlite-database.js';

/**
 * Tables db:copy leaves out, with the reason: each database keeps its own record of the migrations applied to it,
 * and the health probe's one row is rewritten on every /healthz.
 */
export const NOT_COPIED: Readonly<Record<string, string>> = {
  schema_migrations: 'each database records its own migrations',
  ops_health: 'rewritten by every health check',
};

/** PostgreSQL column types db:copy knows how to fill from SQLite values; any other type stops the copy. */
const KNOWN_TYPES = new Set(['text', 'integer', 'bigint', 'smallint', 'boolean', 'double precision', 'real']);

/** A copy that cannot be done as asked; the message says why and what to do. Nothing was written. */
export class CopyError extends Error {
  override name = 'CopyError';
}

export interface TableReport {
  table: string;
  rows: number;
  /** sha256 over the table's rows, independent of row order and engine (see `rowText`). */
  checksum: string;
}

export interface CopyReport {
  /** `copied`: rows were written; `unchanged`: the target already held exactly the source's rows. */
  outcome: 'copied' | 'unchanged';
  tables: TableReport[];
  skipped: string[];
}

interface Column {
  name: string;
  type: string;
}

/**
 * Copies every table of a migrated SQLite database into a migrated PostgreSQL database (the bot's upgrade path,
 * `npm run db:copy`), in one PostgreSQL transaction, then verifies row counts and a checksum per table on both
 * sides. The table list is read from SQLite itself; a table PostgreSQL lacks, or a column type this function does
 * not know, stops the copy with a CopyError before anything is written.
 *
 * Idempotent: when the target already holds exactly the source's rows it writes nothing (`unchanged`). A target
 * holding other rows is refused unless `force`, which empties those tables first.
 */
export async function copySqliteToPostgres(source: Db, target: PostgresDatabase, o: { force?: boolean } = {}): Promise<CopyReport> {
  const tables = sqliteTables(source);
  const skipped = tables.filter((t) => t in NOT_COPIED);
  const copied = orderByForeignKeys(source, tables.filter((t) => !(t in NOT_COPIED)));
  const columns = new Map<string, Column[]>();
  for (const table of copied) columns.set(table, await targetColumns(target.sql, source, table));

  const before = await Promise.all(copied.map((t) => checksumPostgres(target.sql, t, columns.get(t)!)));
  const wanted = copied.map((t) => checksumSqlite(source, t, columns.get(t)!));
  if (wanted.every((w, i) => w.rows === before[i]!.rows && w.checksum === before[i]!.checksum)) return { outcome: 'unchanged', tables: wanted, skipped };
  const occupied = before.filter((b) => b.rows > 0);
  if (occupied.length && !o.force) {
    throw new CopyError(
      `The PostgreSQL database is not empty (${occupied.map((b) => `${b.table}: ${b.rows} rows`).join(', ')}) and differs from the SQLite file. ` +
        'Point db:copy at a new, empty database, or add --force to replace what is there.',
    );
  }

  await target.transaction(async (tx) => {
    // Children before parents when emptying, parents before children when filling: foreign keys hold throughout.
    for (const table of [...copied].reverse()) if (occupied.some((b) => b.table === table)) await tx.run(`DELETE FROM ${ident(table)}`);
    for (const table of copied) await copyTable(source, tx, table, columns.get(table)!);
    // Ids copied as they were (quiz buttons carry them): the identity sequences must continue after the largest.
    const identities = await tx.rows<{ table_name: string; column_name: string }>(
      "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = current_schema() AND is_identity = 'YES'",
    );
    for (const { table_name: t, column_name: c } of identities) {
      if (!copied.includes(t)) continue;
      await tx.rows(`SELECT setval(pg_get_serial_sequence($1, $2), GREATEST((SELECT MAX(${ident(c)}) FROM ${ident(t)}), 1), (SELECT MAX(${ident(c)}) FROM ${ident(t)}) IS NOT NULL)`, [t, c]);
    }
  });

  const after = await Promise.all(copied.map((t) => checksumPostgres(target.sql, t, columns.get(t)!)));
  const wrong = after.filter((a, i) => a.rows !== wanted[i]!.rows || a.checksum !== wanted[i]!.checksum);
  if (wrong.length) {
    throw new CopyError(`Verification failed after the copy for ${wrong.map((w) => w.table).join(', ')}: row counts or checksums differ from the SQLite file.`);
  }
  return { outcome: 'copied', tables: wanted, skipped };
}

/** The SQLite database's own tables, by name (SQLite's internal ones left out). */
export function sqliteTables(db: Db): string[] {
  return db.prepare<[], string>("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").pluck().all();
}

/** Parents before children, from SQLite's foreign key list, so inserts never point at a row not yet there. */
function orderByForeignKeys(db: Db, tables: string[]): string[] {
  const parents = new Map(tables.map((t) => [t, (db.prepare(`PRAGMA foreign_key_list(${ident(t)})`).all() as { table: string }[]).map((f) => f.table).filter((p) => p !== t)]));
  const out: string[] = [];
  const visit = (t: string, path: string[]) => {
    if (out.includes(t)) return;
    if (path.includes(t)) throw new CopyError(`Tables ${path.join(' → ')} → ${t} refer to each other in a cycle; db:copy cannot order them.`);
    for (const p of parents.get(t) ?? []) if (tables.includes(p)) visit(p, [...path, t]);
    out.push(t);
  };
  for (const t of tables) visit(t, []);
  return out;
}

/** The SQLite table's columns with their PostgreSQL types; a CopyError when PostgreSQL lacks one or its type is unknown. */
async function targetColumns(sql: Sql, source: Db, table: string): Promise<Column[]> {
  const names = (source.prepare(`PRAGMA table_info(${ident(table)})`).all() as { name: string }[]).map((c) => c.name);
  const pg = new Map(
    (await sql.rows<{ column_name: string; data_type: string }>('SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = $1', [table])).map(
      (r) => [r.column_name, r.data_type],
    ),
  );
  if (pg.size === 0) throw new CopyError(`Table ${table} is in the SQLite file but not in PostgreSQL: db:copy does not know how to copy it (is the bot on both sides the same version?).`);
  return names.map((name) => {
    const type = pg.get(name);
    if (!type) throw new CopyError(`Column ${table}.${name} is in the SQLite file but not in PostgreSQL: db:copy does not know how to copy it.`);
    if (!KNOWN_TYPES.has(type)) throw new CopyError(`Column ${table}.${name} has PostgreSQL type ${type}, which db:copy does not know how to fill from SQLite.`);
    return { name, type };
  });
}

/** A SQLite value as PostgreSQL takes it: 0/1 become booleans where the column is boolean. */
function toPostgres(value: unknown, c: Column): unknown {
  if (c.type === 'boolean' && value !== null) return value === 1 || value === true || value === '1';
  return value;
}

async function copyTable(source: Db, tx: Sql, table: string, columns: Column[]): Promise<void> {
  const names = columns.map((c) => ident(c.name)).join(', ');
  // At most ~30,000 parameters a statement (PostgreSQL allows 65,535).
  const batch = Math.max(1, Math.floor(30_000 / columns.length));
  let rows: unknown[][] = [];
  const flush = async () => {
    if (!rows.length) return;
    const params: unknown[] = [];
    const tuples = rows.map((r) => `(${r.map((v) => (params.push(v), `$${params.length}`)).join(', ')})`);
    await tx.run(`INSERT INTO ${ident(table)} (${names}) VALUES ${tuples.join(', ')}`, params);
    rows = [];
  };
  for (const row of source.prepare(`SELECT ${names} FROM ${ident(table)}`).raw().iterate() as Iterable<unknown[]>) {
    rows.push(row.map((v, i) => toPostgres(v, columns[i]!)));
    if (rows.length >= batch) await flush();
  }
  await flush();
}

/**
 * One row as engine-neutral text: each value as JSON, booleans as 0/1 (SQLite has no booleans), integers as
 * digits. Rows are hashed one by one and the hashes sorted, so the checksum does not depend on row order (the
 * engines sort text differently).
 */
function rowText(row: unknown[]): string {
  return JSON.stringify(row.map((v) => (typeof v === 'boolean' ? (v ? 1 : 0) : typeof v === 'bigint' ? Number(v) : v)));
}

function digest(table: string, rows: Iterable<unknown[]>): TableReport {
  const hashes: string[] = [];
  for (const r of rows) hashes.push(createHash('sha256').update(rowText(r)).digest('hex'));
  hashes.sort();
  return { table, rows: hashes.length, checksum: createHash('sha256').update(hashes.join('\n')).digest('hex') };
}

function checksumSqlite(db: Db, table: string, columns: Column[]): TableReport {
  return digest(table, db.prepare(`SELECT ${columns.map((c) => ident(c.name)).join(', ')} FROM ${ident(table)}`).raw().iterate() as Iterable<unknown[]>);
}

async function checksumPostgres(sql: Sql, table: string, columns: Column[]): Promise<TableReport> {
  const rows = await sql.rows<Record<string, unknown>>(`SELECT ${columns.map((c) => ident(c.name)).join(', ')} FROM ${ident(table)}`);
  return digest(
    table,
    rows.map((r) => columns.map((c) => r[c.name])),
  );
}

/** A table or column name quoted for either engine (names come from the database itself, never from a person). */
function ident(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
