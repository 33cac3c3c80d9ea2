import { createEmptyCard, fsrs, generatorParameters, Rating, type Card, type Grade } from 'ts-fsrs';
import { describe, expect, it } from 'vitest';
import { loadLibrary } from '../src/content/content-loader.js';
import type { Question } from '../src/content/types.js';
import { answerTimeThresholds } from '../src/review/answer-rating.js';
import { newCard, type ReviewCard } from '../src/review/review-card.js';
import { nextReview, questionBank, reviewStatus, streakDays, type NextReview, type ReviewQueue } from '../src/review/review-queue.js';
import { grade } from '../src/review/review-scheduler.js';
import { gradeTeamAnswer } from '../src/review/team-answer-review.js';
import { BUNDLED_CONTENT } from './support/test-bot.js';

const MIN = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;
const lib = loadLibrary(BUNDLED_CONTENT);
const bank = questionBank(lib.questions);
const chapter1 = lib.questions.filter((q) => q.chapter === 1);

/** The local date of an instant, straight from Intl (not through the code under test). */
const dateIn = (ms: number, zone: string) => new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(ms);

/** A right answer that earns Good: a few seconds past one reading of the question. */
const goodMs = (q: Question) => answerTimeThresholds(q).easyWithinMs + 5_000;

/** One person's review sessions over time, each answer through `grade`, the cards kept as a store would keep them. */
class Person {
  readonly cards = new Map<string, ReviewCard>();
  readonly reviews: number[] = [];
  /** Every answer given: when, to which question, with which rating. */
  readonly history: { questionId: string; at: number; rating: Grade }[] = [];

  constructor(
    readonly id: string,
    readonly timezone: string,
    readonly metChapters: Set<number>,
    readonly newPerDay: number,
  ) {}

  queue(now: number): ReviewQueue {
    return { cards: [...this.cards.values()], bank, metChapters: this.metChapters, newPerDay: this.newPerDay, now, timezone: this.timezone };
  }

  answer(next: Extract<NextReview, { kind: 'due' | 'new' }>, right: boolean, now: number): void {
    const card = next.kind === 'due' ? next.card : newCard(this.id, next.question.id, now);
    const g = grade(card, { question: next.question, right, answerMs: goodMs(next.question), source: 'review' }, now);
    this.cards.set(card.questionId, g.card);
    this.reviews.push(now);
    this.history.push({ questionId: card.questionId, at: now, rating: g.rating });
  }

  /**
   * A sitting from `start`: answers what the queue shows, 30 s an answer, waiting for learning steps that come due
   * within the hour, taking new cards only when `takeNew`. `wrong` says which questions to get wrong the first time.
   */
  sit(start: number, opts: { takeNew: boolean; wrong?: ReadonlySet<string> }): { shown: string[]; last: NextReview; end: number } {
    let now = start;
    const shown: string[] = [];
    const missed = new Set<string>();
    for (let i = 0; i < 500; i++) {
      const next = nextReview(this.queue(now));
      if (next.kind === 'none' && next.nextAt !== null && next.nextAt - now <= HOUR && next.nextAt < start + 6 * HOUR) {
        now = next.nextAt;
        continue;
      }
      if (next.kind === 'none' || (next.kind === 'new' && !opts.takeNew)) return { shown, last: next, end: now };
      const id = next.question.id;
      const right = !(opts.wrong?.has(id) && !missed.has(id));
      if (!right) missed.add(id);
      shown.push(id);
      this.answer(next, right, now);
      now += 30_000;
    }
    throw new Error('the sitting did not end');
  }
}

