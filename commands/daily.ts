import type { Concept } from '../src/content/types.js';
import { CHAPTER_FORMS, requireChapters } from '../src/content/chapter-spec.js';
import { UserError } from '../src/core/errors.js';
import { reply, type Reply } from '../src/core/reply.js';
import { safeEcho } from '../src/core/safe-text.js';
import { answerReply, pickQuestion, renderDailyPost, repeatedAnswerReply, resolveClick } from '../src/daily/daily-post.js';
import type { DailySchedule } from '../src/daily/daily-store.js';
import { daysFrom } from '../src/daily/delivery-log.js';
import { chaptersLabel, dayLabel, resumeAt, scheduleLine, statusBlocks, untilLabel, upcomingPosts, whenLabel } from '../src/daily/daily-status.js';
import { firstPostFrom } from '../src/daily/due-planner.js';
import { formatTimeOfDay, localDateTime } from '../src/daily/local-time.js';
import { followedConcepts, upcomingConcepts } from '../src/daily/rotation.js';
import { upcomingWeakFirst } from '../src/daily/weak-first-rotation.js';
import { readScheduleTime, readTimeOfDay, TIME_AND_ZONE_FORMS } from '../src/daily/time-and-zone.js';
import { readWeekdays, WEEKDAY_FORMS, weekdaysLabel } from '../src/daily/weekdays.js';
import type { BotButton, BotCommand, BotContext } from '../src/services.js';
import { platformOf, workspaceOf } from '../src/core/channel-id.js';

const USAGE = 'Try /daily on 09:00 Europe/Berlin, /daily off, /daily status, /daily upcoming, /daily now, /daily chapters 1,3-4, /daily days mon-fri or /daily order shuffled.';

const desk = (ctx: BotContext) => ctx.services.daily;
const nowOf = (ctx: BotContext) => ctx.services.clock.now();

/** The days the channel's delivery log has from a couple of days before now: what no new post may be for. */
async function taken(ctx: BotContext) {
  return (await desk(ctx).deliveries.days(ctx.channel, daysFrom(nowOf(ctx)))).taken;
}

/** Schedule changes are for channel managers; the adapters set `canManage` from the platform's permissions. */
function requireManager(ctx: BotContext): void {
  if (ctx.speaker.canManage) return;
  const who =
    ctx.platform === 'discord'
      ? 'people with the Manage Channels permission'
      : ctx.platform === 'slack'
        ? 'workspace admins and the people listed in SLACK_ADMIN_USERS'
        : 'channel managers';
  throw new UserError(`Only ${who} can change the daily concept here.`, 'Anyone can see it with /daily status and /daily upcoming.');
}

/** What this workspace set with `/settings` (none in the console, where there is no workspace). */
async function workspaceSettings(ctx: BotContext) {
  return platformOf(ctx.channel) === 'console' ? undefined : ctx.services.workspaces.settings(workspaceOf(ctx.channel));
}

/**
 * `/daily on [time] [zone]`. What is left out comes from the channel's saved schedule (so `/daily off` then
 * `/daily on` resumes as it was), then from the workspace's `/settings`, then from the configured defaults. The first post quoted is the stored next
 * post, computed by the scheduler's own rule (`firstPostFrom`), so the promise is what will happen.
 */
async function turnOn(ctx: BotContext, words: string[]): Promise<Reply> {
  requireManager(ctx);
  const d = desk(ctx);
  const now = nowOf(ctx);
  const saved = await d.store.get(ctx.channel);
  const mine = await workspaceSettings(ctx);
  const read = readScheduleTime(words, now);
  const minutes = read.minutes ?? saved?.timeOfDay ?? mine?.dailyTime ?? readTimeOfDay(d.defaults.time)!;
  const timezone = read.zone?.zone ?? saved?.timezone ?? mine?.dailyTimezone ?? d.defaults.timezone;
  const s = await d.store.enable({ channel: ctx.channel, timeOfDay: minutes, timezone, by: ctx.speaker.id, now, seed: Math.floor(ctx.services.random() * 2 ** 31) });
  const isTaken = await taken(ctx);
  const first = upcomingPosts(s, 1)[0]!;
  const next = (await nextConcepts(ctx, s, 1))[0];
  // Said when the promise differs from the plain reading of the time: today already had its post.
  const untaken = firstPostFrom(s, now);
  const why = untaken && untaken.date !== first.date && isTaken(untaken.date) ? ` (${dayLabel(untaken.date)} already has its post: one a day)` : '';
  const resumed = words.length === 0 && saved ? ' Resumed with its saved time and zone.' : '';
  // The local time actually posted: on a spring-forward day a time in the gap posts at the first minute after it.
  const at = formatTimeOfDay(localDateTime(first.at, s.timezone).minutes);
  return reply(
    [
      { type: 'text', text: `The daily concept is on here: ${scheduleLine(s)}.${resumed}` },
      ...(read.zone?.note ? [{ type: 'note' as const, text: read.zone.note }] : []),
      { type: 'note', text: `First post ${dayLabel(first.date)} at ${at} (${untilLabel(first.at - now)})${why}${next ? `: ${next.title}` : ''}. Change it with /daily on HH:MM Zone; stop it with /daily off.` },
    ],
    {
      visibility: 'channel',
      kind: 'info',
      data: { enabled: true, time: formatTimeOfDay(s.timeOfDay), timezone: s.timezone, days: weekdaysLabel(s.weekdays), nextDue: new Date(first.at).toISOString(), nextDate: first.date },
    },
  );
}

