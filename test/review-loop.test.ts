import { afterEach, describe, expect, it } from 'vitest';
import { buildCore, type Core } from '../src/bot-core.js';
import { loadLibrary } from '../src/content/content-loader.js';
import type { Library } from '../src/content/types.js';
import { createLogger } from '../src/core/logger.js';
import { DiscordAdapter } from '../src/discord/discord-adapter.js';
import { newCard, type ReviewCard } from '../src/review/review-card.js';
import { localDay } from '../src/review/review-queue.js';
import { grade } from '../src/review/review-scheduler.js';
import { FAKE_DISCORD, startFakeDiscord, type DiscordRequest } from './fakes/fake-discord.js';
import { FAKE_SLACK } from './fakes/fake-slack.js';
import { consoleStreams, driveConsole } from './support/console-driver.js';
import { FakeClock, seededRandom } from './support/fake-clock.js';
import { memoryStorage } from './support/storages.js';
import { quizOnSlack } from './support/quiz-on-platforms.js';
import { BUNDLED_CONTENT } from './support/test-bot.js';

const log = createLogger({ level: 'silent' });
const lib = loadLibrary(BUNDLED_CONTENT);
const MIN = 60_000;
const EPHEMERAL = 1 << 6;

/** What a person sees after a command or a click, read off whatever the platform received. */
interface Seen {
  text: string;
  /** Button ids in order. */
  buttons: string[];
  private: boolean;
}

/** One person's side of a platform: run `/review …`, click a button by id. */
interface Driver {
  person: string;
  channel: string;
  review(args?: string): Promise<Seen>;
  click(id: string): Promise<Seen>;
  stop(): Promise<void>;
}

/** A core on SQLite in memory with the bundled notes, a fake clock and five new cards a day. */
function world(clock: FakeClock) {
  const errors: unknown[] = [];
  const core = buildCore({
    storage: memoryStorage(),
    library: lib,
    clock,
    random: seededRandom(1),
    onCommandError: (err) => errors.push(err),
    onQuizError: (err) => errors.push(err),
    review: { newPerDay: 5 },
  });
  return { core, errors };
}

const answerButtons = (s: Seen) => s.buttons.filter((id) => id.startsWith('review:') && id !== 'review:next');
const questionOf = (s: Seen) => lib.questions.find((q) => q.id === answerButtons(s)[0]!.split(':')[1])!;

async function onConsole(core: Core): Promise<Driver> {
  const streams = consoleStreams();
  const c = driveConsole(core.router, streams);
  core.ports.add(streams.port);
  const seen = (l: { blocks: { type: string; text?: string; items?: string[]; buttons?: { id: string }[] }[]; visibility?: string }): Seen => ({
    text: l.blocks.map((b) => [b.text ?? '', ...(b.items ?? [])].join('\n')).join('\n'),
    buttons: l.blocks.flatMap((b) => b.buttons?.map((x) => x.id) ?? []),
    private: l.visibility === 'private',
  });
  let last: Seen | undefined;
  const review = async (args = ''): Promise<Seen> => (last = seen((await c.type(`/review ${args}`.trim())) as never));
  return {
    person: 'console:you',
    channel: 'console:main',
    review,
    // The console clicks an answer by its letter; other buttons (Next card) by running what they do.
    async click(id): Promise<Seen> {
      const i = answerButtons(last!).indexOf(id);
      return i >= 0 ? (last = seen((await c.type('ABCDE'[i]!)) as never)) : review();
    },
    stop: () => c.end(),
  };
}

async function onSlack(core: Core): Promise<Driver> {
  const { fake, stop } = await quizOnSlack(core, { U0ALICE: { name: 'alice' } });
  const next = async (send: () => Promise<unknown>): Promise<Seen> => {
    const before = fake.said.length;
    await send();
    const said = await fake.waitForSaid((s) => fake.said.indexOf(s) >= before && s.via === 'response_url');
    return { text: said.text + JSON.stringify(said.blocks), buttons: [...JSON.stringify(said.blocks).matchAll(/"action_id":"([^"]+)"/g)].map((m) => m[1]!), private: said.responseType === 'ephemeral' };
  };
  return {
    person: `slack:${FAKE_SLACK.team}:U0ALICE`,
    channel: `slack:${FAKE_SLACK.team}:C0GENERAL`,
    review: (args = '') => next(() => fake.slashCommand({ command: '/review', text: args, user: 'U0ALICE' })),
    click: (id) => next(() => fake.clickButton({ actionId: id, user: 'U0ALICE', ephemeral: true })),
    stop,
  };
}

async function onDiscord(core: Core): Promise<Driver> {
  const fake = await startFakeDiscord();
  const discord = new DiscordAdapter({ config: { token: FAKE_DISCORD.token, apiUrl: fake.apiUrl }, router: core.router, services: core.services, log });
  core.ports.add(discord);
  await discord.start();
  await fake.ready();
  type Body = { data?: { flags?: number; embeds?: unknown[]; content?: string; components?: { components: { custom_id: string }[] }[] } };
  const next = async (token: string): Promise<Seen> => {
    const r: DiscordRequest = await fake.waitForRequest((x) => x.method === 'POST' && x.path.endsWith(`/${token}/callback`));
    const data = (r.body as Body).data!;
    return {
      text: (data.content ?? '') + JSON.stringify(data.embeds ?? []),
      buttons: (data.components ?? []).flatMap((row) => row.components.map((b) => b.custom_id)),
      private: ((data.flags ?? 0) & EPHEMERAL) === EPHEMERAL,
    };
  };
  return {
    person: 'discord:400000000000000001',
    channel: `discord:${FAKE_DISCORD.guild}:${FAKE_DISCORD.channel}`,
    review: (args = '') => next(fake.slashCommand({ name: 'review', ...(args ? { options: { action: args } } : {}) })),
    click: (id) => next(fake.clickButton({ customId: id })),
    async stop() {
      await discord.stop();
      await fake.stop();
    },
  };
}

const platforms = { console: onConsole, slack: onSlack, discord: onDiscord } as const;
let stops: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const s of stops.splice(0).reverse()) await s();
});

