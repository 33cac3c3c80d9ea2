import { afterEach, describe, expect, it } from 'vitest';
import type { AnswerVerdict } from '../../src/quiz/quiz-state.js';
import { QuizRunningError } from '../../src/quiz/quiz-store.js';
import { ENGINES, failWrites, storages } from '../support/postgres.js';
import { CHANNEL, click, newQuiz, opened, player, settle, T0 } from '../support/quiz-store-fixtures.js';

const db = storages();
afterEach(() => db.closeAll());

describe.each(ENGINES)('QuizStore on %s', (engine) => {
  it('stores a quiz and reads it back whole: questions, options as posted, starter, next opening', async () => {
    const { quizzes } = await db.open(engine);
    const created = await quizzes.create(newQuiz());
    expect(created.state).toMatchObject({ channel: CHANNEL, status: 'running', seconds: 20, starter: { id: 'slack:T1:U0', name: 'alice' } });
    expect(created.state.questions.map((q) => [q.no, q.questionId, q.status, q.options])).toEqual([
      [1, 'q1', 'pending', ['a', 'b', 'c', 'd']],
      [2, 'q2', 'pending', ['a', 'b', 'c', 'd']],
      [3, 'q3', 'pending', ['a', 'b', 'c', 'd']],
    ]);
    expect(created.nextAt).toBe(T0 + 3000);
    expect(await quizzes.load(created.state.sessionId)).toEqual(created);
    expect(await quizzes.running(CHANNEL)).toEqual(created);
    expect(await quizzes.runningIds()).toEqual([created.state.sessionId]);
    expect(await quizzes.running('slack:T1:C2')).toBeUndefined();
    expect(await quizzes.load(created.state.sessionId + 1000)).toBeUndefined();
  });

  it('refuses a second running quiz in a channel, saying which one runs', async () => {
    const { quizzes } = await db.open(engine);
    const first = await quizzes.create(newQuiz());
    const second = quizzes.create(newQuiz({ starter: { id: 'slack:T1:U9', name: 'bob' } }));
    await expect(second).rejects.toBeInstanceOf(QuizRunningError);
    await expect(second).rejects.toMatchObject({ running: { state: { sessionId: first.state.sessionId } } });
    expect(await quizzes.create(newQuiz({ channel: 'slack:T1:C2' }))).toBeDefined();
  });

  it('opens only the question named, once; the transition carries the state a reload shows', async () => {
    const { quizzes } = await db.open(engine);
    const id = (await quizzes.create(newQuiz())).state.sessionId;
    expect(await quizzes.openNext(id, 2, T0 + 3000)).toBeUndefined();
    const t = await quizzes.openNext(id, 1, T0 + 3000);
    expect(t!.step.events).toEqual([{ type: 'question-opened', question: 1, deadline: T0 + 23_000 }]);
    expect(t!.quiz.state.questions[0]).toMatchObject({ status: 'open', openedAt: T0 + 3000, deadline: T0 + 23_000 });
    expect(t!.quiz.nextAt).toBeUndefined();
    expect(await quizzes.load(id)).toEqual(t!.quiz);
    expect(await quizzes.openNext(id, 1, T0 + 3001)).toBeUndefined();
  });

  it('takes each person’s first answer to an open question before its deadline, and tells every other click why not', async () => {
    const { quizzes } = await db.open(engine);
    const { id } = await opened(quizzes);
    expect(await quizzes.recordAnswer(click(id, 1, 2, T0 + 4000))).toEqual({ kind: 'accepted', option: 2 });
    expect(await quizzes.recordAnswer(click(id, 2, 0, T0 + 5000))).toEqual({ kind: 'accepted', option: 0 });
    expect(await quizzes.recordAnswer(click(id, 1, 3, T0 + 6000))).toEqual({ kind: 'repeated', first: 2 });
    expect(await quizzes.recordAnswer(click(id, 3, 0, T0 + 23_000))).toEqual({ kind: 'refused', reason: 'late' });
    expect(await quizzes.recordAnswer(click(id, 3, 7, T0 + 6000))).toEqual({ kind: 'refused', reason: 'bad-option' });
    expect(await quizzes.recordAnswer(click(id, 3, 0, T0 + 6000, 2))).toEqual({ kind: 'refused', reason: 'not-open' });
    expect(await quizzes.recordAnswer(click(id, 3, 0, T0 + 6000, 9))).toEqual({ kind: 'refused', reason: 'unknown-question' });
    expect(await quizzes.recordAnswer(click(id, 3, 0, T0 + 6000, 1, 'slack:T1:C2'))).toEqual({ kind: 'refused', reason: 'quiz-over' });
    expect(await quizzes.recordAnswer(click(id + 1000, 3, 0, T0 + 6000))).toEqual({ kind: 'refused', reason: 'quiz-over' });
    const stored = await quizzes.load(id);
    expect(Object.values(stored!.state.answers[1]!).map((a) => [a.user.id, a.option, a.at])).toEqual([
      ['slack:T1:U1', 2, T0 + 4000],
      ['slack:T1:U2', 0, T0 + 5000],
    ]);
  });

  it('closes the question named: reveal with scores, the next opening, and a refusal for late clicks', async () => {
    const { quizzes } = await db.open(engine);
    const { id } = await opened(quizzes);
    await quizzes.recordAnswer(click(id, 1, 0, T0 + 3000)); // right, at once: 150
    await quizzes.recordAnswer(click(id, 2, 1, T0 + 4000)); // wrong
    const t = await quizzes.closeOpen(id, 1, T0 + 23_000, T0 + 28_000);
    expect(t!.step.events).toEqual([
      {
        type: 'question-revealed',
        question: 1,
        answer: 0,
        results: [
          { user: player(1), option: 0, right: true, points: { total: 150, base: 100, speed: 50, streak: 0 } },
          { user: player(2), option: 1, right: false, points: { total: 0, base: 0, speed: 0, streak: 0 } },
        ],
      },
    ]);
    expect(t!.quiz.nextAt).toBe(T0 + 28_000);
    expect(t!.quiz.state.questions[0]!.status).toBe('revealed');
    expect(await quizzes.load(id)).toEqual(t!.quiz);
    expect(await quizzes.closeOpen(id, 1, T0 + 23_001, T0 + 28_001)).toBeUndefined();
    expect(await quizzes.recordAnswer(click(id, 3, 0, T0 + 23_500))).toEqual({ kind: 'refused', reason: 'not-open', answer: 0 });
    expect(await quizzes.stats('slack:T1:U1')).toEqual([{ chapter: 4, answered: 1, correct: 1 }]);
    expect(await quizzes.stats('slack:T1:U2')).toEqual([{ chapter: 4, answered: 1, correct: 0 }]);
  });

  it('reads a channel\'s judged answers for team mastery: revealed questions only, this channel only, since a time, oldest first', async () => {
    const { quizzes } = await db.open(engine);
    const { id } = await opened(quizzes, { count: 2 });
    await quizzes.recordAnswer(click(id, 2, 1, T0 + 5000)); // q1's answer is 0: wrong
    await quizzes.recordAnswer(click(id, 1, 0, T0 + 5000)); // right, same instant: ordered by person
    await quizzes.closeOpen(id, 1, T0 + 23_000, T0 + 28_000);
    await quizzes.openNext(id, 2, T0 + 28_000);
    await quizzes.recordAnswer(click(id, 1, 1, T0 + 30_000, 2)); // q2 still open: not judged yet
    const other = await opened(quizzes, { channel: 'slack:T1:C2' });
    await quizzes.recordAnswer(click(other.id, 3, 0, T0 + 6000, 1, 'slack:T1:C2'));
    await quizzes.closeOpen(other.id, 1, T0 + 23_000, T0 + 28_000);

    expect(await quizzes.channelAnswers(CHANNEL, 0)).toEqual([
      { channel: CHANNEL, person: 'slack:T1:U1', questionId: 'q1', right: true, at: T0 + 5000 },
      { channel: CHANNEL, person: 'slack:T1:U2', questionId: 'q1', right: false, at: T0 + 5000 },
    ]);
    await quizzes.closeOpen(id, 2, T0 + 48_000, T0 + 53_000);
    expect((await quizzes.channelAnswers(CHANNEL, T0 + 5001)).map((a) => [a.person, a.questionId, a.right])).toEqual([['slack:T1:U1', 'q2', true]]);
    expect(await quizzes.channelAnswers('slack:T1:C2', 0)).toEqual([{ channel: 'slack:T1:C2', person: 'slack:T1:U3', questionId: 'q1', right: true, at: T0 + 6000 }]);
    expect(await quizzes.channelAnswers('slack:T1:C9', 0)).toEqual([]);
  });

  it('ends the quiz when the last question closes, saving the standings once', async () => {
    const { quizzes } = await db.open(engine);
    const { id } = await opened(quizzes, { count: 1 });
    await quizzes.recordAnswer(click(id, 1, 0, T0 + 13_000));
    const t = await quizzes.closeOpen(id, 1, T0 + 23_000, T0 + 28_000);
    expect(t!.step.events.map((e) => e.type)).toEqual(['question-revealed', 'quiz-finished']);
    expect(t!.quiz.state.status).toBe('finished');
    expect(t!.quiz.nextAt).toBeUndefined();
    expect(await quizzes.running(CHANNEL)).toBeUndefined();
    expect(await quizzes.runningIds()).toEqual([]);
    expect(await quizzes.finish(id, 'stopped', T0 + 24_000)).toBeUndefined();
    expect(await quizzes.leaderboard(CHANNEL, 0)).toEqual([{ userId: 'slack:T1:U1', name: 'p1', points: 125, correct: 1, answered: 1, quizzes: 1 }]);
  });

  it('stops a quiz between questions: pending questions skipped, standings saved, nothing revealed twice', async () => {
    const { quizzes } = await db.open(engine);
    const { id } = await opened(quizzes);
    await quizzes.recordAnswer(click(id, 1, 0, T0 + 3000));
    await quizzes.closeOpen(id, 1, T0 + 23_000, T0 + 28_000);
    const t = await quizzes.finish(id, 'stopped', T0 + 25_000);
    expect(t!.step.events).toEqual([{ type: 'quiz-finished', status: 'stopped', standings: [{ user: player(1), points: 150, right: 1, answered: 1, streak: 1 }] }]);
    expect(t!.quiz.state.questions.map((q) => q.status)).toEqual(['revealed', 'skipped', 'skipped']);
    expect(await quizzes.load(id)).toEqual(t!.quiz);
    expect(await quizzes.openNext(id, 2, T0 + 28_000)).toBeUndefined();
  });

  it('ends a quiz all or nothing: when saving the standings fails, the quiz runs on with its question open', async () => {
    const s = await db.open(engine);
    const { id } = await opened(s.quizzes);
    await s.quizzes.recordAnswer(click(id, 1, 0, T0 + 4000));
    const lift = await failWrites(s, 'quiz_results', 'INSERT');
    await expect(s.quizzes.finish(id, 'stopped', T0 + 5000)).rejects.toThrow(/injected failure/);
    await lift();
    const after = await s.quizzes.load(id);
    expect(after!.state.status).toBe('running');
    expect(after!.state.questions.map((q) => q.status)).toEqual(['open', 'pending', 'pending']);
    expect(await s.quizzes.recordAnswer(click(id, 2, 0, T0 + 6000))).toEqual({ kind: 'accepted', option: 0 });
    expect((await s.quizzes.finish(id, 'stopped', T0 + 7000))!.step.events.map((e) => e.type)).toEqual(['question-revealed', 'quiz-finished']);
  });

  it('keeps message ids, counts the questions shown per channel, and ranks the leaderboard the same way', async () => {
    const { quizzes } = await db.open(engine);
    const { id } = await opened(quizzes, { count: 2 });
    await quizzes.setMessage(id, 1, '1700000000.000100');
    expect((await quizzes.load(id))!.messages).toEqual(new Map([[1, '1700000000.000100']]));
    // Four players with ties: points, then right answers, then the name in byte order ('Zed' before 'amy').
    for (const [n, name] of [[1, 'amy'], [2, 'Zed'], [3, 'bob'], [4, 'cat']] as const) {
      await quizzes.recordAnswer({ ...click(id, n, n === 4 ? 1 : 0, T0 + 13_000), user: { id: `slack:T1:U${n}`, name } });
    }
    await quizzes.finish(id, 'stopped', T0 + 14_000);
    expect(await quizzes.timesAsked(CHANNEL)).toEqual(new Map([['q1', 1]]));
    const board = await quizzes.leaderboard(CHANNEL, 0);
    expect(board.map((r) => [r.name, r.points, r.correct])).toEqual([
      ['Zed', 125, 1],
      ['amy', 125, 1],
      ['bob', 125, 1],
      ['cat', 0, 0],
    ]);
    expect(await quizzes.leaderboard(CHANNEL, T0 + 14_001)).toEqual([]);
    expect(await quizzes.leaderboard('slack:T1:C2', 0)).toEqual([]);
  });
});

