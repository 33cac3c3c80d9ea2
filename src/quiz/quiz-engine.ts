import type { Library } from '../content/types.js';
import type { ChatPorts, MessageRef } from '../core/chat-port.js';
import type { Platform } from '../core/command.js';
import type { Reply } from '../core/reply.js';
import { UserError } from '../core/errors.js';
import { safeEcho } from '../core/safe-text.js';
import type { Metrics } from '../ops/metrics.js';
import type { SearchIndex } from '../search/search-index.js';
import { pickQuestions } from './question-picker.js';
import { systemClock, type QuizClock } from './quiz-clock.js';
import { QuestionEdits } from './question-edits.js';
import { finalPost, questionPost, revealPost } from './quiz-messages.js';
import { parseQuizRequest } from './quiz-request.js';
import { answer, nextPending, openQuestion, type Player, type QuizEvent, type QuizState, type Step } from './quiz-state.js';
import { QuizRunningError, QuizStore, type StoredQuiz } from './quiz-store.js';

export interface QuizEngineOptions {
  store: QuizStore;
  ports: ChatPorts;
  library: Library;
  search: SearchIndex;
  random: () => number;
  clock?: QuizClock;
  /** Counts revealed answers by platform and correctness. */
  metrics?: Metrics;
  /** Something went wrong that no person is waiting on (a post failed, a timer threw). */
  onError?: (err: unknown, what: string) => void;
  /** Between `/quiz start` and the first question. */
  leadInMs?: number;
  /** Between a reveal and the next question. */
  pauseMs?: number;
  /** After a restart, a quiz whose deadline passed longer ago than this is closed instead of carried on. */
  staleMs?: number;
  /** Answer counts on a question are edited at most this often. */
  editIntervalMs?: number;
}

export type AnswerEvent = Extract<QuizEvent, { type: 'answer-accepted' | 'answer-repeated' | 'answer-refused' }>;

/**
 * Runs quizzes: wraps the pure state machine (quiz-state.ts) with storage, posts and timers. Every deadline is
 * stored, so `resume()` after a restart carries each running quiz on, and buttons are handled by id, so a button
 * posted before the restart still counts. A copy of each running quiz is kept in memory for the answer path; the
 * database stays the judge (its insert re-checks the question is open and the answer is the first).
 */
export class QuizEngine {
  private readonly store: QuizStore;
  private readonly clock: QuizClock;
  private readonly cache = new Map<number, StoredQuiz>();
  private readonly timers = new Map<number, unknown>();
  private readonly edits: QuestionEdits;
  /** Per quiz, the tail of its timer and stop work: one step at a time, so posts keep their order. */
  private readonly queues = new Map<number, Promise<unknown>>();
  private readonly leadInMs: number;
  private readonly pauseMs: number;
  private readonly staleMs: number;
  private stopped = false;

  constructor(private readonly opts: QuizEngineOptions) {
    this.store = opts.store;
    this.clock = opts.clock ?? systemClock;
    this.leadInMs = opts.leadInMs ?? 3000;
    this.pauseMs = opts.pauseMs ?? 5000;
    this.staleMs = opts.staleMs ?? 5 * 60_000;
    this.edits = new QuestionEdits({
      ports: opts.ports,
      library: opts.library,
      clock: this.clock,
      intervalMs: opts.editIntervalMs ?? 1000,
      guard: (fn) => this.guard(fn, 'editing a quiz question'),
    });
  }

  now(): number {
    return this.clock.now();
  }

  get quizStore(): QuizStore {
    return this.store;
  }

  /**
   * Starts a quiz in the channel from `/quiz start` arguments; the first question follows after a short lead-in.
   * `requested` is the number of questions asked for: more than the quiz has when the selection has fewer.
   */
  start(channel: string, starter: Player, args: string): { quiz: StoredQuiz; firstAt: number; requested: number } {
    const request = parseQuizRequest(args, this.opts.library, this.opts.search);
    const picked = pickQuestions(request.pool, this.store.timesAsked(channel), request.questions, this.opts.random);
    const now = this.now();
    const firstAt = now + this.leadInMs;
    let quiz: StoredQuiz;
    try {
      quiz = this.store.create({
        channel,
        starter,
        selection: request.selection,
        seconds: request.seconds,
        questions: picked.map((q) => ({ questionId: q.id, chapter: q.chapter, answer: q.answer, optionCount: q.options.length, options: q.options })),
        now,
        firstAt,
      });
    } catch (err) {
      if (err instanceof QuizRunningError) throw new UserError(describeRunning(err.running, now), 'Wait for it to end, or the person who started it can /quiz stop.');
      throw err;
    }
    this.cache.set(quiz.state.sessionId, quiz);
    this.schedule(quiz.state.sessionId, firstAt, () => this.openNext(quiz.state.sessionId));
    return { quiz, firstAt, requested: request.questions };
  }

