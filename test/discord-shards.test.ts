import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.js';
import { createLogger } from '../src/core/logger.js';
import { reply } from '../src/core/reply.js';
import { DiscordAdapter } from '../src/discord/discord-adapter.js';
import { HealthChecks } from '../src/ops/health.js';
import { FAKE_DISCORD, startFakeDiscord, type FakeDiscord } from './fakes/fake-discord.js';
import { testBot } from './support/test-bot.js';

const log = createLogger({ level: 'silent' });
const TOKEN = 'discord-test-not-a-real-token';

function problems(env: Record<string, string>): string {
  try {
    loadConfig({ DISCORD_TOKEN: TOKEN, ...env });
    return '';
  } catch (err) {
    if (err instanceof ConfigError) return err.message;
    throw err;
  }
}

describe('Discord shard settings', () => {
  it('give this replica the listed shards of the total, in order', () => {
    expect(loadConfig({ DISCORD_TOKEN: TOKEN, DISCORD_SHARD_IDS: '3, 1', DISCORD_SHARD_COUNT: '4' }).discord!.shards).toEqual({ ids: [1, 3], count: 4 });
  });

  it('run every shard here when only the count is set, and discord.js’s default when neither is', () => {
    expect(loadConfig({ DISCORD_TOKEN: TOKEN, DISCORD_SHARD_COUNT: '3' }).discord!.shards).toEqual({ ids: [0, 1, 2], count: 3 });
    expect(loadConfig({ DISCORD_TOKEN: TOKEN }).discord!.shards).toBeUndefined();
  });

  it('take DISCORD_SHARD_COUNT=auto as Discord\'s own count for one process, and refuse it beside shard ids', () => {
    expect(loadConfig({ DISCORD_TOKEN: TOKEN, DISCORD_SHARD_COUNT: 'auto' }).discord!.shards).toBe('auto');
    expect(problems({ DISCORD_SHARD_COUNT: 'auto', DISCORD_SHARD_IDS: '0' })).toMatch(/DISCORD_SHARD_COUNT=auto lets one process hold every shard/);
  });

  it('refuse ids without the count, ids outside it, and an id listed twice, saying why', () => {
    expect(problems({ DISCORD_SHARD_IDS: '0,1' })).toMatch(/DISCORD_SHARD_COUNT \(the total number of shards across all replicas\) is missing/);
    expect(problems({ DISCORD_SHARD_IDS: '0,4,x', DISCORD_SHARD_COUNT: '4' })).toMatch(/from 0 to 3 \(DISCORD_SHARD_COUNT is 4\), got "4", "x"/);
    expect(problems({ DISCORD_SHARD_IDS: '1,1', DISCORD_SHARD_COUNT: '2' })).toMatch(/lists a shard twice/);
    expect(problems({ DISCORD_SHARD_COUNT: '0' })).toMatch(/DISCORD_SHARD_COUNT must be a whole number from 1/);
  });
});

describe('Discord shards against a fake gateway serving two', () => {
  let fake: FakeDiscord;
  const adapters: DiscordAdapter[] = [];
  afterEach(async () => {
    await Promise.all(adapters.splice(0).map((a) => a.stop()));
    await fake.stop();
  });

  /** One replica's Discord adapter on the real core, holding `ids` of two shards (or Discord's count, `auto`). */
  async function replica(ids: number[] | 'auto') {
    const { router, services } = testBot();
    const shards = ids === 'auto' ? ('auto' as const) : { ids, count: 2 };
    const discord = new DiscordAdapter({ config: { token: FAKE_DISCORD.token, apiUrl: fake.apiUrl, shards }, router, services, log });
    adapters.push(discord);
    await discord.start();
    const health = new HealthChecks();
    for (const h of [discord.health(), ...discord.shardHealth()]) health.add(h);
    return { discord, health };
  }

  it('connect both shards in one process, report each in the health check, and answer a command in the guild', async () => {
    fake = await startFakeDiscord();
    fake.recommendedShards = 2;
    const one = await replica([0, 1]);
    await fake.ready();
    expect(fake.identified.sort()).toEqual([
      [0, 2],
      [1, 2],
    ]);
    expect((await one.health.check()).checks).toEqual([
      { name: 'discord', healthy: true },
      { name: 'discord shard 0', healthy: true, detail: '0 of 2' },
      { name: 'discord shard 1', healthy: true, detail: '1 of 2' },
    ]);
    const token = fake.slashCommand({ name: 'help' });
    expect((await fake.waitForRequest((r) => r.method === 'POST' && r.path.endsWith(`/${token}/callback`))).body).toBeDefined();
  });

  it('with DISCORD_SHARD_COUNT=auto connect as many shards as the gateway recommends, all healthy, and answer', async () => {
    fake = await startFakeDiscord();
    fake.recommendedShards = 2;
    const one = await replica('auto');
    await fake.ready();
    expect(fake.identified.sort()).toEqual([
      [0, 2],
      [1, 2],
    ]);
    expect((await one.health.check()).checks).toEqual([
      { name: 'discord', healthy: true },
      { name: 'discord shards', healthy: true, detail: 'auto' },
    ]);
    const token = fake.slashCommand({ name: 'help' });
    expect((await fake.waitForRequest((r) => r.method === 'POST' && r.path.endsWith(`/${token}/callback`))).body).toBeDefined();
  });

  it('split the shards between two replicas: each connects only its own, the guild’s shard answers, and either posts', async () => {
    fake = await startFakeDiscord();
    const a = await replica([0]);
    const b = await replica([1]);
    await fake.ready();
    expect(fake.identified.sort()).toEqual([
      [0, 2],
      [1, 2],
    ]);
    expect((await a.health.check()).checks.map((c) => c.name)).toEqual(['discord', 'discord shard 0']);
    expect((await b.health.check()).checks.map((c) => c.name)).toEqual(['discord', 'discord shard 1']);
    // The fake guild hashes to shard 0: its interactions reach replica A; REST posts work from B as well.
    const token = fake.slashCommand({ name: 'help' });
    await fake.waitForRequest((r) => r.method === 'POST' && r.path.endsWith(`/${token}/callback`));
    const channel = `discord:${FAKE_DISCORD.guild}:${FAKE_DISCORD.channel}`;
    const ref = await b.discord.post(channel, reply([{ type: 'text', text: 'from the other replica' }], { visibility: 'channel' }));
    expect(ref.id).toMatch(/^\d+$/);
    expect(a.discord.client.ws.shards.map((s) => s.id)).toEqual([0]);
    expect(b.discord.client.ws.shards.map((s) => s.id)).toEqual([1]);
  });
});
