import { afterEach, describe, expect, it } from 'vitest';
import { loadLibrary } from '../../src/content/content-loader.js';
import type { ReviewCard } from '../../src/review/review-card.js';
import { grade, type Graded } from '../../src/review/review-scheduler.js';
import { gradeTeamAnswer } from '../../src/review/team-answer-review.js';
import { newCard } from '../../src/review/review-card.js';
import type { GradeRequest } from '../../src/review/review-store.js';
import { ENGINES, failWrites, storages } from '../support/postgres.js';
import { FIXTURE_CONTENT } from '../support/test-bot.js';

const db = storages();
afterEach(() => db.closeAll());

const lib = loadLibrary(FIXTURE_CONTENT);
const [q1, q2] = lib.questions;
const T0 = Date.parse('2026-03-02T08:00:00Z');
const MIN = 60_000;
const ALICE = 'slack:T1:UALICE';

/** A /review answer as the desk asks for it: right or wrong, graded on whatever card the store holds. */
const reviewAnswer = (question = q1!, right: boolean, at: number, shownAt?: number): GradeRequest => ({
  person: ALICE,
  questionId: question.id,
  ...(shownAt !== undefined ? { shownAt } : {}),
  decide: (card: ReviewCard | undefined): Graded => grade(card ?? newCard(ALICE, question.id, at), { question, right, answerMs: 20_000, source: 'review' }, at),
});

