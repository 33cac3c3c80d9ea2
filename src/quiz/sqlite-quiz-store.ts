import type { Db } from '../storage/sqlite-database.js';
import { judgeAnswer, type AnswerVerdict, type QuizChange } from './quiz-state.js';
import type { ChannelAnswer } from '../review/team-mastery.js';
import {
  channelAnswerFromRow,
  type ChannelAnswerRow,
  ANSWER_ORDER,
  LostRace,
  plannedTransition,
  QuizRunningError,
  replayQuiz,
  writesOf,
  type AnswerInput,
  type AnswerRow,
  type ChapterStats,
  type LeaderboardRow,
  type NewQuiz,
  type QuestionRow,
  type QuizStore,
  type SessionRow,
  type StoredQuiz,
  type Transition,
} from './quiz-store.js';

/**
 * QuizStore in SQLite. Every write is one synchronous IMMEDIATE transaction (the write lock is taken before the
 * reads, so no other process can change the quiz between them), with nothing awaited inside.
 */
export class SqliteQuizStore implements QuizStore {
  private readonly q;

  constructor(private readonly db: Db) {
    this.q = {
      session: db.prepare<[number], SessionRow>('SELECT * FROM quiz_sessions WHERE id = ?'),
      running: db.prepare<[string], SessionRow>("SELECT * FROM quiz_sessions WHERE channel = ? AND status = 'running'"),
      allRunning: db.prepare<[], { id: number }>("SELECT id FROM quiz_sessions WHERE status = 'running' ORDER BY id"),
      questions: db.prepare<[number], QuestionRow>('SELECT * FROM quiz_questions WHERE session_id = ? ORDER BY no'),
      answers: db.prepare<[number], AnswerRow>(`SELECT no, user_id, user_name, option, answered_at FROM quiz_answers WHERE session_id = ? ${ANSWER_ORDER}`),
      insertSession: db.prepare(
        "INSERT INTO quiz_sessions (channel, starter_id, starter_name, selection, seconds, status, next_at, created_at) VALUES (?, ?, ?, ?, ?, 'running', ?, ?)",
      ),
      insertQuestion: db.prepare('INSERT INTO quiz_questions (session_id, no, question_id, chapter, answer, option_count, options) VALUES (?, ?, ?, ?, ?, ?, ?)'),
      answerContext: db.prepare<[number, number], { quiz_status: SessionRow['status']; channel: string; no: number | null; status: QuestionRow['status'] | null; deadline: number | null; option_count: number | null; answer: number | null }>(
        `SELECT s.status AS quiz_status, s.channel, q.no, q.status, q.deadline, q.option_count, q.answer
         FROM quiz_sessions s LEFT JOIN quiz_questions q ON q.session_id = s.id AND q.no = ? WHERE s.id = ?`,
      ),
      given: db.prepare<[number, number, string], number>('SELECT option FROM quiz_answers WHERE session_id = ? AND no = ? AND user_id = ?').pluck(),
      // The guard is in the statement: an answer lands only while its question is open and before the deadline,
      // and only the first per person (primary key).
      insertAnswer: db.prepare(
        `INSERT INTO quiz_answers (session_id, no, user_id, user_name, option, answered_at)
         SELECT @session, @no, @user, @name, @option, @at
         WHERE EXISTS (SELECT 1 FROM quiz_questions WHERE session_id = @session AND no = @no AND status = 'open' AND deadline > @at)
         ON CONFLICT DO NOTHING`,
      ),
      openQuestion: db.prepare("UPDATE quiz_questions SET status = 'open', opened_at = ?, deadline = ? WHERE session_id = ? AND no = ? AND status = 'pending'"),
      revealQuestion: db.prepare("UPDATE quiz_questions SET status = 'revealed', revealed_at = ? WHERE session_id = ? AND no = ? AND status = 'open'"),
      skipPending: db.prepare("UPDATE quiz_questions SET status = 'skipped' WHERE session_id = ? AND status = 'pending'"),
      scoreAnswer: db.prepare('UPDATE quiz_answers SET correct = ?, points = ? WHERE session_id = ? AND no = ? AND user_id = ?'),
      setMessage: db.prepare('UPDATE quiz_questions SET message_id = ? WHERE session_id = ? AND no = ?'),
      claimCountEdit: db.prepare(
        "UPDATE quiz_questions SET count_edited_at = @now WHERE session_id = @id AND no = @no AND status = 'open' AND COALESCE(count_edited_at, opened_at) <= @now - @interval",
      ),
      setNextAt: db.prepare("UPDATE quiz_sessions SET next_at = ? WHERE id = ? AND status = 'running'"),
      endSession: db.prepare("UPDATE quiz_sessions SET status = ?, ended_at = ?, next_at = NULL WHERE id = ? AND status = 'running'"),
      insertResult: db.prepare(
        'INSERT INTO quiz_results (session_id, channel, user_id, user_name, points, correct, answered, finished_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
      ),
      timesAsked: db.prepare<[string], { question_id: string; times: number }>(
        `SELECT q.question_id, COUNT(*) AS times FROM quiz_questions q JOIN quiz_sessions s ON s.id = q.session_id
         WHERE s.channel = ? AND q.opened_at IS NOT NULL GROUP BY q.question_id`,
      ),
      leaderboard: db.prepare<[string, number], { user_id: string; name: string; points: number; correct: number; answered: number; quizzes: number }>(
        `SELECT user_id, (SELECT r2.user_name FROM quiz_results r2 WHERE r2.channel = r.channel AND r2.user_id = r.user_id ORDER BY r2.finished_at DESC LIMIT 1) AS name,
                SUM(points) AS points, SUM(correct) AS correct, SUM(answered) AS answered, COUNT(*) AS quizzes
         FROM quiz_results r WHERE channel = ? AND finished_at >= ?
         GROUP BY user_id ORDER BY points DESC, correct DESC, name LIMIT 10`,
      ),
      stats: db.prepare<[string], ChapterStats>(
        `SELECT q.chapter, COUNT(*) AS answered, SUM(a.correct) AS correct FROM quiz_answers a
         JOIN quiz_questions q ON q.session_id = a.session_id AND q.no = a.no
         WHERE a.user_id = ? AND a.correct IS NOT NULL GROUP BY q.chapter ORDER BY q.chapter`,
      ),
      channelAnswers: db.prepare<[string, number], ChannelAnswerRow>(
        `SELECT a.user_id, q.question_id, a.correct, a.answered_at FROM quiz_sessions s
         JOIN quiz_answers a ON a.session_id = s.id
         JOIN quiz_questions q ON q.session_id = a.session_id AND q.no = a.no
         WHERE s.channel = ? AND a.correct IS NOT NULL AND a.answered_at >= ?
         ORDER BY a.answered_at, a.user_id, q.question_id`,
      ),
    };
  }

