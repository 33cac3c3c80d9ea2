import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SlackConfig } from '../src/config.js';
import { SlackAdapter } from '../src/slack/slack-adapter.js';
import { FAKE_SLACK, slackSignature, slashCommandPayload, startFakeSlack, type FakeSlack, type SlackSaid } from './fakes/fake-slack.js';
import { captureLog } from './support/log-capture.js';
import { startHttpSlack } from './support/slack-http-bot.js';
import { memoryReceipts, testBot } from './support/test-bot.js';

const now = () => Math.floor(Date.now() / 1000);
const isDailyPost = (s: SlackSaid) => s.via === 'chat.postMessage' && JSON.stringify(s.blocks).includes('daily:');

/** Resolves when the guard reports the delivery as a duplicate, or when a second effect shows up — whichever first. */
function settled(...races: Promise<unknown>[]): Promise<unknown> {
  return Promise.race(races);
}

describe('Slack deliveries act once, in Socket Mode', () => {
  let fake: FakeSlack;
  let slack: SlackAdapter;
  const capture = captureLog('debug');

  beforeAll(async () => {
    fake = await startFakeSlack();
    fake.setUser('U0ALICE', { name: 'alice' });
    fake.setUser('U0OTHERBOT', { name: 'reminder-bot', isBot: true });
    fake.setUser('U0FRIENDBOT', { name: 'friendly-bot', isBot: true });
    const config: SlackConfig = { botToken: FAKE_SLACK.botToken, appToken: FAKE_SLACK.appToken, mode: 'socket', port: 3000, apiUrl: fake.apiUrl, adminUsers: [], allowedBots: ['B0FRIEND'] };
    slack = new SlackAdapter({ config, router: testBot().router, log: capture.log, retries: 0, receipts: memoryReceipts() });
    await slack.start();
  });
  afterAll(async () => {
    await slack.stop();
    await fake.stop();
  });

  it('posts once when Slack redelivers an "@studybot /daily now" mention with the same event id', async () => {
    const payload = fake.mentionPayload({ text: '/daily now', channel: 'C0ONCE' });
    await fake.redeliver(payload, 0);
    await fake.waitForSaid((s) => isDailyPost(s) && s.channel === 'C0ONCE');
    await fake.redeliver(payload, 1);
    await settled(
      capture.until((r) => r.msg === 'Slack delivery already handled; ignored' && r.eventId === payload.event_id),
      fake.waitForSaid((s) => isDailyPost(s) && s.channel === 'C0ONCE' && fake.said.filter((x) => isDailyPost(x) && x.channel === 'C0ONCE').length > 1),
    );
    expect(fake.said.filter((s) => isDailyPost(s) && s.channel === 'C0ONCE')).toHaveLength(1);
  });

  it('gives one private answer when a mention asking a question is delivered again', async () => {
    const payload = fake.mentionPayload({ text: 'what is SMOTE?', channel: 'C0ASK' });
    await fake.redeliver(payload, 0);
    await fake.redeliver(payload, 2);
    await capture.until((r) => r.msg === 'Slack delivery already handled; ignored' && r.eventId === payload.event_id);
    await fake.waitForSaid((s) => s.via === 'chat.postEphemeral' && s.channel === 'C0ASK');
    expect(fake.said.filter((s) => s.via === 'chat.postEphemeral' && s.channel === 'C0ASK')).toHaveLength(1);
  });

  for (const [what, from] of [
    ['a message carrying a bot_id', { botId: 'B0OTHER', user: 'U0OTHERBOT' }],
    ['a bot_message without a user', { subtype: 'bot_message', botId: 'B0OTHER2' }],
    ['a user Slack calls a bot', { user: 'U0OTHERBOT' }],
  ] as const) {
    it(`ignores another bot's "@studybot /daily now": ${what}`, async () => {
      const channel = `C0BOT${what.length}`;
      const payload = fake.mentionPayload({ text: '/daily now', channel, ...from });
      await fake.redeliver(payload, 0);
      await settled(
        capture.until((r) => r.msg === 'event from a bot ignored (see SLACK_ALLOWED_BOT_IDS)' && r.eventId === payload.event_id),
        fake.waitForSaid((s) => s.channel === channel),
      );
      expect(fake.said.filter((s) => s.channel === channel)).toEqual([]);
    });
  }

  it('answers a bot named in SLACK_ALLOWED_BOT_IDS', async () => {
    await fake.mention({ text: '/daily now', channel: 'C0FRIEND', user: 'U0FRIENDBOT', botId: 'B0FRIEND' });
    const said = await fake.waitForSaid((s) => s.channel === 'C0FRIEND');
    expect(isDailyPost(said)).toBe(true);
  });

  it('still answers people', async () => {
    await fake.mention({ text: '/daily now', channel: 'C0PEOPLE', user: 'U0ALICE' });
    expect(isDailyPost(await fake.waitForSaid((s) => s.channel === 'C0PEOPLE'))).toBe(true);
  });
});