/** `1,3-4`, `ch4`, `chapter 4` or `all` → chapter numbers ([] = all), by the one chapter reader every command uses. */
function parseChapters(ctx: BotContext, words: string[]): number[] {
  const text = words.join(' ');
  if (text === '') throw new UserError('Which chapters? Give numbers or ranges, or all.', 'For example: /daily chapters 1,3-4 or /daily chapters all');
  if (text.toLowerCase() === 'all') return [];
  return requireChapters(text, ctx.services.library, '/daily chapters 1,3-4 or /daily chapters all');
}

async function requireSchedule(ctx: BotContext) {
  const s = await desk(ctx).store.get(ctx.channel);
  if (!s) throw new UserError('The daily concept has not been set up in this channel.', 'Turn it on first: /daily on 09:00 Europe/Berlin');
  return s;
}

async function status(ctx: BotContext): Promise<Reply> {
  const d = desk(ctx);
  const s = await d.store.get(ctx.channel);
  if (!s?.enabled) return offStatus(ctx, s);
  const lib = ctx.services.library;
  const next = (await nextConcepts(ctx, s, 1))[0];
  const recent = await d.deliveries.recent(ctx.channel, 3);
  return reply(statusBlocks(lib, s, next, recent, nowOf(ctx)), {
    kind: 'info',
    data: {
      enabled: true,
      time: formatTimeOfDay(s.timeOfDay),
      timezone: s.timezone,
      days: weekdaysLabel(s.weekdays),
      nextDue: s.nextDue !== undefined ? new Date(s.nextDue).toISOString() : null,
      nextDate: s.nextDate ?? null,
      next: next?.id ?? null,
      chapters: s.chapters,
      order: s.order,
      weakFirst: s.weakFirst,
      recent: recent.map((r) => ({ date: r.date, status: r.status, error: r.error ?? null, fix: r.fix ?? null })),
    },
  });
}

/** Status while off: what `/daily on` would resume, and when its first post would be, by the same rule. */
async function offStatus(ctx: BotContext, s: DailySchedule | undefined): Promise<Reply> {
  if (!s) {
    return reply([{ type: 'text', text: 'The daily concept is off in this channel.' }, { type: 'note', text: 'A channel manager can turn it on: /daily on 09:00 Europe/Berlin' }], {
      kind: 'info',
      data: { enabled: false },
    });
  }
  const now = nowOf(ctx);
  const first = resumeAt(s, now, await taken(ctx));
  return reply(
    [
      { type: 'text', text: 'The daily concept is off in this channel.' },
      { type: 'text', text: `/daily on resumes it: ${scheduleLine(s)}${first ? `, first post ${whenLabel(first, s.timezone, now)}` : ''}.` },
      { type: 'note', text: 'A channel manager can turn it back on with /daily on, or choose another time: /daily on 09:00 Europe/Berlin' },
    ],
    {
      kind: 'info',
      data: { enabled: false, resume: { time: formatTimeOfDay(s.timeOfDay), timezone: s.timezone, days: weekdaysLabel(s.weekdays), nextDue: first ? new Date(first.at).toISOString() : null, nextDate: first?.date ?? null } },
    },
  );
}

