import Database from 'better-sqlite3';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'quiz-restart-'));
const DB = join(dir, 'bot.db');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Line {
  posted?: { id: string };
  edited?: boolean;
  kind?: string;
  blocks: { type: string; text?: string; items?: string[]; buttons?: { id: string; label: string }[] }[];
  data?: Record<string, unknown>;
}

/** The real bot (src/main.ts) as a child process in console --json mode, on a SQLite file. */
function bot() {
  const child: ChildProcessWithoutNullStreams = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', '--json'], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_PATH: DB, SLACK_BOT_TOKEN: '', DISCORD_TOKEN: '', HTTP_PORT: '', LOG_LEVEL: 'warn' },
  });
  const lines: Line[] = [];
  const waiters: (() => void)[] = [];
  let buffer = '';
  let stderr = '';
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  child.stdout.on('data', (chunk: Buffer) => {
    buffer += chunk.toString('utf8');
    let nl: number;
    while ((nl = buffer.indexOf('\n')) >= 0) {
      lines.push(JSON.parse(buffer.slice(0, nl)) as Line);
      buffer = buffer.slice(nl + 1);
    }
    for (const w of waiters.splice(0)) w();
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  /** Resolves with the first line (from `from` on) that matches; rejects if the process dies first. */
  async function until(match: (l: Line) => boolean, from = 0): Promise<Line> {
    for (;;) {
      const hit = lines.slice(from).find(match);
      if (hit) return hit;
      if (child.exitCode !== null || child.signalCode !== null) throw new Error(`bot exited before the expected output; stderr:\n${stderr}`);
      await Promise.race([new Promise<void>((r) => waiters.push(r)), exited]);
    }
  }
  const replies = () => lines.filter((l) => !l.posted);
  return {
    lines,
    until,
    async type(text: string): Promise<Line> {
      const before = replies().length;
      child.stdin.write(`${text}\n`);
      await until((l) => !l.posted && replies().indexOf(l) >= before);
      return replies()[before]!;
    },
    kill9: async () => {
      child.kill('SIGKILL');
      await exited;
    },
    end: async () => {
      child.stdin.end();
      return exited;
    },
  };
}

const text = (l: Line) => l.blocks.map((b) => b.text ?? b.items?.join('\n') ?? '').join('\n');
const buttonsOf = (l: Line) => l.blocks.flatMap((b) => b.buttons ?? []);

describe('a bot process killed mid-quiz', () => {
  it('keeps every acknowledged answer, honours the old buttons after the restart and reveals each question once', async () => {
    const a = bot();
    expect(text(await a.type('/quiz start ch4 2 30'))).toContain('2 questions on Ch. 4');
    const question = await a.until((l) => !!l.posted && !l.edited && !!l.data && 'question' in l.data);
    const oldButtons = buttonsOf(question);
    expect(oldButtons.map((b) => b.label)).toEqual(['A', 'B', 'C', 'D']);
    expect(text(await a.type('A'))).toBe('Got it: A');
    await a.type(':user bob');
    expect(text(await a.type('B'))).toBe('Got it: B');
    await a.kill9();

    // Straight from the file the killed process left: both acknowledged answers are there.
    const peek = new Database(DB, { readonly: true });
    const stored = peek.prepare('SELECT user_id, option FROM quiz_answers ORDER BY user_id').all();
    peek.close();
    expect(stored).toEqual([
      { user_id: 'console:bob', option: 1 },
      { user_id: 'console:you', option: 0 },
    ]);

    const b = bot();
    // On start the running quiz's question is shown again with the very same button ids.
    const reshown = await b.until((l) => !!l.edited && buttonsOf(l).length > 0);
    expect(reshown.posted!.id).toBe(question.posted!.id);
    expect(buttonsOf(reshown).map((x) => x.id)).toEqual(oldButtons.map((x) => x.id));
    await b.type(':user carol');
    expect(text(await b.type('C'))).toBe('Got it: C');
    await b.type(':user bob');
    expect(text(await b.type('D'))).toBe('You already answered B; your first answer counts.');
    await b.type(':user you');
    expect(text(await b.type('/quiz stop'))).toBe('Quiz stopped.');
    const final = await b.until((l) => !!l.posted && !!l.data && 'finished' in l.data);
    expect((final.data!.standings as { user: string }[]).map((s) => s.user).sort()).toEqual(['console:bob', 'console:carol', 'console:you']);
    expect(await b.end()).toBe(0);

    const reveals = [...a.lines, ...b.lines].filter((l) => l.posted && l.data && 'revealed' in l.data);
    expect(reveals.map((l) => l.data!.revealed)).toEqual([1]);
    const results = reveals[0]!.data!.results as { user: string; option: number }[];
    expect(results.map((r) => [r.user, r.option]).sort()).toEqual([
      ['console:bob', 1],
      ['console:carol', 2],
      ['console:you', 0],
    ]);
  }, 90_000);
});
