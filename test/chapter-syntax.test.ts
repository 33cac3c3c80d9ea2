import { describe, expect, it } from 'vitest';
import { UserError } from '../src/core/errors.js';
import { plainText } from '../src/core/reply.js';
import { parseQuizRequest } from '../src/quiz/quiz-request.js';
import { BUNDLED_CONTENT, testBot } from './support/test-bot.js';

const manager = { canManage: true };
const b = testBot(BUNDLED_CONTENT);
const chapterOf = (id: string) => b.services.library.conceptById.get(id)!.chapter;

/** The chapters each command understood from `spec`, or its error message. */
const COMMANDS: Record<string, (spec: string) => Promise<number[] | string>> = {
  '/chapter': async (spec) => {
    const r = await b.say('alice', `/chapter ${spec}`);
    if (r.kind === 'error') return plainText(r);
    return r.data!.chapter !== undefined ? [r.data!.chapter as number] : (r.data!.chapters as { number: number }[]).map((c) => c.number);
  },
  '/daily chapters': async (spec) => {
    await b.say('alice', '/daily on 09:00 UTC', manager);
    const r = await b.say('alice', `/daily chapters ${spec}`, manager);
    return r.kind === 'error' ? plainText(r) : (r.data!.chapters as number[]);
  },
  // A random concept: each of several picks must come from the chapters asked for.
  '/random': async (spec) => {
    const seen = new Set<number>();
    for (let i = 0; i < 12; i++) {
      const r = await b.say('alice', `/random ${spec}`);
      if (r.kind === 'error') return plainText(r);
      const chapter = chapterOf((r.data!.concept as { id: string }).id);
      seen.add(chapter);
      expect(r.data!.chapters as number[]).toContain(chapter);
    }
    // What the command says it understood is what it picked from.
    const asked = (await b.say('alice', `/random ${spec}`)).data!.chapters as number[];
    expect([...seen].every((c) => asked.includes(c))).toBe(true);
    return asked;
  },
  '/quiz start': async (spec) => {
    try {
      const r = parseQuizRequest(spec, b.services.library, b.services.search);
      return [...new Set(r.pool.map((q) => q.chapter))].sort((x, y) => x - y);
    } catch (err) {
      if (err instanceof UserError) return `${err.message}\n${err.hint ?? ''}`;
      throw err;
    }
  },
};

describe('one chapter syntax for /chapter, /daily chapters, /random and /quiz start', () => {
  const specs: [string, number[]][] = [
    ['ch4', [4]],
    ['chapter 4', [4]],
    ['ch 4', [4]],
    ['Ch. 4', [4]],
    ['4-6', [4, 5, 6]],
    ['ch4-6', [4, 5, 6]],
    ['ch 4-6', [4, 5, 6]],
    ['4,6', [4, 6]],
    ['ch4,7', [4, 7]],
    ['ch4, ch7', [4, 7]],
  ];
  for (const [command, run] of Object.entries(COMMANDS)) {
    it.each(specs)(`${command} %s → chapters %j`, async (spec, chapters) => {
      expect(await run(spec)).toEqual(chapters);
    });
  }

  it.each(['/chapter', '/daily chapters', '/random'])('%s 4 → chapter 4 (in /quiz start a bare 4 is the question count)', async (command) => {
    expect(await COMMANDS[command]!('4')).toEqual([4]);
  });

  const errors: [string, string][] = [
    ['ch12', 'There is no chapter 12 in the notes.'],
    ['ch10-13', 'There are no chapters 12, 13 in the notes.'],
    ['ch4x', '“ch4x” is not a chapter.'],
  ];
  for (const [command, run] of Object.entries(COMMANDS)) {
    it.each(errors)(`${command} %s → “%s”, with the same syntax hint`, async (spec, message) => {
      const text = await run(spec);
      expect(typeof text).toBe('string');
      expect(text).toContain(message);
      expect(text).toContain('The notes have chapters 1–11. Write chapters as 4, ch4, chapter 4, 4-6 or 4,6');
    });
  }

  it('/random with something that is not a chapter says so instead of picking any concept', async () => {
    const r = await b.say('alice', '/random sampling');
    expect(r.kind).toBe('error');
    expect(plainText(r)).toContain('“sampling” is not a chapter.');
  });
});
