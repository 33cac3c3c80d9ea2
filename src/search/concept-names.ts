import Fuse from 'fuse.js';
import type { Concept } from '../content/types.js';
import { normalize } from './text.js';

/** A title or alias of a concept: its normalized text and its stemmed words. */
interface Name {
  concept: number;
  /** The concept's title, not an alias. */
  title: boolean;
  text: string;
  terms: string[];
}

/** A title or alias found inside a question. */
export interface Phrase {
  /** Sum of the IDF of its words. */
  weight: number;
  /** How many words it has. */
  words: number;
  /** Index of its first word in the question's words. */
  start: number;
}

/** How a question names a concept. */
export interface NameMatch {
  /** Concept positions whose title or alias holds every word of the question, best-fitting name first. */
  concepts: number[];
  /** Those among them whose best-fitting names have the fewest extra words. */
  closest: number[];
  /** True when the question is exactly one of the names (after typo correction). */
  exact: boolean;
}

/**
 * Every concept's title and aliases: exact names, names inside a question (phrase bonus), short questions made of a
 * name's words ("canary", "embeddings"), and names that look like a garbled question ("did you mean").
 */
export class ConceptNames {
  private readonly names: Name[] = [];
  private readonly byFirstTerm = new Map<string, Name[]>();
  private readonly byTerm = new Map<string, Set<number>>();
  private readonly exact = new Map<string, number>();
  private grams?: Map<string, number[]>;

  /** @param stemsOf splits and stems a name exactly as questions are split and stemmed. */
  constructor(private readonly concepts: readonly Concept[], stemsOf: (text: string) => string[]) {
    concepts.forEach((c, pos) => {
      [c.title, ...c.aliases].forEach((raw, i) => {
        const text = normalize(raw);
        const terms = stemsOf(raw);
        const name = { concept: pos, title: i === 0, text, terms };
        this.names.push(name);
        const joined = terms.join(' ');
        if (!this.exact.has(text)) this.exact.set(text, pos);
        if (joined && !this.exact.has(`=${joined}`)) this.exact.set(`=${joined}`, pos);
        if (terms.length === 0) return;
        let list = this.byFirstTerm.get(terms[0]!);
        if (!list) this.byFirstTerm.set(terms[0]!, (list = []));
        list.push(name);
        for (const t of terms) {
          let set = this.byTerm.get(t);
          if (!set) this.byTerm.set(t, (set = new Set()));
          set.add(this.names.length - 1);
        }
      });
    });
  }

  /** The concept whose title or alias the text is, or undefined. Compares normalized text, then stemmed words. */
  exactly(text: string, terms: string[]): number | undefined {
    return this.exact.get(normalize(text)) ?? (terms.length ? this.exact.get(`=${terms.join(' ')}`) : undefined);
  }

  /**
   * For a question of stemmed words `terms`: concepts with a name holding every one of them, names with fewer extra
   * words first ("canary" → Canary release before Test in production, whose alias is "canary analysis and
   * shadow traffic"). Undefined when some word is in no name.
   */
  holdingAll(terms: string[]): NameMatch | undefined {
    if (terms.length === 0) return undefined;
    let common: Set<number> | undefined;
    for (const t of new Set(terms)) {
      const with_ = this.byTerm.get(t);
      if (!with_) return undefined;
      common = common ? new Set([...common].filter((n) => with_.has(n))) : new Set(with_);
      if (common.size === 0) return undefined;
    }
    const fit = [...common!].map((n) => this.names[n]!).sort((a, b) => a.terms.length - b.terms.length);
    const concepts: number[] = [];
    for (const n of fit) if (!concepts.includes(n.concept)) concepts.push(n.concept);
    // The concepts whose closest-fitting names are the shortest: "leakage" is most nearly "Data leakage".
    // Among equally short names, titles before aliases.
    const shortest = fit[0]!.terms.length;
    const tied = fit.filter((n) => n.terms.length === shortest);
    const closest: number[] = [];
    for (const n of tied.some((x) => x.title) ? tied.filter((x) => x.title) : tied) if (!closest.includes(n.concept)) closest.push(n.concept);
    const exact = fit.some((n) => n.terms.length === new Set(terms).size && n.terms.length === terms.length);
    return { concepts, closest, exact };
  }

