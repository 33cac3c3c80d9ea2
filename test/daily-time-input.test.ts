import { describe, expect, it } from 'vitest';
import { plainText } from '../src/core/reply.js';
import { loadConfig } from '../src/config.js';
import { testBot } from './support/test-bot.js';

const manager = { canManage: true };

async function on(args: string) {
  const b = testBot();
  b.clock.set('2026-03-02T06:00:00Z');
  const r = await b.say('alice', `/daily on ${args}`, manager);
  expect(b.errors).toEqual([]);
  return { kind: r.kind, data: r.data ?? {}, text: plainText(r) };
}

/** The offset of `zone` in minutes at an instant, straight from Intl. */
function offset(zone: string, iso: string): number {
  const at = Date.parse(iso);
  const wall = new Date(new Date(at).toLocaleString('en-US', { timeZone: zone, hourCycle: 'h23' }) + ' UTC').getTime();
  return Math.round((wall - at) / 60_000);
}

describe('times and zones in /daily on: one reader, forgiving, with suggestions', () => {
  it.each([
    // Abbreviations: the region's civil zone (with daylight saving), and the reply says so.
    ['09:00 EST', '09:00', 'America/New_York', 'EST read as America/New_York'],
    ['09:00 EDT', '09:00', 'America/New_York', 'EDT read as America/New_York'],
    ['09:00 ET', '09:00', 'America/New_York', 'US Eastern time'],
    ['09:00 CST', '09:00', 'America/Chicago', 'for China Standard Time use Asia/Shanghai'],
    ['09:00 MST', '09:00', 'America/Denver', 'America/Phoenix'],
    ['09:00 pdt', '09:00', 'America/Los_Angeles', 'PDT read as America/Los_Angeles'],
    ['09:00 PT', '09:00', 'America/Los_Angeles', 'US Pacific time'],
    ['09:00 CET', '09:00', 'Europe/Berlin', 'CET read as Europe/Berlin'],
    ['09:00 CEST', '09:00', 'Europe/Berlin', 'Central European time'],
    ['09:00 BST', '09:00', 'Europe/London', 'UK time'],
    ['09:00 IST', '09:00', 'Asia/Kolkata', 'for Irish time use Europe/Dublin'],
    ['09:00 JST', '09:00', 'Asia/Tokyo', 'Japan time'],
    ['09:00 AEST', '09:00', 'Australia/Sydney', 'Australia/Brisbane'],
    ['09:00 AEDT', '09:00', 'Australia/Sydney', 'daylight saving included'],
    // 12-hour times.
    ['8am Europe/Berlin', '08:00', 'Europe/Berlin', 'First post Mon 2026-03-02 at 08:00'],
    ['9:00pm UTC', '21:00', 'UTC', 'at 21:00'],
    ['9 pm UTC', '21:00', 'UTC', 'at 21:00'],
    ['12am UTC', '00:00', 'UTC', 'First post Tue 2026-03-03 at 00:00'],
    ['12pm UTC', '12:00', 'UTC', 'at 12:00'],
    ['noon europe/berlin', '12:00', 'Europe/Berlin', 'at 12:00'],
    ['7:45 AM America/new_york', '07:45', 'America/New_York', 'at 07:45'],
    ['Asia/Kolkata 18:30', '18:30', 'Asia/Kolkata', 'at 18:30'],
  ])('/daily on %s → %s %s, saying “%s”', async (args, time, timezone, says) => {
    const r = await on(args);
    expect(r.kind).toBe('info');
    expect(r.data).toMatchObject({ time, timezone });
    expect(r.text).toContain(says);
  });

  it.each([
    ['09:00 berlin', '“berlin” is not a timezone name.', 'Did you mean Europe/Berlin? For example: /daily on 09:00 Europe/Berlin'],
    ['09:00 new york', '“new york” is not a timezone name.', 'Did you mean America/New_York?'],
    ['8am sao paulo', 'is not a timezone name', 'Did you mean America/Sao_Paulo? For example: /daily on 08:00 America/Sao_Paulo'],
    ['09:00 munich', 'is not a timezone name', 'Did you mean Europe/Berlin?'],
    ['09:00 Europe/Berln', '“Europe/Berln” is not a timezone I know', 'Did you mean Europe/Berlin?'],
    ['09:00 UTC+1', '“UTC+1” is a fixed offset: it ignores daylight saving', 'Did you mean Europe/Berlin? For example: /daily on 09:00 Europe/Berlin'],
    ['09:00 UTC+1', 'A city’s zone follows them', 'To keep UTC+1 all year, use Etc/GMT-1 (IANA reverses the sign).'],
    ['09:00 GMT-5', 'is a fixed offset', 'Did you mean America/New_York?'],
    ['09:00 GMT-5', 'is a fixed offset', 'use Etc/GMT+5'],
    ['09:00 +05:30', 'is a fixed offset', 'Did you mean Asia/Kolkata?'],
    ['25:00', '“25:00” is not a time of day', '/daily on 09:00 Europe/Berlin'],
    ['13pm', '“13pm” is not a time of day', '/daily on 09:00 Europe/Berlin'],
    ['9 UTC', '“9” is only an hour', 'Did you mean 09:00 or 21:00 (9am or 9pm)?'],
    ['09:00 Mars/Olympus', '“Mars/Olympus” is not a timezone I know', '/help daily lists what is accepted'],
  ])('/daily on %s is refused: “%s” with “%s”', async (args, message, suggestion) => {
    const r = await on(args);
    expect(r.kind).toBe('error');
    expect(r.text).toContain(message);
    expect(r.text).toContain(suggestion);
  });

  it('never maps an abbreviation that has daylight saving to a zone without it', async () => {
    for (const abbr of ['EST', 'EDT', 'ET', 'CST', 'CDT', 'MST', 'MDT', 'PST', 'PDT', 'PT', 'CET', 'CEST', 'BST', 'AEST', 'AEDT', 'NZST', 'EET', 'WET', 'AKST']) {
      const zone = (await on(`09:00 ${abbr}`)).data.timezone as string;
      expect(offset(zone, '2026-01-15T12:00:00Z'), `${abbr} → ${zone}`).not.toBe(offset(zone, '2026-07-15T12:00:00Z'));
    }
  });

  it('/help daily lists the times, zones, days and chapters it accepts', async () => {
    const text = plainText(await testBot().say('alice', '/help daily'));
    for (const part of ['8am', '9:00pm', '12am', 'Europe/Berlin', 'EST/EDT/ET → America/New_York', 'UTC+2', 'mon-fri', 'ch4']) expect(text).toContain(part);
  });

  it('the configured defaults go through the same reader', () => {
    expect(loadConfig({ DAILY_DEFAULT_TIME: '8am', DAILY_DEFAULT_TIMEZONE: 'CET' }).daily).toMatchObject({ defaultTime: '08:00', defaultTimezone: 'Europe/Berlin' });
    expect(() => loadConfig({ DAILY_DEFAULT_TIMEZONE: 'berlin' })).toThrow(/DAILY_DEFAULT_TIMEZONE .*Did you mean Europe\/Berlin\?/);
    expect(() => loadConfig({ DAILY_DEFAULT_TIME: '25:00' })).toThrow(/DAILY_DEFAULT_TIME must be a time of day/);
  });
});
