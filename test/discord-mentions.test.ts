import type { BotCommand } from '../src/services.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../src/core/logger.js';
import { reply } from '../src/core/reply.js';
import { DiscordAdapter } from '../src/discord/discord-adapter.js';
import { FAKE_DISCORD, startFakeDiscord, type FakeDiscord } from './fakes/fake-discord.js';
import { testBot } from './support/test-bot.js';

describe('Discord mentions', () => {
  let fake: FakeDiscord;
  let discord: DiscordAdapter;
  const asked: string[] = [];

  beforeAll(async () => {
    fake = await startFakeDiscord();
    // Records what reached /ask; the router calls a command in the same tick the message arrives, so order holds.
    const ask: BotCommand = { name: 'ask', description: 'records the question', options: [], examples: [], run: ({ args }) => (asked.push(args), reply([{ type: 'text', text: `answer to ${args}` }])) };
    const { router, services } = testBot(undefined, undefined, { core: { commands: [ask] } });
    discord = new DiscordAdapter({ config: { token: FAKE_DISCORD.token, apiUrl: fake.apiUrl }, router, services, log: createLogger({ level: 'silent' }) });
    await discord.start();
    await fake.ready();
  });
  afterAll(async () => {
    await discord.stop();
    await fake.stop();
  });

  it('ignores a reply to its own message that does not name it, and answers one that does', async () => {
    // A reply pings the bot by default; answering it would put the bot's answer to "nice one" in the channel.
    fake.replyToBot({ content: 'nice one, thanks', to: '600000000000000001' });
    const id = fake.mention({ content: 'what is reservoir sampling?' });
    await fake.waitForRequest((r) => r.method === 'POST' && JSON.stringify(r.body).includes(id));
    expect(asked).toEqual(['what is reservoir sampling?']);
  });
});
