import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { renderDiscord } from '../src/discord/render-discord.js';
import { renderBlockKit } from '../src/slack/render-block-kit.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

interface ScriptRun {
  code: number | null;
  /** Replies to the script's lines, in order. */
  replies: any[];
  /** Everything printed: replies and posts (`posted`). */
  lines: any[];
  stderr: string;
  dbPath: string;
}

/**
 * Runs the real bot in scripted mode: each stdin line a command, each reply one JSON line. With `fromFile` the
 * script is a file on stdin (`npm start -- --json < script.txt`), else a pipe.
 */
function script(lines: string[], env: Record<string, string> = {}, fromFile = false): Promise<ScriptRun> {
  const dir = mkdtempSync(join(tmpdir(), 'console-'));
  const dbPath = join(dir, 'bot.db');
  const text = lines.join('\n') + '\n';
  let fd: number | undefined;
  if (fromFile) {
    writeFileSync(join(dir, 'script.txt'), text);
    fd = openSync(join(dir, 'script.txt'), 'r');
  }
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', '--json'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH, DATABASE_PATH: dbPath, ...env },
    stdio: [fd ?? 'pipe', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (err += d));
  if (fd === undefined) child.stdin!.end(text);
  else closeSync(fd);
  return new Promise((resolve) => {
    child.on('exit', (code) => {
      const all = out.trim().split('\n').filter(Boolean).map((l) => JSON.parse(l));
      resolve({ code, stderr: err, lines: all, replies: all.filter((l) => !l.posted), dbPath });
    });
  });
}

const textOf = (l: any): string => l.blocks.map((b: any) => b.text ?? b.items?.join('\n') ?? '').join('\n');

/** Quizzes the bot left "running" in its database. */
function runningQuizzes(dbPath: string): number {
  const db = new Database(dbPath, { readonly: true });
  try {
    return db.prepare("SELECT count(*) FROM quiz_sessions WHERE status = 'running'").pluck().get() as number;
  } finally {
    db.close();
  }
}

