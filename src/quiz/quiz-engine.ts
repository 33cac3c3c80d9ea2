import type { Library } from '../content/types.js';
import { platformOf } from '../core/channel-id.js';
import type { ChatPorts, MessageRef } from '../core/chat-port.js';
import { systemClock, type Clock } from '../core/clock.js';
import type { Reply } from '../core/reply.js';
import { UserError } from '../core/errors.js';
import { safeEcho } from '../core/safe-text.js';
import type { Metrics } from '../ops/metrics.js';
import type { TeamAnswer } from '../review/team-answer-review.js';
import type { SearchIndex } from '../search/search-index.js';
import { pickQuestions } from './question-picker.js';
import { QuestionEdits } from './question-edits.js';
import type { AnswerEvent, QuizDesk } from './quiz-desk.js';
import type { QuizLeases } from './quiz-leases.js';
import { finalPost, questionPost, revealPost } from './quiz-messages.js';
import { parseQuizRequest, weakPool } from './quiz-request.js';
import { answerEvent, nextPending, openQuestion, type Player, type QuizEvent } from './quiz-state.js';
import { QuizRunningError, type ChapterStats, type LeaderboardRow, type QuizStore, type StoredQuiz, type Transition } from './quiz-store.js';
import { MIN_ANSWERS, teamMastery, type ChannelAnswer, type TeamMastery } from '../review/team-mastery.js';

export type { AnswerEvent } from './quiz-desk.js';

export interface QuizEngineOptions {
  store: QuizStore;
  ports: ChatPorts;
  library: Library;
  search: SearchIndex;
  random: () => number;
  clock?: Clock;
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
  /** Leases on running quizzes: which of several processes on one database keeps each quiz's time. */
  leases: LeaseOptions;
  /**
   * A question was revealed: its answers, to count as reviews of those cards (src/review/team-answer-review.ts).
   * Called once per reveal, by the one process whose transaction revealed it, after the reveal is posted; never on
   * the answer's acknowledgement path. Its failures go to `onError`.
   */
  onRevealed?: (answers: TeamAnswer[]) => Promise<unknown>;
}

/** How this process holds quiz leases (see QuizLeases). */
export interface LeaseOptions {
  store: QuizLeases;
  /** This process's holder id: unique among the processes sharing the database. */
  holder: string;
  /** A lease ends this long after it was last renewed (ms). Default 12 s. */
  ttlMs?: number;
  /** How often `watch()` renews and looks for quizzes to take over (ms). Default 3 s. */
  tickMs?: number;
}

/**
 * Defaults chosen so a quiz whose holder died is taken over within 15 s: its lease was renewed at most a tick
 * before the death, ends 12 s after that renewal, and is noticed at the next tick of another process (≤ 3 s).
 */
export const DEFAULT_LEASE_TTL_MS = 12_000;
export const DEFAULT_LEASE_TICK_MS = 3_000;

/**
 * Runs quizzes: wraps the pure state machine (quiz-state.ts) with storage, posts and timers. Every deadline is
 * stored, so `resume()` after a restart carries each running quiz on, and buttons are handled by id, so a button
 * posted before the restart still counts. Nothing of a quiz is kept in memory but its timers: each store write
 * decides in the database and returns what it decided (a click's verdict and count, a transition's events and the
 * quiz after it), so any number of processes can share a quiz's clicks.
 *
 * Timers: of several processes on one database, the one holding a quiz's lease (QuizLeases) keeps its time.
 * `watch()` renews this process's leases and takes over quizzes whose holder stopped renewing (it died), timing
 * them to their stored deadlines, at once if those have passed; `shutdown()` hands the leases back.
 */
export class QuizEngine implements QuizDesk {
  private readonly store: QuizStore;
  private readonly clock: Clock;
  private readonly timers = new Map<number, unknown>();
  private readonly edits: QuestionEdits;
  /** Per quiz, the tail of its timer and stop work: one step at a time, so posts keep their order. */
  private readonly queues = new Map<number, Promise<unknown>>();
  private readonly leadInMs: number;
  private readonly pauseMs: number;
  private readonly staleMs: number;
  private readonly leaseTtlMs: number;
  private readonly leaseTickMs: number;
  private watchTimer: unknown;
  private stopped = false;

