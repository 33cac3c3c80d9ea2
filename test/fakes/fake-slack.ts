import { createHmac, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';

/*
 * A fake Slack on 127.0.0.1 speaking the real wire protocols (PLATFORM-NOTES.md): the Web API (`POST /api/<method>`,
 * form-encoded or JSON, `Authorization: Bearer`), Socket Mode (`apps.connections.open` → WebSocket, hello,
 * envelopes acked by id, spread among several connections, events re-sent when not acked in time, `disconnect` to
 * refresh a connection) and `response_url`s. The real Bolt runs against it. Reusable: send a slash command, a
 * button click or a mention; read what the bot said; make the next call answer 429 or a Slack error.
 */

export const FAKE_SLACK = {
  botToken: 'xoxb-test-not-a-real-token',
  appToken: 'xapp-test-not-a-real-token',
  signingSecret: 'test-signing-secret-not-real',
  team: 'T0TEST',
  botUser: 'U0BOT',
  /** "Add to Slack" (OAuth): the app's credentials as the fake's oauth.v2.access expects them. */
  clientId: '1111.2222',
  clientSecret: 'test-client-secret-not-real',
} as const;

/** A workspace (or org) the fake lets install the app: `issueCode` hands out a one-use code for it. */
export interface FakeInstall {
  team?: string;
  teamName?: string;
  enterprise?: string;
  /** An Enterprise Grid org-wide install: no team, `is_enterprise_install: true`. */
  orgWide?: boolean;
  /**
   * The app has token rotation on: the installed token expires after `expiresIn` seconds and comes with a refresh
   * token; refreshed tokens last twelve hours, as Slack's do.
   */
  rotation?: { expiresIn: number };
}

export interface SlackCall {
  method: string;
  args: Record<string, unknown>;
  token: string | undefined;
}

/** Something the bot said, whichever way it said it. */
export interface SlackSaid {
  via: 'chat.postMessage' | 'chat.postEphemeral' | 'chat.update' | 'response_url';
  channel?: string;
  /** The workspace whose token the call carried (Web API calls only). */
  team?: string;
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
  /** The workspace it is sent from (default FAKE_SLACK.team). */
  team?: string;
  /** Reuse an event id to redeliver the same event (Slack keeps it through retries). */
  eventId?: string;
  botId?: string;
  subtype?: string;
}

/** A file shared through files.getUploadURLExternal → upload URL → files.completeUploadExternal. */
export interface SlackUpload {
  fileId: string;
  filename: string;
  /** The length the bot announced to files.getUploadURLExternal. */
  length: number;
  altText?: string;
  title?: string;
  /** The bytes that reached the upload URL. */
  data: Buffer;
  /** Where files.completeUploadExternal shared it; undefined leaves the file private. */
  channel?: string;
  threadTs?: string;
}

/** A view published with views.publish (the App Home tab). */
export interface SlackPublishedView {
  user: string;
  view: { type: string; blocks: unknown[]; [k: string]: unknown };
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

/** A Socket Mode connection: its number (1, 2, … in the order connections opened) and its WebSocket. */
interface SocketConnection {
  no: number;
  ws: WebSocket;
}

/** An envelope the fake sent over Socket Mode. */
export interface SentEnvelope {
  id: string;
  type: string;
  payload: unknown;
  /** The connection it went to. */
  connection: number;
  /** 0 for a first delivery; Slack's `retry_attempt` for a retry. */
  retryAttempt: number;
  /** True for a retry the fake sent because the previous delivery was not acknowledged within `ackWindowMs`. */
  afterWindow: boolean;
  sentAt: number;
  /** When its ack arrived (epoch ms), however late; undefined if it never did. */
  ackedAt?: number;
}

/** What became of an envelope: acknowledged (with the ack's payload) on a connection, after `deliveries` tries. */
export interface EnvelopeOutcome {
  acked: boolean;
  payload?: unknown;
  connection: number;
  deliveries: number;
}

export class FakeSlack {
  readonly calls: SlackCall[] = [];
  readonly said: SlackSaid[] = [];
  /** Files completed (shared or not), in order. */
  readonly uploads: SlackUpload[] = [];
  readonly views: SlackPublishedView[] = [];
  private readonly pendingUploads = new Map<string, Omit<SlackUpload, 'data'> & { data?: Buffer }>();
  private readonly uploadWaiters: Waiter<SlackUpload>[] = [];
  private readonly viewWaiters: Waiter<SlackPublishedView>[] = [];
  private readonly users = new Map<string, SlackUser>();
  private readonly faults = new Map<string, { status: 429; retryAfter: number } | { error: string }>();
  private readonly saidWaiters: Waiter<SlackSaid>[] = [];
  private readonly callWaiters: Waiter<SlackCall>[] = [];
  /** Open Socket Mode connections, oldest first; envelopes go to them in turn, as Slack spreads them. */
  private readonly connections: SocketConnection[] = [];
  private connectionsOpened = 0;
  private nextConnection = 0;
  /** Woken whenever a connection opens or closes. */
  private socketWaiters: (() => void)[] = [];
  private readonly acks = new Map<string, (payload: unknown) => void>();
  /** Every envelope sent, retries included, in order. */
  readonly envelopes: SentEnvelope[] = [];
  /**
   * Slack's acknowledgement window for an envelope (3 s). Off (undefined) by default: nothing is re-sent and an
   * envelope waits for its ack however long it takes. When set, an `events_api` envelope not acknowledged in time
   * is sent again, up to three retries, to the next connection (`retry_attempt`, `retry_reason: 'timeout'`), and an
   * interaction or slash command is given up (Slack shows the person an error; it does not retry those).
   */
  ackWindowMs: number | undefined;
  private tsCounter = 1_700_000_000;
  /** Tokens the fake accepts, and the workspace (or org) each belongs to. */
  private readonly tokens = new Map<string, { team?: string; enterprise?: string }>([[FAKE_SLACK.botToken, { team: FAKE_SLACK.team }]]);
  private readonly codes = new Map<string, FakeInstall>();
  private readonly refreshTokens = new Map<string, FakeInstall>();
  private issued = 0;
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
      const connection = { no: ++this.connectionsOpened, ws };
      this.connections.push(connection);
      ws.on('message', (data) => {
        const msg = JSON.parse(String(data)) as { envelope_id?: string; payload?: unknown };
        if (!msg.envelope_id) return;
        const sent = this.envelopes.find((e) => e.id === msg.envelope_id);
        if (sent) sent.ackedAt ??= Date.now();
        this.acks.get(msg.envelope_id)?.(msg.payload);
      });
      ws.on('close', () => {
        const i = this.connections.indexOf(connection);
        if (i >= 0) this.connections.splice(i, 1);
        for (const w of this.socketWaiters.splice(0)) w();
      });
      ws.send(JSON.stringify({ type: 'hello', num_connections: this.connections.length, debug_info: { host: 'fake-slack' }, connection_info: { app_id: 'A0TEST' } }));
      for (const w of this.socketWaiters.splice(0)) w();
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

  /** A person approves the install on Slack's authorize page: the one-use code Slack adds to the redirect. */
  issueCode(install: FakeInstall): string {
    const code = `code-${++this.issued}-${randomUUID().slice(0, 8)}`;
    this.codes.set(code, install);
    return code;
  }

  /** Tokens the fake has handed out (and still accepts) for a workspace or org. */
  tokensOf(teamOrEnterprise: string): string[] {
    return [...this.tokens].filter(([, o]) => o.team === teamOrEnterprise || o.enterprise === teamOrEnterprise).map(([t]) => t);
  }

  /** The workspace removed the app: its tokens stop working, as Slack revokes them. */
  revoke(teamOrEnterprise: string): void {
    for (const t of this.tokensOf(teamOrEnterprise)) this.tokens.delete(t);
  }

  /** Delivers a signed HTTP request to a bot in HTTP mode, as Slack does: JSON for events, a form for commands. */
  async deliver(url: string, payload: Record<string, unknown>, o: { form?: boolean; timestamp?: number } = {}): Promise<Response> {
    const body = o.form ? new URLSearchParams(payload as Record<string, string>).toString() : JSON.stringify(payload);
    const headers = { 'content-type': o.form ? 'application/x-www-form-urlencoded' : 'application/json', ...slackSignature(FAKE_SLACK.signingSecret, body, o.timestamp ?? Math.floor(Date.now() / 1000)) };
    return fetch(url, { method: 'POST', headers, body });
  }

  /** The Events API body of `app_uninstalled` or `tokens_revoked` for a workspace, or with `enterprise` for an org-wide install. */
  uninstallPayload(team: string, type: 'app_uninstalled' | 'tokens_revoked' = 'app_uninstalled', enterprise?: string): Record<string, unknown> {
    const event = type === 'app_uninstalled' ? { type } : { type, tokens: { oauth: [], bot: [FAKE_SLACK.botUser] } };
    return {
      token: 'verification-token',
      team_id: team,
      ...(enterprise ? { enterprise_id: enterprise } : {}),
      api_app_id: 'A0TEST',
      event: { ...event, event_ts: `${Math.floor(Date.now() / 1000)}.000100` },
      type: 'event_callback',
      event_id: `Ev${randomUUID().slice(0, 8)}`,
      event_time: Math.floor(Date.now() / 1000),
      authorizations: [{ team_id: enterprise ? null : team, ...(enterprise ? { enterprise_id: enterprise, is_enterprise_install: true } : {}), user_id: FAKE_SLACK.botUser, is_bot: true }],
    };
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

  /** Resolves with the first completed upload (already or later) that matches. */
  waitForUpload(pred: (u: SlackUpload) => boolean = () => true): Promise<SlackUpload> {
    return waitFor(this.uploads, this.uploadWaiters, pred);
  }

  /** Resolves with the first view published (already or later) that matches. */
  waitForView(pred: (v: SlackPublishedView) => boolean = () => true): Promise<SlackPublishedView> {
    return waitFor(this.views, this.viewWaiters, pred);
  }

  /** A user opens the app's Home tab (the `app_home_opened` event, tab "home"). */
  openHome(o: { user?: string } = {}): Promise<unknown> {
    const user = o.user ?? 'U0ALICE';
    return this.sendEnvelope('events_api', eventCallback({ type: 'app_home_opened', user, channel: `D${user.slice(1)}`, tab: 'home', event_ts: this.nextTs() }));
  }

  /** A user clicks a button in the app's Home tab: a block_actions payload from a view, with no channel. */
  clickHomeButton(o: { actionId: string; user?: string }): Promise<unknown> {
    return this.sendEnvelope('interactive', {
      ...this.blockActions(o.user ?? 'U0ALICE', o.actionId),
      container: { type: 'view', view_id: 'V0HOME' },
      view: { id: 'V0HOME', type: 'home', blocks: [], team_id: FAKE_SLACK.team, app_id: 'A0TEST', bot_id: 'B0BOT' },
    });
  }

  /** The part of a block_actions payload every button click has, wherever the button was. */
  private blockActions(user: string, actionId: string): Record<string, unknown> {
    return {
      type: 'block_actions',
      user: { id: user, username: this.users.get(user)?.name ?? 'alice', name: this.users.get(user)?.name ?? 'alice', team_id: FAKE_SLACK.team },
      api_app_id: 'A0TEST',
      token: 'verification-token',
      trigger_id: `trigger-${randomUUID()}`,
      team: { id: FAKE_SLACK.team, domain: 'test' },
      actions: [{ action_id: actionId, block_id: 'b1', text: { type: 'plain_text', text: 'x' }, value: actionId, type: 'button', action_ts: `${Date.now() / 1000}` }],
    };
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
      ...this.blockActions(user, o.actionId),
      container: { type: 'message', message_ts: ts, channel_id: channel, is_ephemeral: o.ephemeral ?? false },
      channel: { id: channel, name: 'general' },
      message: { type: 'message', ts, text: 'message', user: FAKE_SLACK.botUser },
      response_url: o.responseUrl ?? this.newResponseUrl(),
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
    const team = o.team ?? FAKE_SLACK.team;
    const event: Record<string, unknown> = { type: 'app_mention', user: o.user ?? 'U0ALICE', text: `<@${FAKE_SLACK.botUser}> ${o.text}`, ts, channel: o.channel ?? 'C0GENERAL', event_ts: ts };
    if (o.botId) event.bot_id = o.botId;
    if (o.subtype) event.subtype = o.subtype;
    return eventCallback(event, o.eventId, team);
  }

  newResponseUrl(): string {
    return `${this.url}/response/${randomUUID()}`;
  }

  /** The numbers of the open Socket Mode connections (1, 2, … in the order they opened). */
  get openConnections(): number[] {
    return this.connections.map((c) => c.no);
  }

  /** Resolves once at least `n` Socket Mode connections are open. */
  async waitForConnections(n: number): Promise<void> {
    while (this.connections.length < n) await new Promise<void>((resolve) => this.socketWaiters.push(resolve));
  }

  /**
   * Slack asks connection `no` to go away (a `disconnect` message, reason `refresh_requested`, as it does every few
   * hours): the client closes it and opens a new one (apps.connections.open). Resolves with the new connection's
   * number once the old one is closed and a newer one is open.
   */
  async requestRefresh(no: number): Promise<number> {
    const before = this.connectionsOpened;
    this.connections.find((c) => c.no === no)?.ws.send(JSON.stringify({ type: 'disconnect', reason: 'refresh_requested', debug_info: { host: 'fake-slack' } }));
    for (;;) {
      const newer = this.connections.find((c) => c.no > before);
      if (newer && !this.connections.some((c) => c.no === no)) return newer.no;
      await new Promise<void>((resolve) => this.socketWaiters.push(resolve));
    }
  }

  /**
   * Sends one envelope of `type` to the next open connection (waiting for one), as Slack spreads an app's envelopes
   * among its connections, and follows it as Slack does (see `ackWindowMs`). Resolves once it is acknowledged, with
   * the ack's payload, the connection that acknowledged it and how many deliveries it took; or, with a window set,
   * once Slack has given up on it (`acked: false`, the connection of the last delivery). `extra` adds fields to the
   * first envelope (`retry_attempt`, `retry_reason` for a redelivery a test makes itself).
   */
  async deliverEnvelope(type: string, payload: unknown, extra: Record<string, unknown> = {}): Promise<EnvelopeOutcome> {
    const retries = type === 'events_api' ? 3 : 0;
    const firstAttempt = typeof extra.retry_attempt === 'number' ? extra.retry_attempt : 0;
    for (let attempt = 0; ; attempt++) {
      const connection = await this.pickConnection();
      const id = randomUUID();
      const fields = attempt === 0 ? extra : { ...extra, retry_attempt: firstAttempt + attempt, retry_reason: 'timeout' };
      const acked = new Promise<{ payload: unknown }>((resolve) => this.acks.set(id, (p) => resolve({ payload: p })));
      this.envelopes.push({ id, type, payload, connection: connection.no, retryAttempt: typeof fields.retry_attempt === 'number' ? fields.retry_attempt : 0, afterWindow: attempt > 0, sentAt: Date.now() });
      connection.ws.send(JSON.stringify({ envelope_id: id, type, accepts_response_payload: type !== 'events_api', payload, ...fields }));
      const window = this.ackWindowMs;
      let timer: NodeJS.Timeout | undefined;
      const ack = await (window === undefined
        ? acked
        : Promise.race([acked, new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), window)))]));
      clearTimeout(timer);
      this.acks.delete(id);
      if (ack) return { acked: true, payload: ack.payload, connection: connection.no, deliveries: attempt + 1 };
      if (attempt >= retries) return { acked: false, connection: connection.no, deliveries: attempt + 1 };
    }
  }

  private async sendEnvelope(type: string, payload: unknown, extra: Record<string, unknown> = {}): Promise<unknown> {
    return (await this.deliverEnvelope(type, payload, extra)).payload;
  }

  /** The next open connection in turn, waiting for one if none is open. */
  private async pickConnection(): Promise<SocketConnection> {
    for (;;) {
      const open = this.connections.filter((c) => c.ws.readyState === c.ws.OPEN);
      if (open.length > 0) return open[this.nextConnection++ % open.length]!;
      await new Promise<void>((resolve) => this.socketWaiters.push(resolve));
    }
  }

  private nextTs(): string {
    return `${++this.tsCounter}.000100`;
  }

  /**
   * The upload URL files.getUploadURLExternal handed out. web-api posts the file as multipart/form-data; read with
   * the platform's own multipart reader. Slack answers 200 "OK"; the file is not shared until completed.
   */
  private async onUpload(fileId: string, bytes: Buffer, type: string | undefined): Promise<{ status: number; body: unknown }> {
    const pending = this.pendingUploads.get(fileId);
    if (!pending) return { status: 404, body: { ok: false } };
    let data = bytes;
    if (type?.startsWith('multipart/form-data')) {
      const form = await new Response(bytes, { headers: { 'content-type': type } }).formData();
      const part = [...form.values()].find((v) => typeof v !== 'string');
      data = part && typeof part !== 'string' ? Buffer.from(await part.arrayBuffer()) : Buffer.alloc(0);
    }
    pending.data = data;
    return { status: 200, body: 'OK' };
  }

  private record(s: SlackSaid): void {
    this.said.push(s);
    notify(this.saidWaiters, s);
  }

  /**
   * oauth.v2.access: checks the client id and secret, then exchanges a code (each works once) or, with token
   * rotation, a refresh token (`grant_type=refresh_token`) for a new bot token of that workspace or org.
   */
  private oauthAccess(args: Record<string, unknown>): Record<string, unknown> {
    if (args.client_id !== FAKE_SLACK.clientId || args.client_secret !== FAKE_SLACK.clientSecret) return { ok: false, error: 'invalid_client_id' };
    let install: FakeInstall | undefined;
    if (args.grant_type === 'refresh_token') {
      install = this.refreshTokens.get(String(args.refresh_token));
      this.refreshTokens.delete(String(args.refresh_token));
      if (!install) return { ok: false, error: 'invalid_refresh_token' };
    } else {
      install = this.codes.get(String(args.code));
      this.codes.delete(String(args.code));
      if (!install) return { ok: false, error: 'invalid_code' };
    }
    const who = install.orgWide ? install.enterprise! : install.team!;
    const token = `xoxb-${who}-${++this.issued}-${randomUUID().slice(0, 8)}-not-real`;
    this.tokens.set(token, { ...(install.orgWide ? {} : { team: install.team }), ...(install.enterprise ? { enterprise: install.enterprise } : {}) });
    const rotation: Record<string, unknown> = {};
    if (install.rotation) {
      const refresh = `xoxe-1-${who}-${randomUUID()}-not-real`;
      this.refreshTokens.set(refresh, install);
      Object.assign(rotation, { refresh_token: refresh, expires_in: args.grant_type === 'refresh_token' ? 43_200 : install.rotation.expiresIn });
    }
    if (args.grant_type === 'refresh_token') return { ok: true, access_token: token, token_type: 'bot', scope: 'commands,chat:write', ...rotation };
    return {
      ok: true,
      access_token: token,
      token_type: 'bot',
      scope: 'commands,chat:write,chat:write.public,app_mentions:read,users:read',
      bot_user_id: FAKE_SLACK.botUser,
      app_id: 'A0TEST',
      team: install.orgWide ? null : { id: install.team, name: install.teamName ?? install.team },
      enterprise: install.enterprise ? { id: install.enterprise, name: 'Org' } : null,
      is_enterprise_install: Boolean(install.orgWide),
      authed_user: { id: 'U0INSTALLER' },
      ...rotation,
    };
  }

  private async onHttp(req: IncomingMessage): Promise<{ status: number; headers?: Record<string, string>; body: unknown }> {
    const bytes = await readBody(req);
    const url = new URL(req.url ?? '/', this.url);
    if (url.pathname.startsWith('/upload/')) return this.onUpload(url.pathname.slice('/upload/'.length), bytes, req.headers['content-type']);
    const raw = bytes.toString('utf8');
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
    if (method === 'oauth.v2.access') return { status: 200, body: this.oauthAccess(args) };
    const owner = token === undefined ? undefined : this.tokens.get(token);
    if (method === 'apps.connections.open' ? token !== FAKE_SLACK.appToken : !owner) return { status: 200, body: { ok: false, error: 'invalid_auth' } };
    const team = owner?.team ?? FAKE_SLACK.team;

    const blocks = typeof args.blocks === 'string' ? (JSON.parse(args.blocks) as unknown[]) : ((args.blocks as unknown[]) ?? []);
    switch (method) {
      case 'auth.test':
        return { status: 200, body: { ok: true, url: 'https://test.example/', team: 'Test', user: 'studybot', team_id: owner?.team ?? owner?.enterprise, ...(owner?.enterprise ? { enterprise_id: owner.enterprise, is_enterprise_install: !owner.team } : {}), user_id: FAKE_SLACK.botUser, bot_id: 'B0BOT' } };
      case 'apps.connections.open':
        return { status: 200, body: { ok: true, url: `ws://127.0.0.1:${this.port}/socket` } };
      case 'chat.postMessage': {
        const ts = this.nextTs();
        this.record({ via: 'chat.postMessage', channel: String(args.channel), team, ts, text: String(args.text ?? ''), blocks, at: Date.now() });
        return { status: 200, body: { ok: true, channel: args.channel, ts, message: { ts, text: args.text } } };
      }
      case 'chat.postEphemeral': {
        const ts = this.nextTs();
        this.record({ via: 'chat.postEphemeral', channel: String(args.channel), team, user: String(args.user), ts, text: String(args.text ?? ''), blocks, at: Date.now() });
        return { status: 200, body: { ok: true, message_ts: ts } };
      }
      case 'chat.update':
        this.record({ via: 'chat.update', channel: String(args.channel), team, ts: String(args.ts), text: String(args.text ?? ''), blocks, at: Date.now() });
        return { status: 200, body: { ok: true, channel: args.channel, ts: args.ts, text: args.text } };
      case 'conversations.open': {
        // The app's DM channel with a person: D + the user id, as stable as Slack's own.
        const users = String(args.users ?? '');
        if (!users) return { status: 200, body: { ok: false, error: 'users_not_found' } };
        return { status: 200, body: { ok: true, channel: { id: `D${users}` } } };
      }
      case 'files.getUploadURLExternal': {
        const fileId = `F${randomUUID().slice(0, 8).toUpperCase()}`;
        this.pendingUploads.set(fileId, {
          fileId,
          filename: String(args.filename),
          length: Number(args.length),
          ...(args.alt_text !== undefined ? { altText: String(args.alt_text) } : {}),
        });
        return { status: 200, body: { ok: true, upload_url: `${this.url}/upload/${fileId}`, file_id: fileId } };
      }
      case 'files.completeUploadExternal': {
        const files = (typeof args.files === 'string' ? JSON.parse(args.files) : args.files) as { id: string; title?: string }[];
        const done: SlackUpload[] = [];
        for (const f of files) {
          const pending = this.pendingUploads.get(f.id);
          if (!pending?.data) return { status: 200, body: { ok: false, error: 'file_not_found' } };
          this.pendingUploads.delete(f.id);
          done.push({
            ...pending,
            data: pending.data,
            ...(f.title !== undefined ? { title: f.title } : {}),
            ...(args.channel_id !== undefined ? { channel: String(args.channel_id) } : {}),
            ...(args.thread_ts !== undefined ? { threadTs: String(args.thread_ts) } : {}),
          });
        }
        for (const u of done) {
          this.uploads.push(u);
          notify(this.uploadWaiters, u);
        }
        return { status: 200, body: { ok: true, files: done.map((u) => ({ id: u.fileId, title: u.title ?? u.filename })) } };
      }
      case 'views.publish': {
        const view = (typeof args.view === 'string' ? JSON.parse(args.view) : args.view) as SlackPublishedView['view'];
        const published = { user: String(args.user_id), view };
        this.views.push(published);
        notify(this.viewWaiters, published);
        return { status: 200, body: { ok: true, view: { id: 'V0HOME', ...view } } };
      }
      case 'users.info': {
        const id = String(args.user);
        const u = this.users.get(id);
        if (!u) return { status: 200, body: { ok: false, error: 'user_not_found' } };
        return { status: 200, body: { ok: true, user: { id, team_id: team, name: u.name, real_name: u.name, is_admin: !!u.isAdmin, is_owner: !!u.isOwner, is_bot: !!u.isBot, profile: { display_name: u.name } } } };
      }
      default:
        return { status: 200, body: { ok: false, error: 'unknown_method' } };
    }
  }
}

