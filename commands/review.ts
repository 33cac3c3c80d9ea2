import { chartBlocks } from '../src/charts/image-block.js';
import type { Question } from '../src/content/types.js';
import { UserError } from '../src/core/errors.js';
import { reply, type Block, type Button, type Reply } from '../src/core/reply.js';
import { safeEcho } from '../src/core/safe-text.js';
import { answerReply, optionPrints, resolveClick } from '../src/daily/daily-post.js';
import { formatTimeOfDay, localDateTime } from '../src/daily/local-time.js';
import { readScheduleTime, TIME_AND_ZONE_FORMS } from '../src/daily/time-and-zone.js';
import type { ReviewStatus } from '../src/review/review-queue.js';
import type { BotButton, BotButtonContext, BotCommand, BotContext } from '../src/services.js';
import { chapterTitle } from '../src/study/cards.js';

const LETTERS = ['A', 'B', 'C', 'D', 'E'];
const USAGE = 'Try /review, /review status, /review remind 08:30 Europe/Berlin or /review remind off.';
const NEXT_BUTTON: Button = { id: 'review:next', label: 'Next card', style: 'primary' };
const MINUTE = 60_000;

/**
 * A card's answer button: `review:<questionId>:<shown>:<option>:<order>.<option>`, `shown` the instant the card was
 * shown in base 36 (ms epoch UTC). With the clicker's id that is all a grade needs, so a card shown before a restart
 * is graded after it; the fingerprints judge the click against the options as shown (daily-post.ts). ~45 characters.
 */
export function reviewButtonId(question: Question, shownAt: number, option: number): string {
  return `review:${question.id}:${shownAt.toString(36)}:${option}:${optionPrints(question, option)}`;
}

const who = (ctx: { speaker: { id: string }; channel: string; services: { clock: { now(): number } } }) => ({ person: ctx.speaker.id, channel: ctx.channel, now: ctx.services.clock.now() });

/** "in 10 minutes", "in 5 hours", "in 3 days (Thu 5 Mar)": when a card comes back, in the person's zone. */
export function whenAgain(due: number, now: number, timezone: string): string {
  const ms = Math.max(0, due - now);
  if (ms < 60 * MINUTE) return `in ${Math.max(1, Math.round(ms / MINUTE))} minute${Math.round(ms / MINUTE) === 1 ? '' : 's'}`;
  const local = localDateTime(due, timezone);
  const day = new Date(`${local.date}T00:00:00Z`).toLocaleDateString('en-GB', { weekday: 'short', day: 'numeric', month: 'short', timeZone: 'UTC' });
  if (ms < 24 * 60 * MINUTE) return `in ${Math.round(ms / (60 * MINUTE))} hours (${day} ${formatTimeOfDay(local.minutes)})`;
  const days = Math.round(ms / (24 * 60 * MINUTE));
  return `in ${days} day${days === 1 ? '' : 's'} (${day})`;
}

function statusLine(s: ReviewStatus): string {
  return `${s.dueToday} due today · ${s.newLeft} new left today · streak ${s.streakDays} day${s.streakDays === 1 ? '' : 's'}`;
}

/** Shows the next card with its answer buttons, or says when there will be one. */
async function showNext(ctx: BotContext | BotButtonContext): Promise<Reply> {
  const { review, library } = ctx.services;
  const w = who(ctx);
  const { next, status, timezone, metChapters } = await review.next(w);
  if (next.kind === 'none') {
    const blocks: Block[] = [{ type: 'text', text: 'Nothing to review right now.' }];
    if (next.nextAt !== null) blocks.push({ type: 'note', text: `Your next card is due ${whenAgain(next.nextAt, w.now, timezone)}.` });
    if (next.newLimitReached) blocks.push({ type: 'note', text: `You have started today's ${review.newPerDay} new cards; more tomorrow.` });
    else if (metChapters === 0 || status.newLeft === 0) {
      blocks.push({ type: 'note', text: 'New cards come from chapters you have met: play a /quiz, answer a daily quick check, or follow /daily in this channel.' });
    }
    return reply(blocks, { kind: 'info', data: { review: { kind: 'none', nextAt: next.nextAt, newLimitReached: next.newLimitReached }, status } });
  }
  const q = next.question;
  return reply(
    [
      { type: 'heading', text: `Review · Ch. ${q.chapter} ${chapterTitle(library, q.chapter)}` },
      { type: 'text', text: q.text, keep: true },
      { type: 'list', items: q.options.map((o, i) => `${LETTERS[i]}. ${o}`), keep: true },
      { type: 'buttons', buttons: q.options.map((_, i) => ({ id: reviewButtonId(q, w.now, i), label: LETTERS[i]! })) },
      { type: 'note', text: `${next.kind === 'new' ? 'New card' : 'Due card'} · ${statusLine(status)}` },
    ],
    { data: { review: { kind: next.kind, question: q.id, shownAt: w.now, ...(next.kind === 'due' ? { due: next.card.due } : {}) }, status } },
  );
}

