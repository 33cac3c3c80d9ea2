import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import { ChatPorts } from '../src/core/chat-port.js';
import { Lifecycle } from '../src/core/lifecycle.js';
import { createLogger } from '../src/core/logger.js';
import { reply } from '../src/core/reply.js';
import { HealthChecks } from '../src/ops/health.js';
import { startPlatforms } from '../src/start-platforms.js';
import { FAKE_DISCORD, startFakeDiscord, type FakeDiscord } from './fakes/fake-discord.js';
import { FAKE_SLACK, startFakeSlack, type FakeSlack } from './fakes/fake-slack.js';
import { memoryReceipts, testBot } from './support/test-bot.js';

describe('Slack and Discord at once in one process', () => {
  let slackFake: FakeSlack;
  let discordFake: FakeDiscord;
  const ports = new ChatPorts();
  const health = new HealthChecks();
  const lifecycle = new Lifecycle();

  beforeAll(async () => {
    [slackFake, discordFake] = await Promise.all([startFakeSlack(), startFakeDiscord()]);
    // Configured the way an operator would: through the environment.
    const config = loadConfig({
      SLACK_BOT_TOKEN: FAKE_SLACK.botToken,
      SLACK_APP_TOKEN: FAKE_SLACK.appToken,
      SLACK_API_URL: slackFake.apiUrl,
      DISCORD_TOKEN: FAKE_DISCORD.token,
      DISCORD_API_URL: discordFake.apiUrl,
    });
    const bot = testBot();
    const router = bot.router;
    await startPlatforms({ config, router, services: bot.services, log: createLogger({ level: 'silent' }), ports, lifecycle, health, slackReceipts: memoryReceipts(), tuning: { slackRetries: 0 } });
    await discordFake.ready();
  });
  afterAll(async () => {
    await lifecycle.shutdown();
    await Promise.all([slackFake.stop(), discordFake.stop()]);
  });

  it('reports both connections healthy', async () => {
    const report = await health.check();
    expect(report.checks).toEqual([
      { name: 'slack', healthy: true },
      { name: 'discord', healthy: true },
    ]);
  });

  it('answers a slash command on each platform', async () => {
    const token = discordFake.slashCommand({ name: 'ask', options: { question: 'reservoir sampling' } });
    await slackFake.slashCommand({ command: '/ask', text: 'reservoir sampling' });
    const [slackAnswer, discordAnswer] = await Promise.all([
      slackFake.waitForSaid((s) => s.via === 'response_url'),
      discordFake.waitForRequest((r) => r.path.endsWith(`/${token}/callback`)),
    ]);
    expect(JSON.stringify(slackAnswer.blocks)).toContain('Reservoir sampling');
    expect(JSON.stringify(discordAnswer.body)).toContain('Reservoir sampling');
  });

  it('routes a post to the platform its channel id names', async () => {
    const slackRef = await ports.for(`slack:${FAKE_SLACK.team}:C0DAILY`).post(`slack:${FAKE_SLACK.team}:C0DAILY`, reply([{ type: 'text', text: 'to slack' }]));
    const discordChannel = `discord:${FAKE_DISCORD.guild}:${FAKE_DISCORD.channel}`;
    const discordRef = await ports.for(discordChannel).post(discordChannel, reply([{ type: 'text', text: 'to discord' }]));
    expect(slackRef.platform).toBe('slack');
    expect(discordRef.platform).toBe('discord');
    expect(slackFake.said.find((s) => s.ts === slackRef.id)?.text).toBe('to slack');
    expect(JSON.stringify(discordFake.requests.find((r) => r.path === `/channels/${FAKE_DISCORD.channel}/messages`)?.body)).toContain('to discord');
  });

  it('stops both on shutdown', async () => {
    await lifecycle.shutdown();
    const report = await health.check();
    expect(report.checks.map((c) => c.healthy)).toEqual([false, false]);
  });
});
