import { describe, expect, it } from 'vitest';
import { loadLibrary } from '../src/content/content-loader.js';
import { cycleOrder, seeded, type RotationState } from '../src/daily/rotation.js';
import { takeNextWeakFirst, upcomingWeakFirst, type WeakFirstState, type WeakSpots } from '../src/daily/weak-first-rotation.js';
import type { ConceptMastery } from '../src/review/team-mastery.js';
import { BUNDLED_CONTENT } from './support/test-bot.js';

const lib = loadLibrary(BUNDLED_CONTENT);
const base: RotationState = { chapters: [4, 6], order: 'shuffled', seed: 99, cycle: 0, position: 0 };
const start: WeakFirstState = { ...base, posted: [] };

/** Mastery where the given concepts have these shares (counted), against an overall share of 0.7. */
function spots(shares: Record<string, number>): WeakSpots {
  const concepts = Object.entries(shares).map(([conceptId, share]): ConceptMastery => ({ conceptId, chapter: 4, share, answers: 10, right: Math.round(share * 10), members: 5, lastAnswered: 0, counted: true }));
  return { overall: { answers: 100, right: 70, share: 0.7, members: 20, lastAnswered: 0, counted: true }, concepts };
}

describe('the weak-first daily rotation', () => {
  it('follows the cycle’s own order when there is no mastery to go by, then starts the next cycle', () => {
    const order = cycleOrder(lib, base, 0).map((c) => c.id);
    const next = cycleOrder(lib, base, 1).map((c) => c.id);
    expect(upcomingWeakFirst(lib, start, undefined, order.length + 2).map((c) => c.id)).toEqual([...order, ...next.slice(0, 2)]);
  });

  it('takes the weakest remaining concept first and records it as posted this cycle', () => {
    const order = cycleOrder(lib, base, 0).map((c) => c.id);
    const [a, b, c] = [order[5]!, order[9]!, order[2]!];
    const first = takeNextWeakFirst(lib, start, spots({ [a]: 0.3, [b]: 0.1, [c]: 0.9 }))!;
    expect(first.concept.id).toBe(b);
    expect(first.next).toEqual({ cycle: 0, position: 1, posted: [b] });
    const second = takeNextWeakFirst(lib, { ...start, ...first.next }, spots({ [a]: 0.3, [b]: 0.1, [c]: 0.9 }))!;
    expect(second.concept.id).toBe(a);
    // Above the channel's overall share is not weak: after the weak ones, the cycle's order resumes.
    const third = takeNextWeakFirst(lib, { ...start, ...second.next }, spots({ [a]: 0.3, [b]: 0.1, [c]: 0.9 }))!;
    expect(third.concept.id).toBe(order.find((id) => id !== a && id !== b));
  });

  it('never repeats a concept within a cycle, however the mastery moves from one day to the next', () => {
    const rnd = seeded(4);
    const ids = cycleOrder(lib, base, 0).map((c) => c.id);
    let s: WeakFirstState = start;
    const seen: string[][] = [[]];
    for (let day = 0; day < ids.length * 3; day++) {
      const shares = Object.fromEntries(ids.filter(() => rnd() < 0.5).map((id) => [id, rnd()]));
      const take = takeNextWeakFirst(lib, s, spots(shares))!;
      if (take.next.cycle !== s.cycle) seen.push([]);
      seen.at(-1)!.push(take.concept.id);
      s = { ...s, ...take.next };
    }
    expect(seen).toHaveLength(3);
    for (const cycle of seen) expect([...cycle].sort()).toEqual([...ids].sort());
  });

  it('ignores posted ids the notes no longer have, and starts a new cycle once every followed concept is posted', () => {
    const ids = cycleOrder(lib, base, 0).map((c) => c.id);
    const almost = takeNextWeakFirst(lib, { ...start, posted: ['gone-from-the-notes', ...ids.slice(0, -1)] }, undefined)!;
    expect(almost.concept.id).toBe(ids.at(-1));
    const over = takeNextWeakFirst(lib, { ...start, posted: ids }, undefined)!;
    expect(over.next).toEqual({ cycle: 1, position: 1, posted: [cycleOrder(lib, base, 1)[0]!.id] });
    expect(takeNextWeakFirst(lib, { ...start, chapters: [99] }, undefined)).toBeUndefined();
  });
});