describe('a person’s reviews, day by day', () => {
  it('reviews 5 new cards, gets one wrong, and that card returns on the local day FSRS schedules it', () => {
    const zone = 'Europe/Berlin';
    const alice = new Person('slack:T1:UALICE', zone, new Set([1]), 5);
    const day1 = Date.parse('2026-03-02T08:00:00Z'); // 09:00 in Berlin
    const wrong = chapter1[2]!.id;

    const first = alice.sit(day1, { takeNew: true, wrong: new Set([wrong]) });
    expect(new Set(first.shown)).toEqual(new Set(chapter1.slice(0, 5).map((q) => q.id)));
    expect(first.last).toMatchObject({ kind: 'none', newLimitReached: true });

    // What ts-fsrs itself schedules for that card, from the same answers at the same instants.
    const f = fsrs(generatorParameters({}));
    const its = alice.history.filter((h) => h.questionId === wrong);
    expect(its.map((h) => h.rating)).toEqual([Rating.Again, Rating.Good, Rating.Good]);
    let direct: Card = createEmptyCard(its[0]!.at);
    for (const h of its) direct = f.next(direct, h.at, h.rating).card;
    expect(alice.cards.get(wrong)!.due).toBe(direct.due.getTime());
    const fsrsDay = dateIn(direct.due.getTime(), zone);
    // The right answers were scheduled later than the wrong one.
    for (const q of chapter1.slice(0, 5)) if (q.id !== wrong) expect(alice.cards.get(q.id)!.due).toBeGreaterThan(direct.due.getTime());

    // Each morning at 09:00 Berlin time she reviews what is due (no new cards), right every time.
    const shownOn = new Map<string, string[]>();
    for (let d = 1; d <= 20; d++) {
      const morning = day1 + d * DAY;
      const s = alice.sit(morning, { takeNew: false });
      shownOn.set(dateIn(morning, zone), s.shown);
    }
    const firstBack = [...shownOn].find(([, ids]) => ids.includes(wrong))?.[0];
    expect(firstBack).toBe(fsrsDay);
    expect(fsrsDay > '2026-03-02').toBe(true);
  });

  it('shows a card due later today in the morning, but a learning step only when it comes due', () => {
    const zone = 'America/New_York';
    const now = Date.parse('2026-06-10T12:30:00Z'); // 08:30 in New York
    const [a, b, c] = chapter1;
    const cards: ReviewCard[] = [
      { ...newCard('p', a!.id, 0), state: 'Review', due: Date.parse('2026-06-10T19:00:00Z'), reps: 3, lastReview: now - 5 * DAY, introduced: now - 9 * DAY },
      { ...newCard('p', b!.id, 0), state: 'Learning', due: now + 5 * MIN, reps: 1, lastReview: now - 5 * MIN, introduced: now - 5 * MIN },
      { ...newCard('p', c!.id, 0), state: 'Review', due: Date.parse('2026-06-11T04:30:00Z'), reps: 3, lastReview: now - 5 * DAY, introduced: now - 9 * DAY }, // 00:30 tomorrow
    ];
    const q: ReviewQueue = { cards, bank, metChapters: new Set(), newPerDay: 10, now, timezone: zone };
    expect(nextReview(q)).toMatchObject({ kind: 'due', card: { questionId: a!.id } });
    const rest = { ...q, cards: cards.slice(1) };
    expect(nextReview(rest)).toEqual({ kind: 'none', nextAt: now + 5 * MIN, newLimitReached: false });
    expect(nextReview({ ...rest, now: now + 5 * MIN })).toMatchObject({ kind: 'due', card: { questionId: b!.id } });
    // Tomorrow's card becomes showable at local midnight, not at its due instant.
    expect(nextReview({ ...q, cards: cards.slice(2) })).toEqual({ kind: 'none', nextAt: Date.parse('2026-06-11T04:00:00Z'), newLimitReached: false });
  });

  it('shows the card due longest ago first, skips cards whose question left the notes, and offers new cards in book order from met chapters only', () => {
    const now = Date.parse('2026-06-10T12:00:00Z');
    const review = (q: Question, due: number): ReviewCard => ({ ...newCard('p', q.id, 0), state: 'Review', due, reps: 2, lastReview: due - 3 * DAY, introduced: due - 4 * DAY });
    const ch2 = lib.questions.filter((q) => q.chapter === 2);
    const cards = [review(chapter1[0]!, now - DAY), review(chapter1[1]!, now - 3 * DAY), { ...review(chapter1[2]!, now - 9 * DAY), questionId: 'q1-gone' }];
    const q: ReviewQueue = { cards, bank, metChapters: new Set([2]), newPerDay: 10, now, timezone: 'UTC' };
    expect(nextReview(q)).toMatchObject({ kind: 'due', card: { questionId: chapter1[1]!.id }, question: { id: chapter1[1]!.id } });
    expect(nextReview({ ...q, cards: [] })).toEqual({ kind: 'new', question: ch2[0] });
    expect(nextReview({ ...q, cards: [review(ch2[0]!, now + 5 * DAY)] })).toEqual({ kind: 'new', question: ch2[1] });
    expect(nextReview({ ...q, cards: [], metChapters: new Set() })).toEqual({ kind: 'none', nextAt: null, newLimitReached: false });
  });
});

