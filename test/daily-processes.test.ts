import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface, type Interface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { simProcess } from './support/daily-sim.js';
import { fileStorage } from './support/storages.js';
import { FIXTURE_CONTENT } from './support/test-bot.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const MINUTE = 60_000;

const dirs: string[] = [];
const children: ChildProcessWithoutNullStreams[] = [];
afterEach(() => {
  for (const c of children.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'daily-proc-'));
  dirs.push(dir);
  return dir;
}

function start(args: string[], env: Record<string, string> = {}): ChildProcessWithoutNullStreams {
  const child = spawn(process.execPath, ['--import', 'tsx', ...args], { cwd: ROOT, env: { ...process.env, ...env }, stdio: 'pipe' });
  children.push(child);
  return child;
}

/** Resolves with the first line matching `test`; every line read is kept in `seen`. */
function lineReader(rl: Interface) {
  const seen: string[] = [];
  const waiting: { test: (l: string) => boolean; resolve: (l: string) => void }[] = [];
  rl.on('line', (line) => {
    seen.push(line);
    for (const w of [...waiting]) {
      if (w.test(line)) {
        waiting.splice(waiting.indexOf(w), 1);
        w.resolve(line);
      }
    }
  });
  return {
    seen,
    next(test: (l: string) => boolean, from = 0): Promise<string> {
      const already = seen.slice(from).find(test);
      if (already !== undefined) return Promise.resolve(already);
      return new Promise((resolve) => waiting.push({ test, resolve }));
    },
  };
}

const exited = (c: ChildProcessWithoutNullStreams) =>
  new Promise<void>((resolve) => (c.exitCode !== null || c.signalCode !== null ? resolve() : c.once('exit', () => resolve())));

/** The bot itself in console mode (`--json`), reading DATABASE_PATH; stdin stays open until the test ends it. */
function bot(dbPath: string, extra: Record<string, string> = {}) {
  const child = start(['src/main.ts', '--json'], {
    DATABASE_PATH: dbPath,
    CONTENT_DIR: FIXTURE_CONTENT,
    LOG_LEVEL: 'debug',
    SLACK_BOT_TOKEN: '',
    SLACK_APP_TOKEN: '',
    SLACK_SIGNING_SECRET: '',
    DISCORD_TOKEN: '',
    HTTP_PORT: '',
    STUDYBOT_TEST_DAILY_HANG: '',
    ...extra,
  });
  return { child, out: lineReader(createInterface({ input: child.stdout })), err: lineReader(createInterface({ input: child.stderr })) };
}

const isPost = (l: string) => l.includes('"posted"');
const isTick = (l: string) => l.includes('"daily tick"');

describe('a real bot process killed with SIGKILL in the middle of a tick', () => {
  it.each([
    ['after the platform accepted the post', 'after-post', 1],
    ['after claiming, before the platform saw the post', 'before-post', 0],
  ])('%s, then restarted, never posts the day twice', async (_when, hang, postsBeforeKill) => {
    const dbPath = join(tempDir(), 'bot.db');
    // A schedule in console:main that fell due a minute ago.
    const due = Math.floor((Date.now() - MINUTE) / MINUTE) * MINUTE;
    const seed = fileStorage(dbPath);
    const s = await seed.schedules.enable({ channel: 'console:main', timeOfDay: Math.floor((due % 86_400_000) / MINUTE), timezone: 'UTC', by: 'console:test', now: due - MINUTE, seed: 1 });
    expect(s.nextDue).toBe(due);
    await seed.close();

    const first = bot(dbPath, { STUDYBOT_TEST_DAILY_HANG: hang });
    // The claim is committed and the sender hangs: a post on stdout (after-post) or the sending mark (before-post).
    if (postsBeforeKill) await first.out.next(isPost);
    else await first.err.next((l) => l.includes('"daily post sending"'));
    first.child.kill('SIGKILL');
    await exited(first.child);
    expect(first.out.seen.filter(isPost)).toHaveLength(postsBeforeKill);

    const second = bot(dbPath);
    await second.err.next(isTick); // the start-up tick has run
    second.child.stdin.end('/daily status\n');
    await exited(second.child);
    expect(second.out.seen.filter(isPost)).toHaveLength(0);
    const status = JSON.parse(second.out.seen.find((l) => l.includes('"enabled"'))!) as { data: { nextDate: string; recent: { status: string }[] } };
    expect(status.data.recent[0]!.status).toBe('sending');
    expect(status.data.nextDate > s.nextDate!).toBe(true);
  }, 60_000);
});

describe('two scheduler processes sharing one database file', () => {
  it('post once per channel and local day over 30 simulated days', async () => {
    const dbPath = join(tempDir(), 'shared.db');
    const startAt = '2026-03-01T00:00:00Z';
    const zones = ['UTC', 'Europe/Berlin', 'America/New_York', 'Australia/Lord_Howe', 'Asia/Kathmandu', 'Pacific/Chatham'];
    const db = fileStorage(dbPath);
    for (const [i, zone] of zones.entries()) await db.schedules.enable({ channel: `console:c${i}`, timeOfDay: 9 * 60 + i * 11, timezone: zone, by: 'console:test', now: Date.parse(startAt), seed: i });
    await db.close();

    const days = 30;
    const step = 4;
    const procs = [0, 1].map(() => simProcess(dbPath, step));
    children.push(...procs.map((p) => p.child));
    await Promise.all(procs.map((p) => p.ready));
    for (const p of procs) p.start(Date.parse(startAt));
    // Keep both in step, four simulated hours at a time, so they race for the same due minutes.
    for (let n = 1; n <= (days * 24) / step; n++) {
      for (const p of procs) p.go();
      await Promise.all(procs.map((p) => p.stepOrFrozen(n)));
    }
    for (const p of procs) p.child.stdin.end();
    await Promise.all(procs.map((p) => p.exited));

    const posts = procs.flatMap((p) => p.posts());
    const perDay = new Map<string, number>();
    for (const p of posts) {
      const zone = zones[Number(p.channel.slice('console:c'.length))]!;
      const key = `${p.channel} ${new Date(p.at).toLocaleDateString('sv-SE', { timeZone: zone })}`;
      perDay.set(key, (perDay.get(key) ?? 0) + 1);
    }
    expect([...perDay.entries()].filter(([, n]) => n > 1)).toEqual([]);
    expect(posts).toHaveLength(days * zones.length);
    // Both processes did some of the work: the race was real.
    expect(procs.every((p) => p.posts().length > 0)).toBe(true);
  }, 120_000);
});
