import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FAKE_DISCORD, startFakeDiscord, type FakeDiscord } from './fakes/fake-discord.js';
import { FAKE_SLACK, startFakeSlack, type FakeSlack } from './fakes/fake-slack.js';
import { FIXTURE_CONTENT } from './support/test-bot.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** `npm start` as a real child process: the composition root itself, not a test's wiring of it. */
function startBot(env: Record<string, string>) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', CONTENT_DIR: FIXTURE_CONTENT, LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, exited, stderr: () => stderr };
}

// Each case starts Node with tsx; on a busy two-core CI machine that alone can take several seconds.
describe('the bot process with Slack and Discord configured', { timeout: 60_000 }, () => {
  let slack: FakeSlack;
  let discord: FakeDiscord;
  let dir: string;

  beforeAll(async () => {
    [slack, discord] = await Promise.all([startFakeSlack(), startFakeDiscord()]);
    dir = mkdtempSync(join(tmpdir(), 'studybot-platforms-'));
  });
  afterAll(async () => {
    await Promise.all([slack.stop(), discord.stop()]);
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves both platforms at once and stops cleanly on SIGTERM', async () => {
    const bot = startBot({
      SLACK_BOT_TOKEN: FAKE_SLACK.botToken,
      SLACK_APP_TOKEN: FAKE_SLACK.appToken,
      SLACK_API_URL: slack.apiUrl,
      DISCORD_TOKEN: FAKE_DISCORD.token,
      DISCORD_API_URL: discord.apiUrl,
      DATABASE_PATH: join(dir, 'bot.db'),
    });
    try {
      await discord.ready();
      const token = discord.slashCommand({ name: 'ask', options: { question: 'what is SMOTE?' } });
      await slack.slashCommand({ command: '/ask', text: 'what is SMOTE?' });
      const [slackAnswer, discordAnswer] = await Promise.all([
        slack.waitForSaid((s) => s.via === 'response_url'),
        discord.waitForRequest((r) => r.path.endsWith(`/${token}/callback`)),
      ]);
      expect(JSON.stringify(slackAnswer.blocks)).toContain('SMOTE');
      expect(JSON.stringify(discordAnswer.body)).toContain('SMOTE');
    } finally {
      bot.child.kill('SIGTERM');
    }
    expect(await bot.exited).toBe(0);
    // Tokens never reach the log.
    expect(bot.stderr()).not.toContain(FAKE_SLACK.botToken);
    expect(bot.stderr()).not.toContain(FAKE_DISCORD.token);
  });

  it('refuses to start with a Slack bot token but neither an app token nor a signing secret, naming both', async () => {
    const bot = startBot({ SLACK_BOT_TOKEN: FAKE_SLACK.botToken, SLACK_API_URL: slack.apiUrl, DATABASE_PATH: join(dir, 'half.db') });
    expect(await bot.exited).toBe(1);
    expect(bot.stderr()).toMatch(/SLACK_APP_TOKEN/);
    expect(bot.stderr()).toMatch(/SLACK_SIGNING_SECRET/);
    expect(bot.stderr()).not.toMatch(/\n\s+at /);
  });

  it('stops start-up with a readable message when Slack refuses the bot token', async () => {
    const bot = startBot({
      SLACK_BOT_TOKEN: 'xoxb-test-wrong-token-not-real',
      SLACK_APP_TOKEN: FAKE_SLACK.appToken,
      SLACK_API_URL: slack.apiUrl,
      DATABASE_PATH: join(dir, 'wrong.db'),
    });
    expect(await bot.exited).toBe(1);
    expect(bot.stderr()).toContain('SLACK_BOT_TOKEN is not valid');
    expect(bot.stderr()).not.toMatch(/\n\s+at /);
  });
});
