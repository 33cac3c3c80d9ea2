import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadConfig } from '../src/config.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const compose = parse(readFileSync(`${ROOT}/docker-compose.yml`, 'utf8')) as {
  services: Record<string, { build?: string; image?: string; environment?: Record<string, string>; depends_on?: Record<string, { condition: string }> }>;
};
/** Every variable src/config.ts reads (the same scan as the configuration docs test). */
const configVars = new Set([...readFileSync(`${ROOT}/src/config.ts`, 'utf8').matchAll(/(?:text\(env, |list\(env, |int\(|url\()'([A-Z][A-Z0-9_]*)'/g)].map((m) => m[1]!));
// Sample values for the ${…} the file takes from .env (fake, obviously not real tokens).
const SECRETS: Record<string, string> = {
  POSTGRES_PASSWORD: 'not-a-real-password',
  SLACK_BOT_TOKEN: 'xoxb-test-not-a-real-token',
  SLACK_SIGNING_SECRET: 'test-signing-secret-not-real',
  DISCORD_TOKEN: 'discord-test-not-a-real-token',
};
const substitute = (v: string) => v.replace(/\$\{([A-Z_]+)\}/g, (_, name: string) => SECRETS[name] ?? `<unset ${name}>`);
const replicas = Object.entries(compose.services).filter(([, s]) => s.build !== undefined);

describe('docker-compose.yml', () => {
  it('runs two bot replicas and a PostgreSQL they wait for', () => {
    expect(replicas.map(([name]) => name)).toEqual(['bot-1', 'bot-2']);
    expect(compose.services.postgres?.image).toMatch(/^postgres:/);
    for (const [, s] of replicas) expect(s.depends_on?.postgres?.condition).toBe('service_healthy');
  });

  it('sets only variables src/config.ts reads, and each replica’s environment loads as a valid config on PostgreSQL', () => {
    const pg = compose.services.postgres!.environment!;
    for (const [name, s] of replicas) {
      const env = Object.fromEntries(Object.entries(s.environment ?? {}).map(([k, v]) => [k, substitute(String(v))]));
      expect(Object.keys(env).filter((k) => !configVars.has(k)), `${name} sets variables the bot does not read`).toEqual([]);
      const config = loadConfig(env);
      const url = new URL(config.postgres!.url);
      expect([url.hostname, url.pathname, url.username, decodeURIComponent(url.password)]).toEqual(['postgres', `/${pg.POSTGRES_DB}`, pg.POSTGRES_USER, SECRETS.POSTGRES_PASSWORD]);
      expect(config.slack?.mode).toBe('http');
      expect(config.httpPort).toBeDefined();
    }
  });

  it('names each replica differently, so a restarted one takes its own quizzes back', () => {
    const ids = replicas.map(([, s]) => loadConfig(Object.fromEntries(Object.entries(s.environment!).map(([k, v]) => [k, substitute(String(v))]))).replica.id);
    expect(ids.every(Boolean)).toBe(true);
    expect(new Set(ids).size).toBe(replicas.length);
  });

  it('splits the Discord shards between the replicas: each shard held once, one count for all', () => {
    const shards = replicas.map(([, s]) => {
      const split = loadConfig(Object.fromEntries(Object.entries(s.environment!).map(([k, v]) => [k, substitute(String(v))]))).discord!.shards!;
      if (split === 'auto') throw new Error('a replica of several must name its shards, not auto');
      return split;
    });
    const count = shards[0]!.count;
    expect(shards.every((s) => s.count === count)).toBe(true);
    expect(shards.flatMap((s) => s.ids).sort()).toEqual(Array.from({ length: count }, (_, i) => i));
  });
});
