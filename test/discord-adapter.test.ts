import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commands } from '../commands/index.js';
import { PermanentPostError } from '../src/core/chat-port.js';
import { createLogger } from '../src/core/logger.js';
import { reply, type Reply } from '../src/core/reply.js';
import { DiscordAdapter } from '../src/discord/discord-adapter.js';
import type { BotCommand, Services } from '../src/services.js';
import { FAKE_DISCORD, FAKE_USERS, startFakeDiscord, type DiscordRequest, type FakeDiscord } from './fakes/fake-discord.js';
import { testBot } from './support/test-bot.js';

const log = createLogger({ level: 'silent' });
const EPHEMERAL = 1 << 6;

/** A command that waits until the test lets it finish, to push a reply past the defer deadline without sleeping. */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((r) => (open = r));
  const cmd: BotCommand = {
    name: 'slow',
    description: 'answers when allowed',
    options: [],
    examples: [],
    run: async () => {
      await opened;
      return reply([{ type: 'text', text: 'finally' }], { visibility: 'channel' });
    },
  };
  return { cmd, open };
}

const callbackOf = (fake: FakeDiscord, token: string) => fake.waitForRequest((r) => r.method === 'POST' && r.path.endsWith(`/${token}/callback`));
type CallbackBody = { type: number; data: { flags?: number; embeds?: { title?: string; description?: string }[]; components?: { components: { custom_id: string }[] }[]; choices?: { name: string; value: string }[]; allowed_mentions?: unknown } };
const body = (r: DiscordRequest) => r.body as unknown as CallbackBody;

