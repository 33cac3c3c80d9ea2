import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { runConsole } from '../src/console/console-adapter.js';
import { ConsolePort } from '../src/console/console-port.js';
import { quizWorld } from './support/quiz-world.js';

interface Line {
  posted?: { id: string };
  edited?: boolean;
  kind?: string;
  blocks: { type: string; text?: string; items?: string[] }[];
  data?: Record<string, unknown>;
}

/** The console adapter on streams, in --json mode: every reply and every post is one JSON line. */
function consoleSession() {
  const input = new PassThrough();
  const output = new PassThrough();
  const port = new ConsolePort(output, { json: true, colour: false });
  const w = quizWorld({ port });
  const lines: Line[] = [];
  let waiting: (() => void) | undefined;
  let buffer = '';
  output.on('data', (chunk: Buffer) => {
    buffer += chunk.toString('utf8');
    let nl: number;
    while ((nl = buffer.indexOf('\n')) >= 0) {
      lines.push(JSON.parse(buffer.slice(0, nl)) as Line);
      buffer = buffer.slice(nl + 1);
    }
    waiting?.();
  });
  const done = runConsole({ router: w.router, input, output, interactive: false, colour: false, json: true, port });
  const replies = () => lines.filter((l) => !l.posted);
  return {
    w,
    lines,
    /** Types a line and resolves with the reply the console prints for it. */
    async type(text: string): Promise<Line> {
      const before = replies().length;
      input.write(`${text}\n`);
      while (replies().length === before) await new Promise<void>((resolve) => (waiting = resolve));
      return replies()[before]!;
    },
    posts: (key: string) => lines.filter((l) => l.posted && !l.edited && l.data && key in l.data),
    async end() {
      input.end();
      await done;
    },
  };
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
