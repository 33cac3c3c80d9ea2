/*
 * What a person reviews next, and how their reviewing stands, in their own time zone. FSRS gives each card a due
 * instant; days (what is "due today", the new-card limit, the streak) are the person's local calendar days, which
 * ts-fsrs leaves to us (it counts elapsed days in UTC).
 *
 * When a card can be shown:
 * - a card in the Review state (an interval of whole days) from the start of the local day it falls due, as Anki
 *   does: a card due at 15:00 is part of the morning's review, so a reminder at 08:30 can show it;
 * - a card in (re)learning steps (minutes) from its due instant, so the 1- and 10-minute steps keep their meaning.
 * Grading a Review card some hours before its due instant is what ts-fsrs expects of a day-based schedule: it rates
 * the review with the time that actually elapsed.
 */
import type { Question } from '../content/types.js';
import { addDays, instantOf, localDateTime, type LocalDate } from '../daily/local-time.js';
import type { ReviewCard } from './review-card.js';
import { DEFAULT_SCHEDULER, retrievability, type ReviewScheduler } from './review-scheduler.js';

/** The question bank, indexed once per loaded library. */
export interface QuestionBank {
  /** In book order: new cards are offered in this order. */
  readonly questions: readonly Question[];
  readonly byId: ReadonlyMap<string, Question>;
}

export function questionBank(questions: readonly Question[]): QuestionBank {
  return { questions, byId: new Map(questions.map((q) => [q.id, q])) };
}

/** A local calendar day and the UTC instants it spans: [start, end), ms epoch UTC. */
export interface LocalDay {
  date: LocalDate;
  start: number;
  end: number;
}

/**
 * The local day `instant` (ms epoch UTC) falls on in `timezone` (IANA). A day can be 23 or 25 hours long across a
 * clock change; where midnight itself is skipped, the day starts at the first valid minute (as `instantOf`).
 * Throws a RangeError (from Intl) for an unknown zone.
 */
export function localDay(instant: number, timezone: string): LocalDay {
  const date = localDateTime(instant, timezone).date;
  return { date, start: instantOf(date, 0, timezone), end: instantOf(addDays(date, 1), 0, timezone) };
}

export interface ReviewQueue {
  /** One person's cards, in any order. Cards whose question left the bank are ignored. */
  cards: readonly ReviewCard[];
  bank: QuestionBank;
  /** Chapters the person has met (played, reviewed, or followed by a channel's daily post): new cards come from these. */
  metChapters: ReadonlySet<number>;
  /** New cards a person may start per local day; cards first answered in a quiz or daily check count too. */
  newPerDay: number;
  /** ms epoch UTC. */
  now: number;
  /** The person's IANA zone. */
  timezone: string;
}

export type NextReview =
  | { kind: 'due'; card: ReviewCard; question: Question }
  | { kind: 'new'; question: Question }
  /**
   * Nothing to show now. `nextAt` is when a card next becomes due (ms epoch UTC), or null when the person has no
   * cards waiting; `newLimitReached` says whether new cards were held back by the daily limit.
   */
  | { kind: 'none'; nextAt: number | null; newLimitReached: boolean };

interface Scan {
  day: LocalDay;
  /** The card to show first: the oldest due. */
  first: ReviewCard | undefined;
  dueNow: number;
  dueToday: number;
  newToday: number;
  carded: Set<string>;
  /** Earliest due among learning cards not yet showable, and among Review cards due after today. */
  nextLearning: number;
  nextReview: number;
}

function showable(c: ReviewCard, now: number, day: LocalDay): boolean {
  return c.state === 'Review' ? c.due < day.end : c.due <= now;
}

/** One pass over the person's cards; no per-card time-zone work (the day's bounds are computed once). */
function scan(q: ReviewQueue): Scan {
  const day = localDay(q.now, q.timezone);
  const s: Scan = { day, first: undefined, dueNow: 0, dueToday: 0, newToday: 0, carded: new Set(), nextLearning: Infinity, nextReview: Infinity };
  for (const c of q.cards) {
    if (!q.bank.byId.has(c.questionId)) continue;
    s.carded.add(c.questionId);
    if (c.introduced !== null && c.introduced >= day.start && c.introduced < day.end) s.newToday += 1;
    if (c.state === 'New') continue;
    if (c.due < day.end) s.dueToday += 1;
    if (showable(c, q.now, day)) {
      s.dueNow += 1;
      if (!s.first || c.due < s.first.due || (c.due === s.first.due && c.questionId < s.first.questionId)) s.first = c;
    } else if (c.state === 'Review') s.nextReview = Math.min(s.nextReview, c.due);
    else s.nextLearning = Math.min(s.nextLearning, c.due);
  }
  return s;
}

