import { afterEach, describe, expect, it } from 'vitest';
import { buildCore } from '../../src/bot-core.js';
import { loadLibrary } from '../../src/content/content-loader.js';
import { NoScheduleError } from '../../src/daily/daily-store.js';
import type { ClaimDueInput, DuePlan, PlanDue } from '../../src/daily/delivery-log.js';
import { PostPacer } from '../../src/daily/post-pacer.js';
import type { Storage } from '../../src/storage/storage.js';
import { FakeClock } from '../support/fake-clock.js';
import { ENGINES, failWrites, storages } from '../support/postgres.js';
import { RecordingPort } from '../support/recording-port.js';
import { FIXTURE_CONTENT } from '../support/test-bot.js';

const db = storages();
afterEach(() => db.closeAll());

const MINUTE = 60_000;
const DAY = 86_400_000;
const NINE = 9 * 60;
const T0 = Date.parse('2026-03-02T08:00:00Z'); // a Monday
const enable = (s: Storage, channel: string, now = T0, o: { timeOfDay?: number; timezone?: string } = {}) =>
  s.schedules.enable({ channel, timeOfDay: o.timeOfDay ?? NINE, timezone: o.timezone ?? 'UTC', by: 'slack:T1:U1', now, seed: 7 });

/** A plan that posts every due schedule as the planner says, with a fixed concept: the repository's side only. */
const postAll: PlanDue = (s) => ({
  kind: 'post',
  date: s.nextDate,
  dueAt: s.nextDue,
  deadline: s.nextDue + 2 * 60 * MINUTE,
  next: { date: nextDay(s.nextDate), at: s.nextDue + DAY },
  conceptId: 'c1',
  questionId: 'q1',
  rotation: { cycle: s.cycle, position: s.position + 1 },
});
const nextDay = (date: string) => new Date(Date.parse(`${date}T00:00:00Z`) + DAY).toISOString().slice(0, 10);
const claimAt = (now: number, plan: PlanDue = postAll, instance = 'a'): ClaimDueInput => ({ now, instance, leaseUntil: now + 10 * MINUTE, plan });

