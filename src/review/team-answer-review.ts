/*
 * Answers given in a team quiz or a daily quick check are reviews of the same cards, so people who only play
 * quizzes get a schedule too. They go through the same `grade` as a private review; only the rating differs, as
 * answer-rating.ts explains (correctness alone: a quiz's answer time measures the race for the speed bonus).
 */
import type { Question } from '../content/types.js';
import { newCard, type ReviewCard } from './review-card.js';
import { DEFAULT_SCHEDULER, grade, type Graded, type ReviewScheduler } from './review-scheduler.js';

export interface TeamAnswer {
  /** Namespaced person id. */
  person: string;
  question: Pick<Question, 'id' | 'text' | 'options'>;
  right: boolean;
  /** Quiz: ms from the question opening to the answer (kept in the log, not used for the rating). Daily check: leave out. */
  answerMs?: number;
  /** When the answer was given, ms epoch UTC. */
  at: number;
  source: 'quiz' | 'daily-check';
}

/**
 * Grades a team answer on the person's card for the question, making the card on a first answer.
 *
 * Answers can reach the store out of order (a quiz answer written after a private review the person gave a moment
 * later); one older than the card's last review is graded at that last review instead, as a second review the same
 * moment, rather than refused: it is still evidence, and FSRS treats a same-day repeat as a short-term review.
 *
 * @param card the person's card for `answer.question`, or undefined when they have none yet
 * @throws Error when `card` is for another question or another person
 */
export function gradeTeamAnswer(card: ReviewCard | undefined, answer: TeamAnswer, scheduler: ReviewScheduler = DEFAULT_SCHEDULER): Graded {
  const current = card ?? newCard(answer.person, answer.question.id, answer.at);
  if (current.person !== answer.person) throw new Error(`an answer by ${answer.person} graded on the card of ${current.person}`);
  const at = current.lastReview !== null ? Math.max(answer.at, current.lastReview) : answer.at;
  return grade(current, { question: answer.question, right: answer.right, answerMs: answer.answerMs, source: answer.source }, at, scheduler);
}
