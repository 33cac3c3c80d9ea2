import Database from 'better-sqlite3';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { databaseHealth, HealthChecks, stoppingHealth, type HealthSource } from '../src/ops/health.js';
import { Metrics } from '../src/ops/metrics.js';
import { startOpsServer, type OpsServer } from '../src/ops/ops-server.js';
import { Lifecycle } from '../src/core/lifecycle.js';
import { openSqliteDatabase } from '../src/storage/sqlite-database.js';
import { sqliteStorage } from '../src/storage/storage.js';
import { storages } from './support/postgres.js';

const open: { close(): unknown }[] = [];
const engines = storages();
afterEach(async () => {
  for (const o of open.splice(0).reverse()) await o.close();
  await engines.closeAll();
});

function tempDb(): { db: ReturnType<typeof sqliteStorage>; path: string } {
  const path = join(mkdtempSync(join(tmpdir(), 'ops-')), 'bot.db');
  const db = sqliteStorage(openSqliteDatabase(path), path);
  open.push(db);
  return { db, path };
}

function platform(name: string, state: { up: boolean }): HealthSource {
  return { name, healthy: () => state.up };
}

async function serve(health: HealthChecks, metrics = new Metrics(), fallback?: Parameters<typeof startOpsServer>[0]['fallback']): Promise<OpsServer & { url: string }> {
  const server = await startOpsServer({ port: 0, host: '127.0.0.1', metrics, health, ...(fallback ? { fallback } : {}) });
  open.push(server);
  return Object.assign(server, { url: `http://127.0.0.1:${server.port}` });
}

