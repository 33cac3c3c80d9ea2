import { editDistance } from './text.js';

const LETTERS = 'abcdefghijklmnopqrstuvwxyz';

/**
 * Every string one edit away from `word`: a letter deleted, two neighbours swapped, a letter replaced or inserted
 * (Norvig, "How to Write a Spelling Corrector", 2007). About 54·n + 25 strings for n letters.
 */
export function edits1(word: string): string[] {
  const out: string[] = [];
  for (let i = 0; i <= word.length; i++) {
    const a = word.slice(0, i);
    const b = word.slice(i);
    if (b) out.push(a + b.slice(1));
    if (b.length > 1) out.push(a + b[1] + b[0] + b.slice(2));
    for (const c of LETTERS) {
      if (b) out.push(a + c + b.slice(1));
      out.push(a + c + b);
    }
  }
  return out;
}

/**
 * Corrects typos against the words the notes use, within an edit-distance bound (Damerau–Levenshtein): one edit for
 * words of up to 7 letters, two for longer ones. Words under 4 letters or with digits are never corrected. For words
 * of 7 letters or more the first letter is taken as typed (people rarely mistype it): candidates are the notes words
 * with the same first letter whose length is within the bound — a few hundred at most, each compared with a bounded
 * edit distance that stops as soon as the bound is passed. (Fuse proposed them until 2026-12-01: a Fuse search over
 * one first letter's words took 1–6 ms for a new word, most of /ask's p95 on questions never seen before.)
 */
export class Speller {
  /** Notes words by first letter and length: `c9` → ["cardinali", …]. */
  private readonly byLetterLength = new Map<string, string[]>();
  private readonly cache = new Map<string, string | null>();

  /**
   * @param vocabulary every surface word of the notes (lower case) with how often the notes use it; among equally
   *   close words the more frequent one wins ("feture" → feature, not future).
   */
  constructor(private readonly vocabulary: ReadonlyMap<string, number>) {
    for (const w of vocabulary.keys()) {
      if (w.length < 4 || /\d/.test(w)) continue;
      const key = w[0]! + w.length;
      let list = this.byLetterLength.get(key);
      if (!list) this.byLetterLength.set(key, (list = []));
      list.push(w);
    }
  }

  /**
   * The known word a typo most likely meant, or null when none is close enough. Short words (4–6 letters: "egde",
   * "stroe") take the most frequent notes word one edit away; longer ones the closest notes word within the bound
   * (the more frequent of equally close ones).
   */
  correct(word: string): string | null {
    if (word.length < 4 || /\d/.test(word)) return null;
    const cached = this.cache.get(word);
    if (cached !== undefined) return cached;
    if (word.length <= 6) {
      let best: string | null = null;
      for (const e of edits1(word)) if ((this.vocabulary.get(e) ?? 0) > (best ? this.vocabulary.get(best)! : 0)) best = e;
      this.remember(word, best);
      return best;
    }
    const maxEdits = word.length <= 7 ? 1 : 2;
    let best: string | null = null;
    let bestDistance = maxEdits + 1;
    for (let length = word.length - maxEdits; length <= word.length + maxEdits; length++) {
      for (const known of this.byLetterLength.get(word[0]! + length) ?? []) {
        const d = editDistance(word, known, maxEdits);
        if (d < bestDistance || (d === bestDistance && best !== null && (this.vocabulary.get(known) ?? 0) > (this.vocabulary.get(best) ?? 0))) {
          bestDistance = d;
          best = known;
        }
      }
    }
    this.remember(word, best);
    return best;
  }

  private remember(word: string, fixed: string | null): void {
    if (this.cache.size > 10_000) this.cache.clear();
    this.cache.set(word, fixed);
  }
}
