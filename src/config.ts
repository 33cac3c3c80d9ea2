import { resolve } from 'node:path';
import { UserError } from './core/errors.js';
import { formatTimeOfDay } from './daily/local-time.js';
import { readTimeOfDay, readTimezone } from './daily/time-and-zone.js';
import type { NoiseLimitSettings } from './core/noise-limits.js';
import { DEFAULT_LEASE_TICK_MS, DEFAULT_LEASE_TTL_MS } from './quiz/quiz-engine.js';
import { packageRoot } from './package-root.js';
import { DEFAULT_SLACK_COMMAND, SLACK_COMMAND_NAME } from './slack/slack-commands.js';
import { discordTokenProblems, slackTokenProblems } from './token-shapes.js';
import { readSecretsKey, SECRETS_KEY_ADVICE } from './workspaces/secret-box.js';

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

/** "Add to Slack" distribution: Bolt's OAuth, an installation (and bot token) per workspace, sealed in the database. */
export interface SlackOAuthConfig {
  clientId: string;
  clientSecret: string;
  /** Signs the OAuth `state` (SLACK_STATE_SECRET). */
  stateSecret: string;
  /** SECRETS_KEY: the 32-byte AES-256-GCM key the installations are sealed with. */
  secretsKey: Buffer;
}

export interface SlackConfig {
  /** Single-workspace mode (SLACK_BOT_TOKEN); absent with OAuth, where each workspace has its own. */
  botToken?: string;
  /** Set when SLACK_CLIENT_ID, SLACK_CLIENT_SECRET and SLACK_STATE_SECRET are: HTTP mode serves /slack/install. */
  oauth?: SlackOAuthConfig;
  /** Socket Mode when an app-level token is given (no public URL needed); else HTTP mode with the signing secret. */
  mode: 'socket' | 'http';
  appToken?: string;
  signingSecret?: string;
  /** Port for HTTP mode. */
  port: number;
  apiUrl: string;
  /** Slack user ids (U…) who may change channel settings besides workspace admins; a workspace's /settings adds its own. */
  adminUsers: string[];
  /** The umbrella slash command without its slash (`study` → `/study ask …`); DEFAULT_SLACK_COMMAND when absent. */
  command?: string;
  /** Bot ids (B…) or bot user ids (U…) served like people; every other bot is ignored. None when absent. */
  allowedBots?: string[];
}

export interface DiscordConfig {
  token: string;
  applicationId?: string;
  guildId?: string;
  apiUrl: string;
  /**
   * The gateway shards this process holds (discord.js's `shards` / `shardCount`): `ids` of `count` in all, the count
   * being the same in every replica; `'auto'` (one process only): as many as Discord recommends for the bot's guilds
   * (GET /gateway/bot), all held here. Absent: discord.js's default (one shard).
   */
  shards?: { ids: number[]; count: number } | 'auto';
}

/** PostgreSQL instead of the SQLite file (DATABASE_URL set). */
export interface PostgresConfig {
  /** postgres://user:password@host:port/database, TLS options (sslmode, sslrootcert) in its query string. */
  url: string;
  /** Connections in the pool at most. */
  poolSize: number;
  /** A statement running longer is cancelled by the server (ms); 0 turns the limit off. */
  statementTimeoutMs: number;
}

/**
 * This process among the replicas sharing one database (README "Scaling out"). `id` names it in the quiz lease
 * table; absent, each start gets a new one (host/pid/random), so a replica restarted after a crash waits for its old
 * leases to end like any other. Lease timings are advanced settings: a lease ends `quizLeaseMs` after its last
 * renewal, renewed every `quizLeaseRenewMs`; a dead replica's quiz is taken over within their sum.
 */
export interface ReplicaConfig {
  id?: string;
  quizLeaseMs: number;
  quizLeaseRenewMs: number;
}

export interface Config {
  contentDir: string;
  logLevel: LogLevel;
  /** The SQLite file; unused when `postgres` is set. */
  databasePath: string;
  /** The console writes chart images (PNG) here; created when the first is written. Absolute. */
  chartsDir: string;
  postgres?: PostgresConfig;
  slack?: SlackConfig;
  discord?: DiscordConfig;
  daily: { defaultTime: string; defaultTimezone: string; graceMinutes: number };
  /** `/review`: new cards a person may start per local day. */
  review: { newCardsPerDay: number };
  /** Health and metrics server; off when unset. */
  httpPort?: number;
  /** What one person can make the bot say on Slack and Discord (per process). */
  limits: NoiseLimitSettings;
  /** How long a workspace's or server's study data is kept after it removes the app, in days (then purged). */
  retentionDays: number;
  replica: ReplicaConfig;
}

