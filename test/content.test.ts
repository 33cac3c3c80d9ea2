import { describe, expect, it } from 'vitest';
import { loadLibrary } from '../src/content/content-loader.js';
import { SearchIndex } from '../src/search/search-index.js';
import { normalize } from '../src/search/text.js';
import { loadAskSet } from './support/ask-set.js';
import { BUNDLED_CONTENT } from './support/test-bot.js';

// These guard the bundled notes against careless edits. The loader already refuses broken files; these check
// what a valid-but-wrong edit would break.
const lib = loadLibrary(BUNDLED_CONTENT);
const search = new SearchIndex(lib);

describe('the bundled notes', () => {
  it('cover the whole book with enough concepts, takeaways and questions', () => {
    expect(lib.chapters.map((c) => c.number)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    expect(lib.concepts.length).toBeGreaterThanOrEqual(100);
    expect(lib.takeaways.length).toBeGreaterThanOrEqual(300);
    expect(lib.questions.length).toBeGreaterThanOrEqual(130);
    for (const ch of lib.chapters) {
      expect(ch.concepts.length, `chapter ${ch.number} concepts`).toBeGreaterThanOrEqual([1, 2, 4].includes(ch.number) ? 12 : 8);
      expect(ch.questions.length, `chapter ${ch.number} questions`).toBeGreaterThanOrEqual(12);
    }
  });

  it('give every concept 2–5 takeaways of chat size, each citing a section', () => {
    for (const c of lib.concepts) {
      expect(c.takeaways.length, c.id).toBeGreaterThanOrEqual(2);
      expect(c.takeaways.length, c.id).toBeLessThanOrEqual(5);
      for (const t of c.takeaways) {
        expect(t.section.length, t.id).toBeGreaterThan(2);
        expect(t.text.length, t.id).toBeGreaterThan(40);
        expect(t.text.length, t.id).toBeLessThanOrEqual(500);
      }
    }
  });

  it('ask every quiz question with four distinct options and exactly one marked right', () => {
    for (const q of lib.questions) {
      expect(q.options, q.source).toHaveLength(4);
      expect(new Set(q.options.map((o) => normalize(o))).size, q.source).toBe(4);
      expect(q.answer, q.source).toBeGreaterThanOrEqual(0);
      expect(q.explanation.length, q.source).toBeGreaterThan(20);
      expect(q.options.some((o) => /all of the above|none of the above/i.test(o)), q.source).toBe(false);
    }
  });

  it('link every question to a takeaway of its own chapter', () => {
    for (const q of lib.questions) {
      const t = lib.takeawayById.get(q.teaches);
      expect(t, `${q.source} teaches ${q.teaches}`).toBeDefined();
      expect(t!.chapter, q.source).toBe(q.chapter);
    }
  });

  it('spread difficulty and the position of the right answer within each chapter', () => {
    for (const ch of lib.chapters) {
      const levels = new Set(ch.questions.map((q) => q.difficulty));
      expect(levels.size, `chapter ${ch.number} difficulty`).toBe(3);
      const positions = new Set(ch.questions.map((q) => q.answer));
      expect(positions.size, `chapter ${ch.number} answer positions`).toBeGreaterThanOrEqual(3);
    }
  });

  it('give no alias to two concepts', () => {
    const owner = new Map<string, string>();
    for (const c of lib.concepts) {
      for (const name of [c.title, ...c.aliases]) {
        const key = normalize(name);
        expect(owner.get(key) ?? c.id, `"${name}"`).toBe(c.id);
        owner.set(key, c.id);
      }
    }
  });

  it('answer /ask with each concept first for its own title, and in the top three for each alias', () => {
    const notFirst: string[] = [];
    const notTop3: string[] = [];
    for (const c of lib.concepts) {
      const r = search.ask(c.title);
      if (r.matches[0]?.concept.id !== c.id) notFirst.push(`${c.title} → ${r.matches[0]?.concept.id ?? 'no match'}`);
      for (const alias of c.aliases) {
        const a = search.ask(alias);
        const shown = [...new Set([...a.matches.map((m) => m.concept.id), ...a.related.map((x) => x.id)])].slice(0, 3);
        if (!shown.includes(c.id)) notTop3.push(`${alias} (${c.id}) → ${shown.join(', ') || 'no match'}`);
      }
    }
    expect(notFirst).toEqual([]);
    expect(notTop3).toEqual([]);
  });

  it('have an /ask question set with at least six questions per chapter, each naming a real concept', () => {
    const cases = loadAskSet();
    for (const c of cases) for (const id of c.expect) expect(lib.conceptById.has(id), `${c.file}:${c.line} ${id}`).toBe(true);
    for (const ch of lib.chapters) {
      const n = cases.filter((c) => c.expect.some((id) => lib.conceptById.get(id)?.chapter === ch.number)).length;
      expect(n, `chapter ${ch.number}`).toBeGreaterThanOrEqual(6);
    }
    expect(cases.filter((c) => c.expect.length === 0).length).toBeGreaterThanOrEqual(5);
    expect(cases.length).toBeGreaterThanOrEqual(85);
  });
});
