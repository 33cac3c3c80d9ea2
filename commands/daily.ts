import { isValidTimezone, TIME_OF_DAY } from '../src/config.js';
import type { ButtonHandler, Command, CommandContext } from '../src/core/command.js';
import { UserError } from '../src/core/errors.js';
import { reply, type Reply } from '../src/core/reply.js';
import { safeEcho } from '../src/core/safe-text.js';
import type { DailyDesk } from '../src/daily/daily-desk.js';
import { answerReply, pickQuestion, renderDailyPost } from '../src/daily/daily-post.js';
import { chaptersLabel, dayLabel, scheduleLine, statusBlocks, upcomingDates } from '../src/daily/daily-status.js';
import { formatTimeOfDay, localDateTime, parseTimeOfDay } from '../src/daily/local-time.js';
import { followedConcepts, upcomingConcepts } from '../src/daily/rotation.js';

const USAGE = 'Try /daily on 09:00 Europe/Berlin, /daily off, /daily status, /daily upcoming, /daily now, /daily chapters 1,3-4 or /daily order shuffled.';

function desk(ctx: CommandContext): DailyDesk {
  if (!ctx.services.daily) throw new UserError('The daily concept needs the bot’s database, which is not set up here.');
  return ctx.services.daily;
}

/** Schedule changes are for channel managers; the adapters set `canManage` from the platform's permissions. */
function requireManager(ctx: CommandContext): void {
  if (ctx.speaker.canManage) return;
  const who =
    ctx.platform === 'discord'
      ? 'people with the Manage Channels permission'
      : ctx.platform === 'slack'
        ? 'workspace admins and the people listed in SLACK_ADMIN_USERS'
        : 'channel managers';
  throw new UserError(`Only ${who} can change the daily concept here.`, 'Anyone can see it with /daily status and /daily upcoming.');
}

function canonicalTimezone(tz: string): string {
  return new Intl.DateTimeFormat('en-US', { timeZone: tz }).resolvedOptions().timeZone;
}

function turnOn(ctx: CommandContext, words: string[]): Reply {
  requireManager(ctx);
  const d = desk(ctx);
  let time = d.defaults.time;
  let timezone = d.defaults.timezone;
  for (const w of words) {
    if (/^\d/.test(w)) {
      if (!TIME_OF_DAY.test(w)) throw new UserError(`“${safeEcho(w, 20)}” is not a time of day. Use 24-hour HH:MM.`, 'For example: /daily on 09:00 Europe/Berlin');
      time = w;
    } else if (isValidTimezone(w)) timezone = canonicalTimezone(w);
    else throw new UserError(`“${safeEcho(w, 40)}” is not a timezone I know. Use an IANA name such as Europe/Berlin, America/New_York or UTC.`, 'For example: /daily on 09:00 Europe/Berlin');
  }
  const now = ctx.services.now().getTime();
  const s = d.store.enable(ctx.channel, parseTimeOfDay(time), timezone, ctx.speaker.id, now);
  const next = upcomingConcepts(ctx.services.library, s, 1)[0];
  // The actual local time: on a spring-forward day a time in the gap posts at the first minute after it.
  const first = localDateTime(s.nextDue!, s.timezone);
  return reply(
    [
      { type: 'text', text: `The daily concept is on here: ${scheduleLine(s)}.` },
      { type: 'note', text: `First post ${dayLabel(first.date)} at ${formatTimeOfDay(first.minutes)}${next ? `: ${next.title}` : ''}. Change it with /daily on HH:MM Zone; stop it with /daily off.` },
    ],
    { visibility: 'channel', kind: 'info', data: { enabled: true, time: formatTimeOfDay(s.timeOfDay), timezone, nextDue: new Date(s.nextDue!).toISOString(), nextDate: s.nextDate } },
  );
}

/** `1,3-4`, `1 3 4` or `all` → chapter numbers ([] = all); every number must be a chapter of the notes. */
function parseChapters(ctx: CommandContext, words: string[]): number[] {
  const known = new Set(ctx.services.library.chapters.map((c) => c.number));
  const text = words.join(',');
  if (text === '' ) throw new UserError('Which chapters? Give numbers or ranges, or all.', 'For example: /daily chapters 1,3-4 or /daily chapters all');
  if (text.toLowerCase() === 'all') return [];
  const out = new Set<number>();
  for (const part of text.split(',').filter(Boolean)) {
    const m = /^(\d{1,3})(?:-(\d{1,3}))?$/.exec(part);
    if (!m) throw new UserError(`“${safeEcho(part, 20)}” is not a chapter number or range.`, 'For example: /daily chapters 1,3-4 or /daily chapters all');
    const from = Number(m[1]);
    const to = m[2] ? Number(m[2]) : from;
    for (let n = Math.min(from, to); n <= Math.max(from, to); n++) {
      if (!known.has(n)) throw new UserError(`There is no chapter ${n} in the notes.`, `Chapters: ${[...known].join(', ')}`);
      out.add(n);
    }
  }
  return [...out].sort((a, b) => a - b);
}

function requireSchedule(ctx: CommandContext) {
  const s = desk(ctx).store.get(ctx.channel);
  if (!s) throw new UserError('The daily concept has not been set up in this channel.', 'Turn it on first: /daily on 09:00 Europe/Berlin');
  return s;
}

