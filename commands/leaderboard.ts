import type { BotCommand } from '../src/services.js';
import { chartBlocks } from '../src/charts/image-block.js';
import { UserError } from '../src/core/errors.js';
import { reply } from '../src/core/reply.js';
import { safeEcho } from '../src/core/safe-text.js';

const DAY = 24 * 60 * 60 * 1000;
const PERIODS: Record<string, { label: string; ms: number }> = {
  week: { label: 'the last 7 days', ms: 7 * DAY },
  month: { label: 'the last 30 days', ms: 30 * DAY },
  all: { label: 'all time', ms: Infinity },
};

export const leaderboard: BotCommand = {
  name: 'leaderboard',
  description: "This channel's quiz leaderboard for the week, the month or all time",
  options: [{ name: 'period', description: 'week, month or all (default week)', type: 'string' }],
  examples: ['/leaderboard', '/leaderboard month', '/leaderboard all'],
  postsInChannel: () => true,
  async run({ args, channel, services, textOnly }) {
    const key = (args || 'week').toLowerCase();
    const period = PERIODS[key];
    if (!period) throw new UserError(`"${safeEcho(args, 30)}" is not a period I know.`, 'Use week, month or all; for example: /leaderboard month');
    const since = period.ms === Infinity ? 0 : services.clock.now() - period.ms;
    const rows = await services.quiz.leaderboard(channel, since);
    if (!rows.length) {
      return reply([{ type: 'text', text: `No quiz results in this channel for ${period.label}.` }, { type: 'note', text: 'Start a quiz with /quiz start.' }], {
        kind: 'info',
        data: { period: key, rows: [] },
      });
    }
    const chart = await chartBlocks(
      { textOnly },
      (charts) => charts.renderLeaderboardChart(rows.map((r) => ({ name: r.name, points: r.points })), { title: 'Quiz leaderboard', subtitle: `Points, ${period.label}` }),
      'leaderboard.png',
      () => services.metrics.error('chart'),
    );
    return reply(
      [
        { type: 'heading', text: `Quiz leaderboard — ${period.label}` },
        { type: 'list', items: rows.map((r, i) => `${i + 1}. ${safeEcho(r.name, 60)} — ${r.points} pts (${r.correct}/${r.answered} right, ${r.quizzes} quiz${r.quizzes === 1 ? '' : 'zes'})`) },
        ...chart,
      ],
      { visibility: 'channel', data: { period: key, rows } },
    );
  },
};