  running(channel: string): StoredQuiz | undefined {
    return this.store.running(channel);
  }

  /** A click on an answer button. Stored before it is acknowledged: an acknowledged answer is never lost. */
  answer(user: Player, channel: string, sessionId: number, no: number, option: number): AnswerEvent {
    const now = this.now();
    const stored = this.cache.get(sessionId) ?? this.store.load(sessionId);
    if (!stored || stored.state.channel !== channel) return { type: 'answer-refused', question: no, user, reason: 'quiz-over' };
    const step = answer(stored.state, user, { question: no, option }, now);
    let ev = step.events[0] as AnswerEvent;
    if (ev.type === 'answer-accepted') {
      if (this.store.recordAnswer(sessionId, no, user, option, now)) {
        if (stored.state.status === 'running') this.cache.set(sessionId, { ...stored, state: step.state });
        this.edits.countChanged(sessionId, () => this.cache.get(sessionId));
      } else {
        // The database knew better (another process, or a close this copy has not seen): ask again on its state.
        const fresh = this.store.load(sessionId)!;
        if (fresh.state.status === 'running') this.cache.set(sessionId, fresh);
        else this.cache.delete(sessionId);
        ev = answer(fresh.state, user, { question: no, option }, now).events[0] as AnswerEvent;
        if (ev.type === 'answer-accepted') ev = { type: 'answer-refused', question: no, user, reason: 'not-open' };
      }
    }
    return ev;
  }

  /**
   * `/quiz stop`: only the starter or someone who may manage the channel. Resolves true if this call ended the quiz,
   * false if a timer or another process ended it first. Throws UserError when no quiz runs or the person may not
   * stop it, and whatever storage throws (the quiz then keeps running).
   */
  async stop(channel: string, by: Player & { canManage?: boolean }): Promise<boolean> {
    const quiz = this.store.running(channel);
    if (!quiz) throw new UserError('No quiz is running here.', 'Start one with /quiz start.');
    if (quiz.state.starter.id !== by.id && !by.canManage) {
      throw new UserError(`Only ${safeEcho(quiz.state.starter.name, 60)} (who started it) or a channel manager can stop this quiz.`);
    }
    // Not guarded: a storage failure here must reach the command's error boundary (logged, counted, an apology),
    // not read as "the quiz had already ended".
    return this.serial(quiz.state.sessionId, () => this.end(quiz.state.sessionId, 'stopped', `stopped by ${safeEcho(by.name, 60)}`));
  }

  /** Picks up every running quiz after a restart: to its original deadlines, or closed if those are long past. */
  async resume(): Promise<void> {
    for (const id of this.store.runningIds()) {
      const quiz = this.store.load(id);
      if (!quiz || !this.ports().has(quiz.state.channel.split(':', 1)[0] as Platform)) continue;
      this.cache.set(id, quiz);
      const now = this.now();
      const open = openQuestion(quiz.state);
      const due = open ? open.deadline ?? now : quiz.nextAt ?? now;
      if (due < now - this.staleMs) {
        await this.guard(() => this.serial(id, () => this.end(id, 'finished', 'closed after a restart, with the answers given before it')), 'closing a quiz after a restart');
      } else if (open) {
        // Re-show the question with its buttons: their ids have not changed, so clicks on the old post count too.
        this.edits.edit(quiz, open.no, true);
        this.schedule(id, due, () => this.closeQuestion(id));
      } else {
        this.schedule(id, due, () => this.openNext(id));
      }
    }
  }

  /**
   * Stops the timers (shutdown) and resolves when the steps and edits already running are done, so a reveal or the
   * final standings half-way out still reach the channel before the adapters close. Everything needed to carry on
   * is already stored.
   */
  async shutdown(): Promise<void> {
    this.stopped = true;
    for (const t of this.timers.values()) this.clock.clearTimeout(t);
    this.timers.clear();
    await Promise.allSettled([...this.queues.values(), this.edits.shutdown()]);
  }

  private async openNext(id: number): Promise<void> {
    const step = this.store.openNext(id, this.now());
    const quiz = this.store.load(id);
    if (!quiz || quiz.state.status !== 'running') return;
    this.cache.set(id, quiz);
    if (!step) {
      if (!nextPending(quiz.state) && !openQuestion(quiz.state)) await this.end(id, 'finished', 'final standings');
      return;
    }
    const ev = step.events[0] as Extract<QuizEvent, { type: 'question-opened' }>;
    const q = quiz.state.questions.find((x) => x.no === ev.question)!;
    this.schedule(id, ev.deadline, () => this.closeQuestion(id));
    this.edits.posted(id);
    const ref = await this.post(quiz.state.channel, questionPost(this.opts.library, quiz.state, q, 0, true));
    if (ref) this.store.setMessage(id, q.no, ref.id);
    const cached = this.cache.get(id);
    if (ref && cached) cached.messages.set(q.no, ref.id);
  }

