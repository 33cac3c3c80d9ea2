/*
 * What `/review`, its buttons, the reminder tick and the team-answer hooks use: the pure review logic of this folder
 * (review-queue.ts, review-scheduler.ts, team-answer-review.ts) over the review store. Holds no state of its own:
 * every call reads what it needs from storage, so several processes and restarts see the same cards.
 */
import type { Library, Question } from '../content/types.js';
import type { DailySchedule, DailyStore } from '../daily/daily-store.js';
import { newCard, type ReviewCard } from './review-card.js';
import { localDay, nextReview, questionBank, reviewStatus, type NextReview, type QuestionBank, type ReviewStatus } from './review-queue.js';
import { DEFAULT_SCHEDULER, grade, type Graded, type ReviewScheduler } from './review-scheduler.js';
import type { GradeOutcome, ReviewStore, StoredReminder } from './review-store.js';
import { gradeTeamAnswer, type TeamAnswer } from './team-answer-review.js';

/** New cards a person may start per local day unless REVIEW_NEW_CARDS_PER_DAY says otherwise (Anki's default too). */
export const DEFAULT_NEW_CARDS_PER_DAY = 10;
/** The streak needs only days; a year of review times is more than any streak shown. */
const STREAK_WINDOW_MS = 400 * 86_400_000;

export interface ReviewDeskOptions {
  store: ReviewStore;
  /** For the channel's followed chapters and zone. */
  schedules: DailyStore;
  library: Library;
  newPerDay?: number;
  scheduler?: ReviewScheduler;
  /** The zone for "today" when the person set no reminder and the channel has no daily schedule. */
  defaultTimezone?: string;
  /** Team answers that could not be counted as reviews: logged, never thrown at the quiz or the daily check. */
  onError?: (err: unknown, what: string) => void;
}

/** Where a person stands: who, in which channel (for its daily chapters and zone), when. */
export interface ReviewWho {
  person: string;
  channel: string;
  now: number;
}

export class ReviewDesk {
  readonly store: ReviewStore;
  readonly bank: QuestionBank;
  readonly newPerDay: number;
  readonly scheduler: ReviewScheduler;
  private readonly defaultTimezone: string;

  constructor(private readonly o: ReviewDeskOptions) {
    this.store = o.store;
    this.bank = questionBank(o.library.questions);
    this.newPerDay = o.newPerDay ?? DEFAULT_NEW_CARDS_PER_DAY;
    this.scheduler = o.scheduler ?? DEFAULT_SCHEDULER;
    this.defaultTimezone = o.defaultTimezone ?? 'UTC';
  }

  /**
   * The person's zone for "today": the zone of their reminder (set with `/review remind`), else the channel's daily
   * schedule's zone, else the configured default.
   */
  async timezone(w: ReviewWho): Promise<string> {
    const reminder = await this.store.reminder(w.person, w.now);
    if (reminder) return reminder.rule.timezone;
    return this.zoneOf(undefined, await this.o.schedules.get(w.channel));
  }

  /** The zone rule of `timezone`, on what was read. */
  private zoneOf(reminder: StoredReminder | undefined, daily: DailySchedule | undefined): string {
    return reminder?.rule.timezone ?? daily?.timezone ?? this.defaultTimezone;
  }

  /**
   * The chapters a person has met: those of their cards and of the questions they answered in quizzes and daily
   * checks, and those the channel's daily concept follows (all chapters when it follows all).
   */
  async metChapters(w: Pick<ReviewWho, 'person' | 'channel'>, cards: readonly ReviewCard[]): Promise<Set<number>> {
    const [answered, daily] = await Promise.all([this.store.answeredQuestions(w.person), this.o.schedules.get(w.channel)]);
    return this.chaptersMet(cards, answered, daily);
  }

  /** The rule of `metChapters`, on what was read. */
  private chaptersMet(cards: readonly ReviewCard[], answered: readonly string[], daily: DailySchedule | undefined): Set<number> {
    const met = new Set<number>();
    const add = (id: string) => {
      const q = this.bank.byId.get(id);
      if (q) met.add(q.chapter);
    };
    for (const c of cards) add(c.questionId);
    for (const id of answered) add(id);
    if (daily?.enabled) for (const ch of daily.chapters.length ? daily.chapters : this.o.library.chapters.map((c) => c.number)) met.add(ch);
    return met;
  }

