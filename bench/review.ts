// `npm run bench` (review part): the next card for a person with 10,000 people × 200 cards held in memory, beside a
// naive baseline that scans all of a person's cards unsorted (a zone conversion per card, a search of the cards for
// each question of the bank). Both must pick the same card; the target is ≤ 5 ms p95.
import { cpus, loadavg } from 'node:os';
import { resolveContentDir } from '../src/config.js';
import { loadLibrary } from '../src/content/content-loader.js';
import type { Question } from '../src/content/types.js';
import { seeded } from '../src/daily/rotation.js';
import { localDateTime } from '../src/daily/local-time.js';
import { newCard, type CardState, type ReviewCard } from '../src/review/review-card.js';
import { nextReview, questionBank, reviewStatus, type NextReview, type ReviewQueue } from '../src/review/review-queue.js';
import { ms, percentile, table, timeEach } from './stats.js';

const PEOPLE = 10_000;
const CARDS = 200;
const SAMPLE = 3_000;
const MIN = 60_000;
const DAY = 86_400_000;
const ZONES = ['UTC', 'Europe/Berlin', 'America/New_York', 'America/Los_Angeles', 'Asia/Kolkata', 'Asia/Tokyo', 'Australia/Sydney', 'America/Sao_Paulo'];

// The notes hold ~190 questions; a person with 200 cards needs a larger bank, so each question appears twice more
// under other ids (same chapters and text), 3 × the bank in book order.
const lib = loadLibrary(resolveContentDir(process.env));
const questions: Question[] = [0, 1, 2].flatMap((copy) => lib.questions.map((q) => (copy === 0 ? q : { ...q, id: `${q.id}-${copy}` })));
const bank = questionBank(questions);
const chapters = lib.chapters.map((c) => c.number);
const now = Date.parse('2026-03-02T12:00:00Z');
const rnd = seeded(42);

interface Person {
  cards: ReviewCard[];
  metChapters: Set<number>;
  timezone: string;
}

const t0 = process.hrtime.bigint();
const people: Person[] = [];
for (let p = 0; p < PEOPLE; p++) {
  const id = `slack:T1:U${p}`;
  const met = new Set(chapters.filter(() => rnd() < 0.7));
  // Cards for a random 200 of the bank. Half the people have cards due (most in Review, spread over the past and
  // next two months, some in learning steps around now); the others are caught up, so the choice falls to new
  // cards, and a tenth of everyone has already started the day's 10 new cards.
  const caughtUp = rnd() < 0.5;
  const startedToday = rnd() < 0.1 ? 10 : 0;
  const picked = new Set<number>();
  while (picked.size < CARDS) picked.add(Math.floor(rnd() * questions.length));
  const cards = [...picked].map((i, n): ReviewCard => {
    const r = rnd();
    const state: CardState = r < 0.85 ? 'Review' : r < 0.95 ? 'Learning' : 'Relearning';
    const dueDays = caughtUp ? 1 + rnd() * 60 : rnd() * 70 - 10;
    const dueMinutes = caughtUp ? 5 + rnd() * 55 : (rnd() - 0.5) * 60;
    const due = state === 'Review' ? now + Math.floor(dueDays * DAY) : now + Math.floor(dueMinutes * MIN);
    const introduced = n < startedToday ? now - Math.floor(rnd() * 6 * 60 * MIN) : now - Math.floor((10 + rnd() * 200) * DAY);
    return { ...newCard(id, questions[i]!.id, introduced), state, due, stability: 1 + rnd() * 60, difficulty: 1 + rnd() * 9, reps: 1 + Math.floor(rnd() * 10), lastReview: Math.min(now, due - DAY), introduced };
  });
  people.push({ cards, metChapters: met, timezone: ZONES[p % ZONES.length]! });
}
const buildMs = Number(process.hrtime.bigint() - t0) / 1e6;

const queueOf = (p: Person): ReviewQueue => ({ cards: p.cards, bank, metChapters: p.metChapters, newPerDay: 10, now, timezone: p.timezone });

/** The obvious way: every card's local due date through Intl, filter, sort; new cards by searching the cards per question. */
function naiveNext(q: ReviewQueue): NextReview {
  const today = localDateTime(q.now, q.timezone).date;
  const due = q.cards.filter((c) => bank.byId.has(c.questionId) && c.state !== 'New' && (c.state === 'Review' ? localDateTime(c.due, q.timezone).date <= today : c.due <= q.now));
  due.sort((a, b) => a.due - b.due || (a.questionId < b.questionId ? -1 : 1));
  if (due[0]) return { kind: 'due', card: due[0], question: bank.byId.get(due[0].questionId)! };
  const newToday = q.cards.filter((c) => c.introduced !== null && localDateTime(c.introduced, q.timezone).date === today).length;
  const unseen = questions.find((x) => q.metChapters.has(x.chapter) && !q.cards.some((c) => c.questionId === x.id));
  if (unseen && newToday < q.newPerDay) return { kind: 'new', question: unseen };
  return { kind: 'none', nextAt: null, newLimitReached: unseen !== undefined };
}

const sample = Array.from({ length: SAMPLE }, () => people[Math.floor(rnd() * PEOPLE)]!);
// Warm up both (JIT, the zone offset cache), and check they agree on what to show.
let kinds = { due: 0, new: 0, none: 0 };
for (const p of sample) {
  const ours = nextReview(queueOf(p));
  const naive = naiveNext(queueOf(p));
  kinds[ours.kind] += 1;
  const same = ours.kind === naive.kind && (ours.kind === 'none' || (ours.kind === 'due' ? ours.card === (naive as typeof ours).card : ours.question === (naive as typeof ours).question));
  if (!same) throw new Error(`bench: ours and naive disagree for a person in ${p.timezone}`);
}

const ours = timeEach(sample, (p) => nextReview(queueOf(p)), 3);
const naive = timeEach(sample, (p) => naiveNext(queueOf(p)));
const status = timeEach(sample, (p) => reviewStatus({ ...queueOf(p), reviewTimes: [] }));
const [o50, o95, n50, n95] = [percentile(ours, 50), percentile(ours, 95), percentile(naive, 50), percentile(naive, 95)];

console.log(`\nReview: next card for a person, ${PEOPLE.toLocaleString('en')} people × ${CARDS} cards in memory (built in ${(buildMs / 1000).toFixed(1)} s), bank of ${questions.length} questions, ${ZONES.length} zones; ${SAMPLE.toLocaleString('en')} sampled people (due ${kinds.due}, new ${kinds.new}, none ${kinds.none}); load average ${loadavg()[0]!.toFixed(1)} on ${cpus().length} CPUs\n`);
console.log(
  table([
    ['', 'p50', 'p95', 'target'],
    ['nextReview (ours)', ms(o50), ms(o95), `<= 5 ms p95 ${o95 <= 5 ? 'met' : 'MISSED'}`],
    ['naive scan, unsorted', ms(n50), ms(n95), ''],
    ['ratio naive / ours', `${(n50 / o50).toFixed(1)}×`, `${(n95 / o95).toFixed(1)}×`, ''],
    ['reviewStatus (ours, with retrievability of 200 cards)', ms(percentile(status, 50)), ms(percentile(status, 95)), ''],
  ]),
);
if (o95 > 5) process.exitCode = 1;
