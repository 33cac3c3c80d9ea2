import type { ChannelAnswer } from '../review/team-mastery.js';
import {
  change,
  newQuiz,
  reveal,
  type AnswerVerdict,
  type Player,
  type QuestionStatus,
  type QuizChange,
  type QuizQuestion,
  type QuizState,
  type QuizStatus,
  type Step,
} from './quiz-state.js';

export interface StoredQuiz {
  state: QuizState;
  selection: string;
  nextAt?: number;
  /** Question number → the platform message id of its post. */
  messages: Map<number, string>;
}

/** A change a store applied: the step (its events say what happened) and the quiz as it now stands. */
export interface Transition {
  step: Step;
  quiz: StoredQuiz;
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

export interface NewQuiz {
  channel: string;
  starter: Player;
  selection: string;
  seconds: number;
  questions: Omit<QuizQuestion, 'no' | 'status'>[];
  /** UTC epoch ms. */
  now: number;
  /** When the first question opens (UTC epoch ms). */
  firstAt: number;
}

export interface AnswerInput {
  sessionId: number;
  /** The channel the click came from: a button from another channel's quiz is refused as over. */
  channel: string;
  no: number;
  user: Player;
  option: number;
  /** UTC epoch ms of the click. */
  at: number;
}

/** A second quiz in a channel that already has one running. */
export class QuizRunningError extends Error {
  constructor(readonly running: StoredQuiz) {
    super('a quiz is already running in this channel');
  }
}

/**
 * Quizzes, stored so they survive restarts and are shared by every bot process on the database. Each write is one
 * transaction that locks the rows it depends on, re-reads them, applies the pure state machine (quiz-state.ts) and
 * writes with guards, so two closers (a timer and /quiz stop, or two processes) cannot both reveal a question, and
 * a click is either stored before the reveal (and scored by it) or refused. Writes resolve with what they decided;
 * callers never re-read to find out.
 */
export interface QuizStore {
  /** Stores a new quiz; rejects with QuizRunningError when the channel already has one running. */
  create(init: NewQuiz): Promise<StoredQuiz>;
  load(sessionId: number): Promise<StoredQuiz | undefined>;
  running(channel: string): Promise<StoredQuiz | undefined>;
  /** Ids of every running quiz, oldest first. */
  runningIds(): Promise<number[]>;
  /**
   * A click: stores the person's first answer to an open question before its deadline (judgeAnswer's rule), once,
   * even when the same person's clicks race on several processes, and resolves with the verdict once it is stored.
   * A click is stored before the question's reveal (which then scores it) or refused; clicks on one question do not
   * wait for one another.
   */
  recordAnswer(a: AnswerInput): Promise<AnswerVerdict>;
  /**
   * Opens question `no` if it is the next pending one (or ends a quiz with none left); undefined when there was
   * nothing to do, e.g. another process opened it first.
   */
  openNext(sessionId: number, no: number, now: number): Promise<Transition | undefined>;
  /**
   * Time is up on question `no`: reveals it and sets when the next opens (`nextAt`), or ends the quiz if it was
   * the last. Exactly one caller gets the transition; any other (or a late timer) gets undefined.
   */
  closeOpen(sessionId: number, no: number, now: number, nextAt: number): Promise<Transition | undefined>;
  /** Ends the quiz (revealing an open question first) and saves the standings. Exactly one caller gets the transition. */
  finish(sessionId: number, status: 'finished' | 'stopped', now: number): Promise<Transition | undefined>;
  setMessage(sessionId: number, no: number, messageId: string): Promise<void>;
  /**
   * Claims the next answer-count edit of an open question: true (and the time stored) when neither the question's
   * post (its opening) nor a count edit claimed by any process lies within `intervalMs` before `now`; false
   * otherwise, or when the question is no longer open.
   */
  claimCountEdit(sessionId: number, no: number, now: number, intervalMs: number): Promise<boolean>;
  /** How many times each question has been shown in the channel (never-shown ones are absent), for picking without repeats. */
  timesAsked(channel: string): Promise<Map<string, number>>;
  /** The channel's best ten since `since` (UTC ms): points, then right answers, then name (binary order). */
  leaderboard(channel: string, since: number): Promise<LeaderboardRow[]>;
  /** A person's answers and right answers per chapter, revealed questions only. */
  stats(userId: string): Promise<ChapterStats[]>;
  /**
   * Every judged answer given in the channel's quizzes at or after `since` (UTC ms), for team mastery
   * (src/review/team-mastery.ts): revealed questions only, oldest first (then person, then question id, the same
   * order on both engines). Answers to an open question are left out: they are not judged yet.
   */
  channelAnswers(channel: string, since: number): Promise<ChannelAnswer[]>;
}

/** The query both engines run for `channelAnswers`; `correct` is 1/0 on SQLite, a boolean on PostgreSQL. */
export interface ChannelAnswerRow {
  user_id: string;
  question_id: string;
  correct: number | boolean;
  answered_at: number;
}

/** A stored row as a team-mastery answer; one mapping for both engines. */
export function channelAnswerFromRow(channel: string, r: ChannelAnswerRow): ChannelAnswer {
  return { channel, person: r.user_id, questionId: r.question_id, right: r.correct === 1 || r.correct === true, at: r.answered_at };
}


export interface SessionRow {
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
export interface QuestionRow {
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
  count_edited_at?: number | null;
}
export interface AnswerRow {
  no: number;
  user_id: string;
  user_name: string;
  option: number;
  answered_at: number;
}

/** The order answers are read in, the same on both engines: the reveal scores them in this order. */
export const ANSWER_ORDER = 'ORDER BY no, answered_at, user_id';

/**
 * Rebuilds a quiz by replaying its stored facts through the state machine, so scores are computed one way only.
 * `questions` in order of `no`; `answers` in ANSWER_ORDER.
 */
export function replayQuiz(row: SessionRow, questions: readonly QuestionRow[], answers: readonly AnswerRow[]): StoredQuiz {
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

/**
 * What a transition writes, read from its step's events: the question opened, the question revealed (with each
 * answer's score), the quiz ended (with its standings). Each engine turns this into guarded statements.
 */
export interface TransitionWrites {
  opened?: { no: number; deadline: number };
  revealed?: { no: number; scores: { userId: string; right: boolean; points: number }[] };
  finished?: { status: QuizStatus; standings: { userId: string; name: string; points: number; right: number; answered: number }[] };
}

/** The writes of a step (see TransitionWrites). */
export function writesOf(step: Step): TransitionWrites {
  const w: TransitionWrites = {};
  for (const ev of step.events) {
    if (ev.type === 'question-opened') w.opened = { no: ev.question, deadline: ev.deadline };
    if (ev.type === 'question-revealed') w.revealed = { no: ev.question, scores: ev.results.map((r) => ({ userId: r.user.id, right: r.right, points: r.points.total })) };
    if (ev.type === 'quiz-finished') {
      w.finished = { status: ev.status, standings: ev.standings.map((s) => ({ userId: s.user.id, name: s.user.name, points: s.points, right: s.right, answered: s.answered })) };
    }
  }
  return w;
}

/** A guard refused a write inside a transition: someone else changed the quiz first. Rolls the transaction back. */
export class LostRace extends Error {
  constructor() {
    super('the quiz changed under this transition');
    this.name = 'LostRace';
  }
}

/** Applies `c` to the stored quiz: the step and the stored quiz after it, or undefined when nothing happens. */
export function plannedTransition(before: StoredQuiz, c: QuizChange, now: number, nextAt?: number): Transition | undefined {
  const step = change(before.state, c, now);
  if (step.events.length === 0) return undefined;
  const continues = step.state.status === 'running';
  const quiz: StoredQuiz = { state: step.state, selection: before.selection, messages: before.messages };
  // Between questions the quiz knows when the next one opens; once one is open, or the quiz is over, it does not.
  if (continues && c.kind === 'close' && nextAt !== undefined) quiz.nextAt = nextAt;
  return { step, quiz };
}