describe('Slack deliveries act once, in HTTP mode', () => {
  let fake: FakeSlack;
  let url: string;
  let runs: string[];
  let stop: () => Promise<void>;
  const capture = captureLog('debug');

  beforeAll(async () => {
    ({ fake, url, runs, stop } = await startHttpSlack({ log: capture.log }));
  });
  afterAll(() => stop());

  const post = (body: string, type: string, headers: Record<string, string>) => fetch(url, { method: 'POST', headers: { 'content-type': type, ...headers }, body });
  const form = (text: string) => new URLSearchParams(slashCommandPayload(fake, { command: '/probe', text })).toString();
  const signed = (body: string, at = now()) => slackSignature(FAKE_SLACK.signingSecret, body, at);

  it('runs an identical signed request replayed inside the five-minute window only once', async () => {
    const body = form('daily on, captured');
    const headers = signed(body);
    expect((await post(body, 'application/x-www-form-urlencoded', headers)).status).toBe(200);
    await fake.waitForSaid((s) => s.text === 'ran daily on, captured');
    const replay = await post(body, 'application/x-www-form-urlencoded', headers);
    expect(replay.status).toBe(200);
    await capture.until((r) => r.msg === 'Slack delivery already handled; ignored' && r.kind === 'request');
    expect(runs.filter((r) => r === 'daily on, captured')).toHaveLength(1);
  });

  it('posts once when Slack retries an event with X-Slack-Retry-Num, signed anew', async () => {
    const body = JSON.stringify(fake.mentionPayload({ text: '/daily now', channel: 'C0HTTPONCE' }));
    expect((await post(body, 'application/json', signed(body))).status).toBe(200);
    await fake.waitForSaid((s) => isDailyPost(s) && s.channel === 'C0HTTPONCE');
    // Slack's retry carries the same body under a new timestamp, hence a new signature.
    const retry = await post(body, 'application/json', { ...signed(body, now() + 1), 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' });
    expect(retry.status).toBe(200);
    const eventId = (JSON.parse(body) as { event_id: string }).event_id;
    await settled(
      capture.until((r) => r.msg === 'Slack delivery already handled; ignored' && r.eventId === eventId),
      fake.waitForSaid((s) => isDailyPost(s) && s.channel === 'C0HTTPONCE' && fake.said.filter((x) => isDailyPost(x) && x.channel === 'C0HTTPONCE').length > 1),
    );
    expect(fake.said.filter((s) => isDailyPost(s) && s.channel === 'C0HTTPONCE')).toHaveLength(1);
  });

  for (const [label, offset] of [['ten minutes', 10 * 60], ['a year', 365 * 24 * 3600]] as const) {
    it(`refuses with 401 a correctly signed request dated ${label} in the future`, async () => {
      const body = form(`future ${label}`);
      const res = await post(body, 'application/x-www-form-urlencoded', signed(body, now() + offset));
      expect(res.status).toBe(401);
      expect(runs).not.toContain(`future ${label}`);
    });
  }

  it('still accepts a request dated a little ahead, within the window (clock skew)', async () => {
    const body = form('slightly ahead');
    expect((await post(body, 'application/x-www-form-urlencoded', signed(body, now() + 60))).status).toBe(200);
    await fake.waitForSaid((s) => s.text === 'ran slightly ahead');
  });
});
