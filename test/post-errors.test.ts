import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../src/core/logger.js';
import { DISCORD_POST_ERRORS, HTTP_POST_ERRORS, SLACK_POST_ERRORS, classifyPostError, type PostErrorKind } from '../src/core/post-errors.js';
import { plainText } from '../src/core/reply.js';
import { PostPacer } from '../src/daily/post-pacer.js';
import { DiscordAdapter } from '../src/discord/discord-adapter.js';
import { SlackAdapter } from '../src/slack/slack-adapter.js';
import { FAKE_DISCORD, startFakeDiscord, type FakeDiscord } from './fakes/fake-discord.js';
import { FAKE_SLACK, startFakeSlack, type FakeSlack } from './fakes/fake-slack.js';
import { MINUTE } from './support/daily-world.js';
import { memoryReceipts, testBot } from './support/test-bot.js';

const log = createLogger({ level: 'silent' });

/** The shapes discord.js and @slack/web-api give their errors. */
const discordError = (status: number, code: number) => Object.assign(new Error('refused'), { status, code });
const slackError = (error: string) => Object.assign(new Error(`An API error occurred: ${error}`), { code: 'slack_webapi_platform_error', data: { ok: false, error } });
const slackHttp = (statusCode: number) => Object.assign(new Error(`HTTP ${statusCode}`), { code: 'slack_webapi_http_error', statusCode });

describe('the table of platform errors on a post', () => {
  it.each<[string, unknown, PostErrorKind]>([
    ['Discord 10003 Unknown Channel', discordError(404, 10003), 'permanent'],
    ['Discord 10004 Unknown Guild', discordError(404, 10004), 'permanent'],
    ['Discord 50001 Missing Access', discordError(403, 50001), 'permanent'],
    ['Discord 50013 Missing Permissions', discordError(403, 50013), 'permanent'],
    ['Discord 50083 archived thread', discordError(400, 50083), 'permanent'],
    ['Discord 160005 locked thread', discordError(400, 160005), 'permanent'],
    ['Discord 50035 Invalid Form Body', discordError(400, 50035), 'permanent'],
    ['Discord 401 with code 0 (token)', discordError(401, 0), 'permanent'],
    ['Discord 20016 slowmode', discordError(429, 20016), 'transient'],
    ['Discord 130000 overloaded', discordError(503, 130000), 'transient'],
    ['Discord HTTP 403 with an unknown code', discordError(403, 99999), 'permanent'],
    ['Discord HTTP 404', { status: 404 }, 'permanent'],
    ['Discord HTTP 500', { status: 500 }, 'transient'],
    ['Discord HTTP 502', { status: 502 }, 'transient'],
    ['Discord HTTP 429', { status: 429 }, 'transient'],
    ['Discord network error', Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }), 'transient'],
    ...(['channel_not_found', 'not_in_channel', 'is_archived', 'account_inactive', 'token_revoked', 'invalid_auth', 'restricted_action', 'msg_too_long', 'missing_scope', 'fatal_error'] as const).map(
      (code) => [`Slack ${code}`, slackError(code), 'permanent'] as [string, unknown, PostErrorKind],
    ),
    ['Slack ratelimited', slackError('ratelimited'), 'transient'],
    ['Slack internal_error', slackError('internal_error'), 'transient'],
    ['Slack service_unavailable', slackError('service_unavailable'), 'transient'],
    ['Slack an error not in the table', slackError('something_new'), 'transient'],
    ['Slack HTTP 401', slackHttp(401), 'permanent'],
    ['Slack HTTP 403', slackHttp(403), 'permanent'],
    ['Slack HTTP 404', slackHttp(404), 'permanent'],
    ['Slack HTTP 503', slackHttp(503), 'transient'],
    ['Slack rate limited', { code: 'slack_webapi_rate_limited_error', retryAfter: 3 }, 'transient'],
    ['Slack request error', { code: 'slack_webapi_request_error', message: 'ECONNREFUSED' }, 'transient'],
  ])('%s is %s', (_name, err, kind) => {
    const platform = _name.startsWith('Slack') ? 'slack' : 'discord';
    const verdict = classifyPostError(platform, err);
    expect(verdict.kind).toBe(kind);
    if (kind === 'permanent') expect(verdict.fix).toMatch(/\w/);
  });

  it('gives every permanent entry a fix a person can act on', () => {
    for (const table of [DISCORD_POST_ERRORS, SLACK_POST_ERRORS, HTTP_POST_ERRORS]) {
      for (const [code, rule] of Object.entries(table)) {
        if (rule.kind === 'permanent') expect(rule.fix, code).toMatch(/^[A-Z].{20,}[.)]$/);
        else expect(rule.fix, code).toBeUndefined();
      }
    }
  });
});

