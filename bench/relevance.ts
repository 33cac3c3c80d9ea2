import Fuse from 'fuse.js';
import MiniSearch from 'minisearch';
import type { Library } from '../src/content/types.js';
import type { SearchIndex } from '../src/search/search-index.js';
import type { AskCase } from '../test/support/ask-set.js';

/** What a searcher shows for a question: concepts in the order a reader sees them, and whether it answered. */
export interface Shown {
  confident: boolean;
  concepts: string[];
  /** The searcher's own score of its best result, where it has one. */
  top?: number;
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

/** A generic English stop-word list, as MiniSearch's docs suggest passing through `processTerm` (not ours). */
const GENERIC_STOP_WORDS = new Set(
  'a an and are as at be but by for from has have how i if in is it its my of on or so that the this to was we what when where which who why will with you your do does can should'.split(' '),
);

/**
 * The library a user would pick instead: MiniSearch over the same notes (one document per concept: title, aliases,
 * `asked:` phrasings, section, takeaways), configured as its README recommends for this job — field boosts, prefix
 * and fuzzy search, stop words dropped in `processTerm`. It has no notion of confidence: any result is an answer,
 * unless `minScore` sets the cut-off a user would add (the best result must score at least that much).
 */
export function miniSearch(lib: Pick<Library, 'concepts'>, minScore = 0) {
  const ms = new MiniSearch<{ id: string; title: string; aliases: string; asked: string; section: string; text: string }>({
    fields: ['title', 'aliases', 'asked', 'section', 'text'],
    processTerm: (term) => (GENERIC_STOP_WORDS.has(term.toLowerCase()) ? null : term.toLowerCase()),
    searchOptions: { boost: { title: 4, aliases: 3, asked: 1.5, section: 0.5 }, prefix: true, fuzzy: 0.2 },
  });
  ms.addAll(
    lib.concepts.map((c) => ({ id: c.id, title: c.title, aliases: c.aliases.join(', '), asked: (c.asked ?? []).join(' ; '), section: c.section, text: c.takeaways.map((t) => t.text).join(' ') })),
  );
  const searcher: Searcher = (q) => {
    const hits = ms.search(q);
    return { confident: hits.length > 0 && hits[0]!.score >= minScore, concepts: hits.slice(0, 5).map((h) => String(h.id)), top: hits[0]?.score ?? 0 };
  };
  return searcher;
}

export interface Relevance {
  questions: number;
  offTopic: number;
  hit1: number;
  hit3: number;
  refused: number;
  /** Off-topic questions refused with no "did you mean" either (issue 10: nothing for plain off-topic chat). */
  quiet: number;
  misses: { c: AskCase; got: string[] }[];
  /** Milliseconds per question, in the order asked. */
  times: number[];
}

export function relevance(cases: AskCase[], search: Searcher): Relevance {
  let hit1 = 0;
  let hit3 = 0;
  let refused = 0;
  let quiet = 0;
  let questions = 0;
  let offTopic = 0;
  const misses: { c: AskCase; got: string[] }[] = [];
  const times: number[] = [];
  for (const c of cases) {
    const t0 = process.hrtime.bigint();
    const shown = search(c.question);
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
    if (c.expect.length === 0) {
      offTopic++;
      if (!shown.confident) {
        refused++;
        if (shown.concepts.length === 0) quiet++;
      } else misses.push({ c, got: shown.concepts.slice(0, 3) });
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
  return { questions, offTopic, hit1, hit3, refused, quiet, misses, times };
}

/**
 * The score cut-off a user of MiniSearch would pick on the tuning sets: the one with the best hit@1 among those that
 * refuse at least `minRefused` (0–1) of the off-topic questions.
 */
export function miniSearchCutoff(lib: Pick<Library, 'concepts'>, cases: AskCase[], minRefused: number): number {
  // Each question is searched once; a cut-off only changes which of those results count as answers.
  const plain = miniSearch(lib);
  const shown = new Map(cases.map((c) => [c.question, plain(c.question)]));
  const tops = [...new Set([...shown.values()].map((s) => s.top ?? 0))].sort((a, b) => a - b);
  let best = { cutoff: 0, hit1: -1 };
  for (const cutoff of tops) {
    const r = relevance(cases, (q) => {
      const s = shown.get(q)!;
      return { ...s, confident: s.confident && (s.top ?? 0) >= cutoff };
    });
    if (r.refused >= minRefused * r.offTopic && r.hit1 > best.hit1) best = { cutoff, hit1: r.hit1 };
  }
  return best.cutoff;
}
