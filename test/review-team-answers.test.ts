import { describe, expect, it } from 'vitest';
import { loadLibrary } from '../src/content/content-loader.js';
import { newCard } from '../src/review/review-card.js';
import { gradeTeamAnswer } from '../src/review/team-answer-review.js';
import { failWrites } from './support/postgres.js';
import { memoryStorage } from './support/storages.js';
import { BUNDLED_CONTENT, testBot } from './support/test-bot.js';

const lib = loadLibrary(BUNDLED_CONTENT);
const buttonsOf = (r: { blocks: { type: string }[] }) => r.blocks.flatMap((b) => ((b as { type: string; buttons?: { id: string }[] }).buttons ?? []));

describe('team answers as reviews', () => {
  it('grades each quiz answer on the player’s card when the question is revealed, not when the click is acknowledged', async () => {
    const bot = testBot(BUNDLED_CONTENT, lib, { core: { quiz: { leadInMs: 1000, pauseMs: 1000 } } });
    await bot.say('alice', '/quiz start ch4 1 10');
    await bot.clock.advance(1000);
    const post = bot.port.having('question').at(-1)!;
    const quiz = await bot.storage.quizzes.running('console:main');
    const question = lib.questions.find((q) => q.id === quiz!.state.questions[0]!.questionId)!;
    const openedAt = bot.clock.now();
    await bot.clock.advance(2000);
    await bot.click('alice', buttonsOf(post.reply)[question.answer]!.id);
    await bot.click('bob', buttonsOf(post.reply)[(question.answer + 1) % question.options.length]!.id);
    // Acknowledged, not yet graded: the ack path does no review work.
    expect(await bot.storage.reviews.cards('console:alice')).toEqual([]);
    await bot.clock.advance(10_000);
    const at = openedAt + 2000;
    const expected = (person: string, right: boolean) => gradeTeamAnswer(undefined, { person, question, right, at, answerMs: 2000, source: 'quiz' }).card;
    expect(await bot.storage.reviews.cards('console:alice')).toEqual([expected('console:alice', true)]);
    expect(await bot.storage.reviews.cards('console:bob')).toEqual([expected('console:bob', false)]);
    expect(bot.errors).toEqual([]);
  });

  it('grades the first answer to a daily quick check, and never a second click on the same post', async () => {
    const bot = testBot(BUNDLED_CONTENT, lib);
    const daily = await bot.say('alice', '/daily now');
    const questionId = (daily.data!.daily as { question: string }).question;
    const question = lib.questions.find((q) => q.id === questionId)!;
    const [first, second] = buttonsOf(daily);
    await bot.click('alice', first!.id);
    await bot.click('alice', second!.id);
    const right = question.answer === 0;
    const expected = gradeTeamAnswer(newCard('console:alice', question.id, bot.clock.now()), { person: 'console:alice', question, right, at: bot.clock.now(), source: 'daily-check' }).card;
    expect(await bot.storage.reviews.cards('console:alice')).toEqual([expected]);
    expect(await bot.storage.reviews.reviewTimes('console:alice', 0)).toHaveLength(1);
  });

  it('carries a quiz on when the reviews cannot be written: the reveal and standings still post, nothing is thrown', async () => {
    const storage = memoryStorage();
    await failWrites(storage, 'review_log', 'INSERT');
    const bot = testBot(BUNDLED_CONTENT, lib, { storage, core: { quiz: { leadInMs: 1000, pauseMs: 1000 } } });
    await bot.say('alice', '/quiz start ch4 1 10');
    await bot.clock.advance(1000);
    const post = bot.port.having('question').at(-1)!;
    expect((await bot.click('alice', buttonsOf(post.reply)[0]!.id)).blocks[0]).toMatchObject({ text: 'Got it: A' });
    await bot.clock.advance(12_000);
    expect(bot.port.having('revealed')).toHaveLength(1);
    expect(bot.port.having('finished')).toHaveLength(1);
    expect(await storage.reviews.cards('console:alice')).toEqual([]);
    expect(bot.errors).toEqual([]);
    expect(await bot.core.metrics.render().then((m) => m.body)).toMatch(/studybot_errors_total\{where="review"\} 1/);
  });
});

describe('/review across a restart', () => {
  it('grades a card shown before the restart when its button is clicked after it', async () => {
    const storage = memoryStorage();
    const before = testBot(BUNDLED_CONTENT, lib, { storage });
    await before.say('alice', '/daily on 09:00 UTC', { canManage: true });
    const shown = await before.say('alice', '/review');
    const button = buttonsOf(shown)[0]!.id;
    expect(button.length).toBeLessThanOrEqual(100);
    // A new process: a new core on the same database, nothing of the first kept in memory.
    const after = testBot(BUNDLED_CONTENT, lib, { storage });
    after.clock.ms = before.clock.now() + 30_000;
    const judged = await after.click('alice', button);
    expect(judged.data?.review).toMatchObject({ question: button.split(':')[1] });
    expect(await storage.reviews.cards('console:alice')).toHaveLength(1);
    // The same buttons again: graded once.
    expect(JSON.stringify((await after.click('alice', button)).blocks)).toContain('already answered this card');
    expect(await storage.reviews.reviewTimes('console:alice', 0)).toHaveLength(1);
  });
});
