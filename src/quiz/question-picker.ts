import type { Question } from '../content/types.js';

/**
 * Chooses `count` questions from a pool so none repeats in a channel until the whole pool has been used: the
 * questions asked fewest times come first, ties in a fresh random order. Counting asks rather than ordering by when
 * each was last asked gives every cycle its own order: ordering by time replayed the first cycle exactly (same
 * groups, same order, same right letters).
 * @param timesAsked question id → how many times it has been shown in this channel (absent: never)
 * @param random uniform in [0, 1); injected so a test repeats exactly
 * @returns at most `count` distinct questions of `pool`, in the order to ask them
 */
export function pickQuestions(pool: readonly Question[], timesAsked: ReadonlyMap<string, number>, count: number, random: () => number): Question[] {
  const keyed = pool.map((q) => ({ q, times: timesAsked.get(q.id) ?? 0, tie: random() }));
  keyed.sort((a, b) => a.times - b.times || a.tie - b.tie);
  return keyed.slice(0, count).map((k) => k.q);
}
