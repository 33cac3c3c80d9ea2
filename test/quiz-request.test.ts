import { describe, expect, it } from 'vitest';
import { SearchIndex } from '../src/search/search-index.js';
import { parseQuizRequest } from '../src/quiz/quiz-request.js';
import { bundledLibrary } from './support/quiz-world.js';

const lib = bundledLibrary();
const search = new SearchIndex(lib);
const parse = (args: string) => {
  const r = parseQuizRequest(args, lib, search);
  return { selection: r.selection, questions: r.questions, seconds: r.seconds, chapters: [...new Set(r.pool.map((q) => q.chapter))].sort((a, b) => a - b) };
};

describe('reading /quiz start arguments', () => {
  it.each([
    ['', { selection: 'all chapters', questions: 5, seconds: 20, chapters: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11] }],
    ['ch4', { selection: 'Ch. 4 Training Data', questions: 5, seconds: 20, chapters: [4] }],
    ['ch4 10', { questions: 10, seconds: 20, chapters: [4] }],
    ['ch4-6 10 30', { selection: 'Ch. 4, Ch. 5, Ch. 6', questions: 10, seconds: 30, chapters: [4, 5, 6] }],
    ['ch4,7 3q 15s', { questions: 3, seconds: 15, chapters: [4, 7] }],
    ['chapter 2', { chapters: [2], questions: 5 }],
    ['chapter 2 10', { chapters: [2], questions: 10 }],
    ['30s', { questions: 5, seconds: 30 }],
    ['12 questions 40 seconds', { questions: 12, seconds: 40 }],
    ['Training Data', { selection: 'Ch. 4 Training Data', chapters: [4] }],
  ])('reads "%s"', (args, want) => {
    expect(parse(args)).toMatchObject(want);
  });

  it('reads a topic as the questions teaching the concepts it matches', () => {
    const r = parseQuizRequest('data leakage 4', lib, search);
    expect(r.selection).toBe('topic “data leakage”');
    expect(r.questions).toBe(4);
    expect(r.pool.length).toBeGreaterThan(0);
    expect(r.pool.filter((q) => /leakage/.test(q.teaches)).length).toBeGreaterThan(r.pool.length / 2);
  });

  it.each([
    ['0', /1 to 20 questions/],
    ['21', /1 to 20 questions/],
    ['5 9', /10 to 120 seconds/],
    ['5 121', /10 to 120 seconds/],
    ['1 2 3', /too many numbers/],
    ['ch0', /no chapter 0/],
    ['ch12-13', /There are no chapters 12, 13 in the notes\./],
    // A range walked number by number would block the bot for seconds, then fail with a RangeError.
    ['ch1-99999999', /There are no chapters 12–99999999 in the notes\./],
    ['ch99999999-1', /There are no chapters 12–99999999 in the notes\./],
    ['quantum chromodynamics', /no quiz questions about/],
  ])('refuses "%s" with a message that gives an example', (args, message) => {
    expect(() => parseQuizRequest(args, lib, search)).toThrow(message);
    try {
      parseQuizRequest(args, lib, search);
    } catch (err) {
      expect((err as { hint?: string }).hint).toMatch(/\/quiz start/);
    }
  });
});

describe('Discord named options', () => {
  it('keep their meaning when an earlier option is left out: seconds alone are seconds', async () => {
    const { argsFromOptions } = await import('../src/discord/command-definitions.js');
    const { quiz } = await import('../commands/quiz.js');
    const args = argsFromOptions(quiz, new Map<string, string | number>([['action', 'start'], ['seconds', 30]]));
    expect(args).toBe('start 30s');
    expect(parse(args.replace(/^start /, ''))).toMatchObject({ questions: 5, seconds: 30 });
    const both = argsFromOptions(quiz, new Map<string, string | number>([['action', 'start'], ['topic', 'ch4'], ['questions', 3], ['seconds', 15]]));
    expect(parse(both.replace(/^start /, ''))).toMatchObject({ questions: 3, seconds: 15, chapters: [4] });
  });
});
