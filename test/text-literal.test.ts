import { describe, expect, it } from 'vitest';
import { reply, type Reply } from '../src/core/reply.js';
import { renderText } from '../src/console/render-text.js';
import { renderDiscord } from '../src/discord/render-discord.js';
import { renderBlockKit } from '../src/slack/render-block-kit.js';
import { discordLive, discordShows, discordTexts, slackLive, slackMrkdwn, slackShows, slackTexts } from './support/chat-markup.js';
import { quizWorld } from './support/quiz-world.js';
import { testBot } from './support/test-bot.js';

/** Names and words that mean something to Discord or Slack; each must show exactly as written. */
const HOSTILE = [
  '__init__',
  '_sam_',
  '*x*',
  '~~x~~',
  '`x`',
  '> quote',
  '# heading',
  '-# small',
  '- item',
  '1. first',
  '||spoiler||',
  '**bold**',
  '[free nitro](http://evil.example/n)',
  '<@123>',
  '<@!123>',
  '<#1>',
  '<@&1>',
  '@everyone',
  '@here',
  '<t:1700000000:R>',
  '</quiz:1>',
  '*Sam*',
  '~Kim~',
  '<!here>',
  '<!channel>',
  '@channel',
  '<@U1>',
  '<http://x|y>',
  'a & b < c > d &amp;',
  'back\\slash \\*',
];

const made = new Map<string, Promise<Record<string, Reply>>>();
/** The replies that carry a person's name or words, for one person: the same shapes whatever the name. */
const repliesFor = (name: string) => made.get(name) ?? made.set(name, makeReplies(name)).get(name)!;

async function makeReplies(name: string): Promise<Record<string, Reply>> {
  const bot = testBot();
  const w = quizWorld();
  const started = await w.say(name, '/quiz start ch4 1 10');
  await w.say(name, '/quiz stop');
  const finished = w.port.having('finished').at(-1)!.reply;
  return {
    'started a quiz': started,
    'quiz over, stopped by': finished,
    'shared by': await bot.click(name, 'share:reservoir-sampling.1'),
    'not a period (their words)': await bot.say('alice', `/leaderboard ${name}`),
    'not a chapter (their words)': await bot.say('alice', `/chapter ${name}`),
  };
}

describe('a person’s name or words show literally on every platform', async () => {
  const plain = await repliesFor('alice');
  const kinds = Object.keys(plain);

  describe.each(HOSTILE)('%s', (name) => {
    it.each(kinds)('in “%s” on Discord: shown as written, adding no markup, mention or link', async (kind) => {
      const r = (await repliesFor(name))[kind]!;
      const m = renderDiscord(r);
      const texts = discordTexts(m).join('\n');
      // A name only ever adds literal characters: whatever Discord acts on is what the same reply for "alice" has.
      expect(discordLive(texts)).toEqual(discordLive(discordTexts(renderDiscord(plain[kind]!)).join('\n')));
      expect(discordShows(texts)).toContain(name.slice(0, 25));
    });

    it.each(kinds)('in “%s” on Slack: shown as written, adding no markup, mention or link', async (kind) => {
      const r = (await repliesFor(name))[kind]!;
      const m = renderBlockKit(r);
      expect(slackLive(slackMrkdwn(m).join('\n'))).toEqual(slackLive(slackMrkdwn(renderBlockKit(plain[kind]!)).join('\n')));
      expect(slackTexts(m).map(slackShows).join('\n')).toContain(name.slice(0, 25));
    });
  });

  it('shows the words as written in the console', async () => {
    for (const name of HOSTILE) expect(renderText((await repliesFor(name))['shared by']!, false)).toContain(`Shared by ${name} from /ask`);
  });
});

describe('note text keeps bold and code but never becomes a mention or a disguised link', () => {
  const note = reply([
    { type: 'text', text: 'See the **official guide** at [official guide](http://evil.example/x) or `<@123>` @here <@U1> <!channel> @channel' },
    { type: 'quote', text: 'Use `x_1 * y` with **care** <#1> <@&2> @everyone', source: '§ [src](http://evil.example/s)' },
  ]);

  it('on Discord: bold and code render, the link shows its address, no mention is live', () => {
    const d = renderDiscord(note).embeds[0]!.description!;
    expect(d).toContain('**official guide**');
    expect(d).toContain('`x_1 * y`');
    const live = discordLive(d);
    // What is left is the bold, the code and the renderer's own quote and subtext lines.
    expect(live.filter((x) => !x.startsWith('mark') && !x.startsWith('line'))).toEqual([]);
    expect(discordShows(d)).toContain('[official guide](http://evil.example/x)');
  });

  it('on Slack: bold and code render, nothing becomes a mention, a broadcast or a link', () => {
    const m = renderBlockKit(note);
    const all = slackMrkdwn(m).join('\n');
    expect(all).toContain('*official guide*');
    expect(all).toContain('`x_1 * y`');
    expect(slackLive(all).filter((x) => !x.startsWith('mark') && !x.startsWith('quote'))).toEqual([]);
  });
});
