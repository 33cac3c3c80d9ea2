import { describe, expect, it } from 'vitest';
import { loadLibrary } from '../src/content/content-loader.js';
import type { Concept, Question } from '../src/content/types.js';
import { cycleOrder, seeded } from '../src/daily/rotation.js';
import { MIN_ANSWERS, teamMastery, weakFirst, type ChannelAnswer, type Mastery } from '../src/review/team-mastery.js';
import { BUNDLED_CONTENT } from './support/test-bot.js';

const lib = loadLibrary(BUNDLED_CONTENT);
const CHANNEL = 'slack:T1:CREADING';
const DAY = 86_400_000;

// The concept of a question, found through the concepts' own takeaway lists (not the library's index the code uses).
const conceptOfTakeaway = new Map<string, Concept>();
for (const c of lib.concepts) for (const t of c.takeaways) conceptOfTakeaway.set(t.id, c);
const conceptOf = (q: Question) => conceptOfTakeaway.get(q.teaches)!;
const bookIndex = new Map(lib.concepts.map((c, i) => [c.id, i]));

/** A concept the channel keeps missing, one it never plays enough to judge, and a chapter it finds easy. */
const weakConcept = conceptOf(lib.questions.find((q) => q.chapter === 6)!);
const rareConcept = conceptOf(lib.questions.find((q) => q.chapter === 2)!);
const EASY_CHAPTER = 7;

interface Tallied {
  answers: number;
  right: number;
  members: Set<string>;
  last: number;
}

/**
 * A month of a 20-member reading group: a quiz of 8 questions every day at noon (the weak concept's question on
 * every third day), a daily quick check answered by a few, a few answers in another channel and to a question
 * since removed. Tallies what each chapter and concept should show while it generates.
 */
function simulateMonth(seed: number) {
  const rnd = seeded(seed);
  const people = Array.from({ length: 20 }, (_, i) => ({ id: `slack:T1:U${String(i + 1).padStart(2, '0')}`, skill: 0.55 + 0.35 * rnd() }));
  const pool = lib.questions.filter((q) => conceptOf(q) !== rareConcept && conceptOf(q) !== weakConcept);
  const weakQuestions = lib.questions.filter((q) => conceptOf(q) === weakConcept);
  const answers: ChannelAnswer[] = [];
  const byChapter = new Map<number, Tallied>();
  const byConcept = new Map<string, Tallied>();
  const tally = (map: Map<number | string, Tallied>, key: number | string, a: ChannelAnswer) => {
    const t = map.get(key) ?? { answers: 0, right: 0, members: new Set(), last: -Infinity };
    map.set(key, t);
    t.answers += 1;
    t.right += a.right ? 1 : 0;
    t.members.add(a.person);
    t.last = Math.max(t.last, a.at);
  };
  const answer = (channel: string, person: (typeof people)[number], q: Question, at: number, chance?: number) => {
    const p = chance ?? (conceptOf(q) === weakConcept ? 0.15 : q.chapter === EASY_CHAPTER ? 0.97 : person.skill);
    const a: ChannelAnswer = { channel, person: person.id, questionId: q.id, right: rnd() < p, at };
    answers.push(a);
    if (channel === CHANNEL && lib.questions.includes(q)) {
      tally(byChapter as Map<number | string, Tallied>, q.chapter, a);
      tally(byConcept as Map<number | string, Tallied>, conceptOf(q).id, a);
    }
  };
  const start = Date.parse('2026-04-01T12:00:00Z');
  for (let d = 0; d < 30; d++) {
    const quiz = Array.from({ length: 8 }, () => pool[Math.floor(rnd() * pool.length)]!);
    if (d % 3 === 0) quiz[0] = weakQuestions[d % weakQuestions.length]!;
    quiz.forEach((q, i) => {
      for (const p of people) if (rnd() < 0.7) answer(CHANNEL, p, q, start + d * DAY + i * 25_000 + Math.floor(rnd() * 20_000));
    });
    const check = pool[Math.floor(rnd() * pool.length)]!;
    for (const p of people) if (rnd() < 0.3) answer(CHANNEL, p, check, start + d * DAY - 3 * 3_600_000 + Math.floor(rnd() * 6 * 3_600_000));
    // The same people in another channel's quiz: not this channel's mastery.
    answer('discord:G1:COTHER', people[d % 20]!, pool[d]!, start + d * DAY, 0);
  }
  // The rare concept: answered by only three members, all wrong.
  const rareQ = lib.questions.find((q) => conceptOf(q) === rareConcept)!;
  for (const p of people.slice(0, 3)) answer(CHANNEL, p, rareQ, start + 10 * DAY, 0);
  // A question that has since left the notes.
  const gone = { ...rareQ, id: 'q2-removed0' };
  for (const p of people.slice(0, 4)) answer(CHANNEL, p, gone, start + 11 * DAY);
  return { answers, byChapter, byConcept };
}

