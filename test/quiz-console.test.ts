import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { ConsolePort } from '../src/console/console-port.js';
import { consoleStreams, driveConsole, type ConsoleLine } from './support/console-driver.js';
import { FakeClock, quizWorld } from './support/quiz-world.js';

type Line = ConsoleLine;

/** The console adapter on streams, in --json mode: every reply and every post is one JSON line. */
function consoleSession() {
  const streams = consoleStreams();
  const w = quizWorld({ port: streams.port });
  return { w, ...driveConsole(w.router, streams) };
}

const text = (l: Line) => l.blocks.map((b) => b.text ?? b.items?.join('\n') ?? '').join('\n');

describe('a quiz in the console', () => {
  it('is played by typing letters, with :user switching between players, to the final standings', async () => {
    const c = consoleSession();
    expect(text(await c.type('/quiz start ch4 2 10'))).toContain('2 questions on Ch. 4 Training Data');
    await c.w.clock.advance(3000);
    const q1 = c.posts('question')[0]!;
    const right = c.w.library.questions.find((q) => q.id === q1.data!.questionId)!.answer;
    const R = 'ABCD'[right]!;
    const W = 'ABCD'[(right + 1) % 4]!;

    expect(text(await c.type(R.toLowerCase()))).toBe(`Got it: ${R}`); // "you" answers right
    expect(text(await c.type(':user bob'))).toBe('Now speaking as bob.');
    expect(text(await c.type(W))).toBe(`Got it: ${W}`);
    expect(text(await c.type(R))).toBe(`You already answered ${W}; your first answer counts.`);
    await c.w.clock.advance(10_000);
    const reveal = c.posts('revealed');
    expect(reveal).toHaveLength(1);
    expect(text(reveal[0]!)).toMatch(new RegExp(`the answer is ${R}`));
    expect(text(reveal[0]!)).toMatch(/you \+150/);

    // The closed question lost its buttons: a letter now answers nothing (and is no question for /ask either).
    expect(text(await c.type(R))).toMatch(/^No question is waiting for an answer/);
    await c.w.clock.advance(5000);
    const q2 = c.posts('question')[1]!;
    const right2 = 'ABCD'[c.w.library.questions.find((q) => q.id === q2.data!.questionId)!.answer]!;
    await c.w.clock.advance(4000);
    expect(text(await c.type(right2))).toBe(`Got it: ${right2}`); // bob, 6 s left of 10
    await c.w.clock.advance(6000);
    const final = c.posts('finished');
    expect(final).toHaveLength(1);
    const standings = final[0]!.data!.standings as { user: string; points: number }[];
    expect(standings.map((s) => [s.user, s.points])).toEqual([
      ['console:you', 150],
      ['console:bob', 130],
    ]);
    expect(text(await c.type('/leaderboard'))).toMatch(/1\. you — 150 pts/);
    await c.end();
    expect(c.w.errors).toEqual([]);
  });
});

describe('the console during a quiz question', () => {
  // Each row is typed by a new player, so every answer is that player's first.
  it.each([
    ['E', 'E is not one of the options: answer with A–D.'],
    ['D.', 'Got it: D'],
    ['answer D', 'Got it: D'],
    ['d)', 'Got it: D'],
    [' b ', 'Got it: B'],
    ['(c)', 'Got it: C'],
    ['Answer: a', 'Got it: A'],
    ['help', /^What I can do/],
    ['help quiz', /^\/quiz <action>/],
    [':help', /^Console commands\n.*:user NAME/],
    [':users', 'There is no console command :users.\nType :help for the console’s commands, or /help for the bot’s.'],
  ])('reads %j as %s', async (typed, expected) => {
    const c = consoleSession();
    await c.type('/quiz start ch4 1 10');
    await c.w.clock.advance(3000);
    const q = c.posts('question')[0]!;
    expect(q.blocks.find((b) => b.type === 'list')!.items).toHaveLength(4);
    await c.type(':user player');
    const r = text(await c.type(typed));
    if (typeof expected === 'string') expect(r).toBe(expected);
    else expect(r).toMatch(expected);
    expect(r).not.toMatch(/confident match|Did you mean/);
    await c.end();
    expect(c.w.errors).toEqual([]);
  });

  it('shows a resumed quiz’s open question again after a restart, so nobody answers blind', async () => {
    const dbPath = join(mkdtempSync(join(tmpdir(), 'quiz-console-')), 'bot.db');
    const clock = new FakeClock();
    const before = quizWorld({ dbPath, clock });
    await before.say('alice', '/quiz start ch4 2 30');
    await clock.advance(3000);
    const asked = before.lastQuestion().post.reply.blocks.find((b) => b.type === 'text')!;
    await before.engine.shutdown();

    // A fresh terminal: what the old one printed is gone.
    const out = new PassThrough();
    let printed = '';
    out.on('data', (d: Buffer) => (printed += d.toString('utf8')));
    const port = new ConsolePort(out, { json: false, colour: false });
    const after = quizWorld({ dbPath, clock, port });
    await after.engine.resume();
    await after.engine.shutdown();
    expect(printed).toContain('Question 1 of 2');
    expect(printed).toContain((asked as { text: string }).text);
    expect(printed).toMatch(/\[A\] \[B\] \[C\] \[D\]/);
    expect(port.answer('B')).toMatchObject({ type: 'click', button: { label: 'B' } });
  });
});
