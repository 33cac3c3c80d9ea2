import { afterEach, describe, expect, it } from 'vitest';
import { buildCore } from '../src/bot-core.js';
import { loadLibrary } from '../src/content/content-loader.js';
import { createLogger } from '../src/core/logger.js';
import { localDateTime } from '../src/daily/local-time.js';
import { DiscordAdapter } from '../src/discord/discord-adapter.js';
import { SlackAdapter } from '../src/slack/slack-adapter.js';
import { FAKE_DISCORD, startFakeDiscord } from './fakes/fake-discord.js';
import { FAKE_SLACK, startFakeSlack } from './fakes/fake-slack.js';
import { FakeClock, seededRandom } from './support/fake-clock.js';
import { RecordingPort } from './support/recording-port.js';
import { memoryStorage } from './support/storages.js';
import { BUNDLED_CONTENT, memoryReceipts } from './support/test-bot.js';

const log = createLogger({ level: 'silent' });
const lib = loadLibrary(BUNDLED_CONTENT);
const TEN_MIN = 10 * 60_000;
const ZONE = 'America/New_York';

let stops: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const s of stops.splice(0).reverse()) await s();
});

/** A core whose person has one card due every day (answered wrong in a quiz and never reviewed since). */
async function world(person: string, channel: string) {
  // Friday before the US spring-forward (Sunday 8 March 2026, 02:00 → 03:00 in New York).
  const clock = FakeClock.at('2026-03-06T15:00:00Z');
  const core = buildCore({ storage: memoryStorage(), library: lib, clock, random: seededRandom(1), log });
  const question = lib.questions[0]!;
  await core.services.review.countTeamAnswers([{ person, question, right: false, at: clock.now(), source: 'quiz' }]);
  const set = await core.router.run('review', `remind 08:30 ${ZONE}`, { speaker: { id: person, name: 'alice' }, channel, platform: person.split(':')[0] as 'slack' });
  expect(set.data?.reminder).toMatchObject({ time: '08:30', timezone: ZONE, nextDate: '2026-03-07' });
  return { clock, core };
}

/** Ticks every ten minutes for `days` days (from Friday 10:00 in New York), as the per-minute tick would. */
async function tickDays(w: { clock: FakeClock; core: { reminders: { tick(): Promise<unknown> } } }, days = 5): Promise<void> {
  const end = w.clock.now() + days * 24 * 60 * 60_000;
  while (w.clock.now() < end) {
    await w.clock.advance(TEN_MIN);
    await w.core.reminders.tick();
  }
}

/** The reminders' instants as New York local date and time. */
const local = (instants: number[]) => instants.map((t) => {
  const l = localDateTime(t, ZONE);
  return `${l.date} ${String(Math.floor(l.minutes / 60)).padStart(2, '0')}:${String(l.minutes % 60).padStart(2, '0')}`;
});

const EXPECTED = ['2026-03-07 08:30', '2026-03-08 08:30', '2026-03-09 08:30', '2026-03-10 08:30', '2026-03-11 08:30'];

