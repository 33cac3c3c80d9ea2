import { once } from 'node:events';
import {
  Client,
  DiscordAPIError,
  Events,
  GatewayIntentBits,
  MessageFlags,
  PermissionFlagsBits,
  Routes,
  Status,
  type AutocompleteInteraction,
  type ButtonInteraction,
  type ChatInputCommandInteraction,
  type GuildMember,
  type Interaction,
  type Guild,
  type Message,
  type User,
} from 'discord.js';
import type { DiscordConfig } from '../config.js';
import { formatChannelId, parseChannelId } from '../core/channel-id.js';
import { PermanentPostError, type ChatPort, type MessageRef } from '../core/chat-port.js';
import { classifyPostError } from '../core/post-errors.js';
import type { CommandRouter } from '../core/command-router.js';
import type { Speaker } from '../core/command.js';
import type { Services } from '../services.js';
import type { Logger } from '../core/logger.js';
import { imagesOf, withoutImages, type Reply } from '../core/reply.js';
import type { HealthSource } from '../ops/health.js';
import { argsFromOptions } from './command-definitions.js';
import { conceptChoices } from './concept-choices.js';
import { discordFiles, renderDiscord } from './render-discord.js';
import type { WorkspaceStore } from '../workspaces/workspace-store.js';

export interface DiscordAdapterOptions {
  config: DiscordConfig;
  router: CommandRouter;
  /** For the command list and concept autocomplete. */
  services: Services;
  log: Logger;
  /**
   * How long to wait for a reply before deferring. Discord drops an interaction not answered in 3 s; most replies
   * take milliseconds, and answering directly lets a private reply be ephemeral and a channel reply public,
   * which a deferral would have to guess in advance.
   */
  deferAfterMs?: number;
  /** How long start() waits for the gateway's READY before giving up with a message. */
  readyTimeoutMs?: number;
  /** Leaving a server (guildDelete) stops its posts and quizzes; without it (tests of other things) it is only logged. */
  workspaces?: WorkspaceStore;
  /** How long a server's study data is kept after the bot leaves it (ms); default 30 days. */
  retentionMs?: number;
  /** Epoch ms; tests pass a fake clock. */
  now?: () => number;
}

/** A refusal the error table (core/post-errors.ts) calls permanent becomes PermanentPostError; anything else passes through. */
function translate(err: unknown, channel: string): unknown {
  const verdict = classifyPostError('discord', err);
  if (verdict.kind !== 'permanent') return err;
  return new PermanentPostError(`Discord refused to post in ${channel}: ${verdict.code} ${err instanceof Error ? err.message : String(err)}`, verdict.fix!);
}

/** `discord:G…:C…` → the Discord channel id. */
function discordChannel(channel: string): string {
  const parts = parseChannelId(channel);
  if (parts.platform !== 'discord') throw new Error(`not a Discord channel id: ${channel}`);
  return parts.channel;
}

/**
 * A rendered reply as discord.js takes it, its images as attached files; mentions never ping, whatever the text
 * says. `files: false` leaves the images out (and the embed's picture with them): the fallback when Discord
 * refused the files.
 */
function payload(reply: Reply, { files = true } = {}) {
  const m = renderDiscord(files ? reply : withoutImages(reply));
  const attached = files ? discordFiles(reply).map((f) => ({ attachment: f.data, name: f.name, description: f.description })) : [];
  return { ...(m.content ? { content: m.content } : {}), embeds: m.embeds, components: m.components, allowedMentions: { parse: [] }, ...(attached.length ? { files: attached } : {}) };
}

/**
 * Discord through discord.js: slash commands, buttons, concept autocomplete and mentions go to the router;
 * replies become an embed plus buttons. Private replies are ephemeral.
 */
export class DiscordAdapter implements ChatPort {
  readonly platform = 'discord' as const;
  readonly client: Client;
  // discord.js still reports Ready after destroy().
  private stopped = false;

