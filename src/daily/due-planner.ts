import { addDays, instantOf, latestOccurrence, type LocalDate, type Occurrence } from './local-time.js';

/** What the planner needs of a stored schedule. */
export interface DueSchedule {
  timeOfDay: number;
  timezone: string;
  nextDue: number;
  nextDate: LocalDate;
}

export type DueDecision =
  /** Post for `date`; give up at `deadline`. */
  | { kind: 'post'; date: LocalDate; dueAt: number; deadline: number; next: Occurrence }
  /** The post for `date` is past the grace window: skip it, never back-fill. */
  | { kind: 'missed'; date: LocalDate; dueAt: number; deadline: number; next: Occurrence };

/**
 * Decides what a due schedule (`nextDue <= now`) owes at `now`: today's post if still inside the grace window,
 * otherwise nothing for the missed day; either way the next due time is the following local day's occurrence.
 * After days of downtime only the most recent occurrence counts, so earlier days are never back-filled.
 */
export function planDue(s: DueSchedule, now: number, graceMs: number): DueDecision {
  const latest = latestOccurrence(now, s.timeOfDay, s.timezone);
  // A stored date later than the latest occurrence can only mean a clock set back; trust what was stored.
  const current: Occurrence = latest.date >= s.nextDate ? latest : { date: s.nextDate, at: s.nextDue };
  const nextDate = addDays(current.date, 1);
  const next = { date: nextDate, at: instantOf(nextDate, s.timeOfDay, s.timezone) };
  // The window counts whole minutes: a tick lands a few ms after the minute, and a grace of 0 must still post.
  const deadline = current.at + graceMs + MINUTE - 1;
  return { kind: now <= deadline ? 'post' : 'missed', date: current.date, dueAt: current.at, deadline, next };
}

const MINUTE = 60_000;

/** Minutes to wait before retry `attempt` (1, 2, 4 … capped at 30): transient errors pass, limits are respected. */
export function retryDelayMs(attempt: number): number {
  return Math.min(30, 2 ** Math.max(0, attempt - 1)) * MINUTE;
}
