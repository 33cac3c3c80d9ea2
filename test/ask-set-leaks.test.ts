import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadLibrary } from '../src/content/content-loader.js';
import { normalize, stem, words } from '../src/search/text.js';
import { ASK_FLOORS } from './support/ask-floors.js';
import { loadAskSet } from './support/ask-set.js';
import { BUNDLED_CONTENT } from './support/test-bot.js';

// The question sets measure /ask only if the notes never hold their questions. People write the same short question
// the same way ("oltp vs olap"), and off-topic chat is formulaic ("how do i undo my last git commit"), so a phrasing
// or an off-topic example written blind can still repeat a scored question; such a line is taken out of the notes.
// (Off-topic examples that nearly repeated scored questions once made the refusals look 4 points better than they were.)
const lib = loadLibrary(BUNDLED_CONTENT);
const sets = Object.keys(ASK_FLOORS).map((set) => [set, loadAskSet(fileURLToPath(new URL(`./${set}`, import.meta.url)))] as const);
const stems = (q: string) => new Set(words(q).map(stem));

describe('the notes never hold a scored question', () => {
  it('no asked: phrasing is a question of any kept set, tuning or independent', () => {
    const phrasings = new Set(lib.concepts.flatMap((c) => c.asked.map((a) => normalize(a))));
    const leaked = sets.flatMap(([set, cases]) => cases.filter((c) => phrasings.has(normalize(c.question))).map((c) => `${set}/${c.file}:${c.line}`));
    expect(leaked).toEqual([]);
  });

  it('no off-topic example holds half or more of the words of any kept set’s off-topic question', () => {
    const examples = (lib.offTopic ?? []).map(stems);
    expect(examples.length).toBeGreaterThan(100);
    const near: string[] = [];
    for (const [set, cases] of sets) {
      for (const c of cases.filter((x) => x.expect.length === 0)) {
        const q = stems(c.question);
        if (q.size && examples.some((e) => [...q].filter((t) => e.has(t)).length / q.size >= 0.5)) near.push(`${set}/${c.file}:${c.line}`);
      }
    }
    // Only positions are printed, never a question: the independent set's questions stay unread.
    expect(near).toEqual([]);
  });
});