  /**
   * The card to show next (`nextReview`) and where the person stands (`reviewStatus`: due today, new left, streak,
   * retention), in their zone (`timezone`), with how many chapters they have met. Its five reads go out together,
   * so on PostgreSQL it waits one round trip, not three (bench/review-store.ts times it through both stores).
   */
  async next(w: ReviewWho): Promise<{ next: NextReview; status: ReviewStatus; timezone: string; metChapters: number }> {
    const [cards, answered, daily, reminder, reviewTimes] = await Promise.all([
      this.store.cards(w.person),
      this.store.answeredQuestions(w.person),
      this.o.schedules.get(w.channel),
      this.store.reminder(w.person, w.now),
      this.store.reviewTimes(w.person, w.now - STREAK_WINDOW_MS),
    ]);
    const metChapters = this.chaptersMet(cards, answered, daily);
    const timezone = this.zoneOf(reminder, daily);
    const queue = { cards, bank: this.bank, metChapters, newPerDay: this.newPerDay, now: w.now, timezone };
    return { next: nextReview(queue), status: reviewStatus({ ...queue, reviewTimes }, this.scheduler), timezone, metChapters: metChapters.size };
  }

  /**
   * Cards due per local day for the next `days` days in `timezone` (today first; today counts what is overdue
   * too), for the forecast chart of `/review status`. `firstDay` is today's local date (YYYY-MM-DD).
   */
  async forecast(person: string, timezone: string, now: number, days = 14): Promise<{ firstDay: string; duePerDay: number[] }> {
    const cards = await this.store.cards(person);
    const today = localDay(now, timezone);
    // Each local day's end, today first: a DST day is 23 or 25 hours long, so days are stepped in local time.
    const ends = [today.end];
    while (ends.length < days) ends.push(localDay(ends[ends.length - 1]!, timezone).end);
    const duePerDay = new Array<number>(days).fill(0);
    for (const c of cards) {
      if (c.lastReview === null) continue; // never reviewed: a new card, not yet on a schedule
      const day = ends.findIndex((end) => c.due < end);
      if (day >= 0) duePerDay[day]!++;
    }
    return { firstDay: today.date, duePerDay };
  }

  /**
   * A click on a `/review` card: grades the person's card for `question` with FSRS (rating from correctness and the
   * time since `shownAt`, answer-rating.ts). `repeated` when this showing was graded before.
   */
  async answer(person: string, question: Question, right: boolean, shownAt: number, now: number): Promise<GradeOutcome> {
    const [outcome] = await this.store.grade([
      {
        person,
        questionId: question.id,
        shownAt,
        decide: (card) => {
          const current = card ?? newCard(person, question.id, now);
          // A quiz reveal may have graded the card a moment "later" than this click was stamped: never grade back in time.
          const at = current.lastReview !== null ? Math.max(now, current.lastReview) : now;
          return grade(current, { question, right, answerMs: Math.max(0, now - shownAt), source: 'review' }, at, this.scheduler);
        },
      },
    ]);
    return outcome!;
  }

  /**
   * Team answers (a quiz question's reveal, a daily check) counted as reviews of those cards, in one transaction.
   * Answers to questions no longer in the notes are skipped. Never rejects: a failure is reported to `onError` (the
   * quiz and the daily check have already answered the person) and resolves with no grades.
   */
  async countTeamAnswers(answers: readonly TeamAnswer[]): Promise<Graded[]> {
    const known = answers.filter((a) => this.bank.byId.has(a.question.id));
    if (known.length === 0) return [];
    try {
      const out = await this.store.grade(known.map((a) => ({ person: a.person, questionId: a.question.id, decide: (card) => gradeTeamAnswer(card, a, this.scheduler) })));
      return out.flatMap((o) => (o.kind === 'graded' ? [o.graded] : []));
    } catch (err) {
      this.o.onError?.(err, `counting ${known.length} ${known[0]!.source} answer(s) as reviews`);
      return [];
    }
  }

  /** Cards of the person due before their local day ends (the reminder's "N cards due"). */
  async dueToday(person: string, timezone: string, now: number): Promise<number> {
    const cards = await this.store.cards(person);
    // New cards depend on a channel (its daily chapters): a reminder counts only what FSRS has scheduled.
    return reviewStatus({ cards, bank: this.bank, metChapters: new Set(), newPerDay: 0, now, timezone, reviewTimes: [] }, this.scheduler).dueToday;
  }
}
