import type { BotCommand } from '../src/services.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SlackConfig } from '../src/config.js';
import { PermanentPostError } from '../src/core/chat-port.js';
import { createLogger } from '../src/core/logger.js';
import { reply } from '../src/core/reply.js';
import { SlackAdapter } from '../src/slack/slack-adapter.js';
import { FAKE_SLACK, startFakeSlack, type FakeSlack } from './fakes/fake-slack.js';
import { testBot, memoryReceipts } from './support/test-bot.js';

const log = createLogger({ level: 'silent' });

function socketConfig(fake: FakeSlack, extra: Partial<SlackConfig> = {}): SlackConfig {
  return { botToken: FAKE_SLACK.botToken, appToken: FAKE_SLACK.appToken, mode: 'socket', port: 3000, apiUrl: fake.apiUrl, adminUsers: [], ...extra };
}

function routerFor(errors: unknown[] = []) {
  return testBot(undefined, undefined, { core: { onCommandError: (err) => errors.push(err) } }).router;
}

/** The words of a Block Kit message, for asserting on what a person would read. */
const words = (blocks: unknown[]) => JSON.stringify(blocks);

describe('Slack adapter in Socket Mode against a fake Slack', () => {
  let fake: FakeSlack;
  let slack: SlackAdapter;
  const errors: unknown[] = [];

  beforeAll(async () => {
    fake = await startFakeSlack();
    fake.setUser('U0ALICE', { name: 'alice' });
    fake.setUser('U0ADMIN', { name: 'ada', isAdmin: true });
    slack = new SlackAdapter({ config: socketConfig(fake), router: routerFor(errors), log, retries: 0, receipts: memoryReceipts() });
    await slack.start();
  });
  afterAll(async () => {
    await slack.stop();
    await fake.stop();
  });

  it('answers a slash command privately through its response_url, with a share button', async () => {
    const before = fake.said.length;
    await fake.slashCommand({ command: '/ask', text: 'what is SMOTE?' });
    const said = await fake.waitForSaid((s) => fake.said.indexOf(s) >= before && s.via === 'response_url');
    expect(said.responseType).toBe('ephemeral');
    expect(words(said.blocks)).toContain('SMOTE');
    expect(words(said.blocks)).toMatch(/"action_id":"share:smote\.1"/);
    expect(errors).toEqual([]);
  });

  it('acks a slash command before the answer is sent', async () => {
    const before = fake.said.length;
    const ack = fake.slashCommand({ command: '/help', text: '' });
    await ack;
    // The envelope was acknowledged; the answer follows through the response_url.
    const said = await fake.waitForSaid((s) => fake.said.indexOf(s) >= before);
    expect(said.text).toContain('What I can do');
  });

  it('shares an answer in the channel when its share button is clicked', async () => {
    const before = fake.said.length;
    await fake.clickButton({ actionId: 'share:smote.1', user: 'U0ALICE', ephemeral: true });
    const said = await fake.waitForSaid((s) => fake.said.indexOf(s) >= before);
    expect(said.via).toBe('response_url');
    expect(said.responseType).toBe('in_channel');
    expect(said.replaceOriginal).toBe(false);
    expect(words(said.blocks)).toContain('Shared by alice');
  });

  it('answers a mention privately to the person who wrote it, with Slack escapes undone', async () => {
    const before = fake.said.length;
    await fake.mention({ text: 'tell me about SMOTE &amp; oversampling', user: 'U0ALICE', channel: 'C0STUDY' });
    const said = await fake.waitForSaid((s) => fake.said.indexOf(s) >= before);
    expect(said).toMatchObject({ via: 'chat.postEphemeral', channel: 'C0STUDY', user: 'U0ALICE' });
    expect(words(said.blocks)).toContain('SMOTE');
  });

  it('answers an empty mention with a hint instead of an error', async () => {
    const before = fake.said.length;
    await fake.mention({ text: '', user: 'U0ALICE' });
    const said = await fake.waitForSaid((s) => fake.said.indexOf(s) >= before);
    expect(said.text).toContain('Ask me about a concept');
  });

  it('posts to a channel and edits the post through the chat port', async () => {
    const ref = await slack.post(`slack:${FAKE_SLACK.team}:C0DAILY`, reply([{ type: 'text', text: 'Daily <concept> & more' }], { visibility: 'channel' }));
    expect(ref).toMatchObject({ platform: 'slack', channel: `slack:${FAKE_SLACK.team}:C0DAILY` });
    const posted = await fake.waitForSaid((s) => s.ts === ref.id && s.via === 'chat.postMessage');
    expect(posted.channel).toBe('C0DAILY');
    expect(words(posted.blocks)).toContain('Daily &lt;concept&gt; &amp; more');
    const call = fake.calls.find((c) => c.method === 'chat.postMessage' && c.args.channel === 'C0DAILY')!;
    expect(call.args.link_names).toBeUndefined();

    await slack.update(ref, reply([{ type: 'text', text: 'closed' }]));
    const edited = await fake.waitForSaid((s) => s.via === 'chat.update' && s.ts === ref.id);
    expect(edited.text).toBe('closed');
  });

  it('turns not_in_channel into a PermanentPostError that says how to fix it', async () => {
    fake.failNext('chat.postMessage', 'not_in_channel');
    const err = await slack.post(`slack:${FAKE_SLACK.team}:C0SECRET`, reply([{ type: 'text', text: 'hi' }])).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PermanentPostError);
    expect((err as PermanentPostError).fix).toMatch(/invite/i);
  });

  it('lets workspace admins and SLACK_ADMIN_USERS manage, but not ordinary members', async () => {
    const seen: { user: string; canManage?: boolean }[] = [];
    const fake2 = await startFakeSlack();
    fake2.setUser('U0ALICE', { name: 'alice' });
    fake2.setUser('U0ADMIN', { name: 'ada', isOwner: true });
    const who: BotCommand = { name: 'who', description: '', options: [], examples: [], run: ({ speaker }) => (seen.push({ user: speaker.id, canManage: speaker.canManage }), reply([{ type: 'text', text: 'ok' }])) };
    const probe = testBot(undefined, undefined, { core: { commands: [who] } }).router;
    const s2 = new SlackAdapter({ config: socketConfig(fake2, { adminUsers: ['U0LISTED'] }), router: probe, log, retries: 0, receipts: memoryReceipts() });
    await s2.start();
    try {
      for (const user of ['U0ALICE', 'U0ADMIN', 'U0LISTED']) {
        const n = fake2.said.length;
        await fake2.slashCommand({ command: '/who', text: '', user });
        await fake2.waitForSaid((s) => fake2.said.indexOf(s) >= n);
      }
    } finally {
      await s2.stop();
      await fake2.stop();
    }
    expect(seen).toEqual([
      { user: `slack:${FAKE_SLACK.team}:U0ALICE`, canManage: false },
      { user: `slack:${FAKE_SLACK.team}:U0ADMIN`, canManage: true },
      { user: `slack:${FAKE_SLACK.team}:U0LISTED`, canManage: true },
    ]);
  });
});

describe('Slack adapter under rate limits', () => {
  it('waits out a 429 with Retry-After and then posts', async () => {
    const fake = await startFakeSlack();
    const slack = new SlackAdapter({ config: socketConfig(fake), router: routerFor(), log, retries: 2, receipts: memoryReceipts() });
    await slack.start();
    try {
      fake.rateLimitNext('chat.postMessage', 1);
      const started = Date.now();
      const ref = await slack.post(`slack:${FAKE_SLACK.team}:C0BUSY`, reply([{ type: 'text', text: 'after the wait' }]));
      const elapsed = Date.now() - started;
      const attempts = fake.calls.filter((c) => c.method === 'chat.postMessage');
      expect(attempts).toHaveLength(2);
      expect(elapsed).toBeGreaterThanOrEqual(950);
      expect(fake.said.find((s) => s.ts === ref.id)?.text).toBe('after the wait');
    } finally {
      await slack.stop();
      await fake.stop();
    }
  });
});