  constructor(private readonly opts: QuizEngineOptions) {
    this.store = opts.store;
    this.clock = opts.clock ?? systemClock;
    this.leadInMs = opts.leadInMs ?? 3000;
    this.pauseMs = opts.pauseMs ?? 5000;
    this.staleMs = opts.staleMs ?? 5 * 60_000;
    this.leaseTtlMs = opts.leases.ttlMs ?? DEFAULT_LEASE_TTL_MS;
    this.leaseTickMs = opts.leases.tickMs ?? DEFAULT_LEASE_TICK_MS;
    this.edits = new QuestionEdits({
      ports: opts.ports,
      library: opts.library,
      clock: this.clock,
      intervalMs: opts.editIntervalMs ?? 1000,
      claim: (sessionId, no) => this.store.claimCountEdit(sessionId, no, this.now(), opts.editIntervalMs ?? 1000),
      guard: (fn) => this.guard(fn, 'editing a quiz question'),
    });
  }

  now(): number {
    return this.clock.now();
  }

  async start(channel: string, starter: Player, args: string): Promise<{ quiz: StoredQuiz; firstAt: number; requested: number }> {
    const parsed = parseQuizRequest(args, this.opts.library, this.opts.search);
    const request = parsed.weak ? { ...parsed, ...weakPool(this.opts.library, (await this.teamMastery(channel)).weakestConcepts, MIN_ANSWERS) } : parsed;
    const picked = pickQuestions(request.pool, await this.store.timesAsked(channel), request.questions, this.opts.random);
    const now = this.now();
    const firstAt = now + this.leadInMs;
    let quiz: StoredQuiz;
    try {
      quiz = await this.store.create({
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
    const id = quiz.state.sessionId;
    // Another process's watch may have taken the new quiz in the instant since it was stored: then it keeps the
    // time. A failed lease write is only logged; the quiz still runs here (transitions are guarded either way).
    const mine = await this.guard(() => this.opts.leases.store.acquire(id, this.opts.leases.holder, now, this.leaseTtlMs), 'taking a quiz lease');
    if (mine !== false) this.schedule(id, firstAt, () => this.openNext(id, 1));
    return { quiz, firstAt, requested: request.questions };
  }

  running(channel: string): Promise<StoredQuiz | undefined> {
    return this.store.running(channel);
  }

  leaderboard(channel: string, since: number): Promise<LeaderboardRow[]> {
    return this.store.leaderboard(channel, since);
  }

  stats(userId: string): Promise<ChapterStats[]> {
    return this.store.stats(userId);
  }

  channelAnswers(channel: string, since: number): Promise<ChannelAnswer[]> {
    return this.store.channelAnswers(channel, since);
  }

  async teamMastery(channel: string): Promise<TeamMastery> {
    return teamMastery(channel, await this.store.channelAnswers(channel, 0), this.opts.library);
  }

  /** A click on an answer button. Stored before it resolves: an acknowledged answer is never lost. */
  async answer(user: Player, channel: string, sessionId: number, no: number, option: number): Promise<AnswerEvent> {
    const verdict = await this.store.recordAnswer({ sessionId, channel, no, user, option, at: this.now() });
    if (verdict.kind === 'accepted') this.edits.countChanged(sessionId, () => this.store.load(sessionId));
    return answerEvent(verdict, no, user);
  }

  /**
   * `/quiz stop`: only the starter or someone who may manage the channel. Resolves true if this call ended the quiz,
   * false if a timer or another process ended it first. Throws UserError when no quiz runs or the person may not
   * stop it, and whatever storage throws (the quiz then keeps running).
   */
  async stop(channel: string, by: Player & { canManage?: boolean }): Promise<boolean> {
    const quiz = await this.store.running(channel);
    if (!quiz) throw new UserError('No quiz is running here.', 'Start one with /quiz start.');
    if (quiz.state.starter.id !== by.id && !by.canManage) {
      throw new UserError(`Only ${safeEcho(quiz.state.starter.name, 60)} (who started it) or a channel manager can stop this quiz.`);
    }
    // Not guarded: a storage failure here must reach the command's error boundary (logged, counted, an apology),
    // not read as "the quiz had already ended".
    return this.serial(quiz.state.sessionId, () => this.end(quiz.state.sessionId, 'stopped', `stopped by ${safeEcho(by.name, 60)}`));
  }

  /**
   * Picks up the running quizzes this process may hold after a start: those with no lease, an ended one, or one
   * held under this process's holder id. Each carries on to its stored deadlines, or is closed if those are long past.
   */
  async resume(): Promise<void> {
    await this.hold();
  }

  /**
   * Keeps this process's leases alive and takes over quizzes whose holder stopped renewing, every tick until
   * `shutdown()`. Without it (the console, most tests) a quiz is only picked up by `resume()`.
   */
  watch(): void {
    if (this.stopped || this.watchTimer !== undefined) return;
    const tick = async () => {
      await this.guard(() => this.hold(), 'renewing quiz leases');
      if (!this.stopped) this.watchTimer = this.clock.setTimeout(tick, this.leaseTickMs);
    };
    this.watchTimer = this.clock.setTimeout(tick, this.leaseTickMs);
  }

  /**
   * One lease round: claims (renews, takes over) in one store call, forgets the timers of quizzes it no longer
   * holds (another process took them during a long pause here, or they ended), and times every held quiz that has
   * no timer and no step running: one just taken over, or one whose last step found nothing to do.
   */
  private async hold(): Promise<void> {
    const { store, holder } = this.opts.leases;
    // Only timers set before the claim read the table can have lost their lease: a quiz started meanwhile is ours.
    const before = [...this.timers.keys()];
    const held = new Set(await store.claim(holder, this.ports().platforms(), this.now(), this.leaseTtlMs));
    for (const id of before) if (!held.has(id)) this.cancel(id);
    for (const id of held) {
      if (this.stopped) return;
      if (!this.timers.has(id) && !this.queues.has(id)) await this.adopt(id);
    }
  }

  /** Times a running quiz from what is stored: its open question's deadline, or when the next one opens. */
  private async adopt(id: number): Promise<void> {
    const quiz = await this.store.load(id);
    if (!quiz || quiz.state.status !== 'running' || !this.ports().has(platformOf(quiz.state.channel))) return;
    const now = this.now();
    const open = openQuestion(quiz.state);
    const due = open ? open.deadline ?? now : quiz.nextAt ?? now;
    if (due < now - this.staleMs) {
      await this.guard(() => this.serial(id, () => this.end(id, 'finished', 'closed after a restart, with the answers given before it')), 'closing a quiz after a restart');
    } else if (open) {
      // Re-show the question with its buttons: their ids have not changed, so clicks on the old post count too.
      this.edits.edit(quiz, open.no, true);
      this.schedule(id, due, () => this.closeQuestion(id, open.no));
    } else {
      const next = nextPending(quiz.state)?.no ?? quiz.state.questions.length + 1;
      this.schedule(id, due, () => this.openNext(id, next));
    }
  }

  /**
   * Stops the timers (shutdown) and resolves when the steps and edits already running are done, so a reveal or the
   * final standings half-way out still reach the channel before the adapters close. Everything needed to carry on
   * is already stored.
   */
  async shutdown(): Promise<void> {
    this.stopped = true;
    if (this.watchTimer !== undefined) this.clock.clearTimeout(this.watchTimer);
    for (const t of this.timers.values()) this.clock.clearTimeout(t);
    this.timers.clear();
    // Handed back first, at once: another process takes the quizzes at its next tick instead of waiting for the
    // leases to end. A step still running here and the same step there are both guarded: one of them acts.
    const handOver = this.guard(() => this.opts.leases.store.release(this.opts.leases.holder), 'handing quiz leases back');
    await Promise.allSettled([handOver, ...this.queues.values(), this.edits.shutdown()]);
  }

  private async openNext(id: number, no: number): Promise<void> {
    const t = await this.store.openNext(id, no, this.now());
    if (t) await this.publish(id, t, 'final standings');
  }

  private async closeQuestion(id: number, no: number): Promise<void> {
    const now = this.now();
    const t = await this.store.closeOpen(id, no, now, now + this.pauseMs);
    if (t) await this.publish(id, t, 'final standings');
  }

  /** Ends a quiz; true for the one caller whose transaction ended it, false for any other. */
  private async end(id: number, status: 'finished' | 'stopped', how: string): Promise<boolean> {
    const t = await this.store.finish(id, status, this.now());
    if (!t) return false;
    await this.publish(id, t, how);
    return true;
  }

  /**
   * Posts what a stored transition did, from its events and the quiz as it now stands: a question opened (posted,
   * its close timed), a question revealed (its post edited to closed, the answer and points posted, the next question
   * timed), the quiz over (the standings posted). `how` names why it ended.
   */
  private async publish(id: number, t: Transition, how: string): Promise<void> {
    const { quiz, step } = t;
    const opened = step.events.find((e): e is Extract<QuizEvent, { type: 'question-opened' }> => e.type === 'question-opened');
    const revealed = step.events.find((e): e is Extract<QuizEvent, { type: 'question-revealed' }> => e.type === 'question-revealed');
    const done = step.events.find((e): e is Extract<QuizEvent, { type: 'quiz-finished' }> => e.type === 'quiz-finished');
    if (done) this.cancel(id);
    if (opened) {
      const q = quiz.state.questions.find((x) => x.no === opened.question)!;
      this.schedule(id, opened.deadline, () => this.closeQuestion(id, opened.question));
      this.edits.posted(id);
      const ref = await this.post(quiz.state.channel, questionPost(this.opts.library, quiz.state, q, 0, true));
      if (ref) await this.store.setMessage(id, q.no, ref.id);
    }
    if (revealed) {
      const platform = platformOf(quiz.state.channel);
      for (const r of revealed.results) this.opts.metrics?.quizAnswers.inc({ platform, correct: String(r.right) });
      await this.edits.closed(quiz, revealed.question);
      await this.post(quiz.state.channel, revealPost(this.opts.library, quiz.state, revealed));
      const onRevealed = this.opts.onRevealed;
      if (onRevealed) await this.guard(() => onRevealed(teamAnswers(this.opts.library, quiz.state, revealed)), 'counting quiz answers as reviews');
      if (!done && quiz.nextAt !== undefined) this.schedule(id, quiz.nextAt, () => this.openNext(id, revealed.question + 1));
    }
    if (done) {
      await this.post(quiz.state.channel, finalPost(quiz.state, done, how));
      this.edits.forget(id);
      await this.guard(() => this.opts.leases.store.release(this.opts.leases.holder, id), 'handing back the lease of an ended quiz');
    }
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

/** A revealed question's answers as team answers (reviews of the question's cards); none when it left the notes. */
function teamAnswers(library: Library, state: StoredQuiz['state'], revealed: Extract<QuizEvent, { type: 'question-revealed' }>): TeamAnswer[] {
  const q = state.questions.find((x) => x.no === revealed.question);
  const question = q && library.questions.find((x) => x.id === q.questionId);
  if (!q || !question) return [];
  const given = state.answers[q.no] ?? {};
  return revealed.results.map((r) => {
    const at = given[r.user.id]?.at ?? q.openedAt ?? 0;
    return { person: r.user.id, question, right: r.right, at, ...(q.openedAt !== undefined ? { answerMs: Math.max(0, at - q.openedAt) } : {}), source: 'quiz' as const };
  });
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