  async create(init: NewQuiz): Promise<StoredQuiz> {
    return this.db.transaction(() => {
      const running = this.q.running.get(init.channel);
      if (running) throw new QuizRunningError(this.loadRow(running));
      const id = Number(
        this.q.insertSession.run(init.channel, init.starter.id, init.starter.name, init.selection, init.seconds, init.firstAt, init.now).lastInsertRowid,
      );
      init.questions.forEach((q, i) => this.q.insertQuestion.run(id, i + 1, q.questionId, q.chapter, q.answer, q.optionCount, q.options ? JSON.stringify(q.options) : null));
      return this.loadSync(id)!;
    }).immediate();
  }

  async load(sessionId: number): Promise<StoredQuiz | undefined> {
    return this.loadSync(sessionId);
  }

  async running(channel: string): Promise<StoredQuiz | undefined> {
    const row = this.q.running.get(channel);
    return row ? this.loadRow(row) : undefined;
  }

  async runningIds(): Promise<number[]> {
    return this.q.allRunning.all().map((r) => r.id);
  }

  async recordAnswer(a: AnswerInput): Promise<AnswerVerdict> {
    return this.db.transaction((): AnswerVerdict => {
      const c = this.q.answerContext.get(a.no, a.sessionId);
      if (!c || c.channel !== a.channel) return { kind: 'refused', reason: 'quiz-over' };
      const given = c.no === null ? undefined : this.q.given.get(a.sessionId, a.no, a.user.id);
      const question = c.no === null ? undefined : { no: c.no, status: c.status!, optionCount: c.option_count!, answer: c.answer!, ...(c.deadline !== null ? { deadline: c.deadline } : {}) };
      const verdict = judgeAnswer(
        { quizStatus: c.quiz_status, ...(question ? { question } : {}), ...(given !== undefined ? { given } : {}) },
        a.option,
        a.at,
      );
      if (verdict.kind !== 'accepted') return verdict;
      const inserted = this.q.insertAnswer.run({ session: a.sessionId, no: a.no, user: a.user.id, name: a.user.name, option: a.option, at: a.at }).changes === 1;
      // Unreachable while the write lock is held; kept so a change to the reads above cannot count an answer twice.
      return inserted ? verdict : { kind: 'refused', reason: 'not-open' };
    }).immediate();
  }

