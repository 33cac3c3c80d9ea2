// `npm run bench` (review part, through the stores): the next card for a person with 10,000 people × 200 cards in the
// database, on SQLite (WAL, a file) and on PostgreSQL in the same run. "Ours" is `ReviewDesk.next`, the whole read
// path of `/review`: the person's cards (`ReviewStore.cards`), their review times (streak), the questions they
// answered in quizzes and daily checks, their reminder's zone and their channel's daily schedule, then the queue and
// the status. The naive baseline reads the person's card rows with `SELECT *` (no order), does the same side reads
// (met chapters, zone) and picks with a full unsorted scan in JS (`naiveNext`, bench/review-people.ts). Both must
// pick the same card; the target is ≤ 5 ms p95.
//
// Besides the cards, each person has 30 review-log rows (the streak's read), 20 daily quick-check answers (the
// met-chapters read) and one person in four a reminder; 100 channels have a daily schedule.
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { seeded } from '../src/daily/rotation.js';
import type { NextReview } from '../src/review/review-queue.js';
import { ReviewDesk, type ReviewWho } from '../src/review/review-desk.js';
import { CARD_COLUMNS, cardFromRow, cardValues, LOG_COLUMNS, type CardRow } from '../src/review/review-store.js';
import type { PostgresDatabase } from '../src/storage/postgres-database.js';
import type { Db } from '../src/storage/sqlite-database.js';
import type { Storage } from '../src/storage/storage.js';
import { connectPostgres, freshPostgresDatabase } from '../test/support/postgres.js';
import { fileStorage } from '../test/support/storages.js';
import { bank, benchPerson, type BenchPerson, CARDS, chapters, DAY, library, naiveNext, NOW, PEOPLE, questions, ZONES } from './review-people.js';
import { ms, percentile, table } from './stats.js';

const SAMPLE = 1_000;
const ROUNDS = 2;
const CHANNELS = 100;
const LOG_ROWS = 30;
const CHECK_ANSWERS = 20;
/** People whose cards are written interleaved (see `seedRows`). */
const INTERLEAVE = 1_000;
/** PostgreSQL seeding: rows per multi-row `unnest` insert. */
const PG_BATCH = 10_000;

type BenchStorage = Storage & { db: Db | PostgresDatabase };

const channelOf = (p: number) => `slack:T1:C${p % CHANNELS}`;

/**
 * Every row of the seed, drawn from fixed seeds: the same cards as bench/review.ts's people. People come in groups of
 * `INTERLEAVE`, and a group's cards are written round-robin (everyone's first card, then everyone's second …), as
 * cards written over months by people reviewing side by side would lie: a person's 200 cards on ~200 different
 * pages, not packed together in a few (which would flatter both engines).
 */
function* seedRows(): Generator<{ cards: unknown[][]; log: unknown[][]; checks: unknown[][] }> {
  const rnd = seeded(42);
  const extra = seeded(7);
  for (let g = 0; g < PEOPLE; g += INTERLEAVE) {
    const group = Array.from({ length: Math.min(INTERLEAVE, PEOPLE - g) }, (_, k) => benchPerson(g + k, rnd));
    for (let n = 0; n < CARDS; n++) yield { cards: group.map((person) => cardValues(person.cards[n]!)), log: [], checks: [] };
    for (const [k, person] of group.entries()) yield { cards: [], ...sideRows(g + k, person, extra) };
  }
}

/** A person's review-log rows and daily quick-check answers. */
function sideRows(p: number, person: BenchPerson, extra: () => number): { log: unknown[][]; checks: unknown[][] } {
  const log = Array.from({ length: LOG_ROWS }, (): unknown[] => {
    const c = person.cards[Math.floor(extra() * CARDS)]!;
    const right = extra() < 0.85;
    return [person.id, c.questionId, right ? 'Good' : 'Again', 'Review', c.due, c.stability, c.difficulty, 3, 3, 5, 0, NOW - Math.floor(extra() * 45 * DAY), right, 4_000, 'review', null];
  });
  const days = new Set<number>();
  while (days.size < CHECK_ANSWERS) days.add(Math.floor(extra() * 60));
  const checks = [...days].map((d): unknown[] => [channelOf(p), `daily:${d}`, person.id, questions[Math.floor(extra() * questions.length)]!.id, Math.floor(extra() * 4), NOW - d * DAY]);
  return { log, checks };
}

