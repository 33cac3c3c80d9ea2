import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { freshPostgresDatabase } from './support/postgres.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

interface Line {
  posted?: { id: string };
  kind?: string;
  visibility?: string;
  blocks: { type: string; text?: string; items?: string[] }[];
  data?: Record<string, unknown>;
}

const textOf = (l: Line) => l.blocks.map((b) => b.text ?? b.items?.join('\n') ?? '').join('\n');

/** `npm start`'s entry point as a real child process in --json console mode, on DATABASE_URL; a script on stdin. */
function run(lines: string[], env: Record<string, string>): Promise<{ code: number | null; stderr: string; replies: Line[]; posts: Line[] }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', '--json'], { cwd: ROOT, env: { PATH: process.env.PATH, ...env }, stdio: 'pipe' });
  let out = '';
  let stderr = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (stderr += d));
  child.stdin.end(`${lines.join('\n')}\n`);
  return new Promise((resolve) =>
    child.on('exit', (code) => {
      const all = out.trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as Line);
      resolve({ code, stderr, replies: all.filter((l) => !l.posted), posts: all.filter((l) => l.posted) });
    }),
  );
}

describe('the console on PostgreSQL (DATABASE_URL), as `npm start` runs it', async () => {
  const database = await freshPostgresDatabase();
  const dir = mkdtempSync(join(tmpdir(), 'pg-console-'));
  const sqliteFile = join(dir, 'never', 'studybot.db');
  const env = { DATABASE_URL: database.url, DATABASE_PATH: sqliteFile, LOG_LEVEL: 'warn' };
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await database.drop();
  });

  it('runs every command on PostgreSQL, writes no SQLite file, and finds its state again after a restart', async () => {
    const first = await run(
      [
        '/help',
        '/ask what is reservoir sampling?',
        '/concept reservoir sampling',
        '/chapter 4',
        '/random ch4',
        '/daily on 09:00 UTC',
        '/daily chapters 4-5',
        '/daily days mon-fri',
        '/daily order shuffled',
        '/daily status',
        '/daily upcoming',
        '/quiz start ch4 1 10',
        '/quiz status',
        'A',
        ':wait 20',
        '/daily now',
        '/leaderboard all',
        '/stats',
        '/daily off',
      ],
      env,
    );
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.replies.filter((r) => r.kind === 'error').map(textOf)).toEqual([]);
    expect(first.replies).toHaveLength(19);
    const [help, ask, concept, , random, on, chapters, days, order, status, upcoming, start, quizStatus, answer, , now, board, stats, off] = first.replies as Line[];
    expect(textOf(help!)).toContain('/quiz');
    expect(ask!.data).toBeDefined();
    expect(textOf(concept!)).toMatch(/reservoir/i);
    expect(random!.data).toMatchObject({ chapters: [4] });
    expect(textOf(on!)).toContain('The daily concept is on here');
    expect(chapters!.data).toMatchObject({ chapters: [4, 5] });
    expect(days!.data).toMatchObject({ days: 'Mon–Fri' });
    expect(order!.data).toMatchObject({ order: 'shuffled' });
    expect(status!.data).toMatchObject({ enabled: true, days: 'Mon–Fri', chapters: [4, 5], order: 'shuffled' });
    expect((upcoming!.data!.upcoming as string[]).length).toBe(5);
    expect(now!.data).toHaveProperty('daily');
    expect(textOf(start!)).toContain('1 question');
    expect(quizStatus!.data).toMatchObject({ running: true });
    expect(textOf(answer!)).toMatch(/^Got it: A/);
    expect(first.posts.some((p) => p.data && 'finished' in p.data)).toBe(true);
    expect(board!.data!.rows).toHaveLength(1);
    expect(stats!.data).toMatchObject({ answered: 1 });
    expect(off!.data).toMatchObject({ enabled: false, changed: true });
    expect(existsSync(sqliteFile)).toBe(false);
    expect(existsSync(join(dir, 'never'))).toBe(false);

    // A new process on the same database: the leaderboard, the stats and the schedule kept while off are all there.
    const second = await run(['/leaderboard all', '/stats', '/daily status', '/quiz start ch4 2 10', '/quiz stop', '/leaderboard all'], env);
    expect(second.stderr).toBe('');
    expect(second.code).toBe(0);
    const [board2, stats2, status2, start2, stop2] = second.replies;
    expect(board2!.data).toEqual(board!.data);
    expect(stats2!.data).toEqual(stats!.data);
    expect(status2!.data).toMatchObject({ enabled: false, resume: { time: '09:00', timezone: 'UTC', days: 'Mon–Fri' } });
    expect(start2!.kind).toBe('info');
    expect(textOf(stop2!)).toBe('Quiz stopped.');
    expect(existsSync(sqliteFile)).toBe(false);
  }, 60_000);
});
