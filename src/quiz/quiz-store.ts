import type { Db } from '../storage/database.js';
import {
  finish,
  newQuiz,
  open,
  reveal,
  type QuestionStatus,
  type QuizQuestion,
  type QuizState,
  type QuizStatus,
  type Step,
} from './quiz-state.js';

interface SessionRow {
  id: number;
  channel: string;
  starter_id: string;
  starter_name: string;
  selection: string;
  seconds: number;
  status: QuizStatus;
  next_at: number | null;
  created_at: number;
}
interface QuestionRow {
  no: number;
  question_id: string;
  chapter: number;
  answer: number;
  option_count: number;
  options: string | null;
  status: QuestionStatus;
  opened_at: number | null;
  deadline: number | null;
  message_id: string | null;
}
interface AnswerRow {
  no: number;
  user_id: string;
  user_name: string;
  option: number;
  answered_at: number;
}

export interface StoredQuiz {
  state: QuizState;
  selection: string;
  nextAt?: number;
  /** Question number → the platform message id of its post. */
  messages: Map<number, string>;
}

export interface LeaderboardRow {
  userId: string;
  name: string;
  points: number;
  correct: number;
  answered: number;
  quizzes: number;
}

export interface ChapterStats {
  chapter: number;
  answered: number;
  correct: number;
}

/** A second quiz in a channel that already has one running. */
export class QuizRunningError extends Error {
  constructor(readonly running: StoredQuiz) {
    super('a quiz is already running in this channel');
  }
}

/**
 * Quizzes in SQLite. Every change is one synchronous transaction that re-reads the stored state and applies the
 * pure state machine to it, so two closers (a timer and /quiz stop, or two processes) cannot both reveal a
 * question: the second finds it already revealed and gets no events.
 */
export class QuizStore {
  private readonly q;

  constructor(private readonly db: Db) {
    this.q = {
      session: db.prepare<[number], SessionRow>('SELECT * FROM quiz_sessions WHERE id = ?'),
      running: db.prepare<[string], SessionRow>("SELECT * FROM quiz_sessions WHERE channel = ? AND status = 'running'"),
      allRunning: db.prepare<[], { id: number }>("SELECT id FROM quiz_sessions WHERE status = 'running' ORDER BY id"),
      questions: db.prepare<[number], QuestionRow>('SELECT * FROM quiz_questions WHERE session_id = ? ORDER BY no'),
      answers: db.prepare<[number], AnswerRow>('SELECT no, user_id, user_name, option, answered_at FROM quiz_answers WHERE session_id = ? ORDER BY no, answered_at'),
      insertSession: db.prepare(
        "INSERT INTO quiz_sessions (channel, starter_id, starter_name, selection, seconds, status, next_at, created_at) VALUES (?, ?, ?, ?, ?, 'running', ?, ?)",
      ),
      insertQuestion: db.prepare('INSERT INTO quiz_questions (session_id, no, question_id, chapter, answer, option_count, options) VALUES (?, ?, ?, ?, ?, ?, ?)'),
      // The guard is in the statement: an answer lands only while its question is open and before the deadline,
      // and only the first per person (primary key), whatever any in-memory copy believed.
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
      setNextAt: db.prepare('UPDATE quiz_sessions SET next_at = ? WHERE id = ?'),
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
      stats: db.prepare<[string], { chapter: number; answered: number; correct: number }>(
        `SELECT q.chapter, COUNT(*) AS answered, SUM(a.correct) AS correct FROM quiz_answers a
         JOIN quiz_questions q ON q.session_id = a.session_id AND q.no = a.no
         WHERE a.user_id = ? AND a.correct IS NOT NULL GROUP BY q.chapter ORDER BY q.chapter`,
      ),
    };
  }

  /** Stores a new quiz, refusing (QuizRunningError) when the channel already has one running. */
  create(init: {
    channel: string;
    starter: { id: string; name: string };
    selection: string;
    seconds: number;
    questions: Omit<QuizQuestion, 'no' | 'status'>[];
    now: number;
    firstAt: number;
  }): StoredQuiz {
    return this.db.transaction(() => {
      const running = this.q.running.get(init.channel);
      if (running) throw new QuizRunningError(this.loadRow(running));
      const id = Number(
        this.q.insertSession.run(init.channel, init.starter.id, init.starter.name, init.selection, init.seconds, init.firstAt, init.now).lastInsertRowid,
      );
      init.questions.forEach((q, i) => this.q.insertQuestion.run(id, i + 1, q.questionId, q.chapter, q.answer, q.optionCount, q.options ? JSON.stringify(q.options) : null));
      return this.load(id)!;
    }).immediate();
  }

  load(sessionId: number): StoredQuiz | undefined {
    const row = this.q.session.get(sessionId);
    return row ? this.loadRow(row) : undefined;
  }

  running(channel: string): StoredQuiz | undefined {
    const row = this.q.running.get(channel);
    return row ? this.loadRow(row) : undefined;
  }

  runningIds(): number[] {
    return this.q.allRunning.all().map((r) => r.id);
  }

  /** Stores a first answer; false when the database refused it (closed, late, or not the first). */
  recordAnswer(sessionId: number, no: number, user: { id: string; name: string }, option: number, at: number): boolean {
    return this.q.insertAnswer.run({ session: sessionId, no, user: user.id, name: user.name, option, at }).changes === 1;
  }

