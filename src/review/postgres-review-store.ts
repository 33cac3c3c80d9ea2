import type { LocalDate } from '../daily/local-time.js';
import type { PostgresDatabase } from '../storage/postgres-database.js';
import type { ReminderRule } from './reminder-plan.js';
import type { ReviewCard } from './review-card.js';
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

const params = (n: number, from = 1) => Array.from({ length: n }, (_, i) => `$${i + from}`).join(', ');

/**
 * ReviewStore in PostgreSQL. A grade locks the card's row before reading it, inserting a placeholder first when the
 * person has no card yet, so two answers racing (a quiz reveal on one replica, a /review click on another) are
 * graded one after the other on the card as the first left it.
 */
export class PostgresReviewStore implements ReviewStore {
  constructor(private readonly db: PostgresDatabase) {}

  async cards(person: string): Promise<ReviewCard[]> {
    const rows = await this.db.sql.rows<CardRow>(`SELECT ${CARD_COLUMNS} FROM review_cards WHERE person = $1 ORDER BY question_id COLLATE "C"`, [person]);
    return rows.map(cardFromRow);
  }

  async reviewTimes(person: string, since: number): Promise<number[]> {
    const rows = await this.db.sql.rows<{ reviewed_at: number }>('SELECT reviewed_at FROM review_log WHERE person = $1 AND reviewed_at >= $2 ORDER BY reviewed_at', [person, since]);
    return rows.map((r) => r.reviewed_at);
  }

  async answeredQuestions(person: string): Promise<string[]> {
    const rows = await this.db.sql.rows<{ question_id: string }>(
      `SELECT question_id FROM (SELECT q.question_id FROM quiz_answers a JOIN quiz_questions q ON q.session_id = a.session_id AND q.no = a.no WHERE a.user_id = $1
       UNION SELECT question_id FROM daily_check_answers WHERE user_id = $1) met ORDER BY question_id COLLATE "C"`,
      [person],
    );
    return rows.map((r) => r.question_id);
  }

  async grade(requests: readonly GradeRequest[]): Promise<GradeOutcome[]> {
    return this.db.transaction(async (tx) => {
      const out: GradeOutcome[] = [];
      for (const r of requests) {
        if (r.shownAt !== undefined) {
          const [seen] = await tx.rows('SELECT 1 FROM review_log WHERE person = $1 AND question_id = $2 AND shown_at = $3', [r.person, r.questionId, r.shownAt]);
          if (seen) {
            out.push({ kind: 'repeated' });
            continue;
          }
        }
        // A first answer has no row to lock: claim the key with a placeholder insert, then lock and read what stands.
        await tx.run(
          `INSERT INTO review_cards (${CARD_COLUMNS}) VALUES ($1, $2, 0, 0, 0, 0, 0, 0, 0, 0, 'New', NULL, NULL) ON CONFLICT DO NOTHING`,
          [r.person, r.questionId],
        );
        const [row] = await tx.rows<CardRow>(`SELECT ${CARD_COLUMNS} FROM review_cards WHERE person = $1 AND question_id = $2 FOR UPDATE`, [r.person, r.questionId]);
        // Every graded card has a last review; a row without one is the placeholder just inserted.
        const current = row && row.last_review !== null ? cardFromRow(row) : undefined;
        const graded = r.decide(current);
        await tx.run(
          `UPDATE review_cards SET due = $3, stability = $4, difficulty = $5, elapsed_days = $6, scheduled_days = $7, learning_steps = $8,
             reps = $9, lapses = $10, state = $11, last_review = $12, introduced = $13 WHERE person = $1 AND question_id = $2`,
          cardValues(graded.card),
        );
        await tx.run(`INSERT INTO review_log (${LOG_COLUMNS}) VALUES (${params(16)})`, logValues(graded.log, r.shownAt, graded.log.right));
        out.push({ kind: 'graded', graded });
      }
      return out;
    });
  }

  async reminder(person: string, now: number): Promise<StoredReminder | undefined> {
    const [row] = await this.db.sql.rows<ReminderRow>('SELECT * FROM review_reminders WHERE person = $1', [person]);
    return row ? reminderFromRow(row, now) : undefined;
  }