const CHECK_COLUMNS = 'channel, message_id, user_id, question_id, option, answered_at';
const bool = (v: unknown) => (typeof v === 'boolean' ? (v ? 1 : 0) : v);

/** SQLite: one IMMEDIATE transaction, a prepared statement per table run row by row. */
function seedSqlite(db: Db): void {
  const card = db.prepare(`INSERT INTO review_cards (${CARD_COLUMNS}) VALUES (${Array(13).fill('?').join(', ')})`);
  const log = db.prepare(`INSERT INTO review_log (${LOG_COLUMNS}) VALUES (${Array(16).fill('?').join(', ')})`);
  const check = db.prepare(`INSERT INTO daily_check_answers (${CHECK_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?)`);
  db.transaction(() => {
    for (const p of seedRows()) {
      for (const r of p.cards) card.run(...r);
      for (const r of p.log) log.run(...r.map(bool));
      for (const r of p.checks) check.run(...r);
    }
  }).immediate();
}

/** PostgreSQL: one transaction, multi-row inserts of `PG_BATCH` people at a time through `unnest` of column arrays. */
async function seedPostgres(pg: PostgresDatabase): Promise<void> {
  const unnest = async (tx: { run(text: string, params?: readonly unknown[]): Promise<number> }, table: string, columns: string, types: string[], rows: unknown[][]) => {
    const arrays = types.map((_, i) => rows.map((r) => r[i]));
    await tx.run(`INSERT INTO ${table} (${columns}) SELECT * FROM unnest(${types.map((t, i) => `$${i + 1}::${t}[]`).join(', ')})`, arrays);
  };
  const cardTypes = ['text', 'text', 'bigint', 'float8', 'float8', 'int', 'int', 'int', 'int', 'int', 'text', 'bigint', 'bigint'];
  const logTypes = ['text', 'text', 'text', 'text', 'bigint', 'float8', 'float8', 'int', 'int', 'int', 'int', 'bigint', 'bool', 'int', 'text', 'bigint'];
  const checkTypes = ['text', 'text', 'text', 'text', 'int', 'bigint'];
  await pg.transaction(async (tx) => {
    let batch = { cards: [] as unknown[][], log: [] as unknown[][], checks: [] as unknown[][] };
    const flush = async () => {
      if (batch.cards.length) await unnest(tx, 'review_cards', CARD_COLUMNS, cardTypes, batch.cards);
      if (batch.log.length) await unnest(tx, 'review_log', LOG_COLUMNS, logTypes, batch.log);
      if (batch.checks.length) await unnest(tx, 'daily_check_answers', CHECK_COLUMNS, checkTypes, batch.checks);
      batch = { cards: [], log: [], checks: [] };
    };
    for (const p of seedRows()) {
      batch.cards.push(...p.cards);
      batch.log.push(...p.log);
      batch.checks.push(...p.checks);
      if (batch.cards.length + batch.log.length + batch.checks.length >= PG_BATCH) await flush();
    }
    await flush();
  });
  // What autovacuum would do a minute later: planner statistics for the freshly loaded tables.
  await pg.sql.run('ANALYZE review_cards, review_log, daily_check_answers');
}

/** Channels' daily schedules (every other one follows a few chapters) and one reminder per four people, through the repositories. */
async function seedSettings(storage: Storage): Promise<void> {
  const rnd = seeded(11);
  for (let c = 0; c < CHANNELS; c++) {
    const channel = `slack:T1:C${c}`;
    await storage.schedules.enable({ channel, timeOfDay: 9 * 60, timezone: ZONES[(c + 3) % ZONES.length]!, by: 'bench', now: NOW, seed: c });
    if (c % 2) await storage.schedules.setChapters(channel, chapters.filter(() => rnd() < 0.3), 'bench', NOW);
  }
  for (let p = 0; p < PEOPLE; p += 4 * 16) {
    await Promise.all(
      Array.from({ length: 16 }, (_, k) => p + 4 * k)
        .filter((q) => q < PEOPLE)
        .map((q) => storage.reviews.setReminder(`slack:T1:U${q}`, { timeOfDay: 510, timezone: ZONES[q % ZONES.length]! }, NOW)),
    );
  }
}

