import { describe, expect, it } from 'vitest';
import { planDue } from '../src/daily/due-planner.js';
import { instantOf, latestOccurrence, nextOccurrence } from '../src/daily/local-time.js';

const iso = (ms: number) => new Date(ms).toISOString();
const at = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3));

describe('wall time in a timezone', () => {
  it.each([
    // [zone, date, time, expected UTC]
    ['an ordinary winter day in New York', 'America/New_York', '2026-01-15', '09:00', '2026-01-15T14:00:00.000Z'],
    ['an ordinary summer day in Berlin', 'Europe/Berlin', '2026-07-01', '09:00', '2026-07-01T07:00:00.000Z'],
    ['a time in New York’s spring-forward gap, which moves to 03:00', 'America/New_York', '2026-03-08', '02:30', '2026-03-08T07:00:00.000Z'],
    ['a time in Berlin’s spring-forward gap, which moves to 03:00', 'Europe/Berlin', '2026-03-29', '02:30', '2026-03-29T01:00:00.000Z'],
    ['a time in Lord Howe’s half-hour gap, which moves to 02:30', 'Australia/Lord_Howe', '2026-10-04', '02:15', '2026-10-03T15:30:00.000Z'],
    ['New York’s repeated hour, which takes the first 01:30', 'America/New_York', '2026-11-01', '01:30', '2026-11-01T05:30:00.000Z'],
    ['Berlin’s repeated hour, which takes the first 02:30', 'Europe/Berlin', '2026-10-25', '02:30', '2026-10-25T00:30:00.000Z'],
    ['Lord Howe’s repeated half hour, which takes the first 01:45', 'Australia/Lord_Howe', '2026-04-05', '01:45', '2026-04-04T14:45:00.000Z'],
    ['midnight in a zone east of UTC, which is the day before in UTC', 'Asia/Tokyo', '2026-05-01', '00:00', '2026-04-30T15:00:00.000Z'],
  ])('resolves %s', (_name, zone, date, time, expected) => {
    expect(iso(instantOf(date, at(time), zone))).toBe(expected);
  });

  it('finds the next occurrence on the same local day when the time is still ahead, else the next day', () => {
    const morning = Date.parse('2026-07-01T05:00:00Z'); // 07:00 in Berlin
    expect(nextOccurrence(morning, at('09:00'), 'Europe/Berlin')).toEqual({ date: '2026-07-01', at: Date.parse('2026-07-01T07:00:00Z') });
    expect(latestOccurrence(morning, at('09:00'), 'Europe/Berlin').date).toBe('2026-06-30');
    const late = Date.parse('2026-07-01T08:00:00Z');
    expect(nextOccurrence(late, at('09:00'), 'Europe/Berlin').date).toBe('2026-07-02');
  });
});

describe('what a due schedule owes', () => {
  const s = { timeOfDay: at('09:00'), timezone: 'UTC', nextDue: Date.parse('2026-03-02T09:00:00Z'), nextDate: '2026-03-02' };
  const grace = 120 * 60_000;

  it('posts when the due time has just come', () => {
    const d = planDue(s, Date.parse('2026-03-02T09:00:00Z'), grace);
    expect(d).toMatchObject({ kind: 'post', date: '2026-03-02', next: { date: '2026-03-03' } });
  });

  it('still posts at the last minute of the grace window, and skips one minute later', () => {
    expect(planDue(s, Date.parse('2026-03-02T11:00:00Z'), grace).kind).toBe('post');
    expect(planDue(s, Date.parse('2026-03-02T11:01:00Z'), grace)).toMatchObject({ kind: 'missed', date: '2026-03-02', next: { date: '2026-03-03' } });
  });

  it('with no grace at all still posts on a tick that lands milliseconds after the minute', () => {
    expect(planDue(s, Date.parse('2026-03-02T09:00:00.250Z'), 0).kind).toBe('post');
    expect(planDue(s, Date.parse('2026-03-02T09:01:00.250Z'), 0).kind).toBe('missed');
  });

  it('after days of downtime owes only today’s post, never the earlier days', () => {
    const d = planDue(s, Date.parse('2026-03-05T10:00:00Z'), grace);
    expect(d).toMatchObject({ kind: 'post', date: '2026-03-05', next: { date: '2026-03-06', at: Date.parse('2026-03-06T09:00:00Z') } });
  });

  it('after days of downtime past today’s window skips to tomorrow', () => {
    const d = planDue(s, Date.parse('2026-03-05T12:00:00Z'), grace);
    expect(d).toMatchObject({ kind: 'missed', date: '2026-03-05', next: { date: '2026-03-06' } });
  });
});
