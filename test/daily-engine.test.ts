import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadLibrary } from '../src/content/content-loader.js';
import { PermanentPostError } from '../src/core/chat-port.js';
import { buildCore } from '../src/bot-core.js';
import { PostPacer } from '../src/daily/post-pacer.js';
import type { Storage } from '../src/storage/storage.js';
import { dailyWorld, DAY, fakeClock, MINUTE, RecordingPort } from './support/daily-world.js';
import { fileStorage, memoryStorage } from './support/storages.js';
import { FIXTURE_CONTENT } from './support/test-bot.js';

const library = loadLibrary(FIXTURE_CONTENT);
const NINE = 9 * 60;
const conceptOf = (p: { reply: { data?: Record<string, unknown> } }) => (p.reply.data!.daily as { concept: string }).concept;

const open: Storage[] = [];
const dirs: string[] = [];
afterEach(async () => {
  for (const db of open.splice(0)) await db.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
function memoryDb(): Storage {
  const db = memoryStorage();
  open.push(db);
  return db;
}
function fileDb(path: string): Storage {
  const db = fileStorage(path);
  open.push(db);
  return db;
}
/** `/daily on` for a channel, as the command stores it. */
function enable(db: Storage, channel: string, timeOfDay: number, timezone: string, now: number) {
  return db.schedules.enable({ channel, timeOfDay, timezone, by: 'console:test', now, seed: 1 });
}
function tempDbPath(): string {
  const dir = mkdtempSync(join(tmpdir(), 'daily-engine-'));
  dirs.push(dir);
  return join(dir, 'bot.db');
}

/** A channel posting at 09:00 UTC, turned on at 08:00 on 2 March 2026. */
async function world(opts: { graceMinutes?: number; leaseMs?: number } = {}) {
  const db = memoryDb();
  const clock = fakeClock('2026-03-02T08:00:00Z');
  await enable(db, 'console:main', NINE, 'UTC', clock.ms);
  return { db, clock, deliveries: db.deliveries, ...dailyWorld({ storage: db, library, clock, ...opts }) };
}

describe('downtime across the scheduled time', () => {
  it('posts on restart when the bot comes back within the grace window', async () => {
    const { clock, port, scheduler, deliveries } = await world();
    clock.set('2026-03-02T10:45:00Z'); // down from 08:00 until 10:45; grace is 2 h
    await scheduler.tick();
    expect(port.posts).toHaveLength(1);
    expect((await deliveries.get('console:main', '2026-03-02'))?.status).toBe('sent');
    await scheduler.tick();
    expect(port.posts).toHaveLength(1);
  });

  it('skips the day when the bot comes back after the grace window, and posts the next day on time', async () => {
    const { clock, port, scheduler, deliveries } = await world();
    clock.set('2026-03-02T11:01:00Z');
    const report = await scheduler.tick();
    expect(report).toMatchObject({ claimed: 0, missed: 1 });
    expect(port.posts).toHaveLength(0);
    expect((await deliveries.get('console:main', '2026-03-02'))?.status).toBe('missed');
    clock.set('2026-03-03T08:59:00Z');
    await scheduler.tick();
    expect(port.posts).toHaveLength(0);
    clock.set('2026-03-03T09:00:00Z');
    await scheduler.tick();
    expect(port.posts.map((p) => new Date(p.at).toISOString())).toEqual(['2026-03-03T09:00:00.000Z']);
  });

  it('never back-fills the days the bot was down: after three days away only today’s post goes out', async () => {
    const { clock, port, scheduler } = await world();
    clock.set('2026-03-05T09:30:00Z');
    await scheduler.tick();
    await scheduler.tick();
    expect(port.posts).toHaveLength(1);
    // The post is the rotation's first concept: the missed days did not use up concepts.
    expect(conceptOf(port.posts[0]!)).toBe(library.concepts[0]!.id);
  });

  it('honours a shorter grace window from the configuration', async () => {
    const { clock, port, scheduler } = await world({ graceMinutes: 15 });
    clock.set('2026-03-02T09:16:00Z');
    await scheduler.tick();
    expect(port.posts).toHaveLength(0);
  });
});

describe('posts the platform refuses', () => {
  it('records a permanent refusal with its fix and does not try again', async () => {
    const { clock, port, scheduler, deliveries } = await world();
    let calls = 0;
    port.failWith = () => {
      calls += 1;
      return new PermanentPostError('The bot is not in this channel.', 'Invite it with /invite @studybot');
    };
    clock.set('2026-03-02T09:00:00Z');
    expect(await scheduler.tick()).toMatchObject({ claimed: 1, failed: 1 });
    for (let i = 0; i < 130; i++, clock.advance(MINUTE)) await scheduler.tick();
    expect(calls).toBe(1);
    expect(await deliveries.get('console:main', '2026-03-02')).toMatchObject({ status: 'failed', error: 'The bot is not in this channel.', fix: 'Invite it with /invite @studybot' });
  });

  it('records a channel whose platform is not connected as failed with a fix, once', async () => {
    const { db, clock, port, scheduler, deliveries } = await world();
    await enable(db, 'slack:T1:C1', NINE, 'UTC', clock.ms);
    clock.set('2026-03-02T09:00:00Z');
    expect(await scheduler.tick()).toMatchObject({ claimed: 2, sent: 1, failed: 1 });
    for (let i = 0; i < 10; i++, clock.advance(MINUTE)) expect(await scheduler.tick()).toMatchObject({ claimed: 0 });
    expect(port.posts.map((p) => p.channel)).toEqual(['console:main']);
    expect(await deliveries.get('slack:T1:C1', '2026-03-02')).toMatchObject({ status: 'failed', error: 'The bot is not connected to slack.' });
  });

  it('retries a transient error with growing gaps and posts once it clears', async () => {
    const { clock, port, scheduler, deliveries } = await world();
    const attempts: string[] = [];
    port.failWith = () => {
      attempts.push(new Date(clock.ms).toISOString().slice(11, 16));
      return attempts.length <= 3 ? new Error('socket hang up') : undefined;
    };
    clock.set('2026-03-02T09:00:00Z');
    for (let i = 0; i < 30; i++, clock.advance(MINUTE)) await scheduler.tick();
    expect(attempts).toEqual(['09:00', '09:01', '09:03', '09:07']);
    expect(port.posts).toHaveLength(1);
    expect(await deliveries.get('console:main', '2026-03-02')).toMatchObject({ status: 'sent', attempts: 4 });
  });

  it('drops a pending retry when the channel turns the daily concept off meanwhile', async () => {
    const { db, clock, port, scheduler, deliveries } = await world();
    port.failWith = () => new Error('socket hang up');
    clock.set('2026-03-02T09:00:00Z');
    expect(await scheduler.tick()).toMatchObject({ retrying: 1 });
    port.failWith = undefined;
    await db.schedules.disable('console:main', 'console:test', clock.ms);
    for (let i = 0; i < 10; i++, clock.advance(MINUTE)) await scheduler.tick();
    expect(port.posts).toHaveLength(0);
    expect((await deliveries.get('console:main', '2026-03-02'))?.status).toBe('failed');
  });

  it('gives up on a transient error when the grace window ends', async () => {
    const { clock, port, scheduler, deliveries } = await world({ graceMinutes: 20 });
    let calls = 0;
    port.failWith = () => {
      calls += 1;
      return new Error('503 Service Unavailable');
    };
    clock.set('2026-03-02T09:00:00Z');
    for (let i = 0; i < 24 * 60; i++, clock.advance(MINUTE)) await scheduler.tick();
    // 09:00, 09:01, 09:03, 09:07, 09:15; the next (09:31) would be past 09:20.
    expect(calls).toBe(5);
    expect(await deliveries.get('console:main', '2026-03-02')).toMatchObject({ status: 'failed' });
    expect((await deliveries.get('console:main', '2026-03-02'))!.error).toMatch(/^Gave up after 5 attempts/);
  });
});

describe('claims', () => {
  it('a claim left by an instance that died before sending is taken over after its lease, within the grace window', async () => {
    const db = memoryDb();
    const clock = fakeClock('2026-03-02T08:00:00Z');
    await enable(db, 'console:main', NINE, 'UTC', clock.ms);
    const dead = dailyWorld({ storage: db, library, clock, leaseMs: 10 * MINUTE });
    const alive = dailyWorld({ storage: db, library, clock, leaseMs: 10 * MINUTE });
    clock.set('2026-03-02T09:00:00Z');
    expect((await dead.scheduler.claimDue()).outgoing).toHaveLength(1); // claimed, then the process "dies"
    for (let i = 0; i < 10; i++, clock.advance(MINUTE)) expect(await alive.scheduler.tick()).toMatchObject({ claimed: 0 });
    expect(await alive.scheduler.tick()).toMatchObject({ claimed: 1, sent: 1 });
    expect(alive.port.posts).toHaveLength(1);
    // The dead instance's late send finds its claim gone and sends nothing.
    clock.advance(MINUTE);
    expect(await dead.scheduler.send((await dead.scheduler.claimDue()).outgoing)).toMatchObject({ sent: 0 });
    expect(dead.port.posts).toHaveLength(0);
  });

  it('stopping cuts short a post waiting for its rate-limit slot and hands it to the next start', async () => {
    const db = memoryDb();
    const clock = fakeClock('2026-03-02T09:00:00Z');
    for (const c of ['discord:G1:C1', 'discord:G1:C2']) await enable(db, c, NINE, 'UTC', clock.ms);
    const port = new RecordingPort('discord', clock);
    // A wait that only ends when aborted: the second post would wait forever for its slot.
    const pacer = new PostPacer(() => clock.ms, (_ms, signal) => new Promise((resolve) => signal?.addEventListener('abort', () => resolve())));
    let firstPosted!: () => void;
    const posted = new Promise<void>((resolve) => (firstPosted = resolve));
    const hooks = { afterPost: async () => firstPosted() };
    const core = buildCore({ storage: db, library, clock, daily: { pacer, hooks } });
    core.ports.add(port);
    const first = core.daily;
    const ticking = first.tick();
    await posted;
    await first.stop();
    expect(await ticking).toMatchObject({ claimed: 2, sent: 1 });
    const next = dailyWorld({ storage: db, library, clock, platform: 'discord' });
    expect(await next.scheduler.tick()).toMatchObject({ claimed: 1, sent: 1 });
    expect([...port.posts, ...next.port.posts].map((p) => p.channel).sort()).toEqual(['discord:G1:C1', 'discord:G1:C2']);
  });

  it('stopping hands unsent claims back so the next start sends them at once', async () => {
    const db = memoryDb();
    const clock = fakeClock('2026-03-02T09:00:00Z');
    await enable(db, 'console:main', NINE, 'UTC', clock.ms);
    const first = dailyWorld({ storage: db, library, clock });
    await first.scheduler.claimDue();
    await first.scheduler.stop();
    const second = dailyWorld({ storage: db, library, clock });
    expect(await second.scheduler.tick()).toMatchObject({ claimed: 1, sent: 1 });
  });

  it('two schedulers on one database file, ticking together for 30 days, post once per channel and day', async () => {
    const path = tempDbPath();
    const a = fileDb(path);
    const b = fileDb(path);
    const clock = fakeClock('2026-03-01T00:00:00Z');
    const zones = ['UTC', 'Europe/Berlin', 'America/New_York', 'Asia/Kolkata', 'Australia/Lord_Howe'];
    for (const [i, zone] of zones.entries()) await enable(a, `console:c${i}`, NINE + i * 7, zone, clock.ms);
    const one = dailyWorld({ storage: a, library, clock });
    const two = dailyWorld({ storage: b, library, clock });
    const end = clock.ms + 30 * DAY;
    for (; clock.ms < end; clock.advance(MINUTE)) {
      // Both tick the same minute; alternate who goes first.
      const order = (clock.ms / MINUTE) % 2 ? [one, two] : [two, one];
      await Promise.all(order.map((w) => w.scheduler.tick()));
    }
    const posts = [...one.port.posts, ...two.port.posts];
    const keys = posts.map((p) => `${p.channel} ${new Date(p.at).toISOString().slice(0, 16)}`);
    expect(new Set(keys).size).toBe(keys.length);
    expect(posts).toHaveLength(30 * zones.length);
    expect(one.port.posts.length).toBeGreaterThan(0);
    expect(two.port.posts.length).toBeGreaterThan(0);
  }, 60_000);
});

describe('rotation', () => {
  it('carries on where it was after a restart on the same database file', async () => {
    const path = tempDbPath();
    const clock = fakeClock('2026-03-02T08:00:00Z');
    let db: Storage = fileStorage(path);
    await enable(db, 'console:main', NINE, 'UTC', clock.ms);
    let w = dailyWorld({ storage: db, library, clock });
    const seen: string[] = [];
    for (let day = 0; day < 2; day++) {
      clock.set(`2026-03-0${2 + day}T09:00:00Z`);
      await w.scheduler.tick();
    }
    seen.push(...w.port.posts.map(conceptOf));
    await db.close();
    db = fileDb(path);
    w = dailyWorld({ storage: db, library, clock });
    clock.set('2026-03-04T09:00:00Z');
    await w.scheduler.tick();
    seen.push(...w.port.posts.map(conceptOf));
    expect(seen).toEqual(library.concepts.slice(0, 3).map((c) => c.id));
  });

  it('shuffled, shows every concept once per cycle before any repeats, in a different order per cycle', async () => {
    const { db, clock, port, scheduler } = await world();
    await db.schedules.setOrder('console:main', 'shuffled', 'console:test', clock.ms);
    const n = library.concepts.length;
    for (let day = 0; day < 3 * n; day++) {
      clock.set(new Date(Date.parse('2026-03-02T09:00:00Z') + day * DAY).toISOString());
      await scheduler.tick();
    }
    const ids = port.posts.map(conceptOf);
    const all = [...library.concepts.map((c) => c.id)].sort();
    for (let cycle = 0; cycle < 3; cycle++) expect([...ids.slice(cycle * n, (cycle + 1) * n)].sort()).toEqual(all);
  });
});
