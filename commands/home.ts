import type { BotButton, BotButtonContext } from '../src/services.js';
import { reply, type Reply } from '../src/core/reply.js';

/*
 * Slack's App Home tab: the person's page. The Slack adapter asks for its content with the id `home:view` when the
 * tab is opened and publishes it (views.publish); its buttons come back here as `home:stats` and `home:review`.
 *
 * No chart in the tab itself: an image in a view needs an `image_url` Slack can fetch from the public internet, or a
 * `slack_file` the viewer may see. The bot serves no public URL, and uploading a file on every tab opening would
 * litter the workspace's files. So the tab shows the stats as text, and "Stats" sends the chart (with the same
 * text) to the person's direct message with the app.
 */

/**
 * Runs a command of the bot's own list as the clicker (privately): how the Home tab's buttons reach /stats and
 * /review. `textOnly` for the tab itself, which shows no images: the command then draws none.
 */
async function runAs(ctx: BotButtonContext, name: string, args = '', textOnly = false): Promise<Reply | undefined> {
  const command = ctx.services.commands.find((c) => c.name === name);
  return command?.run({ args, speaker: ctx.speaker, channel: ctx.channel, platform: ctx.platform, services: ctx.services, textOnly });
}

/**
 * The Home tab's content: the person's review status and quiz stats as text (what /review status and /stats say,
 * without their charts), and buttons for the chart and for a review.
 */
async function homeView(ctx: BotButtonContext): Promise<Reply> {
  const [stats, review] = await Promise.all([runAs(ctx, 'stats', '', true), runAs(ctx, 'review', 'status', true)]);
  const text = (r: Reply | undefined) => (r ? r.blocks.filter((b) => b.type !== 'buttons') : []);
  return reply(
    [
      { type: 'heading', text: 'Your study page' },
      // Where the person stands in their review (due today, new left, streak, retention), then their quiz stats.
      ...text(review),
      ...text(stats),
      { type: 'note', text: '“Stats” sends your chapter mastery chart to your direct messages with the app.' },
      {
        type: 'buttons',
        buttons: [
          { id: 'home:review', label: 'Review now', style: 'primary' },
          { id: 'home:stats', label: 'Stats' },
        ],
      },
    ],
    { kind: 'info', data: { home: true, stats: stats?.data ?? {}, review: review?.data ?? {} } },
  );
}

/**
 * `home:view` (the tab's content), `home:stats` (the person's /stats, chart included) and `home:review` (their
 * /review when the bot has that command; until then a short "coming soon").
 */
export const homeButton: BotButton = {
  prefix: 'home',
  async run(ctx) {
    switch (ctx.args[0]) {
      case 'view':
        return homeView(ctx);
      case 'stats':
        return (await runAs(ctx, 'stats'))!;
      case 'review': {
        const review = await runAs(ctx, 'review');
        if (review) return review;
        return reply([{ type: 'text', text: 'Personal review is coming soon.' }, { type: 'note', text: 'Meanwhile, /quiz start weak practises what your channel misses most.' }], {
          kind: 'info',
          data: { review: 'unavailable' },
        });
      }
      default:
        return reply([{ type: 'text', text: 'That button is from an older version of the Home tab; open the tab again.' }], { kind: 'info' });
    }
  },
};
