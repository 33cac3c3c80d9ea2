import { describe, expect, it } from 'vitest';
import { plainText } from '../src/core/reply.js';
import { untilLabel } from '../src/daily/daily-status.js';
import { dailyWorld, MINUTE, wallClock } from './support/daily-world.js';
import { testBot } from './support/test-bot.js';

const manager = { canManage: true };

/**
 * Runs `/daily` commands at their times through the real scheduler (one tick a minute on a fake clock), then
 * checks every promise made after the last command — the confirmation's first post, status's "in …", and
 * upcoming's dates — against the posts that actually went out.
 */
async function promisesKept(steps: [string, string][], zone: string) {
  const b = testBot();
  b.clock.set(steps[0]![0]);
  const { port, scheduler } = dailyWorld({ storage: b.storage, library: b.services.library, clock: b.clock });
  let confirmation = await b.say('alice', '/daily status');
  for (const [at, command] of steps) {
    for (const until = Date.parse(at); b.clock.ms < until; b.clock.advance(MINUTE)) await scheduler.tick();
    b.clock.set(at);
    confirmation = await b.say('alice', command, manager);
    expect(confirmation.kind, plainText(confirmation)).toBe('info');
  }
  const promisedAt = Date.parse(confirmation.data!.nextDue as string);
  const status = plainText(await b.say('bob', '/daily status'));
  const upcoming = (await b.say('bob', '/daily upcoming')).data!.dates as string[];
  const from = b.clock.ms;
  const posted = port.posts.length;
  for (const end = from + 12 * 86_400_000; b.clock.ms < end; b.clock.advance(MINUTE)) await scheduler.tick();
  const after = port.posts.slice(posted);
  return {
    promised: new Date(promisedAt).toISOString(),
    firstPost: after[0] ? new Date(after[0].at).toISOString() : 'none',
    statusSays: status.includes(`(${untilLabel(promisedAt - from)})`),
    upcoming,
    postedDates: after.slice(0, upcoming.length).map((p) => wallClock(p.at, zone).date),
    confirmation: plainText(confirmation),
  };
}

describe('what /daily promises is what the scheduler posts', () => {
  it.each<[string, [string, string][], string, string, string]>([
    [
      'after today’s 09:00 post, a later time today waits for tomorrow (one post per local day)',
      [['2026-03-02T08:00:00Z', '/daily on 09:00 UTC'], ['2026-03-02T09:30:00Z', '/daily on 18:00 UTC']],
      'UTC',
      '2026-03-03T18:00:00.000Z',
      'First post Tue 2026-03-03 at 18:00 (in 32 h 30 min) (Mon 2026-03-02 already has its post: one a day)',
    ],
    [
      'before today’s post, a later time today is today',
      [['2026-03-02T08:00:00Z', '/daily on 09:00 UTC'], ['2026-03-02T08:30:00Z', '/daily on 18:00 UTC']],
      'UTC',
      '2026-03-02T18:00:00.000Z',
      'First post Mon 2026-03-02 at 18:00 (in 9 h 30 min)',
    ],
    [
      'turned off and on again after today’s post: tomorrow',
      [['2026-03-02T08:00:00Z', '/daily on 09:00 Europe/Berlin'], ['2026-03-02T09:00:00Z', '/daily off'], ['2026-03-02T09:01:00Z', '/daily on']],
      'Europe/Berlin',
      '2026-03-03T08:00:00.000Z',
      'First post Tue 2026-03-03 at 09:00',
    ],
    [
      'a zone moved west after today’s post: the local day that already had a post is skipped',
      [['2026-03-01T23:00:00Z', '/daily on 09:00 Asia/Tokyo'], ['2026-03-02T00:30:00Z', '/daily on 18:00 America/Los_Angeles']],
      'America/Los_Angeles',
      '2026-03-02T02:00:00.000Z',
      'First post Sun 2026-03-01 at 18:00',
    ],
    [
      'weekdays only, changed on a Friday after its post: Monday',
      [['2026-03-06T08:00:00Z', '/daily on 09:00 UTC'], ['2026-03-06T09:30:00Z', '/daily days mon-fri']],
      'UTC',
      '2026-03-09T09:00:00.000Z',
      'Next post: Mon 2026-03-09 09:00 UTC (in 71 h 30 min)',
    ],
    [
      'a time in the spring-forward gap: the first minute after it',
      [['2026-03-08T05:00:00Z', '/daily on 02:30 America/New_York']],
      'America/New_York',
      '2026-03-08T07:00:00.000Z',
      'First post Sun 2026-03-08 at 03:00',
    ],
  ])('%s', async (_name, steps, zone, promised, says) => {
    const r = await promisesKept(steps, zone);
    expect(r.confirmation).toContain(says);
    expect({ promised: r.promised, statusSays: r.statusSays, upcoming: r.upcoming }).toEqual({ promised: r.firstPost, statusSays: true, upcoming: r.postedDates });
    expect(r.promised).toBe(promised);
  });
});
