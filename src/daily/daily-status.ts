import type { Concept, Library } from '../content/types.js';
import type { Block } from '../core/reply.js';
import type { DailySchedule } from './daily-store.js';
import type { Delivery } from './delivery-log.js';
import { firstPostFrom, nextPosts, type TakenDate } from './due-planner.js';
import { formatTimeOfDay, localDateTime, type LocalDate, type Occurrence } from './local-time.js';
import { followedConcepts } from './rotation.js';
import { weekdaysLabel } from './weekdays.js';

const weekday = new Intl.DateTimeFormat('en-GB', { weekday: 'short', timeZone: 'UTC' });

/** "Tue 2026-03-10" */
export function dayLabel(date: LocalDate): string {
  return `${weekday.format(Date.parse(`${date}T00:00:00Z`))} ${date}`;
}

/** "in 5 h 3 min" */
export function untilLabel(ms: number): string {
  const minutes = Math.max(0, Math.ceil(ms / 60_000));
  if (minutes < 60) return `in ${minutes} min`;
  const h = Math.floor(minutes / 60);
  return minutes % 60 ? `in ${h} h ${minutes % 60} min` : `in ${h} h`;
}

export function chaptersLabel(chapters: readonly number[]): string {
  return chapters.length === 0 ? 'all chapters' : `chapter${chapters.length === 1 ? '' : 's'} ${chapters.join(', ')}`;
}

/** The schedule in one line: "every day at 09:00 Europe/Berlin · all chapters · book order", "Mon–Fri at …". */
export function scheduleLine(s: DailySchedule): string {
  return `${weekdaysLabel(s.weekdays)} at ${formatTimeOfDay(s.timeOfDay)} ${s.timezone} · ${chaptersLabel(s.chapters)} · ${s.order === 'book' ? 'book order' : 'shuffled'}${s.weakFirst ? ', weak-first' : ''}`;
}

/** What the last delivery says a person should know, if anything went wrong. */
export function problemNote(d: Delivery | undefined): string | undefined {
  if (!d) return undefined;
  switch (d.status) {
    case 'failed':
      return d.fix
        ? `The post for ${dayLabel(d.date)} was refused: ${d.error ?? 'unknown reason'} Fix: ${d.fix}`
        : `The post for ${dayLabel(d.date)} could not be sent (${d.attempts} attempt${d.attempts === 1 ? '' : 's'}); the details are in the bot's log.`;
    case 'missed':
      return `The post for ${dayLabel(d.date)} was skipped: the bot was not running within the grace window.`;
    case 'retrying':
      return `The post for ${dayLabel(d.date)} hit a temporary error; retrying at ${new Date(d.retryAt ?? 0).toISOString().slice(11, 16)} UTC.`;
    case 'sending':
      return `The post for ${dayLabel(d.date)} is being sent, or was when the bot stopped; it is never sent twice, so it may be missing.`;
    default:
      return undefined;
  }
}

/** The `/daily status` blocks for a schedule that is on. */
export function statusBlocks(library: Library, s: DailySchedule, next: Concept | undefined, recent: Delivery[], now: number): Block[] {
  const blocks: Block[] = [{ type: 'heading', text: 'Daily concept' }, { type: 'text', text: `On: ${scheduleLine(s)}.` }];
  const first = upcomingPosts(s, 1)[0];
  if (first) blocks.push({ type: 'text', text: `Next post: ${whenLabel(first, s.timezone, now)}${next ? `: **${next.title}**` : ''}.` });
  const total = followedConcepts(library, s.chapters).length;
  // Not the cycle number: every chapters or order change starts a new cycle (a fresh shuffle), so "Cycle 3: 0 of
  // 58" after two settings changes read as if the notes had been gone through twice.
  blocks.push({ type: 'note', text: `This round: ${Math.min(s.position, total)} of ${total} concepts posted.` });
  const problem = problemNote(recent.find((d) => d.status !== 'claimed'));
  if (problem) blocks.push({ type: 'note', text: problem });
  return blocks;
}

/**
 * The next `count` posts of a schedule that is on: the stored next post (what the scheduler will claim), then the
 * ones `nextPosts` gives after it — the function the scheduler advances with, so the dates cannot disagree. Pass
 * the delivery log's `taken` dates, as the scheduler does, so a day that already has a row is not promised.
 */
export function upcomingPosts(s: DailySchedule, count: number, taken?: TakenDate): Occurrence[] {
  if (!s.enabled || s.nextDue === undefined || !s.nextDate || count < 1) return [];
  return [{ date: s.nextDate, at: s.nextDue }, ...nextPosts(s, s.nextDue, count - 1, taken)];
}

/** When `/daily on` would post first if the schedule were turned back on at `now` (the same rule `enable` uses). */
export function resumeAt(s: DailySchedule, now: number, taken?: TakenDate): Occurrence | undefined {
  return firstPostFrom(s, now, taken);
}

/** "Tue 2026-03-10 18:00 Europe/Berlin (in 8 h 30 min)" */
export function whenLabel(at: Occurrence, timezone: string, now: number): string {
  return `${dayLabel(at.date)} ${formatTimeOfDay(localDateTime(at.at, timezone).minutes)} ${timezone} (${untilLabel(at.at - now)})`;
}
