import { createEmptyCard, fsrs, generatorParameters, Rating, State, type Card, type FSRS, type Grade } from 'ts-fsrs';
import { describe, expect, it } from 'vitest';
import type { Question } from '../src/content/types.js';
import { seeded } from '../src/daily/rotation.js';
import { answerTimeThresholds, ratingFor, wordsToRead, type ReviewAnswer } from '../src/review/answer-rating.js';
import { newCard, parseCard, type ReviewCard } from '../src/review/review-card.js';
import { grade, retrievability, reviewScheduler, type ReviewScheduler } from '../src/review/review-scheduler.js';

const MIN = 60_000;
const DAY = 86_400_000;

/** 20 words of question and 4 × 5 words of options: 40 words, so 10,000 ms to read at 250 ms a word. */
const question: Pick<Question, 'id' | 'text' | 'options'> = {
  id: 'q4-0000aaaa',
  text: 'A model trained last spring scores lower every week on new traffic while its offline metrics stay flat. What happened?',
  options: ['The inputs drifted from training.', 'Labels leaked into the training.', 'The metric was computed wrongly.', 'The server lost its memory.'],
};

const answer = (right: boolean, answerMs?: number, source: ReviewAnswer['source'] = 'review'): ReviewAnswer => ({ question, right, answerMs, source });

describe('the rating an answer earns', () => {
  it('counts the words of the question and its options', () => {
    expect(wordsToRead(question)).toBe(40);
    expect(answerTimeThresholds(question)).toEqual({ easyWithinMs: 10_000, hardAfterMs: 40_000 });
  });

  it.each([
    ['a wrong answer, however fast', answer(false, 1_000), Rating.Again],
    ['a wrong answer with no time', answer(false), Rating.Again],
    ['a right answer within one reading of the question', answer(true, 10_000), Rating.Easy],
    ['a right answer a millisecond past one reading', answer(true, 10_001), Rating.Good],
    ['a right answer half a minute past one reading', answer(true, 40_000), Rating.Good],
    ['a right answer more than half a minute past one reading', answer(true, 40_001), Rating.Hard],
    ['a right answer with its time unknown', answer(true), Rating.Good],
    ['a right answer after the card was left open for 6 minutes', answer(true, 6 * MIN), Rating.Good],
    ['a right answer with a negative time (clock skew)', answer(true, -5), Rating.Good],
    ['a fast right answer in a team quiz, where speed earns points', answer(true, 2_000, 'quiz'), Rating.Good],
    ['a slow right answer in a team quiz', answer(true, 19_000, 'quiz'), Rating.Good],
    ['a wrong answer in a team quiz', answer(false, 3_000, 'quiz'), Rating.Again],
    ['a right answer to a daily quick check, hours after the post', answer(true, 3 * 3_600_000, 'daily-check'), Rating.Good],
  ])('rates %s', (_name, a, expected) => {
    expect(ratingFor(a)).toBe(expected);
  });
});

/** One recorded answer: when, right or not, how long it took, and the rating the mapping must give it. */
type Step = [at: string, right: boolean, answerMs: number | undefined, source: ReviewAnswer['source'], rating: Grade];

const RECORDED: Record<string, Step[]> = {
  'a card learnt in one sitting and then reviewed on time': [
    ['2026-03-02T08:00:00Z', true, 14_000, 'review', Rating.Good],
    ['2026-03-02T08:10:05Z', true, 9_000, 'review', Rating.Easy],
    ['2026-03-10T07:30:00Z', true, 12_000, 'review', Rating.Good],
    ['2026-04-05T19:00:00Z', true, 45_000, 'review', Rating.Hard],
    ['2026-05-20T06:00:00Z', true, 8_000, 'review', Rating.Easy],
  ],
  'a card forgotten twice, with a quiz and a daily check in between': [
    ['2026-01-10T12:00:00Z', false, 20_000, 'review', Rating.Again],
    ['2026-01-10T12:01:30Z', true, 30_000, 'review', Rating.Good],
    ['2026-01-10T12:12:00Z', true, 25_000, 'review', Rating.Good],
    ['2026-01-12T17:45:00Z', false, 4_000, 'quiz', Rating.Again],
    ['2026-01-12T18:00:00Z', true, 11_000, 'review', Rating.Good],
    ['2026-01-15T09:00:00Z', true, undefined, 'daily-check', Rating.Good],
    ['2026-02-01T09:00:00Z', false, 50_000, 'review', Rating.Again],
    ['2026-02-01T09:10:00Z', true, 60_000, 'review', Rating.Hard],
    ['2026-02-03T09:00:00Z', true, 7_000, 'review', Rating.Easy],
  ],
  'a card answered late, early and twice in a day': [
    ['2026-06-01T23:59:00Z', true, 5_000, 'review', Rating.Easy],
    ['2026-06-20T00:01:00Z', true, 15_000, 'review', Rating.Good],
    ['2026-06-21T10:00:00Z', true, 2_000, 'quiz', Rating.Good],
    ['2026-06-21T10:05:00Z', false, 2_500, 'quiz', Rating.Again],
    ['2026-06-21T10:20:00Z', true, 41_000, 'review', Rating.Hard],
    ['2027-01-01T00:00:00Z', true, 9_999, 'review', Rating.Easy],
  ],
};

