import { describe, expect, it } from 'vitest';
import { consoleStreams, driveConsole, type ConsoleLine } from './support/console-driver.js';
import { quizWorld } from './support/quiz-world.js';

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

    // The closed question lost its buttons: a letter now is a question for /ask, not a click.
    expect(text(await c.type(R))).not.toMatch(/Got it|already answered|closed/);
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
