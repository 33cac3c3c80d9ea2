import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadLibrary } from '../src/content/content-loader.js';
import { CommandRouter } from '../src/core/command-router.js';
import { createLogger } from '../src/core/logger.js';
import { DiscordAdapter } from '../src/discord/discord-adapter.js';
import { FAKE_DISCORD, PERMISSIONS, startFakeDiscord, type DiscordRequest, type FakeDiscord } from './fakes/fake-discord.js';
import type { FakeSlack } from './fakes/fake-slack.js';
import { discordLive, discordShows, isWellFormed, slackLive, slackShows } from './support/chat-markup.js';
import { quizOnDiscord, quizOnSlack } from './support/quiz-on-platforms.js';
import { quizWorld } from './support/quiz-world.js';
import { BUNDLED_CONTENT, testBot } from './support/test-bot.js';

const log = createLogger({ level: 'silent' });
type Embed = { title?: string; description?: string };
type Body = { data?: { embeds?: Embed[]; content?: string; components?: { components: { custom_id: string }[] }[] }; embeds?: Embed[]; content?: string };
/** The text a request to the fake Discord carried: content, titles and descriptions. */
function textOf(r: DiscordRequest): string {
  const b = (r.body ?? {}) as unknown as Body;
  const embeds = b.embeds ?? b.data?.embeds ?? [];
  return [b.content ?? b.data?.content ?? '', ...embeds.flatMap((e) => [e.title ?? '', e.description ?? ''])].join('\n');
}

describe('names and long notes through the real discord.js against a fake Discord', () => {
  let fake: FakeDiscord;
  let stop: () => Promise<void>;
  const w = quizWorld();

  beforeAll(async () => ({ fake, stop } = await quizOnDiscord(w)));
  afterAll(() => stop());

  it('a nickname shaped like a masked link is shown as written in the public “started a quiz”, never as a link', async () => {
    const nitro = { id: '400000000000000007', username: '[free nitro](http://evil.example/n) <#1> @here', permissions: PERMISSIONS.member };
    const token = fake.slashCommand({ name: 'quiz', options: { action: 'start', topic: 'ch4', questions: 1, seconds: 10 }, user: nitro });
    const started = await fake.waitForRequest((r) => r.method === 'POST' && r.path.endsWith(`/${token}/callback`));
    const text = textOf(started);
    expect(discordShows(text)).toContain(`${nitro.username} started a quiz`);
    expect(discordLive(text).filter((x) => !x.startsWith('mark') && !x.startsWith('line'))).toEqual([]);
    expect(text).not.toMatch(/(?<!\\)\]\(http/);
  });

  it('“Shared by” an underscored name stays literal', async () => {
    const init = { id: '400000000000000008', username: '__init__', permissions: PERMISSIONS.member };
    fake.clickButton({ customId: 'share:reservoir-sampling.1', user: init });
    const shared = await fake.waitForRequest((r) => textOf(r).includes('Shared by'));
    const text = textOf(shared);
    expect(text).toContain('Shared by \\_\\_init\\_\\_ from /ask');
    expect(discordShows(text)).toContain('Shared by __init__ from /ask');
  });
});

describe('/daily now with long notes through the real discord.js', () => {
  let fake: FakeDiscord;
  let discord: DiscordAdapter;
  const library = loadLibrary(BUNDLED_CONTENT);
  for (const t of library.takeaways) t.text = `${t.text} ${'more detail, '.repeat(200)}`.slice(0, 3000);
  const bot = testBot(BUNDLED_CONTENT, library);

  beforeAll(async () => {
    fake = await startFakeDiscord();
    discord = new DiscordAdapter({ config: { token: FAKE_DISCORD.token, apiUrl: fake.apiUrl }, router: new CommandRouter(bot.services), services: bot.services, log });
    await discord.start();
    await fake.ready();
  });
  afterAll(async () => {
    await discord.stop();
    await fake.stop();
  });

  it('posts the quick check and its options with the A–D buttons, cutting takeaways instead', async () => {
    const token = fake.slashCommand({ name: 'daily', options: { action: 'now' } });
    const posted = await fake.waitForRequest((r) => r.method === 'POST' && r.path.endsWith(`/${token}/callback`));
    const body = posted.body as unknown as Body;
    const description = body.data!.embeds![0]!.description!;
    expect(description.length).toBeLessThanOrEqual(4096);
    const ids = body.data!.components!.flatMap((row) => row.components.map((c) => c.custom_id));
    expect(ids.length).toBeGreaterThanOrEqual(2);
    const q = library.questions.find((x) => x.id === ids[0]!.split(':')[1])!;
    const shown = discordShows(description);
    expect(shown).toContain(`Quick check: ${q.text}`);
    q.options.forEach((o, i) => expect(shown).toContain(`${'ABCDE'[i]}. ${o}`));
    expect(shown).toContain('shortened to fit Discord');
    expect(isWellFormed(description)).toBe(true);
  });
});

describe('names through the real Bolt against a fake Slack', () => {
  let fake: FakeSlack;
  let stop: () => Promise<void>;
  const w = quizWorld();

  beforeAll(async () => ({ fake, stop } = await quizOnSlack(w, { U0SAM: { name: `*Sam* ~Kim~ _x_ <!here> <@U1> <http://x|y> & ${'é'.repeat(40)}😀😀` } })));
  afterAll(() => stop());

  it('a name with mrkdwn, mentions, a link and an emoji at the cut is shown as written and adds no markup', async () => {
    await fake.slashCommand({ command: '/quiz', text: 'start ch4 1 10', user: 'U0SAM' });
    const started = await fake.waitForSaid((s) => s.via === 'response_url' && s.text.includes('started a quiz'));
    const section = JSON.stringify(started.blocks);
    const texts = [started.text, ...(started.blocks as { text?: { text: string } }[]).map((b) => b.text?.text ?? '')];
    expect(slackShows(started.text)).toContain('*Sam* ~Kim~ _x_ <!here> <@U1> <http://x|y> & éé');
    for (const t of texts) expect(slackLive(t)).toEqual([]);
    expect(section).not.toMatch(/<[!@h]/);
    expect(texts.every(isWellFormed)).toBe(true);
  });
});
