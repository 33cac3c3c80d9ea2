import type { LocalDate } from '../daily/local-time.js';
import type { Db } from '../storage/sqlite-database.js';
import type { ReminderRule } from './reminder-plan.js';
import {
  CARD_COLUMNS,
  cardFromRow,
  cardValues,
  LOG_COLUMNS,
  logValues,
  planReminder,
  reminderFromRow,
  type CardRow,
  type ClaimedReminder,
  type GradeOutcome,
  type GradeRequest,
  type ReminderOutcome,
  type ReminderRow,
  type ReviewFootprint,
  type ReviewStore,
  type StoredReminder,
} from './review-store.js';
import type { ReviewCard } from './review-card.js';

const placeholders = (n: number) => Array.from({ length: n }, () => '?').join(', ');

/** ReviewStore in SQLite: every read-then-write is one synchronous IMMEDIATE transaction, nothing awaited inside. */
export class SqliteReviewStore implements ReviewStore {
  constructor(private readonly db: Db) {}

  async cards(person: string): Promise<ReviewCard[]> {
    const rows = this.db.prepare<[string], CardRow>(`SELECT ${CARD_COLUMNS} FROM review_cards WHERE person = ? ORDER BY question_id`).all(person);
    return rows.map(cardFromRow);
  }

  async reviewTimes(person: string, since: number): Promise<number[]> {
    return this.db.prepare<[string, number], number>('SELECT reviewed_at FROM review_log WHERE person = ? AND reviewed_at >= ? ORDER BY reviewed_at').pluck().all(person, since);
  }

  async answeredQuestions(person: string): Promise<string[]> {
    return this.db
      .prepare<[string, string], string>(
        `SELECT q.question_id FROM quiz_answers a JOIN quiz_questions q ON q.session_id = a.session_id AND q.no = a.no WHERE a.user_id = ?
         UNION SELECT question_id FROM daily_check_answers WHERE user_id = ? ORDER BY 1`,
      )
      .pluck()
      .all(person, person);
  }

  async grade(requests: readonly GradeRequest[]): Promise<GradeOutcome[]> {
    const read = this.db.prepare<[string, string], CardRow>(`SELECT ${CARD_COLUMNS} FROM review_cards WHERE person = ? AND question_id = ?`);
    const seen = this.db.prepare('SELECT 1 FROM review_log WHERE person = ? AND question_id = ? AND shown_at = ?');
    const upsert = this.db.prepare(
      `INSERT INTO review_cards (${CARD_COLUMNS}) VALUES (${placeholders(13)})
       ON CONFLICT (person, question_id) DO UPDATE SET due = excluded.due, stability = excluded.stability, difficulty = excluded.difficulty,
         elapsed_days = excluded.elapsed_days, scheduled_days = excluded.scheduled_days, learning_steps = excluded.learning_steps,
         reps = excluded.reps, lapses = excluded.lapses, state = excluded.state, last_review = excluded.last_review, introduced = excluded.introduced`,
    );
    const log = this.db.prepare(`INSERT INTO review_log (${LOG_COLUMNS}) VALUES (${placeholders(16)})`);
    return this.db
      .transaction(() =>
        requests.map((r): GradeOutcome => {
          if (r.shownAt !== undefined && seen.get(r.person, r.questionId, r.shownAt)) return { kind: 'repeated' };
          const row = read.get(r.person, r.questionId);
          const graded = r.decide(row ? cardFromRow(row) : undefined);
          upsert.run(...cardValues(graded.card));
          log.run(...logValues(graded.log, r.shownAt, graded.log.right ? 1 : 0));
          return { kind: 'graded', graded };
        }),
      )
      .immediate();
  }

  async reminder(person: string, now: number): Promise<StoredReminder | undefined> {
    const row = this.db.prepare<[string], ReminderRow>('SELECT * FROM review_reminders WHERE person = ?').get(person);
    return row ? reminderFromRow(row, now) : undefined;
  }

  async setReminder(person: string, rule: ReminderRule, now: number): Promise<StoredReminder> {
    return this.db
      .transaction(() => {
        const before = this.db.prepare<[string], ReminderRow>('SELECT * FROM review_reminders WHERE person = ?').get(person);
        const row: ReminderRow = { person, enabled: 1, time_of_day: rule.timeOfDay, timezone: rule.timezone, last_date: before?.last_date ?? null, next_due: null };
        const planned = reminderFromRow(row, now);
        this.db
          .prepare(
            `INSERT INTO review_reminders (person, enabled, time_of_day, timezone, last_date, next_due, updated_at) VALUES (?, 1, ?, ?, ?, ?, ?)
             ON CONFLICT (person) DO UPDATE SET enabled = 1, time_of_day = excluded.time_of_day, timezone = excluded.timezone, next_due = excluded.next_due, updated_at = excluded.updated_at`,
          )
          .run(person, rule.timeOfDay, rule.timezone, row.last_date, planned.next!.at, now);
        return planned;
      })
      .immediate();
  }

  async reminderOff(person: string, now: number): Promise<boolean> {
    return this.db.prepare('UPDATE review_reminders SET enabled = 0, next_due = NULL, updated_at = ? WHERE person = ? AND enabled = 1').run(now, person).changes === 1;
  }

  async claimReminders(now: number): Promise<ClaimedReminder[]> {
    const due = this.db.prepare<[number], ReminderRow>('SELECT * FROM review_reminders WHERE enabled = 1 AND next_due <= ? ORDER BY next_due, person');
    const move = this.db.prepare('UPDATE review_reminders SET next_due = ?, last_date = ?, updated_at = ? WHERE person = ?');
    const claim = this.db.prepare(`INSERT INTO review_reminder_sends (person, local_date, status, claimed_at) VALUES (?, ?, 'claimed', ?) ON CONFLICT DO NOTHING`);
    return this.db
      .transaction(() => {
        const won: ClaimedReminder[] = [];
        for (const r of due.all(now)) {
          const plan = planReminder(r, now);
          move.run(plan.nextDue, plan.lastDate, now, r.person);
          if (plan.claim !== undefined && claim.run(r.person, plan.claim, now).changes === 1) won.push({ person: r.person, date: plan.claim, timezone: r.timezone });
        }
        return won;
      })
      .immediate();
  }

  async finishReminder(person: string, date: LocalDate, outcome: ReminderOutcome, now: number): Promise<void> {
    this.db
      .prepare('UPDATE review_reminder_sends SET status = ?, due_count = ?, error = ?, finished_at = ? WHERE person = ? AND local_date = ?')
      .run(outcome.status, outcome.status === 'sent' ? outcome.due : null, outcome.status === 'failed' ? outcome.error : null, now, person, date);
  }

  async reminderDay(person: string, date: LocalDate): Promise<{ status: string; due: number | null } | undefined> {
    const row = this.db.prepare<[string, string], { status: string; due_count: number | null }>('SELECT status, due_count FROM review_reminder_sends WHERE person = ? AND local_date = ?').get(person, date);
    return row ? { status: row.status, due: row.due_count } : undefined;
  }

  async footprint(person: string): Promise<ReviewFootprint> {
    const count = (sql: string) => this.db.prepare<[string], number>(sql).pluck().get(person) ?? 0;
    return {
      cards: count('SELECT count(*) FROM review_cards WHERE person = ?'),
      reviews: count('SELECT count(*) FROM review_log WHERE person = ?'),
      reminder: count('SELECT count(*) FROM review_reminders WHERE person = ? AND enabled = 1') > 0,
      reminderDays: count('SELECT count(*) FROM review_reminder_sends WHERE person = ?'),
    };
  }
}
