import type { Clock } from '../../src/core/clock.js';

/**
 * The one fake clock of the tests: time stands still until a test moves it, and timers run when it passes them.
 * `advance` runs what falls due in order and awaits each (a timer's returned promise too), so a test sees the work
 * done; with nothing due it moves the time at once, before its promise is even awaited.
 */
export class FakeClock implements Clock {
  private timers: { at: number; seq: number; fn: () => unknown }[] = [];
  private seq = 0;

  constructor(public ms = Date.parse('2026-03-02T10:00:00Z')) {}

  /** A clock standing at an ISO time. */
  static at(iso: string): FakeClock {
    return new FakeClock(Date.parse(iso));
  }

  now(): number {
    return this.ms;
  }

  /** Jumps to an ISO time without running timers (a process that was down meanwhile). */
  set(iso: string): void {
    this.ms = Date.parse(iso);
  }

  setTimeout(fn: () => unknown, ms: number): unknown {
    const t = { at: this.ms + Math.max(0, ms), seq: ++this.seq, fn };
    this.timers.push(t);
    return t;
  }

  clearTimeout(handle: unknown): void {
    this.timers = this.timers.filter((t) => t !== handle);
  }

  get pending(): number {
    return this.timers.length;
  }

  async advance(ms: number): Promise<void> {
    const target = this.ms + ms;
    for (;;) {
      const due = this.timers.filter((t) => t.at <= target).sort((a, b) => a.at - b.at || a.seq - b.seq)[0];
      if (!due) break;
      this.timers = this.timers.filter((t) => t !== due);
      this.ms = Math.max(this.ms, due.at);
      await due.fn();
    }
    this.ms = target;
  }
}

/** The one seeded generator of the tests (Park–Miller): uniform in [0, 1), the same sequence for the same seed. */
export function seededRandom(seed = 1): () => number {
  let s = seed;
  return () => ((s = (s * 16807) % 2147483647) - 1) / 2147483646;
}