const expected = (t: Tallied): Mastery => ({ answers: t.answers, right: t.right, share: t.right / t.answers, members: t.members.size, lastAnswered: t.last, counted: t.answers >= MIN_ANSWERS });

describe('team mastery over a simulated month of a 20-member channel', () => {
  const month = simulateMonth(2026);
  const m = teamMastery(CHANNEL, month.answers, lib);

  it('has, per chapter, the share right, the members who answered and the last answer, exactly as tallied', () => {
    const chapters = [...month.byChapter].sort(([a], [b]) => a - b).map(([chapter, t]) => ({ chapter, ...expected(t) }));
    expect(m.chapters).toEqual(chapters);
    expect(m.chapters.length).toBe(11);
  });

  it('has the same per concept, in book order', () => {
    const concepts = [...month.byConcept]
      .sort(([a], [b]) => bookIndex.get(a)! - bookIndex.get(b)!)
      .map(([id, t]) => ({ conceptId: id, chapter: lib.conceptById.get(id)!.chapter, ...expected(t) }));
    expect(m.concepts).toEqual(concepts);
  });

  it('counts only this channel’s answers to questions still in the notes', () => {
    const total = [...month.byChapter.values()].reduce((n, t) => n + t.answers, 0);
    expect(m.overall.answers).toBe(total);
    expect(m.overall.members).toBe(20);
    expect(m.unknownQuestions).toBe(4);
    expect(month.answers.length).toBe(total + 4 + 30);
  });

  it('names the easy chapter strongest and ranks chapters without overlap', () => {
    const ranked = m.chapters.filter((c) => c.counted).sort((a, b) => b.share - a.share || b.answers - a.answers);
    expect(m.strongest.map((c) => c.chapter)).toEqual(ranked.slice(0, 3).map((c) => c.chapter));
    expect(m.weakest.map((c) => c.chapter)).toEqual(ranked.slice(-3).reverse().map((c) => c.chapter));
    expect(m.strongest[0]!.chapter).toBe(EASY_CHAPTER);
    expect(m.strongest[0]!.share).toBeGreaterThan(0.9);
  });

  it('lists the five weakest concepts with at least five answers, the planted one first, not the rarely played one', () => {
    const counted = m.concepts.filter((c) => c.answers >= MIN_ANSWERS);
    const worst = [...counted].sort((a, b) => a.share - b.share || b.answers - a.answers || bookIndex.get(a.conceptId)! - bookIndex.get(b.conceptId)!);
    expect(m.weakestConcepts).toEqual(worst.slice(0, 5));
    expect(m.weakestConcepts[0]!.conceptId).toBe(weakConcept.id);
    const rare = m.concepts.find((c) => c.conceptId === rareConcept.id)!;
    expect(rare).toMatchObject({ answers: 3, right: 0, share: 0, members: 3, counted: false });
    expect(m.weakestConcepts.map((c) => c.conceptId)).not.toContain(rareConcept.id);
  });

  it('gives the same result whatever order the answers come in', () => {
    const shuffled = [...month.answers].reverse();
    expect(teamMastery(CHANNEL, shuffled, lib)).toEqual(m);
  });

  it('puts a chapter in only one of strongest and weakest when few are counted', () => {
    const few = month.answers.filter((a) => a.questionId.startsWith('q7-') || a.questionId.startsWith('q6-'));
    const two = teamMastery(CHANNEL, few, lib);
    expect(two.strongest.map((c) => c.chapter)).toEqual([7]);
    expect(two.weakest.map((c) => c.chapter)).toEqual([6]);
    const one = teamMastery(CHANNEL, month.answers.filter((a) => a.questionId.startsWith('q7-')), lib);
    expect(one.strongest.map((c) => c.chapter)).toEqual([7]);
    expect(one.weakest).toEqual([]);
  });

  it('is empty for a channel with no answers', () => {
    const none = teamMastery('slack:T1:CNEW', month.answers, lib);
    expect(none).toMatchObject({ chapters: [], concepts: [], strongest: [], weakest: [], weakestConcepts: [], overall: { answers: 0, members: 0 } });
  });
});

