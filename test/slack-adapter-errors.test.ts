import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../src/core/logger.js';
import { Metrics } from '../src/ops/metrics.js';
import { SlackAdapter } from '../src/slack/slack-adapter.js';
import { FAKE_SLACK, startFakeSlack, type FakeSlack } from './fakes/fake-slack.js';
import { testBot, memoryReceipts } from './support/test-bot.js';

describe('Slack adapter failures', () => {
  let fake: FakeSlack;
  let slack: SlackAdapter;
  const metrics = new Metrics();
  let logged = '';
  let onLine: (() => void) | undefined;
  beforeAll(async () => {
    fake = await startFakeSlack();
    fake.setUser('U0ALICE', { name: 'alice' });
    const log = createLogger({
      level: 'error',
      destination: { write: (l: string) => ((logged += l), onLine?.(), true) } as unknown as NodeJS.WritableStream,
    });
    const router = testBot().router;
    slack = new SlackAdapter({
      config: { botToken: FAKE_SLACK.botToken, appToken: FAKE_SLACK.appToken, mode: 'socket', port: 3000, apiUrl: fake.apiUrl, adminUsers: [] },
      router,
      log,
      retries: 0,
      metrics,
      receipts: memoryReceipts(),
    });
    await slack.start();
  });
  afterAll(async () => {
    await slack.stop();
    await fake.stop();
  });

  it('logs a handler that fails and counts it as an adapter error in the metrics', async () => {
    const failed = new Promise<void>((resolve) => (onLine = () => logged.includes('Slack handler failed') && resolve()));
    fake.failNext('chat.postEphemeral', 'internal_error');
    await fake.mention({ text: 'what is SMOTE?', user: 'U0ALICE' });
    await failed;
    const text = (await metrics.render()).body;
    expect(text).toMatch(/studybot_errors_total\{where="adapter"\} 1/);
  });
});
