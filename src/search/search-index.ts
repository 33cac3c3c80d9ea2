import Fuse from 'fuse.js';
import type { Concept, Library, Takeaway } from '../content/types.js';
import { editDistance, normalize, stem, terms, words } from './text.js';

/*
 * Why not Fuse over the takeaways: measured 20–90 ms per multi-word question at 300 notes and poor ranking of
 * chatty questions (PLATFORM-NOTES.md). Instead:
 *  - an inverted index with BM25F over stemmed words ranks *concepts* (title and aliases weigh more than
 *    takeaway text), plus a bonus when the question contains a concept's title or alias as a phrase;
 *  - Fuse does what it is good at, short strings: it corrects typos against the vocabulary (one small Fuse per
 *    first letter) and finds "did you mean" concepts by name;
 *  - the takeaways of the best concepts are then ordered by their own BM25 score.
 * A question is answered only when the best concept covers enough of its rare words, so off-topic questions get
 * "no confident match" rather than noise.
 */

export interface AskMatch {
  concept: Concept;
  takeaway: Takeaway;
  score: number;
}

export interface AskResult {
  query: string;
  /** False when nothing matched well; `matches` is then empty and `suggestions` holds the closest concepts. */
  confident: boolean;
  matches: AskMatch[];
  related: Concept[];
  suggestions: Concept[];
  /** Words of the question that were read as typos of known words. */
  corrections: { from: string; to: string }[];
}

export interface SearchOptions {
  /** Share of the question's weight the best concept must cover to count as a confident match. */
  minCoverage?: number;
}

const FIELD_WEIGHTS = { title: 4, alias: 3, section: 0.5, text: 1 };
const K1 = 1.2;
const B = 0.75;
const MAX_QUERY_CHARS = 500;
const MAX_QUERY_TERMS = 40;

interface Posting {
  doc: number;
  tf: number;
}

/** A small BM25 inverted index over weighted bags of terms. */
class Bm25 {
  readonly postings = new Map<string, Posting[]>();
  private readonly lengths: Float64Array;
  private readonly avgLength: number;
  readonly idf = new Map<string, number>();
  private readonly scores: Float64Array;

  constructor(docs: Map<string, number>[]) {
    this.lengths = new Float64Array(docs.length);
    this.scores = new Float64Array(docs.length);
    docs.forEach((bag, doc) => {
      let len = 0;
      for (const [term, tf] of bag) {
        len += tf;
        let list = this.postings.get(term);
        if (!list) this.postings.set(term, (list = []));
        list.push({ doc, tf });
      }
      this.lengths[doc] = len;
    });
    this.avgLength = docs.length ? this.lengths.reduce((a, b) => a + b, 0) / docs.length : 1;
    const n = docs.length;
    for (const [term, list] of this.postings) {
      this.idf.set(term, Math.log(1 + (n - list.length + 0.5) / (list.length + 0.5)));
    }
  }

  /** Scores every document that holds a query term; returns the touched doc ids and a live score array. */
  search(queryTerms: string[]): { docs: number[]; scores: Float64Array } {
    const touched: number[] = [];
    const scores = this.scores;
    for (const term of queryTerms) {
      const list = this.postings.get(term);
      if (!list) continue;
      const idf = this.idf.get(term)!;
      for (const { doc, tf } of list) {
        if (scores[doc] === 0) touched.push(doc);
        const norm = K1 * (1 - B + (B * this.lengths[doc]!) / this.avgLength);
        scores[doc]! += (idf * tf * (K1 + 1)) / (tf + norm) + 1e-9;
      }
    }
    return { docs: touched, scores };
  }

  reset(docs: number[]): void {
    for (const d of docs) this.scores[d] = 0;
  }
}

function addTerms(bag: Map<string, number>, ts: string[], weight: number): void {
  for (const t of ts) bag.set(t, (bag.get(t) ?? 0) + weight);
}

interface Phrase {
  concept: number;
  terms: string[];
}

export class SearchIndex {
  private readonly concepts: Concept[];
  private readonly conceptIndex: Bm25;
  private readonly takeawayIndex: Bm25;
  private readonly takeawayDocs: Takeaway[];
  private readonly takeawaysOf: number[][];
  private readonly conceptPos = new Map<string, number>();
  private readonly phrasesByFirstTerm = new Map<string, Phrase[]>();
  /** Every surface word of the notes, by its first letter, for typo correction. */
  private readonly vocabulary = new Map<string, string[]>();
  private readonly knownWords = new Set<string>();
  private readonly fuzzyByLetter = new Map<string, Fuse<string>>();
  private readonly corrections = new Map<string, string | null>();
  private nameFuse?: Fuse<{ pos: number; names: string[] }>;
  private readonly maxIdf: number;
  private readonly minCoverage: number;