/** An Events API body (`event_callback`) around one event, as Slack sends it to the bot's workspace install. */
function eventCallback(event: Record<string, unknown>, eventId = `Ev${randomUUID().slice(0, 8)}`, team: string = FAKE_SLACK.team): Record<string, unknown> {
  return {
    token: 'verification-token',
    team_id: team,
    api_app_id: 'A0TEST',
    event,
    type: 'event_callback',
    event_id: eventId,
    event_time: Math.floor(Date.now() / 1000),
    authorizations: [{ team_id: team, user_id: FAKE_SLACK.botUser, is_bot: true }],
  };
}

export async function startFakeSlack(): Promise<FakeSlack> {
  return new FakeSlack().start();
}

export function slashCommandPayload(fake: FakeSlack, o: { command: string; text: string; user?: string; userName?: string; channel?: string; team?: string; enterprise?: string }): Record<string, string> {
  return {
    token: 'verification-token',
    team_id: o.team ?? FAKE_SLACK.team,
    team_domain: 'test',
    channel_id: o.channel ?? 'C0GENERAL',
    channel_name: 'general',
    user_id: o.user ?? 'U0ALICE',
    user_name: o.userName ?? 'alice',
    command: o.command,
    text: o.text,
    api_app_id: 'A0TEST',
    // An org-wide install sends the org's id and says so; a workspace install sends neither.
    ...(o.enterprise ? { enterprise_id: o.enterprise } : {}),
    is_enterprise_install: o.enterprise ? 'true' : 'false',
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

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function parseBody(raw: string, type: string | undefined): Record<string, unknown> {
  if (!raw) return {};
  if (type?.includes('application/json')) return JSON.parse(raw) as Record<string, unknown>;
  return Object.fromEntries(new URLSearchParams(raw));
}
