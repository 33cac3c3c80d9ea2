/*
 * The quiz as a pure state machine: every function takes a state and the time, and returns a new state plus
 * the events that happened. No I/O, no clock, no randomness: the engine (quiz-engine.ts) stores the state,
 * posts the events and keeps the timers.
 */
import { pointsFor, type Points } from './scoring.js';

export type QuestionStatus = 'pending' | 'open' | 'revealed' | 'skipped';
export type QuizStatus = 'running' | 'finished' | 'stopped';

export interface QuizQuestion {
  /** 1-based position in the quiz. */
  no: number;
  questionId: string;
  chapter: number;
  /** Index of the right option; stored with the quiz so a content edit mid-quiz cannot change the answer. */
  answer: number;
  optionCount: number;
  /**
   * The option texts in the order they were posted. Buttons carry only an index, so clicks, re-shown posts and the
   * reveal are read against these, not against notes that may have been reordered since. Absent for a quiz stored
   * before they were kept.
   */
  options?: readonly string[];
  status: QuestionStatus;
  /** Milliseconds since the epoch. */
  openedAt?: number;
  deadline?: number;
}

export interface Player {
  id: string;
  name: string;
}

export interface QuizAnswer {
  user: Player;
  option: number;
  at: number;
  /** Set when the question is revealed. */
  points?: Points;
}

export interface Standing {
  user: Player;
  points: number;
  right: number;
  answered: number;
  /** Right answers in a row up to the last revealed question. */
  streak: number;
}

export interface QuizState {
  sessionId: number;
  channel: string;
  starter: Player;
  seconds: number;
  status: QuizStatus;
  questions: readonly QuizQuestion[];
  /** By question number, then user id: the first answer only. */
  answers: Readonly<Record<number, Readonly<Record<string, QuizAnswer>>>>;
  players: Readonly<Record<string, Standing>>;
}

export interface Choice {
  question: number;
  option: number;
}

export type RefusalReason = 'quiz-over' | 'unknown-question' | 'not-open' | 'late' | 'bad-option';

export interface RevealedAnswer {
  user: Player;
  option: number;
  right: boolean;
  points: Points;
}

export type QuizEvent =
  | { type: 'answer-accepted'; question: number; user: Player; option: number }
  | { type: 'answer-repeated'; question: number; user: Player; first: number }
  | { type: 'answer-refused'; question: number; user: Player; reason: RefusalReason; answer?: number }
  | { type: 'question-opened'; question: number; deadline: number }
  | { type: 'question-revealed'; question: number; answer: number; results: RevealedAnswer[] }
  | { type: 'quiz-finished'; status: QuizStatus; standings: Standing[] };

export interface Step {
  state: QuizState;
  events: QuizEvent[];
}

export function newQuiz(init: Omit<QuizState, 'status' | 'answers' | 'players' | 'questions'> & { questions: Omit<QuizQuestion, 'no' | 'status'>[] }): QuizState {
  return {
    ...init,
    status: 'running',
    questions: init.questions.map((q, i) => ({ ...q, no: i + 1, status: 'pending' })),
    answers: {},
    players: {},
  };
}

export function openQuestion(state: QuizState): QuizQuestion | undefined {
  return state.questions.find((q) => q.status === 'open');
}

export function nextPending(state: QuizState): QuizQuestion | undefined {
  return state.questions.find((q) => q.status === 'pending');
}

function withQuestion(state: QuizState, no: number, change: Partial<QuizQuestion>): QuizState {
  return { ...state, questions: state.questions.map((q) => (q.no === no ? { ...q, ...change } : q)) };
}

/** What judging one answer needs to know: the quiz's status, the question (if it exists), the person's first answer. */
export interface AnswerContext {
  quizStatus: QuizStatus;
  question?: Pick<QuizQuestion, 'no' | 'status' | 'deadline' | 'optionCount' | 'answer'>;
  /** The option this person already gave to the question, if any. */
  given?: number;
}

/**
 * What becomes of one answer. No count of the question's answers comes with it: nothing on a click's path needs one
 * (the answer-count edit reads the stored answers), and a store would have to scan them on every click.
 */
export type AnswerVerdict =
  | { kind: 'accepted'; option: number }
  | { kind: 'repeated'; first: number }
  | { kind: 'refused'; reason: RefusalReason; answer?: number };

/**
 * The one rule for an answer, used on the whole state (`answer`) and by the stores on the few rows they lock: only a
 * person's first answer to an open question, before its deadline, with an option the question has, counts.
 */
export function judgeAnswer(ctx: AnswerContext, option: number, now: number): AnswerVerdict {
  const q = ctx.question;
  const refuse = (reason: RefusalReason): AnswerVerdict => ({ kind: 'refused', reason, ...(q && q.status === 'revealed' ? { answer: q.answer } : {}) });
  if (!q) return refuse('unknown-question');
  if (ctx.given !== undefined) return { kind: 'repeated', first: ctx.given };
  if (ctx.quizStatus !== 'running' && q.status !== 'revealed') return refuse('quiz-over');
  if (q.status !== 'open') return refuse('not-open');
  if (q.deadline !== undefined && now >= q.deadline) return refuse('late');
  if (!Number.isInteger(option) || option < 0 || option >= q.optionCount) return refuse('bad-option');
  return { kind: 'accepted', option };
}

