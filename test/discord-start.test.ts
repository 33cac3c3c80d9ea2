import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../src/core/logger.js';
import { DiscordAdapter } from '../src/discord/discord-adapter.js';
import { FAKE_DISCORD, startFakeDiscord, type FakeDiscord } from './fakes/fake-discord.js';
import { testBot } from './support/test-bot.js';

describe('Discord start-up', () => {
  let fake: FakeDiscord;
  beforeAll(async () => {
    fake = await startFakeDiscord();
  });
  afterAll(() => fake.stop());

  it('gives up with a message when the gateway never reports ready, instead of hanging', async () => {
    fake.silentGateway = true;
    const { services, router } = testBot();
    const discord = new DiscordAdapter({ config: { token: FAKE_DISCORD.token, apiUrl: fake.apiUrl }, router, services, log: createLogger({ level: 'silent' }), readyTimeoutMs: 500 });
    await expect(discord.start()).rejects.toThrow(/gateway did not report ready within 0.5 s/);
    await discord.stop();
  });
});