interface Compared {
  due: number;
  stability: number;
  difficulty: number;
  state: string;
  reps: number;
  lapses: number;
  scheduledDays: number;
}

/** Straight through ts-fsrs, with the ratings written in the recording. */
function replayInTsFsrs(f: FSRS, steps: Step[]): Compared[] {
  let card: Card = createEmptyCard(Date.parse(steps[0]![0]));
  return steps.map(([at, , , , rating]) => {
    card = f.next(card, Date.parse(at), rating).card;
    return { due: card.due.getTime(), stability: card.stability, difficulty: card.difficulty, state: State[card.state], reps: card.reps, lapses: card.lapses, scheduledDays: card.scheduled_days };
  });
}

/** Through our grade, from the answers alone, with the card written to JSON and read back between answers as a store would. */
function replayThroughGrade(scheduler: ReviewScheduler, steps: Step[]): Compared[] {
  let card: ReviewCard = newCard('slack:T1:U1', question.id, Date.parse(steps[0]![0]));
  return steps.map(([at, right, answerMs, source, rating]) => {
    const g = grade(card, answer(right, answerMs, source), Date.parse(at), scheduler);
    expect(g.rating).toBe(rating);
    expect(g.log.rating).toBe(Rating[rating]);
    card = parseCard(JSON.parse(JSON.stringify(g.card)));
    return { due: card.due, stability: card.stability, difficulty: card.difficulty, state: card.state, reps: card.reps, lapses: card.lapses, scheduledDays: card.scheduledDays };
  });
}

describe('scheduling replays exactly what ts-fsrs schedules', () => {
  it.each(Object.entries(RECORDED))('for %s, with the default settings', (_name, steps) => {
    const ours = replayThroughGrade(reviewScheduler(), steps);
    const theirs = replayInTsFsrs(fsrs(generatorParameters({})), steps);
    expect(ours).toEqual(theirs);
    // Exact, not close: the same floating-point stabilities and the same millisecond due dates.
    for (let i = 0; i < ours.length; i++) {
      expect(ours[i]!.stability).toBe(theirs[i]!.stability);
      expect(ours[i]!.due).toBe(theirs[i]!.due);
    }
  });

  it.each(Object.entries(RECORDED))('for %s, with retention 0.8, a 30-day cap and fuzz on', (_name, steps) => {
    const settings = { request_retention: 0.8, maximum_interval: 30, enable_fuzz: true };
    const ours = replayThroughGrade(reviewScheduler({ desiredRetention: 0.8, maximumIntervalDays: 30, enableFuzz: true }), steps);
    expect(ours).toEqual(replayInTsFsrs(fsrs(generatorParameters(settings)), steps));
    // ts-fsrs 5.4 caps each interval, then keeps Hard < Good < Easy a day apart, so Good and Easy can pass the cap by
    // one and two days (its later middleware rewrite enforces the cap, ts-fsrs PR #456). We follow 5.4 exactly.
    expect(Math.max(...ours.map((c) => c.scheduledDays))).toBeLessThanOrEqual(30 + 2);
  });

  it('for 300 generated answer sequences', () => {
    const rnd = seeded(15);
    const ours = reviewScheduler();
    const theirs = fsrs(generatorParameters({}));
    for (let s = 0; s < 300; s++) {
      let at = Date.parse('2026-01-01T00:00:00Z') + Math.floor(rnd() * 365 * DAY);
      const steps: Step[] = [];
      for (let i = 0; i < 2 + Math.floor(rnd() * 14); i++) {
        const right = rnd() < 0.8;
        const answerMs = rnd() < 0.1 ? undefined : Math.floor(rnd() * 70_000);
        const source = (['review', 'review', 'quiz', 'daily-check'] as const)[Math.floor(rnd() * 4)]!;
        steps.push([new Date(at).toISOString(), right, answerMs, source, ratingFor(answer(right, answerMs, source))]);
        at += Math.floor(rnd() * (rnd() < 0.3 ? 30 * MIN : 40 * DAY));
      }
      expect(replayThroughGrade(ours, steps)).toEqual(replayInTsFsrs(theirs, steps));
    }
  });
});

