import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { App, HTTPReceiver, SocketModeReceiver, webApi } from '@slack/bolt';
import type { SlackConfig } from '../config.js';
import { formatChannelId, parseChannelId } from '../core/channel-id.js';
import { PermanentPostError, type ChatPort, type MessageRef } from '../core/chat-port.js';
import { classifyPostError } from '../core/post-errors.js';
import type { CommandRouter } from '../core/command-router.js';
import type { Speaker } from '../core/command.js';
import type { Logger } from '../core/logger.js';
import { imagesOf, withoutImages, type ImageBlock, type Reply } from '../core/reply.js';
import type { HealthSource } from '../ops/health.js';
import { boltLogger } from './bolt-logger.js';
import { renderBlockKit } from './render-block-kit.js';
import { DEFAULT_SLACK_COMMAND, parseSlackCommand, withSlackCommandNames } from './slack-commands.js';
import { deliveryGuard, SIGNATURE_PROPERTY } from './slack-guards.js';
import { startSlackHttpServer } from './slack-http-server.js';
import type { InstallProvider } from '@slack/oauth';
import { SlackPeople, type AdminsOf } from './slack-people.js';
import type { SlackReceipts } from './slack-receipts.js';
import type { SlackInstallations } from './slack-installations.js';
import { installedToken, slackOAuthReceiverOptions } from './slack-oauth.js';
import { workspaceLeaver, type WorkspaceLeaver } from './workspace-leaver.js';
import type { WorkspaceStore } from '../workspaces/workspace-store.js';
import { WarningThrottle } from './warning-throttle.js';

type BoltApp = InstanceType<typeof App>;

export interface SlackAdapterOptions {
  config: SlackConfig;
  router: CommandRouter;
  log: Logger;
  /**
   * Retries of a failed Web API call, 429s included (Bolt's default keeps trying for ~30 minutes, which would
   * hold a daily post or a quiz question far too long). Tests pass 0.
   */
  retries?: number;
  /** HTTP mode only: overrides `config.port` (tests use 0 for any free port). */
  port?: number;
  /** Deliveries already acted on, so a redelivered event or a replayed request acts once (in the database). */
  receipts: SlackReceipts;
  /** HTTP mode only: header and whole-request deadlines in ms (defaults 10 s and 15 s; tests shorten them). */
  httpTimeouts?: { headersMs: number; requestMs: number };
  /** Counts handler failures in `studybot_errors_total{where="adapter"}`. */
  metrics?: { error(where: string): void };
  /** OAuth only (config.oauth): where installations are kept, sealed. */
  installations?: SlackInstallations;
  /**
   * Leaving and settings per workspace: app_uninstalled and tokens_revoked end the workspace's posts and quizzes;
   * `/settings admins` adds to SLACK_ADMIN_USERS. Without it (tests of other things) those events are only logged.
   */
  workspaces?: WorkspaceStore;
  /** How long a workspace's study data is kept after it leaves (ms); default 30 days. */
  retentionMs?: number;
  /** Epoch ms; tests pass a fake clock. */
  now?: () => number;
}

