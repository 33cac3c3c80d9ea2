import { isUniqueViolation, type PostgresDatabase, type Sql } from '../storage/postgres-database.js';
import { judgeAnswer, type AnswerContext, type AnswerVerdict, type QuizChange } from './quiz-state.js';
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

interface AnswerContextRow {
  quiz_status: SessionRow['status'];
  channel: string;
  no: number | null;
  status: QuestionRow['status'] | null;
  deadline: number | null;
  option_count: number | null;
  answer: number | null;
  /** The person's stored option, if any (ANSWER_CONTEXT only; INSERT_ANSWER stored the first). */
  given: number | null;
}

/** The largest value of PostgreSQL's INTEGER (int4), the type of quiz_answers.option. */
const INT4_MAX = 2 ** 31 - 1;

/**
 * A click in one autocommit statement: reads the quiz and the question, taking the question row FOR KEY SHARE (so
 * a reveal, which takes it FOR UPDATE, waits until this answer is committed and then scores it; and a click that
 * waited for a reveal reads the revealed row and is refused), and inserts the answer only if judgeAnswer would
 * accept it: same channel, quiz running, question open, before its deadline, option in range, first per person
 * (the primary key; ON CONFLICT waits for a concurrent first click and then does nothing). The guard is in the
 * locking read itself, so only a click that can still be accepted takes the lock (late or refused clicks never
 * hold a waiting reveal back), and a row a reveal changed meanwhile is re-checked and fails it. Clicks share the
 * lock, so they never wait for one another. Returns the row it judged only when it inserted. Parameters: session,
 * question, user id, user name, option, click time (epoch ms), channel.
 */
const INSERT_ANSWER = `
  WITH ctx AS (
    SELECT s.status AS quiz_status, s.channel, q.no, q.status, q.deadline, q.option_count, q.answer
    FROM quiz_sessions s JOIN quiz_questions q ON q.session_id = s.id AND q.no = $2::int
    WHERE s.id = $1::bigint AND s.channel = $7::text AND s.status = 'running' AND q.status = 'open'
      AND (q.deadline IS NULL OR $6::bigint < q.deadline) AND $5::int >= 0 AND $5::int < q.option_count
    FOR KEY SHARE OF q
  ), stored AS (
    INSERT INTO quiz_answers (session_id, no, user_id, user_name, option, answered_at)
    SELECT $1::bigint, $2::int, $3::text, $4::text, $5::int, $6::bigint FROM ctx
    ON CONFLICT DO NOTHING
    RETURNING 1
  )
  SELECT ctx.*, NULL::int AS given FROM ctx WHERE EXISTS (SELECT 1 FROM stored)`;

/** Everything judgeAnswer needs about a click, read in one snapshot. Parameters: session, question, user id. */
const ANSWER_CONTEXT = `
  SELECT s.status AS quiz_status, s.channel, q.no, q.status, q.deadline, q.option_count, q.answer,
         (SELECT option FROM quiz_answers WHERE session_id = s.id AND no = q.no AND user_id = $3) AS given
  FROM quiz_sessions s LEFT JOIN quiz_questions q ON q.session_id = s.id AND q.no = $2
  WHERE s.id = $1`;

/** A context row as judgeAnswer reads it; no question when the row has none. */
function answerContext(c: AnswerContextRow): AnswerContext {
  const question =
    c.no === null ? undefined : { no: c.no, status: c.status!, optionCount: c.option_count!, answer: c.answer!, ...(c.deadline !== null ? { deadline: c.deadline } : {}) };
  return { quizStatus: c.quiz_status, ...(question ? { question } : {}), ...(c.given !== null ? { given: c.given } : {}) };
}

/**
 * QuizStore in PostgreSQL. A transition locks the session row first (so a timer, a /quiz stop and another replica
 * take turns on one quiz) and then the open question's row FOR UPDATE. A click is one autocommit statement that
 * takes that question row FOR KEY SHARE, which clicks share with one another but not with a transition: a reveal
 * waits for the answers being stored and then scores them all, and a click after it is refused.
 * Under READ COMMITTED each statement after a lock sees what was committed before the lock was granted.
 */
export class PostgresQuizStore implements QuizStore {
  constructor(private readonly db: PostgresDatabase) {}

