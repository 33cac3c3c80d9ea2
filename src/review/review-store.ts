/*
 * Where personal review lives: each person's FSRS cards, the log of every grade, and opt-in reminders with one claim
 * row per person and local date. Two implementations (sqlite-review-store.ts, postgres-review-store.ts) with one
 * contract (test/storage-contract/review-store.contract.test.ts).
 *
 * Writes lock and read, call the pure function they are handed (a grade from review-scheduler.ts, a reminder plan
 * from reminder-plan.ts), write with guards and resolve with what they decided; callers never re-read.
 */
import type { LocalDate, Occurrence } from '../daily/local-time.js';
import { reminderDue, nextReminder, type ReminderRule } from './reminder-plan.js';
import { parseCard, type AnswerSource, type CardState, type RatingName, type ReviewCard, type ReviewLogRow } from './review-card.js';
import type { Graded } from './review-scheduler.js';

/** One answer to grade: the card it is for, and the pure grade to apply to the card as stored (undefined: none yet). */
export interface GradeRequest {
  person: string;
  questionId: string;
  /**
   * A private `/review`: when the card was shown (ms epoch UTC, carried by its button). A shown card is graded once;
   * a second click on the same buttons is told so. Team answers leave it out.
   */
  shownAt?: number;
  decide(current: ReviewCard | undefined): Graded;
}

export type GradeOutcome =
  | { kind: 'graded'; graded: Graded }
  /** This showing of the card was graded before (a second click, or a click from another process). */
  | { kind: 'repeated' };

/** A person's reminder as stored. */
export interface StoredReminder {
  person: string;
  enabled: boolean;
  rule: ReminderRule;
  /** The last local date a reminder was handled for (sent, or nothing was due). */
  lastDate?: LocalDate;
  /** The next reminder while on. */
  next?: Occurrence;
}

/** A reminder this call won the claim for: look up what is due and send it. */
export interface ClaimedReminder {
  person: string;
  date: LocalDate;
  timezone: string;
}

export type ReminderOutcome = { status: 'sent'; due: number } | { status: 'nothing-due' } | { status: 'failed'; error: string };

/** What was stored about a person's reviewing, for `/privacy`. */
export interface ReviewFootprint {
  cards: number;
  reviews: number;
  reminder: boolean;
  reminderDays: number;
}

export interface ReviewStore {
  /** Every card of the person, in question id order. */
  cards(person: string): Promise<ReviewCard[]>;
  /** The instants (ms epoch UTC) of the person's reviews since `since`, any source: for the streak. */
  reviewTimes(person: string, since: number): Promise<number[]>;
  /**
   * Question ids the person answered in team quizzes and daily quick checks (distinct, sorted): with their cards,
   * the chapters they have met.
   */
  answeredQuestions(person: string): Promise<string[]>;
  /**
   * Grades answers in one transaction, in order: each card is locked and read, `decide` is called on it, and the card
   * and a log row are written. A request whose `shownAt` was graded before is `repeated` and changes nothing.
   * Rejects (and writes nothing) when the database refuses a write or `decide` throws.
   */
  grade(requests: readonly GradeRequest[]): Promise<GradeOutcome[]>;
  /** The person's reminder, its next time as of `now` (ms epoch UTC). */
  reminder(person: string, now: number): Promise<StoredReminder | undefined>;
  /**
   * Turns the person's reminder on at `rule` (replacing an earlier time or zone); the last date handled is kept, so a
   * reminder already handled today is not sent again at the new time. Resolves with the reminder and its next time.
   * Throws a RangeError for an unknown zone.
   */
  setReminder(person: string, rule: ReminderRule, now: number): Promise<StoredReminder>;
  /** Turns it off; false when it was not on. */
  reminderOff(person: string, now: number): Promise<boolean>;
  /**
   * The tick: in one transaction, the reminders due at `now` (PostgreSQL skips rows another process holds) are
   * planned with `reminderDue`; each owed day is claimed (a day already claimed by anyone is not won) and every due
   * row moves to its next time. Resolves with the claims won.
   */
  claimReminders(now: number): Promise<ClaimedReminder[]>;
  /** Records how a claimed reminder ended. */
  finishReminder(person: string, date: LocalDate, outcome: ReminderOutcome, now: number): Promise<void>;
  /** How the day's reminder went, if it was claimed. */
  reminderDay(person: string, date: LocalDate): Promise<{ status: string; due: number | null } | undefined>;
  /** Counts of what is stored about the person's reviewing. */
  footprint(person: string): Promise<ReviewFootprint>;
}

