/**
 * Time and timers, injected everywhere the bot reads the time or waits, so tests and the bench move a fake clock
 * instead of sleeping, and a console script can fast-forward a quiz. Times are UTC epoch milliseconds.
 */
export interface Clock {
  now(): number;
  /** Calls `fn` after `ms` ms. The callback may return a promise; a fake clock awaits it so a test sees the work done. */
  setTimeout(fn: () => unknown, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** The process's own clock and timers. */
export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout),
};
