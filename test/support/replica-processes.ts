import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { FAKE_SLACK, slackSignature, startFakeSlack, type FakeSlack, type SlackSaid } from '../fakes/fake-slack.js';
import { freshPostgresDatabase } from './postgres.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** A port nobody listens on right now (the OS picks it; closed again before the bot binds it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** One bot process (`src/main.ts` through tsx, as `npm start` runs it) in Slack HTTP mode on `port`, or in Socket Mode. */
export interface Replica {
  name: string;
  port: number;
  child: ChildProcess;
  /** Resolves when the process has exited, however it ended. */
  exited: Promise<void>;
  /** Every stderr line so far (pino JSON). */
  log: string[];
  alive(): boolean;
}

/**
 * Starts a replica against the fake Slack on `databaseUrl`, named `name` (REPLICA_ID); resolves once Slack's HTTP
 * server listens, or with `socketMode` once its Socket Mode connection is open ("Slack connected" in its log);
 * rejects with its stderr if it exits first. `env` adds settings (LOG_LEVEL stays info).
 */
export async function startReplica(o: { name: string; fake: FakeSlack; databaseUrl: string; socketMode?: boolean; env?: Record<string, string> }): Promise<Replica> {
  const port = await freePort();
  // SLACK_APP_TOKEN turns Socket Mode on; the signing secret is then not needed (and not given, as in production).
  const mode = o.socketMode ? { SLACK_APP_TOKEN: FAKE_SLACK.appToken } : { SLACK_SIGNING_SECRET: FAKE_SLACK.signingSecret, SLACK_PORT: String(port) };
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      DATABASE_URL: o.databaseUrl,
      SLACK_BOT_TOKEN: FAKE_SLACK.botToken,
      SLACK_API_URL: o.fake.apiUrl,
      ...mode,
      REPLICA_ID: o.name,
      ...o.env,
      // Readiness is read from the log's "Slack connected" line, an info line.
      LOG_LEVEL: 'info',
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const log: string[] = [];
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const ready = new Promise<void>((resolve, reject) => {
    createInterface({ input: child.stderr! }).on('line', (line) => {
      log.push(line);
      if (line.includes('"Slack connected"')) resolve();
    });
    void exited.then(() => reject(new Error(`replica ${o.name} exited before it was ready:\n${log.join('\n')}`)));
  });
  await ready;
  return { name: o.name, port, child, exited, log, alive: () => child.exitCode === null && child.signalCode === null };
}

/**
 * A round-robin load balancer in front of replicas, as Slack's requests would pass one: each signed request goes to
 * the next live replica. A request the chosen replica never answers (it died) goes to the next one, as a balancer
 * retries a refused connection; `live` is the list it picks from.
 */
export class RoundRobin {
  private next = 0;
  constructor(readonly live: Replica[]) {}

  /** Signs `body` now and POSTs it; resolves with the HTTP status, the replica that answered and the signed headers. */
  async send(body: string): Promise<{ status: number; replica: Replica; headers: Record<string, string> }> {
    const headers = { 'content-type': 'application/x-www-form-urlencoded', ...slackSignature(FAKE_SLACK.signingSecret, body, Math.floor(Date.now() / 1000)) };
    return this.post(body, headers);
  }

  /** The same bytes and signature again (a replay, or Slack's retry of a request it saw no answer to). */
  async post(body: string, headers: Record<string, string>): Promise<{ status: number; replica: Replica; headers: Record<string, string> }> {
    for (let tries = 0; tries < this.live.length * 2; tries++) {
      const replica = this.live[this.next++ % this.live.length]!;
      try {
        const res = await fetch(`http://127.0.0.1:${replica.port}/slack/events`, { method: 'POST', headers, body });
        await res.arrayBuffer();
        return { status: res.status, replica, headers };
      } catch {
        // Connection refused or reset: that replica is gone; the balancer tries the next.
      }
    }
    throw new Error('no replica answered');
  }
}

/** `payload=<JSON>`: how Slack sends an interaction (a button click) in HTTP mode. */
export function interactionBody(payload: Record<string, unknown>): string {
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}

/** Runs `work` over `items` with at most `width` at a time; resolves with the results in order. */
export async function inParallel<T, R>(items: readonly T[], width: number, work: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let i = 0;
  const lane = async () => {
    for (let mine = i++; mine < items.length; mine = i++) out[mine] = await work(items[mine]!, mine);
  };
  await Promise.all(Array.from({ length: Math.min(width, items.length) }, lane));
  return out;
}

/** The bot's post (chat.postMessage) whose text or blocks hold `text`, e.g. a quiz's "Question 1 of 2". */
export function isPost(s: SlackSaid, text: string): boolean {
  return s.via === 'chat.postMessage' && `${s.text}\n${JSON.stringify(s.blocks)}`.includes(text);
}

/** The answer buttons' action ids (`quiz:<session>:<question>:<option>`) of a posted quiz question, in option order. */
export function quizButtons(s: SlackSaid): string[] {
  return [...JSON.stringify(s.blocks).matchAll(/"action_id":"(quiz:\d+:\d+:\d+)"/g)].map((m) => m[1]!);
}

/** What a replica process test stands on: a fresh PostgreSQL database, a SQL client on it and a fake Slack. */
export interface ReplicaGround {
  fake: FakeSlack;
  db: { url: string; drop(): Promise<void> };
  sql: pg.Client;
  /** Ends `replicas` (resumed first, if stopped, then SIGTERM), the client and the fake, and drops the database. */
  stop(replicas: readonly Replica[]): Promise<void>;
}

/** Starts a fake Slack and a fresh database (test/support/postgres.ts) with a connected client. */
export async function replicaGround(): Promise<ReplicaGround> {
  const [fake, db] = await Promise.all([startFakeSlack(), freshPostgresDatabase()]);
  const sql = new pg.Client({ connectionString: db.url });
  sql.on('error', () => {});
  await sql.connect();
  return {
    fake,
    db,
    sql,
    async stop(replicas) {
      for (const r of replicas) if (r.alive()) r.child.kill('SIGCONT'), r.child.kill('SIGTERM');
      await Promise.all(replicas.map((r) => r.exited));
      await sql.end();
      await fake.stop();
      await db.drop();
    },
  };
}