/** Slack escapes these three in the text it sends us; commands should see what the person typed. */
export function unescapeSlack(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

/** A refusal the error table (core/post-errors.ts) calls permanent becomes PermanentPostError; anything else passes through. */
function translate(err: unknown, channel: string): unknown {
  const verdict = classifyPostError('slack', err);
  if (verdict.kind !== 'permanent') return err;
  const needed = (err as { data?: { needed?: string } }).data?.needed;
  return new PermanentPostError(`Slack refused to post in ${channel}: ${verdict.code}${verdict.code === 'missing_scope' && needed ? ` (needs ${needed})` : ''}`, verdict.fix!);
}

/** `slack:T…:C…` → the Slack channel id. */
function slackChannel(channel: string): string {
  const parts = parseChannelId(channel);
  if (parts.platform !== 'slack') throw new Error(`not a Slack channel id: ${channel}`);
  return parts.channel;
}

/**
 * Slack through Bolt: slash commands, buttons and `@bot` mentions go to the router; replies are rendered as
 * Block Kit. Every handler acks first — Slack retries, then shows an error, when a command is not acked in 3 s.
 */
export class SlackAdapter implements ChatPort {
  readonly platform = 'slack' as const;
  private readonly app: BoltApp;
  private readonly people: SlackPeople;
  private server: Server | undefined;
  private receiver: SocketModeReceiver | undefined;
  private httpReceiver: HTTPReceiver | undefined;
  /** One warning a minute for refused HTTP requests (bad signature, stale or future timestamp), with a count. */
  private readonly refusals: WarningThrottle;
  /** With OAuth: Bolt's installer, which finds (and refreshes) each workspace's token. */
  private readonly installer: InstallProvider | undefined;
  private readonly leaver: WorkspaceLeaver;

  constructor(private readonly o: SlackAdapterOptions) {
    const { config, log } = o;
    const clientOptions = {
      slackApiUrl: config.apiUrl,
      retryConfig: { retries: o.retries ?? 3, factor: 2, minTimeout: 1000, maxTimeout: 20_000 },
    };
    const slackLog = log.child({ platform: 'slack' });
    const logger = boltLogger(slackLog);
    this.refusals = new WarningThrottle((reason, suppressed) =>
      slackLog.warn({ suppressed }, `Slack HTTP request refused: ${reason} (refusals are logged at most once a minute; "suppressed" counts those not logged since the last line)`),
    );
    // deferInitialization: otherwise Bolt checks the token from the constructor, and a refused token becomes an
    // unhandled rejection that kills the process with a stack instead of the message start() gives.
    // With OAuth there is no app-wide token: Bolt authorizes each delivery from the installation store.
    const common = { ...(config.botToken ? { token: config.botToken } : {}), logger, clientOptions, deferInitialization: true };
    this.leaver = workspaceLeaver({
      log: slackLog,
      ...(o.workspaces ? { workspaces: o.workspaces } : {}),
      ...(o.installations ? { installations: o.installations } : {}),
      retentionMs: o.retentionMs ?? 30 * 86_400_000,
      now: o.now ?? Date.now,
    });
    if (config.mode === 'socket') {
      // Built here rather than by Bolt so its connection state can be read for /healthz.
      this.receiver = new SocketModeReceiver({ appToken: config.appToken!, logger, installerOptions: { clientOptions } });
      this.app = new App({ ...common, receiver: this.receiver });
    } else {
      // Built here so our own server can stand in front of it (timestamp window both ways, time limits) and so
      // the verified signature reaches the delivery guard. Its warnings are one per refused request: throttled.
      this.httpReceiver = new HTTPReceiver({
        signingSecret: config.signingSecret!,
        logger: boltLogger(slackLog, { warn: (line) => this.refusals.note(line) }),
        customPropertiesExtractor: (req) => ({ [SIGNATURE_PROPERTY]: String(req.headers['x-slack-signature'] ?? '') }),
        ...(config.oauth
          ? slackOAuthReceiverOptions({
              oauth: config.oauth,
              installations: mustHave(o.installations, 'installations'),
              receipts: o.receipts,
              clientOptions,
              log: slackLog,
              onInstalled: (installation) => this.leaver.installed(installation),
              ...(o.now ? { now: o.now } : {}),
            })
          : {}),
      });
      this.installer = this.httpReceiver.installer;
      this.app = new App({ ...common, receiver: this.httpReceiver });
    }
    // Its own client for users.info: a click is timed after the lookup, so a rate-limited or slow lookup must fail
    // fast (the person counts as a member) instead of waiting out Retry-After, and web-api pauses a client's whole
    // queue on a 429, which would also hold quiz questions and daily posts.
    const lookups = new webApi.WebClient(config.botToken ?? undefined, {
      slackApiUrl: config.apiUrl,
      logger,
      retryConfig: { retries: 0 },
      rejectRateLimitedCalls: true,
      timeout: 1500,
    });
    const admins: AdminsOf = async (team) => {
      try {
        return [...config.adminUsers, ...((await o.workspaces?.settings(`slack:${team}`))?.adminUsers ?? [])];
      } catch (err) {
        // The environment's list still holds; the workspace's own is back when the database is.
        slackLog.warn({ err, team }, 'could not read the workspace’s admins; using SLACK_ADMIN_USERS only');
        return config.adminUsers;
      }
    };
    this.people = new SlackPeople(lookups, admins, log, Date.now, async (team) => (this.installer ? installedToken(this.installer, team) : undefined));
    this.wire();
  }

  /** Checks the token, then connects (Socket Mode) or listens (HTTP mode). */
  async start(): Promise<void> {
    try {
      // With OAuth there is no token to check until a workspace installs the app.
      if (!this.installer) await this.app.client.auth.test();
      await this.app.init();
    } catch (err) {
      // Only Slack's own error codes name a fix here; an HTTP status at start means the URL or network, not a channel.
      const verdict = classifyPostError('slack', err);
      const known = (err as { code?: string }).code === 'slack_webapi_platform_error' && verdict.fix;
      throw new Error(known ? `Slack start failed: ${verdict.fix}` : `Slack start failed: ${String((err as Error).message)}`);
    }
    if (this.httpReceiver) {
      this.server = await startSlackHttpServer({
        listener: this.httpReceiver.requestListener,
        port: this.o.port ?? this.o.config.port,
        refused: (reason) => this.refusals.note(reason),
        ...(this.o.httpTimeouts ? { headersTimeoutMs: this.o.httpTimeouts.headersMs, requestTimeoutMs: this.o.httpTimeouts.requestMs } : {}),
      });
    } else {
      await this.app.start();
    }
    this.o.log.info({ platform: 'slack', mode: this.o.config.mode, oauth: Boolean(this.installer) }, this.installer ? 'Slack listening; workspaces install the app at /slack/install' : 'Slack connected');
  }

  /** The port HTTP mode listens on. */
  get httpPort(): number | undefined {
    return (this.server?.address() as AddressInfo | null)?.port;
  }

  async stop(): Promise<void> {
    if (!this.httpReceiver) {
      await this.app.stop();
      return;
    }
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeIdleConnections();
    });
  }

  /** For /healthz: the Socket Mode WebSocket is open, or the HTTP server is listening. */
  health(): HealthSource {
    return {
      name: 'slack',
      healthy: () => (this.receiver ? this.receiver.client.websocket?.isActive() === true : this.server?.listening === true),
    };
  }

  async post(channel: string, reply: Reply): Promise<MessageRef> {
    try {
      // unfurl_links off: a daily post or quiz should not grow link previews; link_names is never set.
      const token = await this.tokenOf(channel);
      const r = await this.app.client.chat.postMessage({ ...token, channel: slackChannel(channel), ...this.render(reply), unfurl_links: false });
      await this.upload(imagesOf(reply), { channel: slackChannel(channel), ...token });
      return { platform: 'slack', channel, id: String(r.ts) };
    } catch (err) {
      throw translate(err, channel);
    }
  }

  /**
   * Shares images through Slack's file-upload flow (files.getUploadURLExternal → the returned upload URL →
   * files.completeUploadExternal with the channel and alt text; web-api's filesUploadV2 does the three steps). The
   * text reply has gone or goes anyway, so a refusal (bot not in the channel, no `files:write`) is logged and
   * answered with false, never thrown. True when every image was shared.
   */
  private async upload(images: ImageBlock[], where: { channel: string; threadTs?: string; token?: string }): Promise<boolean> {
    let all = true;
    for (const image of images) {
      try {
        const file = { file: image.png, filename: image.fileName, title: image.alt.length > 250 ? `${image.alt.slice(0, 249)}…` : image.alt, alt_text: image.alt };
        const token = where.token ? { token: where.token } : {};
        await this.app.client.filesUploadV2(where.threadTs ? { ...file, ...token, channel_id: where.channel, thread_ts: where.threadTs } : { ...file, ...token, channel_id: where.channel });
      } catch (err) {
        all = false;
        const verdict = classifyPostError('slack', err);
        this.o.log.warn({ platform: 'slack', channel: where.channel, file: image.fileName, error: verdict.code ?? String((err as Error).message), fix: verdict.fix }, 'chart upload refused; the text reply went without it');
      }
    }
    return all;
  }

  /**
   * Images of a reply only one person should see: Slack cannot attach a file to an ephemeral message, and a file
   * shared in the channel would show everyone, so they go to the person's direct message with the app. Resolves
   * with the reply to send ephemerally: its text, plus a line saying where the picture went when it got there.
   */
  private async privately(reply: Reply, user: string): Promise<Reply> {
    const images = imagesOf(reply);
    if (images.length === 0) return reply;
    let sent = false;
    try {
      const dm = await this.app.client.conversations.open({ users: user });
      if (dm.channel?.id) sent = await this.upload(images, { channel: dm.channel.id });
    } catch (err) {
      const verdict = classifyPostError('slack', err);
      this.o.log.warn({ platform: 'slack', error: verdict.code ?? String((err as Error).message), fix: verdict.fix }, 'could not open a direct message for a private chart; the text reply went without it');
    }
    const text = withoutImages(reply);
    return sent ? { ...text, blocks: [...text.blocks, { type: 'note', text: 'The chart is in your direct messages with the bot.' }] } : text;
  }

  async update(ref: MessageRef, reply: Reply): Promise<void> {
    try {
      await this.app.client.chat.update({ ...(await this.tokenOf(ref.channel)), channel: slackChannel(ref.channel), ts: ref.id, ...this.render(reply) });
    } catch (err) {
      throw translate(err, ref.channel);
    }
  }

  /** A DM from the app: conversations.open gives the app's DM channel with the person, then chat.postMessage. */
  async dm(person: string, reply: Reply): Promise<void> {
    const [platform, , user] = person.split(':');
    if (platform !== 'slack' || !user) throw new Error(`not a Slack person id: ${person}`);
    try {
      // With OAuth, the person's own workspace's token (their id carries the workspace, as a channel id does).
      const token = await this.tokenOf(person);
      const opened = await this.app.client.conversations.open({ ...token, users: user });
      const channel = opened.channel?.id;
      if (!channel) throw new Error('Slack opened no DM channel');
      await this.app.client.chat.postMessage({ ...token, channel, ...this.render(reply), unfurl_links: false });
    } catch (err) {
      throw translate(err, person);
    }
  }

  /**
   * With OAuth, the token of the workspace the channel belongs to (its installation's, refreshed when due), so a
   * post never goes out under another workspace's token; a workspace that removed the app has none and the post
   * fails permanently. Without OAuth, nothing: the app's one token is used.
   */
  private async tokenOf(channel: string): Promise<{ token?: string }> {
    if (!this.installer) return {};
    const team = parseChannelId(channel).workspace!;
    try {
      return { token: await installedToken(this.installer, team) };
    } catch {
      throw new PermanentPostError(`no Slack installation for workspace ${team}`, 'The app is not installed in this workspace any more: install it again from /slack/install, then turn the daily post back on.');
    }
  }

  private get umbrella(): string {
    return this.o.config.command ?? DEFAULT_SLACK_COMMAND;
  }

  /** Block Kit, with commands named as they are typed on Slack (`/study quiz start`, see slack-commands.ts). */
  private render(reply: Reply) {
    return renderBlockKit(withSlackCommandNames(reply, this.umbrella, this.o.router.commandNames()));
  }

  /**
   * A command's or a click's reply through its response_url (which works in channels the bot was never invited
   * to, and can be ephemeral; `replace_original: false` keeps a clicked message as it was). A channel reply's images
   * are shared in the channel after the text, a private reply's go to the person's direct message first.
   */
  private async answer(reply: Reply, respond: (m: Record<string, unknown>) => Promise<unknown>, user: string, channel: string): Promise<void> {
    if (reply.visibility === 'channel') {
      await respond({ ...this.render(reply), response_type: 'in_channel', replace_original: false });
      await this.upload(imagesOf(reply), { channel });
      return;
    }
    const shown = await this.privately(reply, user);
    await respond({ ...this.render(shown), response_type: 'ephemeral', replace_original: false });
  }

  /**
   * A Home tab button: run it as from the person's direct message with the app, and answer there (text first,
   * then any chart), since a view has no channel to reply in and no response_url.
   */
  private async fromHome(team: string, user: string, id: string): Promise<void> {
    const dm = await this.app.client.conversations.open({ users: user });
    const dmId = dm.channel?.id;
    if (!dmId) return;
    const channel = formatChannelId({ platform: 'slack', workspace: team, channel: dmId });
    const speaker = await this.speaker(team, user);
    const reply = await this.o.router.click({ id, speaker, channel, platform: 'slack' });
    await this.app.client.chat.postMessage({ channel: dmId, ...this.render(reply), unfurl_links: false });
    await this.upload(imagesOf(reply), { channel: dmId });
  }

  private speaker(team: string, user: string, fallbackName?: string): Promise<Speaker> {
    return this.people.speaker(team, user, fallbackName);
  }

  private wire(): void {
    const { app, o } = this;
    app.error(async (err) => {
      o.log.error({ err, platform: 'slack' }, 'Slack handler failed');
      o.metrics?.error('adapter');
    });
    app.use(deliveryGuard({ receipts: o.receipts, isBot: (user, team) => this.people.isBot(user, team), allowedBots: o.config.allowedBots ?? [], log: o.log }));
    // A workspace served by an org-wide install: remember its org, so daily posts (which know only the team) find the token.
    app.use(async ({ context, next }) => {
      if (context.isEnterpriseInstall && context.teamId && context.enterpriseId) await this.leaver.seenInOrg(context.teamId, context.enterpriseId);
      await next();
    });

    // Bolt skips authorization for these two (the token may be gone already); they arrive once per workspace.
    app.event('app_uninstalled', async ({ body, context }) => {
      await this.leaver.left({ teamId: context.teamId ?? (body as { team_id?: string }).team_id, enterpriseId: context.enterpriseId, orgWide: Boolean(context.isEnterpriseInstall) }, 'app_uninstalled');
    });
    app.event('tokens_revoked', async ({ event, body, context }) => {
      // Only the bot's tokens matter: this bot asks for no user scopes, so it keeps no user tokens.
      if ((event.tokens.bot ?? []).length === 0) return;
      await this.leaver.left({ teamId: context.teamId ?? (body as { team_id?: string }).team_id, enterpriseId: context.enterpriseId, orgWide: Boolean(context.isEnterpriseInstall) }, 'tokens_revoked');
    });

    app.command(/.*/, async ({ command, ack, respond }) => {
      await ack();
      const channel = formatChannelId({ platform: 'slack', workspace: command.team_id, channel: command.channel_id });
      const speaker = await this.speaker(command.team_id, command.user_id, command.user_name);
      const { name, args } = parseSlackCommand(command.command, command.text ?? '', this.umbrella);
      const reply = await o.router.run(name, unescapeSlack(args), { speaker, channel, platform: 'slack' });
      await this.answer(reply, respond, command.user_id, command.channel_id);
    });

    app.action(/.*/, async ({ body, action, ack, respond }) => {
      await ack();
      // Only buttons are ever posted; anything else (a stale menu) is ignored.
      const button = action as { type: string; action_id?: string };
      if (body.type !== 'block_actions' || button.type !== 'button' || !button.action_id) return;
      const team = body.team?.id ?? body.user.team_id ?? 'T';
      const channelId = body.container?.channel_id ?? body.channel?.id;
      if (!channelId) {
        // A button in the App Home tab: a view, no channel to answer in; the answer goes to the person's DM.
        if (body.view?.type === 'home') await this.fromHome(team, body.user.id, button.action_id);
        return;
      }
      const channel = formatChannelId({ platform: 'slack', workspace: team, channel: channelId });
      const ts: string | undefined = body.container?.message_ts ?? body.message?.ts;
      const speaker = await this.speaker(team, body.user.id, body.user.name ?? body.user.username);
      const reply = await o.router.click({
        id: button.action_id,
        speaker,
        channel,
        platform: 'slack',
        ...(ts ? { message: { platform: 'slack', channel, id: ts } } : {}),
      });
      await this.answer(reply, respond, body.user.id, channelId);
    });

    // The App Home tab (manifest: app_home.home_tab_enabled, event app_home_opened): published on every opening,
    // so it shows the person's current stats.
    app.event('app_home_opened', async ({ event, body }) => {
      if (event.tab !== 'home') return;
      const team = (body as { team_id?: string }).team_id ?? 'T';
      const speaker = await this.speaker(team, event.user);
      const channel = formatChannelId({ platform: 'slack', workspace: team, channel: event.channel ?? `home-${event.user}` });
      const home = withoutImages(await o.router.click({ id: 'home:view', speaker, channel, platform: 'slack' }));
      await app.client.views.publish({ user_id: event.user, view: { type: 'home', blocks: this.render(home).blocks as never } });
    });

    // Events are acked by Bolt before this runs.
    app.event('app_mention', async ({ event, body, client }) => {
      const team = (body as { team_id?: string }).team_id ?? 'T';
      const user = event.user;
      if (!user) return;
      const channel = formatChannelId({ platform: 'slack', workspace: team, channel: event.channel });
      const text = unescapeSlack(event.text.replace(/<@[A-Z0-9]+(?:\|[^>]*)?>/g, ' ')).trim();
      const speaker = await this.speaker(team, user);
      const reply = await o.router.handle({ text, speaker, channel, platform: 'slack' });
      // The listener's client carries the token Bolt authorized this delivery with: this workspace's own.
      if (reply.visibility === 'channel') {
        const message = { channel: event.channel, ...this.render(reply), ...(event.thread_ts ? { thread_ts: event.thread_ts } : {}) };
        await client.chat.postMessage({ ...message, unfurl_links: false });
        await this.upload(imagesOf(reply), { channel: event.channel, ...(event.thread_ts ? { threadTs: event.thread_ts } : {}), ...(client.token ? { token: client.token } : {}) });
      } else {
        const shown = await this.privately(reply, user);
        await client.chat.postEphemeral({ channel: event.channel, ...this.render(shown), ...(event.thread_ts ? { thread_ts: event.thread_ts } : {}), user });
      }
    });
  }
}

function mustHave<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`SlackAdapter with OAuth needs ${what}`);
  return value;
}
