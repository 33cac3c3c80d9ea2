import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { buildCore } from '../src/bot-core.js';
import { copySqliteToPostgres, CopyError, NOT_COPIED, sqliteTables } from '../src/ops/db-copy.js';
import type { PostgresDatabase } from '../src/storage/postgres-database.js';
import type { Storage } from '../src/storage/storage.js';
import { connectPostgres, freshPostgresDatabase } from './support/postgres.js';
import { bundledLibrary, FakeClock, quizWorld } from './support/quiz-world.js';
import { fileStorage } from './support/storages.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'db-copy-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});
let n = 0;

const CHANNELS = ['slack:T1:C1', 'discord:100000000000000001:300000000000000001', 'console:main'];

/** A SQLite file a bot has used for a while: a finished quiz, a running one with its lease, schedules, a delivery, receipts. */
async function usedSqlite(): Promise<{ path: string; storage: ReturnType<typeof fileStorage>; clock: FakeClock }> {
  const path = join(dir, `bot-${++n}.db`);
  const clock = new FakeClock();
  const w = quizWorld({ dbPath: path, clock });
  cleanups.push(() => w.storage.close());
  await w.say('alice', '/quiz start ch4 2 10');
  await clock.advance(3000);
  await w.click('bob', w.lastQuestion().buttons[w.lastQuestion().right]!.id);
  await w.click('carol', w.lastQuestion().buttons[0]!.id);
  await clock.advance(12_000);
  await w.click('bob', w.lastQuestion().buttons[1]!.id);
  await clock.advance(20_000);
  await w.engine.shutdown();
  const s = w.storage as ReturnType<typeof fileStorage>;
  const running = await s.quizzes.create({
    channel: 'slack:T1:C1',
    starter: { id: 'slack:T1:U1', name: 'dana' },
    selection: 'Ch. 2',
    seconds: 30,
    questions: [{ questionId: 'q-x', chapter: 2, answer: 1, optionCount: 3, options: ['a', 'b', 'c'] }],
    now: clock.now(),
    firstAt: clock.now() + 3000,
  });
  await s.quizLeases.acquire(running.state.sessionId, 'host/1/abcd', clock.now(), 12_000);
  for (const [i, channel] of CHANNELS.entries()) {
    await s.schedules.enable({ channel, timeOfDay: 9 * 60 + i, timezone: ['UTC', 'Asia/Kolkata', 'America/New_York'][i]!, by: 'slack:T1:U1', now: clock.now(), seed: 1000 + i });
  }
  await s.schedules.setChapters(CHANNELS[0]!, [2, 4], 'slack:T1:U1', clock.now());
  await s.schedules.setOrder(CHANNELS[1]!, 'shuffled', 'slack:T1:U1', clock.now());
  s.db.prepare('UPDATE daily_schedules SET cycle = 2, position = 5 WHERE channel = ?').run(CHANNELS[1]);
  s.db.prepare(
    "INSERT INTO daily_deliveries (channel, local_date, status, concept_id, question_id, due_at, deadline, attempts, message_id, sent_at, updated_at) VALUES (?, '2026-03-01', 'sent', 'c1', 'q1', ?, ?, 1, 'm1', ?, ?)",
  ).run(CHANNELS[0], clock.now() - 86_400_000, clock.now() - 79_200_000, clock.now() - 86_000_000, clock.now() - 86_000_000);
  s.db.prepare("INSERT INTO channels (id, platform, created_at) VALUES (?, 'slack', '2026-01-01T00:00:00Z')").run(CHANNELS[0]);
  await s.checkAnswers.first({ channel: CHANNELS[0]!, message: 'm1', user: 'slack:T1:U2', question: 'q1', option: 2, now: clock.now() });
  await s.slackReceipts.claim('event:T1:Ev1', clock.now(), 3_600_000);
  s.db.prepare("INSERT INTO review_reminders (person, enabled, time_of_day, timezone, last_date, next_due, updated_at) VALUES ('console:bob', 1, 510, 'Europe/Berlin', '2026-03-01', ?, ?)").run(clock.now() + 3_600_000, clock.now());
  s.db.prepare("INSERT INTO slack_installations (key, team_id, enterprise_id, is_enterprise_install, sealed, installed_at, updated_at) VALUES ('team:T9', 'T9', NULL, 0, 'sealed-bytes', ?, ?)").run(clock.now(), clock.now());
  s.db.prepare("INSERT INTO slack_org_teams (team_id, enterprise_id) VALUES ('T8', 'E1')").run();
  s.db.prepare("INSERT INTO workspace_departures (workspace, left_at, purge_after) VALUES ('slack:T7', ?, ?)").run(clock.now(), clock.now() + 86_400_000);
  s.db.prepare("INSERT INTO workspace_settings (workspace, admin_users, daily_time, daily_timezone, members_daily_now, updated_by, updated_at) VALUES ('slack:T1', '[\"U9\"]', 540, 'Europe/Berlin', 0, 'slack:T1:U1', ?)").run(clock.now());
  s.db.prepare("INSERT INTO review_reminder_sends (person, local_date, status, due_count, claimed_at, finished_at) VALUES ('console:bob', '2026-03-01', 'sent', 3, ?, ?)").run(clock.now(), clock.now());
  return { path, storage: s, clock };
}

