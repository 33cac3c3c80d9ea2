/*
 * Everything the bot keeps about one person, for `/privacy` and `/privacy delete`. The one place that knows which
 * tables hold a person's id: a table added later must be added here too — test/privacy.test.ts reads the table list
 * from each database and fails when any row still holds an erased person's id.
 */

/** Rows holding a person's id, by what they are. */
export interface PersonRows {
  /** Answers to team quiz questions (`quiz_answers`). */
  quizAnswers: number;
  /** Standings in ended quizzes, what leaderboards add up (`quiz_results`). */
  quizResults: number;
  /** Quizzes the person started (`quiz_sessions.starter_id`): kept for the other players, the starter made anonymous. */
  quizzesStarted: number;
  /** Answers to daily quick checks (`daily_check_answers`). */
  dailyCheckAnswers: number;
  /** Channel daily schedules the person last changed (`daily_schedules.updated_by`): kept, the name made anonymous. */
  scheduleChanges: number;
  /** Workspace or server settings (/settings) the person last changed: kept, the person made anonymous. */
  settingsChanges: number;
  /** Review cards (`review_cards`). */
  reviewCards: number;
  /** Graded answers (`review_log`). */
  reviews: number;
  /** A reminder setting (`review_reminders`) and the days it was handled (`review_reminder_sends`). */
  reminders: number;
  reminderDays: number;
}

/** What stands in for an erased person where a row must stay for others (a quiz they started, a schedule they set). */
export const ERASED_PERSON = { id: 'erased', name: 'someone' } as const;

export interface PersonData {
  /** Counts of the rows holding the person's id (namespaced: `slack:T1:U2`). */
  describe(person: string): Promise<PersonRows>;
  /**
   * Erases the person in one transaction: deletes their answers, standings, daily-check answers, review cards, review
   * log and reminders, and makes them anonymous where a row belongs to others too (a quiz they started, a schedule
   * they last changed). Leaderboards are sums over the rows that remain, so they are recomputed without the person.
   * Resolves with the counts it changed; all or nothing when the database refuses a write.
   */
  erase(person: string): Promise<PersonRows>;
}

/** The statements of `erase`, in order, with the field each one's row count goes to. The same SQL on both engines. */
export const ERASE_STEPS: readonly { field: keyof PersonRows; sql: string; /** Parameters after the person's id ($2, $3…). */ more?: readonly string[] }[] = [
  { field: 'quizAnswers', sql: 'DELETE FROM quiz_answers WHERE user_id = $1' },
  { field: 'quizResults', sql: 'DELETE FROM quiz_results WHERE user_id = $1' },
  { field: 'quizzesStarted', sql: 'UPDATE quiz_sessions SET starter_id = $2, starter_name = $3 WHERE starter_id = $1', more: [ERASED_PERSON.id, ERASED_PERSON.name] },
  { field: 'dailyCheckAnswers', sql: 'DELETE FROM daily_check_answers WHERE user_id = $1' },
  { field: 'scheduleChanges', sql: 'UPDATE daily_schedules SET updated_by = $2 WHERE updated_by = $1', more: [ERASED_PERSON.id] },
  { field: 'settingsChanges', sql: 'UPDATE workspace_settings SET updated_by = $2 WHERE updated_by = $1', more: [ERASED_PERSON.id] },
  { field: 'reviewCards', sql: 'DELETE FROM review_cards WHERE person = $1' },
  { field: 'reviews', sql: 'DELETE FROM review_log WHERE person = $1' },
  { field: 'reminders', sql: 'DELETE FROM review_reminders WHERE person = $1' },
  { field: 'reminderDays', sql: 'DELETE FROM review_reminder_sends WHERE person = $1' },
];

/** The `describe` counts: each step's table and condition, counted instead of changed. */
export const DESCRIBE_SQL = `SELECT
  (SELECT count(*) FROM quiz_answers WHERE user_id = $1) AS "quizAnswers",
  (SELECT count(*) FROM quiz_results WHERE user_id = $1) AS "quizResults",
  (SELECT count(*) FROM quiz_sessions WHERE starter_id = $1) AS "quizzesStarted",
  (SELECT count(*) FROM daily_check_answers WHERE user_id = $1) AS "dailyCheckAnswers",
  (SELECT count(*) FROM daily_schedules WHERE updated_by = $1) AS "scheduleChanges",
  (SELECT count(*) FROM workspace_settings WHERE updated_by = $1) AS "settingsChanges",
  (SELECT count(*) FROM review_cards WHERE person = $1) AS "reviewCards",
  (SELECT count(*) FROM review_log WHERE person = $1) AS "reviews",
  (SELECT count(*) FROM review_reminders WHERE person = $1) AS "reminders",
  (SELECT count(*) FROM review_reminder_sends WHERE person = $1) AS "reminderDays"`;

export function emptyRows(): PersonRows {
  return { quizAnswers: 0, quizResults: 0, quizzesStarted: 0, dailyCheckAnswers: 0, scheduleChanges: 0, settingsChanges: 0, reviewCards: 0, reviews: 0, reminders: 0, reminderDays: 0 };
}
