import type { BotCommand } from '../../src/services.js';
import { commands } from '../../commands/index.js';
import { createLogger, type Logger } from '../../src/core/logger.js';
import { reply } from '../../src/core/reply.js';
import { SlackAdapter, type SlackAdapterOptions } from '../../src/slack/slack-adapter.js';
import { FAKE_SLACK, startFakeSlack } from '../fakes/fake-slack.js';
import { memoryReceipts, testBot } from './test-bot.js';

/**
 * The real Bolt in HTTP mode on a free port, against a fake Slack, with the bot's commands plus `/probe`, which
 * records the text it ran with. `url` takes signed POSTs; `stop()` closes both.
 */
export async function startHttpSlack(o: { log?: Logger; httpTimeouts?: SlackAdapterOptions['httpTimeouts'] } = {}) {
  const fake = await startFakeSlack();
  const runs: string[] = [];
  const probe: BotCommand = { name: 'probe', description: 'records that it ran', options: [], examples: [], run: ({ args }) => (runs.push(args), reply([{ type: 'text', text: `ran ${args}` }])) };
  const slack = new SlackAdapter({
    config: { botToken: FAKE_SLACK.botToken, signingSecret: FAKE_SLACK.signingSecret, mode: 'http', port: 3000, apiUrl: fake.apiUrl, adminUsers: [] },
    router: testBot(undefined, undefined, { core: { commands: [...commands, probe] } }).router,
    log: o.log ?? createLogger({ level: 'silent' }),
    retries: 0,
    port: 0,
    receipts: memoryReceipts(),
    ...(o.httpTimeouts ? { httpTimeouts: o.httpTimeouts } : {}),
  });
  await slack.start();
  return {
    fake,
    slack,
    runs,
    url: `http://127.0.0.1:${slack.httpPort}/slack/events`,
    async stop() {
      await slack.stop();
      await fake.stop();
    },
  };
}
