import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Platform } from '../src/core/command.js';
import { createLogger } from '../src/core/logger.js';
import { plainText, type Reply } from '../src/core/reply.js';
import { SlackAdapter } from '../src/slack/slack-adapter.js';
import { FAKE_SLACK, startFakeSlack, type FakeSlack } from './fakes/fake-slack.js';
import { memoryReceipts, testBot } from './support/test-bot.js';

/** The real core with limits on a fake clock, spoken to as people on a platform. */
function limitedBot(settings = { commandsPerMinute: 5, channelPostCooldownSeconds: 60 }) {
  const outcomes: string[] = [];
  const observer = { start: () => (outcome: string) => void outcomes.push(outcome) };
  const bot = testBot(undefined, undefined, { core: { observer, limits: settings } });
  const router = bot.router;
  const who = (user: string, o: { channel?: string; canManage?: boolean; platform?: Platform } = {}) => ({
    speaker: { id: `${o.platform ?? 'discord'}:${user}`, name: user, canManage: o.canManage ?? false },
    channel: o.channel ?? 'discord:G1:C1',
    platform: o.platform ?? ('discord' as const),
  });
  return {
    ...bot,
    outcomes,
    say: (user: string, text: string, o: Parameters<typeof who>[1] = {}) => router.handle({ text, ...who(user, o) }),
    click: (user: string, id: string, o: Parameters<typeof who>[1] = {}) => router.click({ id, ...who(user, o) }),
  };
}

const isPublic = (r: Reply) => r.visibility === 'channel';

describe('the per-person command rate', () => {
  it('answers a person past their commands per minute privately, leaves others alone, and lets them back after the minute', async () => {
    const bot = limitedBot();
    for (let i = 0; i < 5; i++) expect((await bot.say('mallory', '/random')).kind).toBe('answer');
    const refused = await bot.say('mallory', '/random');
    expect(refused).toMatchObject({ kind: 'error', visibility: 'private' });
    expect(plainText(refused)).toMatch(/5 commands from you in the last minute.*Try again in 60 s/);
    expect(bot.outcomes.at(-1)).toBe('refused');
    // Someone else in the same channel is not affected.
    expect((await bot.say('alice', '/random')).kind).toBe('answer');
    bot.clock.advance(60_000);
    expect((await bot.say('mallory', '/random')).kind).toBe('answer');
  });

  it('counts mentions (free questions) like commands', async () => {
    const bot = limitedBot({ commandsPerMinute: 2, channelPostCooldownSeconds: 0 });
    await bot.say('mallory', 'what is SMOTE?');
    await bot.say('mallory', 'what is SMOTE?');
    expect((await bot.say('mallory', 'what is SMOTE?')).kind).toBe('error');
  });

  it('does not limit the console, where one person types at their own terminal', async () => {
    const bot = limitedBot({ commandsPerMinute: 1, channelPostCooldownSeconds: 60 });
    for (let i = 0; i < 4; i++) expect(isPublic(await bot.say('you', '/daily now', { platform: 'console', channel: 'console:main' }))).toBe(true);
  });
});

describe('the per-channel cool-down on public posts members trigger', () => {
  it('lets fifteen /daily now in a row post once, telling the rest privately how long to wait', async () => {
    const bot = limitedBot({ commandsPerMinute: 0, channelPostCooldownSeconds: 60 });
    const replies: Reply[] = [];
    for (let i = 0; i < 15; i++) replies.push(await bot.say(`member${i}`, '/daily now'));
    expect(replies.filter(isPublic)).toHaveLength(1);
    for (const r of replies.slice(1)) {
      expect(r).toMatchObject({ kind: 'error', visibility: 'private' });
      expect(plainText(r)).toMatch(/next such post can go out in 60 s/);
    }
    bot.clock.advance(60_000);
    expect(isPublic(await bot.say('member0', '/daily now'))).toBe(true);
  });

  it('keeps channels apart and lets channel managers post through it', async () => {
    const bot = limitedBot({ commandsPerMinute: 0, channelPostCooldownSeconds: 60 });
    expect(isPublic(await bot.say('alice', '/daily now', { channel: 'discord:G1:C1' }))).toBe(true);
    expect(isPublic(await bot.say('alice', '/daily now', { channel: 'discord:G1:C2' }))).toBe(true);
    expect(isPublic(await bot.say('admin', '/daily now', { channel: 'discord:G1:C1', canManage: true }))).toBe(true);
    expect((await bot.say('bob', '/daily now', { channel: 'discord:G1:C1' })).kind).toBe('error');
  });

  it('covers the Share in channel button, and private commands are never held back by it', async () => {
    const bot = limitedBot({ commandsPerMinute: 0, channelPostCooldownSeconds: 60 });
    expect(isPublic(await bot.click('alice', 'share:smote.1'))).toBe(true);
    expect((await bot.click('bob', 'share:smote.1')).kind).toBe('error');
    expect((await bot.say('bob', '/daily status')).kind).not.toBe('error');
    expect((await bot.say('bob', '/ask what is SMOTE?')).kind).toBe('answer');
  });

  it('is not started by a run that ended up private', async () => {
    const bot = limitedBot({ commandsPerMinute: 0, channelPostCooldownSeconds: 60 });
    // No quiz results yet: the leaderboard answers privately, so the channel is still free for a post.
    expect(isPublic(await bot.say('alice', '/leaderboard'))).toBe(false);
    expect(isPublic(await bot.say('bob', '/daily now'))).toBe(true);
  });
});

describe('limits through the real Bolt against a fake Slack', () => {
  let fake: FakeSlack;
  let slack: SlackAdapter;

  beforeAll(async () => {
    fake = await startFakeSlack();
    fake.setUser('U0ALICE', { name: 'alice' });
    fake.setUser('U0BOB', { name: 'bob' });
    const { router } = testBot(undefined, undefined, { core: { limits: { commandsPerMinute: 20, channelPostCooldownSeconds: 60 } } });
    const config = { botToken: FAKE_SLACK.botToken, appToken: FAKE_SLACK.appToken, mode: 'socket' as const, port: 3000, apiUrl: fake.apiUrl, adminUsers: [] };
    slack = new SlackAdapter({ config, router, log: createLogger({ level: 'silent' }), retries: 0, receipts: memoryReceipts() });
    await slack.start();
  });
  afterAll(async () => {
    await slack.stop();
    await fake.stop();
  });

  it('posts one /daily now in the channel and answers the next member privately', async () => {
    await fake.slashCommand({ command: '/daily', text: 'now', user: 'U0ALICE', channel: 'C0NOISY' });
    const first = await fake.waitForSaid((s) => s.via === 'response_url');
    expect(first.responseType).toBe('in_channel');
    const before = fake.said.length;
    await fake.slashCommand({ command: '/daily', text: 'now', user: 'U0BOB', channel: 'C0NOISY' });
    const second = await fake.waitForSaid((s) => fake.said.indexOf(s) >= before && s.via === 'response_url');
    expect(second.responseType).toBe('ephemeral');
    expect(second.text).toMatch(/next such post can go out in \d+ s/);
  });
});