  async create(init: NewQuiz): Promise<StoredQuiz> {
    try {
      return await this.db.transaction(async (tx) => {
        const running = await this.runningIn(tx, init.channel);
        if (running) throw new QuizRunningError(running);
        const [row] = await tx.rows<{ id: number }>(
          "INSERT INTO quiz_sessions (channel, starter_id, starter_name, selection, seconds, status, next_at, created_at) VALUES ($1, $2, $3, $4, $5, 'running', $6, $7) RETURNING id",
          [init.channel, init.starter.id, init.starter.name, init.selection, init.seconds, init.firstAt, init.now],
        );
        const id = row!.id;
        await tx.run(
          `INSERT INTO quiz_questions (session_id, no, question_id, chapter, answer, option_count, options)
           SELECT $1, n, question_id, chapter, answer, option_count, options
           FROM unnest($2::int[], $3::text[], $4::int[], $5::int[], $6::int[], $7::text[]) AS q(n, question_id, chapter, answer, option_count, options)`,
          [
            id,
            init.questions.map((_, i) => i + 1),
            init.questions.map((q) => q.questionId),
            init.questions.map((q) => q.chapter),
            init.questions.map((q) => q.answer),
            init.questions.map((q) => q.optionCount),
            init.questions.map((q) => (q.options ? JSON.stringify(q.options) : null)),
          ],
        );
        return (await this.loadIn(tx, id))!;
      });
    } catch (err) {
      // Two starts at once: both saw no quiz, the unique index let one insert through. The other is told what runs.
      if (isUniqueViolation(err, 'quiz_one_running_per_channel')) {
        const running = await this.running(init.channel);
        if (running) throw new QuizRunningError(running);
      }
      throw err;
    }
  }

  // One snapshot: the session, its questions and its answers as they stood together.
  async load(sessionId: number): Promise<StoredQuiz | undefined> {
    return this.db.transaction((tx) => this.loadIn(tx, sessionId), { snapshot: true });
  }

  async running(channel: string): Promise<StoredQuiz | undefined> {
    return this.db.transaction((tx) => this.runningIn(tx, channel), { snapshot: true });
  }

  async runningIds(): Promise<number[]> {
    return (await this.db.sql.rows<{ id: number }>("SELECT id FROM quiz_sessions WHERE status = 'running' ORDER BY id")).map((r) => r.id);
  }

  async recordAnswer(a: AnswerInput): Promise<AnswerVerdict> {
    // Two tries: between a refused insert and the read that explains it, the question can open (once), and then
    // the click is stored after all. A third disagreement would be a bug, not a race.
    for (let attempt = 1; attempt <= 2; attempt++) {
      const stored = await this.insertAnswer(a);
      if (stored) return stored;
      const verdict = await this.judgeRefused(a);
      if (verdict.kind !== 'accepted') return verdict;
    }
    throw new Error(`answer to quiz ${a.sessionId} question ${a.no} neither stored nor refused`);
  }

  /**
   * The common case in one autocommit statement (INSERT_ANSWER): the verdict if the answer was stored, undefined if
   * the guard or the primary key refused it. The verdict is judgeAnswer's on the row the guard read, so the rule has
   * one source; a stored answer the rule would refuse means the two disagree, and is thrown as the bug it is.
   */
  private async insertAnswer(a: AnswerInput): Promise<AnswerVerdict | undefined> {
    // A parameter the statement could not cast (a fraction, beyond int4) is no option of any question.
    if (!Number.isInteger(a.option) || a.option < 0 || a.option > INT4_MAX) return undefined;
    const [c] = await this.db.sql.rows<AnswerContextRow>(INSERT_ANSWER, [a.sessionId, a.no, a.user.id, a.user.name, a.option, a.at, a.channel]);
    if (!c) return undefined;
    const verdict = judgeAnswer(answerContext(c), a.option, a.at);
    if (verdict.kind !== 'accepted') throw new Error(`the stored answer guard and judgeAnswer disagree: ${JSON.stringify({ ...a, user: a.user.id, verdict })}`);
    return verdict;
  }

