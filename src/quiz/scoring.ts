/*
 * Points for one answer, documented in the README ("Quizzes"):
 *   right answer 100; speed bonus up to 50, in proportion to the time left when it was given;
 *   streak bonus 10 for each right answer in a row just before this one, capped at 30. Wrong or no answer: 0,
 *   and the streak starts again.
 */
export const RIGHT_POINTS = 100;
export const MAX_SPEED_BONUS = 50;
export const STREAK_STEP = 10;
export const MAX_STREAK_BONUS = 30;

export interface Points {
  total: number;
  base: number;
  speed: number;
  streak: number;
}

const NONE: Points = { total: 0, base: 0, speed: 0, streak: 0 };

/**
 * @param msLeft time between the answer and the deadline
 * @param durationMs the question's whole answering time
 * @param streakBefore right answers in a row this player had just before this question
 */
export function pointsFor(right: boolean, msLeft: number, durationMs: number, streakBefore: number): Points {
  if (!right) return NONE;
  const share = durationMs > 0 ? Math.min(1, Math.max(0, msLeft / durationMs)) : 0;
  const speed = Math.round(MAX_SPEED_BONUS * share);
  const streak = Math.min(MAX_STREAK_BONUS, STREAK_STEP * Math.max(0, streakBefore));
  return { total: RIGHT_POINTS + speed + streak, base: RIGHT_POINTS, speed, streak };
}
