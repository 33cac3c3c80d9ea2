/*
 * When a person's review reminder is next due. The daily post's planner already says when a wall time happens in a
 * zone (spring-forward gaps move to the first valid minute, a repeated hour takes its first occurrence), so a
 * reminder is a daily post rule on every weekday with one stored date: the last local date it was handled.
 */
import { firstPostFrom, nextPosts, type PostRule } from '../daily/due-planner.js';
import { instantOf, localDateTime, type LocalDate, type Occurrence } from '../daily/local-time.js';

export interface ReminderRule {
  /** Minutes after local midnight (08:30 → 510). */
  timeOfDay: number;
  /** IANA zone. */
  timezone: string;
}

/**
 * The next reminder: the local date it is for and the UTC instant (ms epoch) it is due. What `/review remind` quotes;
 * a tick decides with `reminderDue`, which builds on this.
 *
 * - Just turned on (`lastDate` undefined): today's time if it is not yet past the current minute, else tomorrow's.
 * - Today not handled yet: today's reminder, which may be due already (`at <= now`, after downtime): late rather
 *   than lost, but only for today — missed earlier days are never sent.
 * - Today handled: the first day after `lastDate`.
 * A time that falls in a spring-forward gap is due at the first minute after it; in a repeated hour, the first time
 * it happens (`instantOf`). Throws a RangeError (from Intl) for an unknown zone.
 *
 * @param lastDate the last local date (`YYYY-MM-DD`, in `rule.timezone`) a reminder was handled for
 * @param now ms epoch UTC
 */
export function nextReminder(rule: ReminderRule, lastDate: LocalDate | undefined, now: number): Occurrence {
  const daily: PostRule = { timeOfDay: rule.timeOfDay, timezone: rule.timezone };
  if (lastDate === undefined) return firstPostFrom(daily, now)!;
  const today = localDateTime(now, rule.timezone).date;
  if (lastDate < today) return { date: today, at: instantOf(today, rule.timeOfDay, rule.timezone) };
  return nextPosts(daily, now, 1, (date) => date <= lastDate)[0]!;
}

export interface ReminderDecision {
  /** The reminder owed now (send it if cards are due, then store its date as handled), or undefined. */
  owed: Occurrence | undefined;
  /** When to look again: store `next.at` as the row's next due instant. */
  next: Occurrence;
}

/**
 * What a tick owes a stored reminder at `now` (ms epoch UTC), decided from the last date handled rather than from
 * a stored due instant, which may be days stale after downtime: at most today's reminder, never a missed day's.
 */
export function reminderDue(rule: ReminderRule, lastDate: LocalDate | undefined, now: number): ReminderDecision {
  const plan = nextReminder(rule, lastDate, now);
  if (plan.at > now) return { owed: undefined, next: plan };
  return { owed: plan, next: nextReminder(rule, plan.date, now) };
}
