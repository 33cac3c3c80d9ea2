import { describe, expect, it } from 'vitest';
import { loadLibrary } from '../src/content/content-loader.js';
import type { Library, Question } from '../src/content/types.js';
import { plainText, type Reply } from '../src/core/reply.js';
import { renderDailyPost } from '../src/daily/daily-post.js';
import { memoryStorage } from './support/storages.js';
import { bundledLibrary, FakeClock, quizWorld, textOf } from './support/quiz-world.js';
import { FIXTURE_CONTENT, testBot } from './support/test-bot.js';

/**
 * The notes after an edit that moves a question's options round by one (its text, and so its id, unchanged), with the
 * right answer still marked on the same option text, as the loader would read it.
 */
function reordered(library: Library, id: string): Library {
  const move = (q: Question): Question => {
    const n = q.options.length;
    return { ...q, options: [...q.options.slice(1), q.options[0]!], answer: (q.answer - 1 + n) % n };
  };
  return { ...library, questions: library.questions.map((q) => (q.id === id ? move(q) : q)) };
}

function reworded(library: Library, id: string, option: number): Library {
  return { ...library, questions: library.questions.map((q) => (q.id === id ? { ...q, options: q.options.map((o, i) => (i === option ? `${o} (revised)` : o)) } : q)) };
}

const buttonsOf = (r: Reply) => r.blocks.flatMap((b) => (b.type === 'buttons' ? b.buttons : []));

describe('a click on a daily post is judged against the options that were posted', () => {
  const library = loadLibrary(FIXTURE_CONTENT);
  const question = library.questions.find((q) => q.options.length >= 3)!;
  const concept = library.conceptById.get(library.takeawayById.get(question.teaches)!.conceptId)!;
  const posted = buttonsOf(renderDailyPost(library, concept, question));
  const wrong = (question.answer + 1) % question.options.length;

  it('after the notes reorder the options, the posted right answer is still right and a wrong one still wrong', async () => {
    const bot = testBot(FIXTURE_CONTENT, reordered(library, question.id));
    const right = await bot.click('carol', posted[question.answer]!.id);
    expect(right.data).toMatchObject({ correct: true });
    expect(plainText(right)).toContain(`Right: “${question.options[question.answer]}”`);
    const miss = await bot.click('dave', posted[wrong]!.id);
    expect(miss.data).toMatchObject({ correct: false });
    expect(plainText(miss)).toContain(`You chose ${'ABCDE'[wrong]}; the answer is “${question.options[question.answer]}”.`);
    expect(plainText(miss)).toContain('reordered in the notes since this was posted');
  });

  it('says plainly that the question changed when the clicked option is no longer in the notes', async () => {
    const bot = testBot(FIXTURE_CONTENT, reworded(library, question.id, wrong));
    const r = await bot.click('carol', posted[wrong]!.id);
    expect(r.data).toMatchObject({ changed: true, verdict: null });
    expect(plainText(r)).toContain('This question changed since it was posted, so that answer cannot be judged.');
  });

  it('answers a button posted before ids carried fingerprints with the answer and no verdict', async () => {
    const bot = testBot(FIXTURE_CONTENT, reordered(library, question.id));
    const r = await bot.click('carol', `daily:${question.id}:${question.answer}`);
    expect(r.kind).not.toBe('error');
    expect(r.data).toMatchObject({ verdict: null });
    expect(plainText(r)).toContain(`The answer in the notes now: “${question.options[question.answer]}”.`);
    expect(bot.errors).toEqual([]);
  });

  it('keeps every answer button id of the bundled notes within Discord’s 100 characters', () => {
    const lib = bundledLibrary();
    for (const q of lib.questions) {
      const c = lib.conceptById.get(lib.takeawayById.get(q.teaches)!.conceptId)!;
      for (const b of buttonsOf(renderDailyPost(lib, c, q))) expect(b.id.length).toBeLessThanOrEqual(100);
    }
  });
});

describe('a quiz open across a restart with reordered notes', () => {
  it('re-shows the options as posted, judges clicks on them, and the reveal names the option people saw', async () => {
    const db = memoryStorage();
    const clock = new FakeClock();
    const before = quizWorld({ storage: db, clock, library: bundledLibrary() });
    await before.say('alice', '/quiz start ch4 1 20');
    await before.clock.advance(3000);
    const q = before.lastQuestion();
    const id = q.post.reply.data!.questionId as string;
    const original = before.library.questions.find((x) => x.id === id)!;
    const shownList = q.post.reply.blocks.find((b) => b.type === 'list');
    await before.engine.shutdown();

    const after = quizWorld({ storage: db, clock, library: reordered(bundledLibrary(), id) });
    await after.engine.resume();
    const reshown = after.port.updates.at(-1)!.reply;
    expect(reshown.blocks.find((b) => b.type === 'list')).toEqual(shownList);
    expect(textOf(await after.click('bob', q.buttons[original.answer]!.id))).toMatch(/^Got it/);
    await after.clock.advance(20_000);
    const reveal = after.port.having('revealed')[0]!.reply;
    expect(textOf(reveal)).toContain(`the answer is ${'ABCDE'[original.answer]} — ${original.options[original.answer]}`);
    expect(reveal.data!.results).toEqual([expect.objectContaining({ user: 'console:bob', right: true })]);
    await db.close();
  });
});
