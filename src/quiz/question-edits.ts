import type { Library } from '../content/types.js';
import type { ChatPorts, MessageRef } from '../core/chat-port.js';
import { platformOf } from '../core/channel-id.js';
import type { Clock } from '../core/clock.js';
import { questionPost } from './quiz-messages.js';
import { openQuestion } from './quiz-state.js';
import type { StoredQuiz } from './quiz-store.js';

interface EditState {
  lastAt: number;
  timer?: unknown;
  /** Bumped whenever counting stops, so a count edit that was reading the quiz meanwhile is dropped. */
  generation: number;
  /** Edits of one quiz's messages go out one after another, so a late count edit cannot undo the "closed" edit. */
  chain: Promise<void>;
}

/**
 * Edits of posted quiz questions: the answer count at most once per interval per question across every process
 * on the database (a click never waits for it), the question re-shown after a restart, and the final "closed"
 * edit without buttons.
 */
export class QuestionEdits {
  private readonly edits = new Map<number, EditState>();
  private stopped = false;

  constructor(
    private readonly o: {
      ports: ChatPorts;
      library: Library;
      clock: Clock;
      intervalMs: number;
      /**
       * Claims question `no`'s next count edit in the database (QuizStore.claimCountEdit): false while another
       * process edited it within the interval, so the limit holds across replicas and not only here.
       */
      claim: (sessionId: number, no: number) => Promise<boolean>;
      /** Runs an edit, reporting (not throwing) a failure. */
      guard: <T>(fn: () => Promise<T>) => Promise<T | undefined>;
    },
  ) {}

  /** A question was just posted: its first count edit waits a full interval. */
  posted(sessionId: number): void {
    this.stopCounting(sessionId);
    this.edits.set(sessionId, { lastAt: this.o.clock.now(), chain: Promise.resolve(), generation: 0 });
  }

  /**
   * An answer landed: refresh the count now or when the interval allows. `current` reads the quiz from storage when
   * the edit runs (at most once per interval), so the count shown is the stored one, whichever process stored it.
   */
  countChanged(sessionId: number, current: () => Promise<StoredQuiz | undefined>): void {
    // Shutting down: a click now is stored, but no new timer may hold the process or edit through a closing adapter.
    if (this.stopped) return;
    const e = this.state(sessionId, -Infinity);
    if (e.timer !== undefined) return;
    const wait = Math.max(0, e.lastAt + this.o.intervalMs - this.o.clock.now());
    e.timer = this.o.clock.setTimeout(async () => {
      e.timer = undefined;
      e.lastAt = this.o.clock.now();
      const generation = e.generation;
      const quiz = await this.o.guard(current);
      // The question closed (or the next was posted) while storage was read: its "closed" edit must stay the last.
      if (this.edits.get(sessionId) !== e || e.generation !== generation || this.stopped) return e.chain;
      const open = quiz && openQuestion(quiz.state);
      if (!quiz || !open) return e.chain;
      const mine = await this.o.guard(() => this.o.claim(sessionId, open.no));
      if (this.edits.get(sessionId) !== e || e.generation !== generation || this.stopped) return e.chain;
      // Another process edited the count within the interval: try again after it, with the count as it is then.
      if (mine === false) this.countChanged(sessionId, current);
      else if (mine) this.edit(quiz, open.no, true);
      return e.chain;
    }, wait);
  }

  /** Shows the question as it stands, with its buttons (`open`) or closed. */
  edit(quiz: StoredQuiz, no: number, open: boolean): void {
    const id = quiz.state.sessionId;
    const messageId = quiz.messages.get(no);
    const q = quiz.state.questions.find((x) => x.no === no);
    if (!messageId || !q) return;
    const e = this.state(id, this.o.clock.now());
    const answered = Object.keys(quiz.state.answers[no] ?? {}).length;
    const ref: MessageRef = { platform: platformOf(quiz.state.channel), channel: quiz.state.channel, id: messageId };
    const body = questionPost(this.o.library, quiz.state, q, answered, open);
    e.chain = e.chain.then(() => this.o.guard(() => this.o.ports.for(ref.channel).update(ref, body))).then(() => undefined);
  }

  /** The question closed: no more count edits, one last edit without buttons, resolved when it is sent. */
  async closed(quiz: StoredQuiz, no: number): Promise<void> {
    this.stopCounting(quiz.state.sessionId);
    this.edit(quiz, no, false);
    await this.edits.get(quiz.state.sessionId)?.chain;
  }

  forget(sessionId: number): void {
    this.stopCounting(sessionId);
    this.edits.delete(sessionId);
  }

  /** No more count edits; resolves when the edits already queued are sent. */
  async shutdown(): Promise<void> {
    this.stopped = true;
    for (const id of this.edits.keys()) this.stopCounting(id);
    await Promise.allSettled([...this.edits.values()].map((e) => e.chain));
  }

  /** No more count edits for now (the question is closing); edits already sent keep their order. */
  stopCounting(sessionId: number): void {
    const e = this.edits.get(sessionId);
    if (e?.timer !== undefined) this.o.clock.clearTimeout(e.timer);
    if (e) {
      e.timer = undefined;
      e.generation += 1;
    }
  }

  private state(sessionId: number, lastAt: number): EditState {
    let e = this.edits.get(sessionId);
    if (!e) this.edits.set(sessionId, (e = { lastAt, chain: Promise.resolve(), generation: 0 }));
    return e;
  }
}