describe('the daily limit of new cards', () => {
  const drain = (p: Person, now: number) => p.sit(now, { takeNew: false }).last;

  it('holds until local midnight in Los Angeles, and starts again right after it', () => {
    const bob = new Person('discord:UBOB', 'America/Los_Angeles', new Set([1]), 3);
    const lateEvening = Date.parse('2026-03-03T07:30:00Z'); // 23:30 on 2 March in Los Angeles, 3 March in UTC
    const s = bob.sit(lateEvening, { takeNew: true });
    expect(new Set(s.shown).size).toBe(3);
    expect(s.last).toMatchObject({ kind: 'none', newLimitReached: true });
    expect(reviewStatus({ ...bob.queue(lateEvening + 29 * MIN), reviewTimes: bob.reviews })).toMatchObject({ date: '2026-03-02', newToday: 3, newLeft: 0 });
    expect(drain(bob, Date.parse('2026-03-03T07:59:59Z'))).toMatchObject({ kind: 'none', newLimitReached: true });
    // 00:00 on 3 March in Los Angeles.
    expect(drain(bob, Date.parse('2026-03-03T08:00:00Z'))).toMatchObject({ kind: 'new' });
    expect(reviewStatus({ ...bob.queue(Date.parse('2026-03-03T08:00:00Z')), reviewTimes: bob.reviews })).toMatchObject({ date: '2026-03-03', newToday: 0, newLeft: 3 });
  });

  it('does not start again at UTC midnight in Kolkata, only at local midnight', () => {
    const chitra = new Person('slack:T1:UCHITRA', 'Asia/Kolkata', new Set([1]), 3);
    const early = Date.parse('2026-03-02T23:30:00Z'); // 05:00 on 3 March in Kolkata
    chitra.sit(early, { takeNew: true });
    expect(drain(chitra, Date.parse('2026-03-03T00:30:00Z'))).toMatchObject({ kind: 'none', newLimitReached: true }); // a new UTC day
    expect(drain(chitra, Date.parse('2026-03-03T18:29:00Z'))).toMatchObject({ kind: 'none', newLimitReached: true }); // 23:59 local
    expect(drain(chitra, Date.parse('2026-03-03T18:30:00Z'))).toMatchObject({ kind: 'new' }); // 00:00 on 4 March
  });

  it('counts cards first met in a team quiz against the day’s limit', () => {
    const dana = new Person('slack:T1:UDANA', 'UTC', new Set([1]), 3);
    const at = Date.parse('2026-05-05T10:00:00Z');
    for (const q of chapter1.slice(0, 3)) {
      dana.cards.set(q.id, gradeTeamAnswer(undefined, { person: dana.id, question: q, right: true, answerMs: 4_000, at, source: 'quiz' }).card);
    }
    expect(reviewStatus({ ...dana.queue(at + HOUR), reviewTimes: [at] })).toMatchObject({ newToday: 3, newLeft: 0 });
  });
});