  async openNext(sessionId: number, no: number, now: number): Promise<Transition | undefined> {
    return this.transition(sessionId, { kind: 'open', no }, now);
  }

  async closeOpen(sessionId: number, no: number, now: number, nextAt: number): Promise<Transition | undefined> {
    return this.transition(sessionId, { kind: 'close', no }, now, nextAt);
  }

  async finish(sessionId: number, status: 'finished' | 'stopped', now: number): Promise<Transition | undefined> {
    return this.transition(sessionId, { kind: 'end', status }, now);
  }

  async setMessage(sessionId: number, no: number, messageId: string): Promise<void> {
    this.q.setMessage.run(messageId, sessionId, no);
  }

  async claimCountEdit(sessionId: number, no: number, now: number, intervalMs: number): Promise<boolean> {
    return this.q.claimCountEdit.run({ now, id: sessionId, no, interval: intervalMs }).changes === 1;
  }

  async timesAsked(channel: string): Promise<Map<string, number>> {
    return new Map(this.q.timesAsked.all(channel).map((r) => [r.question_id, r.times]));
  }

  async leaderboard(channel: string, since: number): Promise<LeaderboardRow[]> {
    return this.q.leaderboard.all(channel, since).map((r) => ({ userId: r.user_id, name: r.name, points: r.points, correct: r.correct, answered: r.answered, quizzes: r.quizzes }));
  }

  async stats(userId: string): Promise<ChapterStats[]> {
    return this.q.stats.all(userId);
  }

  async channelAnswers(channel: string, since: number): Promise<ChannelAnswer[]> {
    return this.q.channelAnswers.all(channel, since).map((r) => channelAnswerFromRow(channel, r));
  }

  /** Lock (IMMEDIATE), read, apply the pure change, write with guards; a refused guard rolls back and yields undefined. */
  private transition(sessionId: number, c: QuizChange, now: number, nextAt?: number): Transition | undefined {
    try {
      return this.db.transaction(() => {
        const before = this.loadSync(sessionId);
        if (!before) return undefined;
        const t = plannedTransition(before, c, now, nextAt);
        if (!t) return undefined;
        const w = writesOf(t.step);
        if (w.opened) {
          if (this.q.openQuestion.run(now, w.opened.deadline, sessionId, w.opened.no).changes !== 1) throw new LostRace();
          this.q.setNextAt.run(null, sessionId);
        }
        if (w.revealed) {
          if (this.q.revealQuestion.run(now, sessionId, w.revealed.no).changes !== 1) throw new LostRace();
          for (const s of w.revealed.scores) this.q.scoreAnswer.run(s.right ? 1 : 0, s.points, sessionId, w.revealed.no, s.userId);
        }
        if (w.finished) {
          if (this.q.endSession.run(w.finished.status, now, sessionId).changes !== 1) throw new LostRace();
          this.q.skipPending.run(sessionId);
          for (const s of w.finished.standings) this.q.insertResult.run(sessionId, before.state.channel, s.userId, s.name, s.points, s.right, s.answered, now);
        } else if (t.quiz.nextAt !== undefined) {
          this.q.setNextAt.run(t.quiz.nextAt, sessionId);
        }
        return t;
      }).immediate();
    } catch (err) {
      if (err instanceof LostRace) return undefined;
      throw err;
    }
  }

  private loadSync(sessionId: number): StoredQuiz | undefined {
    const row = this.q.session.get(sessionId);
    return row ? this.loadRow(row) : undefined;
  }

  private loadRow(row: SessionRow): StoredQuiz {
    return replayQuiz(row, this.q.questions.all(row.id), this.q.answers.all(row.id));
  }
}
