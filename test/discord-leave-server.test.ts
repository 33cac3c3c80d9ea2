import { once } from 'node:events';
import { Events } from 'discord.js';
import { afterEach, describe, expect, it } from 'vitest';
import { DiscordAdapter } from '../src/discord/discord-adapter.js';
import type { Storage } from '../src/storage/storage.js';
import { FAKE_DISCORD, startFakeDiscord } from './fakes/fake-discord.js';
import { captureLog } from './support/log-capture.js';
import { ENGINES, storages } from './support/postgres.js';
import { testBot } from './support/test-bot.js';

const db = storages();
const running: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const stop of running.splice(0)) await stop();
  await db.closeAll();
});

const DAY = 86_400_000;
/** The fake's server, and another server the bot is in whose posts must carry on. */
const HERE = `discord:${FAKE_DISCORD.guild}:${FAKE_DISCORD.channel}`;
const ELSEWHERE = 'discord:300000000000000003:300000000000000004';

async function started(storage: Storage) {
  const fake = await startFakeDiscord();
  const capture = captureLog('info');
  const bot = testBot(undefined, undefined, { storage });
  const discord = new DiscordAdapter({ config: { token: FAKE_DISCORD.token, apiUrl: fake.apiUrl }, router: bot.router, services: bot.services, log: capture.log, workspaces: storage.workspaces, retentionMs: 30 * DAY, now: () => bot.clock.now() });
  bot.core.ports.add(discord);
  await discord.start();
  await fake.ready();
  running.push(async () => {
    await discord.stop();
    await fake.stop();
  });
  for (const channel of [HERE, ELSEWHERE]) await storage.schedules.enable({ channel, timeOfDay: 9 * 60, timezone: 'UTC', by: 'discord:1', now: bot.clock.now(), seed: 1 });
  const posts = (channel: string) => fake.requests.filter((r) => r.method === 'POST' && r.path === `/channels/${channel.split(':')[2]}/messages`).length;
  /** The next day's post time (the other server's schedule keeps moving), and the scheduler's tick there. */
  const nextDay = async () => {
    bot.clock.ms = (await storage.schedules.get(ELSEWHERE))!.nextDue!;
    await bot.core.daily.tick();
  };
  return { fake, bot, discord, capture, posts, nextDay };
}

describe.each(ENGINES)('Leaving a Discord server on %s', (engine) => {
  it('stops that server’s daily post when the gateway says the bot left it, and no other server’s', async () => {
    const storage = await db.open(engine);
    const { fake, capture, posts, nextDay } = await started(storage);
    await nextDay();
    expect([posts(HERE), posts(ELSEWHERE)]).toEqual([1, 1]);

    fake.leaveGuild();
    await capture.until((r) => r.msg.startsWith('left a Discord server'));
    expect(await storage.schedules.get(HERE)).toMatchObject({ enabled: false });
    expect(await storage.workspaces.purgeDate(`discord:${FAKE_DISCORD.guild}`)).toBeDefined();

    await nextDay();
    expect([posts(HERE), posts(ELSEWHERE)]).toEqual([1, 2]);
  });

  it('keeps posting in a server that is only unavailable for a while (an outage is not leaving)', async () => {
    const storage = await db.open(engine);
    const { fake, discord, posts, nextDay } = await started(storage);
    const unavailable = once(discord.client, Events.GuildUnavailable);
    fake.leaveGuild({ outage: true });
    await unavailable;
    await nextDay();
    expect(await storage.workspaces.purgeDate(`discord:${FAKE_DISCORD.guild}`)).toBeUndefined();
    expect(await storage.schedules.get(HERE)).toMatchObject({ enabled: true });
    expect(posts(HERE)).toBe(1);
  });
});