/** The query plan of `ReviewStore.cards(person)` on this engine, on one line. */
async function cardsPlan(storage: BenchStorage): Promise<string> {
  if (storage.engine === 'sqlite') {
    const rows = (storage.db as Db).prepare(`EXPLAIN QUERY PLAN SELECT ${CARD_COLUMNS} FROM review_cards WHERE person = ? ORDER BY question_id`).all('slack:T1:U1') as { detail: string }[];
    return rows.map((r) => r.detail).join('; ');
  }
  const rows = await (storage.db as PostgresDatabase).sql.rows<{ 'QUERY PLAN': string }>(
    `EXPLAIN SELECT ${CARD_COLUMNS} FROM review_cards WHERE person = $1 ORDER BY question_id COLLATE "C"`,
    ['slack:T1:U1'],
  );
  return rows.map((r) => r['QUERY PLAN'].trim()).join('; ');
}

/**
 * The naive baseline: the person's rows with `SELECT *`, unsorted, beside the same side reads as ours (met chapters,
 * zone; no review times, it shows no status), then a full scan in JS.
 */
async function naive(storage: BenchStorage, desk: ReviewDesk, w: ReviewWho): Promise<NextReview> {
  const [rows, metChapters, timezone] = await Promise.all([
    storage.engine === 'sqlite'
      ? ((storage.db as Db).prepare('SELECT * FROM review_cards WHERE person = ?').all(w.person) as CardRow[])
      : (storage.db as PostgresDatabase).sql.rows<CardRow>('SELECT * FROM review_cards WHERE person = $1', [w.person]),
    desk.metChapters(w, []),
    desk.timezone(w),
  ]);
  const cards = rows.map(cardFromRow);
  for (const c of cards) {
    const q = bank.byId.get(c.questionId);
    if (q) metChapters.add(q.chapter);
  }
  return naiveNext({ cards, bank, metChapters, newPerDay: desk.newPerDay, now: w.now, timezone });
}