async function upcoming(ctx: BotContext): Promise<Reply> {
  const s = await requireSchedule(ctx);
  const concepts = await nextConcepts(ctx, s, 5);
  if (concepts.length === 0) throw new UserError(`The chapters this channel follows (${chaptersLabel(s.chapters)}) have no concepts.`, 'Choose others: /daily chapters all');
  const dates = upcomingPosts(s, concepts.length, await taken(ctx)).map((p) => p.date);
  return reply(
    [
      { type: 'heading', text: 'Next daily concepts' },
      { type: 'list', items: concepts.map((c, i) => `${dates[i] ? `${dayLabel(dates[i])}: ` : ''}**${c.title}** (Ch. ${c.chapter})`) },
      { type: 'note', text: s.enabled ? scheduleLine(s) : 'The daily concept is off; this is the order it would follow.' },
    ],
    { kind: 'info', data: { upcoming: concepts.map((c) => c.id), dates } },
  );
}

/**
 * One post right now, outside the rotation: the rotation's position does not move. Members may ask for one unless
 * the workspace's admins set `/settings daily-now admins`.
 */
async function postNow(ctx: BotContext): Promise<Reply> {
  if (!ctx.speaker.canManage && (await workspaceSettings(ctx))?.membersDailyNow === false) {
    throw new UserError('In this workspace only admins can post the daily concept on demand.', 'See today’s with /daily status, or ask an admin.');
  }
  const { library } = ctx.services;
  const s = await desk(ctx).store.get(ctx.channel);
  const pool = followedConcepts(library, s?.chapters ?? []);
  if (pool.length === 0) throw new UserError('The chapters this channel follows have no concepts.', 'Choose others: /daily chapters all');
  const concept = pool[Math.floor(ctx.services.random() * pool.length)] ?? pool[0]!;
  const question = pickQuestion(library, concept, `${ctx.channel}|now|${new Date(nowOf(ctx)).toISOString()}`);
  return renderDailyPost(library, concept, question);
}

async function chapters(ctx: BotContext, words: string[]): Promise<Reply> {
  requireManager(ctx);
  await requireSchedule(ctx);
  const list = parseChapters(ctx, words);
  await desk(ctx).store.setChapters(ctx.channel, list, ctx.speaker.id, nowOf(ctx));
  const n = followedConcepts(ctx.services.library, list).length;
  return reply([{ type: 'text', text: `The daily concept now follows ${chaptersLabel(list)}: ${n} concepts, each once before any repeats.` }], {
    visibility: 'channel',
    kind: 'info',
    data: { chapters: list, concepts: n },
  });
}

/** `/daily days mon-fri`: the days of the week it posts on; the next post moves to the first such day. */
async function days(ctx: BotContext, words: string[]): Promise<Reply> {
  requireManager(ctx);
  await requireSchedule(ctx);
  const d = desk(ctx);
  const now = nowOf(ctx);
  const s = await d.store.setWeekdays(ctx.channel, readWeekdays(words.join(' ')), ctx.speaker.id, now);
  const first = upcomingPosts(s, 1)[0];
  return reply(
    [
      { type: 'text', text: `The daily concept now posts ${weekdaysLabel(s.weekdays)} at ${formatTimeOfDay(s.timeOfDay)} ${s.timezone}.` },
      { type: 'note', text: first ? `Next post: ${whenLabel(first, s.timezone, now)}.` : 'It is off; /daily on resumes it on these days.' },
    ],
    { visibility: 'channel', kind: 'info', data: { days: weekdaysLabel(s.weekdays), nextDue: first ? new Date(first.at).toISOString() : null, nextDate: first?.date ?? null } },
  );
}

/**
 * The concepts the next posts will have: the rotation's own order, or for weak-first the weakest remaining ones
 * by the channel's mastery as it stands now (later answers can change the order, never the "once per cycle").
 */
async function nextConcepts(ctx: BotContext, s: DailySchedule, count: number): Promise<Concept[]> {
  const lib = ctx.services.library;
  if (!s.weakFirst) return upcomingConcepts(lib, s, count);
  return upcomingWeakFirst(lib, s, await ctx.services.quiz.teamMastery(ctx.channel), count);
}

/**
 * `/daily order book|shuffled|weak-first`. Weak-first keeps the current book or shuffled cycle and takes the
 * concepts the channel misses first (src/daily/weak-first-rotation.ts); book or shuffled turns it off.
 */
