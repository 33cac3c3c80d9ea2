import { mkdtempSync, readFileSync, existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import oauth from '@slack/oauth';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { PostgresDatabase } from '../src/storage/postgres-database.js';
import type { Storage } from '../src/storage/storage.js';
import { FAKE_SLACK } from './fakes/fake-slack.js';
import { ENGINES, storages } from './support/postgres.js';
import { startOAuthSlack, STATE_SECRET } from './support/slack-oauth-bot.js';
import { fileStorage } from './support/storages.js';

const dir = mkdtempSync(join(tmpdir(), 'oauth-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const db = storages();
const running: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const stop of running.splice(0)) await stop();
  await db.closeAll();
});

let files = 0;
/** SQLite in a file (so its bytes can be read), or a fresh PostgreSQL database. */
async function open(engine: 'sqlite' | 'postgres'): Promise<{ storage: Storage; stored: () => Promise<string> }> {
  if (engine === 'sqlite') {
    const path = join(dir, `bot-${++files}.db`);
    const storage = fileStorage(path);
    running.push(() => storage.close());
    const bytes = () => [path, `${path}-wal`].filter(existsSync).map((f) => readFileSync(f).toString('latin1')).join('');
    return { storage, stored: async () => bytes() };
  }
  const storage = await db.open('postgres');
  const pg = storage.db as PostgresDatabase;
  const stored = async () => JSON.stringify(await pg.sql.rows("SELECT 'slack_installations' AS t, i::text AS row FROM slack_installations i UNION ALL SELECT 'slack_receipts', r::text FROM slack_receipts r UNION ALL SELECT 'slack_org_teams', o::text FROM slack_org_teams o"));
  return { storage, stored };
}

async function started(engine: 'sqlite' | 'postgres') {
  const { storage, stored } = await open(engine);
  const bot = await startOAuthSlack(storage);
  running.unshift(() => bot.stop());
  bot.fake.setUser('U0ADMIN', { name: 'ada', isAdmin: true });
  bot.fake.setUser('U0ALICE', { name: 'alice' });
  return { ...bot, storage, stored };
}

type Bot = Awaited<ReturnType<typeof started>>;