async function timed(sample: ReviewWho[], fn: (w: ReviewWho) => Promise<unknown>): Promise<number[]> {
  const out: number[] = [];
  for (const w of sample) {
    const t = process.hrtime.bigint();
    await fn(w);
    out.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  return out;
}

interface EngineResult {
  label: string;
  seedMs: number;
  plan: string;
  ours: number[];
  naive: number[];
  cardsRead: number[];
  answered: number[];
  /** `SELECT 1`: the engine's floor (a round trip on PostgreSQL), to tell query time from waiting for a CPU. */
  floor: number[];
  kinds: Record<NextReview['kind'], number>;
}

async function measure(label: string, storage: BenchStorage): Promise<EngineResult> {
  process.stderr.write(`… review: seeding ${PEOPLE.toLocaleString('en')} people × ${CARDS} cards on ${label}\n`);
  const t0 = process.hrtime.bigint();
  if (storage.engine === 'sqlite') seedSqlite(storage.db as Db);
  else await seedPostgres(storage.db as PostgresDatabase);
  const seedMs = Number(process.hrtime.bigint() - t0) / 1e6;
  await seedSettings(storage);
  const desk = new ReviewDesk({ store: storage.reviews, schedules: storage.schedules, library });

  const rnd = seeded(99);
  const sample = Array.from({ length: SAMPLE }, (): ReviewWho => {
    const p = Math.floor(rnd() * PEOPLE);
    return { person: `slack:T1:U${p}`, channel: channelOf(p), now: NOW };
  });
  // Warm up both (JIT, caches, prepared plans), and check they agree on what to show.
  const kinds = { due: 0, new: 0, none: 0 };
  for (const w of sample) {
    const ours = (await desk.next(w)).next;
    const theirs = await naive(storage, desk, w);
    kinds[ours.kind] += 1;
    const id = (n: NextReview) => (n.kind === 'due' ? n.card.questionId : n.kind === 'new' ? n.question.id : 'none');
    if (ours.kind !== theirs.kind || id(ours) !== id(theirs)) throw new Error(`bench: ours and naive disagree for ${w.person} on ${label}: ${ours.kind} ${id(ours)} / ${theirs.kind} ${id(theirs)}`);
  }
  const r: EngineResult = { label, seedMs, plan: await cardsPlan(storage), ours: [], naive: [], cardsRead: [], answered: [], floor: [], kinds };
  for (let round = 0; round < ROUNDS; round++) {
    r.ours.push(...(await timed(sample, (w) => desk.next(w))));
    r.naive.push(...(await timed(sample, (w) => naive(storage, desk, w))));
    r.cardsRead.push(...(await timed(sample, (w) => storage.reviews.cards(w.person))));
    r.answered.push(...(await timed(sample, (w) => storage.reviews.answeredQuestions(w.person))));
    r.floor.push(...(await timed(sample, async () => (storage.engine === 'sqlite' ? (storage.db as Db).prepare('SELECT 1').get() : (storage.db as PostgresDatabase).sql.rows('SELECT 1')))));
  }
  return r;
}

const dir = mkdtempSync(join(tmpdir(), 'bench-review-'));
const results: EngineResult[] = [];
const sqlite = fileStorage(join(dir, 'bench.db'));
try {
  results.push(await measure('SQLite (WAL, file)', sqlite));
} finally {
  await sqlite.close();
  rmSync(dir, { recursive: true, force: true });
}
const pgDatabase = await freshPostgresDatabase();
const postgres = await connectPostgres(pgDatabase.url, { poolSize: 10 });
try {
  results.push(await measure(`PostgreSQL (${postgres.location})`, postgres));
} finally {
  await postgres.close();
  await pgDatabase.drop();
}

const p = (v: number[], q: number) => percentile(v, q);
console.log(
  `\nReview through the store: next card for a person (ReviewDesk.next), ${PEOPLE.toLocaleString('en')} people × ${CARDS} cards (+ ${LOG_ROWS} review-log rows, ${CHECK_ANSWERS} daily-check answers each), ` +
    `${SAMPLE.toLocaleString('en')} sampled people × ${ROUNDS} rounds; load average ${loadavg()[0]!.toFixed(1)} on ${cpus().length} CPUs\n`,
);
for (const r of results) console.log(`${r.label}: seeded in ${(r.seedMs / 1000).toFixed(1)} s (one transaction); sample due ${r.kinds.due}, new ${r.kinds.new}, none ${r.kinds.none}; cards(person) plan: ${r.plan}`);
console.log('');
console.log(
  table([
    ['engine', 'ours p50', 'ours p95', 'naive p50', 'naive p95', 'naive / ours (p50, p95)', 'cards(person) alone p50 / p95', 'answeredQuestions alone p50 / p95', 'SELECT 1 p50 / p95', 'target'],
    ...results.map((r) => [
      r.label,
      ms(p(r.ours, 50)),
      ms(p(r.ours, 95)),
      ms(p(r.naive, 50)),
      ms(p(r.naive, 95)),
      `${(p(r.naive, 50) / p(r.ours, 50)).toFixed(1)}×, ${(p(r.naive, 95) / p(r.ours, 95)).toFixed(1)}×`,
      `${ms(p(r.cardsRead, 50))} / ${ms(p(r.cardsRead, 95))}`,
      `${ms(p(r.answered, 50))} / ${ms(p(r.answered, 95))}`,
      `${ms(p(r.floor, 50))} / ${ms(p(r.floor, 95))}`,
      `<= 5 ms p95 ${p(r.ours, 95) <= 5 ? 'met' : 'MISSED'}`,
    ]),
  ]),
);
if (results.some((r) => p(r.ours, 95) > 5)) process.exitCode = 1;
