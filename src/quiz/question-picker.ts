import type { Question } from '../content/types.js';

/**
 * Chooses `count` questions from a pool so none repeats in a channel until the whole pool has been used:
 * questions never asked come first, then the ones asked longest ago; ties are shuffled.
 * @param lastAsked question id → when it was last shown in this channel
 */
export function pickQuestions(pool: readonly Question[], lastAsked: ReadonlyMap<string, number>, count: number, random: () => number): Question[] {
  const keyed = pool.map((q) => ({ q, last: lastAsked.get(q.id) ?? -Infinity, tie: random() }));
  keyed.sort((a, b) => a.last - b.last || a.tie - b.tie);
  return keyed.slice(0, count).map((k) => k.q);
}
