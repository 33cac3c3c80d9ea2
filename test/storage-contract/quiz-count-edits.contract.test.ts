import { afterEach, describe, expect, it } from 'vitest';
import type { QuizStore } from '../../src/quiz/quiz-store.js';
import { ENGINES, storages } from '../support/postgres.js';

const T0 = Date.parse('2026-03-02T10:00:00Z');
const OPENED = T0 + 3000;
const db = storages();
afterEach(() => db.closeAll());

/** A one-question quiz whose question opened at OPENED (deadline 20 s later). */
async function openQuiz(quizzes: QuizStore): Promise<number> {
  const q = await quizzes.create({
    channel: 'slack:T1:C1',
    starter: { id: 'slack:T1:U1', name: 'alice' },
    selection: 'Ch. 4',
    seconds: 20,
    questions: [{ questionId: 'q1', chapter: 4, answer: 0, optionCount: 4 }],
    now: T0,
    firstAt: OPENED,
  });
  await quizzes.openNext(q.state.sessionId, 1, OPENED);
  return q.state.sessionId;
}

describe.each(ENGINES)('answer-count edit claims on %s', (engine) => {
  it('allow one count edit per second per question, the first a second after the question was posted', async () => {
    const { quizzes } = await db.open(engine);
    const id = await openQuiz(quizzes);
    expect(await quizzes.claimCountEdit(id, 1, OPENED + 999, 1000)).toBe(false);
    expect(await quizzes.claimCountEdit(id, 1, OPENED + 1000, 1000)).toBe(true);
    expect(await quizzes.claimCountEdit(id, 1, OPENED + 1500, 1000)).toBe(false);
    expect(await quizzes.claimCountEdit(id, 1, OPENED + 1999, 1000)).toBe(false);
    expect(await quizzes.claimCountEdit(id, 1, OPENED + 2000, 1000)).toBe(true);
  });

  it('refuse a count edit once the question is revealed, and for a question never opened', async () => {
    const { quizzes } = await db.open(engine);
    const id = await openQuiz(quizzes);
    await quizzes.closeOpen(id, 1, OPENED + 20_000, OPENED + 25_000);
    expect(await quizzes.claimCountEdit(id, 1, OPENED + 30_000, 1000)).toBe(false);
    expect(await quizzes.claimCountEdit(id, 2, OPENED + 30_000, 1000)).toBe(false);
  });
});

describe('answer-count edit claims on PostgreSQL, from several processes at once', () => {
  it('let one of twelve claims at the same moment through, in each of ten seconds', async () => {
    const first = await db.open('postgres');
    const pools = [first, ...(await Promise.all([1, 2, 3].map(() => db.another(first))))];
    const id = await openQuiz(first.quizzes);
    for (let s = 1; s <= 10; s++) {
      const wins = (await Promise.all(Array.from({ length: 12 }, (_, n) => pools[n % 4]!.quizzes.claimCountEdit(id, 1, OPENED + s * 1000 + n, 1000)))).filter(Boolean);
      expect(wins).toHaveLength(1);
    }
  });
});
