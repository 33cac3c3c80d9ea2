/*
 * What a channel knows: from the answers its members gave in quizzes and daily checks, the share of right answers
 * per chapter and per concept, how many members answered, and how recently. Every answer counts (a question played
 * in three quizzes counts three times); members are counted once.
 *
 * A concept or chapter is ranked (strongest, weakest, weak-first) only after MIN_ANSWERS answers. The share from
 * n answers is uncertain by about √(p(1−p)/n): at n = 5 and p = 0.5 that is ±22 points, coarse but enough to tell a
 * concept the channel mostly misses (≤ 40 %) from one it mostly gets (≥ 80 %); below 5 a single slip moves the
 * share by 25 points or more, and a concept one person got wrong once would top the list. In a channel of 20, one
 * quiz round of a question gives 5 answers, so a concept counts from the first time it is played.
 */
import type { Library } from '../content/types.js';

/** Answers a concept or chapter needs before it is ranked. */
export const MIN_ANSWERS = 5;

/** One answer as the quiz and daily-check stores keep it. */
export interface ChannelAnswer {
  /** Namespaced channel id. */
  channel: string;
  /** Namespaced person id. */
  person: string;
  questionId: string;
  right: boolean;
  /** ms epoch UTC. */
  at: number;
}

export interface Mastery {
  answers: number;
  right: number;
  /** right / answers, 0 to 1. */
  share: number;
  /** Distinct members who answered. */
  members: number;
  /** The latest answer, ms epoch UTC. */
  lastAnswered: number;
  /** answers ≥ MIN_ANSWERS: only these are ranked. */
  counted: boolean;
}

export interface ChapterMastery extends Mastery {
  chapter: number;
}

export interface ConceptMastery extends Mastery {
  conceptId: string;
  chapter: number;
}

export interface TeamMastery {
  channel: string;
  /** All of the channel's answers to questions in the notes. */
  overall: Mastery;
  /** Chapters with at least one answer, in book order. */
  chapters: ChapterMastery[];
  /** Concepts with at least one answer, in book order. */
  concepts: ConceptMastery[];
  /** Counted chapters, best share first: at most `top`, and never a chapter that is also among the weakest. */
  strongest: ChapterMastery[];
  /** Counted chapters, worst share first: at most `top`. */
  weakest: ChapterMastery[];
  /** The five (or `weakConcepts`) counted concepts with the lowest share, worst first. */
  weakestConcepts: ConceptMastery[];
  /** Answers to questions no longer in the notes, left out of everything above. */
  unknownQuestions: number;
}

class Tally {
  answers = 0;
  right = 0;
  lastAnswered = -Infinity;
  readonly people = new Set<string>();

  add(a: ChannelAnswer): void {
    this.answers += 1;
    if (a.right) this.right += 1;
    if (a.at > this.lastAnswered) this.lastAnswered = a.at;
    this.people.add(a.person);
  }

  mastery(): Mastery {
    return {
      answers: this.answers,
      right: this.right,
      share: this.answers === 0 ? 0 : this.right / this.answers,
      members: this.people.size,
      lastAnswered: this.lastAnswered,
      counted: this.answers >= MIN_ANSWERS,
    };
  }
}

/** Lower share first; on a tie the one with more answers (more evidence), then book order (the input's order). */
function weakerFirst<T extends Mastery>(a: T, b: T): number {
  return a.share - b.share || b.answers - a.answers;
}

/**
 * The channel's mastery from its answers (answers from other channels in the list are ignored).
 * @param options.top how many strongest and weakest chapters (default 3); options.weakConcepts (default 5)
 */
export function teamMastery(channel: string, answers: Iterable<ChannelAnswer>, library: Library, options: { top?: number; weakConcepts?: number } = {}): TeamMastery {
  const top = options.top ?? 3;
  const where = new Map<string, { chapter: number; conceptId: string }>();
  for (const q of library.questions) {
    const conceptId = library.takeawayById.get(q.teaches)?.conceptId ?? q.teaches.split('#')[0]!;
    where.set(q.id, { chapter: q.chapter, conceptId });
  }
  const overall = new Tally();
  const byChapter = new Map<number, Tally>();
  const byConcept = new Map<string, Tally>();
  let unknownQuestions = 0;
  for (const a of answers) {
    if (a.channel !== channel) continue;
    const w = where.get(a.questionId);
    if (!w) {
      unknownQuestions += 1;
      continue;
    }
    overall.add(a);
    const ch = byChapter.get(w.chapter) ?? new Tally();
    byChapter.set(w.chapter, ch);
    ch.add(a);
    const co = byConcept.get(w.conceptId) ?? new Tally();
    byConcept.set(w.conceptId, co);
    co.add(a);
  }
  const chapters: ChapterMastery[] = library.chapters.flatMap((c) => {
    const t = byChapter.get(c.number);
    return t ? [{ chapter: c.number, ...t.mastery() }] : [];
  });
  const concepts: ConceptMastery[] = library.concepts.flatMap((c) => {
    const t = byConcept.get(c.id);
    return t ? [{ conceptId: c.id, chapter: c.chapter, ...t.mastery() }] : [];
  });
  const ranked = chapters.filter((c) => c.counted).sort(weakerFirst);
  const weakCount = Math.min(top, Math.floor(ranked.length / 2));
  const strongCount = Math.min(top, ranked.length - weakCount);
  return {
    channel,
    overall: overall.mastery(),
    chapters,
    concepts,
    strongest: ranked.slice(ranked.length - strongCount).reverse(),
    weakest: ranked.slice(0, weakCount),
    weakestConcepts: concepts.filter((c) => c.counted).sort(weakerFirst).slice(0, options.weakConcepts ?? 5),
    unknownQuestions,
  };
}

/**
 * The daily rotation's remaining concepts, reordered so the ones the channel misses come first: counted concepts
 * whose share is below the channel's overall share, lowest first (ties keep their order); then all the others in
 * their given order. Only reorders `remaining` (the concepts not yet posted in this cycle), so "no repeats until all
 * are seen" holds whatever the mastery says; the result has exactly the same elements.
 */
export function weakFirst<T extends { id: string }>(remaining: readonly T[], mastery: Pick<TeamMastery, 'overall' | 'concepts'>): T[] {
  const share = new Map<string, number>();
  for (const c of mastery.concepts) if (c.counted && c.share < mastery.overall.share) share.set(c.conceptId, c.share);
  const weak = remaining.filter((c) => share.has(c.id));
  // Array.prototype.sort is stable, so equal shares keep the rotation's order.
  weak.sort((a, b) => share.get(a.id)! - share.get(b.id)!);
  return [...weak, ...remaining.filter((c) => !share.has(c.id))];
}