describe.each(ENGINES)('DailyStore on %s', (engine) => {
  it('turns a channel on with its first post from this minute, keeps the rotation and days through off and on', async () => {
    const s = await db.open(engine);
    const on = await enable(s, 'slack:T1:C1');
    expect(on).toEqual({
      channel: 'slack:T1:C1', enabled: true, timeOfDay: NINE, timezone: 'UTC', weekdays: 127, chapters: [], order: 'book', seed: 7, cycle: 0, position: 0,
      weakFirst: false, posted: [],
      nextDue: Date.parse('2026-03-02T09:00:00Z'), nextDate: '2026-03-02',
    });
    expect(await s.schedules.get('slack:T1:C1')).toEqual(on);
    expect(await s.schedules.disable('slack:T1:C1', 'slack:T1:U1', T0)).toBe(true);
    expect(await s.schedules.disable('slack:T1:C1', 'slack:T1:U1', T0)).toBe(false);
    expect(await s.schedules.get('slack:T1:C1')).toMatchObject({ enabled: false, timeOfDay: NINE });
    expect((await s.schedules.get('slack:T1:C1'))!.nextDue).toBeUndefined();
    await s.schedules.setChapters('slack:T1:C1', [4, 6], 'slack:T1:U1', T0);
    await s.schedules.setOrder('slack:T1:C1', 'shuffled', 'slack:T1:U1', T0);
    const off = await s.schedules.setWeekdays('slack:T1:C1', 31, 'slack:T1:U1', T0);
    expect(off).toMatchObject({ enabled: false, weekdays: 31, chapters: [4, 6], order: 'shuffled', cycle: 2, position: 0 });
    expect(off.nextDue).toBeUndefined();
    // Back on at 18:00 Berlin on a Saturday: Mon-Fri carries on, so the first post is Monday's.
    const back = await enable(s, 'slack:T1:C1', Date.parse('2026-03-07T08:00:00Z'), { timeOfDay: 18 * 60, timezone: 'Europe/Berlin' });
    expect(back).toMatchObject({ enabled: true, weekdays: 31, seed: 7, chapters: [4, 6], nextDate: '2026-03-09', nextDue: Date.parse('2026-03-09T17:00:00Z') });
  });

  it('keeps weak-first and the concepts posted this cycle: set by the order, advanced by a won claim, cleared by a new cycle', async () => {
    const s = await db.open(engine);
    await enable(s, 'slack:T1:C1');
    await enable(s, 'slack:T1:C2');
    await s.schedules.setOrder('slack:T1:C1', 'shuffled', 'slack:T1:U1', T0, true);
    expect(await s.schedules.get('slack:T1:C1')).toMatchObject({ order: 'shuffled', weakFirst: true, cycle: 1, position: 0, posted: [] });
    expect(await s.schedules.weakFirstDue(T0)).toEqual([]);
    const nine = Date.parse('2026-03-02T09:00:00Z');
    expect(await s.schedules.weakFirstDue(nine)).toEqual(['slack:T1:C1']);
    const weakPlan: PlanDue = (sch, days) =>
      sch.weakFirst ? { ...(postAll(sch, days) as DuePlan & { kind: 'post' }), rotation: { cycle: sch.cycle, position: sch.posted.length + 1, posted: [...sch.posted, 'c7'] } } : postAll(sch, days);
    await s.deliveries.claimDue(claimAt(nine, weakPlan));
    expect(await s.schedules.get('slack:T1:C1')).toMatchObject({ weakFirst: true, cycle: 1, position: 1, posted: ['c7'] });
    // A plan without `posted` (book or shuffled order) leaves the stored list alone.
    expect(await s.schedules.get('slack:T1:C2')).toMatchObject({ weakFirst: false, position: 1, posted: [] });
    await s.schedules.setChapters('slack:T1:C1', [4], 'slack:T1:U1', T0);
    expect(await s.schedules.get('slack:T1:C1')).toMatchObject({ weakFirst: true, cycle: 2, position: 0, posted: [] });
    await s.schedules.setOrder('slack:T1:C1', 'book', 'slack:T1:U1', T0);
    expect(await s.schedules.get('slack:T1:C1')).toMatchObject({ order: 'book', weakFirst: false, posted: [] });
    expect(await s.schedules.weakFirstDue(nine + DAY)).toEqual([]);
  });

  it('says a channel with no schedule has none, and refuses to change one that does not exist', async () => {
    const s = await db.open(engine);
    expect(await s.schedules.get('slack:T1:C9')).toBeUndefined();
    await expect(s.schedules.setChapters('slack:T1:C9', [1], 'u', T0)).rejects.toBeInstanceOf(NoScheduleError);
    await expect(s.schedules.setOrder('slack:T1:C9', 'book', 'u', T0)).rejects.toBeInstanceOf(NoScheduleError);
    await expect(s.schedules.setWeekdays('slack:T1:C9', 1, 'u', T0)).rejects.toBeInstanceOf(NoScheduleError);
  });

  it('does not promise a day the delivery log already has: moving to a later time the same day posts tomorrow', async () => {
    const s = await db.open(engine);
    await enable(s, 'slack:T1:C1');
    await s.deliveries.claimDue(claimAt(Date.parse('2026-03-02T09:00:00Z')));
    const moved = await enable(s, 'slack:T1:C1', Date.parse('2026-03-02T10:00:00Z'), { timeOfDay: 18 * 60 });
    expect(moved.nextDate).toBe('2026-03-03');
    expect((await s.deliveries.days('slack:T1:C1', '2026-03-01')).taken('2026-03-02')).toBe(true);
  });
});

