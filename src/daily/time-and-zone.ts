/*
 * The one reader of times of day and timezones, for `/daily on`, the configuration defaults and `/help daily`.
 * Zones are checked against Intl (the IANA tz database that ships with Node's ICU), not a hand-kept list; only the
 * things Intl cannot know — which region an abbreviation like EST means, and a few big cities that are not zone
 * names — are kept here.
 */
import { UserError } from '../core/errors.js';
import { safeEcho } from '../core/safe-text.js';
import { offsetMinutesAt } from './local-time.js';

/** What `/help daily` shows about times and zones; kept beside the parser that accepts them. */
export const TIME_AND_ZONE_FORMS = [
  'Times: 24-hour 09:00, 9:00 or 21:30; 12-hour 8am, 9:00pm, 9 pm, 12am (midnight), 12pm (noon); noon, midnight.',
  'Zones: an IANA name such as Europe/Berlin, America/New_York, Asia/Kolkata or UTC (any letter case).',
  'Abbreviations mean their region’s civil time, daylight saving included: EST/EDT/ET → America/New_York, CST/CDT → America/Chicago, MST/MDT → America/Denver, PST/PDT/PT → America/Los_Angeles, CET/CEST → Europe/Berlin, BST → Europe/London, IST → Asia/Kolkata, JST → Asia/Tokyo, AEST/AEDT → Australia/Sydney, and more.',
  'A city (berlin, new york) or an offset (UTC+2, GMT-5) gets a suggestion: offsets ignore daylight saving, so a city is usually what you want.',
];

export const ZONE_EXAMPLE = '/daily on 09:00 Europe/Berlin';

/** Minutes after local midnight. */
export type MinutesOfDay = number;

const TWELVE_HOUR = /^(\d{1,2})(?:[:.](\d{2}))?\s*([ap])\.?\s*m\.?$/i;
const TWENTY_FOUR_HOUR = /^(\d{1,2})[:.h](\d{2})$/i;

/**
 * Reads a time of day: `09:00`, `9:00`, `21.30`, `8am`, `9:00pm`, `9 pm`, `12am` (00:00), `12pm` (12:00), `noon`,
 * `midnight`. Returns minutes after local midnight, or undefined when the text is not written as a time at all.
 * Throws a UserError with a suggestion when it is a time that cannot be (`25:00`, `13pm`) or only an hour (`9`,
 * which could be morning or evening).
 */
