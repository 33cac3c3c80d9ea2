import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';

/*
 * A fake Discord on 127.0.0.1 speaking the real wire protocols (PLATFORM-NOTES.md): REST under /api/v10 and the
 * gateway (HELLO, IDENTIFY → READY + GUILD_CREATE, heartbeats, dispatches). The real discord.js runs against it.
 * Reusable: send a slash command, a button click, an autocomplete request or a mention; read every request the
 * bot made; make the next matching request answer 429 or a Discord error.
 */

export const FAKE_DISCORD = {
  token: 'test-discord-token-not-real',
  applicationId: '100000000000000001',
  botUser: '100000000000000002',
  guild: '200000000000000001',
  channel: '300000000000000001',
} as const;

/** Permission bits, as Discord sends them (decimal strings). */
export const PERMISSIONS = { member: String(1n << 10n | 1n << 11n), manageChannels: String(1n << 4n | 1n << 10n | 1n << 11n) };

export interface DiscordRequest {
  method: string;
  /** Path after /api/v10, e.g. `/channels/3/messages`. */
  path: string;
  body: Record<string, unknown> | undefined;
  auth: string | undefined;
  /** Files sent with the request (multipart/form-data, as discord.js sends attachments), in the order sent. */
  files: DiscordUpload[];
}

/** A file part of a multipart request: its form field (`files[0]`), file name and bytes. */
export interface DiscordUpload {
  field: string;
  name: string;
  data: Buffer;
}

export interface FakeUser {
  id: string;
  username: string;
  permissions?: string;
}

type Match = { method: string; path: RegExp };
type Fault = Match & ({ status: 429; retryAfter: number } | { status: number; code: number; message: string });
type Waiter = { pred: (r: DiscordRequest) => boolean; resolve: (r: DiscordRequest) => void };

const ALICE: FakeUser = { id: '400000000000000001', username: 'alice', permissions: PERMISSIONS.member };

export class FakeDiscord {
  readonly requests: DiscordRequest[] = [];
  private readonly waiters: Waiter[] = [];
  private readonly faults: Fault[] = [];
  private server!: Server;
  private wss!: WebSocketServer;
  private socket: WebSocket | undefined;
  private readyWaiters: (() => void)[] = [];
  private seq = 0;
  private ids = 500_000_000_000_000_000n;
  /** DM channel id by recipient user id. */
  readonly dmChannels = new Map<string, string>();
  port = 0;

