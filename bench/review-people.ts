// The review benches' shared world (bench/review.ts in memory, bench/review-store.ts through the stores): a bank of
// 3 × the notes' questions, people with 200 cards each drawn the same way from a seeded generator, and the naive
// next-card baseline both compare against.
import { resolveContentDir } from '../src/config.js';
import { loadLibrary } from '../src/content/content-loader.js';
import type { Library, Question } from '../src/content/types.js';
import { localDateTime } from '../src/daily/local-time.js';
import { newCard, type CardState, type ReviewCard } from '../src/review/review-card.js';
import { questionBank, type NextReview, type QuestionBank, type ReviewQueue } from '../src/review/review-queue.js';

export const PEOPLE = 10_000;
export const CARDS = 200;
export const MIN = 60_000;
export const DAY = 86_400_000;
export const ZONES = ['UTC', 'Europe/Berlin', 'America/New_York', 'America/Los_Angeles', 'Asia/Kolkata', 'Asia/Tokyo', 'Australia/Sydney', 'America/Sao_Paulo'];
/** The benches' "now": a Monday noon UTC. */
export const NOW = Date.parse('2026-03-02T12:00:00Z');

const lib = loadLibrary(resolveContentDir(process.env));
/**
 * The notes hold ~190 questions; a person with 200 cards needs a larger bank, so each question appears twice more
 * under other ids (same chapters and text), 3 × the bank in book order.
 */
export const questions: Question[] = [0, 1, 2].flatMap((copy) => lib.questions.map((q) => (copy === 0 ? q : { ...q, id: `${q.id}-${copy}` })));
/** The library with the tripled bank, for a `ReviewDesk`. */
export const library: Library = { ...lib, questions };
export const bank: QuestionBank = questionBank(questions);
export const chapters = lib.chapters.map((c) => c.number);

/** One bench person: their cards, the chapters they have met, their zone. */
export interface BenchPerson {
  id: string;
  cards: ReviewCard[];
  metChapters: Set<number>;
  timezone: string;
}

/**
 * Person number `p`, drawn from `rnd`. Cards for a random 200 of the bank. Half the people have cards due (most in
 * Review, spread over the past and next two months, some in learning steps around now); the others are caught up,
 * so the choice falls to new cards, and a tenth of everyone has already started the day's 10 new cards.
 */
export function benchPerson(p: number, rnd: () => number): BenchPerson {
  const id = `slack:T1:U${p}`;
  const met = new Set(chapters.filter(() => rnd() < 0.7));
  const caughtUp = rnd() < 0.5;
  const startedToday = rnd() < 0.1 ? 10 : 0;
  const picked = new Set<number>();
  while (picked.size < CARDS) picked.add(Math.floor(rnd() * questions.length));
  const cards = [...picked].map((i, n): ReviewCard => {
    const r = rnd();
    const state: CardState = r < 0.85 ? 'Review' : r < 0.95 ? 'Learning' : 'Relearning';
    const dueDays = caughtUp ? 1 + rnd() * 60 : rnd() * 70 - 10;
    const dueMinutes = caughtUp ? 5 + rnd() * 55 : (rnd() - 0.5) * 60;
    const due = state === 'Review' ? NOW + Math.floor(dueDays * DAY) : NOW + Math.floor(dueMinutes * MIN);
    const introduced = n < startedToday ? NOW - Math.floor(rnd() * 6 * 60 * MIN) : NOW - Math.floor((10 + rnd() * 200) * DAY);
    return { ...newCard(id, questions[i]!.id, introduced), state, due, stability: 1 + rnd() * 60, difficulty: 1 + rnd() * 9, reps: 1 + Math.floor(rnd() * 10), lastReview: Math.min(NOW, due - DAY), introduced };
  });
  return { id, cards, metChapters: met, timezone: ZONES[p % ZONES.length]! };
}

/** The obvious way: every card's local due date through Intl, filter, sort; new cards by searching the cards per question. */
export function naiveNext(q: ReviewQueue): NextReview {
  const today = localDateTime(q.now, q.timezone).date;
  const due = q.cards.filter((c) => bank.byId.has(c.questionId) && c.state !== 'New' && (c.state === 'Review' ? localDateTime(c.due, q.timezone).date <= today : c.due <= q.now));
  due.sort((a, b) => a.due - b.due || (a.questionId < b.questionId ? -1 : 1));
  if (due[0]) return { kind: 'due', card: due[0], question: bank.byId.get(due[0].questionId)! };
  const newToday = q.cards.filter((c) => c.introduced !== null && localDateTime(c.introduced, q.timezone).date === today).length;
  const unseen = questions.find((x) => q.metChapters.has(x.chapter) && !q.cards.some((c) => c.questionId === x.id));
  if (unseen && newToday < q.newPerDay) return { kind: 'new', question: unseen };
  return { kind: 'none', nextAt: null, newLimitReached: unseen !== undefined };
}