/** A `review_cards` row as both engines return it. */
export interface CardRow {
  person: string;
  question_id: string;
  due: number;
  stability: number;
  difficulty: number;
  elapsed_days: number;
  scheduled_days: number;
  learning_steps: number;
  reps: number;
  lapses: number;
  state: CardState;
  last_review: number | null;
  introduced: number | null;
}

/** A stored row as a card, checked field by field (`parseCard`). */
export function cardFromRow(r: CardRow): ReviewCard {
  return parseCard({
    person: r.person,
    questionId: r.question_id,
    due: r.due,
    stability: r.stability,
    difficulty: r.difficulty,
    elapsedDays: r.elapsed_days,
    scheduledDays: r.scheduled_days,
    learningSteps: r.learning_steps,
    reps: r.reps,
    lapses: r.lapses,
    state: r.state,
    lastReview: r.last_review,
    introduced: r.introduced,
  });
}

/** The card's values in `review_cards` column order (person, question_id, due, …, introduced). */
export function cardValues(c: ReviewCard): unknown[] {
  return [c.person, c.questionId, c.due, c.stability, c.difficulty, c.elapsedDays, c.scheduledDays, c.learningSteps, c.reps, c.lapses, c.state, c.lastReview, c.introduced];
}

export const CARD_COLUMNS = 'person, question_id, due, stability, difficulty, elapsed_days, scheduled_days, learning_steps, reps, lapses, state, last_review, introduced';

/** The log row's values in LOG_COLUMNS order; `right` as the engine stores booleans. */
export function logValues(l: ReviewLogRow, shownAt: number | undefined, right: boolean | number): unknown[] {
  return [l.person, l.questionId, l.rating, l.state, l.due, l.stability, l.difficulty, l.elapsedDays, l.lastElapsedDays, l.scheduledDays, l.learningSteps, l.review, right, l.answerMs, l.source, shownAt ?? null];
}

export const LOG_COLUMNS = 'person, question_id, rating, state, due, stability, difficulty, elapsed_days, last_elapsed_days, scheduled_days, learning_steps, reviewed_at, was_right, answer_ms, source, shown_at';

/** A `review_reminders` row as both engines return it (`enabled` 1/0 or true/false). */
export interface ReminderRow {
  person: string;
  enabled: boolean | number;
  time_of_day: number;
  timezone: string;
  last_date: string | null;
  next_due: number | null;
}

/** A stored row as a reminder, its next time computed by the one rule (`nextReminder`) from the row. */
export function reminderFromRow(r: ReminderRow, now: number): StoredReminder {
  const rule = { timeOfDay: r.time_of_day, timezone: r.timezone };
  const enabled = Boolean(r.enabled);
  const lastDate = r.last_date ?? undefined;
  return {
    person: r.person,
    enabled,
    rule,
    ...(lastDate !== undefined ? { lastDate } : {}),
    ...(enabled ? { next: nextReminder(rule, lastDate, now) } : {}),
  };
}

/** What a tick does with one due reminder row: the day to claim (if any) and where the row moves. */
export function planReminder(r: ReminderRow, now: number): { claim?: LocalDate; nextDue: number; lastDate: LocalDate | null } {
  const d = reminderDue({ timeOfDay: r.time_of_day, timezone: r.timezone }, r.last_date ?? undefined, now);
  return { ...(d.owed ? { claim: d.owed.date } : {}), nextDue: d.next.at, lastDate: d.owed?.date ?? r.last_date };
}

export type { AnswerSource, RatingName };
