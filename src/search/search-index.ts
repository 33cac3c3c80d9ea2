import Fuse from 'fuse.js';
import type { Concept, Library, Takeaway } from '../content/types.js';
import { Bm25 } from './bm25.js';
import { COMMON_WORDS } from './common-words.js';
import { expansions } from './synonyms.js';
import { editDistance, normalize, stem, words } from './text.js';

/*
 * Why not Fuse over the takeaways: measured 20–90 ms per multi-word question at 300 notes and poor ranking of
 * chatty questions (PLATFORM-NOTES.md; the bench's naive baseline shows both). Instead:
 *  - an inverted index with BM25F over stemmed words ranks *concepts*: title and aliases weigh more than takeaway
 *    text; the concept's best single takeaway adds to it; a title or alias found in the question as a phrase adds
 *    a bonus, and a question that *is* a concept's name wins outright;
 *  - chat shorthand is expanded (avg → average, prod → production; synonyms.ts) at a lower weight;
 *  - Fuse does what it is good at, short strings: it proposes corrections for typos against the vocabulary (one
 *    small Fuse per first letter, an edit-distance bound decides) and finds "did you mean" concepts by name;
 *  - a question is answered only when the best concept covers enough of it (by IDF) *and* holds enough subject
 *    words (everyday words count a quarter; common-words.ts), so off-topic questions get "no confident match".
 * The constants were chosen on test/ask-set and checked on test/ask-set-holdout, written later by someone who saw
 * neither the first set nor this code; `npm run bench` prints both.
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
  /** Why it is (not) confident: share of the question's weight the best concept covers, and that weight. */
  evidence: { coverage: number; weight: number };
}

export interface SearchOptions {
  /** Share of the question's weight the best concept must cover to count as a confident match. */
  minCoverage?: number;
  /**
   * Weight of subject words the best concept must hold, unless the question names it by title or alias, in units
   * of the rarest word's IDF (so it means the same for ten concepts as for a thousand): 1 ≈ one rare subject word.
   */
  minEvidence?: number;
}

