import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, secretsOf } from '../src/config.js';

const KEY = Buffer.alloc(32, 9).toString('base64');
const OAUTH = {
  SLACK_CLIENT_ID: '1111.2222',
  SLACK_CLIENT_SECRET: 'test-client-secret-not-real',
  SLACK_STATE_SECRET: 'test-state-secret-not-real',
  SLACK_SIGNING_SECRET: 'test-signing-secret-not-real',
  SECRETS_KEY: KEY,
};

function problems(env: Record<string, string>): string {
  try {
    loadConfig(env);
    return '';
  } catch (err) {
    if (err instanceof ConfigError) return err.message;
    throw err;
  }
}

describe('"Add to Slack" settings', () => {
  it('turn on OAuth in HTTP mode with no app-wide token, and the key as 32 bytes', () => {
    const slack = loadConfig(OAUTH).slack!;
    expect(slack.mode).toBe('http');
    expect(slack.botToken).toBeUndefined();
    expect(slack.oauth).toEqual({ clientId: '1111.2222', clientSecret: OAUTH.SLACK_CLIENT_SECRET, stateSecret: OAUTH.SLACK_STATE_SECRET, secretsKey: Buffer.alloc(32, 9) });
  });

  it('refuse to start OAuth without SECRETS_KEY, saying how to make one', () => {
    const { SECRETS_KEY: _k, ...without } = OAUTH;
    expect(problems(without)).toMatch(/SECRETS_KEY is missing.*openssl rand -base64 32/);
  });

  it('refuse a SECRETS_KEY that is not 32 bytes in base64, without echoing it', () => {
    const message = problems({ ...OAUTH, SECRETS_KEY: 'my-passphrase-not-a-key' });
    expect(message).toMatch(/SECRETS_KEY must be 32 random bytes in base64.*openssl rand -base64 32/);
    expect(message).not.toContain('my-passphrase');
  });

  it('name the missing ones when only some of the three OAuth settings are set', () => {
    expect(problems({ SLACK_CLIENT_ID: '1111.2222', SLACK_SIGNING_SECRET: 'x', SECRETS_KEY: KEY })).toMatch(/missing SLACK_CLIENT_SECRET, SLACK_STATE_SECRET/);
  });

  it('refuse OAuth together with a single bot token, with Socket Mode, or without the signing secret', () => {
    expect(problems({ ...OAUTH, SLACK_BOT_TOKEN: 'xoxb-test-not-a-real-token' })).toMatch(/SLACK_BOT_TOKEN and SLACK_CLIENT_ID are both set/);
    expect(problems({ ...OAUTH, SLACK_APP_TOKEN: 'xapp-test-not-a-real-token' })).toMatch(/OAuth distribution runs in HTTP mode/);
    const { SLACK_SIGNING_SECRET: _s, ...unsigned } = OAUTH;
    expect(problems(unsigned)).toMatch(/SLACK_SIGNING_SECRET is missing/);
  });

  it('keep single-workspace mode as it was', () => {
    const slack = loadConfig({ SLACK_BOT_TOKEN: 'xoxb-test-not-a-real-token', SLACK_SIGNING_SECRET: 'x' }).slack!;
    expect(slack.botToken).toBe('xoxb-test-not-a-real-token');
    expect(slack.oauth).toBeUndefined();
  });

  it('count the client secret, the state secret and the key among the secrets the logger redacts', () => {
    const secrets = secretsOf(loadConfig(OAUTH));
    for (const s of [OAUTH.SLACK_CLIENT_SECRET, OAUTH.SLACK_STATE_SECRET, KEY, OAUTH.SLACK_SIGNING_SECRET]) expect(secrets).toContain(s);
  });
});