  async setReminder(person: string, rule: ReminderRule, now: number): Promise<StoredReminder> {
    return this.db.transaction(async (tx) => {
      const [before] = await tx.rows<ReminderRow>('SELECT * FROM review_reminders WHERE person = $1 FOR UPDATE', [person]);
      const row: ReminderRow = { person, enabled: true, time_of_day: rule.timeOfDay, timezone: rule.timezone, last_date: before?.last_date ?? null, next_due: null };
      const planned = reminderFromRow(row, now);
      await tx.run(
        `INSERT INTO review_reminders (person, enabled, time_of_day, timezone, last_date, next_due, updated_at) VALUES ($1, TRUE, $2, $3, $4, $5, $6)
         ON CONFLICT (person) DO UPDATE SET enabled = TRUE, time_of_day = excluded.time_of_day, timezone = excluded.timezone, next_due = excluded.next_due, updated_at = excluded.updated_at`,
        [person, rule.timeOfDay, rule.timezone, row.last_date, planned.next!.at, now],
      );
      return planned;
    });
  }

  async reminderOff(person: string, now: number): Promise<boolean> {
    return (await this.db.sql.run('UPDATE review_reminders SET enabled = FALSE, next_due = NULL, updated_at = $1 WHERE person = $2 AND enabled', [now, person])) === 1;
  }

  async claimReminders(now: number): Promise<ClaimedReminder[]> {
    return this.db.transaction(async (tx) => {
      // SKIP LOCKED: several bot processes ticking together split the due rows instead of queueing on them.
      const due = await tx.rows<ReminderRow>('SELECT * FROM review_reminders WHERE enabled AND next_due <= $1 ORDER BY next_due, person COLLATE "C" FOR UPDATE SKIP LOCKED', [now]);
      const won: ClaimedReminder[] = [];
      for (const r of due) {
        const plan = planReminder(r, now);
        await tx.run('UPDATE review_reminders SET next_due = $1, last_date = $2, updated_at = $3 WHERE person = $4', [plan.nextDue, plan.lastDate, now, r.person]);
        if (plan.claim === undefined) continue;
        const claimed = await tx.run(`INSERT INTO review_reminder_sends (person, local_date, status, claimed_at) VALUES ($1, $2, 'claimed', $3) ON CONFLICT DO NOTHING`, [r.person, plan.claim, now]);
        if (claimed === 1) won.push({ person: r.person, date: plan.claim, timezone: r.timezone });
      }
      return won;
    });
  }

  async finishReminder(person: string, date: LocalDate, outcome: ReminderOutcome, now: number): Promise<void> {
    await this.db.sql.run('UPDATE review_reminder_sends SET status = $1, due_count = $2, error = $3, finished_at = $4 WHERE person = $5 AND local_date = $6', [
      outcome.status,
      outcome.status === 'sent' ? outcome.due : null,
      outcome.status === 'failed' ? outcome.error : null,
      now,
      person,
      date,
    ]);
  }

  async reminderDay(person: string, date: LocalDate): Promise<{ status: string; due: number | null } | undefined> {
    const [row] = await this.db.sql.rows<{ status: string; due_count: number | null }>('SELECT status, due_count FROM review_reminder_sends WHERE person = $1 AND local_date = $2', [person, date]);
    return row ? { status: row.status, due: row.due_count } : undefined;
  }

  async footprint(person: string): Promise<ReviewFootprint> {
    const [r] = await this.db.sql.rows<{ cards: number; reviews: number; reminder: number; days: number }>(
      `SELECT (SELECT count(*) FROM review_cards WHERE person = $1) AS cards, (SELECT count(*) FROM review_log WHERE person = $1) AS reviews,
              (SELECT count(*) FROM review_reminders WHERE person = $1 AND enabled) AS reminder, (SELECT count(*) FROM review_reminder_sends WHERE person = $1) AS days`,
      [person],
    );
    return { cards: r!.cards, reviews: r!.reviews, reminder: r!.reminder > 0, reminderDays: r!.days };
  }
}