describe('Discord adapter against a fake Discord', () => {
  let fake: FakeDiscord;
  let discord: DiscordAdapter;
  let services: Services;
  const slow = gate();
  const seen: { id: string; canManage?: boolean }[] = [];

  beforeAll(async () => {
    fake = await startFakeDiscord();
    const who: BotCommand = { name: 'who', description: 'records the speaker', options: [], examples: [], run: ({ speaker }) => (seen.push({ id: speaker.id, canManage: speaker.canManage }), reply([{ type: 'text', text: 'ok' }])) };
    const bot = testBot(undefined, undefined, { core: { commands: [...commands, slow.cmd, who] } });
    services = bot.services;
    const router = bot.router;
    discord = new DiscordAdapter({ config: { token: FAKE_DISCORD.token, apiUrl: fake.apiUrl }, router, services, log, deferAfterMs: 200 });
    await discord.start();
    await fake.ready();
  });
  afterAll(async () => {
    slow.open();
    await discord.stop();
    await fake.stop();
  });

  it('answers a slash command privately, with a share button', async () => {
    const token = fake.slashCommand({ name: 'ask', options: { question: 'what is SMOTE?' } });
    const cb = body(await callbackOf(fake, token));
    expect(cb.type).toBe(4);
    expect(cb.data.flags! & EPHEMERAL).toBe(EPHEMERAL);
    expect(cb.data.embeds![0]!.title).toContain('SMOTE');
    expect(cb.data.components![0]!.components[0]!.custom_id).toBe('share:smote.1');
    expect(cb.data.allowed_mentions).toEqual({ parse: [] });
  });

  it('passes integer options to the command as its argument text', async () => {
    const token = fake.slashCommand({ name: 'chapter', options: { number: 2 } });
    const cb = body(await callbackOf(fake, token));
    expect(cb.data.embeds![0]!.title).toMatch(/^Chapter 2/);
  });

  it('shares an answer publicly when the share button is clicked', async () => {
    const token = fake.clickButton({ customId: 'share:smote.1' });
    const cb = body(await callbackOf(fake, token));
    expect(cb.type).toBe(4);
    expect(cb.data.flags ?? 0).toBe(0);
    expect(cb.data.embeds![0]!.description).toContain('Shared by alice');
  });

  it('defers a command that runs past the deadline, then follows up in public', async () => {
    const token = fake.slashCommand({ name: 'slow' });
    const cb = body(await callbackOf(fake, token));
    // Deferred (type 5), privately, before the work finished.
    expect(cb.type).toBe(5);
    expect(cb.data.flags! & EPHEMERAL).toBe(EPHEMERAL);
    slow.open();
    const follow = await fake.waitForRequest((r) => r.method === 'POST' && r.path.startsWith(`/webhooks/${FAKE_DISCORD.applicationId}/${token}`));
    expect(JSON.stringify(follow.body)).toContain('finally');
    expect(fake.responsesTo(token).some((r) => r.method === 'PATCH')).toBe(true);
  });

  it('offers at most 25 concept names as the person types', async () => {
    const token = fake.autocomplete({ name: 'concept', option: 'name', value: 'sam' });
    const cb = body(await callbackOf(fake, token));
    expect(cb.type).toBe(8);
    const names = cb.data.choices!.map((c) => c.value);
    expect(names).toEqual(expect.arrayContaining(['Reservoir sampling', 'Stratified sampling']));
    expect(names.length).toBeLessThanOrEqual(25);
  });

  it('answers a mention with a reply that pings nobody', async () => {
    const id = fake.mention({ content: 'what is reservoir sampling?' });
    const sent = await fake.waitForRequest((r) => r.method === 'POST' && r.path === `/channels/${FAKE_DISCORD.channel}/messages` && JSON.stringify(r.body).includes(id));
    const b = sent.body as { embeds: { title: string }[]; allowed_mentions: { parse: string[]; replied_user: boolean }; message_reference: { message_id: string } };
    expect(b.message_reference.message_id).toBe(id);
    expect(b.embeds[0]!.title).toContain('Reservoir sampling');
    expect(b.allowed_mentions).toEqual({ parse: [], replied_user: false });
  });

  it('lets only members with Manage Channels manage', async () => {
    for (const user of [FAKE_USERS.alice, FAKE_USERS.moderator]) await callbackOf(fake, fake.slashCommand({ name: 'who', user }));
    expect(seen).toEqual([
      { id: `discord:${FAKE_USERS.alice.id}`, canManage: false },
      { id: `discord:${FAKE_USERS.moderator.id}`, canManage: true },
    ]);
  });

  it('posts to a channel and edits the post through the chat port', async () => {
    const channel = `discord:${FAKE_DISCORD.guild}:${FAKE_DISCORD.channel}`;
    const ref = await discord.post(channel, reply([{ type: 'text', text: 'Daily concept for @everyone' }], { visibility: 'channel' }));
    expect(ref).toMatchObject({ platform: 'discord', channel });
    const posted = await fake.waitForRequest((r) => r.method === 'POST' && JSON.stringify(r.body).includes('Daily concept'));
    expect((posted.body as { allowed_mentions: unknown }).allowed_mentions).toEqual({ parse: [] });
    await discord.update(ref, reply([{ type: 'text', text: 'closed' }]));
    const edit = await fake.waitForRequest((r) => r.method === 'PATCH' && r.path === `/channels/${FAKE_DISCORD.channel}/messages/${ref.id}`);
    expect(JSON.stringify(edit.body)).toContain('closed');
  });

  it('turns Missing Permissions into a PermanentPostError that says how to fix it', async () => {
    fake.failNext('POST', /^\/channels\/\d+\/messages$/, 403, 50013, 'Missing Permissions');
    const err = await discord.post(`discord:${FAKE_DISCORD.guild}:${FAKE_DISCORD.channel}`, reply([{ type: 'text', text: 'x' }])).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PermanentPostError);
    expect((err as PermanentPostError).fix).toMatch(/Send Messages/);
  });

  it('waits out a 429 with Retry-After and then posts', async () => {
    fake.rateLimitNext('POST', /^\/channels\/\d+\/messages$/, 0.3);
    const started = Date.now();
    const r: Reply = reply([{ type: 'text', text: 'after the wait' }]);
    const ref = await discord.post(`discord:${FAKE_DISCORD.guild}:${FAKE_DISCORD.channel}`, r);
    expect(Date.now() - started).toBeGreaterThanOrEqual(280);
    const attempts = fake.requests.filter((q) => q.method === 'POST' && JSON.stringify(q.body).includes('after the wait'));
    expect(attempts).toHaveLength(2);
    expect(ref.id).toMatch(/^\d+$/);
  });
});

describe('Discord adapter start-up', () => {
  it('says which setting to fix when Discord refuses the token', async () => {
    const fake = await startFakeDiscord();
    const { services, router } = testBot();
    const discord = new DiscordAdapter({ config: { token: 'wrong-token-not-real', apiUrl: fake.apiUrl }, router, services, log });
    try {
      await expect(discord.start()).rejects.toThrow(/DISCORD_TOKEN/);
    } finally {
      await discord.stop();
      await fake.stop();
    }
  });
});
