// `npm run bench` (review part): the next card for a person with 10,000 people × 200 cards held in memory, beside a
// naive baseline that scans all of a person's cards unsorted (a zone conversion per card, a search of the cards for
// each question of the bank). Both must pick the same card; the target is ≤ 5 ms p95.
import { cpus, loadavg } from 'node:os';
import { seeded } from '../src/daily/rotation.js';
import { nextReview, reviewStatus, type ReviewQueue } from '../src/review/review-queue.js';
import { bank, benchPerson, CARDS, naiveNext, NOW as now, PEOPLE, questions, ZONES, type BenchPerson as Person } from './review-people.js';
import { ms, percentile, table, timeEach } from './stats.js';

const SAMPLE = 3_000;
const rnd = seeded(42);

const t0 = process.hrtime.bigint();
const people: Person[] = [];
for (let p = 0; p < PEOPLE; p++) people.push(benchPerson(p, rnd));
const buildMs = Number(process.hrtime.bigint() - t0) / 1e6;

const queueOf = (p: Person): ReviewQueue => ({ cards: p.cards, bank, metChapters: p.metChapters, newPerDay: 10, now, timezone: p.timezone });

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
