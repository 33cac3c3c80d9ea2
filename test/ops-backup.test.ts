import Database from 'better-sqlite3';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { describe, expect, it, onTestFinished } from 'vitest';
import { backupDatabase } from '../src/ops/backup.js';
import { openSqliteDatabase as openDatabase } from '../src/storage/sqlite-database.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** A bot-like database: migrations applied, plus a ledger whose total must always match its rows. */
function seeded(rows: number): string {
  const path = join(mkdtempSync(join(tmpdir(), 'backup-')), 'bot.db');
  const db = openDatabase(path);
  db.exec(`CREATE TABLE ledger (id INTEGER PRIMARY KEY, amount INTEGER NOT NULL, note TEXT NOT NULL);
           CREATE TABLE totals (id INTEGER PRIMARY KEY CHECK (id = 1), sum INTEGER NOT NULL, rows INTEGER NOT NULL);
           INSERT INTO totals VALUES (1, 0, 0);`);
  const add = db.prepare('INSERT INTO ledger (amount, note) VALUES (?, ?)');
  const bump = db.prepare('UPDATE totals SET sum = sum + ?, rows = rows + 1');
  db.transaction(() => {
    for (let i = 1; i <= rows; i++) {
      add.run(i % 97, 'x'.repeat(200));
      bump.run(i % 97);
    }
  })();
  db.close();
  return path;
}

/** Another process writing to the database as fast as it can, one consistent transaction at a time, as the bot would. */
function writer(path: string): ChildProcess & { ready: Promise<void> } {
  const script = `
    const Database = require('better-sqlite3');
    const db = new Database(process.argv[1]);
    db.pragma('busy_timeout = 5000');
    const add = db.prepare("INSERT INTO ledger (amount, note) VALUES (?, 'w')");
    const bump = db.prepare('UPDATE totals SET sum = sum + ?, rows = rows + 1');
    const tx = db.transaction((n) => { add.run(n); bump.run(n); });
    let n = 0;
    const loop = () => { for (let i = 0; i < 20; i++) tx(++n % 89); if (n === 20) process.stdout.write('ready\\n'); setImmediate(loop); };
    loop();`;
  const child = spawn(process.execPath, ['-e', script, path], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  onTestFinished(() => {
    child.kill('SIGKILL');
  });
  const ready = new Promise<void>((resolve, reject) => {
    child.stdout!.once('data', () => resolve());
    child.once('exit', (code) => reject(new Error(`writer exited early with ${code}`)));
  });
  return Object.assign(child, { ready });
}

function ledger(path: string) {
  const db = new Database(path, { readonly: true });
  try {
    return {
      integrity: db.pragma('integrity_check', { simple: true }),
      journal: db.pragma('journal_mode', { simple: true }),
      rows: db.prepare('SELECT count(*) FROM ledger').pluck().get() as number,
      sum: db.prepare('SELECT coalesce(sum(amount), 0) FROM ledger').pluck().get() as number,
      totals: db.prepare('SELECT sum, rows FROM totals').get() as { sum: number; rows: number },
      migrations: db.prepare('SELECT count(*) FROM schema_migrations').pluck().get() as number,
    };
  } finally {
    db.close();
  }
}

describe('backing up the database', () => {
  it('makes a consistent copy while another process keeps writing', async () => {
    const source = seeded(20_000);
    const w = writer(source);
    await w.ready;
    const dest = join(mkdtempSync(join(tmpdir(), 'backup-out-')), 'nested', 'copy.db');

    const result = await backupDatabase(source, dest);
    const copy = ledger(dest);
    w.kill('SIGKILL');
    await once(w, 'exit');
    const after = ledger(source);

    expect(result.path).toBe(dest);
    expect(result.pages).toBeGreaterThan(100);
    expect(copy.integrity).toBe('ok');
    // One snapshot: every transaction in the copy is whole, so the running total matches the rows.
    expect(copy.totals).toEqual({ sum: copy.sum, rows: copy.rows });
    // It includes the writer's commits from before the backup, and nothing the source does not have.
    expect(copy.rows).toBeGreaterThan(20_000);
    expect(copy.rows).toBeLessThanOrEqual(after.rows);
    expect(copy.migrations).toBeGreaterThan(0);
    // A self-contained file: no -wal needed beside it, no partial file left behind.
    expect(copy.journal).toBe('delete');
    expect(readdirSync(join(dest, '..'))).toEqual(['copy.db']);
  });

  it('replaces an older backup of the same name', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'backup-out-'));
    const dest = join(dir, 'copy.db');
    await backupDatabase(seeded(10), dest);
    await backupDatabase(seeded(25), dest);
    expect(ledger(dest).rows).toBe(25);
  });

  it('refuses to overwrite the database with itself and names a missing database', async () => {
    const source = seeded(1);
    await expect(backupDatabase(source, source)).rejects.toThrow('The backup file must not be the database itself');
    await expect(backupDatabase(join(tmpdir(), 'no-such-studybot.db'), join(tmpdir(), 'x.db'))).rejects.toThrow(/There is no database at .*no-such-studybot\.db\. Check DATABASE_PATH\./);
    expect(existsSync(join(tmpdir(), 'x.db'))).toBe(false);
  });

  it('leaves a good older backup in place when the new one cannot be made', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'backup-out-'));
    const dest = join(dir, 'copy.db');
    await backupDatabase(seeded(5), dest);
    const notADatabase = join(dir, 'garbage.db');
    writeFileSync(notADatabase, 'this is not an SQLite file, just text long enough to have a header'.repeat(10));
    await expect(backupDatabase(notADatabase, dest)).rejects.toThrow();
    expect(ledger(dest).rows).toBe(5);
    expect(readdirSync(dir).sort()).toEqual(['copy.db', 'garbage.db']);
  });
});