describe.each(ENGINES)('DeliveryLog on %s', (engine) => {
  it('claims what is due once, advances the schedule and its rotation, and reads back the claim', async () => {
    const s = await db.open(engine);
    await enable(s, 'slack:T1:C1');
    await enable(s, 'slack:T1:C2', T0, { timeOfDay: 10 * 60 });
    expect(await s.deliveries.claimDue(claimAt(Date.parse('2026-03-02T08:59:00Z')))).toEqual({ claimed: [], missed: 0 });
    const at = Date.parse('2026-03-02T09:00:00Z');
    expect(await s.deliveries.claimDue(claimAt(at))).toEqual({
      claimed: [{ channel: 'slack:T1:C1', date: '2026-03-02', deadline: at + 120 * MINUTE, attempts: 0, conceptId: 'c1', questionId: 'q1' }],
      missed: 0,
    });
    expect(await s.deliveries.claimDue(claimAt(at + 1000))).toEqual({ claimed: [], missed: 0 });
    expect(await s.schedules.get('slack:T1:C1')).toMatchObject({ nextDate: '2026-03-03', nextDue: at + DAY, position: 1 });
    expect(await s.deliveries.get('slack:T1:C1', '2026-03-02')).toEqual({
      channel: 'slack:T1:C1', date: '2026-03-02', status: 'claimed', conceptId: 'c1', questionId: 'q1', dueAt: at, deadline: at + 120 * MINUTE, claimedBy: 'a', retryAt: at + 10 * MINUTE, attempts: 0,
    });
  });

  it('records a missed day and a claim without a concept as the plan says, moving the rotation only for a won post', async () => {
    const s = await db.open(engine);
    await enable(s, 'slack:T1:C1');
    await enable(s, 'slack:T1:C2');
    const at = Date.parse('2026-03-02T09:00:00Z');
    const plan: PlanDue = (sch) =>
      sch.channel === 'slack:T1:C1'
        ? ({ kind: 'missed', date: sch.nextDate, dueAt: sch.nextDue, deadline: sch.nextDue, next: { date: '2026-03-03', at: sch.nextDue + DAY } } satisfies DuePlan)
        : { ...postAll(sch, { taken: () => false }), rotation: undefined, conceptId: undefined } as DuePlan;
    expect(await s.deliveries.claimDue(claimAt(at, plan))).toEqual({ claimed: [], missed: 1 });
    expect(await s.deliveries.get('slack:T1:C1', '2026-03-02')).toMatchObject({ status: 'missed' });
    expect(await s.deliveries.get('slack:T1:C2', '2026-03-02')).toMatchObject({ status: 'failed', error: 'The chapters this channel follows have no concepts.', fix: 'Choose other chapters: /daily chapters all' });
    expect((await s.schedules.get('slack:T1:C1'))!.position).toBe(0);
    expect((await s.schedules.get('slack:T1:C2'))!.position).toBe(0);
    expect(await s.deliveries.recent('slack:T1:C2')).toHaveLength(1);
  });

  it('writes a tick all or nothing: when its last write fails, no claim stays behind and no schedule moves', async () => {
    const s = await db.open(engine);
    for (const c of ['slack:T1:C1', 'slack:T1:C2']) await enable(s, c);
    const at = Date.parse('2026-03-02T09:00:00Z');
    const lift = await failWrites(s, 'daily_schedules', 'UPDATE');
    await expect(s.deliveries.claimDue(claimAt(at))).rejects.toThrow(/injected failure/);
    await lift();
    for (const c of ['slack:T1:C1', 'slack:T1:C2']) {
      expect(await s.deliveries.get(c, '2026-03-02')).toBeUndefined();
      expect(await s.schedules.get(c)).toMatchObject({ nextDate: '2026-03-02', position: 0 });
    }
    expect((await s.deliveries.claimDue(claimAt(at))).claimed).toHaveLength(2);
  });

  it('writes a tick all or nothing: a plan that fails half-way leaves no claim and moves no schedule', async () => {
    const s = await db.open(engine);
    for (const c of ['slack:T1:C1', 'slack:T1:C2', 'slack:T1:C3']) await enable(s, c);
    const at = Date.parse('2026-03-02T09:00:00Z');
    let planned = 0;
    const failing: PlanDue = (sch, days) => {
      if (++planned === 3) throw new Error('the notes went away');
      return postAll(sch, days);
    };
    await expect(s.deliveries.claimDue(claimAt(at, failing))).rejects.toThrow('the notes went away');
    for (const c of ['slack:T1:C1', 'slack:T1:C2', 'slack:T1:C3']) {
      expect(await s.deliveries.get(c, '2026-03-02')).toBeUndefined();
      expect(await s.schedules.get(c)).toMatchObject({ nextDate: '2026-03-02', position: 0 });
    }
    expect((await s.deliveries.claimDue(claimAt(at))).claimed).toHaveLength(3);
  });

  it('says when the next work is: the earliest enabled schedule or pending retry, nothing once all is sent or off', async () => {
    const s = await db.open(engine);
    expect(await s.deliveries.nextWorkAt()).toBeUndefined();
    await enable(s, 'slack:T1:C1');
    await enable(s, 'slack:T1:C2', T0, { timeOfDay: 10 * 60 });
    const at = Date.parse('2026-03-02T09:00:00Z');
    expect(await s.deliveries.nextWorkAt()).toBe(at);
    await s.schedules.disable('slack:T1:C1', 'slack:T1:U1', T0);
    expect(await s.deliveries.nextWorkAt()).toBe(at + 60 * MINUTE);
    // C2's claim is pending (lease until +10 min) and its schedule moved to tomorrow: the lease end is next.
    await s.deliveries.claimDue(claimAt(at + 60 * MINUTE));
    expect(await s.deliveries.nextWorkAt()).toBe(at + 70 * MINUTE);
    await s.deliveries.markRetry('slack:T1:C2', '2026-03-02', at + 65 * MINUTE, 'socket hang up', at + 60 * MINUTE);
    expect(await s.deliveries.nextWorkAt()).toBe(at + 65 * MINUTE);
    expect(await s.deliveries.markSending('slack:T1:C2', '2026-03-02', 'a', at + 65 * MINUTE)).toBe(false);
    await s.deliveries.claimDue(claimAt(at + 65 * MINUTE));
    expect(await s.deliveries.markSending('slack:T1:C2', '2026-03-02', 'a', at + 65 * MINUTE)).toBe(true);
    await s.deliveries.markSent('slack:T1:C2', '2026-03-02', 'M1', at + 65 * MINUTE);
    expect(await s.deliveries.nextWorkAt()).toBe(at + 60 * MINUTE + DAY);
  });

  it('moves a post through sending to sent, retrying or failed; only the holder of a claim may send it', async () => {
    const s = await db.open(engine);
    await enable(s, 'slack:T1:C1');
    const at = Date.parse('2026-03-02T09:00:00Z');
    await s.deliveries.claimDue(claimAt(at));
    expect(await s.deliveries.markSending('slack:T1:C1', '2026-03-02', 'b', at)).toBe(false);
    expect(await s.deliveries.markSending('slack:T1:C1', '2026-03-02', 'a', at)).toBe(true);
    expect(await s.deliveries.markSending('slack:T1:C1', '2026-03-02', 'a', at)).toBe(false);
    await s.deliveries.markRetry('slack:T1:C1', '2026-03-02', at + MINUTE, 'socket hang up', at);
    expect(await s.deliveries.get('slack:T1:C1', '2026-03-02')).toMatchObject({ status: 'retrying', retryAt: at + MINUTE, error: 'socket hang up', attempts: 1 });
    // The retry's time comes: the tick takes it over (another instance may), and sends it.
    const retry = await s.deliveries.claimDue(claimAt(at + MINUTE, postAll, 'b'));
    expect(retry.claimed).toEqual([{ channel: 'slack:T1:C1', date: '2026-03-02', deadline: at + 120 * MINUTE, attempts: 1, conceptId: 'c1', questionId: 'q1' }]);
    expect(await s.deliveries.markSending('slack:T1:C1', '2026-03-02', 'b', at + MINUTE)).toBe(true);
    await s.deliveries.markSent('slack:T1:C1', '2026-03-02', 'M1', at + MINUTE);
    expect(await s.deliveries.get('slack:T1:C1', '2026-03-02')).toMatchObject({ status: 'sent', messageId: 'M1', sentAt: at + MINUTE, attempts: 2 });
    await s.deliveries.markFailed('slack:T1:C1', '2026-03-02', 'refused', 'invite the bot', at + 2 * MINUTE);
    expect(await s.deliveries.get('slack:T1:C1', '2026-03-02')).toMatchObject({ status: 'failed', error: 'refused', fix: 'invite the bot' });
  });

  it('hands unsent claims back at shutdown and fails a pending post whose channel turned the daily concept off', async () => {
    const s = await db.open(engine);
    await enable(s, 'slack:T1:C1');
    await enable(s, 'slack:T1:C2');
    const at = Date.parse('2026-03-02T09:00:00Z');
    await s.deliveries.claimDue(claimAt(at));
    await s.deliveries.handBack('a', at + 1000);
    await s.schedules.disable('slack:T1:C2', 'u', at + 1000);
    const next = await s.deliveries.claimDue(claimAt(at + 2000, postAll, 'b'));
    expect(next.claimed.map((c) => c.channel)).toEqual(['slack:T1:C1']);
    expect(await s.deliveries.get('slack:T1:C2', '2026-03-02')).toMatchObject({ status: 'failed', error: 'The daily concept was turned off before this post went out.' });
  });

  it('tells the days a channel already has, from a date on, and its latest', async () => {
    const s = await db.open(engine);
    await enable(s, 'slack:T1:C1');
    for (let d = 0; d < 3; d++) await s.deliveries.claimDue(claimAt(Date.parse('2026-03-02T09:00:00Z') + d * DAY));
    const days = await s.deliveries.days('slack:T1:C1', '2026-03-03');
    expect(days.latest).toBe('2026-03-04');
    expect(['2026-03-02', '2026-03-03', '2026-03-04', '2026-03-05'].map(days.taken)).toEqual([false, true, true, false]);
    expect((await s.deliveries.recent('slack:T1:C1', 2)).map((r) => r.date)).toEqual(['2026-03-04', '2026-03-03']);
    expect((await s.deliveries.days('slack:T1:C9', '2026-03-01')).latest).toBeUndefined();
  });
});

