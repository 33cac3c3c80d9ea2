import type { Question } from '../../src/content/types.js';
import type { Player } from '../../src/quiz/quiz-state.js';
import type { QuizStore } from '../../src/quiz/quiz-store.js';

/** One question of a quiz played out: who answered it and whether they were right. */
export interface PlayedQuestion {
  question: Question;
  answers: { player: Player; right: boolean }[];
}

/**
 * Plays a whole quiz through the real quiz store, as the engine would: create, open each question, record every
 * click (the right option, or the next one for a wrong answer), close it; the last close ends the quiz and saves
 * the standings. So what is read back (stats, leaderboard, channel answers) went through the production writes.
 * Each question takes 20 s; answers come 2 s after it opens, in the order given (ms apart). Returns when it ends (UTC ms).
 */
export async function playQuiz(quizzes: QuizStore, o: { channel: string; at: number; questions: PlayedQuestion[]; starter?: Player }): Promise<number> {
  const starter = o.starter ?? o.questions[0]?.answers[0]?.player ?? { id: 'console:starter', name: 'starter' };
  const quiz = await quizzes.create({
    channel: o.channel,
    starter,
    selection: 'test',
    seconds: 20,
    questions: o.questions.map(({ question: q }) => ({ questionId: q.id, chapter: q.chapter, answer: q.answer, optionCount: q.options.length, options: q.options })),
    now: o.at,
    firstAt: o.at + 1000,
  });
  const id = quiz.state.sessionId;
  let t = o.at + 1000;
  for (const [i, played] of o.questions.entries()) {
    const no = i + 1;
    await quizzes.openNext(id, no, t);
    for (const [k, a] of played.answers.entries()) {
      const q = played.question;
      await quizzes.recordAnswer({ sessionId: id, channel: o.channel, no, user: a.player, option: a.right ? q.answer : (q.answer + 1) % q.options.length, at: t + 2000 + k });
    }
    await quizzes.closeOpen(id, no, t + 20_000, t + 25_000);
    t += 25_000;
  }
  return t;
}
