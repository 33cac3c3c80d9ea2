import { afterEach, describe, expect, it } from 'vitest';
import { ENGINES, storages } from './support/postgres.js';
import { startOAuthSlack } from './support/slack-oauth-bot.js';

const db = storages();
const running: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const stop of running.splice(0)) await stop();
  await db.closeAll();
});

async function twoWorkspaces(engine: 'sqlite' | 'postgres') {
  const storage = await db.open(engine);
  const bot = await startOAuthSlack(storage);
  running.push(() => bot.stop());
  bot.fake.setUser('U0ADMIN', { name: 'ada', isAdmin: true });
  bot.fake.setUser('U0ALICE', { name: 'alice' });
  for (const team of ['T1', 'T2']) expect((await bot.install({ team })).res.status).toBe(200);
  const say = async (team: string, user: string, text: string) => (await bot.say(team, user, text)).text;
  return { bot, storage, say };
}

describe.each(ENGINES)('Per-workspace /settings on %s', (engine) => {
  it('lets a workspace name its own admins, who then manage that workspace only', async () => {
    const { say } = await twoWorkspaces(engine);
    expect(await say('T1', 'U0ALICE', 'daily on 08:00 UTC')).toContain('Only workspace admins');
    expect(await say('T1', 'U0ALICE', 'settings admins add U0ALICE')).toContain('Only admins can change');
    expect(await say('T1', 'U0ADMIN', 'settings admins add U0ALICE')).toContain('U0ALICE');
    expect(await say('T1', 'U0ALICE', 'daily on 08:00 UTC')).toContain('First post');
    expect(await say('T2', 'U0ALICE', 'daily on 08:00 UTC')).toContain('Only workspace admins');
  });

  it('uses the workspace’s default daily time and zone for /daily on, and the deployment’s elsewhere', async () => {
    const { say, storage } = await twoWorkspaces(engine);
    await say('T1', 'U0ADMIN', 'settings daily-time 07:30');
    expect(await say('T1', 'U0ADMIN', 'settings daily-zone Europe/Berlin')).toMatch(/07:30, zone Europe\/Berlin/);
    await say('T1', 'U0ADMIN', 'daily on');
    await say('T2', 'U0ADMIN', 'daily on');
    expect(await storage.schedules.get('slack:T1:C1')).toMatchObject({ timeOfDay: 450, timezone: 'Europe/Berlin' });
    expect(await storage.schedules.get('slack:T2:C1')).toMatchObject({ timeOfDay: 540, timezone: 'UTC' });
    expect(await say('T1', 'U0ADMIN', 'settings daily-time default')).toContain('09:00 (default)');
  });

  it('lets admins keep /daily now to themselves in one workspace while members use it in another', async () => {
    const { say } = await twoWorkspaces(engine);
    expect(await say('T2', 'U0ADMIN', 'settings daily-now admins')).toContain('admins only');
    expect(await say('T2', 'U0ALICE', 'daily now')).toContain('only admins can post the daily concept');
    expect(await say('T2', 'U0ADMIN', 'daily now')).toContain('Daily concept');
    expect(await say('T1', 'U0ALICE', 'daily now')).toContain('Daily concept');
  });

  it('refuses a setting it cannot read, saying what it takes', async () => {
    const { say } = await twoWorkspaces(engine);
    expect(await say('T1', 'U0ADMIN', 'settings admins add alice')).toContain('is not a Slack user id');
    expect(await say('T1', 'U0ADMIN', 'settings daily-time noonish')).toContain('is not a time of day');
    expect(await say('T1', 'U0ADMIN', 'settings colour blue')).toContain('settings has no “colour”');
  });
});
