import { describe, expect, it } from 'vitest';
import { plainText } from '../src/core/reply.js';
import { dailyWorld, MINUTE } from './support/daily-world.js';
import { testBot } from './support/test-bot.js';

const manager = { canManage: true };

/** Runs a conversation from Mon 2 March 2026 08:00 UTC; returns the last reply. */
async function conversation(lines: string[]) {
  const b = testBot();
  b.clock.set('2026-03-02T08:00:00Z');
  let last = await b.say('alice', '/daily status');
  for (const line of lines) last = await b.say('alice', line, manager);
  expect(b.errors).toEqual([]);
  return { kind: last.kind, data: last.data ?? {}, text: plainText(last), bot: b };
}

describe('settings that are kept: /daily off and on resume, days of the week', () => {
  it.each<[string[], Record<string, unknown>, string]>([
    [['/daily on 09:00 Europe/Berlin', '/daily off', '/daily on'], { time: '09:00', timezone: 'Europe/Berlin' }, 'every day at 09:00 Europe/Berlin'],
    [['/daily on 09:00 Europe/Berlin', '/daily off', '/daily on'], { nextDue: '2026-03-02T08:00:00.000Z' }, 'Resumed with its saved time and zone.'],
    [['/daily on 7am EST', '/daily off', '/daily on'], { time: '07:00', timezone: 'America/New_York' }, 'at 07:00 America/New_York'],
    [['/daily on 09:00 Europe/Berlin', '/daily on 18:30'], { time: '18:30', timezone: 'Europe/Berlin' }, 'at 18:30 Europe/Berlin'],
    [['/daily on 09:00 Europe/Berlin', '/daily off', '/daily status'], { enabled: false, resume: { time: '09:00', timezone: 'Europe/Berlin', days: 'every day', nextDate: '2026-03-02' } }, '/daily on resumes it: every day at 09:00 Europe/Berlin'],
    [['/daily on 09:00 Europe/Berlin', '/daily days mon-fri', '/daily off', '/daily status'], { resume: { days: 'Mon–Fri' } }, 'Mon–Fri at 09:00 Europe/Berlin'],
    [['/daily on 09:00 UTC', '/daily days mon-fri'], { days: 'Mon–Fri', nextDate: '2026-03-02' }, 'now posts Mon–Fri at 09:00 UTC'],
    [['/daily on 09:00 UTC', '/daily days weekdays', '/daily status'], { days: 'Mon–Fri' }, 'On: Mon–Fri at 09:00 UTC'],
    [['/daily on 09:00 UTC', '/daily days weekends'], { days: 'Sat, Sun', nextDate: '2026-03-07' }, 'Next post: Sat 2026-03-07 09:00 UTC'],
    [['/daily on 09:00 UTC', '/daily days mon,wed,fri', '/daily upcoming'], { dates: ['2026-03-02', '2026-03-04', '2026-03-06', '2026-03-09', '2026-03-11'] }, 'Mon, Wed, Fri at 09:00 UTC'],
    [['/daily on 09:00 UTC', '/daily days tue-thu'], { days: 'Tue–Thu', nextDate: '2026-03-03' }, 'Next post: Tue 2026-03-03 09:00 UTC (in 25 h)'],
    [['/daily on 09:00 UTC', '/daily days mon-fri', '/daily days every day'], { days: 'every day' }, 'now posts every day'],
    [['/daily on 09:00 UTC', '/daily days someday'], {}, '“someday” is not a day of the week.'],
  ])('%j → %j, saying “%s”', async (lines, data, says) => {
    const r = await conversation(lines);
    expect(r.data).toMatchObject(data);
    expect(r.text).toContain(says);
  });

  it('/daily days is honoured by the scheduler: a Mon–Fri channel posts nothing at the weekend', async () => {
    const { bot } = await conversation(['/daily on 09:00 UTC', '/daily days mon-fri']);
    const { port, scheduler } = dailyWorld({ storage: bot.storage, library: bot.services.library, clock: bot.clock });
    for (const end = Date.parse('2026-03-16T00:00:00Z'); bot.clock.ms < end; bot.clock.advance(MINUTE)) await scheduler.tick();
    const days = port.posts.map((p) => new Date(p.at).toISOString().slice(0, 16));
    expect(days).toEqual(['02', '03', '04', '05', '06', '09', '10', '11', '12', '13'].map((d) => `2026-03-${d}T09:00`));
  });
});
