import Database from 'better-sqlite3';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { describe, expect, it, onTestFinished } from 'vitest';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** The real bot in a child process: console mode with stdin held open, the ops server on a free port. */
function startBot(dbPath: string) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', '--json'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH, DATABASE_PATH: dbPath, HTTP_PORT: '0', LOG_LEVEL: 'info', CONTENT_DIR: join(ROOT, 'test/fixtures/content') },
    stdio: ['pipe', 'pipe', 'pipe'],
  }) as ChildProcessWithoutNullStreams;
  const logs: Record<string, unknown>[] = [];
  /** stderr lines that are not JSON log records: start-up errors written for a person. */
  const text: string[] = [];
  const replies: Record<string, unknown>[] = [];
  const waiters: { test: () => boolean; resolve: () => void }[] = [];
  const wake = () => {
    for (const w of [...waiters]) if (w.test()) waiters.splice(waiters.indexOf(w), 1) && w.resolve();
  };
  createInterface({ input: child.stderr }).on('line', (line) => {
    if (line.startsWith('{')) logs.push(JSON.parse(line) as Record<string, unknown>);
    else text.push(line);
    wake();
  });
  createInterface({ input: child.stdout }).on('line', (line) => {
    replies.push(JSON.parse(line) as Record<string, unknown>);
    wake();
  });
  const until = (test: () => boolean) => new Promise<void>((resolve) => (test() ? resolve() : waiters.push({ test, resolve })));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  return { child, logs, text, replies, until, exited };
}

describe('shutting down on a signal', () => {
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    it(`exits 0 within 10 s on ${signal}, with the database closed and its WAL checkpointed`, async () => {
      const dbPath = join(mkdtempSync(join(tmpdir(), 'shutdown-')), 'bot.db');
      const bot = startBot(dbPath);
      await bot.until(() => bot.logs.some((l) => l.msg === 'serving /healthz and /metrics'));
      const port = bot.logs.find((l) => l.msg === 'serving /healthz and /metrics')!.port as number;

      // Some real work first: a command, and a health check that writes to the database.
      onTestFinished(() => {
        if (bot.child.exitCode === null && bot.child.signalCode === null) bot.child.kill('SIGKILL');
      });
      bot.child.stdin.write('/random\n');
      await bot.until(() => bot.replies.length === 1);
      expect(bot.replies[0]!.kind).toBe('answer');
      expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
      const metrics = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
      expect(metrics).toMatch(/studybot_commands_total\{command="random",platform="console",outcome="ok"\} 1/);
      expect(existsSync(`${dbPath}-wal`)).toBe(true);

      const sentAt = Date.now();
      bot.child.kill(signal);
      const { code } = await bot.exited;
      expect(code).toBe(0);
      expect(Date.now() - sentAt).toBeLessThan(10_000);

      // SQLite deletes the WAL when the last connection closes cleanly, after copying it into the main file.
      expect(existsSync(`${dbPath}-wal`)).toBe(false);
      const copy = new Database(dbPath, { readonly: true });
      expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(copy.prepare('SELECT count(*) FROM ops_health').pluck().get()).toBe(1);
      copy.close();

      const steps = bot.logs.filter((l) => l.msg === 'shutting down' || l.msg === 'stopped cleanly').map((l) => l.msg);
      expect(steps).toEqual(['shutting down', 'stopped cleanly']);
      expect(bot.logs.some((l) => l.msg === 'shutdown step failed')).toBe(false);
    });
  }

  it('exits 1 with a message naming DATABASE_PATH when the database cannot be opened', async () => {
    // A folder path that runs through a plain file: mkdir fails with ENOTDIR, as with a mistyped volume path.
    const file = join(mkdtempSync(join(tmpdir(), 'shutdown-')), 'not-a-folder');
    writeFileSync(file, 'x');
    const bot = startBot(join(file, 'bot.db'));
    bot.child.stdin.end();
    const { code } = await bot.exited;
    expect(code).toBe(1);
    expect(bot.text.join('\n')).toContain(`Cannot open the database at ${join(file, 'bot.db')}`);
    expect(bot.text.join('\n')).toContain('Set DATABASE_PATH to a file in a writable folder');
    expect(bot.text.join('\n')).not.toMatch(/\bat .*\.ts:\d+/);
  });
});

