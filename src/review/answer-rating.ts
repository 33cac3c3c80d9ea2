/*
 * From an answer to an FSRS rating. FSRS asks how well a card was recalled (Again = forgot, Hard = recalled with
 * serious difficulty, Good = recalled after a hesitation, Easy = recalled without effort — ts-fsrs README, and the
 * FSRS wiki's advice that Hard is a pass, not a fail). A multiple-choice click only tells us right or wrong and how
 * long it took, so the time stands in for effort, measured against how long the question takes to read:
 *
 *   wrong                                              → Again
 *   right, in a private /review:
 *     within the reading time (words × 250 ms)         → Easy   (recognised while reading: no deliberation)
 *     more than reading time + 30,000 ms                → Hard   (half a minute of thought beyond one reading)
 *     in between, or time unknown or over 5 minutes    → Good
 *   right, in a team quiz or a daily quick check       → Good   (time not used: see below)
 *
 * Why these numbers: adults read non-fiction silently at about 238 words a minute (Brysbaert 2019, a meta-analysis
 * of 190 studies), ~250 ms a word. Our questions with their options run 41–79 words (p10–p90, median 64), so a fixed
 * threshold would make short questions Easy and long ones never Easy; scaling by words keeps one meaning. For the
 * median question: Easy within 16,000 ms, Hard after 46,000 ms. An answer after 5 minutes says the person left the
 * card open, not how hard it was.
 *
 * Team answers: a quiz gives a speed bonus and a countdown (20 s by default), so its answer times measure the race,
 * and a daily check is answered whenever someone reads the post; neither is evidence of effort, so they rate on
 * correctness alone.
 */
import { Rating, type Grade } from 'ts-fsrs';
import type { Question } from '../content/types.js';
import type { AnswerSource } from './review-card.js';

/** Reading time per word: 60,000 ms / 238 words a minute (Brysbaert 2019), rounded. */
export const MS_PER_WORD = 250;
/** Beyond one reading, this much more time makes a right answer Hard. */
export const HARD_EXTRA_MS = 30_000;
/** Answer times above this are treated as unknown. */
export const UNKNOWN_AFTER_MS = 5 * 60_000;

export interface ReviewAnswer {
  /** The question answered; its words set the time thresholds. */
  question: Pick<Question, 'id' | 'text' | 'options'>;
  right: boolean;
  /** Milliseconds from showing the question to the answer; leave out when not known. */
  answerMs?: number;
  source: AnswerSource;
}

/** Words a person reads to answer: the question and every option. */
export function wordsToRead(question: Pick<Question, 'text' | 'options'>): number {
  const count = (s: string) => s.split(/\s+/).filter(Boolean).length;
  return count(question.text) + question.options.reduce((n, o) => n + count(o), 0);
}

/** The answer times (ms) that bound Easy and Hard for a question in a private review. */
export function answerTimeThresholds(question: Pick<Question, 'text' | 'options'>): { easyWithinMs: number; hardAfterMs: number } {
  const readingMs = wordsToRead(question) * MS_PER_WORD;
  return { easyWithinMs: readingMs, hardAfterMs: readingMs + HARD_EXTRA_MS };
}

/** The FSRS rating for an answer, by the mapping at the top of this file. */
export function ratingFor(answer: ReviewAnswer): Grade {
  if (!answer.right) return Rating.Again;
  const ms = answer.answerMs;
  if (answer.source !== 'review' || ms === undefined || !Number.isFinite(ms) || ms < 0 || ms > UNKNOWN_AFTER_MS) return Rating.Good;
  const { easyWithinMs, hardAfterMs } = answerTimeThresholds(answer.question);
  if (ms <= easyWithinMs) return Rating.Easy;
  if (ms > hardAfterMs) return Rating.Hard;
  return Rating.Good;
}
