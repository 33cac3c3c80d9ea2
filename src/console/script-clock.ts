import type { Clock } from '../core/clock.js';

interface Timer {
  at: number;
  seq: number;
  fn: () => unknown;
  handle: NodeJS.Timeout;
}

/**
 * The clock of a console script: real time while the script is quiet (lines fed slowly play as they come),
 * and a fast-forward when the script needs what a timer would bring. A script read from a file has all its lines
 * at once; without skipping, its answers would reach the quiz before the first question, and a 3-question quiz
 * would hold the script for most of a minute.
 *
 * Skipping moves this clock ahead of the wall clock for good (an offset that only grows), so deadlines, answer
 * times and scores stay consistent with each other.
 */
export class ScriptClock implements Clock {
  private offset = 0;
  private seq = 0;
  private readonly timers = new Set<Timer>();

  now(): number {
    return Date.now() + this.offset;
  }

  setTimeout(fn: () => unknown, ms: number): unknown {
    const wait = Math.max(0, ms);
    const t: Timer = { at: this.now() + wait, seq: ++this.seq, fn, handle: setTimeout(() => void this.fire(t), wait) };
    this.timers.add(t);
    return t;
  }

  clearTimeout(handle: unknown): void {
    const t = handle as Timer;
    clearTimeout(t.handle);
    this.timers.delete(t);
  }

  /**
   * Runs the timers in order, moving the clock to each, until `done()` holds; resolves with `done()` — false when
   * no timer was left to bring it about. Each timer's work (a post, a reveal) is awaited before `done` is asked.
   */
  async skipUntil(done: () => boolean): Promise<boolean> {
    while (!done()) {
      const next = this.earliest();
      if (!next) return false;
      this.offset += Math.max(0, next.at - this.now());
      await this.fire(next);
    }
    return true;
  }

  /** `:wait 5`: the timers of the next `ms` run at once, and the clock stands `ms` later. */
  async skip(ms: number): Promise<void> {
    const target = this.now() + ms;
    await this.skipUntil(() => (this.earliest()?.at ?? Infinity) > target);
    this.offset += Math.max(0, target - this.now());
  }

  private earliest(): Timer | undefined {
    let first: Timer | undefined;
    for (const t of this.timers) if (!first || t.at < first.at || (t.at === first.at && t.seq < first.seq)) first = t;
    return first;
  }

  private async fire(t: Timer): Promise<void> {
    // A timer runs once: the real timeout and a skip may both reach it.
    if (!this.timers.delete(t)) return;
    clearTimeout(t.handle);
    await t.fn();
  }
}
