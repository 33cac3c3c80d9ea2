import type { Concept, Library } from '../content/types.js';

export type RotationOrder = 'book' | 'shuffled';

/** Where a channel is in its rotation; stored with the schedule so it survives restarts. */
export interface RotationState {
  /** Chapter numbers to follow; empty means every chapter. */
  chapters: number[];
  order: RotationOrder;
  /** Per-channel seed: two channels that both shuffle do not get the same order. */
  seed: number;
  cycle: number;
  position: number;
}

/** A small seeded generator (mulberry32): the same seed and cycle give the same shuffle after a restart. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The concepts of the followed chapters, in book order. */
export function followedConcepts(library: Library, chapters: readonly number[]): Concept[] {
  if (chapters.length === 0) return library.concepts;
  const wanted = new Set(chapters);
  return library.concepts.filter((c) => wanted.has(c.chapter));
}

/** One cycle's order: every followed concept exactly once, in book order or shuffled for this channel and cycle. */
export function cycleOrder(library: Library, state: Pick<RotationState, 'chapters' | 'order' | 'seed'>, cycle: number): readonly Concept[] {
  if (state.order === 'book') return followedConcepts(library, state.chapters);
  const concepts = [...followedConcepts(library, state.chapters)];
  const rnd = seeded((state.seed ^ Math.imul(cycle + 1, 0x9e3779b1)) >>> 0);
  for (let i = concepts.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [concepts[i], concepts[j]] = [concepts[j]!, concepts[i]!];
  }
  return concepts;
}

/**
 * The next `count` concepts from the current position, crossing into later cycles. The position is clamped, so
 * notes that lost concepts since the position was stored start a new cycle instead of failing.
 */
export function upcomingConcepts(library: Library, state: RotationState, count: number): Concept[] {
  const out: Concept[] = [];
  let { cycle, position } = state;
  let order = cycleOrder(library, state, cycle);
  if (order.length === 0) return out;
  while (out.length < count) {
    if (position >= order.length) {
      cycle += 1;
      position = 0;
      order = cycleOrder(library, state, cycle);
    }
    out.push(order[position]!);
    position += 1;
  }
  return out;
}

/** The concept due now and the state after taking it, or undefined when the followed chapters have none. */
export function takeNext(library: Library, state: RotationState): { concept: Concept; next: RotationState } | undefined {
  let { cycle, position } = state;
  let order = cycleOrder(library, state, cycle);
  if (position >= order.length) {
    cycle += 1;
    position = 0;
    order = cycleOrder(library, state, cycle);
  }
  const concept = order[position];
  if (!concept) return undefined;
  return { concept, next: { ...state, cycle, position: position + 1 } };
}
