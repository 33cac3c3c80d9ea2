// BM25 (Robertson–Spärck Jones) with the usual constants; documents are weighted bags of terms, so a field weight
// (title ×4, alias ×3…) is simply a repeated term.
/** BM25's usual constants (Robertson & Zaragoza 2009): term-frequency saturation and length normalisation. */
export const BM25_DEFAULTS = { k1: 1.2, b: 0.75 };

interface Posting {
  doc: number;
  tf: number;
  /** The term's BM25 weight in this document before IDF: tf·(k1 + 1) / (tf + k1·(1 − b + b·len/avg)). */
  part: number;
}

/** A small BM25 inverted index over weighted bags of terms. */
export class Bm25 {
  readonly postings = new Map<string, Posting[]>();
  private readonly lengths: Float64Array;
  private readonly avgLength: number;
  readonly idf = new Map<string, number>();
  private readonly docTerms: ReadonlyMap<string, number>[];

  private readonly k1: number;
  private readonly b: number;

  /** @param docs one weighted bag of terms per document; @param constants k1 and b, BM25's usual ones by default. */
  constructor(docs: Map<string, number>[], constants: { k1: number; b: number } = BM25_DEFAULTS) {
    this.k1 = constants.k1;
    this.b = constants.b;
    this.docTerms = docs;
    this.lengths = new Float64Array(docs.length);
    docs.forEach((bag, doc) => {
      let len = 0;
      for (const [term, tf] of bag) {
        len += tf;
        let list = this.postings.get(term);
        if (!list) this.postings.set(term, (list = []));
        list.push({ doc, tf, part: 0 });
      }
      this.lengths[doc] = len;
    });
    this.avgLength = docs.length ? this.lengths.reduce((a, b) => a + b, 0) / docs.length : 1;
    const n = docs.length;
    for (const [term, list] of this.postings) {
      this.idf.set(term, Math.log(1 + (n - list.length + 0.5) / (list.length + 0.5)));
      // The per-document part of the score depends only on the document: computed once here, not per question.
      for (const posting of list) {
        const norm = this.k1 * (1 - this.b + (this.b * this.lengths[posting.doc]!) / this.avgLength);
        posting.part = (posting.tf * (this.k1 + 1)) / (posting.tf + norm);
      }
    }
    this.acc = new Float64Array(n);
    this.touchedFlag = new Uint8Array(n);
  }

  /** Scratch accumulator for search(), one slot per document (reset after each search). */
  private readonly acc: Float64Array;
  /** Scratch marks of the documents accumulate() has touched (a zero score, from a zero weight, still counts). */
  private readonly touchedFlag: Uint8Array;

  /** Scores every document holding a query term, each term weighted; returns doc → score. */
  search(queryTerms: ReadonlyMap<string, number>): Map<number, number> {
    const scores = new Map<number, number>();
    for (const doc of this.accumulate(queryTerms)) {
      scores.set(doc, this.acc[doc]!);
      this.acc[doc] = 0;
    }
    return scores;
  }

  /** Adds each matching document's score into the scratch array; returns the documents touched (reset them after). */
  private accumulate(queryTerms: ReadonlyMap<string, number>): number[] {
    const acc = this.acc;
    const touched: number[] = [];
    for (const [term, weight] of queryTerms) {
      const list = this.postings.get(term);
      if (!list) continue;
      const idf = this.idf.get(term)! * weight;
      for (const { doc, part } of list) {
        if (!this.touchedFlag[doc]) {
          this.touchedFlag[doc] = 1;
          touched.push(doc);
        }
        acc[doc]! += idf * part;
      }
    }
    for (const doc of touched) this.touchedFlag[doc] = 0;
    return touched;
  }

  /**
   * The best document score per owner (documents grouped by `ownerOf[doc]`, e.g. the concept of each phrasing), for
   * the same question as search(); faster than search() then grouping, since no per-document map is built.
   * @returns owner → its best document's score, for every owner with a matching document
   */
  bestBy(queryTerms: ReadonlyMap<string, number>, ownerOf: readonly number[]): Map<number, number> {
    const acc = this.acc;
    const best = new Map<number, number>();
    for (const doc of this.accumulate(queryTerms)) {
      const o = ownerOf[doc]!;
      const s = acc[doc]!;
      acc[doc] = 0;
      if (s > (best.get(o) ?? 0)) best.set(o, s);
    }
    return best;
  }

  holds(term: string, doc: number): boolean {
    return this.docTerms[doc]!.has(term);
  }
}