/** The event a verdict becomes for the person who clicked. */
export function answerEvent(v: AnswerVerdict, question: number, user: Player): Extract<QuizEvent, { type: 'answer-accepted' | 'answer-repeated' | 'answer-refused' }> {
  if (v.kind === 'accepted') return { type: 'answer-accepted', question, user, option: v.option };
  if (v.kind === 'repeated') return { type: 'answer-repeated', question, user, first: v.first };
  return { type: 'answer-refused', question, user, reason: v.reason, ...(v.answer !== undefined ? { answer: v.answer } : {}) };
}

/** A person's choice. Only their first answer to an open question, before its deadline, counts (`judgeAnswer`). */
export function answer(state: QuizState, user: Player, choice: Choice, now: number): Step {
  const q = state.questions.find((x) => x.no === choice.question);
  const given = q ? state.answers[q.no]?.[user.id] : undefined;
  const verdict = judgeAnswer(
    { quizStatus: state.status, ...(q ? { question: q } : {}), ...(given ? { given: given.option } : {}) },
    choice.option,
    now,
  );
  const events = [answerEvent(verdict, choice.question, user)];
  if (verdict.kind !== 'accepted' || !q) return { state, events };
  const forQuestion = { ...state.answers[q.no], [user.id]: { user, option: choice.option, at: now } };
  return { state: { ...state, answers: { ...state.answers, [q.no]: forQuestion } }, events };
}

/** Opens the next pending question with a deadline `seconds` from now. */
export function open(state: QuizState, now: number): Step {
  const q = nextPending(state);
  if (state.status !== 'running' || !q || openQuestion(state)) return { state, events: [] };
  const deadline = now + state.seconds * 1000;
  return { state: withQuestion(state, q.no, { status: 'open', openedAt: now, deadline }), events: [{ type: 'question-opened', question: q.no, deadline }] };
}

/** Closes the open question: the right answer, everyone's points, and streaks carried on or broken. */
export function reveal(state: QuizState): Step {
  const q = openQuestion(state);
  if (!q) return { state, events: [] };
  const given = state.answers[q.no] ?? {};
  const duration = state.seconds * 1000;
  const players: Record<string, Standing> = { ...state.players };
  const scored: Record<string, QuizAnswer> = {};
  const results: RevealedAnswer[] = [];
  for (const a of Object.values(given).sort((x, y) => x.at - y.at)) {
    const before = players[a.user.id] ?? { user: a.user, points: 0, right: 0, answered: 0, streak: 0 };
    const right = a.option === q.answer;
    const points = pointsFor(right, (q.deadline ?? a.at) - a.at, duration, before.streak);
    players[a.user.id] = {
      user: a.user,
      points: before.points + points.total,
      right: before.right + (right ? 1 : 0),
      answered: before.answered + 1,
      streak: right ? before.streak + 1 : 0,
    };
    scored[a.user.id] = { ...a, points };
    results.push({ user: a.user, option: a.option, right, points });
  }
  // Not answering breaks a streak too: "in a row" means every question.
  for (const id of Object.keys(players)) if (!given[id]) players[id] = { ...players[id]!, streak: 0 };
  const next: QuizState = { ...withQuestion(state, q.no, { status: 'revealed' }), answers: { ...state.answers, [q.no]: scored }, players };
  return { state: next, events: [{ type: 'question-revealed', question: q.no, answer: q.answer, results }] };
}

/** Standings, best first: points, then right answers, then name. */
export function standings(state: QuizState): Standing[] {
  return Object.values(state.players).sort((a, b) => b.points - a.points || b.right - a.right || a.user.name.localeCompare(b.user.name));
}

/** Ends the quiz: any open question is revealed first, questions never shown are skipped. */
export function finish(state: QuizState, status: Exclude<QuizStatus, 'running'> = 'finished'): Step {
  if (state.status !== 'running') return { state, events: [] };
  const revealed = reveal(state);
  const skipped = revealed.state.questions.map((q) => (q.status === 'pending' ? { ...q, status: 'skipped' as const } : q));
  const done: QuizState = { ...revealed.state, questions: skipped, status };
  return { state: done, events: [...revealed.events, { type: 'quiz-finished', status, standings: standings(done) }] };
}

/** A change a timer or a command asks of a running quiz; the stores apply it to the state they lock (`change`). */
export type QuizChange =
  /**
   * Open question `no`, the next pending one (a timer after the lead-in or the pause); nothing if it is not next
   * any more (another process opened it, or the quiz moved on). With no question left, the quiz ends.
   */
  | { kind: 'open'; no: number }
  /** Question `no`'s time is up: reveal it, or end the quiz if it was the last; nothing if `no` is not open any more. */
  | { kind: 'close'; no: number }
  /** End now (`/quiz stop`, or a quiz closed after a restart), revealing an open question first. */
  | { kind: 'end'; status: Exclude<QuizStatus, 'running'> };

/** Applies a change to a quiz: the step to store and announce, with no events when there is nothing to do. */
export function change(state: QuizState, c: QuizChange, now: number): Step {
  const none: Step = { state, events: [] };
  if (state.status !== 'running') return none;
  if (c.kind === 'end') return finish(state, c.status);
  const current = openQuestion(state);
  const next = nextPending(state);
  if (c.kind === 'open') {
    if (!current && !next) return finish(state, 'finished');
    return !current && next?.no === c.no ? open(state, now) : none;
  }
  if (current?.no !== c.no) return none;
  return next ? reveal(state) : finish(state, 'finished');
}