async function order(ctx: BotContext, words: string[]): Promise<Reply> {
  requireManager(ctx);
  const s = await requireSchedule(ctx);
  const want = words[0]?.toLowerCase();
  if (want !== 'book' && want !== 'shuffled' && want !== 'weak-first') {
    throw new UserError('The order is book, shuffled or weak-first.', 'For example: /daily order shuffled, or /daily order weak-first to post what the channel misses first');
  }
  const weakFirst = want === 'weak-first';
  const base = weakFirst ? s.order : want;
  await desk(ctx).store.setOrder(ctx.channel, base, ctx.speaker.id, nowOf(ctx), weakFirst);
  const text = weakFirst
    ? `The daily concept now comes weak-first: each day the concept this channel misses most in quizzes among those not posted yet this cycle (then ${base === 'book' ? 'book' : 'shuffled'} order), starting a new cycle. Every concept still comes once before any repeats.`
    : `The daily concept now goes in ${want === 'book' ? 'book order' : 'shuffled order'}, starting a new cycle.`;
  return reply([{ type: 'text', text }], { visibility: 'channel', kind: 'info', data: { order: base, weakFirst } });
}

export const daily: BotCommand = {
  name: 'daily',
  description: 'A concept posted here once a day: on, off, status, upcoming, now, chapters, days, order',
  options: [{ name: 'action', description: 'on [time] [timezone] | off | status | upcoming | now | chapters <list|all> | days <days> | order <book|shuffled|weak-first>', type: 'string', rest: true }],
  examples: ['/daily on 09:00 Europe/Berlin', '/daily on 8am EST', '/daily status', '/daily upcoming', '/daily chapters 1,3-4', '/daily days mon-fri', '/daily now', '/daily off'],
  accepts: [...TIME_AND_ZONE_FORMS, WEEKDAY_FORMS, CHAPTER_FORMS],
  // Only `now` posts for everyone at a member's request; the rest is private or needs a channel manager.
  postsInChannel: (args) => /^now\b/i.test(args.trim()),
  async run(ctx) {
    const [sub = 'status', ...words] = ctx.args.split(' ').filter(Boolean);
    switch (sub.toLowerCase()) {
      case 'on':
        return turnOn(ctx, words);
      case 'off': {
        requireManager(ctx);
        const was = await desk(ctx).store.disable(ctx.channel, ctx.speaker.id, nowOf(ctx));
        return reply([{ type: 'text', text: was ? 'The daily concept is off in this channel. Its place in the rotation is kept for when it comes back.' : 'The daily concept was not on in this channel.' }], {
          visibility: was ? 'channel' : 'private',
          kind: 'info',
          data: { enabled: false, changed: was },
        });
      }
      case 'status':
        return status(ctx);
      case 'upcoming':
        return upcoming(ctx);
      case 'now':
        return postNow(ctx);
      case 'chapters':
        return chapters(ctx, words);
      case 'days':
        return days(ctx, words);
      case 'order':
        return order(ctx, words);
      default:
        throw new UserError(`/daily has no “${safeEcho(sub, 30)}”.`, USAGE);
    }
  },
};

/**
 * A click on a daily post's answer button (`daily:<questionId>:<option>:<fingerprints>`, or the older
 * `daily:<questionId>:<option>`): judged privately against the options as they were posted.
 */
export const dailyAnswer: BotButton = {
  prefix: 'daily',
  async run({ args, services, speaker, channel, message }) {
    const [questionId = '', ...rest] = args;
    const question = services.library.questions.find((q) => q.id === questionId);
    if (!question) throw new UserError('That question is no longer in the notes.', 'Try /daily now for a fresh one.');
    const click = resolveClick(question, rest);
    if (click.kind === 'invalid') throw new UserError('That answer button is not valid any more.');
    if (click.kind !== 'changed') {
      // The first click was answered with the right answer: a second one must not be scored as if it were fresh.
      const now = services.clock.now();
      const stands = await services.daily.checks.first({
        channel,
        message: message?.id ?? `question:${question.id}`,
        user: speaker.id,
        question: question.id,
        option: click.shown,
        now,
      });
      if (!stands.isNew) return repeatedAnswerReply(question, stands.option);
      // The first answer is also a review of the person's card (never rejects: a failure is logged, the check answered).
      if (click.kind === 'judge') await services.review.countTeamAnswers([{ person: speaker.id, question, right: click.chosen === question.answer, at: now, source: 'daily-check' }]);
    }
    return answerReply(services.library, question, click);
  },
};
