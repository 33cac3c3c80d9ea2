/*
 * FSRS scheduling through ts-fsrs: the only place that calls it. Everything here is a pure function of the card, the
 * answer and `now`; with fuzz off (ts-fsrs's default) the same inputs give the same schedule, so a store can replay
 * a person's answers and get the cards it holds.
 */
import { default_enable_fuzz, default_maximum_interval, default_request_retention, fsrs, generatorParameters, type FSRS, type Grade } from 'ts-fsrs';
import { ratingFor, type ReviewAnswer } from './answer-rating.js';
import { fromFsrsCard, logRow, toFsrsCard, type ReviewCard, type ReviewLogRow } from './review-card.js';

export interface ReviewSettings {
  /** The recall probability FSRS schedules for (ts-fsrs `request_retention`, default 0.9): higher means more reviews. */
  desiredRetention: number;
  /** The longest interval FSRS may give, in days (ts-fsrs `maximum_interval`, default 36,500). */
  maximumIntervalDays: number;
  /**
   * Spread due dates a little so cards learnt together do not stay together (ts-fsrs `enable_fuzz`, default off).
   * ts-fsrs seeds the fuzz from the review instant and the card, so even with it on a replay gives the same dates.
   */
  enableFuzz: boolean;
}

export const DEFAULT_REVIEW_SETTINGS: Readonly<ReviewSettings> = {
  desiredRetention: default_request_retention,
  maximumIntervalDays: default_maximum_interval,
  enableFuzz: default_enable_fuzz,
};

/** A configured FSRS; build once per settings and pass it around (it holds no state between grades). */
export interface ReviewScheduler {
  readonly settings: Readonly<ReviewSettings>;
  readonly fsrs: FSRS;
}

/**
 * An FSRS scheduler with ts-fsrs's default weights (FSRS-6) and learning steps (1 min, 10 min; relearning 10 min),
 * and the given retention and interval cap. Throws a RangeError when desiredRetention is not strictly between 0 and
 * 1 or maximumIntervalDays is not a whole number of days ≥ 1.
 */
export function reviewScheduler(settings: Partial<ReviewSettings> = {}): ReviewScheduler {
  const s = { ...DEFAULT_REVIEW_SETTINGS, ...settings };
  if (!(s.desiredRetention > 0 && s.desiredRetention < 1)) throw new RangeError(`desiredRetention must be between 0 and 1 (exclusive), not ${s.desiredRetention}`);
  if (!Number.isInteger(s.maximumIntervalDays) || s.maximumIntervalDays < 1) throw new RangeError(`maximumIntervalDays must be a whole number ≥ 1, not ${s.maximumIntervalDays}`);
  const params = generatorParameters({ request_retention: s.desiredRetention, maximum_interval: s.maximumIntervalDays, enable_fuzz: s.enableFuzz });
  return { settings: Object.freeze(s), fsrs: fsrs(params) };
}

export const DEFAULT_SCHEDULER = reviewScheduler();

export interface Graded {
  card: ReviewCard;
  log: ReviewLogRow;
  rating: Grade;
}

/**
 * Grades one answer: the rating from `ratingFor` (correctness and answer time, see answer-rating.ts), then ts-fsrs
 * `next(card, now, rating)`. Returns the card as it stands after the review (its `due` is when FSRS wants it
 * again, ms epoch UTC) and the review log row to keep.
 *
 * @param card the person's card for the question, or `newCard(...)` for a first answer
 * @param now when the answer was given, ms epoch UTC
 * @throws Error when the answer is to another question than the card's
 * @throws RangeError when `now` is before the card's last review (ts-fsrs would silently schedule back in time)
 */
export function grade(card: ReviewCard, answer: ReviewAnswer, now: number, scheduler: ReviewScheduler = DEFAULT_SCHEDULER): Graded {
  if (answer.question.id !== card.questionId) throw new Error(`answer to ${answer.question.id} graded on the card for ${card.questionId}`);
  if (card.lastReview !== null && now < card.lastReview) {
    throw new RangeError(`review at ${new Date(now).toISOString()} is before the card's last review at ${new Date(card.lastReview).toISOString()}`);
  }
  const rating = ratingFor(answer);
  const next = scheduler.fsrs.next(toFsrsCard(card), now, rating);
  return {
    card: fromFsrsCard(next.card, card.person, card.questionId, card.introduced ?? now),
    log: logRow(next.log, card, { right: answer.right, answerMs: answer.answerMs, source: answer.source }),
    rating,
  };
}

/**
 * The probability the person recalls the card at `now` (ms epoch UTC), from the FSRS forgetting curve
 * (ts-fsrs `get_retrievability`); 0 for a card never reviewed.
 */
export function retrievability(card: ReviewCard, now: number, scheduler: ReviewScheduler = DEFAULT_SCHEDULER): number {
  if (card.state === 'New') return 0;
  return scheduler.fsrs.get_retrievability(toFsrsCard(card), now, false);
}