  /**
   * Titles and aliases found as consecutive words in the question: concept position → the IDF weight of the name's
   * words, how many words it has and where in the question it starts; the heaviest per concept.
   */
  phrasesIn(sequence: string[], idf: (term: string) => number): Map<number, Phrase> {
    const found = new Map<number, Phrase>();
    for (let i = 0; i < sequence.length; i++) {
      for (const p of this.byFirstTerm.get(sequence[i]!) ?? []) {
        if (i + p.terms.length > sequence.length) continue;
        let ok = true;
        for (let k = 1; k < p.terms.length && ok; k++) ok = sequence[i + k] === p.terms[k];
        if (!ok) continue;
        let weight = 0;
        for (const t of p.terms) weight += idf(t);
        const prev = found.get(p.concept);
        if (!prev || weight > prev.weight) found.set(p.concept, { weight, words: p.terms.length, start: i });
      }
    }
    return found;
  }

  /**
   * Names mostly present in the question, in any order ("classification vs regression" holds most of
   * "Classification vs regression tasks"): concept position → the IDF of the name's words present, times the share
   * of the name's IDF they make, squared; the best name per concept. Names whose present share is under `minShare`
   * are ignored.
   */
  namesMostlyIn(terms: ReadonlySet<string>, idf: (term: string) => number, minShare: number): Map<number, number> {
    const out = new Map<number, number>();
    const seen = new Set<number>();
    for (const t of terms) {
      for (const n of this.byTerm.get(t) ?? []) {
        if (seen.has(n)) continue;
        seen.add(n);
        const name = this.names[n]!;
        let present = 0;
        let all = 0;
        for (const nt of new Set(name.terms)) {
          const w = idf(nt);
          all += w;
          if (terms.has(nt)) present += w;
        }
        if (all === 0 || present / all < minShare) continue;
        const v = present * (present / all) ** 2;
        if (v > (out.get(name.concept) ?? 0)) out.set(name.concept, v);
      }
    }
    return out;
  }

  /**
   * Concepts whose title or alias is closest to the text, for "did you mean". Fuse over every name costs tens of
   * milliseconds at a few thousand concepts, so the `candidates` names sharing the most letter trigrams with the
   * text are picked first and Fuse (threshold `fuzziness`) ranks only those.
   */
  closest(text: string, limit: number, candidates: number, fuzziness: number): Concept[] {
    // Bitap works on 32 characters at a time; a name is rarely longer, and a longer question is not a name.
    const q = normalize(text).slice(0, 32);
    if (!q) return [];
    if (!this.grams) {
      this.grams = new Map();
      this.names.forEach((n, i) => {
        for (const g of trigrams(n.text)) {
          let list = this.grams!.get(g);
          if (!list) this.grams!.set(g, (list = []));
          list.push(i);
        }
      });
    }
    const shared = new Map<number, number>();
    for (const g of trigrams(q)) for (const i of this.grams.get(g) ?? []) shared.set(i, (shared.get(i) ?? 0) + 1);
    const picked = [...shared]
      .sort((a, b) => b[1] - a[1])
      .slice(0, candidates)
      .map(([i]) => this.names[i]!);
    const fuse = new Fuse(picked, { keys: ['text'], includeScore: true, threshold: fuzziness, ignoreLocation: true });
    const found: Concept[] = [];
    for (const r of fuse.search(q)) {
      const c = this.concepts[r.item.concept]!;
      if (!found.includes(c)) found.push(c);
      if (found.length === limit) break;
    }
    return found;
  }
}

function trigrams(text: string): Set<string> {
  const padded = ` ${text} `;
  const out = new Set<string>();
  for (let i = 0; i + 3 <= padded.length; i++) out.add(padded.slice(i, i + 3));
  return out;
}
