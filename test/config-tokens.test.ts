import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.js';

const BOT = 'xoxb-test-not-a-real-token';
const APP = 'xapp-test-not-a-real-token';

/** What the start-up check says about these settings: its problems, or 'ok'. */
function check(env: Record<string, string>): string[] | 'ok' {
  try {
    loadConfig(env);
    return 'ok';
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
}

describe('the configuration check on tokens pasted into the wrong place', () => {
  it.each([
    ['swapped Slack tokens', { SLACK_BOT_TOKEN: APP, SLACK_APP_TOKEN: BOT }, /SLACK_BOT_TOKEN and SLACK_APP_TOKEN are swapped: put the xoxb-… token in SLACK_BOT_TOKEN and the xapp-… token in SLACK_APP_TOKEN/],
    ['an app token as the bot token', { SLACK_BOT_TOKEN: APP, SLACK_SIGNING_SECRET: 'abc123' }, /SLACK_BOT_TOKEN holds an app-level token \(xapp-…\), which belongs in SLACK_APP_TOKEN: set SLACK_BOT_TOKEN to the Bot User OAuth Token \(xoxb-…\) from OAuth & Permissions/],
    ['a bot token as the app token', { SLACK_BOT_TOKEN: BOT, SLACK_APP_TOKEN: 'xoxb-another-not-real' }, /SLACK_APP_TOKEN holds a bot token \(xoxb-…\), which belongs in SLACK_BOT_TOKEN: set SLACK_APP_TOKEN to an app-level token \(xapp-…\) from Basic Information → App-Level Tokens/],
    ['a user token as the bot token', { SLACK_BOT_TOKEN: 'xoxp-test-not-real', SLACK_APP_TOKEN: APP }, /SLACK_BOT_TOKEN holds a user token \(xoxp-…\)/],
    ['a token as the signing secret', { SLACK_BOT_TOKEN: BOT, SLACK_SIGNING_SECRET: BOT }, /SLACK_SIGNING_SECRET holds a token: set it to the Signing Secret from Basic Information → App Credentials/],
    ["a Discord token with 'Bot ' in front", { DISCORD_TOKEN: 'Bot MTIz.abc.def-not-real' }, /DISCORD_TOKEN starts with 'Bot ': give the token alone/],
    ['the application id as the Discord token', { DISCORD_TOKEN: '111111111111111111' }, /DISCORD_TOKEN is a number, which is an id \(the application id goes in DISCORD_APPLICATION_ID\): set it to the token from the Developer Portal's Bot page/],
    ['the public key as the Discord token', { DISCORD_TOKEN: 'a'.repeat(64) }, /DISCORD_TOKEN looks like the application's public key/],
    ['the client secret as the Discord token', { DISCORD_TOKEN: 'AbCdEfGhIjKlMnOpQrStUvWxYz012345' }, /DISCORD_TOKEN looks like the OAuth2 client secret/],
    ['a Slack token as the Discord token', { DISCORD_TOKEN: BOT }, /DISCORD_TOKEN holds a Slack token/],
  ])('reports %s with the fix', (_what, env, expected) => {
    const result = check(env);
    expect(result).not.toBe('ok');
    expect(result).toEqual([expect.stringMatching(expected)]);
    // The value itself is a secret: never repeated back.
    for (const value of Object.values(env)) if (value.length > 12) expect(JSON.stringify(result)).not.toContain(value);
  });

  it('accepts tokens of the right kind in the right place', () => {
    expect(check({ SLACK_BOT_TOKEN: BOT, SLACK_APP_TOKEN: APP })).toBe('ok');
    expect(check({ SLACK_BOT_TOKEN: BOT, SLACK_SIGNING_SECRET: '8f742231b10e8888abcd99yyyzzz85a5' })).toBe('ok');
    expect(check({ DISCORD_TOKEN: 'MTExMTExMTExMTExMTExMTEx.GabcDE.not-a-real-token-just-the-shape_0123456' })).toBe('ok');
  });
});
