import { describe, expect, it } from 'vitest';
import { PermanentPostError } from '../src/core/chat-port.js';
import { plainText } from '../src/core/reply.js';
import { answerButtonId } from '../src/daily/daily-post.js';
import { dailyWorld } from './support/daily-world.js';
import { testBot } from './support/test-bot.js';

const manager = { canManage: true };

function bot() {
  const b = testBot();
  b.clock.set('2026-03-02T08:00:00Z');
  return b;
}

describe('/daily on, off and status', () => {
  it('turns the post on at a time and timezone, and status tells when the next post is and what it is', async () => {
    const b = bot();
    const on = await b.say('alice', '/daily on 10:30 europe/berlin', manager);
    expect(on.kind).toBe('info');
    expect(on.visibility).toBe('channel');
    expect(on.data).toMatchObject({ enabled: true, time: '10:30', timezone: 'Europe/Berlin', nextDue: '2026-03-02T09:30:00.000Z', nextDate: '2026-03-02' });
    const status = await b.say('bob', '/daily status');
    expect(status.data).toMatchObject({ enabled: true, nextDue: '2026-03-02T09:30:00.000Z', next: b.services.library.concepts[0]!.id });
    expect(plainText(status)).toContain('Next post: Mon 2026-03-02 10:30 Europe/Berlin (in 1 h 30 min)');
  });

  it('on a spring-forward day says the post comes at the first minute after the gap', async () => {
    const b = bot();
    b.clock.set('2026-03-08T05:00:00Z'); // 00:00 in New York; 02:00–03:00 does not exist today
    const on = await b.say('alice', '/daily on 02:30 America/New_York', manager);
    expect(on.data).toMatchObject({ nextDue: '2026-03-08T07:00:00.000Z', nextDate: '2026-03-08' });
    expect(plainText(on)).toContain('First post Sun 2026-03-08 at 03:00');
  });

  it('uses the configured default time and timezone when none are given', async () => {
    const b = bot();
    const on = await b.say('alice', '/daily on', manager);
    expect(on.data).toMatchObject({ time: '09:00', timezone: 'UTC', nextDue: '2026-03-02T09:00:00.000Z' });
  });

  it('turns off, and status then says it is off', async () => {
    const b = bot();
    await b.say('alice', '/daily on', manager);
    const off = await b.say('alice', '/daily off', manager);
    expect(off.data).toMatchObject({ enabled: false, changed: true });
    expect((await b.say('bob', '/daily')).data).toMatchObject({ enabled: false });
  });

  it.each([
    ['25:00', /“25:00” is not a time of day/],
    ['9', /“9” is only an hour/],
    ['13pm', /“13pm” is not a time of day/],
    ['Europe/Berln', /“Europe\/Berln” is not a timezone I know/],
  ])('refuses %s with a clear message and an example', async (arg, message) => {
    const b = bot();
    const r = await b.say('alice', `/daily on ${arg}`, manager);
    expect(r.kind).toBe('error');
    expect(plainText(r)).toMatch(message);
    expect(plainText(r)).toContain('/daily on 09:00 Europe/Berlin');
    expect(b.errors).toEqual([]);
  });

  it('lets only channel managers change the schedule, while anyone may look', async () => {
    const b = bot();
    for (const cmd of ['/daily on 09:00', '/daily off', '/daily chapters 1', '/daily order shuffled']) {
      const r = await b.say('mallory', cmd);
      expect(r.kind, cmd).toBe('error');
      expect(plainText(r)).toContain('Only channel managers can change the daily concept');
    }
    expect((await b.say('mallory', '/daily status')).kind).toBe('info');
    await b.say('alice', '/daily on', manager);
    expect((await b.say('mallory', '/daily upcoming')).kind).toBe('info');
  });

  it('shows a recorded refusal and its fix in status', async () => {
    const b = bot();
    await b.say('alice', '/daily on 09:00', manager);
    const { port, scheduler } = dailyWorld({ storage: b.storage, library: b.services.library, clock: b.clock });
    port.failWith = () => new PermanentPostError('The bot is not in this channel.', 'Invite it with /invite @studybot.');
    b.clock.set('2026-03-02T09:00:00Z');
    await scheduler.tick();
    const status = await b.say('bob', '/daily status');
    expect(plainText(status)).toContain('The post for Mon 2026-03-02 was refused: The bot is not in this channel. Fix: Invite it with /invite @studybot.');
    expect(status.data).toMatchObject({ recent: [{ date: '2026-03-02', status: 'failed' }], nextDate: '2026-03-03' });
  });

  it('answers an unknown subcommand with the usage', async () => {
    const r = await bot().say('alice', '/daily sometimes');
    expect(r.kind).toBe('error');
    expect(plainText(r)).toContain('/daily has no “sometimes”');
  });
});