function status(ctx: CommandContext): Reply {
  const d = desk(ctx);
  const s = d.store.get(ctx.channel);
  if (!s?.enabled) {
    return reply([{ type: 'text', text: 'The daily concept is off in this channel.' }, { type: 'note', text: 'A channel manager can turn it on: /daily on 09:00 Europe/Berlin' }], {
      kind: 'info',
      data: { enabled: false },
    });
  }
  const lib = ctx.services.library;
  const next = upcomingConcepts(lib, s, 1)[0];
  const recent = d.deliveries.recent(ctx.channel, 3);
  return reply(statusBlocks(lib, s, next, recent, ctx.services.now().getTime()), {
    kind: 'info',
    data: {
      enabled: true,
      time: formatTimeOfDay(s.timeOfDay),
      timezone: s.timezone,
      nextDue: s.nextDue !== undefined ? new Date(s.nextDue).toISOString() : null,
      nextDate: s.nextDate ?? null,
      next: next?.id ?? null,
      chapters: s.chapters,
      order: s.order,
      recent: recent.map((r) => ({ date: r.date, status: r.status, error: r.error ?? null, fix: r.fix ?? null })),
    },
  });
}

function upcoming(ctx: CommandContext): Reply {
  const s = requireSchedule(ctx);
  const concepts = upcomingConcepts(ctx.services.library, s, 5);
  if (concepts.length === 0) throw new UserError(`The chapters this channel follows (${chaptersLabel(s.chapters)}) have no concepts.`, 'Choose others: /daily chapters all');
  const dates = s.enabled ? upcomingDates(s, concepts.length) : [];
  return reply(
    [
      { type: 'heading', text: 'Next daily concepts' },
      { type: 'list', items: concepts.map((c, i) => `${dates[i] ? `${dayLabel(dates[i])}: ` : ''}**${c.title}** (Ch. ${c.chapter})`) },
      { type: 'note', text: s.enabled ? scheduleLine(s) : 'The daily concept is off; this is the order it would follow.' },
    ],
    { kind: 'info', data: { upcoming: concepts.map((c) => c.id), dates } },
  );
}

/** One post right now, outside the rotation: the rotation's position does not move. */
function postNow(ctx: CommandContext): Reply {
  const { library } = ctx.services;
  const s = ctx.services.daily?.store.get(ctx.channel);
  const pool = followedConcepts(library, s?.chapters ?? []);
  if (pool.length === 0) throw new UserError('The chapters this channel follows have no concepts.', 'Choose others: /daily chapters all');
  const concept = pool[Math.floor(ctx.services.random() * pool.length)] ?? pool[0]!;
  const question = pickQuestion(library, concept, `${ctx.channel}|now|${ctx.services.now().toISOString()}`);
  return renderDailyPost(library, concept, question);
}

function chapters(ctx: CommandContext, words: string[]): Reply {
  requireManager(ctx);
  requireSchedule(ctx);
  const list = parseChapters(ctx, words);
  desk(ctx).store.setChapters(ctx.channel, list, ctx.speaker.id, ctx.services.now().getTime());
  const n = followedConcepts(ctx.services.library, list).length;
  return reply([{ type: 'text', text: `The daily concept now follows ${chaptersLabel(list)}: ${n} concepts, each once before any repeats.` }], {
    visibility: 'channel',
    kind: 'info',
    data: { chapters: list, concepts: n },
  });
}

function order(ctx: CommandContext, words: string[]): Reply {
  requireManager(ctx);
  requireSchedule(ctx);
  const want = words[0]?.toLowerCase();
  if (want !== 'book' && want !== 'shuffled') throw new UserError('The order is book or shuffled.', 'For example: /daily order shuffled');
  desk(ctx).store.setOrder(ctx.channel, want, ctx.speaker.id, ctx.services.now().getTime());
  return reply([{ type: 'text', text: `The daily concept now goes in ${want === 'book' ? 'book order' : 'shuffled order'}, starting a new cycle.` }], {
    visibility: 'channel',
    kind: 'info',
    data: { order: want },
  });
}

export const daily: Command = {
  name: 'daily',
  description: 'A concept posted here once a day: on, off, status, upcoming, now, chapters, order',
  options: [{ name: 'action', description: 'on [HH:MM] [timezone] | off | status | upcoming | now | chapters <list|all> | order <book|shuffled>', type: 'string', rest: true }],
  examples: ['/daily on 09:00 Europe/Berlin', '/daily status', '/daily upcoming', '/daily chapters 1,3-4', '/daily now', '/daily off'],
  // Only `now` posts for everyone at a member's request; the rest is private or needs a channel manager.
  postsInChannel: (args) => /^now\b/i.test(args.trim()),
  run(ctx) {
    const [sub = 'status', ...words] = ctx.args.split(' ').filter(Boolean);
    switch (sub.toLowerCase()) {
      case 'on':
        return turnOn(ctx, words);
      case 'off': {
        requireManager(ctx);
        const was = desk(ctx).store.disable(ctx.channel, ctx.speaker.id, ctx.services.now().getTime());
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
      case 'order':
        return order(ctx, words);
      default:
        throw new UserError(`/daily has no “${safeEcho(sub, 30)}”.`, USAGE);
    }
  },
};

/** A click on a daily post's answer button (`daily:<questionId>:<option>`): right or wrong, privately. */
export const dailyAnswer: ButtonHandler = {
  prefix: 'daily',
  run({ args, services }) {
    const [questionId = '', optionText = ''] = args;
    const question = services.library.questions.find((q) => q.id === questionId);
    if (!question) throw new UserError('That question is no longer in the notes.', 'Try /daily now for a fresh one.');
    const option = Number(optionText);
    if (!Number.isInteger(option) || option < 0 || option >= question.options.length) throw new UserError('That answer button is not valid any more.');
    return answerReply(services.library, question, option);
  },
};