  /** Why a click was not stored, read in one statement (one snapshot) after the insert was refused. */
  private async judgeRefused(a: AnswerInput): Promise<AnswerVerdict> {
    const [c] = await this.db.sql.rows<AnswerContextRow>(ANSWER_CONTEXT, [a.sessionId, a.no, a.user.id]);
    // No such quiz, or a button from another channel's quiz; no such question in it is judged unknown below.
    if (!c || c.channel !== a.channel) return { kind: 'refused', reason: 'quiz-over' };
    return judgeAnswer(answerContext(c), a.option, a.at);
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
    await this.db.sql.run('UPDATE quiz_questions SET message_id = $1 WHERE session_id = $2 AND no = $3', [messageId, sessionId, no]);
  }

  async claimCountEdit(sessionId: number, no: number, now: number, intervalMs: number): Promise<boolean> {
    // One guarded update: the row lock makes two replicas claiming at once take turns, and the second sees the first's time.
    const n = await this.db.sql.run(
      "UPDATE quiz_questions SET count_edited_at = $1 WHERE session_id = $2 AND no = $3 AND status = 'open' AND COALESCE(count_edited_at, opened_at) <= $1 - $4::bigint",
      [now, sessionId, no, intervalMs],
    );
    return n === 1;
  }

  async timesAsked(channel: string): Promise<Map<string, number>> {
    const rows = await this.db.sql.rows<{ question_id: string; times: number }>(
      `SELECT q.question_id, COUNT(*) AS times FROM quiz_questions q JOIN quiz_sessions s ON s.id = q.session_id
       WHERE s.channel = $1 AND q.opened_at IS NOT NULL GROUP BY q.question_id`,
      [channel],
    );
    return new Map(rows.map((r) => [r.question_id, r.times]));
  }

  async leaderboard(channel: string, since: number): Promise<LeaderboardRow[]> {
    // COLLATE "C": names in byte order, as SQLite sorts them, whatever the server's locale.
    const rows = await this.db.sql.rows<{ user_id: string; name: string; points: number; correct: number; answered: number; quizzes: number }>(
      `SELECT * FROM (
         SELECT user_id, (SELECT r2.user_name FROM quiz_results r2 WHERE r2.channel = $1 AND r2.user_id = r.user_id ORDER BY r2.finished_at DESC LIMIT 1) AS name,
                SUM(points) AS points, SUM(correct) AS correct, SUM(answered) AS answered, COUNT(*) AS quizzes
         FROM quiz_results r WHERE channel = $1 AND finished_at >= $2 GROUP BY user_id
       ) t ORDER BY points DESC, correct DESC, name COLLATE "C" LIMIT 10`,
      [channel, since],
    );
    return rows.map((r) => ({ userId: r.user_id, name: r.name, points: r.points, correct: r.correct, answered: r.answered, quizzes: r.quizzes }));
  }

  async stats(userId: string): Promise<ChapterStats[]> {
    return this.db.sql.rows<ChapterStats>(
      `SELECT q.chapter, COUNT(*) AS answered, COUNT(*) FILTER (WHERE a.correct) AS correct FROM quiz_answers a
       JOIN quiz_questions q ON q.session_id = a.session_id AND q.no = a.no
       WHERE a.user_id = $1 AND a.correct IS NOT NULL GROUP BY q.chapter ORDER BY q.chapter`,
      [userId],
    );
  }

  async channelAnswers(channel: string, since: number): Promise<ChannelAnswer[]> {
    const rows = await this.db.sql.rows<ChannelAnswerRow>(
      `SELECT a.user_id, q.question_id, a.correct, a.answered_at FROM quiz_sessions s
       JOIN quiz_answers a ON a.session_id = s.id
       JOIN quiz_questions q ON q.session_id = a.session_id AND q.no = a.no
       WHERE s.channel = $1 AND a.correct IS NOT NULL AND a.answered_at >= $2
       ORDER BY a.answered_at, a.user_id COLLATE "C", q.question_id COLLATE "C"`,
      [channel, since],
    );
    return rows.map((r) => channelAnswerFromRow(channel, r));
  }