  /** Give this to the bot as DISCORD_API_URL. */
  get apiUrl(): string {
    return `http://127.0.0.1:${this.port}/api`;
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      void this.onHttp(req).then(
        ({ status, headers, body }) => {
          res.writeHead(status, { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers });
          res.end(body === undefined ? undefined : JSON.stringify(body));
        },
        () => {
          res.writeHead(500);
          res.end();
        },
      );
    });
    this.wss = new WebSocketServer({ server: this.server });
    this.wss.on('connection', (ws) => this.onSocket(ws));
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

  /** When true the gateway never answers IDENTIFY: a client waits for a READY that does not come. */
  silentGateway = false;

  /** The shard count `GET /gateway/bot` recommends. */
  recommendedShards = 1;

  /** Every IDENTIFY's `shard` ([id, count]), in order: which replica connected which shard. */
  readonly identified: [number, number][] = [];

  /** Resolves once a client has identified and been sent READY and its guild. */
  ready(): Promise<void> {
    if (this.socket) return Promise.resolve();
    return new Promise((resolve) => this.readyWaiters.push(resolve));
  }

  /** The next request matching `method` and `path` answers 429 with `Retry-After` in seconds (decimals allowed). */
  rateLimitNext(method: string, path: RegExp, retryAfterSeconds: number): void {
    this.faults.push({ method, path, status: 429, retryAfter: retryAfterSeconds });
  }

  /** The next matching request fails as Discord would, e.g. 403 / 50013 Missing Permissions. */
  failNext(method: string, path: RegExp, status: number, code: number, message: string): void {
    this.faults.push({ method, path, status, code, message });
  }

  /** The first request (already made or still to come) that matches. */
  waitForRequest(pred: (r: DiscordRequest) => boolean): Promise<DiscordRequest> {
    const found = this.requests.find(pred);
    if (found) return Promise.resolve(found);
    return new Promise((resolve) => this.waiters.push({ pred, resolve }));
  }

  /** Every request answering one interaction: its callback and the webhook edits and follow-ups with its token. */
  responsesTo(token: string): DiscordRequest[] {
    return this.requests.filter((r) => r.path.includes(`/${token}`));
  }

  /** A user runs a slash command. Returns the interaction's token, to find the answer with `responsesTo`. */
  slashCommand(o: { name: string; options?: Record<string, string | number>; user?: FakeUser; channel?: string }): string {
    const options = Object.entries(o.options ?? {}).map(([name, value]) => ({ name, type: typeof value === 'number' ? 4 : 3, value }));
    return this.interaction(2, { id: this.id(), name: o.name, type: 1, options }, o);
  }

  /** A user clicks a button on a bot message. */
  clickButton(o: { customId: string; user?: FakeUser; channel?: string; messageId?: string }): string {
    const message = this.message(o.channel ?? FAKE_DISCORD.channel, { content: '', components: [] }, o.messageId);
    return this.interaction(3, { custom_id: o.customId, component_type: 2 }, o, { message });
  }

  /** A user types in an option that offers autocomplete. */
  autocomplete(o: { name: string; option: string; value: string; user?: FakeUser }): string {
    return this.interaction(4, { id: this.id(), name: o.name, type: 1, options: [{ name: o.option, type: 3, value: o.value, focused: true }] }, o);
  }

  /** A user writes a message mentioning the bot. Returns the message id. */
  mention(o: { content: string; user?: FakeUser; channel?: string }): string {
    const user = o.user ?? ALICE;
    const channel = o.channel ?? FAKE_DISCORD.channel;
    const bot = { id: FAKE_DISCORD.botUser, username: 'studybot', discriminator: '0', global_name: null, avatar: null, bot: true };
    const id = this.id();
    const msg = {
      ...this.message(channel, { content: `<@${FAKE_DISCORD.botUser}> ${o.content}` }, id),
      author: { id: user.id, username: user.username, discriminator: '0', global_name: null, avatar: null },
      member: { roles: [], joined_at: new Date(0).toISOString(), deaf: false, mute: false, flags: 0 },
      mentions: [bot],
      guild_id: FAKE_DISCORD.guild,
    };
    this.dispatch('MESSAGE_CREATE', msg);
    return id;
  }

  /**
   * A user replies to one of the bot's messages without typing a mention. Discord's reply pings the author by
   * default, so the bot is listed in `mentions` although the text never names it.
   */
  replyToBot(o: { content: string; to: string; user?: FakeUser; channel?: string }): string {
    const user = o.user ?? ALICE;
    const channel = o.channel ?? FAKE_DISCORD.channel;
    const bot = { id: FAKE_DISCORD.botUser, username: 'studybot', discriminator: '0', global_name: null, avatar: null, bot: true };
    const id = this.id();
    this.dispatch('MESSAGE_CREATE', {
      ...this.message(channel, { content: o.content }, id),
      author: { id: user.id, username: user.username, discriminator: '0', global_name: null, avatar: null },
      member: { roles: [], joined_at: new Date(0).toISOString(), deaf: false, mute: false, flags: 0 },
      mentions: [bot],
      type: 19,
      message_reference: { type: 0, message_id: o.to, channel_id: channel, guild_id: FAKE_DISCORD.guild },
      referenced_message: this.message(channel, { content: 'a daily concept' }, o.to),
      guild_id: FAKE_DISCORD.guild,
    });
    return id;
  }

  private interaction(type: number, data: unknown, o: { user?: FakeUser; channel?: string }, extra: Record<string, unknown> = {}): string {
    const user = o.user ?? ALICE;
    const channel = o.channel ?? FAKE_DISCORD.channel;
    const token = `itoken-${this.id()}`;
    this.dispatch('INTERACTION_CREATE', {
      id: this.id(),
      application_id: FAKE_DISCORD.applicationId,
      type,
      token,
      version: 1,
      guild_id: FAKE_DISCORD.guild,
      channel_id: channel,
      channel: { id: channel, type: 0, guild_id: FAKE_DISCORD.guild, name: 'general' },
      member: {
        user: { id: user.id, username: user.username, discriminator: '0', global_name: null, avatar: null },
        roles: [],
        permissions: user.permissions ?? PERMISSIONS.member,
        joined_at: new Date(0).toISOString(),
        deaf: false,
        mute: false,
        flags: 0,
      },
      data,
      app_permissions: PERMISSIONS.manageChannels,
      locale: 'en-US',
      guild_locale: 'en-US',
      entitlements: [],
      authorizing_integration_owners: {},
      context: 0,
      ...extra,
    });
    return token;
  }

  private id(): string {
    return String(++this.ids);
  }

  private message(channel: string, body: Record<string, unknown>, id = this.id()): Record<string, unknown> {
    return {
      id,
      channel_id: channel,
      author: { id: FAKE_DISCORD.botUser, username: 'studybot', discriminator: '0', global_name: null, avatar: null, bot: true },
      content: '',
      timestamp: new Date().toISOString(),
      edited_timestamp: null,
      tts: false,
      mention_everyone: false,
      mentions: [],
      mention_roles: [],
      attachments: [],
      embeds: [],
      components: [],
      pinned: false,
      type: 0,
      flags: 0,
      ...body,
    };
  }

  /**
   * The bot is removed from a server (kicked, or the server deleted): GUILD_DELETE without `unavailable`. With
   * `outage`, the server is only unavailable for a while (`unavailable: true`), which is not leaving.
   */
  leaveGuild(o: { guild?: string; outage?: boolean } = {}): void {
    this.dispatch('GUILD_DELETE', { id: o.guild ?? FAKE_DISCORD.guild, ...(o.outage ? { unavailable: true } : {}) });
  }

  private dispatch(t: string, d: unknown): void {
    if (!this.socket) throw new Error('no Discord client is connected to the fake; await fake.ready() first');
    this.socket.send(JSON.stringify({ op: 0, t, s: ++this.seq, d }));
  }

  private onSocket(ws: WebSocket): void {
    ws.send(JSON.stringify({ op: 10, d: { heartbeat_interval: 45_000 } }));
    ws.on('message', (raw) => {
      const msg = JSON.parse(String(raw)) as { op: number; d: unknown };
      if (msg.op === 1) ws.send(JSON.stringify({ op: 11 }));
      if (msg.op !== 2 || this.silentGateway) return;
      const [shardId, shardCount] = (msg.d as { shard?: [number, number] }).shard ?? [0, 1];
      this.identified.push([shardId, shardCount]);
      // Discord sends a guild to one shard only: (guild_id >> 22) % count. The other shards see no guild at all.
      const owns = Number((BigInt(FAKE_DISCORD.guild) >> 22n) % BigInt(shardCount)) === shardId;
      const send = (t: string, d: unknown) => ws.send(JSON.stringify({ op: 0, t, s: ++this.seq, d }));
      const bot = { id: FAKE_DISCORD.botUser, username: 'studybot', discriminator: '0', global_name: null, avatar: null, bot: true, flags: 0 };
      if (!owns) {
        send('READY', {
          v: 10,
          user: bot,
          guilds: [],
          session_id: `fake-session-${shardId}`,
          resume_gateway_url: `ws://127.0.0.1:${this.port}`,
          application: { id: FAKE_DISCORD.applicationId, flags: 0 },
          shard: [shardId, shardCount],
          private_channels: [],
        });
        return;
      }
      this.socket = ws;
      send('READY', {
        v: 10,
        user: bot,
        guilds: [{ id: FAKE_DISCORD.guild, unavailable: true }],
        session_id: 'fake-session',
        resume_gateway_url: `ws://127.0.0.1:${this.port}`,
        application: { id: FAKE_DISCORD.applicationId, flags: 0 },
        shard: [shardId, shardCount],
        private_channels: [],
      });
      send('GUILD_CREATE', {
        id: FAKE_DISCORD.guild,
        name: 'Study group',
        owner_id: '400000000000000099',
        icon: null,
        roles: [{ id: FAKE_DISCORD.guild, name: '@everyone', permissions: PERMISSIONS.member, position: 0, color: 0, hoist: false, managed: false, mentionable: false, flags: 0 }],
        channels: [{ id: FAKE_DISCORD.channel, type: 0, name: 'general', guild_id: FAKE_DISCORD.guild, position: 0, permission_overwrites: [] }],
        members: [{ user: bot, roles: [], joined_at: new Date(0).toISOString(), deaf: false, mute: false, flags: 0 }],
        member_count: 2,
        joined_at: new Date(0).toISOString(),
        large: false,
        unavailable: false,
        features: [],
        emojis: [],
        stickers: [],
        threads: [],
        presences: [],
        voice_states: [],
        stage_instances: [],
        guild_scheduled_events: [],
        soundboard_sounds: [],
        premium_tier: 0,
        preferred_locale: 'en-US',
      });
      for (const w of this.readyWaiters.splice(0)) w();
    });
    ws.on('close', () => {
      if (this.socket === ws) this.socket = undefined;
    });
  }

  private async onHttp(req: IncomingMessage): Promise<{ status: number; headers?: Record<string, string>; body?: unknown }> {
    const raw = await new Promise<Buffer>((resolve, reject) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => resolve(Buffer.concat(chunks)));
      req.on('error', reject);
    });
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${this.port}`);
    const path = decodeURIComponent(url.pathname).replace(/^\/api\/v10/, '');
    const method = req.method ?? 'GET';
    const parsed = await parseDiscordBody(raw, req.headers['content-type']);
    const request: DiscordRequest = { method, path, body: parsed.body, auth: req.headers.authorization, files: parsed.files };
    this.requests.push(request);
    for (const w of [...this.waiters]) {
      if (w.pred(request)) {
        this.waiters.splice(this.waiters.indexOf(w), 1);
        w.resolve(request);
      }
    }

    const fault = this.faults.find((f) => f.method === method && f.path.test(path));
    if (fault) {
      this.faults.splice(this.faults.indexOf(fault), 1);
      if ('retryAfter' in fault) {
        return { status: 429, headers: { 'retry-after': String(fault.retryAfter), 'x-ratelimit-scope': 'user' }, body: { message: 'You are being rate limited.', retry_after: fault.retryAfter, global: false } };
      }
      return { status: fault.status, body: { message: fault.message, code: fault.code } };
    }
    // Interaction callbacks and webhooks are authorised by their token in the path, not the bot token.
    const open = path.startsWith('/interactions/') || path.startsWith('/webhooks/');
    if (!open && request.auth !== `Bot ${FAKE_DISCORD.token}`) return { status: 401, body: { message: '401: Unauthorized', code: 0 } };

    const body = request.body ?? {};
    let m: RegExpExecArray | null;
    if (method === 'GET' && path === '/gateway/bot') {
      return { status: 200, body: { url: `ws://127.0.0.1:${this.port}`, shards: this.recommendedShards, session_start_limit: { total: 1000, remaining: 1000, reset_after: 0, max_concurrency: 16 } } };
    }
    if (method === 'GET' && (path === '/applications/@me' || path === '/oauth2/applications/@me')) {
      return { status: 200, body: { id: FAKE_DISCORD.applicationId, name: 'studybot', flags: 0, bot_public: true } };
    }
    if (method === 'POST' && /^\/interactions\/\d+\/[^/]+\/callback$/.test(path)) return { status: 204 };
    if (method === 'PATCH' && (m = /^\/webhooks\/\d+\/[^/]+\/messages\/(@original|\d+)$/.exec(path))) return { status: 200, body: this.message(FAKE_DISCORD.channel, body) };
    if (method === 'POST' && /^\/webhooks\/\d+\/[^/]+$/.test(path)) return { status: 200, body: this.message(FAKE_DISCORD.channel, body) };
    if (method === 'POST' && path === '/users/@me/channels') {
      // The DM channel with a person: one per recipient, as Discord keeps it.
      const recipient = String(body.recipient_id ?? '');
      const id = this.dmChannels.get(recipient) ?? this.id();
      this.dmChannels.set(recipient, id);
      return { status: 200, body: { id, type: 1, last_message_id: null, flags: 0, recipients: [{ id: recipient, username: 'someone', discriminator: '0', global_name: null, avatar: null }] } };
    }
    if (method === 'POST' && (m = /^\/channels\/(\d+)\/messages$/.exec(path))) return { status: 200, body: this.message(m[1]!, body) };
    if (method === 'PATCH' && (m = /^\/channels\/(\d+)\/messages\/(\d+)$/.exec(path))) return { status: 200, body: this.message(m[1]!, body, m[2]) };
    if (method === 'PUT' && /^\/applications\/\d+(\/guilds\/\d+)?\/commands$/.test(path)) {
      const list = Array.isArray(request.body) ? (request.body as Record<string, unknown>[]) : [];
      return { status: 200, body: list.map((c) => ({ ...c, id: this.id(), application_id: FAKE_DISCORD.applicationId, version: this.id() })) };
    }
    return { status: 404, body: { message: '404: Not Found', code: 0 } };
  }
}