/** The real scheduler posting through a real adapter, with the core's /daily status on the same database. */
function dailyOn(channel: string, platform: 'discord' | 'slack', adapter: DiscordAdapter | SlackAdapter) {
  const b = testBot(undefined, undefined, { port: adapter, core: { daily: { pacer: new PostPacer(() => Date.now(), async () => {}) } } });
  b.clock.set('2026-03-02T08:00:00Z');
  const ready = b.services.daily.store.enable({ channel, timeOfDay: 9 * 60, timezone: 'UTC', by: `${platform}:admin`, now: b.clock.ms, seed: 1 });
  const scheduler = b.core.daily;
  const router = b.router;
  const status = async () => plainText(await router.handle({ text: '/daily status', speaker: { id: `${platform}:U1`, name: 'ann' }, channel, platform }));
  /** Ticks every minute from 09:00 to 11:10, past the whole grace window. */
  const runDay = async () => {
    await ready;
    b.clock.set('2026-03-02T09:00:00Z');
    for (let i = 0; i < 130; i++, b.clock.advance(MINUTE)) await scheduler.tick();
  };
  return { runDay, status };
}

describe('a permanent refusal through the scheduler', () => {
  let discordFake: FakeDiscord;
  let discord: DiscordAdapter;
  let slackFake: FakeSlack;
  let slack: SlackAdapter;
  beforeAll(async () => {
    discordFake = await startFakeDiscord();
    discord = new DiscordAdapter({ config: { token: FAKE_DISCORD.token, apiUrl: discordFake.apiUrl }, router: testBot().router, services: testBot().services, log });
    await discord.start();
    await discordFake.ready();
    slackFake = await startFakeSlack();
    slack = new SlackAdapter({ config: { botToken: FAKE_SLACK.botToken, appToken: FAKE_SLACK.appToken, mode: 'socket', port: 3000, apiUrl: slackFake.apiUrl, adminUsers: [] }, router: testBot().router, log, retries: 0, receipts: memoryReceipts() });
    await slack.start();
  });
  afterAll(async () => {
    await discord.stop();
    await discordFake.stop();
    await slack.stop();
    await slackFake.stop();
  });

  it('Discord 50083 (archived thread) is tried once, not retried, and /daily status names the fix', async () => {
    const channel = `discord:${FAKE_DISCORD.guild}:${FAKE_DISCORD.channel}`;
    const day = dailyOn(channel, 'discord', discord);
    discordFake.failNext('POST', /^\/channels\/\d+\/messages$/, 400, 50083, 'Thread is archived');
    await day.runDay();
    expect(discordFake.requests.filter((r) => r.method === 'POST' && r.path === `/channels/${FAKE_DISCORD.channel}/messages`)).toHaveLength(1);
    expect(await day.status()).toContain('Fix: The thread is archived: reopen it, or run /daily on in the channel that should get the post instead.');
  });

  it('Slack msg_too_long is tried once, not retried, and /daily status names the fix', async () => {
    const day = dailyOn(`slack:${FAKE_SLACK.team}:C0LONG`, 'slack', slack);
    slackFake.failNext('chat.postMessage', 'msg_too_long');
    await day.runDay();
    expect(slackFake.calls.filter((c) => c.method === 'chat.postMessage' && c.args.channel === 'C0LONG')).toHaveLength(1);
    expect(await day.status()).toMatch(/refused: Slack refused to post in slack:\S+: msg_too_long Fix: Slack refused the post’s content/);
  });
});
