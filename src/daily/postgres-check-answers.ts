import type { PostgresDatabase } from '../storage/postgres-database.js';
import type { CheckAnswers, CheckClick } from './check-answers.js';

/** CheckAnswers in PostgreSQL: one statement that inserts the first answer or returns the one that stands. */
export class PostgresCheckAnswers implements CheckAnswers {
  constructor(private readonly db: PostgresDatabase) {}

  async first(a: CheckClick): Promise<{ option: number; isNew: boolean }> {
    const params = [a.channel, a.message, a.user, a.question, a.option, a.now];
    const [mine] = await this.db.sql.rows<{ option: number }>(
      `INSERT INTO daily_check_answers (channel, message_id, user_id, question_id, option, answered_at)
       VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING RETURNING option`,
      params,
    );
    if (mine) return { option: mine.option, isNew: true };
    // The conflicting row was committed before our insert gave up on it, so this read sees it.
    const [first] = await this.db.sql.rows<{ option: number }>('SELECT option FROM daily_check_answers WHERE channel = $1 AND message_id = $2 AND user_id = $3', params.slice(0, 3));
    return { option: first?.option ?? a.option, isNew: false };
  }
}