  /** Lock the session row, read the quiz, apply the pure change, write with guards; a refused guard rolls back. */
  private async transition(sessionId: number, c: QuizChange, now: number, nextAt?: number): Promise<Transition | undefined> {
    try {
      return await this.db.transaction(async (tx) => {
        const [row] = await tx.rows<SessionRow>('SELECT * FROM quiz_sessions WHERE id = $1 FOR UPDATE', [sessionId]);
        if (!row) return undefined;
        // The open question's row too: a reveal waits for answers being stored on it, and then scores them all.
        await tx.rows("SELECT 1 FROM quiz_questions WHERE session_id = $1 AND status = 'open' FOR UPDATE", [sessionId]);
        const before = await this.replay(tx, row);
        const t = plannedTransition(before, c, now, nextAt);
        if (!t) return undefined;
        const w = writesOf(t.step);
        if (w.opened) {
          const opened = await tx.run("UPDATE quiz_questions SET status = 'open', opened_at = $1, deadline = $2 WHERE session_id = $3 AND no = $4 AND status = 'pending'", [
            now,
            w.opened.deadline,
            sessionId,
            w.opened.no,
          ]);
          if (opened !== 1) throw new LostRace();
          await tx.run('UPDATE quiz_sessions SET next_at = NULL WHERE id = $1', [sessionId]);
        }
        if (w.revealed) {
          const revealed = await tx.run("UPDATE quiz_questions SET status = 'revealed', revealed_at = $1 WHERE session_id = $2 AND no = $3 AND status = 'open'", [now, sessionId, w.revealed.no]);
          if (revealed !== 1) throw new LostRace();
          if (w.revealed.scores.length) {
            await tx.run(
              `UPDATE quiz_answers a SET correct = s.correct, points = s.points
               FROM unnest($3::text[], $4::boolean[], $5::int[]) AS s(user_id, correct, points)
               WHERE a.session_id = $1 AND a.no = $2 AND a.user_id = s.user_id`,
              [sessionId, w.revealed.no, w.revealed.scores.map((s) => s.userId), w.revealed.scores.map((s) => s.right), w.revealed.scores.map((s) => s.points)],
            );
          }
        }
        if (w.finished) {
          const ended = await tx.run("UPDATE quiz_sessions SET status = $1, ended_at = $2, next_at = NULL WHERE id = $3 AND status = 'running'", [w.finished.status, now, sessionId]);
          if (ended !== 1) throw new LostRace();
          await tx.run("UPDATE quiz_questions SET status = 'skipped' WHERE session_id = $1 AND status = 'pending'", [sessionId]);
          const st = w.finished.standings;
          if (st.length) {
            await tx.run(
              `INSERT INTO quiz_results (session_id, channel, user_id, user_name, points, correct, answered, finished_at)
               SELECT $1, $2, user_id, user_name, points, correct, answered, $3
               FROM unnest($4::text[], $5::text[], $6::int[], $7::int[], $8::int[]) AS s(user_id, user_name, points, correct, answered)`,
              [sessionId, row.channel, now, st.map((s) => s.userId), st.map((s) => s.name), st.map((s) => s.points), st.map((s) => s.right), st.map((s) => s.answered)],
            );
          }
        } else if (t.quiz.nextAt !== undefined) {
          await tx.run("UPDATE quiz_sessions SET next_at = $1 WHERE id = $2 AND status = 'running'", [t.quiz.nextAt, sessionId]);
        }
        return t;
      });
    } catch (err) {
      if (err instanceof LostRace) return undefined;
      throw err;
    }
  }

  private async runningIn(sql: Sql, channel: string): Promise<StoredQuiz | undefined> {
    const [row] = await sql.rows<SessionRow>("SELECT * FROM quiz_sessions WHERE channel = $1 AND status = 'running'", [channel]);
    return row ? this.replay(sql, row) : undefined;
  }

  private async loadIn(sql: Sql, sessionId: number): Promise<StoredQuiz | undefined> {
    const [row] = await sql.rows<SessionRow>('SELECT * FROM quiz_sessions WHERE id = $1', [sessionId]);
    return row ? this.replay(sql, row) : undefined;
  }

  private async replay(sql: Sql, row: SessionRow): Promise<StoredQuiz> {
    const questions = await sql.rows<QuestionRow>('SELECT * FROM quiz_questions WHERE session_id = $1 ORDER BY no', [row.id]);
    const answers = await sql.rows<AnswerRow>(`SELECT no, user_id, user_name, option, answered_at FROM quiz_answers WHERE session_id = $1 ${ANSWER_ORDER}`, [row.id]);
    return replayQuiz(row, questions, answers);
  }
}