describe('review reminders across the spring-forward change', () => {
  it('arrive once a local day at 08:30 New York time through Slack DMs (conversations.open, chat.postMessage)', async () => {
    const fake = await startFakeSlack();
    const person = `slack:${FAKE_SLACK.team}:U0ALICE`;
    const w = await world(person, `slack:${FAKE_SLACK.team}:C0GENERAL`);
    const slack = new SlackAdapter({
      config: { botToken: FAKE_SLACK.botToken, appToken: FAKE_SLACK.appToken, mode: 'socket', port: 3000, apiUrl: fake.apiUrl, adminUsers: [] },
      router: w.core.router,
      log,
      retries: 0,
      receipts: memoryReceipts(),
    });
    w.core.ports.add(slack);
    await slack.start();
    stops.push(() => fake.stop(), () => slack.stop());
    const times: number[] = [];
    const seen = fake.said.length;
    const orig = slack.dm.bind(slack);
    slack.dm = async (p, r) => {
      await orig(p, r);
      times.push(w.clock.now());
    };
    await tickDays(w);
    const dms = fake.said.slice(seen).filter((s) => s.via === 'chat.postMessage');
    expect(dms.map((s) => s.channel)).toEqual(Array(5).fill('DU0ALICE'));
    expect(dms.every((s) => s.text.includes('1 card due'))).toBe(true);
    expect(fake.calls.filter((c) => c.method === 'conversations.open').map((c) => c.args.users)).toEqual(Array(5).fill('U0ALICE'));
    // Ticks are ten minutes apart, so each reminder went out in the tick at its time: 13:30 UTC before the change, 12:30 after.
    expect(local(times)).toEqual(EXPECTED);
  });

  it('arrive once a local day through Discord DMs (the DM channel, then a message in it)', async () => {
    const fake = await startFakeDiscord();
    const person = 'discord:400000000000000001';
    const w = await world(person, `discord:${FAKE_DISCORD.guild}:${FAKE_DISCORD.channel}`);
    const discord = new DiscordAdapter({ config: { token: FAKE_DISCORD.token, apiUrl: fake.apiUrl }, router: w.core.router, services: w.core.services, log });
    w.core.ports.add(discord);
    await discord.start();
    await fake.ready();
    stops.push(() => fake.stop(), () => discord.stop());
    const sentAt: number[] = [];
    const orig = discord.dm.bind(discord);
    discord.dm = async (p, r) => {
      await orig(p, r);
      sentAt.push(w.clock.now());
    };
    await tickDays(w);
    const opened = fake.requests.filter((r) => r.method === 'POST' && r.path === '/users/@me/channels');
    expect(opened.map((r) => r.body!.recipient_id)).toEqual(Array(5).fill('400000000000000001'));
    const dmChannel = fake.dmChannels.get('400000000000000001')!;
    const messages = fake.requests.filter((r) => r.method === 'POST' && r.path === `/channels/${dmChannel}/messages`);
    expect(messages).toHaveLength(5);
    expect(JSON.stringify(messages[0]!.body)).toContain('1 card due');
    expect(local(sentAt)).toEqual(EXPECTED);
  });

  it('are never doubled by a second process ticking, and not sent to someone with nothing due', async () => {
    const person = 'console:alice';
    const w = await world(person, 'console:main');
    const port = new RecordingPort('console', w.clock);
    w.core.ports.add(port);
    // Bob has no cards: his reminder's days are handled without a message.
    await w.core.router.run('review', `remind 08:30 ${ZONE}`, { speaker: { id: 'console:bob', name: 'bob' }, channel: 'console:main', platform: 'console' });
    // Another bot process on the same database: its own core, the same storage.
    const other = buildCore({ storage: w.core.storage, library: lib, clock: w.clock, random: seededRandom(2), ports: w.core.ports, log });
    const end = w.clock.now() + 2 * 24 * 60 * 60_000;
    while (w.clock.now() < end) {
      await w.clock.advance(TEN_MIN);
      await Promise.all([w.core.reminders.tick(), other.reminders.tick()]);
    }
    expect(port.dms.map((d) => d.channel)).toEqual([person, person]);
    expect(local(port.dms.map((d) => d.at))).toEqual(EXPECTED.slice(0, 2));
    expect(await w.core.storage.reviews.reminderDay(person, '2026-03-08')).toEqual({ status: 'sent', due: 1 });
    expect(await w.core.storage.reviews.reminderDay('console:bob', '2026-03-08')).toEqual({ status: 'nothing-due', due: null });
    const off = await w.core.router.run('review', 'remind off', { speaker: { id: person, name: 'alice' }, channel: 'console:main', platform: 'console' });
    expect(off.data).toMatchObject({ changed: true });
    await tickDays(w, 1);
    expect(port.dms).toHaveLength(2);
  });
});
