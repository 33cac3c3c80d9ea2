import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.js';

const slackHttp = { SLACK_BOT_TOKEN: 'xoxb-test-not-a-real-token', SLACK_SIGNING_SECRET: 'test-signing-secret-not-real' };

describe('HTTP_PORT in the configuration', () => {
  it('is off unless set, and read as a port when set', () => {
    expect(loadConfig({}).httpPort).toBeUndefined();
    expect(loadConfig({ HTTP_PORT: '9464' }).httpPort).toBe(9464);
  });

  it('names a port that is not a number or out of range', () => {
    expect(() => loadConfig({ HTTP_PORT: 'eighty' })).toThrow('HTTP_PORT must be a whole number from 0 to 65535, got "eighty"');
    expect(() => loadConfig({ HTTP_PORT: '70000' })).toThrow(ConfigError);
  });

  it('refuses the port Slack HTTP mode listens on, which would fail at start', () => {
    expect(() => loadConfig({ ...slackHttp, HTTP_PORT: '3000' })).toThrow("HTTP_PORT and SLACK_PORT are both 3000: Slack's HTTP mode and /healthz need different ports");
    expect(() => loadConfig({ ...slackHttp, SLACK_PORT: '8080', HTTP_PORT: '8080' })).toThrow('both 8080');
    expect(loadConfig({ ...slackHttp, HTTP_PORT: '8080' }).httpPort).toBe(8080);
    // Socket Mode opens no port, so 3000 is free for /healthz there.
    expect(loadConfig({ SLACK_BOT_TOKEN: 'xoxb-test-not-a-real-token', SLACK_APP_TOKEN: 'xapp-test-not-a-real-token', HTTP_PORT: '3000' }).httpPort).toBe(3000);
  });
});

describe('DATABASE_URL in the configuration', () => {
  it('keeps SQLite unless set, and reads a PostgreSQL URL with its pool size and statement timeout', () => {
    expect(loadConfig({}).postgres).toBeUndefined();
    expect(loadConfig({ DATABASE_URL: 'postgres://bot:pw@db:5432/studybot', DATABASE_POOL_SIZE: '4', DATABASE_STATEMENT_TIMEOUT_MS: '0' }).postgres).toEqual({
      url: 'postgres://bot:pw@db:5432/studybot',
      poolSize: 4,
      statementTimeoutMs: 0,
    });
    expect(loadConfig({ DATABASE_URL: 'postgresql://db/studybot?sslmode=require' }).postgres).toMatchObject({ poolSize: 10, statementTimeoutMs: 10_000 });
  });

  it('names a URL that is not PostgreSQL and an sslmode node-postgres would not honour as written', () => {
    expect(() => loadConfig({ DATABASE_URL: 'mysql://db/studybot' })).toThrow('DATABASE_URL must start with postgres://');
    expect(() => loadConfig({ DATABASE_URL: 'postgres://db/studybot?sslmode=prefer' })).toThrow('DATABASE_URL has sslmode=prefer; use one of disable, no-verify, require, verify-full');
    expect(() => loadConfig({ DATABASE_URL: 'postgres://db/x', DATABASE_POOL_SIZE: '0' })).toThrow('DATABASE_POOL_SIZE must be a whole number from 1 to 1000');
  });

  it('keeps the database password out of the logs', async () => {
    const { secretsOf } = await import('../src/config.js');
    const config = loadConfig({ DATABASE_URL: 'postgres://bot:s3cr%40t@db:5432/studybot' });
    expect(secretsOf(config)).toEqual(expect.arrayContaining(['s3cr@t', 'postgres://bot:s3cr%40t@db:5432/studybot']));
  });
});

describe('REPLICA_ID and the quiz lease timings in the configuration', () => {
  it('leave the replica unnamed with 12 s leases renewed every 3 s unless set', () => {
    expect(loadConfig({}).replica).toEqual({ quizLeaseMs: 12_000, quizLeaseRenewMs: 3000 });
    expect(loadConfig({ REPLICA_ID: 'bot-1', QUIZ_LEASE_MS: '2000', QUIZ_LEASE_RENEW_MS: '500' }).replica).toEqual({ id: 'bot-1', quizLeaseMs: 2000, quizLeaseRenewMs: 500 });
  });

  it('refuse a name with spaces or a lease renewed less than twice in its life, naming the fix', () => {
    expect(() => loadConfig({ REPLICA_ID: 'bot one' })).toThrow('REPLICA_ID must be 1 to 100 letters, digits or . _ : @ / - (starting with a letter or digit), like bot-1, got "bot one"');
    expect(() => loadConfig({ QUIZ_LEASE_MS: '4000' })).toThrow('QUIZ_LEASE_RENEW_MS (3000) must be at most half of QUIZ_LEASE_MS (4000)');
    expect(() => loadConfig({ QUIZ_LEASE_MS: '500' })).toThrow('QUIZ_LEASE_MS must be a whole number from 1000 to 600000');
  });
});
