import { describe, expect, it } from 'vitest';
import type { Question } from '../src/content/types.js';
import { pickQuestions } from '../src/quiz/question-picker.js';
import { answer, finish, newQuiz, open, reveal, type QuizState } from '../src/quiz/quiz-state.js';
import { pointsFor } from '../src/quiz/scoring.js';
import { seededRandom } from './support/fake-clock.js';

const T0 = 1_000_000;
const alice = { id: 'console:alice', name: 'alice' };
const bob = { id: 'console:bob', name: 'bob' };
const carol = { id: 'console:carol', name: 'carol' };

function quiz(questions = 3, seconds = 20): QuizState {
  return newQuiz({
    sessionId: 1,
    channel: 'console:main',
    starter: alice,
    seconds,
    // The right answer is option 1 everywhere; three options each.
    questions: Array.from({ length: questions }, (_, i) => ({ questionId: `q${i}`, chapter: 1, answer: 1, optionCount: 3 })),
  });
}

describe('the quiz state machine', () => {
  it("counts a person's first answer and tells a second click what the first one was", () => {
    const s0 = open(quiz(), T0).state;
    const first = answer(s0, bob, { question: 1, option: 2 }, T0 + 1000);
    expect(first.events).toEqual([{ type: 'answer-accepted', question: 1, user: bob, option: 2 }]);
    const second = answer(first.state, bob, { question: 1, option: 1 }, T0 + 2000);
    expect(second.events).toEqual([{ type: 'answer-repeated', question: 1, user: bob, first: 2 }]);
    expect(second.state).toBe(first.state);
    expect(first.state.answers[1]?.[bob.id]?.option).toBe(2);
  });

  it('leaves the state it was given unchanged', () => {
    const s0 = open(quiz(), T0).state;
    const copy = structuredClone(s0);
    answer(s0, bob, { question: 1, option: 1 }, T0 + 10);
    reveal(s0);
    finish(s0, 'stopped');
    expect(s0).toEqual(copy);
  });

  it('refuses an answer at or after the deadline even before anyone closes the question', () => {
    const s0 = open(quiz(1, 10), T0).state;
    expect(answer(s0, bob, { question: 1, option: 1 }, T0 + 9_999).events[0]!.type).toBe('answer-accepted');
    const late = answer(s0, bob, { question: 1, option: 1 }, T0 + 10_000).events[0]!;
    expect(late).toMatchObject({ type: 'answer-refused', reason: 'late' });
  });

  it('refuses options the question does not have, questions not open, and questions that do not exist', () => {
    const s0 = open(quiz(), T0).state;
    expect(answer(s0, bob, { question: 1, option: 3 }, T0).events[0]).toMatchObject({ reason: 'bad-option' });
    expect(answer(s0, bob, { question: 1, option: -1 }, T0).events[0]).toMatchObject({ reason: 'bad-option' });
    expect(answer(s0, bob, { question: 2, option: 1 }, T0).events[0]).toMatchObject({ reason: 'not-open' });
    expect(answer(s0, bob, { question: 9, option: 1 }, T0).events[0]).toMatchObject({ reason: 'unknown-question' });
  });

  it('tells a late click on a revealed question what the answer was', () => {
    const s = reveal(open(quiz(), T0).state).state;
    expect(answer(s, bob, { question: 1, option: 0 }, T0 + 50_000).events[0]).toMatchObject({ type: 'answer-refused', reason: 'not-open', answer: 1 });
  });

  it('scores 100 for a right answer plus a speed bonus for the time left, and nothing for a wrong one', () => {
    let s = open(quiz(1, 20), T0).state;
    s = answer(s, alice, { question: 1, option: 1 }, T0).state; // all 20 s left
    s = answer(s, bob, { question: 1, option: 1 }, T0 + 15_000).state; // 5 s of 20 left
    s = answer(s, carol, { question: 1, option: 0 }, T0 + 1_000).state;
    const ev = reveal(s).events[0]!;
    expect(ev.type).toBe('question-revealed');
    if (ev.type !== 'question-revealed') return;
    const points = Object.fromEntries(ev.results.map((r) => [r.user.name, r.points.total]));
    expect(points).toEqual({ alice: 150, bob: 113, carol: 0 });
    expect(ev.results.map((r) => r.user.name)).toEqual(['alice', 'carol', 'bob']); // in the order they answered
  });

  it('adds 10 per answer in a current streak, capped at 30, and not answering breaks the streak', () => {
    let s = quiz(6, 10);
    const streakBonuses: number[] = [];
    for (let no = 1; no <= 6; no++) {
      s = open(s, T0 + no * 100_000).state;
      // bob skips question 5; every answer he gives comes at the deadline, so no speed bonus muddies the sum.
      if (no !== 5) s = answer(s, bob, { question: no, option: 1 }, T0 + no * 100_000 + 9_999).state;
      const ev = reveal(s);
      s = ev.state;
      const r = ev.events[0]!.type === 'question-revealed' ? (ev.events[0] as { results: { points: { streak: number } }[] }).results[0] : undefined;
      streakBonuses.push(r?.points.streak ?? -1);
    }
    expect(streakBonuses).toEqual([0, 10, 20, 30, -1, 0]);
    expect(s.players[bob.id]).toMatchObject({ right: 5, answered: 5, streak: 1 });
  });

  it('reveals a question once: a second reveal has no events', () => {
    const s = reveal(open(quiz(), T0).state).state;
    expect(reveal(s).events).toEqual([]);
  });

  it('finishing reveals the open question, skips the ones never shown and ranks players by points', () => {
    let s = open(quiz(3), T0).state;
    s = answer(s, bob, { question: 1, option: 1 }, T0 + 5000).state;
    s = answer(s, carol, { question: 1, option: 1 }, T0 + 1000).state;
    s = answer(s, alice, { question: 1, option: 2 }, T0 + 1000).state;
    const done = finish(s, 'stopped');
    expect(done.events.map((e) => e.type)).toEqual(['question-revealed', 'quiz-finished']);
    const fin = done.events[1]!;
    if (fin.type !== 'quiz-finished') throw new Error('expected the quiz to finish');
    expect(fin.standings.map((x) => [x.user.name, x.points])).toEqual([['carol', 148], ['bob', 138], ['alice', 0]]);
    expect(done.state.questions.map((q) => q.status)).toEqual(['revealed', 'skipped', 'skipped']);
    expect(answer(done.state, bob, { question: 2, option: 1 }, T0 + 6000).events[0]).toMatchObject({ reason: 'quiz-over' });
    expect(finish(done.state).events).toEqual([]);
  });

  it('opens nothing while a question is open or after the quiz ended', () => {
    const s = open(quiz(), T0).state;
    expect(open(s, T0 + 1).events).toEqual([]);
    expect(open(finish(s).state, T0 + 2).events).toEqual([]);
  });
});

