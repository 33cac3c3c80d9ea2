import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import { secretsOf, type Config, type SlackConfig } from '../../src/config.js';
import { createLogger } from '../../src/core/logger.js';
import { SlackAdapter } from '../../src/slack/slack-adapter.js';
import type { Storage } from '../../src/storage/storage.js';
import { FAKE_SLACK, slashCommandPayload, startFakeSlack, type FakeInstall } from '../fakes/fake-slack.js';
import { testBot } from './test-bot.js';

export const STATE_SECRET = 'test-state-secret-not-real';
const DAY = 86_400_000;

/**
 * The real core and the real Bolt in HTTP mode with "Add to Slack" on (Bolt's installer, the sealed database
 * installation store), against a fake Slack that issues codes and tokens per workspace. Logs at trace level through
 * the production logger (with the config's secrets to redact) into `logText()`. `install(team)` plays the browser:
 * the install page, then Slack's redirect back with a fresh code.
 */
export async function startOAuthSlack(storage: Storage, o: { retentionDays?: number } = {}) {
  const fake = await startFakeSlack();
  const secretsKey = randomBytes(32);
  const config: SlackConfig = {
    mode: 'http',
    signingSecret: FAKE_SLACK.signingSecret,
    port: 3000,
    apiUrl: fake.apiUrl,
    adminUsers: [],
    oauth: { clientId: FAKE_SLACK.clientId, clientSecret: FAKE_SLACK.clientSecret, stateSecret: STATE_SECRET, secretsKey },
  };
  const lines: string[] = [];
  const waiters: { text: string; resolve: () => void }[] = [];
  const destination = new Writable({
    write(chunk, _enc, done) {
      lines.push(String(chunk));
      for (const w of [...waiters]) if (String(chunk).includes(w.text)) waiters.splice(waiters.indexOf(w), 1) && w.resolve();
      done();
    },
  });
  const log = createLogger({ level: 'trace', secrets: secretsOf({ slack: config } as Config), destination });
  const bot = testBot(undefined, undefined, { storage, core: { log } });
  const slack = new SlackAdapter({
    config,
    router: bot.router,
    log,
    retries: 0,
    port: 0,
    receipts: storage.slackReceipts,
    installations: storage.slackInstallations,
    workspaces: storage.workspaces,
    retentionMs: (o.retentionDays ?? 30) * DAY,
    now: () => bot.clock.now(),
  });
  bot.core.ports.add(slack);
  await slack.start();
  const base = `http://127.0.0.1:${slack.httpPort}`;

  /** Opens the install page: its state (from the "Add to Slack" link) and the state cookie it set. */
  async function installPage() {
    const page = await fetch(`${base}/slack/install`);
    const html = await page.text();
    const state = decodeURIComponent(/[?&]state=([^&"]+)/.exec(html)?.[1] ?? '');
    const cookie = (page.headers.get('set-cookie') ?? '').split(';')[0]!;
    return { status: page.status, html, state, cookie };
  }

  /** Slack sends the browser back with `code` and `state`; `cookie` is what the browser holds. */
  function redirect(code: string, state: string, cookie?: string) {
    return fetch(`${base}/slack/oauth_redirect?code=${encodeURIComponent(code)}&state=${encodeURIComponent(state)}`, { headers: cookie ? { cookie } : {} });
  }

  return {
    fake,
    bot,
    slack,
    base,
    events: `${base}/slack/events`,
    secretsKey,
    installPage,
    redirect,
    /** The whole install of one workspace, as a person clicking "Add to Slack" and "Allow" does it. */
    async install(install: FakeInstall) {
      const page = await installPage();
      const res = await redirect(fake.issueCode(install), page.state, page.cookie);
      return { res, body: await res.text(), ...page };
    },
    /** `/study <text>` typed by `user` in channel C1 of `team` (of org `enterprise` under an org-wide install), signed; resolves with the reply from response_url. */
    async say(team: string, user: string, text: string, enterprise?: string) {
      const before = fake.said.length;
      const answered = fake.waitForSaid((said) => said.via === 'response_url' && fake.said.indexOf(said) >= before);
      const res = await fake.deliver(`${base}/slack/events`, slashCommandPayload(fake, { command: '/study', text, user, team, channel: 'C1', ...(enterprise ? { enterprise } : {}) }), { form: true });
      if (res.status !== 200) throw new Error(`the bot answered ${res.status} to a signed command`);
      return answered;
    },
    logText: () => lines.join(''),
    /** Resolves once a log line holding `text` has been written (already or later). */
    logged: (text: string) => (lines.some((l) => l.includes(text)) ? Promise.resolve() : new Promise<void>((resolve) => waiters.push({ text, resolve }))),
    async stop() {
      await slack.stop();
      await fake.stop();
    },
  };
}
