import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { FAKE_DISCORD, startFakeDiscord, type FakeDiscord } from './fakes/fake-discord.js';
import { FAKE_SLACK, slackSignature, slashCommandPayload, startFakeSlack, type FakeSlack } from './fakes/fake-slack.js';
import { FIXTURE_CONTENT } from './support/test-bot.js';
import { loadConfig, secretsOf } from '../src/config.js';
import { createLogger } from '../src/core/logger.js';
import { Writable } from 'node:stream';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SECRETS = [FAKE_SLACK.botToken, FAKE_SLACK.appToken, FAKE_SLACK.signingSecret, FAKE_DISCORD.token];

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

/** The real bot process at trace level, every stderr line kept; resolves `until` as log records arrive. */
function startBot(env: Record<string, string>) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', CONTENT_DIR: FIXTURE_CONTENT, LOG_LEVEL: 'trace', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  onTestFinished(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });
  let raw = '';
  const records: Record<string, unknown>[] = [];
  const waiters: { test: (r: Record<string, unknown>) => boolean; resolve: () => void }[] = [];
  child.stderr.on('data', (c: Buffer) => (raw += c.toString()));
  createInterface({ input: child.stderr }).on('line', (line) => {
    if (!line.startsWith('{')) return;
    const record = JSON.parse(line) as Record<string, unknown>;
    records.push(record);
    for (const w of [...waiters]) if (w.test(record)) waiters.splice(waiters.indexOf(w), 1) && w.resolve();
  });
  const until = (test: (r: Record<string, unknown>) => boolean) =>
    new Promise<void>((resolve) => (records.some(test) ? resolve() : waiters.push({ test, resolve })));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, records, until, exited, raw: () => raw };
}

describe('logs and metrics of the running bot', { timeout: 90_000 }, () => {
  let slack: FakeSlack;
  let discord: FakeDiscord;
  let dir: string;

  beforeAll(async () => {
    [slack, discord] = await Promise.all([startFakeSlack(), startFakeDiscord()]);
    dir = mkdtempSync(join(tmpdir(), 'studybot-logs-'));
  });
  afterAll(async () => {
    await Promise.all([slack.stop(), discord.stop()]);
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves Slack and Discord with structured command logs and metrics, and no secret reaches the trace-level log', async () => {
    const httpPort = await freePort();
    const bot = startBot({
      SLACK_BOT_TOKEN: FAKE_SLACK.botToken,
      SLACK_APP_TOKEN: FAKE_SLACK.appToken,
      SLACK_API_URL: slack.apiUrl,
      DISCORD_TOKEN: FAKE_DISCORD.token,
      DISCORD_API_URL: discord.apiUrl,
      DATABASE_PATH: join(dir, 'socket.db'),
      HTTP_PORT: String(httpPort),
    });
    await discord.ready();
    await bot.until((r) => r.msg === 'Slack connected');
    await bot.until((r) => r.msg === 'Discord connected');

    const token = discord.slashCommand({ name: 'ask', options: { question: 'what is SMOTE?' } });
    await slack.slashCommand({ command: '/ask', text: 'what is SMOTE?' });
    await slack.slashCommand({ command: '/concept', text: 'no such concept at all' });
    // A platform failure on the way: the error is logged with its request, which carried the bot token.
    slack.failNext('chat.postMessage', 'internal_error');
    await slack.slashCommand({ command: '/daily', text: 'now' });
    await Promise.all([slack.waitForSaid((s) => s.via === 'response_url'), discord.waitForRequest((r) => r.path.endsWith(`/${token}/callback`))]);
    await bot.until((r) => r.msg === 'command served' && r.command === 'daily');

    const health = await fetch(`http://127.0.0.1:${httpPort}/healthz`);
    expect(health.status).toBe(200);
    const report = (await health.json()) as { checks: { name: string; healthy: boolean }[] };
    expect(report.checks.map((c) => `${c.name}:${c.healthy}`)).toEqual(['process:true', 'database:true', 'slack:true', 'discord:true']);

    const metrics = await (await fetch(`http://127.0.0.1:${httpPort}/metrics`)).text();
    expect(metrics).toMatch(/studybot_commands_total\{command="ask",platform="slack",outcome="ok"\} 1/);
    expect(metrics).toMatch(/studybot_commands_total\{command="ask",platform="discord",outcome="ok"\} 1/);
    expect(metrics).toMatch(/studybot_command_duration_seconds_count\{command="concept",platform="slack"\} 1/);

    const served = bot.records.filter((r) => r.msg === 'command served');
    expect(served.find((r) => r.platform === 'discord' && r.command === 'ask')).toMatchObject({ outcome: 'ok', user: expect.stringMatching(/^discord:/) });
    expect(served.find((r) => r.platform === 'slack' && r.command === 'ask')).toMatchObject({ outcome: 'ok', user: expect.stringMatching(/^slack:T0TEST:/) });
    for (const r of served) expect(r.latencyMs).toEqual(expect.any(Number));

    bot.child.kill('SIGTERM');
    expect(await bot.exited).toBe(0);
    // Trace level logged plenty (Bolt's and discord.js's debug output included), and no secret in any of it.
    expect(bot.records.length).toBeGreaterThan(10);
    expect(bot.records.some((r) => r.level === 10 || r.level === 20)).toBe(true);
    for (const secret of SECRETS) expect(bot.raw()).not.toContain(secret);
    // Socket Mode logs whole envelopes at trace level; their response_urls (each good for 30 minutes of posting in
    // the channel) are logged redacted.
    expect(bot.raw()).toMatch(/response_url[^,]{0,8}\[redacted\]/);
    expect(bot.raw()).not.toMatch(/\/response\/[0-9a-f-]{36}/);
  });

  it('keeps the signing secret out of the log in Slack HTTP mode, for good and forged requests', async () => {
    const slackPort = await freePort();
    const bot = startBot({
      SLACK_BOT_TOKEN: FAKE_SLACK.botToken,
      SLACK_SIGNING_SECRET: FAKE_SLACK.signingSecret,
      SLACK_PORT: String(slackPort),
      SLACK_API_URL: slack.apiUrl,
      DATABASE_PATH: join(dir, 'http.db'),
    });
    await bot.until((r) => r.msg === 'Slack connected');
    const post = (body: string, headers: Record<string, string>) =>
      fetch(`http://127.0.0.1:${slackPort}/slack/events`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers }, body });
    const body = new URLSearchParams(slashCommandPayload(slack, { command: '/ask', text: 'what is SMOTE?' })).toString();
    const now = Math.floor(Date.now() / 1000);
    expect((await post(body, slackSignature(FAKE_SLACK.signingSecret, body, now))).status).toBe(200);
    expect((await post(body, slackSignature('a-wrong-secret-for-forging', body, now))).status).toBe(401);
    await bot.until((r) => r.msg === 'command served' && r.platform === 'slack');

    bot.child.kill('SIGTERM');
    expect(await bot.exited).toBe(0);
    for (const secret of SECRETS) expect(bot.raw()).not.toContain(secret);
  });
});