  constructor(private readonly o: DiscordAdapterOptions) {
    this.client = new Client({
      // GuildMessages brings messages that mention the bot; their text needs no privileged intent.
      intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages],
      rest: { api: o.config.apiUrl },
      allowedMentions: { parse: [] },
      // Several replicas split the gateway: each connects only its shards; REST posts work from any of them.
      ...(o.config.shards === 'auto' ? { shards: 'auto' as const } : o.config.shards ? { shards: o.config.shards.ids, shardCount: o.config.shards.count } : {}),
    });
    this.client.on(Events.InteractionCreate, (i) => void this.onInteraction(i));
    this.client.on(Events.MessageCreate, (m) => void this.onMessage(m));
    this.client.on(Events.GuildDelete, (g) => void this.onGuildDelete(g));
    this.client.on(Events.GuildCreate, (g) => void this.onGuildCreate(g));
    this.client.on(Events.Error, (err) => {
      o.log.error({ err, platform: 'discord' }, 'Discord client error');
      o.services.metrics?.error('adapter');
    });
  }

  async start(): Promise<void> {
    // Bounded: a gateway that never says READY would otherwise hang start-up (login waits for it too) with no word
    // of why.
    const readyTimeoutMs = this.o.readyTimeoutMs ?? 60_000;
    const ready = once(this.client, Events.ClientReady);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), readyTimeoutMs)));
    try {
      const first = await Promise.race([this.client.login(this.o.config.token).then(() => ready), timeout]);
      if (first === 'timeout') {
        await this.stop();
        throw new Error(`Discord start failed: the gateway did not report ready within ${readyTimeoutMs / 1000} s. Check the network to Discord (or DISCORD_API_URL).`);
      }
    } catch (err) {
      if (err instanceof Error && err.message.startsWith('Discord start failed')) throw err;
      const status = err instanceof DiscordAPIError ? err.status : undefined;
      const invalid = status === 401 || (err as { code?: string }).code === 'TokenInvalid';
      throw new Error(invalid ? 'Discord refused DISCORD_TOKEN: reset the token on the Developer Portal Bot page and update it.' : `Discord start failed: ${(err as Error).message}`);
    } finally {
      clearTimeout(timer);
    }
    this.o.log.info({ platform: 'discord', user: this.client.user?.tag }, 'Discord connected');
  }

  async stop(): Promise<void> {
    this.stopped = true;
    // discord.js's destroy() can wait forever on a gateway that never became ready; two seconds is plenty otherwise.
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([this.client.destroy(), new Promise<void>((resolve) => (timer = setTimeout(resolve, 2000)))]);
    clearTimeout(timer);
  }

  /** For /healthz: the gateway connection is up (discord.js reconnects by itself; a long outage shows here). */
  health(): HealthSource {
    return { name: 'discord', healthy: () => !this.stopped && this.client.ws.status === Status.Ready };
  }

  /**
   * For /healthz with DISCORD_SHARD_IDS: one check per shard this process holds (`discord shard 2`, detail
   * `2 of 8`), so an operator sees which shard is down. Empty when sharding is not configured.
   */
  shardHealth(): HealthSource[] {
    const shards = this.o.config.shards;
    if (!shards) return [];
    if (shards === 'auto') {
      // The count is Discord's, known once connected: one check over every shard the client holds.
      return [{ name: 'discord shards', detail: 'auto', healthy: () => !this.stopped && this.client.ws.shards.size > 0 && this.client.ws.shards.every((s) => s.status === Status.Ready) }];
    }
    return shards.ids.map((id) => ({
      name: `discord shard ${id}`,
      detail: `${id} of ${shards.count}`,
      healthy: () => !this.stopped && this.client.ws.shards.get(id)?.status === Status.Ready,
    }));
  }

  async post(channel: string, reply: Reply): Promise<MessageRef> {
    try {
      // Straight to REST: works for channels not in the cache, and the body carries allowed_mentions itself.
      const route = Routes.channelMessages(discordChannel(channel));
      const files = discordFiles(reply);
      let msg: { id: string };
      try {
        msg = (await this.client.rest.post(route, { body: renderDiscord(reply), ...(files.length ? { files } : {}) })) as { id: string };
      } catch (err) {
        if (!files.length) throw err;
        // Missing Attach Files, or a file too large: the text still goes.
        this.imageRefused(err, channel);
        msg = (await this.client.rest.post(route, { body: renderDiscord(withoutImages(reply)) })) as { id: string };
      }
      return { platform: 'discord', channel, id: msg.id };
    } catch (err) {
      throw translate(err, channel);
    }
  }

  async update(ref: MessageRef, reply: Reply): Promise<void> {
    try {
      // An edit keeps the message's attachments as posted; only its text and buttons change.
      await this.client.rest.patch(Routes.channelMessage(discordChannel(ref.channel), ref.id), { body: renderDiscord(withoutImages(reply)) });
    } catch (err) {
      throw translate(err, ref.channel);
    }
  }

  /** A DM: Discord's DM channel with the person (POST /users/@me/channels), then a message there. */
  async dm(person: string, reply: Reply): Promise<void> {
    const [platform, user] = person.split(':');
    if (platform !== 'discord' || !user || !/^\d+$/.test(user)) throw new Error(`not a Discord person id: ${person}`);
    try {
      const channel = (await this.client.rest.post(Routes.userChannels(), { body: { recipient_id: user } })) as { id: string };
      await this.client.rest.post(Routes.channelMessages(channel.id), { body: renderDiscord(reply) });
    } catch (err) {
      throw translate(err, person);
    }
  }

  /** Discord refused a message because of its files: logged with the fix, and the text is sent without them. */
  private imageRefused(err: unknown, channel: string): void {
    this.o.log.warn({ platform: 'discord', channel, error: err instanceof Error ? err.message : String(err) }, 'Discord refused the chart image (the bot may need Attach Files here); the text reply went without it');
  }

  /** Sends with images; if Discord refuses that, logs and sends the text alone. */
  private async withImageFallback(reply: Reply, channel: string, send: (p: ReturnType<typeof payload>) => Promise<unknown>): Promise<void> {
    if (imagesOf(reply).length === 0) {
      await send(payload(reply));
      return;
    }
    try {
      await send(payload(reply));
    } catch (err) {
      this.imageRefused(err, channel);
      await send(payload(reply, { files: false }));
    }
  }

  private speaker(user: User, member: GuildMember | null | undefined, canManage: boolean): Speaker {
    return { id: `discord:${user.id}`, name: member?.displayName ?? user.globalName ?? user.username, canManage };
  }

  /** Is this person among the server's `/settings admins`? A failed read counts as no: they are then a member. */
  private async listedAdmin(guildId: string | null, userId: string): Promise<boolean> {
    if (!guildId || !this.o.workspaces) return false;
    try {
      return ((await this.o.workspaces.settings(`discord:${guildId}`))?.adminUsers ?? []).includes(userId);
    } catch (err) {
      this.o.log.warn({ err, platform: 'discord', guild: guildId }, 'could not read the server’s admins; treating the person as a member');
      return false;
    }
  }

  private channelOf(guildId: string | null, channelId: string): string {
    return formatChannelId({ platform: 'discord', workspace: guildId ?? 'DM', channel: channelId });
  }

  private async onInteraction(i: Interaction): Promise<void> {
    try {
      if (i.isAutocomplete()) await this.onAutocomplete(i);
      else if (i.isChatInputCommand()) await this.onCommand(i);
      else if (i.isButton()) await this.onButton(i);
    } catch (err) {
      this.o.log.error({ err, platform: 'discord' }, 'Discord interaction failed');
      this.o.services.metrics?.error('adapter');
    }
  }

  private async onCommand(i: ChatInputCommandInteraction): Promise<void> {
    const values = new Map(i.options.data.map((opt) => [opt.name, opt.value ?? '']));
    const command = this.o.services.commands.find((c) => c.name === i.commandName);
    // Discord computes the member's permissions in this channel (roles and overwrites) and sends them along.
    const canManage = (i.memberPermissions?.has(PermissionFlagsBits.ManageChannels) ?? false) || (await this.listedAdmin(i.guildId, i.user.id));
    const work = this.o.router.run(i.commandName, argsFromOptions(command, values), {
      speaker: this.speaker(i.user, i.member as GuildMember | null, canManage),
      channel: this.channelOf(i.guildId, i.channelId),
      platform: 'discord',
    });
    await this.answer(i, work);
  }

  private async onButton(i: ButtonInteraction): Promise<void> {
    const canManage = (i.memberPermissions?.has(PermissionFlagsBits.ManageChannels) ?? false) || (await this.listedAdmin(i.guildId, i.user.id));
    const channel = this.channelOf(i.guildId, i.channelId);
    const work = this.o.router.click({
      id: i.customId,
      speaker: this.speaker(i.user, i.member as GuildMember | null, canManage),
      channel,
      platform: 'discord',
      message: { platform: 'discord', channel, id: i.message.id },
    });
    await this.answer(i, work);
  }

  private async onAutocomplete(i: AutocompleteInteraction): Promise<void> {
    const focused = i.options.getFocused(true);
    const command = this.o.services.commands.find((c) => c.name === i.commandName);
    const wantsConcepts = command?.options.some((o) => o.name === focused.name && o.autocomplete === 'concept');
    const { library, search } = this.o.services;
    await i.respond(wantsConcepts ? conceptChoices(library, search, String(focused.value)) : []);
  }

  /** Replies directly when the work is quick; otherwise defers (privately) and edits or follows up. */
  private async answer(i: ChatInputCommandInteraction | ButtonInteraction, work: Promise<Reply>): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<'late'>((resolve) => {
      timer = setTimeout(() => resolve('late'), this.o.deferAfterMs ?? 1500);
    });
    const first = await Promise.race([work, late]);
    clearTimeout(timer);
    const channel = this.channelOf(i.guildId, i.channelId);
    if (first !== 'late') {
      await this.withImageFallback(first, channel, (p) => i.reply({ ...p, ...(first.visibility === 'private' ? { flags: MessageFlags.Ephemeral as const } : {}) }));
      return;
    }
    await i.deferReply({ flags: MessageFlags.Ephemeral });
    const reply = await work;
    if (reply.visibility === 'private') {
      await this.withImageFallback(reply, channel, (p) => i.editReply(p));
    } else {
      // The deferral was private; the answer is for everyone, so it goes out as a follow-up.
      await i.editReply({ content: 'Posted for everyone below.', embeds: [], components: [] });
      await this.withImageFallback(reply, channel, (p) => i.followUp(p));
    }
  }

  /**
   * The bot was removed from a server (kicked, or the server deleted). An outage (GUILD_DELETE with
   * `unavailable: true`) is not this: discord.js reports it as guildUnavailable, and the server stays ours.
   */
  private async onGuildDelete(g: Guild): Promise<void> {
    try {
      const gone = await this.o.workspaces?.leave(`discord:${g.id}`, (this.o.now ?? Date.now)(), this.o.retentionMs ?? 30 * 86_400_000);
      this.o.log.info({ platform: 'discord', guild: g.id, ...gone, purgeAfter: gone ? new Date(gone.purgeAfter).toISOString() : undefined }, 'left a Discord server: its daily posts and quizzes stopped');
    } catch (err) {
      this.o.log.error({ err, platform: 'discord', guild: g.id }, 'could not stop the posts of a Discord server the bot left');
      this.o.services.metrics?.error('adapter');
    }
  }

  /** Added to a server (again): a pending purge of its data is called off. */
  private async onGuildCreate(g: Guild): Promise<void> {
    try {
      if (await this.o.workspaces?.rejoin(`discord:${g.id}`)) this.o.log.info({ platform: 'discord', guild: g.id }, 'back in a Discord server before its data was purged: kept');
    } catch (err) {
      this.o.log.error({ err, platform: 'discord', guild: g.id }, 'could not call off the purge of a Discord server');
    }
  }

  private async onMessage(m: Message): Promise<void> {
    const me = this.client.user;
    // Named in the text, not merely replied to: Discord lists the author of a replied-to message in `mentions`
    // (replies ping by default), and "thanks!" under a daily post is not a question for the bot.
    if (!me || m.author.bot || !m.mentions.users.has(me.id) || !new RegExp(`<@!?${me.id}>`).test(m.content)) return;
    try {
      const text = m.content.replace(/<@!?\d+>/g, ' ').trim();
      let canManage = false;
      try {
        canManage = m.inGuild() && !!m.member?.permissionsIn(m.channelId).has(PermissionFlagsBits.ManageChannels);
      } catch {
        // Roles not cached: treat as a member.
      }
      canManage ||= await this.listedAdmin(m.guildId, m.author.id);
      const reply = await this.o.router.handle({
        text,
        speaker: this.speaker(m.author, m.member, canManage),
        channel: this.channelOf(m.guildId, m.channelId),
        platform: 'discord',
      });
      // A message cannot be ephemeral: a mention is a question asked in public, so it is answered as a reply.
      await this.withImageFallback(reply, this.channelOf(m.guildId, m.channelId), (p) => m.reply({ ...p, allowedMentions: { parse: [], repliedUser: false } }));
    } catch (err) {
      this.o.log.error({ err, platform: 'discord' }, 'Discord mention failed');
      this.o.services.metrics?.error('adapter');
    }
  }
}