/** Every missing or invalid setting, reported together so one edit of `.env` fixes them all. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Configuration has ${problems.length} problem${problems.length === 1 ? '' : 's'}:\n${problems.map((p) => `  - ${p}`).join('\n')}\nSee .env.example for every setting.`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

function text(env: Env, name: string): string | undefined {
  const v = env[name]?.trim();
  return v ? v : undefined;
}

/** A comma-separated setting as a list, blanks dropped. */
function list(env: Env, name: string): string[] {
  return (text(env, name) ?? '').split(',').map((s) => s.trim()).filter(Boolean);
}

export function resolveContentDir(env: Env): string {
  const dir = text(env, 'CONTENT_DIR');
  return dir ? resolve(dir) : resolve(packageRoot(), 'content');
}

const LOG_LEVELS: LogLevel[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

/** Runs a chat-input reader on a setting: its value, or the UserError's message and hint as one problem text. */
function readSetting<T>(read: () => T): T | string {
  try {
    return read();
  } catch (err) {
    if (err instanceof UserError) return [err.message, err.hint].filter(Boolean).join(' ');
    throw err;
  }
}

/** Reads the environment into a typed config; throws ConfigError naming every problem at once. */
export function loadConfig(env: Env): Config {
  const problems: string[] = [];
  const int = (name: string, fallback: number | undefined, min: number, max: number): number | undefined => {
    const raw = text(env, name);
    if (raw === undefined) return fallback;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min || n > max) {
      problems.push(`${name} must be a whole number from ${min} to ${max}, got ${JSON.stringify(raw)}`);
      return fallback;
    }
    return n;
  };
  const url = (name: string, fallback: string): string => {
    const raw = text(env, name) ?? fallback;
    try {
      const u = new URL(raw);
      if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error('not http');
    } catch {
      problems.push(`${name} must be an http(s) URL, got ${JSON.stringify(raw)}`);
    }
    return raw;
  };

  const logLevel = (text(env, 'LOG_LEVEL') ?? 'info').toLowerCase();
  if (!LOG_LEVELS.includes(logLevel as LogLevel)) {
    problems.push(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, got ${JSON.stringify(env.LOG_LEVEL)}`);
  }

  // Slack: a bot token needs an app token (Socket Mode) or a signing secret (HTTP mode); neither works alone.
  let slack: SlackConfig | undefined;
  const slackBot = text(env, 'SLACK_BOT_TOKEN');
  const slackApp = text(env, 'SLACK_APP_TOKEN');
  const slackSecret = text(env, 'SLACK_SIGNING_SECRET');
  const slackPort = int('SLACK_PORT', 3000, 1, 65535)!;
  const slackApiUrl = url('SLACK_API_URL', 'https://slack.com/api/');
  problems.push(...slackTokenProblems(slackBot, slackApp, slackSecret));
  const slackCommand = (text(env, 'SLACK_COMMAND') ?? DEFAULT_SLACK_COMMAND).replace(/^\//, '');
  if (!SLACK_COMMAND_NAME.test(slackCommand)) {
    problems.push(`SLACK_COMMAND must be a Slack command name (lowercase letters, digits, - or _, at most 31), like ${DEFAULT_SLACK_COMMAND}, got ${JSON.stringify(env.SLACK_COMMAND)}`);
  }
  const oauth = slackOAuthConfig(env, problems);
  const slackFields = (botToken: string | undefined): SlackConfig => ({
    ...(botToken ? { botToken } : {}),
    mode: slackApp ? 'socket' : 'http',
    ...(slackApp ? { appToken: slackApp } : {}),
    ...(slackSecret ? { signingSecret: slackSecret } : {}),
    port: slackPort,
    apiUrl: slackApiUrl,
    adminUsers: list(env, 'SLACK_ADMIN_USERS'),
    allowedBots: list(env, 'SLACK_ALLOWED_BOT_IDS'),
    command: slackCommand,
  });
  if (oauth) {
    // Bolt serves the install pages from its HTTP receiver, and one token per workspace replaces the single one.
    if (slackBot) problems.push('SLACK_BOT_TOKEN and SLACK_CLIENT_ID are both set: with OAuth each workspace gets its own token when it installs the app; leave SLACK_BOT_TOKEN empty');
    if (slackApp) problems.push('SLACK_APP_TOKEN is set with SLACK_CLIENT_ID: OAuth distribution runs in HTTP mode; leave SLACK_APP_TOKEN empty and set SLACK_SIGNING_SECRET');
    else if (!slackSecret) problems.push('SLACK_CLIENT_ID is set but SLACK_SIGNING_SECRET is missing: OAuth distribution runs in HTTP mode, which checks every request with it (Basic Information → App Credentials)');
    else slack = { ...slackFields(undefined), oauth };
  } else if (slackBot) {
    if (!slackApp && !slackSecret) {
      problems.push('SLACK_BOT_TOKEN is set but Slack needs SLACK_APP_TOKEN (Socket Mode, xapp-…) or SLACK_SIGNING_SECRET (HTTP mode) too');
    } else {
      slack = slackFields(slackBot);
    }
  } else if (slackApp || slackSecret) {
    problems.push(`${slackApp ? 'SLACK_APP_TOKEN' : 'SLACK_SIGNING_SECRET'} is set but SLACK_BOT_TOKEN (xoxb-…) is missing`);
  }

  let discord: DiscordConfig | undefined;
  const discordToken = text(env, 'DISCORD_TOKEN');
  const discordApiUrl = url('DISCORD_API_URL', 'https://discord.com/api');
  const discordApp = text(env, 'DISCORD_APPLICATION_ID');
  const discordGuild = text(env, 'DISCORD_GUILD_ID');
  problems.push(...discordTokenProblems(discordToken));
  for (const [name, v] of [['DISCORD_APPLICATION_ID', discordApp], ['DISCORD_GUILD_ID', discordGuild]] as const) {
    if (v && !/^\d{5,25}$/.test(v)) problems.push(`${name} must be a numeric Discord id, got ${JSON.stringify(v)}`);
  }
  // DISCORD_SHARD_COUNT=auto: Discord says how many (it requires sharding past 2,500 guilds); one process holds them all.
  const autoShards = text(env, 'DISCORD_SHARD_COUNT')?.toLowerCase() === 'auto';
  if (autoShards && list(env, 'DISCORD_SHARD_IDS').length) {
    problems.push('DISCORD_SHARD_COUNT=auto lets one process hold every shard; with DISCORD_SHARD_IDS (several replicas) give the total as a number, the same in every replica');
  }
  const shards = autoShards ? ('auto' as const) : discordShards(list(env, 'DISCORD_SHARD_IDS'), int('DISCORD_SHARD_COUNT', undefined, 1, 10_000), problems);
  if (discordToken) {
    discord = {
      token: discordToken,
      apiUrl: discordApiUrl,
      ...(discordApp ? { applicationId: discordApp } : {}),
      ...(discordGuild ? { guildId: discordGuild } : {}),
      ...(shards ? { shards } : {}),
    };
  } else if (discordGuild) {
    problems.push('DISCORD_GUILD_ID is set but DISCORD_TOKEN is missing');
  }

  // The same reader as /daily on, so a default is accepted exactly when the command would accept it.
  let defaultTime = '09:00';
  const timeText = text(env, 'DAILY_DEFAULT_TIME');
  if (timeText !== undefined) {
    const minutes = readSetting(() => readTimeOfDay(timeText));
    if (minutes === undefined || typeof minutes === 'string') problems.push(`DAILY_DEFAULT_TIME must be a time of day like 09:00 or 9am, got ${JSON.stringify(timeText)}${typeof minutes === 'string' ? ` (${minutes})` : ''}`);
    else defaultTime = formatTimeOfDay(minutes);
  }
  let defaultTimezone = 'UTC';
  const zoneText = text(env, 'DAILY_DEFAULT_TIMEZONE');
  if (zoneText !== undefined) {
    const zone = readSetting(() => readTimezone(zoneText, Date.now()));
    if (typeof zone === 'string') problems.push(`DAILY_DEFAULT_TIMEZONE must be an IANA timezone like Europe/Berlin, got ${JSON.stringify(zoneText)} (${zone})`);
    else defaultTimezone = zone.zone;
  }
  const graceMinutes = int('DAILY_GRACE_MINUTES', 120, 0, 1440)!;
  const newCardsPerDay = int('REVIEW_NEW_CARDS_PER_DAY', 10, 0, 1000)!;
  const retentionDays = int('WORKSPACE_DATA_RETENTION_DAYS', 30, 0, 3650)!;
  const postgres = postgresConfig(text(env, 'DATABASE_URL'), int('DATABASE_POOL_SIZE', 10, 1, 1000)!, int('DATABASE_STATEMENT_TIMEOUT_MS', 10_000, 0, 3_600_000)!, problems);
  const httpPort = int('HTTP_PORT', undefined, 0, 65535);
  const commandsPerMinute = int('COMMANDS_PER_MINUTE', 20, 0, 10_000)!;
  const channelPostCooldownSeconds = int('CHANNEL_POST_COOLDOWN_SECONDS', 60, 0, 86_400)!;
  // Both servers would bind the same port and the second would fail at start with EADDRINUSE.
  if (slack?.mode === 'http' && httpPort !== undefined && httpPort !== 0 && httpPort === slack.port) {
    problems.push(`HTTP_PORT and SLACK_PORT are both ${httpPort}: Slack's HTTP mode and /healthz need different ports`);
  }

  const replica = replicaConfig(text(env, 'REPLICA_ID'), int('QUIZ_LEASE_MS', DEFAULT_LEASE_TTL_MS, 1000, 600_000)!, int('QUIZ_LEASE_RENEW_MS', DEFAULT_LEASE_TICK_MS, 100, 300_000)!, problems);

  if (problems.length > 0) throw new ConfigError(problems);
  return {
    contentDir: resolveContentDir(env),
    logLevel: logLevel as LogLevel,
    databasePath: resolve(text(env, 'DATABASE_PATH') ?? './data/studybot.db'),
    // Beside the default database rather than in the OS temp dir: a chart printed as a path should still be there
    // when someone opens it after a reboot, and data/ is already ignored by git.
    chartsDir: resolve(text(env, 'CHARTS_DIR') ?? './data/charts'),
    ...(postgres ? { postgres } : {}),
    ...(slack ? { slack } : {}),
    ...(discord ? { discord } : {}),
    daily: { defaultTime, defaultTimezone, graceMinutes },
    review: { newCardsPerDay },
    ...(httpPort !== undefined ? { httpPort } : {}),
    limits: { commandsPerMinute, channelPostCooldownSeconds },
    retentionDays,
    replica,
  };
}

/** What a replica id may hold: it is written to the lease table and logs, so printable and short. */
const REPLICA_ID = /^[A-Za-z0-9][A-Za-z0-9._:@/-]{0,99}$/;

/**
 * REPLICA_ID, QUIZ_LEASE_MS and QUIZ_LEASE_RENEW_MS. A lease must be renewed at least twice in its life, so one
 * slow renewal (a busy database, a long garbage collection) does not hand a live replica's quiz to another.
 */
function replicaConfig(id: string | undefined, quizLeaseMs: number, quizLeaseRenewMs: number, problems: string[]): ReplicaConfig {
  if (id !== undefined && !REPLICA_ID.test(id)) {
    problems.push(`REPLICA_ID must be 1 to 100 letters, digits or . _ : @ / - (starting with a letter or digit), like bot-1, got ${JSON.stringify(id)}`);
  }
  if (quizLeaseRenewMs * 2 > quizLeaseMs) {
    problems.push(`QUIZ_LEASE_RENEW_MS (${quizLeaseRenewMs}) must be at most half of QUIZ_LEASE_MS (${quizLeaseMs}), so a lease is renewed at least twice before it ends`);
  }
  return { ...(id !== undefined ? { id } : {}), quizLeaseMs, quizLeaseRenewMs };
}

/**
 * DISCORD_SHARD_IDS / DISCORD_SHARD_COUNT as this replica's shards. The count alone: every shard in this process.
 * Ids without the count would let discord.js take the list's length as the total, which differs between replicas
 * and sends guilds to the wrong process (a guild's shard is (guild_id >> 22) % count), so it is refused.
 */
function discordShards(idsText: string[], count: number | undefined, problems: string[]): { ids: number[]; count: number } | undefined {
  if (count === undefined) {
    if (idsText.length) problems.push('DISCORD_SHARD_IDS is set but DISCORD_SHARD_COUNT (the total number of shards across all replicas) is missing');
    return undefined;
  }
  if (!idsText.length) return { ids: Array.from({ length: count }, (_, i) => i), count };
  const ids = idsText.map(Number);
  const bad = idsText.filter((t, i) => !/^\d+$/.test(t) || ids[i]! >= count);
  if (bad.length) {
    problems.push(`DISCORD_SHARD_IDS must be shard numbers from 0 to ${count - 1} (DISCORD_SHARD_COUNT is ${count}), got ${bad.map((b) => JSON.stringify(b)).join(', ')}`);
    return undefined;
  }
  if (new Set(ids).size !== ids.length) {
    problems.push(`DISCORD_SHARD_IDS lists a shard twice: ${idsText.join(',')}`);
    return undefined;
  }
  return { ids: [...ids].sort((a, b) => a - b), count };
}

/**
 * The OAuth settings, all three or none, with SECRETS_KEY to seal the tokens: OAuth never starts without one (a
 * bot token in plain text in a database backup is a leak). Problems go to `problems`; undefined when OAuth is off.
 */
function slackOAuthConfig(env: Env, problems: string[]): SlackOAuthConfig | undefined {
  const given = { SLACK_CLIENT_ID: text(env, 'SLACK_CLIENT_ID'), SLACK_CLIENT_SECRET: text(env, 'SLACK_CLIENT_SECRET'), SLACK_STATE_SECRET: text(env, 'SLACK_STATE_SECRET') };
  const { SLACK_CLIENT_ID: clientId, SLACK_CLIENT_SECRET: clientSecret, SLACK_STATE_SECRET: stateSecret } = given;
  const keyText = text(env, 'SECRETS_KEY');
  const key = keyText === undefined ? undefined : readSecretsKey(keyText);
  if (typeof key === 'string') problems.push(key);
  const names = Object.keys(given) as (keyof typeof given)[];
  const missing = names.filter((n) => given[n] === undefined);
  if (missing.length === names.length) return undefined;
  if (missing.length > 0) {
    problems.push(`Slack OAuth needs ${names.join(', ')} together; missing ${missing.join(', ')} (client id and secret: Basic Information → App Credentials; the state secret is any long random string, e.g. \`openssl rand -hex 32\`)`);
    return undefined;
  }
  if (key === undefined) {
    problems.push(`SLACK_CLIENT_ID is set but SECRETS_KEY is missing: each workspace's bot token is stored encrypted under it; ${SECRETS_KEY_ADVICE}`);
    return undefined;
  }
  if (typeof key === 'string') return undefined;
  return { clientId: clientId!, clientSecret: clientSecret!, stateSecret: stateSecret!, secretsKey: key };
}

/** sslmode values node-postgres understands; others (prefer, verify-ca) it reads as verify-full, with a warning. */
const SSL_MODES = ['disable', 'no-verify', 'require', 'verify-full'];

/** DATABASE_URL as a PostgreSQL connection, or a problem (a URL that is not postgres://, an sslmode node-postgres does not take). */
function postgresConfig(raw: string | undefined, poolSize: number, statementTimeoutMs: number, problems: string[]): PostgresConfig | undefined {
  if (raw === undefined) return undefined;
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    problems.push('DATABASE_URL must be a PostgreSQL URL like postgres://user:password@host:5432/studybot, got something that is not a URL');
    return undefined;
  }
  if (u.protocol !== 'postgres:' && u.protocol !== 'postgresql:') {
    problems.push(`DATABASE_URL must start with postgres:// (or leave it empty to use the SQLite file at DATABASE_PATH), got ${JSON.stringify(u.protocol + '//…')}`);
    return undefined;
  }
  const sslmode = u.searchParams.get('sslmode');
  if (sslmode !== null && !SSL_MODES.includes(sslmode)) {
    problems.push(`DATABASE_URL has sslmode=${sslmode}; use one of ${SSL_MODES.join(', ')} (verify-full checks the server's certificate; add sslrootcert=/path/ca.pem for a private CA)`);
  }
  return { url: raw, poolSize, statementTimeoutMs };
}

/** Values that must never reach a log line; the logger redacts them. */
export function secretsOf(config: Config): string[] {
  const dbPassword = config.postgres ? decodeURIComponent(new URL(config.postgres.url).password) : '';
  const oauth = config.slack?.oauth;
  const key = oauth?.secretsKey;
  return [
    config.slack?.botToken, config.slack?.appToken, config.slack?.signingSecret, oauth?.clientSecret, oauth?.stateSecret,
    key?.toString('base64'), key?.toString('base64url'), config.discord?.token, config.postgres?.url, dbPassword,
  ].filter((s): s is string => !!s);
}