export function readTimeOfDay(text: string): MinutesOfDay | undefined {
  const t = text.trim().toLowerCase();
  if (t === 'noon' || t === 'midday') return 12 * 60;
  if (t === 'midnight') return 0;
  const twelve = TWELVE_HOUR.exec(t);
  if (twelve) {
    const h = Number(twelve[1]);
    const m = Number(twelve[2] ?? 0);
    if (h < 1 || h > 12 || m > 59) throw new UserError(`“${safeEcho(text, 20)}” is not a time of day: 12-hour times run from 12:00am to 11:59pm.`, `For example: ${ZONE_EXAMPLE} or /daily on 8pm Europe/Berlin`);
    // 12am is midnight and 12pm is noon (the US convention, and what phones show).
    return ((h % 12) + (twelve[3] === 'p' ? 12 : 0)) * 60 + m;
  }
  const full = TWENTY_FOUR_HOUR.exec(t);
  if (full) {
    const h = Number(full[1]);
    const m = Number(full[2]);
    if (h > 23 || m > 59) throw new UserError(`“${safeEcho(text, 20)}” is not a time of day. Use 00:00 to 23:59, or 8am / 9:30pm.`, `For example: ${ZONE_EXAMPLE}`);
    return h * 60 + m;
  }
  const hour = /^(\d{1,2})$/.exec(t);
  if (hour) {
    const h = Number(hour[1]);
    const hint = h >= 1 && h <= 12 ? `Did you mean ${pad(h)}:00 or ${pad(h + 12 === 24 ? 0 : h + 12)}:00 (${h}am or ${h}pm)?` : h <= 23 ? `Did you mean ${pad(h)}:00?` : 'Use 00:00 to 23:59, or 8am / 9:30pm.';
    throw new UserError(`“${safeEcho(text, 20)}” is only an hour: say which time of day.`, `${hint} For example: ${ZONE_EXAMPLE}`);
  }
  if (/^\d/.test(t)) throw new UserError(`“${safeEcho(text, 20)}” is not a time of day. Use 24-hour HH:MM or 12-hour 8am / 9:30pm.`, `For example: ${ZONE_EXAMPLE}`);
  return undefined;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

export interface ZoneChoice {
  /** An IANA zone Intl accepts. */
  zone: string;
  /** Said back to the person when the zone is not what they typed: "EST read as America/New_York (…)". */
  note?: string;
}

interface Abbreviation {
  zone: string;
  region: string;
  /** Another common reading of the same letters, or a part of the region that keeps different time. */
  aside?: string;
}

// Abbreviations are not IANA names, and some that Intl accepts are fixed offsets (EST is America/Panama, no
// daylight saving), so a team in New York typing EST would be an hour off all summer. People who type one mean
// their region's civil time, so each maps to a zone that follows that region's daylight-saving rules.
const ABBREVIATIONS: Record<string, Abbreviation> = {};
function abbreviations(names: string[], a: Abbreviation): void {
  for (const n of names) ABBREVIATIONS[n] = a;
}
abbreviations(['est', 'edt', 'et', 'eastern'], { zone: 'America/New_York', region: 'US Eastern time' });
abbreviations(['cst', 'cdt', 'ct', 'central'], { zone: 'America/Chicago', region: 'US Central time', aside: 'for China Standard Time use Asia/Shanghai' });
abbreviations(['mst', 'mdt', 'mt', 'mountain'], { zone: 'America/Denver', region: 'US Mountain time', aside: 'Arizona keeps standard time all year: use America/Phoenix there' });
abbreviations(['pst', 'pdt', 'pt', 'pacific'], { zone: 'America/Los_Angeles', region: 'US Pacific time' });
abbreviations(['akst', 'akdt'], { zone: 'America/Anchorage', region: 'Alaska time' });
abbreviations(['hst'], { zone: 'Pacific/Honolulu', region: 'Hawaii time' });
abbreviations(['ast', 'adt'], { zone: 'America/Halifax', region: 'Atlantic time' });
abbreviations(['nst', 'ndt'], { zone: 'America/St_Johns', region: 'Newfoundland time' });
abbreviations(['cet', 'cest', 'mez', 'mesz'], { zone: 'Europe/Berlin', region: 'Central European time (as in Paris, Rome, Madrid)' });
abbreviations(['wet', 'west'], { zone: 'Europe/Lisbon', region: 'Western European time' });
abbreviations(['eet', 'eest'], { zone: 'Europe/Athens', region: 'Eastern European time' });
abbreviations(['bst'], { zone: 'Europe/London', region: 'UK time' });
abbreviations(['ist'], { zone: 'Asia/Kolkata', region: 'India time', aside: 'for Irish time use Europe/Dublin, for Israel Asia/Jerusalem' });
abbreviations(['msk'], { zone: 'Europe/Moscow', region: 'Moscow time' });
abbreviations(['pkt'], { zone: 'Asia/Karachi', region: 'Pakistan time' });
abbreviations(['sgt'], { zone: 'Asia/Singapore', region: 'Singapore time' });
abbreviations(['hkt'], { zone: 'Asia/Hong_Kong', region: 'Hong Kong time' });
abbreviations(['jst'], { zone: 'Asia/Tokyo', region: 'Japan time' });
abbreviations(['kst'], { zone: 'Asia/Seoul', region: 'Korea time' });
abbreviations(['awst'], { zone: 'Australia/Perth', region: 'Western Australia time' });
abbreviations(['acst', 'acdt'], { zone: 'Australia/Adelaide', region: 'Central Australia time', aside: 'the Northern Territory keeps standard time: use Australia/Darwin there' });
abbreviations(['aest', 'aedt'], { zone: 'Australia/Sydney', region: 'Eastern Australia time', aside: 'Queensland keeps standard time all year: use Australia/Brisbane there' });
abbreviations(['nzst', 'nzdt'], { zone: 'Pacific/Auckland', region: 'New Zealand time' });
abbreviations(['brt'], { zone: 'America/Sao_Paulo', region: 'Brasília time' });
abbreviations(['sast'], { zone: 'Africa/Johannesburg', region: 'South Africa time' });

// Big cities people type that are not the city in their zone's name.
const CITIES: Record<string, string> = {
  sanfrancisco: 'America/Los_Angeles', seattle: 'America/Los_Angeles', boston: 'America/New_York',
  washington: 'America/New_York', miami: 'America/New_York', atlanta: 'America/New_York', dallas: 'America/Chicago',
  houston: 'America/Chicago', austin: 'America/Chicago', montreal: 'America/Toronto', munich: 'Europe/Berlin',
  frankfurt: 'Europe/Berlin', hamburg: 'Europe/Berlin', barcelona: 'Europe/Madrid', milan: 'Europe/Rome',
  geneva: 'Europe/Zurich', kolkata: 'Asia/Kolkata', mumbai: 'Asia/Kolkata', delhi: 'Asia/Kolkata', newdelhi: 'Asia/Kolkata',
  bangalore: 'Asia/Kolkata', bengaluru: 'Asia/Kolkata', beijing: 'Asia/Shanghai', kyiv: 'Europe/Kyiv',
};

// Zones offered for an offset, most-populous first, so UTC+2 in summer suggests Berlin rather than Africa/Blantyre.
const WELL_KNOWN = [
  'America/Los_Angeles', 'America/Denver', 'America/Chicago', 'America/New_York', 'America/Sao_Paulo', 'America/Halifax',
  'Europe/London', 'Europe/Berlin', 'Europe/Athens', 'Europe/Moscow', 'Africa/Lagos', 'Africa/Cairo', 'Africa/Johannesburg',
  'Asia/Dubai', 'Asia/Karachi', 'Asia/Kolkata', 'Asia/Dhaka', 'Asia/Bangkok', 'Asia/Shanghai', 'Asia/Tokyo',
  'Australia/Sydney', 'Pacific/Auckland', 'Pacific/Honolulu', 'America/Anchorage', 'Atlantic/Azores', 'America/Noronha',
];

let zoneIndex: { byLower: Map<string, string>; byCity: Map<string, string> } | undefined;

/** The IANA names Intl knows, by lower-case name and by city (last part, without spaces, `_` or `-`). */
function zones() {
  if (!zoneIndex) {
    const byLower = new Map<string, string>();
    const byCity = new Map<string, string>();
    for (const z of Intl.supportedValuesOf('timeZone')) {
      byLower.set(z.toLowerCase(), z);
      // Etc/GMT+5 and the like are no one's city.
      if (z.includes('/') && !z.startsWith('Etc/')) byCity.set(cityKey(z.split('/').pop()!), z);
    }
    zoneIndex = { byLower, byCity };
  }
  return zoneIndex;
}

function cityKey(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[\s_\-.']/g, '');
}

function intlZone(text: string): string | undefined {
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: text }).resolvedOptions().timeZone;
  } catch {
    return undefined;
  }
}