describe('review status', () => {
  it('counts due now and today, new cards left (bounded by what the met chapters hold) and a retention estimate', () => {
    const now = Date.parse('2026-06-10T08:00:00Z');
    const erin = new Person('slack:T1:UERIN', 'UTC', new Set([1]), 50);
    expect(reviewStatus({ ...erin.queue(now), reviewTimes: [] })).toEqual({ date: '2026-06-10', dueNow: 0, dueToday: 0, newLeft: chapter1.length, newToday: 0, streakDays: 0, retention: null });
    erin.sit(now, { takeNew: true });
    const later = reviewStatus({ ...erin.queue(now + 3 * DAY), reviewTimes: erin.reviews });
    // The limit is far from reached, but every chapter-1 question has a card: nothing new is left to start.
    expect(later).toMatchObject({ date: '2026-06-13', newToday: 0, newLeft: 0 });
    expect(later.dueToday).toBe(later.dueNow);
    expect(later.dueToday).toBe(chapter1.length); // all learnt with Good: stability 2.3 days, due on day 3
    expect(later.retention).toBeGreaterThan(0.8);
    expect(later.retention).toBeLessThan(0.95);
    expect(later.streakDays).toBe(0);
  });

  it('counts a streak of local days, kept through a clock change and lost after a day without reviews', () => {
    const zone = 'Europe/Berlin';
    // 23:30 local each evening from 26 to 30 March 2026; Berlin moves to summer time on the 29th.
    const evenings = ['2026-03-26T22:30:00Z', '2026-03-27T22:30:00Z', '2026-03-28T22:30:00Z', '2026-03-29T21:30:00Z', '2026-03-30T21:30:00Z'].map(Date.parse);
    expect(evenings.map((t) => dateIn(t, zone))).toEqual(['2026-03-26', '2026-03-27', '2026-03-28', '2026-03-29', '2026-03-30']);
    const t = (iso: string) => Date.parse(iso);
    expect(streakDays(evenings, t('2026-03-30T22:00:00Z'), zone)).toBe(5); // 00:00 on the 31st: nothing yet today, the streak stands
    expect(streakDays(evenings, t('2026-03-31T21:59:00Z'), zone)).toBe(5); // 23:59 on the 31st
    expect(streakDays(evenings, t('2026-03-31T22:00:00Z'), zone)).toBe(0); // 1 April: the 31st passed without a review
    expect(streakDays(evenings.filter((_, i) => i !== 2), t('2026-03-30T22:00:00Z'), zone)).toBe(2);
    // In UTC the same reviews fall on other days: the 26th-28th at 22:30 and the 29th-30th at 21:30 still make five.
    expect(streakDays(evenings, t('2026-03-31T00:30:00Z'), 'UTC')).toBe(5);
    // In Tokyo they fall on the 27th-31st, and the streak lasts until Tokyo's midnight, hours after Berlin's.
    expect(streakDays(evenings, t('2026-04-01T14:59:00Z'), 'Asia/Tokyo')).toBe(5);
    expect(streakDays(evenings, t('2026-04-01T15:00:00Z'), 'Asia/Tokyo')).toBe(0);
  });
});

describe('team answers as reviews', () => {
  const q = chapter1[0]!;
  const at = Date.parse('2026-05-05T10:00:00Z');

  it('make a card on a first answer, rated on correctness alone', () => {
    const g = gradeTeamAnswer(undefined, { person: 'p', question: q, right: true, answerMs: 1_500, at, source: 'quiz' });
    expect(g.rating).toBe(Rating.Good);
    expect(g.card).toMatchObject({ person: 'p', questionId: q.id, introduced: at, lastReview: at, state: 'Learning' });
    expect(g.log).toMatchObject({ source: 'quiz', answerMs: 1_500, right: true, rating: 'Good', review: at });
    const direct = fsrs(generatorParameters({})).next(createEmptyCard(at), at, Rating.Good).card;
    expect(g.card.due).toBe(direct.due.getTime());
  });

  it('grade an answer that reaches the store after a later review at that later review', () => {
    const reviewed = grade(newCard('p', q.id, at), { question: q, right: true, answerMs: 20_000, source: 'review' }, at + 5_000).card;
    const g = gradeTeamAnswer(reviewed, { person: 'p', question: q, right: false, at, source: 'daily-check' });
    expect(g.log.review).toBe(at + 5_000);
    expect(g.rating).toBe(Rating.Again);
  });

  it('refuse a card that is someone else’s', () => {
    const card = newCard('other', q.id, at);
    expect(() => gradeTeamAnswer(card, { person: 'p', question: q, right: true, at, source: 'quiz' })).toThrow(/graded on the card of other/);
  });
});