describe('the console in scripted mode', () => {
  it('answers each line with one JSON reply, ranked matches first, and exits when input ends', async () => {
    const { code, replies } = await script(['/ask why is accuracy misleading for imbalanced data?', 'what is the capital of france', '', '/chapter 4']);
    expect(code).toBe(0);
    expect(replies).toHaveLength(3);
    const [ask, offTopic, chapter] = replies;
    expect(ask.data.confident).toBe(true);
    expect(ask.data.matches[0]).toMatchObject({ chapter: 4, conceptId: 'challenges-of-class-imbalance' });
    expect(ask.data.matches[0].takeaway.length).toBeGreaterThan(40);
    expect(ask.data.matches.length).toBeLessThanOrEqual(3);
    expect(offTopic.data).toMatchObject({ confident: false, matches: [] });
    expect(offTopic.blocks[0].text).toContain("couldn't find a confident match");
    expect(chapter.data.chapter).toBe(4);
  });

  it('lets one terminal speak as several people with :user', async () => {
    const { replies } = await script([':user Alice', '/quiz start ch4 1 10', ':user bob', '/quiz start']);
    expect(replies[0].data.user).toBe('alice');
    expect(replies[1].blocks[1].text).toMatch(/^alice started a quiz/);
    expect(replies[2].data.user).toBe('bob');
    expect(replies[3]).toMatchObject({ kind: 'error' });
    expect(replies[3].blocks[0].text).toMatch(/already running here.*started by alice/);
  });

  it('answers hostile input politely and never echoes a live mention', async () => {
    const { code, replies } = await script([
      `/ask ${'x'.repeat(10_000)}`,
      '/ask',
      '/ask \u0007\u001b[31mSMOTE\u0008',
      '/ask @everyone <!channel> <@U123> tell me a joke @here',
      '/nosuchcommand <!here>',
      '/ask @everyone <!channel> <@U123> what is SMOTE @here',
    ]);
    expect(code).toBe(0);
    expect(replies).toHaveLength(6);
    const text = JSON.stringify(replies);
    // The neutral reply keeps a person's words as typed; each chat's renderer makes them inert there.
    expect(replies[3].blocks[0].text).toContain('@everyone <!channel> <@U123> tell me a joke @here');
    for (const r of replies) {
      expect(JSON.stringify(renderDiscord(r))).not.toMatch(/(?<!\\\\)<[@#!]|@everyone|@here/);
      expect(JSON.stringify(renderBlockKit(r))).not.toMatch(/<[@#!]|@everyone|@here|@channel/);
    }
    expect(text).not.toMatch(/\\u0007|\\u001b|\\b/);
    expect(replies[1]).toMatchObject({ kind: 'error' });
    expect(replies[1].blocks[1].text).toContain('/ask');
    expect(replies[2].data.matches[0].conceptId).toBe('smote-and-tomek-links');
    expect(replies[4]).toMatchObject({ kind: 'error' });
    // Mentions around a question that is answered: the answer, and nothing live.
    expect(replies[5].data.matches[0].conceptId).toBe('smote-and-tomek-links');
  });

  it('clicks an answer of a /daily now post by typing its letter', async () => {
    const { replies } = await script(['/daily now', 'B']);
    expect(replies).toHaveLength(2);
    expect(replies[0].blocks.some((b: any) => b.type === 'buttons')).toBe(true);
    expect(replies[1].blocks.map((b: any) => b.text).join(' ')).toMatch(/Right|Not quite/);
  });

  it('stops start-up with file and line when the notes are broken', async () => {
    const { code, stderr } = await script(['/help'], { CONTENT_DIR: join(ROOT, 'test/fixtures/broken-content') });
    expect(code).toBe(1);
    expect(stderr).toMatch(/ch01-broken\.md:\d+: .*needs exactly one|marked \[x\]/);
    expect(stderr).not.toMatch(/\n\s+at /);
  });
});

describe('a quiz in a console script', () => {
  it('plays a whole 3-question quiz for two people from a file, to the final standings, and leaves none running', async () => {
    const run = await script(
      ['/quiz start ch4 3 10', ':user alice', 'A', ':user bob', 'b)', ':user alice', 'answer C', ':user bob', 'D', ':user alice', '(b)', ':user bob', 'A', '/leaderboard'],
      {},
      true,
    );
    expect(run.code, run.stderr).toBe(0);
    // Every answer waited for its question instead of reaching the quiz before it, or becoming an /ask question.
    expect(run.replies.map(textOf)).toEqual([
      expect.stringContaining('3 questions on Ch. 4'),
      'Now speaking as alice.',
      'Got it: A',
      'Now speaking as bob.',
      'Got it: B',
      'Now speaking as alice.',
      'Got it: C',
      'Now speaking as bob.',
      'Got it: D',
      'Now speaking as alice.',
      'Got it: B',
      'Now speaking as bob.',
      'Got it: A',
      expect.stringMatching(/Leaderboard|No quiz|—/),
    ]);
    const posts = run.lines.filter((l) => l.posted && !l.edited);
    const reveals = posts.filter((l) => 'revealed' in (l.data ?? {}));
    expect(reveals.map((l) => l.data.results.length)).toEqual([2, 2, 2]);
    const final = posts.filter((l) => 'finished' in (l.data ?? {}));
    expect(final).toHaveLength(1);
    expect(final[0].data.standings.map((s: any) => s.user).sort()).toEqual(['console:alice', 'console:bob']);
    expect(textOf(final[0])).toMatch(/alice — \d+ pts? \(\d\/3 right\)/);
    expect(textOf(final[0])).toContain('3 of 3 questions played.');
    expect(runningQuizzes(run.dbPath)).toBe(0);
  }, 60_000);

  it.each([
    // The example: the answer used to become an /ask question and the quiz was left running.
    [['/quiz start ch4 1 10', 'C'], ['Got it: C'], 1],
    // Nobody answers: end of input still plays the quiz out to its end.
    [['/quiz start ch4 2 10'], [], 2],
    // `:wait` lets the question run out: the late answer is for a question that is over.
    [['/quiz start ch4 1 10', ':wait 20', 'C'], ['20 s later.', 'No question is waiting for an answer right now.'], 1],
  ])('%j ends with the quiz played out, not left running', async (lines, answers, reveals) => {
    const run = await script(lines);
    expect(run.code, run.stderr).toBe(0);
    expect(run.replies.slice(1).map((r) => textOf(r).split('\n')[0])).toEqual(answers);
    expect(run.lines.filter((l) => l.posted && 'revealed' in (l.data ?? {}))).toHaveLength(reveals);
    expect(run.lines.filter((l) => l.posted && 'finished' in (l.data ?? {}))).toHaveLength(1);
    expect(runningQuizzes(run.dbPath)).toBe(0);
  }, 60_000);
});

describe('the console on a terminal', () => {
  it('leaves out the Share in channel button, which only means something where replies are private', async () => {
    const { renderText } = await import('../src/console/render-text.js');
    const { reply } = await import('../src/core/reply.js');
    const text = renderText(
      reply([{ type: 'text', text: 'x' }, { type: 'buttons', buttons: [{ id: 'share:a.1', label: 'Share in channel' }, { id: 'daily:q1:0', label: 'A' }] }]),
      false,
    );
    expect(text).toContain('[A]');
    expect(text).not.toContain('Share in channel');
  });
});