/** Four bot processes on one PostgreSQL database: each its own pool, so their transactions really interleave. */
async function processes() {
  const first = await db.open('postgres');
  const others = await Promise.all([1, 2, 3].map(() => db.another(first)));
  const all = [first, ...others];
  return { first, all, at: (i: number) => all[i % all.length]!.quizzes };
}

describe('QuizStore on PostgreSQL, with several processes at once', () => {
  it('takes one answer when a person clicks ten times at once, and tells the other nine what stands', async () => {
    const p = await processes();
    const { id } = await opened(p.first.quizzes);
    for (let round = 0; round < 5; round++) {
      const { values, errors } = await settle(Array.from({ length: 10 }, (_, n) => p.at(n).recordAnswer(click(id, round, n % 4, T0 + 4000))));
      expect(errors).toEqual([]);
      const accepted = values.filter((v): v is Extract<AnswerVerdict, { kind: 'accepted' }> => v.kind === 'accepted');
      expect(accepted).toHaveLength(1);
      expect(values.filter((v) => v.kind === 'repeated')).toEqual(Array.from({ length: 9 }, () => ({ kind: 'repeated', first: accepted[0]!.option })));
    }
  });

  it('lets one of five closers at once reveal the question, with each answer scored once', async () => {
    const p = await processes();
    for (let round = 0; round < 5; round++) {
      const { id } = await opened(p.first.quizzes, { channel: `slack:T1:R${round}` });
      for (let n = 0; n < 6; n++) await p.at(n).recordAnswer({ ...click(id, n, 0, T0 + 4000), channel: `slack:T1:R${round}` });
      const { values, errors } = await settle(Array.from({ length: 5 }, (_, n) => p.at(n).closeOpen(id, 1, T0 + 23_000, T0 + 28_000)));
      expect(errors).toEqual([]);
      expect(values.filter(Boolean)).toHaveLength(1);
      const stored = await p.first.quizzes.load(id);
      expect(stored!.state.questions.map((q) => q.status)).toEqual(['revealed', 'pending', 'pending']);
      expect(Object.keys(stored!.state.players)).toHaveLength(6);
    }
  });

  it('ends a quiz that /quiz stop and the last timer close together once, with one set of standings', async () => {
    const p = await processes();
    for (let round = 0; round < 8; round++) {
      const channel = `slack:T1:S${round}`;
      const { id } = await opened(p.first.quizzes, { channel, count: 1 });
      await p.at(1).recordAnswer({ ...click(id, 1, 0, T0 + 4000), channel });
      const { values, errors } = await settle([p.at(round).closeOpen(id, 1, T0 + 23_000, T0 + 28_000), p.at(round + 1).finish(id, 'stopped', T0 + 23_000), p.at(round + 2).finish(id, 'stopped', T0 + 23_000)]);
      expect(errors).toEqual([]);
      const won = values.filter(Boolean);
      expect(won).toHaveLength(1);
      expect(won[0]!.step.events.filter((e) => e.type === 'question-revealed')).toHaveLength(1);
      expect(await p.first.quizzes.leaderboard(channel, 0)).toHaveLength(1);
    }
  });

  it('ends the quiz when /quiz stop races a timer revealing a question that is not the last', async () => {
    const p = await processes();
    for (let round = 0; round < 8; round++) {
      const channel = `slack:T1:X${round}`;
      const { id } = await opened(p.first.quizzes, { channel, count: 3 });
      await p.at(1).recordAnswer({ ...click(id, 1, 0, T0 + 4000), channel });
      const [reveal, stop] = await Promise.all([p.at(round).closeOpen(id, 1, T0 + 23_000, T0 + 28_000), p.at(round + 1).finish(id, 'stopped', T0 + 23_000)]);
      // Whichever came first, the stop ends the quiz and the question is revealed exactly once between them.
      expect(stop).toBeDefined();
      const reveals = [reveal, stop].flatMap((t) => t?.step.events.filter((e) => e.type === 'question-revealed') ?? []);
      expect(reveals).toHaveLength(1);
      expect((await p.first.quizzes.load(id))!.state.status).toBe('stopped');
    }
  });

  it('leaves no question open when /quiz stop races the timer opening the next question', async () => {
    const p = await processes();
    for (let round = 0; round < 8; round++) {
      const channel = `slack:T1:O${round}`;
      const { id } = await opened(p.first.quizzes, { channel, count: 3 });
      await p.first.quizzes.closeOpen(id, 1, T0 + 23_000, T0 + 28_000);
      const [open, stop] = await Promise.all([p.at(round).openNext(id, 2, T0 + 28_000), p.at(round + 1).finish(id, 'stopped', T0 + 28_000)]);
      expect(stop).toBeDefined();
      const stored = (await p.first.quizzes.load(id))!.state;
      expect(stored.status).toBe('stopped');
      expect(stored.questions.filter((q) => q.status === 'open')).toEqual([]);
      // A question the timer opened before the stop is revealed by the stop, so nobody's answer is left hanging.
      if (open) expect(stop!.step.events.map((e) => e.type)).toEqual(['question-revealed', 'quiz-finished']);
    }
  });

  it('scores every answer it acknowledged when clicks race the reveal: none acknowledged and lost', async () => {
    const p = await processes();
    for (let round = 0; round < 5; round++) {
      const channel = `slack:T1:L${round}`;
      const { id } = await opened(p.first.quizzes, { channel });
      const clicks = Array.from({ length: 30 }, (_, n) => p.at(n).recordAnswer({ ...click(id, n, 0, T0 + 22_000), channel }));
      const closing = p.at(round).closeOpen(id, 1, T0 + 23_000, T0 + 28_000);
      const { values, errors } = await settle(clicks);
      expect(errors).toEqual([]);
      const t = await closing;
      const accepted = values.filter((v) => v.kind === 'accepted').length;
      const revealed = t!.step.events.find((e) => e.type === 'question-revealed');
      expect(revealed?.type === 'question-revealed' && revealed.results.length).toBe(accepted);
      expect(values.filter((v) => v.kind !== 'accepted').every((v) => v.kind === 'refused' && v.reason === 'not-open')).toBe(true);
      // Nothing was stored after the reveal read the answers: every stored answer is one it scored.
      const stored = Object.keys((await p.first.quizzes.load(id))!.state.answers[1] ?? {}).sort();
      expect(revealed?.type === 'question-revealed' && revealed.results.map((r) => r.user.id).sort()).toEqual(stored);
    }
  });

  it('lets one of five /quiz start at once in a channel through; the others hear which quiz runs', async () => {
    const p = await processes();
    for (let round = 0; round < 5; round++) {
      const channel = `slack:T1:N${round}`;
      const { values, errors } = await settle(Array.from({ length: 5 }, (_, n) => p.at(n).create(newQuiz({ channel }))));
      expect(values).toHaveLength(1);
      expect(errors).toHaveLength(4);
      for (const e of errors) expect(e).toBeInstanceOf(QuizRunningError);
    }
  });
});