describe.each(ENGINES)('CheckAnswers on %s', (engine) => {
  it('keeps each person’s first answer to a post', async () => {
    const s = await db.open(engine);
    const click = { channel: 'slack:T1:C1', message: '17.1', user: 'slack:T1:U1', question: 'q1', option: 2, now: T0 };
    expect(await s.checkAnswers.first(click)).toEqual({ option: 2, isNew: true });
    expect(await s.checkAnswers.first({ ...click, option: 0 })).toEqual({ option: 2, isNew: false });
    expect(await s.checkAnswers.first({ ...click, user: 'slack:T1:U2', option: 0 })).toEqual({ option: 0, isNew: true });
    expect(await s.checkAnswers.first({ ...click, message: '17.2', option: 1 })).toEqual({ option: 1, isNew: true });
  });
});

describe('daily storage on PostgreSQL, with several processes at once', () => {
  it('keeps one first answer when a person clicks a post’s check ten times at once', async () => {
    const first = await db.open('postgres');
    const all = [first, ...(await Promise.all([1, 2, 3].map(() => db.another(first))))];
    for (let round = 0; round < 5; round++) {
      const results = await Promise.all(
        Array.from({ length: 10 }, (_, n) => all[n % 4]!.checkAnswers.first({ channel: 'slack:T1:C1', message: `m${round}`, user: 'slack:T1:U1', question: 'q1', option: n % 4, now: T0 })),
      );
      expect(results.filter((r) => r.isNew)).toHaveLength(1);
      expect(new Set(results.map((r) => r.option)).size).toBe(1);
    }
  });

  it('four schedulers ticking together for four days post once per channel and day, 200 channels in 3 zones', async () => {
    const library = loadLibrary(FIXTURE_CONTENT);
    const first = await db.open('postgres');
    const all = [first, ...(await Promise.all([1, 2, 3].map(() => db.another(first, { poolSize: 2 }))))];
    const zones = ['UTC', 'America/New_York', 'Asia/Kolkata'];
    const start = Date.parse('2026-03-01T00:00:00Z');
    const channels = Array.from({ length: 200 }, (_, i) => `slack:T${i % 7}:C${i}`);
    for (const [i, channel] of channels.entries()) await enable(first, channel, start, { timeOfDay: NINE + (i % 5), timezone: zones[i % 3]! });
    const clock = new FakeClock(start);
    const bots = all.map((storage) => {
      const core = buildCore({ storage, library, clock, daily: { pacer: new PostPacer(() => clock.ms, async () => {}) } });
      const port = new RecordingPort('slack', clock);
      core.ports.add(port);
      return { scheduler: core.daily, port };
    });
    // The minutes that matter, all four at once: 09:00-09:07 local in Kolkata (03:30 UTC), UTC, and New York (14:00 UTC).
    for (let day = 0; day < 4; day++) {
      for (const utcMinute of [3 * 60 + 30, 9 * 60, 14 * 60]) {
        for (let m = 0; m < 8; m++) {
          clock.ms = start + day * DAY + (utcMinute + m) * MINUTE;
          const reports = await Promise.all(bots.map((b) => b.scheduler.tick()));
          expect(reports.every((r) => r.failed === 0)).toBe(true);
        }
      }
    }
    const posts = bots.flatMap((b) => b.port.posts);
    const perDay = new Map<string, number>();
    for (const p of posts) {
      const key = `${p.channel} ${new Date(p.at).toLocaleDateString('sv-SE', { timeZone: zones[Number(p.channel.split('C')[1]) % 3] })}`;
      perDay.set(key, (perDay.get(key) ?? 0) + 1);
    }
    expect([...perDay.values()].filter((n) => n > 1)).toEqual([]);
    expect(posts).toHaveLength(channels.length * 4);
    // The rotation moved once per post: four days, four concepts, in book order, in every channel.
    const positions = await Promise.all(channels.map(async (c) => (await first.schedules.get(c))!.position));
    expect(new Set(positions)).toEqual(new Set([4]));
    expect(bots.filter((b) => b.port.posts.length > 0).length).toBeGreaterThan(1);
  }, 60_000);
});
