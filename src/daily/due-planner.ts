import { addDays, instantOf, latestOccurrence, nextOccurrence, type LocalDate, type Occurrence } from './local-time.js';
import { EVERY_DAY, postsOn, type Weekdays } from './weekdays.js';

/** When a channel posts: a wall time in a zone, on some days of the week. */
export interface PostRule {
  /** Minutes after local midnight. */
  timeOfDay: number;
  /** IANA zone. */
  timezone: string;
  /** Days of the week it posts on; every day when left out. */
  weekdays?: Weekdays;
}

/** What the planner needs of a stored schedule. */
export interface DueSchedule extends PostRule {
  nextDue: number;
  nextDate: LocalDate;
}

export type DueDecision =
  /** Post for `date`; give up at `deadline`. */
  | { kind: 'post'; date: LocalDate; dueAt: number; deadline: number; next: Occurrence }
  /** The post for `date` is past the grace window: skip it, never back-fill. */
  | { kind: 'missed'; date: LocalDate; dueAt: number; deadline: number; next: Occurrence };

/** A local date that can no longer get a post: the delivery log already has a row for it (sent, failed, missed …). */
export type TakenDate = (date: LocalDate) => boolean;

const none: TakenDate = () => false;

/**
 * The next `count` posts strictly after `after` (UTC ms): each a local date on one of the rule's weekdays that is
 * not `taken`, with the UTC instant its wall time happens (spring-forward gaps and repeated hours as in
 * `instantOf`). This is the only place that says when a channel posts next: the scheduler advances with it, and
 * `/daily on`, `/daily status` and `/daily upcoming` quote it, so what they promise is what the scheduler does.
 */
export function nextPosts(rule: PostRule, after: number, count: number, taken: TakenDate = none): Occurrence[] {
  const days = rule.weekdays ?? EVERY_DAY;
  const out: Occurrence[] = [];
  let date = nextOccurrence(after, rule.timeOfDay, rule.timezone).date;
  // A year is far more than any set of weekdays and claimed days can skip; the bound only guards a bad row.
  for (let i = 0; out.length < count && i < 400 + count * 7; i++, date = addDays(date, 1)) {
    if (postsOn(days, date) && !taken(date)) out.push({ date, at: instantOf(date, rule.timeOfDay, rule.timezone) });
  }
  return out;
}

const MINUTE = 60_000;

/**
 * The first post at or after the current minute of `now`: turning the post on at 09:00:30 for 09:00 posts today,
 * unless today already has a delivery (one post per local day), in which case the next day the rule allows.
 */
export function firstPostFrom(rule: PostRule, now: number, taken: TakenDate = none): Occurrence | undefined {
  return nextPosts(rule, Math.floor(now / MINUTE) * MINUTE - 1, 1, taken)[0];
}

/** The last time the rule posted (or would have) at or before `instant`, on one of its weekdays. */
export function latestPost(rule: PostRule, instant: number): Occurrence {
  const days = rule.weekdays ?? EVERY_DAY;
  let last = latestOccurrence(instant, rule.timeOfDay, rule.timezone);
  for (let i = 0; i < 7 && !postsOn(days, last.date); i++) {
    const date = addDays(last.date, -1);
    last = { date, at: instantOf(date, rule.timeOfDay, rule.timezone) };
  }
  return last;
}

/**
 * Decides what a due schedule (`nextDue <= now`) owes at `now`: today's post if still inside the grace window,
 * otherwise nothing for the missed day; either way the next due time is the rule's next post after it
 * (`nextPosts`). After days of downtime only the most recent occurrence counts, so earlier days are never
 * back-filled.
 */
export function planDue(s: DueSchedule, now: number, graceMs: number): DueDecision {
  const latest = latestPost(s, now);
  // A stored date later than the latest occurrence can only mean a clock set back; trust what was stored.
  const current: Occurrence = latest.date >= s.nextDate ? latest : { date: s.nextDate, at: s.nextDue };
  const next = nextPosts(s, current.at, 1)[0]!;
  // The window counts whole minutes: a tick lands a few ms after the minute, and a grace of 0 must still post.
  const deadline = current.at + graceMs + MINUTE - 1;
  return { kind: now <= deadline ? 'post' : 'missed', date: current.date, dueAt: current.at, deadline, next };
}

/** Minutes to wait before retry `attempt` (1, 2, 4 … capped at 30): transient errors pass, limits are respected. */
export function retryDelayMs(attempt: number): number {
  return Math.min(30, 2 ** Math.max(0, attempt - 1)) * MINUTE;
}
