// `npm run bench` (quiz part): 500 simulated players answer one question within 10 s of a simulated clock, on
// SQLite (while another process writes to the same file) and on PostgreSQL, in the same run. Ours (each click one
// transaction that locks the question, judges, inserts and counts) against a naive baseline on SQLite (each click
// reloads the whole quiz from the database and prepares its INSERT afresh, inside one IMMEDIATE transaction).
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { plainText } from '../src/core/reply.js';
import { answer } from '../src/quiz/quiz-state.js';
import { ANSWER_ORDER, replayQuiz, type AnswerRow, type QuestionRow, type SessionRow } from '../src/quiz/quiz-store.js';
import type { Db } from '../src/storage/sqlite-database.js';
import type { Storage } from '../src/storage/storage.js';
import { connectPostgres, freshPostgresDatabase } from '../test/support/postgres.js';
import { FakeClock, quizWorld } from '../test/support/quiz-world.js';
import { fileStorage } from '../test/support/storages.js';
import { quizArrivals } from './quiz-arrivals.js';
import { median, ms, percentile, table } from './stats.js';

const PLAYERS = 500;
const WINDOW_MS = 10_000;
const dir = mkdtempSync(join(tmpdir(), 'quiz-bench-'));
const dbPath = join(dir, 'bench.db');

const clicks = quizArrivals(PLAYERS, WINDOW_MS);

interface Run {
  latencies: number[];
  accepted: number;
  repeated: number;
  busy: number;
  otherErrors: number;
  stored: number;
  storedMatchesFirst: boolean;
  edits: number;
  minEditGap: number;
  revealed: number;
}

type Clicker = (user: string, sessionId: number, option: number) => Promise<string>;

async function play(storage: Storage, makeClicker: (w: ReturnType<typeof quizWorld>) => Clicker): Promise<Run> {
  const clock = new FakeClock();
  const w = quizWorld({ storage, clock, seed: 9 });
  // Each SQLite run its own channel history: clear what an earlier run left (PostgreSQL runs get a fresh database).
  w.db?.exec('DELETE FROM quiz_results; DELETE FROM quiz_answers; DELETE FROM quiz_questions; DELETE FROM quiz_sessions;');
  await w.say('host', '/quiz start ch4 1 10');
  await clock.advance(3000);
  const q = w.lastQuestion();
  const sessionId = q.post.reply.data!.quiz as number;
  const opened = clock.now();
  const click = makeClicker(w);
  const run: Run = { latencies: [], accepted: 0, repeated: 0, busy: 0, otherErrors: 0, stored: 0, storedMatchesFirst: true, edits: 0, minEditGap: Infinity, revealed: 0 };
  const first = new Map<number, number>();
  // Clicks in the same 10 ms of simulated time arrive together: they are dispatched at once and each is timed
  // from that moment to its acknowledgement, so queueing behind the others counts.
  for (let i = 0; i < clicks.length; ) {
    const bucket = Math.floor(clicks[i]!.at / 10);
    const batch: typeof clicks = [];
    while (i < clicks.length && Math.floor(clicks[i]!.at / 10) === bucket) batch.push(clicks[i++]!);
    await clock.advance(opened + bucket * 10 - clock.now());
    const t0 = process.hrtime.bigint();
    await Promise.all(
      batch.map(async (c) => {
        if (!first.has(c.player)) first.set(c.player, c.option);
        try {
          const ack = await click(`p${c.player}`, sessionId, c.option);
          run.latencies.push(Number(process.hrtime.bigint() - t0) / 1e6);
          if (ack.startsWith('Got it')) run.accepted++;
          else if (ack.startsWith('You already answered')) run.repeated++;
          else run.otherErrors++;
        } catch (err) {
          if (/SQLITE_BUSY|40P01|55P03/.test(String((err as { code?: string }).code ?? err))) run.busy++;
          else run.otherErrors++;
        }
      }),
    );
  }
  run.busy += w.errors.filter((e) => String((e as { code?: string }).code ?? e).includes('SQLITE_BUSY')).length;
  run.otherErrors += w.errors.length;
  await clock.advance(opened + WINDOW_MS - clock.now() + 1);
  const stored = (await w.store.load(sessionId))!.state.answers[1] ?? {};
  const rows = Object.values(stored);
  run.stored = rows.length;
  run.storedMatchesFirst = rows.length === first.size && rows.every((r) => first.get(Number(r.user.id.slice('console:p'.length))) === r.option);
  const edits = w.port.updates.filter((u) => u.ref.id === q.post.ref.id && u.reply.data?.open).map((u) => u.at);
  run.edits = edits.length;
  for (let k = 1; k < edits.length; k++) run.minEditGap = Math.min(run.minEditGap, edits[k]! - edits[k - 1]!);
  const reveal = w.port.having('revealed')[0];
  run.revealed = (reveal?.reply.data?.results as unknown[] | undefined)?.length ?? 0;
  await w.engine.shutdown();
  return run;
}

/** Ours: the real button through the real router. */
const ours = (w: ReturnType<typeof quizWorld>): Clicker => async (user, sessionId, option) =>
  plainText(await w.click(user, `quiz:${sessionId}:1:${option}`));

