// `npm run bench` (daily part): the daily engine's tick over 100,000 subscribed channels on SQLite and on PostgreSQL
// in the same run, against a naive scan of every schedule in JS (on SQLite); and the send pacing of a 1,000-post
// burst per platform.
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildCore } from '../src/bot-core.js';
import { resolveContentDir } from '../src/config.js';
import { loadLibrary } from '../src/content/content-loader.js';
import { pickQuestion, renderDailyPost } from '../src/daily/daily-post.js';
import { scheduleFromRow, type ScheduleRow } from '../src/daily/daily-store.js';
import { planDue } from '../src/daily/due-planner.js';
import { localDateTime } from '../src/daily/local-time.js';
import { PLATFORM_LIMITS, PostPacer } from '../src/daily/post-pacer.js';
import { takeNext } from '../src/daily/rotation.js';
import type { PostgresDatabase } from '../src/storage/postgres-database.js';
import type { Db } from '../src/storage/sqlite-database.js';
import type { Storage } from '../src/storage/storage.js';
import { FakeClock } from '../test/support/fake-clock.js';
import { connectPostgres, freshPostgresDatabase } from '../test/support/postgres.js';
import { fileStorage } from '../test/support/storages.js';
import { median, ms, table } from './stats.js';

/** Issue 14's figure; BENCH_DAILY_CHANNELS overrides it for a quick look (seeding 100,000 takes a minute or two). */
const CHANNELS = Number(process.env.BENCH_DAILY_CHANNELS ?? 100_000);
const DUE = 1_000;
const MINUTE = 60_000;
const ZONES = [
  'UTC', 'Europe/Berlin', 'Europe/London', 'Europe/Helsinki', 'Europe/Moscow', 'Africa/Lagos', 'Africa/Nairobi', 'Asia/Dubai',
  'Asia/Kolkata', 'Asia/Kathmandu', 'Asia/Shanghai', 'Asia/Tokyo', 'Australia/Sydney', 'Australia/Lord_Howe', 'Pacific/Auckland',
  'Pacific/Chatham', 'Pacific/Honolulu', 'America/Anchorage', 'America/Los_Angeles', 'America/Denver', 'America/Chicago',
  'America/New_York', 'America/Sao_Paulo', 'America/St_Johns',
];

const lib = loadLibrary(resolveContentDir(process.env));
const dir = mkdtempSync(join(tmpdir(), 'bench-daily-'));
const now = Date.parse('2026-03-02T12:00:00Z');
const channelId = (i: number) => (i % 2 ? `slack:T1:C${i}` : `discord:G1:C${i}`);
const zoneOf = (i: number) => ZONES[i % ZONES.length]!;
const dueChannels = Array.from({ length: DUE }, (_, i) => (i * (CHANNELS / DUE) + (i % 10)));