describe('points', () => {
  it.each([
    [true, 20_000, 20_000, 0, 150],
    [true, 10_000, 20_000, 0, 125],
    [true, 0, 20_000, 0, 100],
    [true, -500, 20_000, 0, 100],
    [true, 0, 20_000, 2, 120],
    [true, 0, 20_000, 9, 130],
    [false, 20_000, 20_000, 5, 0],
  ])('right=%s with %i ms of %i left and a streak of %i scores %i', (right, left, duration, streak, total) => {
    expect(pointsFor(right, left, duration, streak).total).toBe(total);
  });
});

describe('choosing questions', () => {
  const pool = Array.from({ length: 7 }, (_, i) => ({ id: `q${i}` }) as Question);

  it('does not repeat a question in a channel until the whole pool has been asked', () => {
    const asked = new Map<string, number>();
    const random = seededRandom(3);
    const seen: string[] = [];
    for (let round = 0; round < 7; round++) {
      for (const q of pickQuestions(pool, asked, 3, random)) {
        asked.set(q.id, (asked.get(q.id) ?? 0) + 1);
        seen.push(q.id);
      }
    }
    // Every window of 7 consecutive picks is the whole pool: no repeat before it is used up.
    for (let i = 0; i + 7 <= seen.length; i += 7) expect(new Set(seen.slice(i, i + 7)).size).toBe(7);
  });

  it('gives each cycle through the pool its own order instead of replaying the first', () => {
    const asked = new Map<string, number>();
    const random = seededRandom(3);
    const cycle = () =>
      [0, 1, 2].flatMap(() => pickQuestions(pool.slice(0, 6), asked, 2, random).map((q) => (asked.set(q.id, (asked.get(q.id) ?? 0) + 1), q.id)));
    const first = cycle();
    const second = cycle();
    expect(new Set(first).size).toBe(6);
    expect(new Set(second).size).toBe(6);
    expect(second).not.toEqual(first);
  });

  it('gives a shuffled order, not the book order', () => {
    const random = seededRandom(5);
    const orders = new Set(Array.from({ length: 5 }, () => pickQuestions(pool, new Map(), 7, random).map((q) => q.id).join()));
    expect(orders.size).toBeGreaterThan(1);
  });
});