  constructor(lib: Pick<Library, 'concepts'>, options: SearchOptions = {}) {
    this.minCoverage = options.minCoverage ?? 0.5;
    this.concepts = lib.concepts;
    const conceptBags: Map<string, number>[] = [];
    const takeawayBags: Map<string, number>[] = [];
    this.takeawayDocs = [];
    this.takeawaysOf = [];
    this.concepts.forEach((c, pos) => {
      this.conceptPos.set(c.id, pos);
      const bag = new Map<string, number>();
      const titleTerms = terms(c.title);
      addTerms(bag, titleTerms, FIELD_WEIGHTS.title);
      for (const a of c.aliases) addTerms(bag, terms(a), FIELD_WEIGHTS.alias);
      addTerms(bag, terms(c.section), FIELD_WEIGHTS.section);
      const mine: number[] = [];
      for (const t of c.takeaways) {
        const tts = terms(t.text);
        addTerms(bag, tts, FIELD_WEIGHTS.text);
        const tbag = new Map<string, number>();
        addTerms(tbag, tts, 1);
        mine.push(this.takeawayDocs.length);
        this.takeawayDocs.push(t);
        takeawayBags.push(tbag);
      }
      this.takeawaysOf.push(mine);
      conceptBags.push(bag);
      for (const name of [c.title, ...c.aliases]) {
        const pts = terms(name);
        if (pts.length === 0) continue;
        const first = pts[0]!;
        let list = this.phrasesByFirstTerm.get(first);
        if (!list) this.phrasesByFirstTerm.set(first, (list = []));
        list.push({ concept: pos, terms: pts });
      }
      for (const text of [c.title, c.section, ...c.aliases, ...c.takeaways.map((t) => t.text)]) {
        for (const w of words(text)) this.knownWords.add(w);
      }
    });
    this.conceptIndex = new Bm25(conceptBags);
    this.takeawayIndex = new Bm25(takeawayBags);
    for (const w of this.knownWords) {
      if (w.length < 4 || /\d/.test(w)) continue;
      const key = w[0]!;
      let list = this.vocabulary.get(key);
      if (!list) this.vocabulary.set(key, (list = []));
      list.push(w);
    }
    this.maxIdf = Math.max(1, ...this.conceptIndex.idf.values());
  }

  get size(): number {
    return this.concepts.length;
  }

  /** The known word a typo most likely meant, or null. Fuse proposes, an edit-distance bound decides. */
  private correct(word: string): string | null {
    if (word.length < 5 || /\d/.test(word)) return null;
    const cached = this.corrections.get(word);
    if (cached !== undefined) return cached;
    let fuse = this.fuzzyByLetter.get(word[0]!);
    if (!fuse) {
      const list = this.vocabulary.get(word[0]!) ?? [];
      fuse = new Fuse(list, { includeScore: true, threshold: 0.4, ignoreLocation: true });
      this.fuzzyByLetter.set(word[0]!, fuse);
    }
    const maxEdits = word.length <= 7 ? 1 : 2;
    let best: string | null = null;
    let bestDistance = maxEdits + 1;
    for (const hit of fuse.search(word, { limit: 8 })) {
      const d = editDistance(word, hit.item, maxEdits);
      if (d < bestDistance) {
        bestDistance = d;
        best = hit.item;
      }
    }
    if (this.corrections.size > 10_000) this.corrections.clear();
    this.corrections.set(word, best);
    return best;
  }

  /** Concepts whose title or alias is closest to the text, for "did you mean". */
  closestConcepts(text: string, limit = 3): Concept[] {
    this.nameFuse ??= new Fuse(
      this.concepts.map((c, pos) => ({ pos, names: [c.title, ...c.aliases] })),
      { keys: ['names'], includeScore: true, threshold: 0.5, ignoreLocation: true },
    );
    const q = normalize(text).slice(0, 64);
    if (!q) return [];
    return this.nameFuse.search(q, { limit }).map((r) => this.concepts[r.item.pos]!);
  }

  conceptById(id: string): Concept | undefined {
    const pos = this.conceptPos.get(id);
    return pos === undefined ? undefined : this.concepts[pos];
  }

