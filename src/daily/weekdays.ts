import { UserError } from '../core/errors.js';
import { safeEcho } from '../core/safe-text.js';
import type { LocalDate } from './local-time.js';

/**
 * The days of the week a channel's daily concept posts on, as a bit set over ISO weekdays: bit 0 is Monday, bit 6
 * Sunday (ISO 8601 numbering, so Monday–Friday is the low five bits). Stored as an integer in `daily_schedules`.
 */
export type Weekdays = number;

export const EVERY_DAY: Weekdays = 0b1111111;
const MON_FRI: Weekdays = 0b0011111;
const WEEKEND: Weekdays = 0b1100000;
const NAMES = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
const EXAMPLE = 'For example: /daily days mon-fri, /daily days mon,wed,fri or /daily days every day';

/** What `/help daily` shows about days; kept beside the parser. */
export const WEEKDAY_FORMS = 'Days: every day (or daily), weekdays (mon-fri), weekends, a range such as tue-thu, or a list such as mon,wed,fri.';

/** ISO weekday index of a local date: 0 Monday … 6 Sunday. */
export function weekdayOf(date: LocalDate): number {
  return (new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7;
}

/** Does a schedule with these days post on `date`? */
export function postsOn(days: Weekdays, date: LocalDate): boolean {
  return (days & (1 << weekdayOf(date))) !== 0;
}

const FULL = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];

/** A day's index from its name or any unambiguous start of it of two letters or more (mo, tues, thurs). */
function dayIndex(word: string): number | undefined {
  const w = word.toLowerCase().replace(/\.$/, '');
  const found = w.length >= 2 ? FULL.flatMap((d, i) => (d.startsWith(w) ? [i] : [])) : [];
  return found.length === 1 ? found[0] : undefined;
}

/**
 * Reads the days for `/daily days`: `every day`/`daily`/`all`, `weekdays`, `weekends`, ranges `mon-fri` (wrapping:
 * `fri-mon` is Fri, Sat, Sun, Mon), lists `mon,wed,fri` or `mon wed fri`, full or short names in any case.
 * Returns the day set; throws a UserError with examples for anything else.
 */
export function readWeekdays(text: string): Weekdays {
  const t = text.trim().toLowerCase().replace(/\s*([-–,])\s*/g, '$1');
  if (!t) throw new UserError('Which days? Give days of the week.', EXAMPLE);
  if (/^(every ?day|everyday|daily|all|all days|7 days)$/.test(t)) return EVERY_DAY;
  if (/^(weekdays?|work ?days?|business days|mon-fri)$/.test(t)) return MON_FRI;
  if (/^(weekends?|sat-sun)$/.test(t)) return WEEKEND;
  let days = 0;
  for (const part of t.split(/[,\s]+|\band\b/).filter(Boolean)) {
    const [a, b, extra] = part.split(/[-–]/);
    const from = dayIndex(a ?? '');
    const to = b === undefined ? from : dayIndex(b);
    if (from === undefined || to === undefined || extra !== undefined) {
      throw new UserError(`“${safeEcho(part, 20)}” is not a day of the week.`, EXAMPLE);
    }
    for (let i = from; ; i = (i + 1) % 7) {
      days |= 1 << i;
      if (i === to) break;
    }
  }
  return days;
}

/** "every day", "Mon–Fri", "Sat–Sun", "Mon, Wed, Fri". */
export function weekdaysLabel(days: Weekdays): string {
  if ((days & EVERY_DAY) === EVERY_DAY) return 'every day';
  const on = NAMES.filter((_, i) => days & (1 << i));
  // A single run of three or more days reads better as a range.
  const first = NAMES.findIndex((_, i) => days & (1 << i));
  const run = on.length >= 3 && on.every((n) => NAMES.indexOf(n) < first + on.length) ? `${on[0]}–${on[on.length - 1]}` : undefined;
  if (days === MON_FRI) return 'Mon–Fri';
  return run ?? on.join(', ');
}
