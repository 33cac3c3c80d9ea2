import { describe, expect, it } from 'vitest';
import { Metrics } from '../src/ops/metrics.js';
import type { QuizStore } from '../src/quiz/quiz-store.js';
import { faulty } from './support/faulty-store.js';
import { CHANNEL, quizWorld, textOf } from './support/quiz-world.js';

async function counted(metrics: Metrics, pattern: RegExp): Promise<number> {
  const m = pattern.exec((await metrics.render()).body);
  return m ? Number(m[1]) : 0;
}

/** The real quiz over a real store that can be made to fail its next write. */
function world() {
  const metrics = new Metrics();
  let faults!: ReturnType<typeof faulty<QuizStore>>;
  const w = quizWorld({ metrics, store: (real) => (faults = faulty(real)).store });
  /** How many posts of each kind the channel got: none may come twice. */
  const posted = () => ({ questions: w.port.having('question').length, reveals: w.port.having('revealed').length, finals: w.port.having('finished').length });
  return { w, faults, metrics, posted };
}

describe('a storage failure during /quiz stop', () => {
  it('reaches the error boundary (logged, counted, an apology) instead of saying the quiz had already ended', async () => {
    const { w, faults, metrics, posted } = world();
    await w.say('alice', '/quiz start ch4 2 10');
    await w.clock.advance(3000);
    faults.failNext('finish');
    const r = await w.say('alice', '/quiz stop');
    expect(r.kind).toBe('error');
    expect(textOf(r)).not.toMatch(/already ended/);
    expect(w.errors).toHaveLength(1);
    expect(await counted(metrics, /studybot_commands_total\{command="quiz",platform="console",outcome="error"\} (\d+)/)).toBe(1);
    expect(await counted(metrics, /studybot_errors_total\{where="command"\} (\d+)/)).toBe(1);
    // Nothing was stopped, so stopping again once storage is back works, with one results post.
    expect(await w.engine.running(CHANNEL)).toBeDefined();
    expect(textOf(await w.say('alice', '/quiz stop'))).toBe('Quiz stopped.');
    expect(posted()).toEqual({ questions: 1, reveals: 1, finals: 1 });
  });
});

describe('a storage failure on the answer path', () => {
  it('is not acknowledged as "Got it": the person gets an apology, and the same click works once storage is back', async () => {
    const { w, faults, metrics } = world();
    await w.say('alice', '/quiz start ch4 1 10');
    await w.clock.advance(3000);
    const q = w.lastQuestion();
    faults.failNext('recordAnswer');
    const first = await w.click('bob', q.buttons[q.right]!.id);
    expect(first.kind).toBe('error');
    expect(textOf(first)).not.toMatch(/Got it/);
    expect(await counted(metrics, /studybot_errors_total\{where="command"\} (\d+)/)).toBe(1);
    expect(textOf(await w.click('bob', q.buttons[q.right]!.id))).toMatch(/^Got it/);
    await w.clock.advance(10_000);
    const results = w.port.having('revealed')[0]!.reply.data!.results as { user: string; right: boolean }[];
    expect(results).toEqual([expect.objectContaining({ user: 'console:bob', right: true })]);
  });
});

describe('a storage failure in a quiz step nobody is waiting on', () => {
  it.each([
    { write: 'openNext', at: 0, questions: 1, after: { questions: 0, reveals: 0, finals: 0 } },
    { write: 'setMessage', at: 0, questions: 1, after: { questions: 1, reveals: 1, finals: 1 } },
    // Closing a question that is not the last reveals it; closing the last ends the quiz: one transaction either way.
    { write: 'closeOpen', at: 3000, questions: 2, after: { questions: 1, reveals: 0, finals: 0 } },
    { write: 'closeOpen', at: 3000, questions: 1, after: { questions: 1, reveals: 0, finals: 0 } },
  ] as const)('$write failing is logged and counted as a quiz error, and nothing is posted twice', async (c) => {
    const { w, faults, metrics, posted } = world();
    await w.say('alice', `/quiz start ch4 ${c.questions} 10`);
    await w.clock.advance(c.at);
    faults.failNext(c.write);
    await w.clock.advance(60_000);
    expect(faults.failed).toEqual([c.write]);
    expect(posted()).toEqual(c.after);
    expect(w.errors).toHaveLength(1);
    expect(await counted(metrics, /studybot_errors_total\{where="quiz"\} (\d+)/)).toBe(1);
  });
});