/** Naive: the whole quiz reloaded from the database on every click, every statement prepared every time (SQLite). */
const naive = (w: ReturnType<typeof quizWorld>): Clicker => {
  const db: Db = w.db;
  return async (user, sessionId, option) => {
    const who = { id: `console:${user}`, name: user };
    const ev = db
      .transaction(() => {
        const session = db.prepare('SELECT * FROM quiz_sessions WHERE id = ?').get(sessionId) as SessionRow;
        const questions = db.prepare('SELECT * FROM quiz_questions WHERE session_id = ? ORDER BY no').all(sessionId) as QuestionRow[];
        const answers = db.prepare(`SELECT no, user_id, user_name, option, answered_at FROM quiz_answers WHERE session_id = ? ${ANSWER_ORDER}`).all(sessionId) as AnswerRow[];
        const stored = replayQuiz(session, questions, answers);
        const e = answer(stored.state, who, { question: 1, option }, w.clock.now()).events[0]!;
        if (e.type === 'answer-accepted') {
          db.prepare('INSERT INTO quiz_answers (session_id, no, user_id, user_name, option, answered_at) VALUES (?, ?, ?, ?, ?, ?)').run(sessionId, 1, who.id, who.name, option, w.clock.now());
        }
        return e;
      })
      .immediate();
    return ev.type === 'answer-accepted' ? 'Got it' : ev.type === 'answer-repeated' ? 'You already answered' : 'refused';
  };
};

// Another process writing to the same file the whole time, each transaction holding the write lock ~1 ms.
const noiseScript = `
const Database = require('better-sqlite3');
const db = new Database(process.argv[1]);
db.pragma('journal_mode = WAL'); db.pragma('busy_timeout = 5000');
db.exec('CREATE TABLE IF NOT EXISTS bench_noise (id INTEGER PRIMARY KEY, at INTEGER)');
const ins = db.prepare('INSERT INTO bench_noise (at) VALUES (?)');
let n = 0;
const tx = db.transaction(() => { ins.run(Date.now()); const until = Date.now() + 1; while (Date.now() < until) {} });
process.on('SIGTERM', () => { process.stdout.write(String(n)); process.exit(0); });
setInterval(() => { tx.immediate(); n++; }, 2);
`;
// Create the schema before the noise process opens the file.
const sqlite = fileStorage(dbPath);
const noise = spawn(process.execPath, ['-e', noiseScript, dbPath], { cwd: process.cwd(), stdio: ['ignore', 'pipe', 'inherit'] });
let noiseCount = '';
noise.stdout.on('data', (c: Buffer) => (noiseCount += c.toString()));
const noiseDone = new Promise((r) => noise.on('exit', r));

const a = await play(sqlite, ours);
const b = await play(sqlite, naive);
noise.kill('SIGTERM');
await noiseDone;
await sqlite.close();
rmSync(dir, { recursive: true, force: true });
const pgDatabase = await freshPostgresDatabase();
const postgres = await connectPostgres(pgDatabase.url, { poolSize: 10 });
const c = await play(postgres, ours);
await postgres.close();
await pgDatabase.drop();

const uniquePlayers = new Set(clicks.map((c) => c.player)).size;
const dupes = clicks.length - uniquePlayers;
const ok = (r: Run) => `${r.stored}/${uniquePlayers}${r.storedMatchesFirst ? '' : ' MISMATCH'}`;
console.log(`\nQuiz: ${PLAYERS} players, ${clicks.length} clicks (${dupes} second clicks) within ${WINDOW_MS / 1000} s of simulated time; another process wrote ${noiseCount || '?'} transactions to the same file meanwhile.\n`);
console.log(
  table([
    ['measure', 'target', 'ours (SQLite)', 'naive reload (SQLite)', 'ours / naive', `ours (PostgreSQL ${postgres.location})`],
    ['answers stored, first click each', 'all, once', ok(a), ok(b), '', ok(c)],
    ['second clicks told "already answered"', `${dupes}`, String(a.repeated), String(b.repeated), '', String(c.repeated)],
    ['answers in the reveal', `${uniquePlayers}`, String(a.revealed), '', '', String(c.revealed)],
    ['busy / lock errors surfacing', '0', String(a.busy), String(b.busy), '', String(c.busy)],
    ['other errors', '0', String(a.otherErrors), String(b.otherErrors), '', String(c.otherErrors)],
    ['ack p50', '', ms(median(a.latencies)), ms(median(b.latencies)), (median(a.latencies) / median(b.latencies)).toFixed(3), ms(median(c.latencies))],
    ['ack p99', '<= 100 ms', ms(percentile(a.latencies, 99)), ms(percentile(b.latencies, 99)), (percentile(a.latencies, 99) / percentile(b.latencies, 99)).toFixed(3), ms(percentile(c.latencies, 99))],
    ['ack max', '', ms(Math.max(...a.latencies)), ms(Math.max(...b.latencies)), '', ms(Math.max(...c.latencies))],
    ['answer-count edits (min gap)', '<= 1/s', `${a.edits} (${a.minEditGap} ms)`, '', '', `${c.edits} (${c.minEditGap} ms)`],
  ]),
);
