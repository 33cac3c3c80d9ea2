import type { Db } from '../storage/sqlite-database.js';
import type { CheckAnswers, CheckClick } from './check-answers.js';

/** CheckAnswers in SQLite. */
export class SqliteCheckAnswers implements CheckAnswers {
  private readonly insert;
  private readonly read;

  constructor(db: Db) {
    this.insert = db.prepare(
      `INSERT INTO daily_check_answers (channel, message_id, user_id, question_id, option, answered_at)
       VALUES (@channel, @message, @user, @question, @option, @now) ON CONFLICT DO NOTHING`,
    );
    this.read = db.prepare<[string, string, string], number>('SELECT option FROM daily_check_answers WHERE channel = ? AND message_id = ? AND user_id = ?').pluck();
  }

  async first(a: CheckClick): Promise<{ option: number; isNew: boolean }> {
    if (this.insert.run(a).changes === 1) return { option: a.option, isNew: true };
    return { option: this.read.get(a.channel, a.message, a.user) ?? a.option, isNew: false };
  }
}