  ask(question: string): AskResult {
    const query = question.slice(0, MAX_QUERY_CHARS);
    const corrections: { from: string; to: string }[] = [];
    const qTerms: string[] = [];
    for (const w of words(query).slice(0, MAX_QUERY_TERMS)) {
      const s = stem(w);
      if (this.conceptIndex.postings.has(s) || this.knownWords.has(w)) {
        qTerms.push(s);
        continue;
      }
      const fixed = this.correct(w);
      if (fixed) {
        corrections.push({ from: w, to: fixed });
        qTerms.push(stem(fixed));
      } else qTerms.push(s); // unknown: it still counts against coverage
    }
    const empty: AskResult = { query, confident: false, matches: [], related: [], suggestions: [], corrections };
    if (qTerms.length === 0) return empty;

    // Concept scores: BM25F plus a phrase bonus for titles and aliases found in the question.
    const unique = [...new Set(qTerms)];
    const { docs, scores } = this.conceptIndex.search(unique);
    const phraseBonus = new Map<number, number>();
    for (let i = 0; i < qTerms.length; i++) {
      for (const p of this.phrasesByFirstTerm.get(qTerms[i]!) ?? []) {
        if (i + p.terms.length > qTerms.length) continue;
        let ok = true;
        for (let k = 1; k < p.terms.length && ok; k++) ok = qTerms[i + k] === p.terms[k];
        if (!ok) continue;
        let weight = 0;
        for (const t of p.terms) weight += this.conceptIndex.idf.get(t) ?? 0;
        // A longer phrase is stronger evidence than its words apart; a phrase that is the whole question most.
        const bonus = weight * (p.terms.length > 1 ? 1.5 : 0.75) * (p.terms.length === qTerms.length ? 2 : 1);
        phraseBonus.set(p.concept, Math.max(phraseBonus.get(p.concept) ?? 0, bonus));
      }
    }
    const ranked = docs
      .map((pos) => ({ pos, score: scores[pos]! + (phraseBonus.get(pos) ?? 0) }))
      .sort((a, b) => b.score - a.score);
    this.conceptIndex.reset(docs);

    const top = ranked[0];
    if (!top) return { ...empty, suggestions: this.closestConcepts(query) };

    // Coverage: how much of the question's weight the best concept explains. Unknown words weigh the most.
    let total = 0;
    let covered = 0;
    const topConcept = this.concepts[top.pos]!;
    for (const t of unique) {
      const w = this.conceptIndex.idf.get(t) ?? this.maxIdf;
      total += w;
      if (this.conceptIndex.postings.get(t)?.some((p) => p.doc === top.pos)) covered += w;
    }
    const coverage = total > 0 ? covered / total : 0;
    const confident = coverage >= this.minCoverage || (phraseBonus.get(top.pos) ?? 0) > 0 && coverage >= this.minCoverage * 0.6;
    if (!confident) {
      const suggestions = ranked.slice(0, 3).map((r) => this.concepts[r.pos]!);
      return { ...empty, suggestions: suggestions.length ? suggestions : this.closestConcepts(query) };
    }

    // Takeaways of the leading concepts, ordered by concept score plus their own match.
    const leaders = ranked.filter((r) => r.score >= top.score * 0.75).slice(0, 3);
    const { docs: tdocs, scores: tscores } = this.takeawayIndex.search(unique);
    const candidates: AskMatch[] = [];
    for (const r of leaders) {
      for (const d of this.takeawaysOf[r.pos]!) {
        candidates.push({ concept: this.concepts[r.pos]!, takeaway: this.takeawayDocs[d]!, score: r.score + 0.5 * tscores[d]! });
      }
    }
    this.takeawayIndex.reset(tdocs);
    candidates.sort((a, b) => b.score - a.score || a.takeaway.index - b.takeaway.index);
    const best = candidates[0]!.score;
    const matches = candidates.filter((m) => m.score >= best * 0.6).slice(0, 3);

    const shown = new Set(matches.map((m) => m.concept.id));
    const related: Concept[] = [];
    const pushRelated = (c: Concept | undefined) => {
      if (c && !shown.has(c.id) && related.length < 3) {
        shown.add(c.id);
        related.push(c);
      }
    };
    for (const id of topConcept.related) pushRelated(this.conceptById(id));
    for (const r of ranked.slice(1, 6)) if (r.score >= top.score * 0.3) pushRelated(this.concepts[r.pos]);
    return { query, confident: true, matches, related, suggestions: [], corrections };
  }
}
