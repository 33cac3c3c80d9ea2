import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../src/core/logger.js';
import { DiscordAdapter } from '../src/discord/discord-adapter.js';
import { FAKE_DISCORD, PERMISSIONS, startFakeDiscord, type DiscordRequest, type FakeDiscord } from './fakes/fake-discord.js';
import { FAKE_SLACK, type FakeSlack } from './fakes/fake-slack.js';
import { quizOnSlack } from './support/quiz-on-platforms.js';
import { quizWorld } from './support/quiz-world.js';
import { memoryReceipts } from './support/test-bot.js';

const log = createLogger({ level: 'silent' });
const EPHEMERAL = 1 << 6;
const LETTERS = ['A', 'B', 'C', 'D'];

type Embed = { title?: string; description?: string; fields?: { name: string; value: string }[]; footer?: { text: string } };
type Body = { type?: number; data?: { flags?: number; embeds?: Embed[]; content?: string }; embeds?: Embed[]; components?: { components: { custom_id: string; label?: string }[] }[] };
const bodyOf = (r: DiscordRequest) => r.body as unknown as Body;
const embedText = (b: Body) => JSON.stringify(b.embeds ?? b.data?.embeds ?? []);

describe('a whole quiz through the real discord.js against a fake Discord', () => {
  let fake: FakeDiscord;
  let discord: DiscordAdapter;
  const w = quizWorld();

  beforeAll(async () => {
    fake = await startFakeDiscord();
    discord = new DiscordAdapter({ config: { token: FAKE_DISCORD.token, apiUrl: fake.apiUrl }, router: w.router, services: w.services, log });
    w.ports.add(discord);
    await discord.start();
    await fake.ready();
  });
  afterAll(async () => {
    w.engine.shutdown();
    await discord.stop();
    await fake.stop();
  });

  const callback = async (token: string) => bodyOf(await fake.waitForRequest((r) => r.method === 'POST' && r.path.endsWith(`/${token}/callback`)));
  const bob = { id: '400000000000000002', username: 'bob', permissions: PERMISSIONS.member };
  const carol = { id: '400000000000000003', username: 'carol', permissions: PERMISSIONS.member };

  it('starts with a slash command, takes answers by button, edits the count, reveals and posts the standings', async () => {
    const started = await callback(fake.slashCommand({ name: 'quiz', options: { action: 'start', topic: 'ch4', questions: 1, seconds: 10 } }));
    expect(started.data!.flags ?? 0).toBe(0); // the start is announced to the channel
    expect(embedText(started)).toContain('1 question on Ch. 4 Training Data');

    await w.clock.advance(3000);
    const posted = await fake.waitForRequest((r) => r.method === 'POST' && r.path === `/channels/${FAKE_DISCORD.channel}/messages`);
    const buttons = bodyOf(posted).components!.flatMap((row) => row.components);
    expect(buttons.map((b) => b.label)).toEqual(LETTERS.slice(0, buttons.length));
    const running = await w.store.running(`discord:${FAKE_DISCORD.guild}:${FAKE_DISCORD.channel}`);
    const q = w.library.questions.find((x) => x.id === running!.state.questions[0]!.questionId)!;
    const right = buttons[q.answer]!.custom_id;
    const wrong = buttons[(q.answer + 1) % buttons.length]!.custom_id;

    const ack = await callback(fake.clickButton({ customId: right, user: bob }));
    expect(ack.data!.flags! & EPHEMERAL).toBe(EPHEMERAL);
    expect(embedText(ack) + (ack.data!.content ?? '')).toContain(`Got it: ${LETTERS[q.answer]}`);
    const again = await callback(fake.clickButton({ customId: wrong, user: bob }));
    expect(embedText(again) + (again.data!.content ?? '')).toContain(`You already answered ${LETTERS[q.answer]}`);
    await callback(fake.clickButton({ customId: wrong, user: carol }));

    await w.clock.advance(1000);
    const edits = () => fake.requests.filter((r) => r.method === 'PATCH' && r.path.startsWith(`/channels/${FAKE_DISCORD.channel}/messages/`));
    await fake.waitForRequest((r) => r.method === 'PATCH' && embedText(bodyOf(r)).includes('2 answered'));

    await w.clock.advance(9000);
    const reveal = await fake.waitForRequest((r) => r.method === 'POST' && r.path.endsWith('/messages') && embedText(bodyOf(r)).includes('the answer is'));
    expect(embedText(bodyOf(reveal))).toMatch(/bob \+\d+/);
    const final = await fake.waitForRequest((r) => r.method === 'POST' && r.path.endsWith('/messages') && embedText(bodyOf(r)).includes('Quiz over'));
    expect(embedText(bodyOf(final))).toMatch(/1\. bob — \d+ pts \(1\/1 right\).*2\. carol — 0 pts \(0\/1 right\)/);
    // The question's last edit closed it: no buttons left.
    expect(bodyOf(edits().at(-1)!).components ?? []).toEqual([]);
    expect(w.errors).toEqual([]);
  });
});