describe('/daily upcoming, chapters and order', () => {
  it('lists the next five concepts with their dates, wrapping into the next cycle', async () => {
    const b = bot();
    await b.say('alice', '/daily on 09:00', manager);
    const r = await b.say('bob', '/daily upcoming');
    const ids = b.services.library.concepts.map((c) => c.id);
    expect(r.data).toMatchObject({ upcoming: [0, 1, 2, 3, 4].map((i) => ids[i % ids.length]), dates: ['2026-03-02', '2026-03-03', '2026-03-04', '2026-03-05', '2026-03-06'] });
  });

  it('follows the chosen chapters only, and refuses chapters the notes do not have', async () => {
    const b = bot();
    await b.say('alice', '/daily on 09:00', manager);
    const r = await b.say('alice', '/daily chapters 2', manager);
    expect(r.data).toMatchObject({ chapters: [2] });
    const upcoming = (await b.say('bob', '/daily upcoming')).data!.upcoming as string[];
    expect(upcoming.every((id) => b.services.library.conceptById.get(id)!.chapter === 2)).toBe(true);
    const bad = await b.say('alice', '/daily chapters 1-7', manager);
    expect(plainText(bad)).toContain('There are no chapters 3–7 in the notes.');
    expect((await b.say('alice', '/daily chapters all', manager)).data).toMatchObject({ chapters: [] });
  });

  it('switches to a shuffled order', async () => {
    const b = bot();
    await b.say('alice', '/daily on 09:00', manager);
    expect((await b.say('alice', '/daily order shuffled', manager)).data).toMatchObject({ order: 'shuffled' });
    expect((await b.say('bob', '/daily status')).data).toMatchObject({ order: 'shuffled' });
    expect(plainText(await b.say('alice', '/daily order random', manager))).toContain('The order is book, shuffled or weak-first.');
  });

  it('turns weak-first on over the current order and off again with book or shuffled, saying what it does', async () => {
    const b = bot();
    await b.say('alice', '/daily on 09:00', manager);
    await b.say('alice', '/daily order shuffled', manager);
    const on = await b.say('alice', '/daily order weak-first', manager);
    expect(on.data).toEqual({ order: 'shuffled', weakFirst: true });
    expect(plainText(on)).toContain('Every concept still comes once before any repeats.');
    expect((await b.say('bob', '/daily status')).data).toMatchObject({ order: 'shuffled', weakFirst: true });
    expect(plainText(await b.say('bob', '/daily status'))).toContain('shuffled, weak-first');
    expect((await b.say('bob', '/daily order weak-first')).kind).toBe('error');
    expect((await b.say('alice', '/daily order book', manager)).data).toEqual({ order: 'book', weakFirst: false });
    expect((await b.say('bob', '/daily status')).data).toMatchObject({ order: 'book', weakFirst: false });
  });
});

describe('the post and its answer buttons', () => {
  it('/daily now posts a concept with takeaways, its source and a question, and leaves the rotation where it was', async () => {
    const b = bot();
    await b.say('alice', '/daily on 09:00', manager);
    const before = (await b.say('bob', '/daily upcoming')).data!.upcoming;
    const post = await b.say('bob', '/daily now');
    expect(post.visibility).toBe('channel');
    const text = plainText(post);
    expect(text).toMatch(/^Daily concept: /);
    expect(text).toContain('Source: Ch. ');
    expect(text).toContain('Quick check:');
    expect(post.blocks.filter((x) => x.type === 'quote').length).toBeGreaterThanOrEqual(1);
    expect((await b.say('bob', '/daily upcoming')).data!.upcoming).toEqual(before);
  });

  it('a click on the right answer says so privately with the explanation; a wrong one gives the answer', async () => {
    const b = bot();
    const q = b.services.library.questions[0]!;
    const right = await b.click('carol', answerButtonId(q, q.answer));
    expect(right.visibility).toBe('private');
    expect(right.data).toMatchObject({ correct: true });
    expect(plainText(right)).toContain(q.explanation);
    const wrongOption = (q.answer + 1) % q.options.length;
    // Someone else: carol's first answer stands (see messages-add-up.test.ts).
    const wrong = await b.click('dave', answerButtonId(q, wrongOption));
    expect(wrong.data).toMatchObject({ correct: false });
    expect(plainText(wrong)).toContain(`the answer is ${'ABCDE'[q.answer]}. ${q.options[q.answer]}`);
  });

  it('the scheduled post’s buttons prefer a question that teaches the concept posted', async () => {
    const b = bot();
    await b.say('alice', '/daily on 09:00', manager);
    const { port, scheduler } = dailyWorld({ storage: b.storage, library: b.services.library, clock: b.clock });
    b.clock.set('2026-03-02T09:00:00Z');
    await scheduler.tick();
    const post = port.posts[0]!.reply;
    const daily = post.data!.daily as { concept: string; question: string };
    const question = b.services.library.questions.find((q) => q.id === daily.question)!;
    expect(b.services.library.takeawayById.get(question.teaches)!.conceptId).toBe(daily.concept);
    const buttons = post.blocks.flatMap((x) => (x.type === 'buttons' ? x.buttons : []));
    expect(buttons.map((x) => x.id)).toEqual(question.options.map((_, i) => answerButtonId(question, i)));
    expect((await b.click('dave', buttons[question.answer]!.id)).data).toMatchObject({ correct: true });
  });

  it('a stale or forged answer button gets a polite message, not an error', async () => {
    const b = bot();
    const gone = await b.click('carol', 'daily:q9-deadbeef:0');
    expect(plainText(gone)).toContain('That question is no longer in the notes.');
    const q = b.services.library.questions[0]!;
    expect(plainText(await b.click('carol', `daily:${q.id}:9`))).toContain('not valid');
    expect(b.errors).toEqual([]);
  });
});
