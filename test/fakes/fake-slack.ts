import { createHmac, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';

/*
 * A fake Slack on 127.0.0.1 speaking the real wire protocols (PLATFORM-NOTES.md): the Web API (`POST /api/<method>`,
 * form-encoded or JSON, `Authorization: Bearer`), Socket Mode (`apps.connections.open` → WebSocket, hello,
 * envelopes acked by id) and `response_url`s. The real Bolt runs against it. Reusable: send a slash command, a
 * button click or a mention; read what the bot said; make the next call answer 429 or a Slack error.
 */

export const FAKE_SLACK = {
  botToken: 'xoxb-test-not-a-real-token',
  appToken: 'xapp-test-not-a-real-token',
  signingSecret: 'test-signing-secret-not-real',
  team: 'T0TEST',
  botUser: 'U0BOT',
} as const;

export interface SlackCall {
  method: string;
  args: Record<string, unknown>;
  token: string | undefined;
}

/** Something the bot said, whichever way it said it. */
export interface SlackSaid {
  via: 'chat.postMessage' | 'chat.postEphemeral' | 'chat.update' | 'response_url';
  channel?: string;
  /** Who sees it, for ephemeral messages. */
  user?: string;
  ts?: string;
  text: string;
  blocks: unknown[];
  /** For response_url: 'ephemeral' (Slack's default) or 'in_channel'. */
  responseType?: string;
  replaceOriginal?: boolean;
  /** For response_url: the URL it came to, one per command or click (so a reply can be matched to its request). */
  responseUrl?: string;
  /** When the fake received it (epoch ms). */
  at: number;
}

export interface SlackUser {
  name: string;
  isAdmin?: boolean;
  isOwner?: boolean;
  /** Another app's bot user (users.info `is_bot`). */
  isBot?: boolean;
}

/** A mention as Slack's Events API sends it; `botId`/`subtype` make it come from another app's bot. */
export interface MentionOptions {
  text: string;
  user?: string;
  channel?: string;
  /** Reuse an event id to redeliver the same event (Slack keeps it through retries). */
  eventId?: string;
  botId?: string;
  subtype?: string;
}

/** A button click: who, where, on which message; `responseUrl` overrides the fresh one each click gets. */
export interface ClickOptions {
  actionId: string;
  user?: string;
  channel?: string;
  messageTs?: string;
  ephemeral?: boolean;
  responseUrl?: string;
}

type Waiter<T> = { pred: (x: T) => boolean; resolve: (x: T) => void };

export class FakeSlack {
  readonly calls: SlackCall[] = [];
  readonly said: SlackSaid[] = [];
  private readonly users = new Map<string, SlackUser>();
  private readonly faults = new Map<string, { status: 429; retryAfter: number } | { error: string }>();
  private readonly saidWaiters: Waiter<SlackSaid>[] = [];
  private readonly callWaiters: Waiter<SlackCall>[] = [];
  private socket: WebSocket | undefined;
  private socketWaiters: ((ws: WebSocket) => void)[] = [];
  private readonly acks = new Map<string, (payload: unknown) => void>();
  private tsCounter = 1_700_000_000;
  private server!: Server;
  private wss!: WebSocketServer;
  port = 0;

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Give this to the bot as SLACK_API_URL. */
  get apiUrl(): string {
    return `${this.url}/api/`;
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      void this.onHttp(req).then(
        ({ status, headers, body }) => {
          res.writeHead(status, { 'content-type': 'application/json', ...headers });
          res.end(JSON.stringify(body));
        },
        () => {
          res.writeHead(500);
          res.end();
        },
      );
    });
    this.wss = new WebSocketServer({ server: this.server, path: '/socket' });
    this.wss.on('connection', (ws) => {
      this.socket = ws;
      ws.on('message', (data) => {
        const msg = JSON.parse(String(data)) as { envelope_id?: string; payload?: unknown };
        if (msg.envelope_id) this.acks.get(msg.envelope_id)?.(msg.payload);
      });
      ws.on('close', () => {
        if (this.socket === ws) this.socket = undefined;
      });
      ws.send(JSON.stringify({ type: 'hello', num_connections: 1, connection_info: { app_id: 'A0TEST' } }));
      for (const w of this.socketWaiters.splice(0)) w(ws);
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  async stop(): Promise<void> {
    for (const c of this.wss.clients) c.terminate();
    this.wss.close();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  setUser(id: string, user: SlackUser): void {
    this.users.set(id, user);
  }

  /** The next call of `method` answers HTTP 429 with `Retry-After` (whole seconds, as Slack sends it). */
  rateLimitNext(method: string, retryAfterSeconds: number): void {
    this.faults.set(method, { status: 429, retryAfter: retryAfterSeconds });
  }

  /** The next call of `method` answers `{ ok: false, error }`, e.g. 'not_in_channel'. */
  failNext(method: string, error: string): void {
    this.faults.set(method, { error });
  }

  /** Resolves with the first thing said (already or later) that matches. */
  waitForSaid(pred: (s: SlackSaid) => boolean = () => true): Promise<SlackSaid> {
    return waitFor(this.said, this.saidWaiters, pred);
  }

  waitForCall(pred: (c: SlackCall) => boolean): Promise<SlackCall> {
    return waitFor(this.calls, this.callWaiters, pred);
  }

  /** A user types a slash command. Resolves with the ack once the bot acknowledges the envelope. */
  slashCommand(o: { command: string; text: string; user?: string; userName?: string; channel?: string }): Promise<unknown> {
    return this.sendEnvelope('slash_commands', slashCommandPayload(this, o));
  }

  /** A user clicks a button on a message the bot posted. */
  clickButton(o: ClickOptions): Promise<unknown> {
    return this.sendEnvelope('interactive', this.clickPayload(o));
  }

  /** The `block_actions` payload of a button click, for Socket Mode or (as `payload=<JSON>`) a signed HTTP request. */
  clickPayload(o: ClickOptions): Record<string, unknown> {
    const user = o.user ?? 'U0ALICE';
    const channel = o.channel ?? 'C0GENERAL';
    const ts = o.messageTs ?? '1700000000.000100';
    return {
      type: 'block_actions',
      user: { id: user, username: this.users.get(user)?.name ?? 'alice', name: this.users.get(user)?.name ?? 'alice', team_id: FAKE_SLACK.team },
      api_app_id: 'A0TEST',
      token: 'verification-token',
      container: { type: 'message', message_ts: ts, channel_id: channel, is_ephemeral: o.ephemeral ?? false },
      trigger_id: `trigger-${randomUUID()}`,
      team: { id: FAKE_SLACK.team, domain: 'test' },
      channel: { id: channel, name: 'general' },
      message: { type: 'message', ts, text: 'message', user: FAKE_SLACK.botUser },
      response_url: o.responseUrl ?? this.newResponseUrl(),
      actions: [{ action_id: o.actionId, block_id: 'b1', text: { type: 'plain_text', text: 'x' }, value: o.actionId, type: 'button', action_ts: `${Date.now() / 1000}` }],
    };
  }

  /** A user writes `@bot <text>` in a channel. */
  mention(o: MentionOptions): Promise<unknown> {
    return this.sendEnvelope('events_api', this.mentionPayload(o));
  }

  /**
   * Slack delivers an event again as its retry number `retryAttempt` (Socket Mode's `retry_attempt`, HTTP's
   * `X-Slack-Retry-Num`), with the same payload and event id.
   */
  redeliver(payload: Record<string, unknown>, retryAttempt: number): Promise<unknown> {
    return this.sendEnvelope('events_api', payload, { retry_attempt: retryAttempt, retry_reason: 'timeout' });
  }

  /** The Events API body of a mention, for sending over Socket Mode or as a signed HTTP request. */
  mentionPayload(o: MentionOptions): Record<string, unknown> {
    const ts = this.nextTs();
    const event: Record<string, unknown> = { type: 'app_mention', user: o.user ?? 'U0ALICE', text: `<@${FAKE_SLACK.botUser}> ${o.text}`, ts, channel: o.channel ?? 'C0GENERAL', event_ts: ts };
    if (o.botId) event.bot_id = o.botId;
    if (o.subtype) event.subtype = o.subtype;
    return {
      token: 'verification-token',
      team_id: FAKE_SLACK.team,
      api_app_id: 'A0TEST',
      event,
      type: 'event_callback',
      event_id: o.eventId ?? `Ev${randomUUID().slice(0, 8)}`,
      event_time: Math.floor(Date.now() / 1000),
      authorizations: [{ team_id: FAKE_SLACK.team, user_id: FAKE_SLACK.botUser, is_bot: true }],
    };
  }

  newResponseUrl(): string {
    return `${this.url}/response/${randomUUID()}`;
  }

  private async sendEnvelope(type: string, payload: unknown, extra: Record<string, unknown> = {}): Promise<unknown> {
    const ws = this.socket ?? (await new Promise<WebSocket>((resolve) => this.socketWaiters.push(resolve)));
    const id = randomUUID();
    const acked = new Promise<unknown>((resolve) => this.acks.set(id, resolve));
    ws.send(JSON.stringify({ envelope_id: id, type, accepts_response_payload: type !== 'events_api', payload, ...extra }));
    return acked;
  }

  private nextTs(): string {
    return `${++this.tsCounter}.000100`;
  }

  private record(s: SlackSaid): void {
    this.said.push(s);
    notify(this.saidWaiters, s);
  }

  private async onHttp(req: IncomingMessage): Promise<{ status: number; headers?: Record<string, string>; body: unknown }> {
    const raw = await readBody(req);
    const url = new URL(req.url ?? '/', this.url);
    const args = parseBody(raw, req.headers['content-type']);
    if (url.pathname.startsWith('/response/')) {
      this.record({
        via: 'response_url',
        text: String(args.text ?? ''),
        blocks: (args.blocks as unknown[]) ?? [],
        responseType: String(args.response_type ?? 'ephemeral'),
        replaceOriginal: args.replace_original === true || args.replace_original === 'true',
        responseUrl: `${this.url}${url.pathname}`,
        at: Date.now(),
      });
      return { status: 200, body: { ok: true } };
    }
    const method = url.pathname.replace(/^\/api\//, '');
    const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1] ?? (typeof args.token === 'string' ? args.token : undefined);
    const call: SlackCall = { method, args, token };
    this.calls.push(call);
    notify(this.callWaiters, call);

    const fault = this.faults.get(method);
    if (fault) {
      this.faults.delete(method);
      if ('status' in fault) return { status: 429, headers: { 'retry-after': String(fault.retryAfter) }, body: { ok: false, error: 'ratelimited' } };
      return { status: 200, body: { ok: false, error: fault.error } };
    }
    const wanted = method === 'apps.connections.open' ? FAKE_SLACK.appToken : FAKE_SLACK.botToken;
    if (token !== wanted) return { status: 200, body: { ok: false, error: 'invalid_auth' } };

    const blocks = typeof args.blocks === 'string' ? (JSON.parse(args.blocks) as unknown[]) : ((args.blocks as unknown[]) ?? []);
    switch (method) {
      case 'auth.test':
        return { status: 200, body: { ok: true, url: 'https://test.example/', team: 'Test', user: 'studybot', team_id: FAKE_SLACK.team, user_id: FAKE_SLACK.botUser, bot_id: 'B0BOT' } };
      case 'apps.connections.open':
        return { status: 200, body: { ok: true, url: `ws://127.0.0.1:${this.port}/socket` } };
      case 'chat.postMessage': {
        const ts = this.nextTs();
        this.record({ via: 'chat.postMessage', channel: String(args.channel), ts, text: String(args.text ?? ''), blocks, at: Date.now() });
        return { status: 200, body: { ok: true, channel: args.channel, ts, message: { ts, text: args.text } } };
      }
      case 'chat.postEphemeral': {
        const ts = this.nextTs();
        this.record({ via: 'chat.postEphemeral', channel: String(args.channel), user: String(args.user), ts, text: String(args.text ?? ''), blocks, at: Date.now() });
        return { status: 200, body: { ok: true, message_ts: ts } };
      }
      case 'chat.update':
        this.record({ via: 'chat.update', channel: String(args.channel), ts: String(args.ts), text: String(args.text ?? ''), blocks, at: Date.now() });
        return { status: 200, body: { ok: true, channel: args.channel, ts: args.ts, text: args.text } };
      case 'users.info': {
        const id = String(args.user);
        const u = this.users.get(id);
        if (!u) return { status: 200, body: { ok: false, error: 'user_not_found' } };
        return { status: 200, body: { ok: true, user: { id, team_id: FAKE_SLACK.team, name: u.name, real_name: u.name, is_admin: !!u.isAdmin, is_owner: !!u.isOwner, is_bot: !!u.isBot, profile: { display_name: u.name } } } };
      }
      default:
        return { status: 200, body: { ok: false, error: 'unknown_method' } };
    }
  }
}

export async function startFakeSlack(): Promise<FakeSlack> {
  return new FakeSlack().start();
}

export function slashCommandPayload(fake: FakeSlack, o: { command: string; text: string; user?: string; userName?: string; channel?: string }): Record<string, string> {
  return {
    token: 'verification-token',
    team_id: FAKE_SLACK.team,
    team_domain: 'test',
    channel_id: o.channel ?? 'C0GENERAL',
    channel_name: 'general',
    user_id: o.user ?? 'U0ALICE',
    user_name: o.userName ?? 'alice',
    command: o.command,
    text: o.text,
    api_app_id: 'A0TEST',
    is_enterprise_install: 'false',
    response_url: fake.newResponseUrl(),
    trigger_id: `trigger-${randomUUID()}`,
  };
}

/** Headers Slack signs an HTTP request with: `v0=` + HMAC-SHA256(secret, `v0:<timestamp>:<raw body>`). */
export function slackSignature(secret: string, rawBody: string, timestamp: number): Record<string, string> {
  const sig = createHmac('sha256', secret).update(`v0:${timestamp}:${rawBody}`).digest('hex');
  return { 'x-slack-signature': `v0=${sig}`, 'x-slack-request-timestamp': String(timestamp) };
}

function waitFor<T>(seen: T[], waiters: Waiter<T>[], pred: (x: T) => boolean): Promise<T> {
  const found = seen.find(pred);
  if (found) return Promise.resolve(found);
  return new Promise((resolve) => waiters.push({ pred, resolve }));
}

function notify<T>(waiters: Waiter<T>[], x: T): void {
  for (const w of [...waiters]) {
    if (w.pred(x)) {
      waiters.splice(waiters.indexOf(w), 1);
      w.resolve(x);
    }
  }
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function parseBody(raw: string, type: string | undefined): Record<string, unknown> {
  if (!raw) return {};
  if (type?.includes('application/json')) return JSON.parse(raw) as Record<string, unknown>;
  return Object.fromEntries(new URLSearchParams(raw));
}