async function status(ctx: BotContext): Promise<Reply> {
  const w = who(ctx);
  const { status: s, timezone } = await ctx.services.review.next(w);
  const reminder = await ctx.services.review.store.reminder(w.person, w.now);
  const retention = s.retention === null ? 'not yet (after your first review)' : `${Math.round(s.retention * 100)} %`;
  return reply(
    [
      { type: 'heading', text: 'Your review' },
      {
        type: 'list',
        items: [
          `Due today: ${s.dueToday} (${s.dueNow} now)`,
          `New cards left today: ${s.newLeft} of ${ctx.services.review.newPerDay}`,
          `Streak: ${s.streakDays} day${s.streakDays === 1 ? '' : 's'}`,
          `Retention estimate: ${retention}`,
          `Reminder: ${reminder?.enabled ? `${formatTimeOfDay(reminder.rule.timeOfDay)} ${reminder.rule.timezone}` : 'off'}`,
        ],
      },
      { type: 'note', text: `Days are counted in ${timezone}. Review with /review.` },
      // The forecast chart: reviews due per day for two weeks, with the retention estimate (none before any review).
      ...(await chartBlocks(
        ctx,
        async (charts) => {
          const f = await ctx.services.review.forecast(w.person, timezone, w.now);
          return charts.renderForecastChart({ firstDay: f.firstDay, duePerDay: f.duePerDay, retention: s.retention }, { title: 'Your reviews, next 14 days' });
        },
        'forecast.png',
        () => ctx.services.metrics.error('chart'),
      )),
    ],
    { kind: 'info', data: { status: s, timezone, reminder: reminder?.enabled ? { time: formatTimeOfDay(reminder.rule.timeOfDay), timezone: reminder.rule.timezone } : null } },
  );
}

/** `/review remind 08:30 Europe/Berlin`, `/review remind off`, or `/review remind` to see it. */
async function remind(ctx: BotContext, words: string[]): Promise<Reply> {
  const { review } = ctx.services;
  const w = who(ctx);
  if (words[0]?.toLowerCase() === 'off') {
    const was = await review.store.reminderOff(w.person, w.now);
    return reply([{ type: 'text', text: was ? 'Review reminders are off.' : 'Review reminders were not on.' }], { kind: 'info', data: { reminder: null, changed: was } });
  }
  const read = readScheduleTime(words, w.now);
  const saved = await review.store.reminder(w.person, w.now);
  const minutes = read.minutes ?? saved?.rule.timeOfDay;
  if (minutes === undefined) throw new UserError('At what time? Give a time and your timezone.', 'For example: /review remind 08:30 Europe/Berlin');
  const timezone = read.zone?.zone ?? saved?.rule.timezone ?? (await review.timezone(w));
  const on = await review.store.setReminder(w.person, { timeOfDay: minutes, timezone }, w.now);
  const next = on.next!;
  return reply(
    [
      { type: 'text', text: `Review reminders are on: ${formatTimeOfDay(minutes)} ${timezone}, once a day when cards are due, as a private message.` },
      ...(read.zone?.note ? [{ type: 'note' as const, text: read.zone.note }] : []),
      { type: 'note', text: `Next: ${next.date} at ${formatTimeOfDay(localDateTime(next.at, timezone).minutes)}. Stop them with /review remind off.` },
    ],
    { kind: 'info', data: { reminder: { time: formatTimeOfDay(minutes), timezone, nextDate: next.date, nextAt: new Date(next.at).toISOString() } } },
  );
}

export const review: BotCommand = {
  name: 'review',
  description: 'Your private spaced-repetition review (FSRS): /review, /review status, /review remind HH:MM Zone | off',
  options: [{ name: 'action', description: 'next (default) | status | remind <time> <timezone> | remind off', type: 'string', rest: true }],
  examples: ['/review', '/review status', '/review remind 08:30 Europe/Berlin', '/review remind off'],
  accepts: [...TIME_AND_ZONE_FORMS],
  async run(ctx) {
    const [sub = 'next', ...words] = ctx.args.split(' ').filter(Boolean);
    switch (sub.toLowerCase()) {
      case 'next':
        return showNext(ctx);
      case 'status':
        return status(ctx);
      case 'remind':
        return remind(ctx, words);
      default:
        throw new UserError(`/review has no “${safeEcho(sub, 30)}”.`, USAGE);
    }
  },
};

/** A click on a review card's option (`review:<questionId>:<shown>:<option>:<prints>`), or on Next card (`review:next`). */
export const reviewButton: BotButton = {
  prefix: 'review',
  async run(ctx) {
    const { args, services } = ctx;
    if (args[0] === 'next') return showNext(ctx);
    const [questionId = '', shownText = '', ...rest] = args;
    const question = services.library.questions.find((q) => q.id === questionId);
    if (!question) throw new UserError('That card’s question is no longer in the notes.', 'Type /review for your next card.');
    const shownAt = parseInt(shownText, 36);
    const click = resolveClick(question, rest);
    if (!Number.isSafeInteger(shownAt) || click.kind === 'invalid') throw new UserError('That answer button is not valid any more.', 'Type /review for your next card.');
    if (click.kind !== 'judge') {
      // The options changed since the card was shown: the answer is shown, nothing is graded.
      const shown = answerReply(services.library, question, click);
      return { ...shown, blocks: [...shown.blocks, { type: 'buttons', buttons: [NEXT_BUTTON] }] };
    }
    const w = who(ctx);
    const right = click.chosen === question.answer;
    const outcome = await services.review.answer(w.person, question, right, shownAt, w.now);
    if (outcome.kind === 'repeated') {
      return reply([{ type: 'text', text: 'You already answered this card; its next review is scheduled.' }, { type: 'buttons', buttons: [NEXT_BUTTON] }], {
        kind: 'info',
        data: { review: { repeated: true, question: question.id } },
      });
    }
    const { card, rating } = outcome.graded;
    const judged = answerReply(services.library, question, click);
    const timezone = await services.review.timezone(w);
    return reply([...judged.blocks, { type: 'note', text: `Next review of this card: ${whenAgain(card.due, w.now, timezone)}.` }, { type: 'buttons', buttons: [NEXT_BUTTON] }], {
      data: { ...judged.data, review: { question: question.id, right, rating: ['Again', 'Hard', 'Good', 'Easy'][rating - 1], due: card.due, state: card.state } },
    });
  },
};
