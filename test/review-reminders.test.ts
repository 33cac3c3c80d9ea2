import { describe, expect, it } from 'vitest';
import type { LocalDate, Occurrence } from '../src/daily/local-time.js';
import { nextReminder, reminderDue, type ReminderRule } from '../src/review/reminder-plan.js';

const MIN = 60_000;
const DAY = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString();
const hhmm = (s: string) => Number(s.slice(0, 2)) * 60 + Number(s.slice(3));

/**
 * A per-minute tick from `from` to `to` (a tick lands 250 ms into the minute), as the engine will run it: a stored
 * next instant selects the row, `reminderDue` decides from the last date handled. `down` are spans when the process
 * is not running.
 */
function run(rule: ReminderRule, turnedOnAt: number, to: number, down: [number, number][] = []): { date: LocalDate; sentAt: string }[] {
  const sent: { date: LocalDate; sentAt: string }[] = [];
  let last: LocalDate | undefined;
  let next: Occurrence = nextReminder(rule, last, turnedOnAt);
  for (let now = Math.floor(turnedOnAt / MIN) * MIN + MIN + 250; now <= to; now += MIN) {
    if (down.some(([a, b]) => now >= a && now < b)) continue;
    if (next.at <= now) {
      const d = reminderDue(rule, last, now);
      if (d.owed) {
        sent.push({ date: d.owed.date, sentAt: iso(now - 250) });
        last = d.owed.date;
      }
      next = d.next;
    }
  }
  return sent;
}

describe('review reminders across clock changes', () => {
  it('arrive once a local day in New York across the spring-forward night, at 03:00 when 02:30 does not exist', () => {
    const rule = { timeOfDay: hhmm('02:30'), timezone: 'America/New_York' };
    const sent = run(rule, Date.parse('2026-03-06T12:00:00Z'), Date.parse('2026-03-11T12:00:00Z'));
    expect(sent).toEqual([
      { date: '2026-03-07', sentAt: '2026-03-07T07:30:00.000Z' }, // 02:30 EST
      { date: '2026-03-08', sentAt: '2026-03-08T07:00:00.000Z' }, // 03:00 EDT, the first minute after the gap
      { date: '2026-03-09', sentAt: '2026-03-09T06:30:00.000Z' }, // 02:30 EDT
      { date: '2026-03-10', sentAt: '2026-03-10T06:30:00.000Z' },
      { date: '2026-03-11', sentAt: '2026-03-11T06:30:00.000Z' },
    ]);
  });

  it('arrive once a local day in New York across the fall-back night, at the first 01:30 of the two', () => {
    const rule = { timeOfDay: hhmm('01:30'), timezone: 'America/New_York' };
    const sent = run(rule, Date.parse('2026-10-30T12:00:00Z'), Date.parse('2026-11-03T12:00:00Z'));
    expect(sent).toEqual([
      { date: '2026-10-31', sentAt: '2026-10-31T05:30:00.000Z' }, // 01:30 EDT
      { date: '2026-11-01', sentAt: '2026-11-01T05:30:00.000Z' }, // the first 01:30 (EDT); not again at 06:30Z (EST)
      { date: '2026-11-02', sentAt: '2026-11-02T06:30:00.000Z' }, // 01:30 EST
      { date: '2026-11-03', sentAt: '2026-11-03T06:30:00.000Z' },
    ]);
  });

  it.each([
    ['Berlin in March', 'Europe/Berlin', '02:30', '2026-03-27T00:00:00Z', '2026-04-01T00:00:00Z'],
    ['Berlin in October', 'Europe/Berlin', '02:30', '2026-10-23T00:00:00Z', '2026-10-28T00:00:00Z'],
    ['Lord Howe (half-hour change) in October', 'Australia/Lord_Howe', '02:15', '2026-10-01T00:00:00Z', '2026-10-06T00:00:00Z'],
    ['Lord Howe in April', 'Australia/Lord_Howe', '01:45', '2026-04-02T00:00:00Z', '2026-04-07T00:00:00Z'],
    ['Sydney at midnight in October', 'Australia/Sydney', '00:00', '2026-10-01T00:00:00Z', '2026-10-07T00:00:00Z'],
  ])('arrive once a local day in %s, on consecutive days', (_name, zone, time, from, to) => {
    const sent = run({ timeOfDay: hhmm(time), timezone: zone }, Date.parse(from), Date.parse(to));
    const dates = sent.map((s) => s.date);
    expect(new Set(dates).size).toBe(dates.length);
    for (let i = 1; i < dates.length; i++) expect(Date.parse(dates[i]!) - Date.parse(dates[i - 1]!)).toBe(DAY);
    expect(dates.length).toBeGreaterThanOrEqual(4);
  });
});

describe('when a reminder is first and next due', () => {
  const rule = { timeOfDay: hhmm('08:30'), timezone: 'Europe/Berlin' };

  it('starts today when turned on before (or within the minute of) the time, else tomorrow', () => {
    expect(nextReminder(rule, undefined, Date.parse('2026-07-01T05:00:00Z'))).toEqual({ date: '2026-07-01', at: Date.parse('2026-07-01T06:30:00Z') });
    expect(nextReminder(rule, undefined, Date.parse('2026-07-01T06:30:40Z'))).toEqual({ date: '2026-07-01', at: Date.parse('2026-07-01T06:30:00Z') });
    expect(nextReminder(rule, undefined, Date.parse('2026-07-01T06:31:00Z'))).toEqual({ date: '2026-07-02', at: Date.parse('2026-07-02T06:30:00Z') });
  });

  it('after a morning of downtime sends today’s reminder late, once', () => {
    const down: [number, number][] = [[Date.parse('2026-07-02T06:00:00Z'), Date.parse('2026-07-02T09:00:00Z')]];
    const sent = run(rule, Date.parse('2026-07-01T05:00:00Z'), Date.parse('2026-07-03T12:00:00Z'), down);
    expect(sent).toEqual([
      { date: '2026-07-01', sentAt: '2026-07-01T06:30:00.000Z' },
      { date: '2026-07-02', sentAt: '2026-07-02T09:00:00.000Z' },
      { date: '2026-07-03', sentAt: '2026-07-03T06:30:00.000Z' },
    ]);
  });

  it('after days of downtime sends only the day it comes back on, never the missed days', () => {
    const down: [number, number][] = [[Date.parse('2026-07-02T00:00:00Z'), Date.parse('2026-07-05T05:00:00Z')]];
    const sent = run(rule, Date.parse('2026-07-01T05:00:00Z'), Date.parse('2026-07-05T12:00:00Z'), down);
    expect(sent.map((s) => s.date)).toEqual(['2026-07-01', '2026-07-05']);
    expect(sent[1]!.sentAt).toBe('2026-07-05T06:30:00.000Z');
  });

  it('after a restart in the evening of a handled day waits for tomorrow', () => {
    expect(nextReminder(rule, '2026-07-01', Date.parse('2026-07-01T20:00:00Z'))).toEqual({ date: '2026-07-02', at: Date.parse('2026-07-02T06:30:00Z') });
  });

  it('refuses a zone Intl does not know', () => {
    expect(() => nextReminder({ timeOfDay: 510, timezone: 'Mars/Olympus' }, undefined, 0)).toThrow(RangeError);
  });
});