describe.each(ENGINES)('"Add to Slack" on %s', (engine) => {
  it('installs two workspaces through /slack/install → redirect, and answers each with its own token', async () => {
    const bot = await started(engine);
    const page = await bot.installPage();
    expect(page.status).toBe(200);
    expect(page.html).toContain('Add to Slack');
    expect(page.html).toContain(`client_id=${FAKE_SLACK.clientId}`);
    expect(page.cookie).toMatch(/^slack-app-oauth-state=/);

    for (const team of ['T1', 'T2']) {
      const done = await bot.install({ team, teamName: `Team ${team}` });
      expect(done.res.status).toBe(200);
      expect(done.body).toContain(`Study Bot is now in Team ${team}`);
    }
    const [t1] = bot.fake.tokensOf('T1');
    const [t2] = bot.fake.tokensOf('T2');
    expect(t1).toBeDefined();
    expect(t2).toBeDefined();
    // The exchange checked each new token with auth.test, as Bolt's installer does.
    expect(bot.fake.calls.filter((c) => c.method === 'auth.test').map((c) => c.token)).toEqual([t1, t2]);

    // Commands: who is speaking is looked up with the workspace's own token.
    await bot.say('T1', 'U0ALICE', 'help');
    await bot.say('T2', 'U0ALICE', 'help');
    const lookups = bot.fake.calls.filter((c) => c.method === 'users.info').map((c) => c.token);
    expect(lookups).toEqual([t1, t2]);

    // A mention is answered in the channel with its workspace's token.
    for (const team of ['T1', 'T2']) {
      const res = await bot.fake.deliver(bot.events, bot.fake.mentionPayload({ text: 'random', team, channel: 'C1' }));
      expect(res.status).toBe(200);
      expect((await bot.fake.waitForSaid((s) => s.via.startsWith('chat.post') && s.team === team)).channel).toBe('C1');
    }
    const posted = bot.fake.calls.filter((c) => c.method.startsWith('chat.post')).map((c) => c.token);
    expect(posted).toEqual([t1, t2]);
  });

  it('refuses a replayed state, a forged state and a state without its cookie, and stores nothing for them', async () => {
    const bot = await started(engine);
    const first = await bot.install({ team: 'T1' });
    expect(first.res.status).toBe(200);
    const exchanges = () => bot.fake.calls.filter((c) => c.method === 'oauth.v2.access').length;
    expect(exchanges()).toBe(1);

    // The same state and cookie again, with a code of another workspace: refused before any exchange.
    const replay = await bot.redirect(bot.fake.issueCode({ team: 'T9' }), first.state, first.cookie);
    expect(replay.status).toBe(400);
    // Signed with another secret, the cookie set to match: refused.
    const forged = await new oauth.ClearStateStore('not-the-state-secret').generateStateParam({ scopes: ['commands'] }, new Date());
    expect((await bot.redirect(bot.fake.issueCode({ team: 'T9' }), forged, `slack-app-oauth-state=${forged}`)).status).toBe(400);
    // A real state, but not from this browser: no cookie.
    const page = await bot.installPage();
    expect((await bot.redirect(bot.fake.issueCode({ team: 'T9' }), page.state)).status).toBe(400);
    expect(exchanges()).toBe(1);
    expect(await bot.storage.slackInstallations.find('team:T9')).toBeUndefined();
    expect(STATE_SECRET).not.toBe('not-the-state-secret');
  });

  it('stops the daily posts of a workspace that uninstalls, leaves the other untouched, and keeps no token in the database or the logs', async () => {
    const bot = await started(engine);
    await bot.install({ team: 'T1' });
    await bot.install({ team: 'T2', rotation: { expiresIn: 43_200 } });
    for (const team of ['T1', 'T2']) expect((await bot.say(team, 'U0ADMIN', 'daily on 09:00 UTC')).text).toContain('First post');

    // Day one: both post, each with its own token.
    const due = (await bot.storage.schedules.get('slack:T1:C1'))!.nextDue!;
    bot.bot.clock.ms = due;
    await bot.bot.core.daily.tick();
    const postsOf = (team: string) => bot.fake.said.filter((s) => s.via === 'chat.postMessage' && s.team === team).length;
    expect([postsOf('T1'), postsOf('T2')]).toEqual([1, 1]);

    // T1 removes the app: Slack revokes its tokens and sends app_uninstalled.
    bot.fake.revoke('T1');
    const res = await bot.fake.deliver(bot.events, bot.fake.uninstallPayload('T1'));
    expect(res.status).toBe(200);
    // Bolt answers 200 before the listener runs: wait for the listener's own line.
    await bot.logged('Slack workspace removed the app');
    expect(await bot.storage.workspaces.purgeDate('slack:T1')).toBeDefined();
    expect(await bot.storage.slackInstallations.find('team:T1')).toBeUndefined();
    expect(await bot.storage.slackInstallations.find('team:T2')).toBeDefined();
    expect(await bot.storage.schedules.get('slack:T1:C1')).toMatchObject({ enabled: false });

    // Day two: only T2 posts.
    bot.bot.clock.ms = due + 86_400_000;
    await bot.bot.core.daily.tick();
    expect([postsOf('T1'), postsOf('T2')]).toEqual([1, 2]);

    // No token, refresh token, code or secret in the database's bytes, nor in any log line at trace level.
    const secrets = [
      ...bot.fake.tokensOf('T2'), ...issuedTokens(bot), FAKE_SLACK.clientSecret, STATE_SECRET, bot.secretsKey.toString('base64'), FAKE_SLACK.signingSecret,
    ];
    const stored = await bot.stored();
    expect(stored).toContain('team:T2');
    for (const s of secrets) expect(stored, 'database').not.toContain(s);
    expect(stored).not.toMatch(/xox[bpe]-/);
    const logs = bot.logText();
    expect(logs).toContain('Slack app installed');
    expect(logs).toContain('Slack workspace removed the app');
    for (const s of secrets) expect(logs.split('\n').filter((l) => l.includes(s)), `logs holding ${s}`).toEqual([]);
    expect(logs).not.toMatch(/xox[bpe]-/);
  });

  it('serves the workspaces of an Enterprise Grid org-wide install with the org’s token, daily posts included', async () => {
    const bot = await started(engine);
    const done = await bot.install({ enterprise: 'E1', orgWide: true });
    expect(done.res.status).toBe(200);
    const [org] = bot.fake.tokensOf('E1');
    expect(await bot.storage.slackInstallations.find('enterprise:E1')).toBeDefined();
    expect((await bot.say('T5', 'U0ADMIN', 'daily on 09:00 UTC', 'E1')).text).toContain('First post');
    expect(bot.fake.calls.filter((c) => c.method === 'users.info').map((c) => c.token)).toEqual([org]);
    // The post knows only its channel's workspace: the org is found through the workspace seen above.
    bot.bot.clock.ms = (await bot.storage.schedules.get('slack:T5:C1'))!.nextDue!;
    await bot.bot.core.daily.tick();
    expect(bot.fake.calls.filter((c) => c.method === 'chat.postMessage').map((c) => [c.token, c.args.channel])).toEqual([[org, 'C1']]);

    // The org removes the app: every workspace of it leaves.
    const res = await bot.fake.deliver(bot.events, bot.fake.uninstallPayload('T5', 'app_uninstalled', 'E1'));
    expect(res.status).toBe(200);
    await bot.logged('Slack workspace removed the app');
    expect(await bot.storage.schedules.get('slack:T5:C1')).toMatchObject({ enabled: false });
    expect(await bot.storage.slackInstallations.find('enterprise:E1')).toBeUndefined();
    expect(await bot.storage.slackInstallations.teamsOf('E1')).toEqual([]);
  });

  it('refreshes a rotating token before it expires and stores the new one, sealed', async () => {
    const bot = await started(engine);
    // Expiring within Bolt's two-hour margin: the first delivery refreshes it.
    await bot.install({ team: 'T3', rotation: { expiresIn: 600 } });
    const [first] = bot.fake.tokensOf('T3');
    await bot.say('T3', 'U0ALICE', 'help');
    const refresh = bot.fake.calls.find((c) => c.method === 'oauth.v2.access' && c.args.grant_type === 'refresh_token');
    expect(refresh).toBeDefined();
    const now = bot.fake.tokensOf('T3').filter((t) => t !== first);
    expect(now).toHaveLength(1);
    expect(bot.fake.calls.filter((c) => c.method === 'users.info').map((c) => c.token)).toEqual(now);
    expect(await bot.stored()).not.toContain(now[0]!);
  });
});

/** Every token, refresh token and code the fake handed out, from its oauth.v2.access answers' requests. */
function issuedTokens(bot: Bot): string[] {
  return bot.fake.calls.flatMap((c) => [c.token, c.args.code, c.args.refresh_token]).filter((x): x is string => typeof x === 'string' && x.length > 0);
}