describe('npm run backup', () => {
  function cli(args: string[], env: Record<string, string>) {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/ops/backup-cli.ts', ...args], { cwd: ROOT, env: { PATH: process.env.PATH, ...env } });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += String(d)));
    child.stderr.on('data', (d: Buffer) => (err += String(d)));
    return new Promise<{ code: number | null; out: string; err: string }>((resolve) => child.on('exit', (code) => resolve({ code, out, err })));
  }

  it('copies the database at DATABASE_PATH while the bot holds it open', async () => {
    const source = seeded(300);
    const bot = new Database(source);
    bot.prepare("INSERT INTO ledger (amount, note) VALUES (7, 'live')").run();
    bot.prepare('UPDATE totals SET sum = sum + 7, rows = rows + 1').run();
    const dest = join(mkdtempSync(join(tmpdir(), 'backup-out-')), 'nightly.db');

    const run = await cli(['--', dest], { DATABASE_PATH: source });
    bot.close();

    expect(run.err).toBe('');
    expect(run.code).toBe(0);
    expect(run.out).toMatch(new RegExp(`^Backed up .*bot\\.db to ${dest.replace(/[.]/g, '\\.')} \\(\\d+ pages, \\d+ bytes\\) in \\d+ ms\\.\\n$`));
    expect(ledger(dest).rows).toBe(301);
  });

  it('explains how to call it when no file is given, and says what is wrong when the database is missing', async () => {
    const usage = await cli([], { DATABASE_PATH: join(tmpdir(), 'none.db') });
    expect(usage.code).toBe(2);
    expect(usage.err).toContain('Usage: npm run backup -- <backup-file>');

    const missing = await cli([join(tmpdir(), 'out.db')], { DATABASE_PATH: join(tmpdir(), 'no-such-studybot.db') });
    expect(missing.code).toBe(1);
    expect(missing.err).toMatch(/^There is no database at .*no-such-studybot\.db\. Check DATABASE_PATH\.\n$/);
  });

  it('on PostgreSQL copies nothing and says to use pg_dump, without showing the password', async () => {
    const dest = join(mkdtempSync(join(tmpdir(), 'backup-pg-')), 'nightly.db');
    const run = await cli([dest], { DATABASE_URL: 'postgres://bot:hunter2@db.example:5432/studybot' });
    expect(run.code).toBe(1);
    expect(run.out).toBe('');
    expect(run.err).toContain("The bot's database is PostgreSQL (db.example:5432/studybot)");
    expect(run.err).toContain('pg_dump --format=custom');
    expect(run.err).not.toContain('hunter2');
    expect(existsSync(dest)).toBe(false);
  });
});