describe('the logger with the configured secrets', () => {
  // The process tests above show no secret reaches a log line; this shows the scrubber catches one that would.
  const config = loadConfig({
    SLACK_BOT_TOKEN: FAKE_SLACK.botToken,
    SLACK_APP_TOKEN: FAKE_SLACK.appToken,
    SLACK_SIGNING_SECRET: FAKE_SLACK.signingSecret,
    DISCORD_TOKEN: FAKE_DISCORD.token,
  });

  for (const pretty of [false, true]) {
    it(`replaces every secret wherever it appears in a ${pretty ? 'terminal' : 'JSON'} line`, () => {
      let out = '';
      const log = createLogger({
        level: 'trace',
        secrets: secretsOf(config),
        pretty,
        destination: new Writable({ write(chunk, _enc, cb) { out += String(chunk); cb(); } }),
      });
      const err = Object.assign(new Error(`request to https://slack.com/api/auth.test?token=${FAKE_SLACK.botToken} failed`), {
        request: { headers: { authorization: `Bearer ${FAKE_SLACK.botToken}` } },
      });
      log.error({ err }, 'Slack call failed');
      log.debug({ config }, 'configuration');
      log.trace({ deep: { deeper: { ws: `wss://gateway?auth=${FAKE_DISCORD.token}` } } }, `socket opened with ${FAKE_SLACK.appToken}`);
      log.info({ headers: { authorization: `Bot ${FAKE_DISCORD.token}` }, secret: FAKE_SLACK.signingSecret }, 'signed');
      const hook = 'https://hooks.slack.com/commands/T0TEST/1234/not-a-real-hook';
      log.trace(`Received a message on the WebSocket: ${JSON.stringify({ envelope_id: 'e1', payload: { response_url: 'http://127.0.0.1:9/response/r1' } })}`);
      log.debug({ body: { response_url: hook } }, `responding via ${hook}`);

      expect(secretsOf(config)).toHaveLength(4);
      for (const secret of SECRETS) expect(out).not.toContain(secret);
      expect(out.split('[redacted]').length - 1).toBeGreaterThanOrEqual(8);
      // What is not secret survives, so the lines stay useful.
      expect(out).toContain('Slack call failed');
      expect(out).toContain('https://slack.com/api/auth.test?token=');
      expect(out).toContain('wss://gateway?auth=');
      expect(out).not.toContain('/response/r1');
      expect(out).not.toContain('not-a-real-hook');
      expect(out).toContain('https://hooks.slack.com/[redacted]');
    });
  }
});
