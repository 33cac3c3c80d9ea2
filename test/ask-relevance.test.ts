import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ourSearcher, relevance } from '../bench/relevance.js';
import { loadLibrary } from '../src/content/content-loader.js';
import { SearchIndex } from '../src/search/search-index.js';
import { ASK_FLOORS, REPORT_ONLY_SET } from './support/ask-floors.js';
import { loadAskSet } from './support/ask-set.js';
import { BUNDLED_CONTENT } from './support/test-bot.js';

const search = ourSearcher(new SearchIndex(loadLibrary(BUNDLED_CONTENT)));

describe('/ask relevance on every kept question set', () => {
  it.each(Object.entries(ASK_FLOORS))('holds %s at its measured floor', (set, floor) => {
    const r = relevance(loadAskSet(fileURLToPath(new URL(`./${set}`, import.meta.url))), search);
    // The set itself is fixed: a different count means a set was edited, which the floors cannot judge.
    expect({ questions: r.questions, offTopic: r.offTopic }).toEqual({ questions: floor.questions, offTopic: floor.offTopic });
    // The report-only set's misses are never printed: reading them would be tuning on it.
    const misses = set === REPORT_ONLY_SET ? `${set}: misses not shown (report-only set)` : r.misses.map((m) => `${m.c.file}:${m.c.line} ${m.c.question} → ${m.got.join(' ')}`).join('\n');
    expect(r.hit1, misses).toBeGreaterThanOrEqual(floor.hit1);
    expect(r.hit3, misses).toBeGreaterThanOrEqual(floor.hit3);
    expect(r.refused, misses).toBeGreaterThanOrEqual(floor.refused);
    // Off-topic chat refused with no "did you mean" noise either (issue 10, kind 6).
    expect(r.quiet, `${set}: off-topic questions refused without "did you mean"`).toBeGreaterThanOrEqual(floor.quiet);
  });
});
