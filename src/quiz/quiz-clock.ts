/** Time and timers for the quiz engine; injected so tests and the bench advance a fake clock instead of sleeping. */
export interface QuizClock {
  now(): number;
  /** The callback may return a promise; a fake clock awaits it so a test sees the work done. */
  setTimeout(fn: () => unknown, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const systemClock: QuizClock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout),
};
