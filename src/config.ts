import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The bundled notes, found relative to this file so the bot runs from any working directory. */
function bundledContentDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  // src/config.ts in development, dist/src/config.js when built: walk up to the package root.
  for (let i = 0; i < 4; i++) {
    if (existsSync(resolve(dir, 'package.json'))) return resolve(dir, 'content');
    dir = dirname(dir);
  }
  return resolve('content');
}

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

export interface Config {
  contentDir: string;
  logLevel: LogLevel;
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

export function resolveContentDir(env: Env): string {
  const dir = text(env, 'CONTENT_DIR');
  return dir ? resolve(dir) : bundledContentDir();
}

const LOG_LEVELS: LogLevel[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

/** Reads the environment into a typed config; throws ConfigError naming every problem at once. */
export function loadConfig(env: Env): Config {
  const problems: string[] = [];
  const logLevel = (text(env, 'LOG_LEVEL') ?? 'info').toLowerCase();
  if (!LOG_LEVELS.includes(logLevel as LogLevel)) {
    problems.push(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, got ${JSON.stringify(env.LOG_LEVEL)}`);
  }
  const contentDir = resolveContentDir(env);
  if (!existsSync(contentDir)) problems.push(`CONTENT_DIR points at ${contentDir}, which does not exist`);
  if (problems.length > 0) throw new ConfigError(problems);
  return { contentDir, logLevel: logLevel as LogLevel };
}
