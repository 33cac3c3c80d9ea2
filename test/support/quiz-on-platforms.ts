import { createLogger } from '../../src/core/logger.js';
import { DiscordAdapter } from '../../src/discord/discord-adapter.js';
import { SlackAdapter } from '../../src/slack/slack-adapter.js';
import { FAKE_DISCORD, startFakeDiscord, type FakeDiscord } from '../fakes/fake-discord.js';
import { FAKE_SLACK, startFakeSlack, type FakeSlack, type SlackUser } from '../fakes/fake-slack.js';
import type { quizWorld } from './quiz-world.js';
import { memoryReceipts } from './test-bot.js';

type World = ReturnType<typeof quizWorld>;
const log = createLogger({ level: 'silent' });

/**
 * A bot core (a quiz world, or any core with a router and ports) behind the real Bolt in Socket Mode against a fake
 * Slack that knows `users`; `stop` ends the quiz timers if there are any, Bolt and the fake.
 */
export async function quizOnSlack(
  w: Pick<World, 'router' | 'ports'> & { engine?: Pick<World['engine'], 'shutdown'> },
  users: Record<string, SlackUser>,
): Promise<{ fake: FakeSlack; stop: () => Promise<void> }> {
  const fake = await startFakeSlack();
  for (const [id, user] of Object.entries(users)) fake.setUser(id, user);
  const slack = new SlackAdapter({
    config: { botToken: FAKE_SLACK.botToken, appToken: FAKE_SLACK.appToken, mode: 'socket', port: 3000, apiUrl: fake.apiUrl, adminUsers: [] },
    router: w.router,
    log,
    retries: 0,
    receipts: memoryReceipts(),
  });
  w.ports.add(slack);
  await slack.start();
  return {
    fake,
    stop: async () => {
      w.engine?.shutdown();
      await slack.stop();
      await fake.stop();
    },
  };
}

/** The quiz world behind the real discord.js against a fake Discord; `stop` ends all three. */
export async function quizOnDiscord(w: World): Promise<{ fake: FakeDiscord; stop: () => Promise<void> }> {
  const fake = await startFakeDiscord();
  const discord = new DiscordAdapter({ config: { token: FAKE_DISCORD.token, apiUrl: fake.apiUrl }, router: w.router, services: w.services, log });
  w.ports.add(discord);
  await discord.start();
  await fake.ready();
  return {
    fake,
    stop: async () => {
      w.engine.shutdown();
      await discord.stop();
      await fake.stop();
    },
  };
}
