import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../src/core/logger.js';
import { reply } from '../src/core/reply.js';
import { SlackAdapter } from '../src/slack/slack-adapter.js';
import { FAKE_SLACK, startFakeSlack, type FakeSlack } from './fakes/fake-slack.js';
import { testBot, memoryReceipts } from './support/test-bot.js';

const log = createLogger({ level: 'silent' });

// A quiz click is timed when the router sees it, after the clicker is looked up: a lookup Slack rate-limits must
// not hold the click for Retry-After, nor pause the bot's other Web API calls (web-api pauses its whole queue).
describe('Slack adapter when users.info is rate-limited', () => {
  let fake: FakeSlack;
  let slack: SlackAdapter;

  beforeAll(async () => {
    fake = await startFakeSlack();
    slack = new SlackAdapter({
      config: { botToken: FAKE_SLACK.botToken, appToken: FAKE_SLACK.appToken, mode: 'socket', port: 3000, apiUrl: fake.apiUrl, adminUsers: [] },
      router: testBot().router,
      log,
      retries: 2,
      receipts: memoryReceipts(),
    });
    await slack.start();
  });
  afterAll(async () => {
    await slack.stop();
    await fake.stop();
  });

  it('answers a click at once with the name from the payload, and keeps posting', { timeout: 8000 }, async () => {
    fake.setUser('U0NEW', { name: 'newcomer' });
    fake.rateLimitNext('users.info', 60);
    const before = fake.said.length;
    await fake.clickButton({ actionId: 'share:smote.1', user: 'U0NEW', ephemeral: true });
    const said = await fake.waitForSaid((s) => fake.said.indexOf(s) >= before && s.via === 'response_url');
    expect(JSON.stringify(said.blocks)).toContain('Shared by newcomer');
    const ref = await slack.post(`slack:${FAKE_SLACK.team}:C0DAILY`, reply([{ type: 'text', text: 'not paused' }], { visibility: 'channel' }));
    expect(ref.id).toBeTruthy();
  });
});
