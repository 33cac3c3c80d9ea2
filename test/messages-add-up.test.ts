import { describe, expect, it } from 'vitest';
import type { Reply } from '../src/core/reply.js';
import { quizWorld, textOf } from './support/quiz-world.js';
import { testBot } from './support/test-bot.js';

/** A quiz to its end on the fake clock; `answers[i]` is who answers question i+1 right (nobody when empty). */
async function playQuiz(args: string, answers: string[][]): Promise<ReturnType<typeof quizWorld>> {
  const w = quizWorld();
  await w.say('alice', `/quiz start ${args}`);
  await w.clock.advance(3000);
  for (const who of answers) {
    const { buttons, right } = w.lastQuestion();
    for (const user of who) await w.click(user, buttons[right]!.id);
    await w.clock.advance(10_000 + 5000);
  }
  return w;
}

const lastPost = (w: ReturnType<typeof quizWorld>, key: string) => textOf(w.port.having(key).at(-1)!.reply);

/** A daily post's check answered twice by the same person. */
async function dailyTwice(): Promise<string> {
  const bot = testBot();
  const post = await bot.say('alice', '/daily now');
  const ids = post.blocks.flatMap((b) => (b.type === 'buttons' ? b.buttons.map((x) => x.id) : []));
  const right = ids.find((id) => bot.services.library.questions.some((q) => id.startsWith(`daily:${q.id}:${q.answer}:`)))!;
  const wrong = ids.find((id) => id !== right)!;
  await bot.click('alice', wrong);
  return textOf(await bot.click('alice', right));
}

async function statusAfterTwoChanges(): Promise<string> {
  const bot = testBot();
  await bot.say('alice', '/daily on 09:00 UTC', { canManage: true });
  await bot.say('alice', '/daily chapters 1', { canManage: true });
  await bot.say('alice', '/daily order shuffled', { canManage: true });
  return textOf(await bot.say('alice', '/daily status'));
}

const say = async (text: string): Promise<string> => textOf((await quizWorld().say('alice', text)) as Reply);

describe('messages that add up', () => {
  it.each<[string, () => Promise<string>, { has: (string | RegExp)[]; lacks: (string | RegExp)[] }]>([
    [
      'final standings count the questions asked, not the answers given',
      async () => lastPost(await playQuiz('ch4 3 10', [['alice'], ['alice'], []]), 'finished'),
      { has: [/alice — \d+ pts \(2\/3 right\)/, '3 of 3 questions played.'], lacks: ['(2/2 right)'] },
    ],
    [
      'a quiz stopped before anyone answered claims nothing was saved',
      async () => {
        const w = quizWorld();
        await w.say('alice', '/quiz start ch4 2 10');
        await w.say('alice', '/quiz stop');
        return lastPost(w, 'finished');
      },
      { has: ['Nobody answered', '0 of 2 questions played.'], lacks: ['Saved to', 'leaderboard'] },
    ],
    [
      'one question is one question',
      async () => lastPost(await playQuiz('ch4 1 10', [['alice']]), 'finished'),
      { has: ['1 of 1 question played.'], lacks: ['1 of 1 questions'] },
    ],
    [
      'a question nobody answered does not add "0 of 0 right"',
      async () => lastPost(await playQuiz('ch4 1 10', [[]]), 'revealed'),
      { has: ['Nobody answered this one.'], lacks: ['0 of 0'] },
    ],
    [
      'an unknown quiz topic offers chapters in one sentence',
      () => say('/quiz start zzqx blorvath'),
      { has: ['Or pick chapters: /quiz start ch4 10'], lacks: ['too: For example'] },
    ],
    [
      'a topic with fewer questions than asked for says how many there are',
      () => say('/quiz start smote 20'),
      { has: [/You asked for 20, but there (are|is) only \d+ questions? on that topic\./], lacks: [] },
    ],
    [
      'the daily quick check keeps the first answer after it was revealed',
      dailyTwice,
      { has: [/^You already answered [A-E]; your first answer stands\.$/], lacks: ['Right:'] },
    ],
    [
      '/daily status after two settings changes does not count them as cycles',
      statusAfterTwoChanges,
      { has: [/This round: 0 of \d+ concepts posted\./], lacks: ['Cycle 3'] },
    ],
  ])('%s', async (_name, scene, { has, lacks }) => {
    const text = await scene();
    for (const h of has) typeof h === 'string' ? expect(text).toContain(h) : expect(text).toMatch(h);
    for (const l of lacks) typeof l === 'string' ? expect(text).not.toContain(l) : expect(text).not.toMatch(l);
  });
});