function suggestion(zone: string, time: string): string {
  return `Did you mean ${zone}? For example: /daily on ${time} ${zone}`;
}

/**
 * Reads a timezone as people type it. Returns the IANA zone (with a note when it is not what was typed), or
 * throws a UserError that suggests one:
 * - IANA names in any letter case (Intl decides which exist; aliases such as US/Eastern become their canonical name);
 * - abbreviations (EST, PDT, CET, IST …) → their region's zone with daylight saving, said back in the note;
 * - a city (`berlin`, `new york`) → "did you mean Europe/Berlin?";
 * - an offset (`UTC+2`, `GMT-5`, `+05:30`) → explains that a fixed offset ignores daylight saving, names cities at
 *   that offset at `now` (UTC ms) and the Etc/GMT zone that keeps the offset all year (IANA reverses its sign).
 * `time` is only used to write the suggested command ("/daily on 09:00 Europe/Berlin").
 */
export function readTimezone(text: string, now: number, time = '09:00'): ZoneChoice {
  const typed = text.trim();
  const lower = typed.toLowerCase();
  const abbr = ABBREVIATIONS[lower.replace(/\./g, '')];
  if (abbr) {
    return { zone: abbr.zone, note: `${typed.toUpperCase()} read as ${abbr.zone} (${abbr.region}, daylight saving included)${abbr.aside ? `; ${abbr.aside}` : ''}.` };
  }
  const offset = /^(?:utc|gmt|z)?\s*([+-−])\s*(\d{1,2})(?::?(\d{2}))?$/i.exec(typed);
  if (offset) throw offsetError(typed, offset[1] === '+' ? 1 : -1, Number(offset[2]), Number(offset[3] ?? 0), now, time);
  const { byLower, byCity } = zones();
  const exact = byLower.get(lower);
  if (exact) return { zone: exact };
  // Intl knows more spellings than it lists (aliases such as US/Eastern, Asia/Kolkata, UTC).
  if (/^[a-z0-9_+\-/]+$/i.test(typed) && typed.length <= 40) {
    const alias = intlZone(typed);
    // A properly written alias is kept as typed (Asia/Kolkata, which ICU would rename Asia/Calcutta).
    if (alias) return { zone: /^[A-Z][a-z]+(?:\/[A-Z][A-Za-z_-]+)+$/.test(typed) ? typed : alias };
  }
  const city = CITIES[cityKey(typed)] ?? byCity.get(cityKey(typed)) ?? byCity.get(cityKey(typed.split('/').pop() ?? ''));
  if (city) throw new UserError(`“${safeEcho(typed, 40)}” is not a timezone name.`, suggestion(city, time));
  const near = closestZone(lower);
  throw new UserError(
    `“${safeEcho(typed, 40)}” is not a timezone I know. Use an IANA name such as Europe/Berlin, America/New_York or UTC.`,
    near ? suggestion(near, time) : `For example: ${ZONE_EXAMPLE}. /help daily lists what is accepted.`,
  );
}