describe('a whole quiz through the real Bolt against a fake Slack', () => {
  let fake: FakeSlack;
  let stop: () => Promise<void>;
  const w = quizWorld();

  beforeAll(async () => ({ fake, stop } = await quizOnSlack(w, { U0ALICE: { name: 'alice' }, U0BOB: { name: 'bob' } })));
  afterAll(() => stop());

  it('starts with a slash command, takes answers by button, edits the count, reveals and posts the standings', async () => {
    await fake.slashCommand({ command: '/quiz', text: 'start ch4 1 10', user: 'U0ALICE' });
    const started = await fake.waitForSaid((s) => s.via === 'response_url');
    expect(started.responseType).toBe('in_channel');
    expect(started.text).toContain('1 question on Ch. 4 Training Data');

    await w.clock.advance(3000);
    const question = await fake.waitForSaid((s) => s.via === 'chat.postMessage');
    const ids = [...JSON.stringify(question.blocks).matchAll(/"action_id":"(quiz:[^"]+)"/g)].map((m) => m[1]!);
    expect(ids.length).toBeGreaterThanOrEqual(2);
    const running = await w.store.running(`slack:${FAKE_SLACK.team}:C0GENERAL`);
    const q = w.library.questions.find((x) => x.id === running!.state.questions[0]!.questionId)!;

    const before = fake.said.length;
    await fake.clickButton({ actionId: ids[q.answer]!, user: 'U0BOB', messageTs: question.ts! });
    const ack = await fake.waitForSaid((s) => fake.said.indexOf(s) >= before && s.via !== 'chat.update');
    expect(ack.responseType ?? 'ephemeral').toBe('ephemeral');
    expect(ack.text).toContain(`Got it: ${LETTERS[q.answer]}`);
    const before2 = fake.said.length;
    await fake.clickButton({ actionId: ids[(q.answer + 1) % ids.length]!, user: 'U0BOB', messageTs: question.ts! });
    const again = await fake.waitForSaid((s) => fake.said.indexOf(s) >= before2 && s.via !== 'chat.update');
    expect(again.text).toContain(`You already answered ${LETTERS[q.answer]}`);

    await w.clock.advance(1000);
    await fake.waitForSaid((s) => s.via === 'chat.update' && s.ts === question.ts && s.text.includes('1 answered'));
    await w.clock.advance(9000);
    const reveal = await fake.waitForSaid((s) => s.via === 'chat.postMessage' && s.text.includes('the answer is'));
    expect(reveal.text).toMatch(/bob \+\d+/);
    const final = await fake.waitForSaid((s) => s.via === 'chat.postMessage' && s.text.includes('Quiz over'));
    expect(final.text).toMatch(/1\. bob — \d+ pts \(1\/1 right\)/);
    const closed = fake.said.filter((s) => s.via === 'chat.update' && s.ts === question.ts).at(-1)!;
    expect(JSON.stringify(closed.blocks)).not.toContain('quiz:');
    expect(w.errors).toEqual([]);
  });
});
