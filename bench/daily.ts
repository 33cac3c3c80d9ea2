// `npm run bench` (daily part): the daily engine's tick over 10,000 subscribed channels, against a naive scan of
// every schedule in JS measured in the same run; and the send pacing of a 1,000-post burst per platform.
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveContentDir } from '../src/config.js';
import { loadLibrary } from '../src/content/content-loader.js';
import { ChatPorts } from '../src/core/chat-port.js';
import { DailyScheduler } from '../src/daily/daily-scheduler.js';
import { pickQuestion, renderDailyPost } from '../src/daily/daily-post.js';
import { planDue } from '../src/daily/due-planner.js';
import { localDateTime } from '../src/daily/local-time.js';
import { PLATFORM_LIMITS, PostPacer } from '../src/daily/post-pacer.js';
import { takeNext } from '../src/daily/rotation.js';
import { DailyStore } from '../src/daily/daily-store.js';
import { openDatabase, type Db } from '../src/storage/database.js';
import { median, ms, table } from './stats.js';

const CHANNELS = 10_000;
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
const db = openDatabase(join(dir, 'bench.db'));
const now = Date.parse('2026-03-02T12:00:00Z');
const channelId = (i: number) => (i % 2 ? `slack:T1:C${i}` : `discord:G1:C${i}`);

// 10,000 channels at times spread over the day; none due at `now`.
const store = new DailyStore(db);
db.transaction(() => {
  for (let i = 0; i < CHANNELS; i++) store.enable(channelId(i), (i * 7) % 1440, ZONES[i % ZONES.length]!, 'bench', now + MINUTE);
})();
const scheduler = new DailyScheduler({ db, library: lib, ports: new ChatPorts(), now: () => new Date(now), graceMinutes: 120 });

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
  const schedules = new DailyStore(database);
  for (const channel of naiveDue(database, at)) {
    database.transaction(() => {
      const s = schedules.get(channel)!;
      const d = planDue({ timeOfDay: s.timeOfDay, timezone: s.timezone, nextDue: s.nextDue!, nextDate: s.nextDate! }, at, 120 * MINUTE);
      const take = takeNext(lib, s)!;
      renderDailyPost(lib, take.concept, pickQuestion(lib, take.concept, `${channel}|${d.date}`));
      schedules.advance(channel, d.next, take.next);
      n += 1;
    }).immediate();
  }
  return n;
}

function time(fn: () => unknown, rounds: number, setup: () => void = () => {}): number[] {
  const out: number[] = [];
  for (let r = 0; r < rounds; r++) {
    setup();
    const t = process.hrtime.bigint();
    fn();
    out.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  return out;
}

// 1. A tick with nothing due.
time(() => scheduler.claimDue(now), 50);
const idleOurs = median(time(() => scheduler.claimDue(now), 200));
const idleNaive = median(time(() => naiveDue(db, now), 9));
if (naiveDue(db, now).length !== 0 || scheduler.claimDue(now).outgoing.length !== 0) throw new Error('bench setup: something is due');

// 2. A tick with 1,000 due: claim, choose the concept and question, render. Each round makes the same 1,000 due again.
const dueChannels = Array.from({ length: DUE }, (_, i) => channelId(i * (CHANNELS / DUE) + (i % 10)));
const makeDue = () => {
  // Due five minutes ago in each channel's own zone.
  const setDue = db.prepare('UPDATE daily_schedules SET next_due = ?, next_date = ?, time_of_day = ? WHERE channel = ?');
  const at = now - 5 * MINUTE;
  db.transaction(() => {
    db.prepare('DELETE FROM daily_deliveries').run();
    for (const c of dueChannels) {
      const local = localDateTime(at, store.get(c)!.timezone);
      setDue.run(at, local.date, local.minutes, c);
    }
  })();
};
let claimedCount = 0;
const dueOurs = median(time(() => (claimedCount = scheduler.claimDue(now).outgoing.length), 7, makeDue));
// The same choosing and rendering without the database, and without sharing plans between channels.
makeDue();
const dueRows = store.due(now);
const chooseRender = median(time(() => {
  for (const r of dueRows) {
    const d = planDue({ timeOfDay: r.timeOfDay, timezone: r.timezone, nextDue: r.nextDue!, nextDate: r.nextDate! }, now, 120 * MINUTE);
    const take = takeNext(lib, r)!;
    renderDailyPost(lib, take.concept, pickQuestion(lib, take.concept, `${r.channel}|${d.date}`));
  }
}, 7));
let naiveCount = 0;
const dueNaive = median(time(() => (naiveCount = naiveClaim(db, now)), 3, makeDue));
if (claimedCount !== DUE || naiveCount < DUE) throw new Error(`bench: claimed ${claimedCount}, naive ${naiveCount}, expected ${DUE}`);

console.log(`\nDaily concept: ${CHANNELS.toLocaleString('en')} subscribed channels in SQLite (WAL, file), ${lib.concepts.length} concepts, ${ZONES.length} timezones; load average ${loadavg()[0]!.toFixed(1)} on ${cpus().length} CPUs\n`);
console.log(
  table([
    ['tick', 'ours (median)', 'naive scan in JS (median)', 'ratio', 'target'],
    ['nothing due', ms(idleOurs), ms(idleNaive), `${(idleNaive / idleOurs).toFixed(0)}×`, `<= 5 ms ${idleOurs <= 5 ? 'met' : 'MISSED'}`],
    [`${DUE.toLocaleString('en')} due: claim, choose, render`, ms(dueOurs), ms(dueNaive), `${(dueNaive / dueOurs).toFixed(1)}×`, `<= 200 ms ${dueOurs <= 200 ? 'met' : 'MISSED'}`],
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
const ok = idleOurs <= 5 && dueOurs <= 200 && discord.maxPerSecond <= 50 && slack.maxPerSecond <= 5;
db.close();
rmSync(dir, { recursive: true, force: true });
if (!ok) process.exitCode = 1;