  /** Opens the next question if the quiz is still running and none is open. */
  openNext(sessionId: number, now: number): Step | undefined {
    return this.db.transaction(() => {
      const stored = this.load(sessionId);
      if (!stored || stored.state.status !== 'running') return undefined;
      const step = open(stored.state, now);
      const ev = step.events[0];
      if (ev?.type !== 'question-opened') return undefined;
      if (this.q.openQuestion.run(now, ev.deadline, sessionId, ev.question).changes !== 1) return undefined;
      this.q.setNextAt.run(null, sessionId);
      return step;
    }).immediate();
  }

  /** Reveals the open question. Exactly one caller gets the events; any other gets undefined. */
  revealOpen(sessionId: number, now: number, nextAt?: number): Step | undefined {
    return this.db.transaction(() => {
      const stored = this.load(sessionId);
      if (!stored || stored.state.status !== 'running') return undefined;
      const step = reveal(stored.state);
      if (!this.persistReveal(sessionId, step, now)) return undefined;
      if (nextAt !== undefined) this.q.setNextAt.run(nextAt, sessionId);
      return step;
    }).immediate();
  }

  /** Ends the quiz (revealing an open question first) and saves the standings. Exactly one caller gets the events. */
  finish(sessionId: number, status: 'finished' | 'stopped', now: number): Step | undefined {
    return this.db.transaction(() => {
      const stored = this.load(sessionId);
      if (!stored || stored.state.status !== 'running') return undefined;
      const step = finish(stored.state, status);
      this.persistReveal(sessionId, step, now);
      if (this.q.endSession.run(status, now, sessionId).changes !== 1) throw new Error('quiz session changed during its own transaction');
      this.q.skipPending.run(sessionId);
      const done = step.events.find((e) => e.type === 'quiz-finished');
      for (const s of done?.type === 'quiz-finished' ? done.standings : []) {
        this.q.insertResult.run(sessionId, stored.state.channel, s.user.id, s.user.name, s.points, s.right, s.answered, now);
      }
      return step;
    }).immediate();
  }

  setMessage(sessionId: number, no: number, messageId: string): void {
    this.q.setMessage.run(messageId, sessionId, no);
  }

  /** How many times each question has been shown in the channel (never-shown ones are absent), for picking without repeats. */
  timesAsked(channel: string): Map<string, number> {
    return new Map(this.q.timesAsked.all(channel).map((r) => [r.question_id, r.times]));
  }

  leaderboard(channel: string, since: number): LeaderboardRow[] {
    return this.q.leaderboard.all(channel, since).map((r) => ({ userId: r.user_id, name: r.name, points: r.points, correct: r.correct, answered: r.answered, quizzes: r.quizzes }));
  }

  stats(userId: string): ChapterStats[] {
    return this.q.stats.all(userId);
  }

  private persistReveal(sessionId: number, step: Step, now: number): boolean {
    const ev = step.events.find((e) => e.type === 'question-revealed');
    if (ev?.type !== 'question-revealed') return false;
    if (this.q.revealQuestion.run(now, sessionId, ev.question).changes !== 1) return false;
    for (const r of ev.results) this.q.scoreAnswer.run(r.right ? 1 : 0, r.points.total, sessionId, ev.question, r.user.id);
    return true;
  }

  /** Rebuilds the state by replaying the stored facts through the state machine, so scores are computed one way only. */
  private loadRow(row: SessionRow): StoredQuiz {
    const questions = this.q.questions.all(row.id);
    const answers = this.q.answers.all(row.id);
    let state = newQuiz({
      sessionId: row.id,
      channel: row.channel,
      starter: { id: row.starter_id, name: row.starter_name },
      seconds: row.seconds,
      questions: questions.map((q) => ({
        questionId: q.question_id,
        chapter: q.chapter,
        answer: q.answer,
        optionCount: q.option_count,
        ...(q.options !== null ? { options: JSON.parse(q.options) as string[] } : {}),
      })),
    });
    const messages = new Map<number, string>();
    for (const q of questions) {
      if (q.message_id) messages.set(q.no, q.message_id);
      if (q.status === 'pending') continue;
      if (q.status === 'skipped') {
        state = { ...state, questions: state.questions.map((x) => (x.no === q.no ? { ...x, status: 'skipped' } : x)) };
        continue;
      }
      state = {
        ...state,
        questions: state.questions.map((x) => (x.no === q.no ? { ...x, status: 'open', openedAt: q.opened_at ?? undefined, deadline: q.deadline ?? undefined } : x)),
      };
      const given = Object.fromEntries(
        answers.filter((a) => a.no === q.no).map((a) => [a.user_id, { user: { id: a.user_id, name: a.user_name }, option: a.option, at: a.answered_at }]),
      );
      if (Object.keys(given).length) state = { ...state, answers: { ...state.answers, [q.no]: given } };
      if (q.status === 'revealed') state = reveal(state).state;
    }
    state = { ...state, status: row.status };
    return { state, selection: row.selection, ...(row.next_at !== null ? { nextAt: row.next_at } : {}), messages };
  }
}