describe.each(Object.keys(platforms) as (keyof typeof platforms)[])('/review on %s', (platform) => {
  it('reviews five cards, gets one wrong, and shows it again exactly when FSRS schedules it, on the day it says', async () => {
    const clock = FakeClock.at('2026-03-02T09:00:00Z');
    const { core, errors } = world(clock);
    const d = await platforms[platform](core);
    stops.push(d.stop);
    // The channel's daily concept follows chapters 4 and 5: those are the chapters this person has met.
    await core.storage.schedules.enable({ channel: d.channel, timeOfDay: 9 * 60, timezone: 'UTC', by: 'x', now: clock.now(), seed: 1 });
    await core.storage.schedules.setChapters(d.channel, [4, 5], 'x', clock.now());

    const none = await d.review();
    expect(none.private).toBe(true);
    const shown: string[] = [];
    let wrong: { card: ReviewCard; question: ReturnType<typeof questionOf> } | undefined;
    let card = none;
    for (let i = 0; i < 5; i++) {
      const q = questionOf(card);
      expect([4, 5]).toContain(q.chapter);
      const pick = i === 2 ? (q.answer + 1) % q.options.length : q.answer;
      const judged = await d.click(answerButtons(card)[pick]!);
      expect(judged.private).toBe(true);
      expect(judged.text).toContain(i === 2 ? 'Not quite' : 'Right');
      expect(judged.text).toContain(q.explanation.slice(0, 40));
      // Clicked the moment it was shown: replayed in ts-fsrs, the card is graded as the store graded it.
      if (i === 2) wrong = { question: q, card: grade(newCard(d.person, q.id, clock.now()), { question: q, right: false, answerMs: 0, source: 'review' }, clock.now()).card };
      shown.push(q.id);
      card = await d.click('review:next');
    }
    expect(new Set(shown).size).toBe(5);
    const stored = (await core.storage.reviews.cards(d.person)).find((c) => c.questionId === wrong!.question.id)!;
    expect(stored).toEqual(wrong!.card);
    expect(stored.due).toBe(clock.now() + MIN); // Again: ts-fsrs's first learning step

    // Five new cards were today's limit: nothing until the wrong one is due, and not a second early.
    expect(answerButtons(card)).toEqual([]);
    expect(card.text).toContain('next card is due in 1 minute');
    await clock.advance(stored.due - clock.now() - 1000);
    expect(answerButtons(await d.review())).toEqual([]);
    await clock.advance(1000);
    const back = await d.review();
    expect(questionOf(back).id).toBe(wrong!.question.id);
    await d.click(answerButtons(back)[wrong!.question.answer]!);
    const relearnt = grade(stored, { question: wrong!.question, right: true, answerMs: 0, source: 'review' }, clock.now()).card;
    expect((await core.storage.reviews.cards(d.person)).find((c) => c.questionId === wrong!.question.id)).toEqual(relearnt);

    // It comes back on the local day FSRS's due falls on: never shown the day before, shown that day.
    const day = localDay(relearnt.due, 'UTC');
    const drain = async (): Promise<string[]> => {
      const ids: string[] = [];
      for (let s = await d.review(); answerButtons(s).length > 0 && ids.length < 12; s = await d.review()) {
        const q = questionOf(s);
        ids.push(q.id);
        await d.click(answerButtons(s)[q.answer]!);
      }
      return ids;
    };
    await clock.advance(day.start - MIN - clock.now());
    expect(await drain()).not.toContain(wrong!.question.id);
    await clock.advance(2 * MIN);
    expect(await drain()).toContain(wrong!.question.id);
    expect(errors).toEqual([]);
  });
});