describe('weak-first daily order', () => {
  const month = simulateMonth(7);

  it.each(['book', 'shuffled'] as const)('never repeats a concept before all are posted, over three %s cycles, while the mastery changes every day', (order) => {
    const answers = [...month.answers];
    const state = { chapters: [] as number[], order, seed: 99 };
    let day = 0;
    for (let cycle = 0; cycle < 3; cycle++) {
      const all = cycleOrder(lib, state, cycle);
      const seen = new Set<string>();
      const posted: string[] = [];
      while (seen.size < all.length) {
        const remaining = all.filter((c) => !seen.has(c.id));
        const mastery = teamMastery(CHANNEL, answers, lib);
        const reordered = weakFirst(remaining, mastery);
        expect([...reordered].sort((a, b) => a.id.localeCompare(b.id))).toEqual([...remaining].sort((a, b) => a.id.localeCompare(b.id)));
        const concept = reordered[0]!;
        expect(seen.has(concept.id)).toBe(false);
        seen.add(concept.id);
        posted.push(concept.id);
        // The channel answers the day's quick check: mostly wrong, so some concepts turn weak during the cycle.
        const q = lib.questions.find((x) => conceptOf(x) === concept);
        if (q) for (let p = 0; p < 6; p++) answers.push({ channel: CHANNEL, person: `slack:T1:U${p}`, questionId: q.id, right: (day + p) % 4 === 0, at: Date.parse('2026-05-01T09:00:00Z') + day * DAY });
        day += 1;
      }
      expect(posted.length).toBe(all.length);
      expect(new Set(posted).size).toBe(all.length);
      if (cycle === 0) expect(posted[0]).toBe(weakConcept.id);
    }
  });

  it('puts concepts the channel misses more than usual first, weakest first, and keeps the rest in rotation order', () => {
    const m = teamMastery(CHANNEL, month.answers, lib);
    const remaining = cycleOrder(lib, { chapters: [], order: 'book', seed: 1 }, 0);
    const out = weakFirst(remaining, m);
    const share = new Map(m.concepts.filter((c) => c.counted).map((c) => [c.conceptId, c.share]));
    const weak = remaining.filter((c) => (share.get(c.id) ?? 1) < m.overall.share);
    expect(weak.length).toBeGreaterThan(0);
    expect(out.slice(0, weak.length).map((c) => c.id)).toEqual([...weak].sort((a, b) => share.get(a.id)! - share.get(b.id)!).map((c) => c.id));
    expect(out.slice(weak.length)).toEqual(remaining.filter((c) => !weak.includes(c)));
  });

  it('leaves the order alone when nothing is counted yet', () => {
    const remaining = cycleOrder(lib, { chapters: [3], order: 'book', seed: 1 }, 0);
    expect(weakFirst(remaining, teamMastery(CHANNEL, [], lib))).toEqual(remaining);
  });
});
