/*
 * The weak-first daily order (`/daily order weak-first`): the channel's book or shuffled cycle, but each day the
 * next concept is the one the channel misses most among those not yet posted in this cycle (`weakFirst` in
 * src/review/team-mastery.ts only reorders that remaining set). Taking concepts out of order means the position no
 * longer says which were posted, so the schedule stores the cycle's posted concept ids (`cycle_posted`, migration
 * 010): every concept still comes once before any repeats.
 */
import type { Concept, Library } from '../content/types.js';
import { weakFirst, type TeamMastery } from '../review/team-mastery.js';
import { cycleOrder, type RotationState } from './rotation.js';

/** What weak-first reads of a channel's mastery: per-concept shares and the overall share they are compared with. */
export type WeakSpots = Pick<TeamMastery, 'overall' | 'concepts'>;

/** A rotation that remembers which concepts its current cycle has posted. */
export interface WeakFirstState extends RotationState {
  /** Concept ids posted in the current cycle, in posting order. */
  posted: readonly string[];
}

/** The rotation after a weak-first post: `position` counts the cycle's posts, `posted` lists them. */
export type WeakFirstStep = Pick<WeakFirstState, 'cycle' | 'position' | 'posted'>;

/** The cycle's concepts not posted yet, in the cycle's own order (ids no longer in the notes are ignored). */
function remaining(library: Library, state: WeakFirstState, cycle: number, posted: ReadonlySet<string>): Concept[] {
  return cycleOrder(library, state, cycle).filter((c) => !posted.has(c.id));
}

/**
 * The concept due now and the rotation after it: the weakest remaining concept of the cycle (`weakFirst`), or the
 * next in cycle order when the channel has no mastery to go by; a finished cycle starts the next with nothing
 * posted. Undefined when the followed chapters have no concept.
 *
 * @param spots the channel's mastery; undefined (not known this tick) keeps the cycle's order
 */
export function takeNextWeakFirst(library: Library, state: WeakFirstState, spots: WeakSpots | undefined): { concept: Concept; next: WeakFirstStep } | undefined {
  let cycle = state.cycle;
  let posted = new Set(state.posted);
  let left = remaining(library, state, cycle, posted);
  if (left.length === 0) {
    cycle += 1;
    posted = new Set();
    left = remaining(library, state, cycle, posted);
  }
  const concept = (spots ? weakFirst(left, spots) : left)[0];
  if (!concept) return undefined;
  const now = [...posted, concept.id];
  return { concept, next: { cycle, position: now.length, posted: now } };
}

/** The next `count` concepts weak-first would post if the mastery stayed as it is now (for `/daily upcoming` and status). */
export function upcomingWeakFirst(library: Library, state: WeakFirstState, spots: WeakSpots | undefined, count: number): Concept[] {
  const out: Concept[] = [];
  let s: WeakFirstState = state;
  while (out.length < count) {
    const take = takeNextWeakFirst(library, s, spots);
    if (!take) break;
    out.push(take.concept);
    s = { ...s, ...take.next };
  }
  return out;
}