async function emptyPostgres(): Promise<{ url: string; storage: Storage & { db: PostgresDatabase } }> {
  const fresh = await freshPostgresDatabase();
  const storage = await connectPostgres(fresh.url);
  cleanups.push(fresh.drop, () => storage.close());
  return { url: fresh.url, storage };
}

describe('db:copy from SQLite to PostgreSQL', () => {
  it('copies every table, and the bot on the copy reads the same leaderboards, schedules, rotations and running quiz', async () => {
    const { storage: sqlite, clock } = await usedSqlite();
    const empty = sqliteTables(sqlite.db).filter((t) => !(t in NOT_COPIED) && sqlite.db.prepare(`SELECT COUNT(*) FROM "${t}"`).pluck().get() === 0);
    expect(empty, 'populate these tables in usedSqlite() so the copy of every table is tested').toEqual([]);
    const { storage: pg } = await emptyPostgres();

    const report = await copySqliteToPostgres(sqlite.db, pg.db);
    expect(report.outcome).toBe('copied');
    expect(report.tables.map((t) => t.table).sort()).toEqual(sqliteTables(sqlite.db).filter((t) => !(t in NOT_COPIED)).sort());
    expect(report.skipped.sort()).toEqual(['ops_health', 'schema_migrations']);

    const before = buildCore({ storage: sqlite, library: bundledLibrary(), clock });
    const after = buildCore({ storage: pg, library: bundledLibrary(), clock });
    for (const channel of CHANNELS) {
      expect(await after.quiz.leaderboard(channel, 0)).toEqual(await before.quiz.leaderboard(channel, 0));
      expect(await after.services.daily.store.get(channel)).toEqual(await before.services.daily.store.get(channel));
      expect((await after.quiz.running(channel))?.state).toEqual((await before.quiz.running(channel))?.state);
    }
    expect((await after.quiz.leaderboard('console:main', 0)).map((r) => r.name)).toEqual(['bob', 'carol']);
    expect((await after.services.daily.store.get(CHANNELS[1]!))).toMatchObject({ cycle: 2, position: 5, order: 'shuffled' });
    expect(await pg.quizLeases.lease((await after.quiz.running('slack:T1:C1'))!.state.sessionId)).toEqual(await sqlite.quizLeases.lease((await before.quiz.running('slack:T1:C1'))!.state.sessionId));
    expect(await pg.deliveries.get(CHANNELS[0]!, '2026-03-01' as never)).toEqual(await sqlite.deliveries.get(CHANNELS[0]!, '2026-03-01' as never));
    // New quizzes on the copy get ids after the copied ones (the identity sequence was moved on).
    const next = await pg.quizzes.create({ channel: 'console:other', starter: { id: 'console:x', name: 'x' }, selection: 's', seconds: 10, questions: [], now: clock.now(), firstAt: clock.now() });
    expect(next.state.sessionId).toBe(3);
  });

  it('changes nothing when run again, refuses a target holding other rows, and replaces them with --force', async () => {
    const { storage: sqlite, clock } = await usedSqlite();
    const { storage: pg } = await emptyPostgres();
    const first = await copySqliteToPostgres(sqlite.db, pg.db);
    const again = await copySqliteToPostgres(sqlite.db, pg.db);
    expect(again.outcome).toBe('unchanged');
    expect(again.tables).toEqual(first.tables);

    await pg.slackReceipts.claim('event:T1:Other', clock.now(), 60_000);
    await expect(copySqliteToPostgres(sqlite.db, pg.db)).rejects.toThrow(/not empty \(.*slack_receipts: 2 rows.*\).*--force/);
    const forced = await copySqliteToPostgres(sqlite.db, pg.db, { force: true });
    expect(forced.outcome).toBe('copied');
    expect((await copySqliteToPostgres(sqlite.db, pg.db)).outcome).toBe('unchanged');
  });

  it('stops before writing anything at a table PostgreSQL does not have', async () => {
    const { storage: sqlite } = await usedSqlite();
    const { storage: pg } = await emptyPostgres();
    sqlite.db.exec("CREATE TABLE mystery_notes (id INTEGER PRIMARY KEY, body TEXT); INSERT INTO mystery_notes VALUES (1, 'x')");
    const err = await copySqliteToPostgres(sqlite.db, pg.db).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CopyError);
    expect((err as Error).message).toMatch(/Table mystery_notes is in the SQLite file but not in PostgreSQL/);
    expect(await pg.db.sql.rows('SELECT 1 FROM quiz_sessions')).toEqual([]);
  });

  it('runs as npm run db:copy: copies, then says there is nothing to do', async () => {
    const { path, storage } = await usedSqlite();
    await storage.close();
    const { url } = await emptyPostgres();
    const run = () => spawnSync(process.execPath, ['--import', 'tsx', 'src/ops/db-copy-cli.ts', '--', path, url], { cwd: ROOT, encoding: 'utf8' });
    const first = run();
    expect(first.stderr).toBe('');
    expect(first.status).toBe(0);
    expect(first.stdout).toMatch(/quiz_answers +\d+ rows +sha256 [0-9a-f]{16} +ok/);
    expect(first.stdout).toMatch(/row counts and checksums match/);
    const second = run();
    expect(second.status).toBe(0);
    expect(second.stdout).toMatch(/already holds exactly these rows: nothing to do/);
    expect(second.stdout + second.stderr).not.toContain('postgres@');
  });
});
