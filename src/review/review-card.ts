/*
 * A review card: one person's memory of one quiz question, as FSRS models it. Kept as a plain object of numbers and
 * strings (instants as ms epoch UTC) so a store can write it as one row and JSON can carry it unchanged; ts-fsrs's
 * own `Card` (with Date objects) only exists for the length of a grade.
 */
import { State, type Card, type ReviewLog } from 'ts-fsrs';

/** The FSRS card states, by ts-fsrs's names (`StateType`): readable in a row, unambiguous across versions. */
export type CardState = 'New' | 'Learning' | 'Review' | 'Relearning';

/** The four FSRS ratings (ts-fsrs `GradeType`). */
export type RatingName = 'Again' | 'Hard' | 'Good' | 'Easy';

export interface ReviewCard {
  /** Namespaced person id (`slack:T1:U2`, `discord:U3`). */
  person: string;
  /** `Question.id` (`q4-1a2b3c4d`). */
  questionId: string;
  /** When the card is next due, ms epoch UTC. */
  due: number;
  /** FSRS stability S: days until recall probability falls to 90 %. */
  stability: number;
  /** FSRS difficulty D, 1 to 10. */
  difficulty: number;
  /** ts-fsrs `elapsed_days` (deprecated there, kept so a round trip is exact). */
  elapsedDays: number;
  /** Days from the last review to `due` (0 while in learning steps). */
  scheduledDays: number;
  /** Index of the current (re)learning step. */
  learningSteps: number;
  reps: number;
  lapses: number;
  state: CardState;
  /** The last review, ms epoch UTC; null before the first. */
  lastReview: number | null;
  /** The first review, ms epoch UTC; null before it. Counts toward the day's new-card limit. */
  introduced: number | null;
}

/** One grade, as FSRS logged it plus what we knew of the answer: enough to replay, roll back or refit later. */
export interface ReviewLogRow {
  person: string;
  questionId: string;
  rating: RatingName;
  /** Card state before this review. */
  state: CardState;
  /** Card due before this review, ms epoch UTC. */
  due: number;
  stability: number;
  difficulty: number;
  elapsedDays: number;
  lastElapsedDays: number;
  scheduledDays: number;
  learningSteps: number;
  /** When the answer was given, ms epoch UTC. */
  review: number;
  right: boolean;
  /** Milliseconds from showing the question to the answer; null when unknown. */
  answerMs: number | null;
  /** Where the answer came from. */
  source: AnswerSource;
}

/** `review` is the private `/review`; the others are team answers that count as reviews. */
export type AnswerSource = 'review' | 'quiz' | 'daily-check';

const STATES: readonly CardState[] = ['New', 'Learning', 'Review', 'Relearning'];
const RATINGS: readonly RatingName[] = ['Again', 'Hard', 'Good', 'Easy'];

/** A card for a question the person has never answered; due at `now` (ms epoch UTC), as ts-fsrs `createEmptyCard`. */
export function newCard(person: string, questionId: string, now: number): ReviewCard {
  return {
    person,
    questionId,
    due: now,
    stability: 0,
    difficulty: 0,
    elapsedDays: 0,
    scheduledDays: 0,
    learningSteps: 0,
    reps: 0,
    lapses: 0,
    state: 'New',
    lastReview: null,
    introduced: null,
  };
}

/** Our card as ts-fsrs's `Card`. */
export function toFsrsCard(c: ReviewCard): Card {
  const card: Card = {
    due: new Date(c.due),
    stability: c.stability,
    difficulty: c.difficulty,
    elapsed_days: c.elapsedDays,
    scheduled_days: c.scheduledDays,
    learning_steps: c.learningSteps,
    reps: c.reps,
    lapses: c.lapses,
    state: State[c.state],
  };
  if (c.lastReview !== null) card.last_review = new Date(c.lastReview);
  return card;
}

/** ts-fsrs's `Card` as ours, for `person`'s `questionId`. */
export function fromFsrsCard(card: Card, person: string, questionId: string, introduced: number | null): ReviewCard {
  return {
    person,
    questionId,
    due: card.due.getTime(),
    stability: card.stability,
    difficulty: card.difficulty,
    elapsedDays: card.elapsed_days,
    scheduledDays: card.scheduled_days,
    learningSteps: card.learning_steps,
    reps: card.reps,
    lapses: card.lapses,
    state: STATES[card.state]!,
    lastReview: card.last_review ? card.last_review.getTime() : null,
    introduced,
  };
}

/** ts-fsrs's `ReviewLog` as a row. */
export function logRow(log: ReviewLog, card: Pick<ReviewCard, 'person' | 'questionId'>, answer: { right: boolean; answerMs?: number; source: AnswerSource }): ReviewLogRow {
  return {
    person: card.person,
    questionId: card.questionId,
    rating: RATINGS[log.rating - 1]!,
    state: STATES[log.state]!,
    due: log.due.getTime(),
    stability: log.stability,
    difficulty: log.difficulty,
    elapsedDays: log.elapsed_days,
    lastElapsedDays: log.last_elapsed_days,
    scheduledDays: log.scheduled_days,
    learningSteps: log.learning_steps,
    review: log.review.getTime(),
    right: answer.right,
    answerMs: answer.answerMs ?? null,
    source: answer.source,
  };
}

/**
 * Reads a card back from a stored row or parsed JSON, checking every field, so a damaged row fails here with the
 * field named instead of scheduling nonsense. Numbers may arrive as strings (PostgreSQL returns BIGINT that way).
 * Throws a TypeError naming the field.
 */
export function parseCard(row: unknown): ReviewCard {
  if (typeof row !== 'object' || row === null) throw new TypeError('review card: not an object');
  const r = row as Record<string, unknown>;
  const text = (k: string): string => {
    const v = r[k];
    if (typeof v !== 'string' || v === '') throw new TypeError(`review card: ${k} must be a non-empty string`);
    return v;
  };
  const num = (k: string): number => {
    const v = typeof r[k] === 'string' && r[k] !== '' ? Number(r[k]) : r[k];
    if (typeof v !== 'number' || !Number.isFinite(v)) throw new TypeError(`review card: ${k} must be a finite number`);
    return v;
  };
  const instantOrNull = (k: string): number | null => (r[k] === null || r[k] === undefined ? null : num(k));
  const state = r.state;
  if (!STATES.includes(state as CardState)) throw new TypeError(`review card: state must be one of ${STATES.join(', ')}`);
  return {
    person: text('person'),
    questionId: text('questionId'),
    due: num('due'),
    stability: num('stability'),
    difficulty: num('difficulty'),
    elapsedDays: num('elapsedDays'),
    scheduledDays: num('scheduledDays'),
    learningSteps: num('learningSteps'),
    reps: num('reps'),
    lapses: num('lapses'),
    state: state as CardState,
    lastReview: instantOrNull('lastReview'),
    introduced: instantOrNull('introduced'),
  };
}
