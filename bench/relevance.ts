import Fuse from 'fuse.js';
import type { Library } from '../src/content/types.js';
import type { SearchIndex } from '../src/search/search-index.js';
import type { AskCase } from '../test/support/ask-set.js';

/** What a searcher shows for a question: concepts in the order a reader sees them, and whether it answered. */
export interface Shown {
  confident: boolean;
  concepts: string[];
}

export type Searcher = (q: string) => Shown;

export function ourSearcher(index: SearchIndex): Searcher {
  return (q) => {
    const r = index.ask(q);
    // The concepts the reply names, in order: answers, other concepts of that name, related; or the did-you-mean suggestions.
    const concepts = r.confident
      ? [...new Set([...r.answers.map((a) => a.concept.id), ...r.alsoNamed.map((c) => c.id), ...r.related.map((c) => c.id)])]
      : r.suggestions.map((c) => c.id);
    return { confident: r.confident, concepts };
  };
}

/** The naive baseline the issue asks for: Fuse over every field of every takeaway, default options. */
export function naiveFuse(lib: Pick<Library, 'concepts'>) {
  const docs = lib.concepts.flatMap((c) =>
    c.takeaways.map((t) => ({ conceptId: c.id, title: c.title, aliases: c.aliases, section: t.section, text: t.text })),
  );
  const fuse = new Fuse(docs, { keys: ['title', 'aliases', 'section', 'text'] });
  const searcher: Searcher = (q) => {
    const hits = fuse.search(q);
    return { confident: hits.length > 0, concepts: [...new Set(hits.map((h) => h.item.conceptId))] };
  };
  return searcher;
}

export interface Relevance {
  questions: number;
  offTopic: number;
  hit1: number;
  hit3: number;
  refused: number;
  misses: { c: AskCase; got: string[] }[];
}

export function relevance(cases: AskCase[], search: Searcher): Relevance {
  let hit1 = 0;
  let hit3 = 0;
  let refused = 0;
  let questions = 0;
  let offTopic = 0;
  const misses: { c: AskCase; got: string[] }[] = [];
  for (const c of cases) {
    const shown = search(c.question);
    if (c.expect.length === 0) {
      offTopic++;
      if (!shown.confident) refused++;
      else misses.push({ c, got: shown.concepts.slice(0, 3) });
      continue;
    }
    questions++;
    // hit@1 needs a confident answer led by the right concept; hit@3 counts the first three concepts the reply
    // names, which for an unconfident reply are its "did you mean" suggestions.
    const top3 = shown.concepts.slice(0, 3);
    if (shown.confident && top3[0] && c.expect.includes(top3[0])) hit1++;
    else misses.push({ c, got: shown.confident ? top3 : ['(no confident match; suggested:', ...top3, ')'] });
    if (top3.some((id) => c.expect.includes(id))) hit3++;
  }
  return { questions, offTopic, hit1, hit3, refused, misses };
}
