import type { Db } from '../storage/database.js';

/** Who answered a daily post's quick check, and with what: the first answer per person and post stands. */
export class CheckAnswers {
  private readonly insert;
  private readonly read;

  constructor(db: Db) {
    // The primary key decides "first", so two clicks racing (or two bot processes) cannot both count.
    this.insert = db.prepare(
      `INSERT INTO daily_check_answers (channel, message_id, user_id, question_id, option, answered_at)
       VALUES (@channel, @message, @user, @question, @option, @now) ON CONFLICT DO NOTHING`,
    );
    this.read = db.prepare<[string, string, string], number>('SELECT option FROM daily_check_answers WHERE channel = ? AND message_id = ? AND user_id = ?').pluck();
  }

  /** Records an answer unless the person answered this post before; returns the answer that stands. */
  first(a: { channel: string; message: string; user: string; question: string; option: number; now: number }): { option: number; isNew: boolean } {
    if (this.insert.run(a).changes === 1) return { option: a.option, isNew: true };
    return { option: this.read.get(a.channel, a.message, a.user) ?? a.option, isNew: false };
  }
}