async function time(fn: () => unknown, rounds: number, setup: () => unknown = () => {}): Promise<number[]> {
  const out: number[] = [];
  for (let r = 0; r < rounds; r++) {
    await setup();
    const t = process.hrtime.bigint();
    await fn();
    out.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  return out;
}

/**
 * The channels through the repository's own `/daily on`, at times spread over the day; none due at `now`. Sixteen
 * at a time on SQLite (one connection), 64 on PostgreSQL (a pool of ten sharing the round trips).
 */
async function seed(storage: Storage): Promise<void> {
  const width = storage.engine === 'postgres' ? 64 : 16;
  for (let i = 0; i < CHANNELS; i += width) {
    await Promise.all(
      Array.from({ length: Math.min(width, CHANNELS - i) }, (_, k) =>
        storage.schedules.enable({ channel: channelId(i + k), timeOfDay: ((i + k) * 7) % 1440, timezone: zoneOf(i + k), by: 'bench', now: now + MINUTE, seed: i + k }),
      ),
    );
  }
}

/** Bench set-up, not bot code: the same 1,000 channels made due five minutes ago in their own zones, deliveries cleared. */
async function makeDue(storage: Storage & { db: Db | PostgresDatabase }): Promise<void> {
  const at = now - 5 * MINUTE;
  const rows = dueChannels.map((i) => ({ channel: channelId(i), ...localDateTime(at, zoneOf(i)) }));
  if (storage.engine === 'sqlite') {
    const db = storage.db as Db;
    const setDue = db.prepare('UPDATE daily_schedules SET next_due = ?, next_date = ?, time_of_day = ? WHERE channel = ?');
    db.transaction(() => {
      db.prepare('DELETE FROM daily_deliveries').run();
      for (const r of rows) setDue.run(at, r.date, r.minutes, r.channel);
    })();
    return;
  }
  const pg = storage.db as PostgresDatabase;
  await pg.sql.run('DELETE FROM daily_deliveries');
  await pg.sql.run(
    `UPDATE daily_schedules s SET next_due = $1, next_date = d.date, time_of_day = d.minutes
     FROM unnest($2::text[], $3::text[], $4::int[]) AS d(channel, date, minutes) WHERE s.channel = d.channel`,
    [at, rows.map((r) => r.channel), rows.map((r) => r.date), rows.map((r) => r.minutes)],
  );
}

interface EngineResult {
  label: string;
  idle: number;
  due: number;
  claimed: number;
}

async function measure(label: string, storage: Storage & { db: Db | PostgresDatabase }): Promise<EngineResult> {
  process.stderr.write(`… daily: seeding ${CHANNELS.toLocaleString('en')} channels on ${label}\n`);
  const t0 = performance.now();
  await seed(storage);
  process.stderr.write(`… daily: seeded in ${((performance.now() - t0) / 1000).toFixed(0)} s\n`);
  const scheduler = buildCore({ storage, library: lib, clock: new FakeClock(now) }).daily;
  // 1. A tick with nothing due.
  await time(() => scheduler.claimDue(now), 50);
  const idle = median(await time(() => scheduler.claimDue(now), 200));
  if ((await scheduler.claimDue(now)).outgoing.length !== 0) throw new Error('bench setup: something is due');
  // 2. A tick with 1,000 due: claim, choose the concept and question, render. Each round makes the same 1,000 due again.
  let claimed = 0;
  const due = median(await time(async () => (claimed = (await scheduler.claimDue(now)).outgoing.length), 7, () => makeDue(storage)));
  if (claimed !== DUE) throw new Error(`bench: ${label} claimed ${claimed}, expected ${DUE}`);
  return { label, idle, due, claimed };
}

/** The obvious way: read every schedule, work out each one's local time in JS, compare with the stored time. */
function naiveDue(database: Db, at: number): string[] {
  const rows = database.prepare('SELECT channel, time_of_day, timezone, next_date FROM daily_schedules WHERE enabled = 1').all() as { channel: string; time_of_day: number; timezone: string; next_date: string }[];
  return rows.filter((r) => {
    const local = localDateTime(at, r.timezone);
    return local.date >= r.next_date && local.minutes >= r.time_of_day;
  }).map((r) => r.channel);
}

/** Naive claiming: one transaction per channel, re-planning from a full scan. */
function naiveClaim(database: Db, at: number): number {
  let n = 0;
  const get = database.prepare<[string], ScheduleRow>('SELECT * FROM daily_schedules WHERE channel = ?');
  const advance = database.prepare('UPDATE daily_schedules SET next_due = ?, next_date = ?, cycle = ?, position = ? WHERE channel = ?');
  for (const channel of naiveDue(database, at)) {
    database.transaction(() => {
      const s = scheduleFromRow(get.get(channel)!);
      const d = planDue({ timeOfDay: s.timeOfDay, timezone: s.timezone, nextDue: s.nextDue!, nextDate: s.nextDate! }, at, 120 * MINUTE);
      const take = takeNext(lib, s)!;
      renderDailyPost(lib, take.concept, pickQuestion(lib, take.concept, `${channel}|${d.date}`));
      advance.run(d.next.at, d.next.date, take.next.cycle, take.next.position, channel);
      n += 1;
    }).immediate();
  }
  return n;
}

const sqlite = fileStorage(join(dir, 'bench.db'));
const pgDatabase = await freshPostgresDatabase();
const postgres = await connectPostgres(pgDatabase.url, { poolSize: 10 });
const engines: EngineResult[] = [];
engines.push(await measure('SQLite (WAL, file)', sqlite));
engines.push(await measure(`PostgreSQL (${postgres.location})`, postgres));

// The naive baseline and the no-database share, on SQLite.
const idleNaive = median(await time(() => naiveDue(sqlite.db, now), 9));
await makeDue(sqlite);
const dueRows = (sqlite.db.prepare('SELECT * FROM daily_schedules WHERE enabled = 1 AND next_due <= ?').all(now) as ScheduleRow[]).map(scheduleFromRow);
const chooseRender = median(await time(() => {
  for (const r of dueRows) {
    const d = planDue({ timeOfDay: r.timeOfDay, timezone: r.timezone, nextDue: r.nextDue!, nextDate: r.nextDate! }, now, 120 * MINUTE);
    const take = takeNext(lib, r)!;
    renderDailyPost(lib, take.concept, pickQuestion(lib, take.concept, `${r.channel}|${d.date}`));
  }
}, 7));
let naiveCount = 0;
const dueNaive = median(await time(() => (naiveCount = naiveClaim(sqlite.db, now)), 3, () => makeDue(sqlite)));
if (naiveCount < DUE) throw new Error(`bench: naive claimed ${naiveCount}, expected ${DUE}`);
await sqlite.close();
await postgres.close();
await pgDatabase.drop();

const [lite, pg] = engines as [EngineResult, EngineResult];
console.log(`\nDaily concept: ${CHANNELS.toLocaleString('en')} subscribed channels, ${lib.concepts.length} concepts, ${ZONES.length} timezones, both stores in this run; load average ${loadavg()[0]!.toFixed(1)} on ${cpus().length} CPUs\n`);
console.log(
  table([
    ['tick (median)', lite.label, pg.label, 'naive scan in JS (SQLite)', 'target'],
    ['nothing due', ms(lite.idle), ms(pg.idle), ms(idleNaive), `<= 5 ms ${lite.idle <= 5 && pg.idle <= 5 ? 'met' : 'MISSED'}`],
    [`${DUE.toLocaleString('en')} due: claim, choose, render`, ms(lite.due), ms(pg.due), ms(dueNaive), `<= 200 ms ${lite.due <= 200 ? 'met' : 'MISSED'} (SQLite), <= 300 ms ${pg.due <= 300 ? 'met' : 'MISSED'} (PostgreSQL)`],
    ['  plan + choose + render per channel, no DB', ms(chooseRender), '', '', ''],
  ]),
);

// 3. Sending 1,000 posts per platform, paced: simulated clock, so the plan is exact and instant.
function pacing(channel: (i: number) => string) {
  const pacer = new PostPacer(() => now, async () => {});
  const times = Array.from({ length: DUE }, (_, i) => pacer.reserve(channel(i)));
  // A channel's second post in the same burst waits its turn too.
  const again = pacer.reserve(channel(0)) - times[0]!;
  let maxPerSecond = 0;
  for (let i = 0, j = 0; i < times.length; i++) {
    while (times[i]! - times[j]! >= 1000) j++;
    maxPerSecond = Math.max(maxPerSecond, i - j + 1);
  }
  return { span: times[times.length - 1]! - times[0]!, maxPerSecond, again };
}
const slack = pacing((i) => `slack:T1:C${i}`);
const slack100 = pacing((i) => `slack:T${i % 100}:C${i}`);
const discord = pacing((i) => `discord:G${i % 100}:C${i}`);
console.log('');
console.log(
  table([
    ['1,000 posts', 'limit', 'busiest second', 'last post after', 'same channel again after'],
    ['Slack, one workspace', `${PLATFORM_LIMITS.slack.perChannelPerSecond}/s per channel, ${PLATFORM_LIMITS.slack.perWorkspacePerSecond}/s per workspace`, `${slack.maxPerSecond} posts`, `${(slack.span / 1000).toFixed(1)} s`, `${(slack.again / 1000).toFixed(1)} s`],
    ['Slack, 100 workspaces', 'same', `${slack100.maxPerSecond} posts`, `${(slack100.span / 1000).toFixed(1)} s`, `${(slack100.again / 1000).toFixed(1)} s`],
    ['Discord', `${PLATFORM_LIMITS.discord.globalPerSecond}/s global (Discord allows 50)`, `${discord.maxPerSecond} posts`, `${(discord.span / 1000).toFixed(1)} s`, `${(discord.again / 1000).toFixed(2)} s`],
  ]),
);
const ok = lite.idle <= 5 && pg.idle <= 5 && lite.due <= 200 && pg.due <= 300 && discord.maxPerSecond <= 50 && slack.maxPerSecond <= 5;
rmSync(dir, { recursive: true, force: true });
if (!ok) process.exitCode = 1;