describe('a card as a stored row', () => {
  const reviewed = () => {
    let card = newCard('discord:U9', question.id, Date.parse('2026-03-02T08:00:00Z'));
    card = grade(card, answer(true, 12_000), Date.parse('2026-03-02T08:00:00Z')).card;
    return grade(card, answer(true, 12_000), Date.parse('2026-03-02T08:10:00Z')).card;
  };

  it('comes back from JSON equal, and grades the same as the card it was written from', () => {
    const card = reviewed();
    const back = parseCard(JSON.parse(JSON.stringify(card)));
    expect(back).toEqual(card);
    const later = Date.parse('2026-03-05T09:00:00Z');
    expect(grade(back, answer(false, 5_000), later)).toEqual(grade(card, answer(false, 5_000), later));
  });

  it('keeps instants as ms epoch UTC and the state by name', () => {
    const card = reviewed();
    expect(card).toMatchObject({ state: 'Review', lastReview: Date.parse('2026-03-02T08:10:00Z'), introduced: Date.parse('2026-03-02T08:00:00Z') });
    expect(typeof card.due).toBe('number');
  });

  it('accepts numbers that a database returns as strings (PostgreSQL BIGINT)', () => {
    const card = reviewed();
    const row = { ...card, due: String(card.due), lastReview: String(card.lastReview), reps: String(card.reps) };
    expect(parseCard(row)).toEqual(card);
  });

  it.each([
    ['a missing due date', { due: undefined }, /due must be a finite number/],
    ['an unknown state', { state: 'Suspended' }, /state must be one of New, Learning, Review, Relearning/],
    ['a stability that is not a number', { stability: 'high' }, /stability must be a finite number/],
    ['no person', { person: '' }, /person must be a non-empty string/],
  ])('refuses a row with %s, naming the field', (_name, damage, message) => {
    expect(() => parseCard({ ...reviewed(), ...damage })).toThrow(message);
  });
});

describe('grading guards', () => {
  it('refuses to grade an answer older than the card’s last review', () => {
    const first = grade(newCard('slack:T1:U1', question.id, 0), answer(true, 12_000), Date.parse('2026-03-02T08:00:00Z')).card;
    expect(() => grade(first, answer(true, 12_000), Date.parse('2026-03-02T07:59:59Z'))).toThrow(RangeError);
  });

  it('refuses an answer to another question', () => {
    const card = newCard('slack:T1:U1', 'q1-ffffffff', 0);
    expect(() => grade(card, answer(true), 0)).toThrow(/graded on the card for q1-ffffffff/);
  });

  it('refuses settings FSRS cannot use', () => {
    expect(() => reviewScheduler({ desiredRetention: 1 })).toThrow(RangeError);
    expect(() => reviewScheduler({ desiredRetention: 0 })).toThrow(RangeError);
    expect(() => reviewScheduler({ maximumIntervalDays: 0.5 })).toThrow(RangeError);
  });
});

describe('retrievability', () => {
  it('is ts-fsrs’s forgetting curve for a reviewed card, and 0 for one never reviewed', () => {
    const t = Date.parse('2026-03-02T08:00:00Z');
    let card = newCard('slack:T1:U1', question.id, t);
    expect(retrievability(card, t)).toBe(0);
    card = grade(card, answer(true, 12_000), t).card;
    card = grade(card, answer(true, 12_000), t + 10 * MIN).card;
    const f = fsrs(generatorParameters({}));
    let direct = f.next(createEmptyCard(t), t, Rating.Good).card;
    direct = f.next(direct, t + 10 * MIN, Rating.Good).card;
    for (const days of [0, 1, 3, 10]) {
      const at = t + 10 * MIN + days * DAY;
      expect(retrievability(card, at)).toBe(f.get_retrievability(direct, at, false));
    }
    expect(retrievability(card, t + 10 * MIN + 10 * DAY)).toBeLessThan(0.9);
  });
});
