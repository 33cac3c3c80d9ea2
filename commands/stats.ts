import type { BotCommand, BotContext } from '../src/services.js';
import { chartBlocks } from '../src/charts/image-block.js';
import { UserError } from '../src/core/errors.js';
import { reply, type Block, type Reply } from '../src/core/reply.js';
import { safeEcho } from '../src/core/safe-text.js';
import { MIN_ANSWERS, teamMastery, type ChapterMastery } from '../src/review/team-mastery.js';
import { chapterTitle } from '../src/study/cards.js';

const pct = (n: number, of: number) => `${Math.round((100 * n) / of)} %`;
const chartFailed = (ctx: BotContext) => () => ctx.services.metrics.error('chart');

/** `/stats`: the person's accuracy per chapter, privately, with their chapter mastery chart. */
async function personal(ctx: BotContext): Promise<Reply> {
  const { speaker, services } = ctx;
  const rows = await services.quiz.stats(speaker.id);
  if (!rows.length) {
    return reply([{ type: 'text', text: 'You have not answered any quiz questions yet.' }, { type: 'note', text: 'Join the next quiz, or start one with /quiz start.' }], {
      kind: 'info',
      data: { chapters: [] },
    });
  }
  const answered = rows.reduce((n, r) => n + r.answered, 0);
  const correct = rows.reduce((n, r) => n + r.correct, 0);
  const weakest = [...rows].filter((r) => r.answered >= 2).sort((a, b) => a.correct / a.answered - b.correct / b.answered)[0];
  const chart = await chartBlocks(
    ctx,
    (charts) =>
      charts.renderMasteryChart(
        rows.map((r) => ({ chapter: r.chapter, title: chapterTitle(services.library, r.chapter), share: r.correct / r.answered, answers: r.answered })),
        { title: 'Your chapter mastery', subtitle: `${speaker.name}: right answers per chapter in quizzes` },
      ),
    'mastery.png',
    chartFailed(ctx),
  );
  return reply(
    [
      { type: 'heading', text: `Your quiz accuracy: ${pct(correct, answered)} (${correct}/${answered})` },
      { type: 'list', items: rows.map((r) => `Ch. ${r.chapter} ${chapterTitle(services.library, r.chapter)}: ${pct(r.correct, r.answered)} (${r.correct}/${r.answered})`) },
      ...(weakest && weakest.correct < weakest.answered ? [{ type: 'note' as const, text: `To practise: /quiz start ch${weakest.chapter}` }] : []),
      ...chart,
    ],
    { visibility: 'private', data: { answered, correct, chapters: rows } },
  );
}

/**
 * `/stats team`: what the channel knows, from every judged quiz answer given in it (src/review/team-mastery.ts):
 * overall share, strongest and weakest chapters, the five weakest concepts, and the team's chapter mastery chart.
 * Posted in the channel, like the leaderboard.
 */
async function team(ctx: BotContext): Promise<Reply> {
  const { channel, services } = ctx;
  const lib = services.library;
  const m = teamMastery(channel, await services.quiz.channelAnswers(channel, 0), lib);
  if (m.overall.answers === 0) {
    return reply([{ type: 'text', text: 'Nobody has answered a quiz question in this channel yet.' }, { type: 'note', text: 'Start a quiz with /quiz start.' }], {
      kind: 'info',
      data: { answers: 0 },
    });
  }
  const chapterLine = (c: ChapterMastery) => `Ch. ${c.chapter} ${chapterTitle(lib, c.chapter)}: ${pct(c.right, c.answers)} of ${c.answers} answers (${c.members} member${c.members === 1 ? '' : 's'})`;
  const blocks: Block[] = [
    { type: 'heading', text: `Team mastery: ${pct(m.overall.right, m.overall.answers)} right (${m.overall.answers} answers from ${m.overall.members} member${m.overall.members === 1 ? '' : 's'})` },
  ];
  if (m.strongest.length) blocks.push({ type: 'text', text: '**Strongest chapters**' }, { type: 'list', items: m.strongest.map(chapterLine) });
  if (m.weakest.length) blocks.push({ type: 'text', text: '**Weakest chapters**' }, { type: 'list', items: m.weakest.map(chapterLine) });
  if (m.weakestConcepts.length) {
    blocks.push(
      { type: 'text', text: '**Weakest concepts**' },
      {
        type: 'list',
        items: m.weakestConcepts.map((c) => `${lib.conceptById.get(c.conceptId)?.title ?? c.conceptId} (ch. ${c.chapter}): ${pct(c.right, c.answers)} of ${c.answers}`),
      },
      { type: 'note', text: 'To practise them: /quiz start weak. To see them in the daily post first: /daily order weak-first' },
    );
  } else {
    blocks.push({ type: 'note', text: `Chapters and concepts are ranked once they have ${MIN_ANSWERS} answers; play a few more quizzes.` });
  }
  blocks.push(
    ...(await chartBlocks(
      ctx,
      (charts) =>
        charts.renderMasteryChart(
          m.chapters.map((c) => ({ chapter: c.chapter, title: chapterTitle(lib, c.chapter), share: c.share, answers: c.answers })),
          { title: 'Team mastery', subtitle: `Right answers per chapter, from ${m.overall.members} member${m.overall.members === 1 ? '' : 's'}' quiz answers` },
        ),
      'team-mastery.png',
      chartFailed(ctx),
    )),
  );
  return reply(blocks, {
    visibility: 'channel',
    data: {
      overall: m.overall,
      strongest: m.strongest.map((c) => c.chapter),
      weakest: m.weakest.map((c) => c.chapter),
      weakestConcepts: m.weakestConcepts.map((c) => ({ conceptId: c.conceptId, share: c.share, answers: c.answers })),
    },
  });
}

export const stats: BotCommand = {
  name: 'stats',
  description: 'Your quiz accuracy per chapter (only you see it), or the channel’s with "team"',
  options: [{ name: 'scope', description: 'team: the channel’s strongest and weakest chapters and concepts', type: 'string' }],
  examples: ['/stats', '/stats team'],
  postsInChannel: (args) => args.trim().toLowerCase() === 'team',
  async run(ctx) {
    const scope = ctx.args.trim().toLowerCase();
    if (scope === '') return personal(ctx);
    if (scope === 'team') return team(ctx);
    throw new UserError(`"${safeEcho(ctx.args, 30)}" is not something /stats shows.`, 'Use /stats for yours, or /stats team for the channel’s.');
  },
};