const FIELD_WEIGHTS = { title: 4, alias: 3, section: 0.5, text: 1 };
const MAX_QUERY_CHARS = 500;
const MAX_QUERY_TERMS = 40;
/** Weight of a chat word's expansion (avg → average) against the word itself. */
const EXPANSION_WEIGHT = 0.6;
/** How much a word the notes never use weighs in coverage, against the rarest word they do use. */
const UNKNOWN_WORD_WEIGHT = 1;
/** How much an everyday word (see common-words.ts) counts as evidence, against a subject word. */
const COMMON_WORD_EVIDENCE = 0.25;
/** How many names that share letter trigrams with a garbled question Fuse ranks for "did you mean". */
const NAME_CANDIDATES = 20;
/** Share of the evidence threshold near misses need before they are offered as "did you mean". */
const SUGGESTION_EVIDENCE = 0.6;
/** Weight of a concept's best single takeaway beside the whole card's score. */
const TAKEAWAY_WEIGHT = 0.5;

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
  private readonly conceptOfTakeaway: number[] = [];
  private readonly conceptPos = new Map<string, number>();
  private readonly phrasesByFirstTerm = new Map<string, Phrase[]>();
  /** Normalized title or alias → concept, for questions that are exactly a concept's name. */
  private readonly exactNames = new Map<string, number>();
  /** Every surface word of the notes, by its first letter, for typo correction. */
  private readonly vocabulary = new Map<string, string[]>();
  private readonly knownWords = new Set<string>();
  private readonly fuzzyByLetter = new Map<string, Fuse<string>>();
  private readonly corrections = new Map<string, string | null>();
  /** Every title and alias, normalized, with its concept. */
  private readonly names: { pos: number; name: string }[] = [];
  private nameGrams?: Map<string, number[]>;
  private readonly maxIdf: number;
  private readonly minCoverage: number;
  private readonly minEvidence: number;

  constructor(lib: Pick<Library, 'concepts'>, options: SearchOptions = {}) {
    this.minCoverage = options.minCoverage ?? 0.3;
    this.minEvidence = options.minEvidence ?? 1.05;
    this.concepts = lib.concepts;
    const conceptBags: Map<string, number>[] = [];
    const takeawayBags: Map<string, number>[] = [];
    this.takeawayDocs = [];
    this.takeawaysOf = [];
    // Every text is split once: its words feed the typo vocabulary, their stems the index.
    const read = (text: string): string[] => {
      const ws = words(text);
      for (const w of ws) this.knownWords.add(w);
      return ws.map(stem);
    };
    this.concepts.forEach((c, pos) => {
      this.conceptPos.set(c.id, pos);
      const bag = new Map<string, number>();
      const nameTerms = [c.title, ...c.aliases].map(read);
      nameTerms.forEach((ts, i) => addTerms(bag, ts, i === 0 ? FIELD_WEIGHTS.title : FIELD_WEIGHTS.alias));
      addTerms(bag, read(c.section), FIELD_WEIGHTS.section);
      const mine: number[] = [];
      for (const t of c.takeaways) {
        const tts = read(t.text);
        addTerms(bag, tts, FIELD_WEIGHTS.text);
        const tbag = new Map<string, number>();
        addTerms(tbag, tts, 1);
        mine.push(this.takeawayDocs.length);
        this.conceptOfTakeaway.push(pos);
        this.takeawayDocs.push(t);
        takeawayBags.push(tbag);
      }
      this.takeawaysOf.push(mine);
      conceptBags.push(bag);
      [c.title, ...c.aliases].forEach((name, i) => {
        const key = normalize(name);
        if (!this.exactNames.has(key)) this.exactNames.set(key, pos);
        this.names.push({ pos, name: key });
        const pts = nameTerms[i]!;
        if (pts.length === 0) return;
        const first = pts[0]!;
        let list = this.phrasesByFirstTerm.get(first);
        if (!list) this.phrasesByFirstTerm.set(first, (list = []));
        list.push({ concept: pos, terms: pts });
      });
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
    let maxIdf = 1;
    for (const v of this.conceptIndex.idf.values()) if (v > maxIdf) maxIdf = v;
    this.maxIdf = maxIdf;
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

  /**
   * Concepts whose title or alias is closest to the text, for "did you mean". Fuse over every name costs tens of
   * milliseconds at a few thousand concepts, so names sharing the most letter trigrams with the text are picked
   * first and Fuse ranks only those.
   */
  closestConcepts(text: string, limit = 3): Concept[] {
    // Bitap works on 32 characters at a time; a name is rarely longer, and a longer question is not a name.
    const q = normalize(text).slice(0, 32);
    if (!q) return [];
    if (!this.nameGrams) {
      this.nameGrams = new Map();
      this.names.forEach((n, i) => {
        for (const g of trigrams(n.name)) {
          let list = this.nameGrams!.get(g);
          if (!list) this.nameGrams!.set(g, (list = []));
          list.push(i);
        }
      });
    }
    const shared = new Map<number, number>();
    for (const g of trigrams(q)) for (const i of this.nameGrams.get(g) ?? []) shared.set(i, (shared.get(i) ?? 0) + 1);
    const candidates = [...shared]
      .sort((a, b) => b[1] - a[1])
      .slice(0, NAME_CANDIDATES)
      .map(([i]) => this.names[i]!);
    const fuse = new Fuse(candidates, { keys: ['name'], includeScore: true, threshold: 0.3, ignoreLocation: true });
    const found: Concept[] = [];
    for (const r of fuse.search(q)) {
      const c = this.concepts[r.item.pos]!;
      if (!found.includes(c)) found.push(c);
      if (found.length === limit) break;
    }
    return found;
  }

  conceptById(id: string): Concept | undefined {
    const pos = this.conceptPos.get(id);
    return pos === undefined ? undefined : this.concepts[pos];
  }

  /** Query words → weighted terms: known words as they are, typos corrected, chat words expanded. */
  private queryTerms(query: string): {
    terms: Map<string, number>;
    sequence: string[];
    corrections: { from: string; to: string }[];
    common: Set<string>;
    /** Each question word's stem with the stems of its expansions, for coverage. */
    groups: Map<string, string[]>;
  } {
    const corrections: { from: string; to: string }[] = [];
    const common = new Set<string>();
    const groups = new Map<string, string[]>();
    const sequence: string[] = [];
    const weights = new Map<string, number>();
    const add = (t: string, w: number) => weights.set(t, Math.max(weights.get(t) ?? 0, w));
    for (const w of words(query).slice(0, MAX_QUERY_TERMS)) {
      let s = stem(w);
      if (!this.conceptIndex.postings.has(s) && !this.knownWords.has(w)) {
        const fixed = expansions(w).length ? null : this.correct(w);
        if (fixed) {
          corrections.push({ from: w, to: fixed });
          s = stem(fixed);
        }
      }
      sequence.push(s);
      add(s, 1);
      if (COMMON_WORDS.has(w)) common.add(s);
      const alternatives = expansions(w).map(stem);
      for (const e of alternatives) add(e, EXPANSION_WEIGHT);
      groups.set(s, [...(groups.get(s) ?? []), ...alternatives]);
    }
    return { terms: weights, sequence, corrections, common, groups };
  }

  ask(question: string): AskResult {
    const query = question.slice(0, MAX_QUERY_CHARS);
    const { terms: qTerms, sequence, corrections, common, groups } = this.queryTerms(query);
    const empty: AskResult = { query, confident: false, matches: [], related: [], suggestions: [], corrections, evidence: { coverage: 0, weight: 0 } };
    if (qTerms.size === 0) return empty;

    // Concept scores: BM25F over the whole card, plus its best single takeaway (a question is usually about one
    // idea), plus a bonus when the question contains the concept's title or an alias as a phrase.
    const conceptScores = this.conceptIndex.search(qTerms);
    const takeawayScores = this.takeawayIndex.search(qTerms);
    const bestTakeaway = new Map<number, number>();
    for (const [d, score] of takeawayScores) {
      const pos = this.conceptOfTakeaway[d]!;
      bestTakeaway.set(pos, Math.max(bestTakeaway.get(pos) ?? 0, score));
    }
    const phraseBonus = this.phraseBonus(sequence);
    const exact = this.exactNames.get(normalize(query));
    if (exact !== undefined) phraseBonus.set(exact, (phraseBonus.get(exact) ?? 0) + 2 * this.maxIdf);
    const ranked = [...conceptScores]
      .map(([pos, score]) => ({ pos, score: score + TAKEAWAY_WEIGHT * (bestTakeaway.get(pos) ?? 0) + (phraseBonus.get(pos) ?? 0) }))
      .sort((a, b) => b.score - a.score);

    const top = ranked[0];
    if (!top) return { ...empty, suggestions: this.closestConcepts(query) };

    // Coverage: how much of the question's own words (not expansions) the best concept explains, by IDF.
    // Words the notes never use weigh as much as the rarest known word: off-topic questions are made of them.
    let total = 0;
    let covered = 0;
    let weight = 0;
    for (const [t, alternatives] of groups) {
      // A word counts through itself or, when the notes say it differently, through its expansions (avg → average).
      const known = this.conceptIndex.idf.get(t);
      const alt = alternatives.map((a) => this.conceptIndex.idf.get(a)).filter((x): x is number => x !== undefined);
      const idf = known ?? (alt.length ? Math.max(...alt) : this.maxIdf * UNKNOWN_WORD_WEIGHT);
      total += idf;
      const held = this.conceptIndex.holds(t, top.pos) || alternatives.some((a) => this.conceptIndex.holds(a, top.pos));
      if (held) {
        covered += idf;
        weight += common.has(t) ? COMMON_WORD_EVIDENCE * idf : idf;
      }
    }
    const coverage = total > 0 ? covered / total : 0;
    const evidence = { coverage: Number(coverage.toFixed(3)), weight: Number(weight.toFixed(2)) };
    const confident = coverage >= this.minCoverage && (weight >= this.minEvidence * this.maxIdf || (phraseBonus.get(top.pos) ?? 0) > 0);
    if (!confident) {
      // "Did you mean" only when the near misses share some subject words with the question; for "tell me a joke"
      // three random cards would be noise, so fall back to names that look alike (often none).
      // A short query is most likely a garbled name ("feture stor"): names that look alike come first.
      const related = weight >= SUGGESTION_EVIDENCE * this.minEvidence * this.maxIdf;
      const byName = sequence.length <= 4 ? this.closestConcepts(query) : [];
      const byWords = related ? ranked.slice(0, 3).map((r) => this.concepts[r.pos]!) : [];
      const suggestions = [...new Set([...byName, ...byWords])].slice(0, 3);
      return { ...empty, evidence, suggestions };
    }

    // Takeaways of the leading concepts, ordered by concept score plus their own match.
    const leaders = ranked.filter((r) => r.score >= top.score * 0.75).slice(0, 3);
    const candidates: AskMatch[] = [];
    for (const r of leaders) {
      for (const d of this.takeawaysOf[r.pos]!) {
        candidates.push({ concept: this.concepts[r.pos]!, takeaway: this.takeawayDocs[d]!, score: r.score + 0.5 * (takeawayScores.get(d) ?? 0) });
      }
    }
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
    for (const r of ranked.slice(1, 6)) if (r.score >= top.score * 0.5) pushRelated(this.concepts[r.pos]);
    for (const id of this.concepts[top.pos]!.related) pushRelated(this.conceptById(id));
    return { query, confident: true, matches, related, suggestions: [], corrections, evidence };
  }

  private phraseBonus(sequence: string[]): Map<number, number> {
    const bonus = new Map<number, number>();
    for (let i = 0; i < sequence.length; i++) {
      for (const p of this.phrasesByFirstTerm.get(sequence[i]!) ?? []) {
        if (i + p.terms.length > sequence.length) continue;
        let ok = true;
        for (let k = 1; k < p.terms.length && ok; k++) ok = sequence[i + k] === p.terms[k];
        if (!ok) continue;
        let weight = 0;
        for (const t of p.terms) weight += this.conceptIndex.idf.get(t) ?? 0;
        // A longer phrase is stronger evidence than its words apart; a phrase that is the whole question most.
        const b = weight * (p.terms.length > 1 ? 1.5 : 0.75) * (p.terms.length === sequence.length ? 2 : 1);
        bonus.set(p.concept, Math.max(bonus.get(p.concept) ?? 0, b));
      }
    }
    return bonus;
  }
}

function trigrams(text: string): Set<string> {
  const padded = ` ${text} `;
  const out = new Set<string>();
  for (let i = 0; i + 3 <= padded.length; i++) out.add(padded.slice(i, i + 3));
  return out;
}
