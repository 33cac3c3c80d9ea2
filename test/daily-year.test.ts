import { describe, expect, it } from 'vitest';
import { loadLibrary } from '../src/content/content-loader.js';
import { memoryStorage } from './support/storages.js';
import { dailyWorld, fakeClock, MINUTE, wallClock } from './support/daily-world.js';
import { FIXTURE_CONTENT } from './support/test-bot.js';

const minutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3));

// Times chosen inside each zone's daylight-saving hours: a gap on one day of 2026 and a repeat on another.
const CHANNELS = [
  { channel: 'console:ny-gap', zone: 'America/New_York', time: '02:30', gapDay: '2026-03-08', gapPost: '03:00' },
  { channel: 'console:ny-repeat', zone: 'America/New_York', time: '01:30', repeatDay: '2026-11-01' },
  { channel: 'console:berlin', zone: 'Europe/Berlin', time: '02:30', gapDay: '2026-03-29', gapPost: '03:00', repeatDay: '2026-10-25' },
  { channel: 'console:lord-howe-gap', zone: 'Australia/Lord_Howe', time: '02:15', gapDay: '2026-10-04', gapPost: '02:30' },
  { channel: 'console:lord-howe-repeat', zone: 'Australia/Lord_Howe', time: '01:45', repeatDay: '2026-04-05' },
];

describe('a simulated year of daily posts', () => {
  it('posts exactly once per local day in New York, Berlin and Lord Howe, through both daylight-saving changes', async () => {
    const library = loadLibrary(FIXTURE_CONTENT);
    const db = memoryStorage();
    const clock = fakeClock('2025-12-31T00:00:00Z');
    const { port, scheduler } = dailyWorld({ storage: db, library, clock });
    for (const c of CHANNELS) await db.schedules.enable({ channel: c.channel, timeOfDay: minutes(c.time), timezone: c.zone, by: 'console:test', now: clock.ms, seed: 1 });

    // One tick a minute, as node-cron would, for a year and two days.
    const end = Date.parse('2027-01-02T00:00:00Z');
    for (; clock.ms < end; clock.advance(MINUTE)) await scheduler.tick();

    for (const c of CHANNELS) {
      const posts = port.posts.filter((p) => p.channel === c.channel).map((p) => ({ ...wallClock(p.at, c.zone), at: p.at }));
      const byDate = new Map<string, number>();
      for (const p of posts) byDate.set(p.date, (byDate.get(p.date) ?? 0) + 1);
      // Every local day of 2026, once each.
      for (let d = Date.parse('2026-01-01T00:00:00Z'); d < Date.parse('2027-01-01T00:00:00Z'); d += 86_400_000) {
        const date = new Date(d).toISOString().slice(0, 10);
        expect(byDate.get(date), `${c.channel} on ${date}`).toBe(1);
      }
      expect([...byDate.values()].every((n) => n === 1), `${c.channel}: a day posted twice`).toBe(true);
      for (const p of posts) {
        const expected = p.date === c.gapDay ? c.gapPost : c.time;
        expect(`${p.date} ${p.time}`).toBe(`${p.date} ${expected}`);
      }
      if (c.repeatDay) {
        // The first of the two 01:30s (or 02:30s): the one before the clocks go back, an hour (half hour) earlier in UTC.
        const post = posts.find((p) => p.date === c.repeatDay)!;
        expect(wallClock(post.at + (c.zone === 'Australia/Lord_Howe' ? 30 : 60) * MINUTE, c.zone).time).toBe(c.time);
      }
    }
    // Rotation: the fixture notes' concepts come round in book order, none repeating within a cycle.
    const ids = port.posts.filter((p) => p.channel === 'console:berlin').map((p) => (p.reply.data!.daily as { concept: string }).concept);
    const n = library.concepts.length;
    expect(ids.slice(0, n)).toEqual(library.concepts.map((c) => c.id));
    expect(ids.slice(n, 2 * n)).toEqual(library.concepts.map((c) => c.id));
  }, 120_000);
});