  private async closeQuestion(id: number): Promise<void> {
    const quiz = this.store.load(id);
    if (!quiz || quiz.state.status !== 'running') return;
    const open = openQuestion(quiz.state);
    const remaining = quiz.state.questions.filter((q) => q.status === 'pending').length;
    if (!open || remaining === 0) {
      await this.end(id, 'finished', 'final standings');
      return;
    }
    const now = this.now();
    const nextAt = now + this.pauseMs;
    const step = this.store.revealOpen(id, now, nextAt);
    if (!step) return;
    await this.announce(id, step, quiz);
    this.schedule(id, nextAt, () => this.openNext(id));
  }

  /** Ends a quiz; true for the one caller whose transaction ended it, false for any other. */
  private async end(id: number, status: 'finished' | 'stopped', how: string): Promise<boolean> {
    const before = this.store.load(id);
    const step = before ? this.store.finish(id, status, this.now()) : undefined;
    if (!before || !step) return false;
    this.cancel(id);
    await this.announce(id, step, before);
    const after = this.store.load(id)!;
    const done = step.events.find((e) => e.type === 'quiz-finished');
    if (done?.type === 'quiz-finished') await this.post(after.state.channel, finalPost(after.state, done, how));
    this.edits.forget(id);
    return true;
  }

  /** Posts the reveal of a step (if any): the question edited to "closed", then the answer and points. */
  private async announce(id: number, step: Step, before: StoredQuiz): Promise<void> {
    const ev = step.events.find((e) => e.type === 'question-revealed');
    const quiz = this.store.load(id)!;
    if (quiz.state.status === 'running') this.cache.set(id, quiz);
    else this.cache.delete(id);
    if (ev?.type !== 'question-revealed') return;
    const platform = quiz.state.channel.split(':', 1)[0]!;
    for (const r of ev.results) this.opts.metrics?.quizAnswers.inc({ platform, correct: String(r.right) });
    await this.edits.closed({ ...quiz, messages: new Map([...before.messages, ...quiz.messages]) }, ev.question);
    await this.post(quiz.state.channel, revealPost(this.opts.library, quiz.state, ev));
  }

  private async post(channel: string, body: Reply): Promise<MessageRef | undefined> {
    return this.guard(() => this.ports().for(channel).post(channel, body), 'posting to a quiz channel');
  }

  private schedule(id: number, at: number, fn: () => Promise<unknown>): void {
    if (this.stopped) return;
    const old = this.timers.get(id);
    if (old !== undefined) this.clock.clearTimeout(old);
    const handle = this.clock.setTimeout(() => {
      if (this.timers.get(id) === handle) this.timers.delete(id);
      return this.guard(() => this.serial(id, fn), 'running a quiz step');
    }, Math.max(0, at - this.now()));
    this.timers.set(id, handle);
  }

  /**
   * Runs fn after the quiz's earlier steps and returns its result or its error to the caller; the queue carries on
   * either way. Timers wrap this in `guard`, so nothing is thrown at a timer.
   */
  private serial<T>(id: number, fn: () => Promise<T>): Promise<T> {
    const run = (this.queues.get(id) ?? Promise.resolve()).then(fn);
    const settled = run.then(
      () => undefined,
      () => undefined,
    );
    this.queues.set(id, settled);
    void settled.then(() => {
      if (this.queues.get(id) === settled) this.queues.delete(id);
    });
    return run;
  }

  private cancel(id: number): void {
    const t = this.timers.get(id);
    if (t !== undefined) this.clock.clearTimeout(t);
    this.timers.delete(id);
    this.edits.stopCounting(id);
  }

  private async guard<T>(fn: () => T | Promise<T>, what: string): Promise<T | undefined> {
    try {
      return await fn();
    } catch (err) {
      // Nobody is waiting on this work (a timer, an edit, a post): the log and studybot_errors_total are its only trace.
      this.opts.metrics?.error('quiz');
      this.opts.onError?.(err, what);
      return undefined;
    }
  }

  private ports(): ChatPorts {
    return this.opts.ports;
  }
}

/** "A quiz is already running here: question 2 of 5 on Ch. 4, started by alice." */
export function describeRunning(quiz: StoredQuiz, now: number): string {
  const s = quiz.state;
  const open = openQuestion(s);
  const shown = s.questions.filter((q) => q.status !== 'pending').length;
  const where = open
    ? `question ${open.no} of ${s.questions.length}, ${Math.max(0, Math.ceil(((open.deadline ?? now) - now) / 1000))} s left`
    : shown === 0
      ? `starting, ${s.questions.length} question${s.questions.length === 1 ? "" : "s"}`
      : `between questions ${shown} and ${shown + 1} of ${s.questions.length}`;
  return `A quiz is already running here (${quiz.selection}; ${where}), started by ${safeEcho(s.starter.name, 60)}.`;
}