describe('/healthz', () => {
  it('answers 200 with every check when the platforms are connected and the database takes a write', async () => {
    const { db, path } = tempDb();
    const health = new HealthChecks();
    health.add(platform('slack', { up: true }));
    health.add(platform('discord', { up: true }));
    health.add(databaseHealth(db, () => new Date('2026-03-01T10:00:00Z')));
    const { url } = await serve(health);

    const res = await fetch(`${url}/healthz`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json');
    expect(await res.json()).toEqual({
      status: 'ok',
      checks: [
        { name: 'slack', healthy: true },
        { name: 'discord', healthy: true },
        { name: 'database', healthy: true, detail: `sqlite ${path}` },
      ],
    });
    // The write really reached the file: another connection sees it.
    const other = new Database(path, { readonly: true });
    expect(other.prepare('SELECT checked_at FROM ops_health').pluck().get()).toBe('2026-03-01T10:00:00.000Z');
    other.close();
  });

  it('answers 503 naming the platform whose connection dropped, and 200 again once it is back', async () => {
    const { db } = tempDb();
    const discord = { up: false };
    const health = new HealthChecks();
    health.add(platform('slack', { up: true }));
    health.add(platform('discord', discord));
    health.add(databaseHealth(db));
    const { url } = await serve(health);

    const down = await fetch(`${url}/healthz`);
    expect(down.status).toBe(503);
    const body = (await down.json()) as { status: string; checks: { name: string; healthy: boolean }[] };
    expect(body.status).toBe('unhealthy');
    expect(body.checks.filter((c) => !c.healthy).map((c) => c.name)).toEqual(['discord']);

    discord.up = true;
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
  });

  it('answers 503 when the database cannot be written, with SQLite saying why', async () => {
    const { path } = tempDb();
    const readonly = new Database(path, { readonly: true });
    open.push(readonly);
    const health = new HealthChecks();
    health.add(databaseHealth(sqliteStorage(readonly, path)));
    const { url } = await serve(health);

    const res = await fetch(`${url}/healthz`);
    expect(res.status).toBe(503);
    const body = (await res.json()) as { checks: { name: string; healthy: boolean; detail?: string }[] };
    expect(body.checks[0]).toMatchObject({ name: 'database', healthy: false });
    expect(body.checks[0]!.detail).toMatch(/readonly/i);
  });

  it('checks PostgreSQL when the bot is on it, naming the server, and answers 503 once it is gone', async () => {
    const pg = await engines.open('postgres');
    const health = new HealthChecks();
    health.add(databaseHealth(pg));
    const { url } = await serve(health);
    const ok = await fetch(`${url}/healthz`);
    expect(ok.status).toBe(200);
    expect(((await ok.json()) as { checks: unknown[] }).checks).toEqual([{ name: 'database', healthy: true, detail: expect.stringMatching(/^postgres 127\.0\.0\.1:5432\/t_/) }]);
    expect(await pg.db.sql.rows('SELECT checked_at FROM ops_health')).toHaveLength(1);
    await pg.close();
    const down = await fetch(`${url}/healthz`);
    expect(down.status).toBe(503);
    expect(JSON.stringify(await down.json())).toContain('the database is closed');
  });

  it('answers 503 when the database has been closed', async () => {
    const { db } = tempDb();
    const health = new HealthChecks();
    health.add(databaseHealth(db));
    await db.close();
    const { url } = await serve(health);
    const res = await fetch(`${url}/healthz`);
    expect(res.status).toBe(503);
    expect(JSON.stringify(await res.json())).toContain('the database is closed');
  });

  it('counts a check that never answers as failing instead of hanging', async () => {
    const health = new HealthChecks(50);
    health.add({ name: 'slack', healthy: () => new Promise<boolean>(() => {}) });
    health.add(platform('discord', { up: true }));
    const { url } = await serve(health);

    const res = await fetch(`${url}/healthz`);
    expect(res.status).toBe(503);
    const body = (await res.json()) as { checks: { name: string; healthy: boolean; detail?: string }[] };
    expect(body.checks).toEqual([
      { name: 'slack', healthy: false, detail: 'no answer within 50 ms' },
      { name: 'discord', healthy: true },
    ]);
  });

  it('turns unhealthy as soon as shutdown begins', async () => {
    const lifecycle = new Lifecycle();
    let release!: () => void;
    lifecycle.onShutdown('slow', () => new Promise<void>((r) => (release = r)));
    const health = new HealthChecks();
    health.add(stoppingHealth(lifecycle));
    const { url } = await serve(health);

    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    const stopped = lifecycle.shutdown();
    expect((await fetch(`${url}/healthz`)).status).toBe(503);
    release();
    await stopped;
  });
});

describe('the ops server', () => {
  it('serves Prometheus text on /metrics', async () => {
    const metrics = new Metrics({ processMetrics: true });
    metrics.dailyPost('slack', 'sent');
    const { url } = await serve(new HealthChecks(), metrics);
    const res = await fetch(`${url}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await res.text();
    expect(text).toContain('studybot_daily_posts_total{platform="slack",result="sent"} 1');
    expect(text).toMatch(/^studybot_process_resident_memory_bytes \d+/m);
  });

  it('hands other paths to the fallback listener, so Slack HTTP mode can share the port', async () => {
    const { url } = await serve(new HealthChecks(), new Metrics(), (req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' }).end(`slack got ${req.method} ${req.url}`);
    });
    const res = await fetch(`${url}/slack/events`, { method: 'POST', body: 'x' });
    expect(await res.text()).toBe('slack got POST /slack/events');
  });

  it('answers 404 for unknown paths and 405 for writes to its own', async () => {
    const { url } = await serve(new HealthChecks());
    expect((await fetch(`${url}/nope`)).status).toBe(404);
    const post = await fetch(`${url}/metrics`, { method: 'POST' });
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET, HEAD');
  });

  it('refuses to start on a port already taken, with the error from the system', async () => {
    const first = await serve(new HealthChecks());
    await expect(startOpsServer({ port: first.port, host: '127.0.0.1', metrics: new Metrics(), health: new HealthChecks() })).rejects.toThrow(/EADDRINUSE/);
  });

  it('closes even while a scraper holds a keep-alive connection open', async () => {
    const server = await startOpsServer({ port: 0, host: '127.0.0.1', metrics: new Metrics(), health: new HealthChecks() });
    const res = await fetch(`http://127.0.0.1:${server.port}/metrics`, { headers: { connection: 'keep-alive' } });
    await res.text();
    await server.close();
    expect(server.server.listening).toBe(false);
    await expect(fetch(`http://127.0.0.1:${server.port}/metrics`)).rejects.toThrow();
  });

  it('keeps serving after a server error once listening, and logs it instead of crashing', async () => {
    const { createLogger } = await import('../src/core/logger.js');
    let logged = '';
    const log = createLogger({ level: 'error', destination: { write: (l: string) => ((logged += l), true) } as unknown as NodeJS.WritableStream });
    const server = await startOpsServer({ port: 0, host: '127.0.0.1', metrics: new Metrics(), health: new HealthChecks(), log });
    try {
      // An 'error' with no listener would throw out of emit and bring the process down.
      expect(() => server.server.emit('error', Object.assign(new Error('accept EMFILE'), { code: 'EMFILE' }))).not.toThrow();
      expect(logged).toContain('health server error');
      expect((await fetch(`http://127.0.0.1:${server.port}/healthz`)).status).toBe(200);
    } finally {
      await server.close();
    }
  });
});
