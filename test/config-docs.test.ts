import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const read = (file: string) => readFileSync(`${ROOT}/${file}`, 'utf8');

/** Rows of the README's "Configuration" table: variable → default column. */
function readmeTable(): Map<string, string> {
  const section = /^## Configuration\n([\s\S]*?)(?=^## )/m.exec(read('README.md'))?.[1] ?? '';
  const rows = new Map<string, string>();
  for (const m of section.matchAll(/^\| `([A-Z][A-Z0-9_]*)` \| ([^|]*) \|/gm)) rows.set(m[1]!, m[2]!.trim());
  return rows;
}

/** `NAME=value` lines of .env.example, set (`NAME=`) or showing the default (`# NAME=value`). */
function envExample(): Map<string, string> {
  const vars = new Map<string, string>();
  for (const m of read('.env.example').matchAll(/^(?:# )?([A-Z][A-Z0-9_]*)=(.*)$/gm)) vars.set(m[1]!, m[2]!.trim());
  return vars;
}

/** Every variable src/config.ts reads through its helpers. */
function configReads(): Set<string> {
  const source = read('src/config.ts');
  return new Set([...source.matchAll(/(?:text\(env, |list\(env, |int\(|url\()'([A-Z][A-Z0-9_]*)'/g)].map((m) => m[1]!));
}

// A complete, valid environment with every setting away from its default (fake, obviously not real tokens).
const FULL: Record<string, string> = {
  CONTENT_DIR: '/srv/notes',
  LOG_LEVEL: 'debug',
  DATABASE_PATH: '/srv/data/bot.db',
  CHARTS_DIR: '/srv/data/charts',
  DATABASE_URL: 'postgres://bot@db.internal:5432/studybot?sslmode=verify-full',
  DATABASE_POOL_SIZE: '20',
  DATABASE_STATEMENT_TIMEOUT_MS: '5000',
  SLACK_BOT_TOKEN: 'xoxb-test-not-a-real-token',
  SLACK_APP_TOKEN: 'xapp-test-not-a-real-token',
  SLACK_SIGNING_SECRET: 'test-signing-secret-not-real',
  SLACK_PORT: '3100',
  SLACK_API_URL: 'http://127.0.0.1:9/api/',
  SLACK_ADMIN_USERS: 'U111,U222',
  SLACK_COMMAND: 'reading',
  SLACK_ALLOWED_BOT_IDS: 'B333',
  DISCORD_TOKEN: 'discord-test-not-a-real-token',
  DISCORD_APPLICATION_ID: '111111111111',
  DISCORD_GUILD_ID: '222222222222',
  DISCORD_API_URL: 'http://127.0.0.1:9/api',
  DISCORD_SHARD_IDS: '1,3',
  DISCORD_SHARD_COUNT: '4',
  DAILY_DEFAULT_TIME: '07:30',
  DAILY_DEFAULT_TIMEZONE: 'Europe/Berlin',
  DAILY_GRACE_MINUTES: '30',
  REVIEW_NEW_CARDS_PER_DAY: '20',
  HTTP_PORT: '8080',
  COMMANDS_PER_MINUTE: '5',
  CHANNEL_POST_COOLDOWN_SECONDS: '300',
  WORKSPACE_DATA_RETENTION_DAYS: '7',
  REPLICA_ID: 'bot-1',
  QUIZ_LEASE_MS: '20000',
  QUIZ_LEASE_RENEW_MS: '5000',
};

/**
 * "Add to Slack" replaces SLACK_BOT_TOKEN and runs in HTTP mode, so its settings are checked on their own complete
 * environment: FULL with OAuth instead of the single token and Socket Mode.
 */
const { SLACK_BOT_TOKEN: _token, SLACK_APP_TOKEN: _app, ...FULL_WITHOUT_TOKENS } = FULL;
const FULL_OAUTH: Record<string, string> = {
  ...FULL_WITHOUT_TOKENS,
  SLACK_CLIENT_ID: '1111.2222',
  SLACK_CLIENT_SECRET: 'test-client-secret-not-real',
  SLACK_STATE_SECRET: 'test-state-secret-not-real',
  SECRETS_KEY: Buffer.alloc(32, 7).toString('base64'),
};
const OAUTH_ONLY = ['SLACK_CLIENT_ID', 'SLACK_CLIENT_SECRET', 'SLACK_STATE_SECRET', 'SECRETS_KEY'];

function outcome(env: Record<string, string>): string {
  try {
    return JSON.stringify(loadConfig(env));
  } catch (err) {
    if (err instanceof ConfigError) return `error: ${err.message}`;
    throw err;
  }
}

describe('the configuration docs', () => {
  it('lists the same variables in the README table, .env.example and src/config.ts', () => {
    const readme = [...readmeTable().keys()].sort();
    const example = [...envExample().keys()].sort();
    const code = [...configReads()].sort();
    expect(code.length).toBeGreaterThanOrEqual(15);
    expect(readme).toEqual(code);
    expect(example).toEqual(code);
  });

  it('gives the same default in the README as .env.example where the example sets one', () => {
    const table = readmeTable();
    for (const [name, value] of envExample()) {
      if (value) expect(table.get(name), name).toContain(`\`${value}\``);
    }
  });

  it('keeps every default in .env.example commented out, so copying it to .env changes nothing', () => {
    const active = [...read('.env.example').matchAll(/^([A-Z][A-Z0-9_]*)=(.*)$/gm)];
    expect(active.filter((m) => m[2]!.trim() !== '').map((m) => m[0])).toEqual([]);
    expect(loadConfig(Object.fromEntries(active.map((m) => [m[1]!, m[2]!])))).toEqual(loadConfig({}));
  });

  it('documents only variables the config module really acts on', () => {
    expect(outcome(FULL)).not.toMatch(/^error/);
    expect(outcome(FULL_OAUTH)).not.toMatch(/^error/);
    for (const name of readmeTable().keys()) {
      const full = OAUTH_ONLY.includes(name) ? FULL_OAUTH : FULL;
      expect(full[name], `add an example value for ${name} to FULL in this test`).toBeDefined();
      const { [name]: _removed, ...without } = full;
      expect(outcome(without), `${name} changes nothing when removed`).not.toBe(outcome(full));
    }
  });

  it('documents defaults that match what the config module does with nothing set', () => {
    const bare = loadConfig({});
    const table = readmeTable();
    expect(table.get('LOG_LEVEL')).toContain(`\`${bare.logLevel}\``);
    expect(table.get('DATABASE_PATH')).toContain('`./data/studybot.db`');
    expect(bare.databasePath.endsWith('/data/studybot.db')).toBe(true);
    expect(table.get('DAILY_DEFAULT_TIME')).toContain(`\`${bare.daily.defaultTime}\``);
    expect(table.get('DAILY_DEFAULT_TIMEZONE')).toContain(`\`${bare.daily.defaultTimezone}\``);
    expect(table.get('DAILY_GRACE_MINUTES')).toContain(`\`${bare.daily.graceMinutes}\``);
    expect(table.get('HTTP_PORT')).toMatch(/^off/);
    expect(table.get('COMMANDS_PER_MINUTE')).toContain(`\`${bare.limits.commandsPerMinute}\``);
    expect(table.get('CHANNEL_POST_COOLDOWN_SECONDS')).toContain(`\`${bare.limits.channelPostCooldownSeconds}\``);
    expect(table.get('WORKSPACE_DATA_RETENTION_DAYS')).toContain(`\`${bare.retentionDays}\``);
    expect(bare.httpPort).toBeUndefined();
    expect(bare.replica.id).toBeUndefined();
    expect(table.get('REPLICA_ID')).toMatch(/^— \(host\/pid\/random/);
    expect(table.get('QUIZ_LEASE_MS')).toContain(`\`${bare.replica.quizLeaseMs}\``);
    expect(table.get('QUIZ_LEASE_RENEW_MS')).toContain(`\`${bare.replica.quizLeaseRenewMs}\``);
    const withSlack = loadConfig({ SLACK_BOT_TOKEN: FULL.SLACK_BOT_TOKEN, SLACK_APP_TOKEN: FULL.SLACK_APP_TOKEN });
    expect(table.get('SLACK_PORT')).toContain(`\`${withSlack.slack!.port}\``);
    expect(table.get('SLACK_API_URL')).toContain(`\`${withSlack.slack!.apiUrl}\``);
    expect(table.get('SLACK_COMMAND')).toContain(`\`${withSlack.slack!.command}\``);
    const withPostgres = loadConfig({ DATABASE_URL: FULL.DATABASE_URL });
    expect(bare.postgres).toBeUndefined();
    expect(table.get('DATABASE_URL')).toMatch(/^— \(SQLite\)/);
    expect(table.get('DATABASE_POOL_SIZE')).toContain(`\`${withPostgres.postgres!.poolSize}\``);
    expect(table.get('DATABASE_STATEMENT_TIMEOUT_MS')).toContain(`\`${withPostgres.postgres!.statementTimeoutMs}\``);
    const withDiscord = loadConfig({ DISCORD_TOKEN: FULL.DISCORD_TOKEN });
    expect(table.get('DISCORD_API_URL')).toContain(`\`${withDiscord.discord!.apiUrl}\``);
  });

  it('documents the Docker image defaults that the Dockerfile sets', () => {
    const dockerEnv = /^ENV ([\s\S]*?)\n(?!\s)/m.exec(read('Dockerfile'))![1]!;
    expect(dockerEnv).toContain('DATABASE_PATH=/data/studybot.db');
    expect(readmeTable().get('DATABASE_PATH')).toContain('`/data/studybot.db`');
    expect(dockerEnv).toContain('CONTENT_DIR=/app/content');
    expect(readmeTable().get('CONTENT_DIR')).toContain('`/app/content` in Docker');
    expect(dockerEnv).toContain('HTTP_PORT=8080');
    expect(readmeTable().get('HTTP_PORT')).toContain('`8080` in Docker');
  });
});
