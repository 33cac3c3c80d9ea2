import type { NewQuiz, QuizStore } from '../../src/quiz/quiz-store.js';

/** The quiz-store contract tests' clock: a quiz is created at T0 (UTC ms) and its first question opens 3 s later. */
export const T0 = Date.parse('2026-03-02T10:00:00Z');
export const CHANNEL = 'slack:T1:C1';

/** A quiz of `count` (default 3) four-option questions in CHANNEL, 20 s each; question n's answer is (n - 1) mod 4. */
export function newQuiz(o: Partial<NewQuiz> & { count?: number } = {}): NewQuiz {
  const count = o.count ?? 3;
  return {
    channel: CHANNEL,
    starter: { id: 'slack:T1:U0', name: 'alice' },
    selection: 'Ch. 4',
    seconds: 20,
    questions: Array.from({ length: count }, (_, i) => ({ questionId: `q${i + 1}`, chapter: 4, answer: i % 4, optionCount: 4, options: ['a', 'b', 'c', 'd'] })),
    now: T0,
    firstAt: T0 + 3000,
    ...o,
  };
}

/** Person n: id `slack:T1:U<n>`, name `p<n>`. */
export const player = (n: number) => ({ id: `slack:T1:U${n}`, name: `p${n}` });

/** Person n's click on `option` of question `no` at `at` (UTC ms), as QuizStore.recordAnswer takes it. */
export const click = (sessionId: number, n: number, option: number, at: number, no = 1, channel = CHANNEL) => ({ sessionId, channel, no, user: player(n), option, at });

/** A quiz whose first question is open from T0 + 3000 (deadline T0 + 23 000). */
export async function opened(quizzes: QuizStore, o: Partial<NewQuiz> & { count?: number } = {}) {
  const quiz = await quizzes.create(newQuiz(o));
  const id = quiz.state.sessionId;
  const t = await quizzes.openNext(id, 1, T0 + 3000);
  return { id, opened: t! };
}

/** Settles every promise, returning the values and the errors apart. */
export async function settle<T>(work: Promise<T>[]): Promise<{ values: T[]; errors: unknown[] }> {
  const all = await Promise.allSettled(work);
  return {
    values: all.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : [])),
    errors: all.flatMap((r) => (r.status === 'rejected' ? [r.reason] : [])),
  };
}
