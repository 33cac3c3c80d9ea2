import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadLibrary } from '../src/content/content-loader.js';
import { normalize } from '../src/search/text.js';
import { ASK_FLOORS } from './support/ask-floors.js';
import { loadAskSet } from './support/ask-set.js';
import { BUNDLED_CONTENT } from './support/test-bot.js';

// The notes' fifth round of `asked:` phrasings came from readers who never saw the notes (test/ask-phrasings/*,
// see its README): each question sits on every card its labeller named. These tests keep that provenance checkable
// and make sure no question of a scored set (tuning or independent) is ever a phrasing — not even by coincidence:
// a source question that happens to equal one (a few plain ones do, written the same way by different people) is
// left out of the notes, so the sets only ever measure questions the index has not seen.
const lib = loadLibrary(BUNDLED_CONTENT);
const here = (d: string) => fileURLToPath(new URL(`./${d}`, import.meta.url));
const sources = readdirSync(here('ask-phrasings'), { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name);
/** A phrasing as the notes hold it: `;` separates phrasings there, so a source's `;` became `,`. */
const key = (q: string) => normalize(q.replace(/;/g, ','));

describe('blind reader phrasings in the notes', () => {
  it('holds every labelled source question on each card its labeller named', () => {
    expect(sources.length).toBeGreaterThanOrEqual(4);
    const scored = new Set(Object.keys(ASK_FLOORS).flatMap((set) => loadAskSet(here(set)).map((c) => key(c.question))));
    const missing: string[] = [];
    let n = 0;
    for (const s of sources) {
      for (const c of loadAskSet(here(`ask-phrasings/${s}`))) {
        expect(c.expect.length, `${s}/${c.file}:${c.line} has no card`).toBeGreaterThan(0);
        if (scored.has(key(c.question))) continue;
        for (const id of c.expect) {
          const card = lib.conceptById.get(id);
          n++;
          if (!card || !card.asked.some((a) => key(a) === key(c.question))) missing.push(`${s}/${c.file}:${c.line} ${id}`);
        }
      }
    }
    expect(missing).toEqual([]);
    expect(n).toBeGreaterThanOrEqual(1000);
  });

  it('holds no question of any scored set, tuning or independent, as a phrasing', () => {
    const phrasings = new Map<string, string>();
    for (const c of lib.concepts) for (const a of c.asked) phrasings.set(key(a), c.id);
    const leaked: string[] = [];
    for (const set of Object.keys(ASK_FLOORS)) {
      for (const c of loadAskSet(here(set))) if (phrasings.has(key(c.question))) leaked.push(`${set}/${c.file}:${c.line}`);
    }
    expect(leaked).toEqual([]);
  });
});