describe.each(ENGINES)('ReviewStore on %s', (engine) => {
  it('grades a first answer on a new card, then the next on the card as stored, and reads both back', async () => {
    const s = await db.open(engine);
    const [first] = await s.reviews.grade([reviewAnswer(q1, true, T0, T0 - 20_000)]);
    expect(first!.kind).toBe('graded');
    const card1 = (first as { graded: Graded }).graded.card;
    expect(await s.reviews.cards(ALICE)).toEqual([card1]);
    const [second] = await s.reviews.grade([reviewAnswer(q1, false, T0 + 10 * MIN, T0 + 9 * MIN)]);
    const card2 = (second as { graded: Graded }).graded.card;
    // The same as grading in memory on the card the first grade returned: the store hands decide what it holds.
    expect(card2).toEqual(grade(card1, { question: q1!, right: false, answerMs: 20_000, source: 'review' }, T0 + 10 * MIN).card);
    expect(card2.lapses + card2.reps).toBeGreaterThan(card1.reps);
    expect(await s.reviews.cards(ALICE)).toEqual([card2]);
    expect(await s.reviews.reviewTimes(ALICE, 0)).toEqual([T0, T0 + 10 * MIN]);
    expect(await s.reviews.reviewTimes(ALICE, T0 + 1)).toEqual([T0 + 10 * MIN]);
    expect(await s.reviews.cards('slack:T1:UBOB')).toEqual([]);
  });

  it('grades a shown card once: a second click on the same buttons is repeated and changes nothing', async () => {
    const s = await db.open(engine);
    await s.reviews.grade([reviewAnswer(q1, true, T0, T0 - 5000)]);
    const before = await s.reviews.cards(ALICE);
    expect(await s.reviews.grade([reviewAnswer(q1, false, T0 + MIN, T0 - 5000)])).toEqual([{ kind: 'repeated' }]);
    expect(await s.reviews.cards(ALICE)).toEqual(before);
    expect(await s.reviews.reviewTimes(ALICE, 0)).toEqual([T0]);
  });

  it('grades a batch of team answers in one go, each on its own card, and rolls all back when a write is refused', async () => {
    const s = await db.open(engine);
    const team = (question = q1!, person: string, right: boolean): GradeRequest => ({
      person,
      questionId: question.id,
      decide: (card) => gradeTeamAnswer(card, { person, question, right, at: T0, source: 'quiz' }),
    });
    const out = await s.reviews.grade([team(q1, ALICE, true), team(q2, ALICE, false), team(q1, 'slack:T1:UBOB', false)]);
    expect(out.map((o) => o.kind)).toEqual(['graded', 'graded', 'graded']);
    expect((await s.reviews.cards(ALICE)).map((c) => c.questionId)).toEqual([q1!.id, q2!.id].sort());
    const lift = await failWrites(s, 'review_log', 'INSERT');
    await expect(s.reviews.grade([team(q2, 'slack:T1:UCAROL', true), team(q1, 'slack:T1:UCAROL', true)])).rejects.toThrow(/injected failure/);
    await lift();
    expect(await s.reviews.cards('slack:T1:UCAROL')).toEqual([]);
  });

  it('lists the questions a person answered in quizzes and daily checks', async () => {
    const s = await db.open(engine);
    await s.checkAnswers.first({ channel: 'slack:T1:C1', message: 'm1', user: ALICE, question: q2!.id, option: 0, now: T0 });
    const quiz = await s.quizzes.create({
      channel: 'slack:T1:C1',
      starter: { id: ALICE, name: 'alice' },
      selection: 'Ch. 1',
      seconds: 20,
      questions: [{ questionId: q1!.id, chapter: q1!.chapter, answer: q1!.answer, optionCount: q1!.options.length }],
      now: T0,
      firstAt: T0,
    });
    await s.quizzes.openNext(quiz.state.sessionId, 1, T0);
    await s.quizzes.recordAnswer({ sessionId: quiz.state.sessionId, channel: 'slack:T1:C1', no: 1, user: { id: ALICE, name: 'alice' }, option: 0, at: T0 + 1000 });
    expect(await s.reviews.answeredQuestions(ALICE)).toEqual([q1!.id, q2!.id].sort());
    expect(await s.reviews.answeredQuestions('slack:T1:UBOB')).toEqual([]);
  });

  it('claims a reminder once per local day, moves it to the next day, and keeps the handled day through a change of time', async () => {
    const s = await db.open(engine);
    const on = await s.reviews.setReminder(ALICE, { timeOfDay: 8 * 60 + 30, timezone: 'Europe/Berlin' }, T0);
    // 08:00 UTC is 09:00 in Berlin: today's 08:30 has passed, so the first is tomorrow's.
    expect(on.next).toEqual({ date: '2026-03-03', at: Date.parse('2026-03-03T07:30:00Z') });
    expect(await s.reviews.claimReminders(Date.parse('2026-03-03T07:29:00Z'))).toEqual([]);
    const at = Date.parse('2026-03-03T07:30:00Z');
    const other = await db.another(s).catch(() => s);
    const both = await Promise.all([s.reviews.claimReminders(at), other.reviews.claimReminders(at)]);
    expect(both.flat()).toEqual([{ person: ALICE, date: '2026-03-03', timezone: 'Europe/Berlin' }]);
    expect(await s.reviews.claimReminders(at + MIN)).toEqual([]);
    await s.reviews.finishReminder(ALICE, '2026-03-03', { status: 'sent', due: 7 }, at);
    expect(await s.reviews.reminderDay(ALICE, '2026-03-03')).toEqual({ status: 'sent', due: 7 });
    // Moved to 18:00 the same day: today was handled, so the next is tomorrow's.
    const moved = await s.reviews.setReminder(ALICE, { timeOfDay: 18 * 60, timezone: 'Europe/Berlin' }, at + MIN);
    expect(moved).toMatchObject({ enabled: true, lastDate: '2026-03-03', next: { date: '2026-03-04' } });
    expect(await s.reviews.reminderOff(ALICE, at)).toBe(true);
    expect(await s.reviews.reminderOff(ALICE, at)).toBe(false);
    expect(await s.reviews.claimReminders(Date.parse('2026-03-05T00:00:00Z'))).toEqual([]);
    expect(await s.reviews.reminder(ALICE, at)).toMatchObject({ enabled: false, rule: { timeOfDay: 18 * 60, timezone: 'Europe/Berlin' } });
    expect(await s.reviews.footprint(ALICE)).toEqual({ cards: 0, reviews: 0, reminder: false, reminderDays: 1 });
  });
});