describe('starting on a damaged database', () => {
  it('says the database is damaged and how to restore it from npm run backup, not to change DATABASE_PATH', async () => {
    const dbPath = join(mkdtempSync(join(tmpdir(), 'damaged-')), 'bot.db');
    // Not an SQLite file at all, as after a bad copy or a disk fault in the header.
    writeFileSync(dbPath, Buffer.alloc(8192, 0x5a));
    const bot = startBot(dbPath);
    bot.child.stdin.end();
    const { code } = await bot.exited;
    const said = bot.text.join('\n');
    expect(code).toBe(1);
    expect(said).toContain(`The database at ${dbPath} is damaged`);
    expect(said).toContain('npm run backup');
    expect(said).not.toContain('writable folder');
    expect(said).not.toMatch(/\bat .*\.ts:\d+/);
  });
});

/** A process wired like main's shutdown: one step that never finishes, then one that reports it ran. */
function stuckProcess(deadlineMs: number) {
  const script = `
    import { exitOnSignals } from './src/ops/shutdown-signals.ts';
    import { Lifecycle } from './src/core/lifecycle.ts';
    import { createLogger } from './src/core/logger.ts';
    const log = createLogger({ level: 'debug' });
    const lifecycle = new Lifecycle(log);
    lifecycle.onShutdown('database', () => process.stdout.write('database closed\\n'));
    lifecycle.onShutdown('stuck adapter', () => new Promise(() => {}));
    exitOnSignals(lifecycle, log, undefined, ${deadlineMs});
    setInterval(() => {}, 1000);
    process.stdout.write('ready\\n');`;
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  onTestFinished(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });
  let out = '';
  let err = '';
  child.stderr.on('data', (d: Buffer) => (err += String(d)));
  const ready = new Promise<void>((resolve) =>
    child.stdout.on('data', (d: Buffer) => {
      out += String(d);
      if (out.includes('ready')) resolve();
    }),
  );
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, ready, exited, out: () => out, err: () => err };
}

describe('starting with HTTP_PORT taken', () => {
  it('exits 1 saying the port is in use, with the database closed cleanly', async () => {
    const taken = createServer().listen(0, '127.0.0.1');
    await once(taken, 'listening');
    onTestFinished(() => {
      taken.close();
    });
    const port = (taken.address() as AddressInfo).port;
    const dbPath = join(mkdtempSync(join(tmpdir(), 'shutdown-')), 'bot.db');
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', '--json'], {
      cwd: ROOT,
      env: { PATH: process.env.PATH, DATABASE_PATH: dbPath, HTTP_PORT: String(port), CONTENT_DIR: join(ROOT, 'test/fixtures/content') },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += String(d)));
    const [code] = (await once(child, 'exit')) as [number | null];
    expect(code).toBe(1);
    expect(err).toBe(`Cannot serve /healthz and /metrics on HTTP_PORT ${port}: the port is already in use. Pick another port, or leave HTTP_PORT empty.\n`);
    expect(existsSync(`${dbPath}-wal`)).toBe(false);
  });
});

describe('a shutdown step that hangs', () => {
  it('is abandoned with a warning, and the steps after it still run before the process exits in time', async () => {
    const p = stuckProcess(3000);
    await p.ready;
    const sentAt = Date.now();
    p.child.kill('SIGTERM');
    expect(await p.exited).toBe(0);
    expect(Date.now() - sentAt).toBeLessThan(3000);
    expect(p.out()).toContain('database closed');
    expect(p.err()).toMatch(/"step":"stuck adapter".*"msg":"shutdown step failed"/);
  });

  it('is cut short by a second signal, which exits at once with code 1', async () => {
    const p = stuckProcess(60_000);
    await p.ready;
    p.child.kill('SIGINT');
    await new Promise<void>((resolve) => p.child.stderr.on('data', (d: Buffer) => String(d).includes('shutting down') && resolve()));
    p.child.kill('SIGINT');
    expect(await p.exited).toBe(1);
    expect(p.out()).not.toContain('database closed');
    expect(p.err()).toContain('second signal: exiting now');
  });
});