/**
 * A request body as Discord reads it: JSON, or multipart/form-data whose `payload_json` part is the JSON and whose
 * `files[n]` parts are attachments (how discord.js and @discordjs/rest send files). Parsed with the platform's own
 * multipart reader (undici's Response.formData), not by hand.
 */
async function parseDiscordBody(raw: Buffer, type: string | undefined): Promise<{ body: Record<string, unknown> | undefined; files: DiscordUpload[] }> {
  if (!raw.length) return { body: undefined, files: [] };
  if (!type?.startsWith('multipart/form-data')) return { body: JSON.parse(raw.toString('utf8')) as Record<string, unknown>, files: [] };
  const form = await new Response(raw, { headers: { 'content-type': type } }).formData();
  const files: DiscordUpload[] = [];
  let body: Record<string, unknown> | undefined;
  for (const [field, value] of form.entries()) {
    if (typeof value === 'string') {
      if (field === 'payload_json') body = JSON.parse(value) as Record<string, unknown>;
    } else {
      files.push({ field, name: value.name, data: Buffer.from(await value.arrayBuffer()) });
    }
  }
  return { body, files };
}

export async function startFakeDiscord(): Promise<FakeDiscord> {
  return new FakeDiscord().start();
}

export const FAKE_USERS = {
  alice: ALICE,
  moderator: { id: '400000000000000002', username: 'mod', permissions: PERMISSIONS.manageChannels } satisfies FakeUser,
};