function firstUnseen(q: ReviewQueue, carded: ReadonlySet<string>): Question | undefined {
  for (const question of q.bank.questions) if (q.metChapters.has(question.chapter) && !carded.has(question.id)) return question;
  return undefined;
}

/**
 * The card a person should review next: cards due first, the oldest due first (ties by question id); then a new
 * card — the first question in book order from a chapter they have met that they have no card for — while the
 * day's new-card limit allows; otherwise nothing, with when the next card comes due.
 */
export function nextReview(q: ReviewQueue): NextReview {
  const s = scan(q);
  if (s.first) return { kind: 'due', card: s.first, question: q.bank.byId.get(s.first.questionId)! };
  const unseen = firstUnseen(q, s.carded);
  const limitReached = s.newToday >= q.newPerDay;
  if (unseen && !limitReached) return { kind: 'new', question: unseen };
  const reviewFrom = s.nextReview === Infinity ? Infinity : localDay(s.nextReview, q.timezone).start;
  const nextAt = Math.min(s.nextLearning, reviewFrom);
  return { kind: 'none', nextAt: nextAt === Infinity ? null : nextAt, newLimitReached: unseen !== undefined && limitReached };
}

export interface ReviewStatus {
  /** The local date the counts are for. */
  date: LocalDate;
  /** Cards that can be shown now. */
  dueNow: number;
  /** Cards due before the local day ends, learning steps later today included. */
  dueToday: number;
  /** New cards the person can still start today: the limit left, or fewer if the met chapters run out. */
  newLeft: number;
  /** New cards started today. */
  newToday: number;
  /** Consecutive local days with at least one review, ending today (or yesterday, while today has none yet). */
  streakDays: number;
  /**
   * Estimated share of reviewed cards the person would recall now: the mean FSRS retrievability (ts-fsrs
   * `get_retrievability`) over cards reviewed at least once; null before the first review.
   */
  retention: number | null;
}

/**
 * Where a person stands: due now and today, new cards left, streak and retention estimate.
 * @param reviewTimes instants (ms epoch UTC) of the person's reviews, any order: the review log's `review` column;
 *   only the days count, so the times of the last ~year are plenty.
 */
export function reviewStatus(q: ReviewQueue & { reviewTimes: readonly number[] }, scheduler: ReviewScheduler = DEFAULT_SCHEDULER): ReviewStatus {
  const s = scan(q);
  let unseen = 0;
  for (const question of q.bank.questions) if (q.metChapters.has(question.chapter) && !s.carded.has(question.id)) unseen += 1;
  let sum = 0;
  let reviewed = 0;
  for (const c of q.cards) {
    if (c.state === 'New' || !q.bank.byId.has(c.questionId)) continue;
    sum += retrievability(c, q.now, scheduler);
    reviewed += 1;
  }
  return {
    date: s.day.date,
    dueNow: s.dueNow,
    dueToday: s.dueToday,
    newLeft: Math.max(0, Math.min(q.newPerDay - s.newToday, unseen)),
    newToday: s.newToday,
    streakDays: streakDays(q.reviewTimes, q.now, q.timezone),
    retention: reviewed === 0 ? null : sum / reviewed,
  };
}

/**
 * Consecutive local days in `timezone` with at least one review, counted back from the day of `now` (ms epoch
 * UTC); a streak that reached yesterday still stands today until the day ends without a review.
 */
export function streakDays(reviewTimes: readonly number[], now: number, timezone: string): number {
  const days = new Set<LocalDate>();
  for (const t of reviewTimes) if (t <= now) days.add(localDateTime(t, timezone).date);
  let date = localDateTime(now, timezone).date;
  if (!days.has(date)) date = addDays(date, -1);
  let n = 0;
  for (; days.has(date); date = addDays(date, -1)) n += 1;
  return n;
}