function offsetError(typed: string, sign: number, hours: number, minutes: number, now: number, time: string): UserError {
  const total = sign * (hours * 60 + minutes);
  const cities = WELL_KNOWN.filter((z) => offsetMinutesAt(now, z) === total).slice(0, 2);
  const label = `UTC${sign > 0 ? '+' : '−'}${hours}${minutes ? `:${pad(minutes)}` : ''}`;
  // IANA's Etc zones use POSIX signs: Etc/GMT-2 is two hours *ahead* of UTC. They exist for whole hours only.
  const etc = minutes === 0 && hours <= 12 ? `Etc/GMT${sign > 0 ? '-' : '+'}${hours}` : undefined;
  const parts = [cities.length ? suggestion(cities[0]!, time) : undefined, cities[1] ? `(${cities[1]} is also ${label} today.)` : undefined, etc ? `To keep ${label} all year, use ${etc} (IANA reverses the sign).` : undefined];
  return new UserError(
    `“${safeEcho(typed, 20)}” is a fixed offset: it ignores daylight saving, so the post would move by an hour when your clocks change. A city’s zone follows them.`,
    parts.filter(Boolean).join(' ') || `For example: ${ZONE_EXAMPLE}`,
  );
}

/** The listed zone nearest to a typo (Europe/Berln → Europe/Berlin), when it is near enough to be likely. */
function closestZone(lower: string): string | undefined {
  if (lower.length < 4 || lower.length > 40) return undefined;
  let best: string | undefined;
  let bestDistance = Math.max(2, Math.floor(lower.length / 5)) + 1;
  for (const [key, zone] of zones().byLower) {
    if (Math.abs(key.length - lower.length) >= bestDistance) continue;
    const d = editDistance(lower, key, bestDistance);
    if (d < bestDistance) {
      bestDistance = d;
      best = zone;
    }
  }
  return best;
}

/** Levenshtein distance, cut short once every path is at least `limit`. */
function editDistance(a: string, b: string, limit: number): number {
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    let least = i;
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
      least = Math.min(least, row[j]!);
    }
    if (least >= limit) return limit;
    prev = row;
  }
  return prev[b.length]!;
}

/** A time and zone read from the words after `/daily on`; either may be missing. */
export interface ScheduleTime {
  minutes?: MinutesOfDay;
  zone?: ZoneChoice;
}

/**
 * Reads `[time] [zone]` as typed after `/daily on`: `09:00 Europe/Berlin`, `9 pm new york` (the zone part is
 * then refused with a suggestion), `8am EST`, `Europe/Berlin` alone. The time is the leading words that read as
 * one (`9 pm` is two words); the rest is the zone. `now` (UTC ms) is for offset suggestions.
 */
export function readScheduleTime(words: readonly string[], now: number): ScheduleTime {
  const out: ScheduleTime = {};
  let rest = [...words];
  if (rest.length >= 2 && /^[ap]\.?m\.?$/i.test(rest[1]!) && /^\d/.test(rest[0]!)) rest = [`${rest[0]}${rest[1]}`, ...rest.slice(2)];
  if (rest.length) {
    const m = readTimeOfDay(rest[0]!);
    if (m !== undefined) {
      out.minutes = m;
      rest = rest.slice(1);
    }
  }
  if (rest.length) {
    const zoneText = rest.join(' ');
    // "Europe/Berlin 09:00": a time after the zone is still a time.
    const last = rest.length > 1 ? readTimeOfDay(rest[rest.length - 1]!) : undefined;
    if (last !== undefined && out.minutes === undefined) {
      out.minutes = last;
      out.zone = readTimezone(rest.slice(0, -1).join(' '), now);
    } else {
      out.zone = readTimezone(zoneText, now, out.minutes !== undefined ? formatMinutes(out.minutes) : undefined);
    }
  }
  return out;
}

function formatMinutes(m: number): string {
  return `${pad(Math.floor(m / 60))}:${pad(m % 60)}`;
}
