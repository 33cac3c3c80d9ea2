/*
 * Wall-clock time in an IANA timezone, with Intl only. A schedule says "09:00 in Europe/Berlin"; the engine needs
 * the UTC instant of that wall time on a given local date, including the two days a year when it is ambiguous.
 */

const MINUTE = 60_000;
const DAY = 86_400_000;

/** A calendar date as `YYYY-MM-DD`. */
export type LocalDate = string;

export interface LocalDateTime {
  date: LocalDate;
  /** Minutes since local midnight. */
  minutes: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timezone: string): Intl.DateTimeFormat {
  let f = formatters.get(timezone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: timezone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
    });
    formatters.set(timezone, f);
  }
  return f;
}

/** The wall time at `instant` in `timezone` from Intl, as if it were a UTC timestamp (ms, minute precision). */
function formatWall(instant: number, timezone: string): number {
  let y = 0, mo = 0, d = 0, h = 0, mi = 0;
  for (const p of formatter(timezone).formatToParts(instant)) {
    if (p.type === 'year') y = Number(p.value);
    else if (p.type === 'month') mo = Number(p.value);
    else if (p.type === 'day') d = Number(p.value);
    else if (p.type === 'hour') h = Number(p.value);
    else if (p.type === 'minute') mi = Number(p.value);
  }
  return Date.UTC(y, mo - 1, d, h, mi);
}

// formatToParts costs ~45 µs; a tick with 1,000 due channels needs several per channel. Every zone's offset is a
// whole number of quarter hours today, so its changes fall on quarter-hour UTC instants: one lookup per zone and
// quarter hour is exact, and a tick's channels share them.
const QUARTER_HOUR = 15 * MINUTE;
const offsets = new Map<string, number>();

/** The zone's offset from UTC at `instant`, in ms. */
function offsetAt(instant: number, timezone: string): number {
  const start = Math.floor(instant / QUARTER_HOUR) * QUARTER_HOUR;
  const key = `${timezone}|${start}`;
  let offset = offsets.get(key);
  if (offset === undefined) {
    offset = formatWall(start, timezone) - start;
    if (offsets.size >= 100_000) offsets.clear();
    offsets.set(key, offset);
  }
  return offset;
}

/** The zone's offset from UTC at `instant` (UTC ms), in minutes: +60 for Berlin in winter. */
export function offsetMinutesAt(instant: number, timezone: string): number {
  return offsetAt(instant, timezone) / MINUTE;
}

/** The wall time at `instant` in `timezone`, as if it were a UTC timestamp (ms, minute precision). */
function wallAsUtc(instant: number, timezone: string): number {
  return Math.floor(instant / MINUTE) * MINUTE + offsetAt(instant, timezone);
}

function dateOfUtcMs(ms: number): LocalDate {
  return new Date(ms).toISOString().slice(0, 10);
}

/** The local date and time of day at `instant`. */
export function localDateTime(instant: number, timezone: string): LocalDateTime {
  const wall = wallAsUtc(instant, timezone);
  return { date: dateOfUtcMs(wall), minutes: Math.floor((wall % DAY) / MINUTE) };
}

export function addDays(date: LocalDate, days: number): LocalDate {
  return dateOfUtcMs(Date.parse(`${date}T00:00:00Z`) + days * DAY);
}

/** `HH:MM` → minutes since midnight. The caller has validated the text. */
export function parseTimeOfDay(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number);
  return h! * 60 + m!;
}

export function formatTimeOfDay(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

/**
 * The UTC instant the wall time `minutes` happens on `date` in `timezone`. When the clocks go back and the time
 * happens twice, the first; when they spring forward over it, the first valid minute after the gap (a 02:30
 * schedule in New York posts at 03:00 that day).
 */
export function instantOf(date: LocalDate, minutes: number, timezone: string): number {
  const wall = Date.parse(`${date}T00:00:00Z`) + minutes * MINUTE;
  // Real zones change offset at most once within a day either side, so these two offsets are the only candidates.
  const before = offsetAt(wall - DAY, timezone);
  const after = offsetAt(wall + DAY, timezone);
  const candidates = [wall - before, wall - after].filter((u) => wallAsUtc(u, timezone) === wall);
  if (candidates.length) return Math.min(...candidates);
  // In the gap: the transition is the first instant whose offset is the new one; search it to the minute.
  let lo = Math.min(wall - before, wall - after);
  let hi = Math.max(wall - before, wall - after);
  while (hi - lo > MINUTE) {
    const mid = lo + Math.floor((hi - lo) / 2 / MINUTE) * MINUTE;
    if (offsetAt(mid, timezone) === after) hi = mid;
    else lo = mid;
  }
  return hi;
}

export interface Occurrence {
  /** The local date the post belongs to: the claim key with the channel. */
  date: LocalDate;
  /** When it is due, UTC ms. */
  at: number;
}

/** The last time the daily wall time happened at or before `instant`. */
export function latestOccurrence(instant: number, minutes: number, timezone: string): Occurrence {
  let date = localDateTime(instant, timezone).date;
  for (let i = 0; i < 3; i++, date = addDays(date, -1)) {
    const at = instantOf(date, minutes, timezone);
    if (at <= instant) return { date, at };
  }
  throw new Error(`no occurrence of ${formatTimeOfDay(minutes)} in ${timezone} near ${new Date(instant).toISOString()}`);
}

/** The first time the daily wall time happens strictly after `instant`. */
export function nextOccurrence(instant: number, minutes: number, timezone: string): Occurrence {
  const last = latestOccurrence(instant, minutes, timezone);
  const date = addDays(last.date, 1);
  return { date, at: instantOf(date, minutes, timezone) };
}
