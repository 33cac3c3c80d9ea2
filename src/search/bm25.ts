// BM25 (Robertson–Spärck Jones) with the usual constants; documents are weighted bags of terms, so a field weight
// (title ×4, alias ×3…) is simply a repeated term.
/** BM25's usual constants (Robertson & Zaragoza 2009): term-frequency saturation and length normalisation. */
export const BM25_DEFAULTS = { k1: 1.2, b: 0.75 };

interface Posting {
  doc: number;
  tf: number;
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

  /** Scores every document holding a query term, each term weighted; returns doc → score. */
  search(queryTerms: ReadonlyMap<string, number>): Map<number, number> {
    const scores = new Map<number, number>();
    for (const [term, weight] of queryTerms) {
      const list = this.postings.get(term);
      if (!list) continue;
      const idf = this.idf.get(term)! * weight;
      for (const { doc, tf } of list) {
        const norm = this.k1 * (1 - this.b + (this.b * this.lengths[doc]!) / this.avgLength);
        scores.set(doc, (scores.get(doc) ?? 0) + (idf * tf * (this.k1 + 1)) / (tf + norm));
      }
    }
    return scores;
  }

  holds(term: string, doc: number): boolean {
    return this.docTerms[doc]!.has(term);
  }
}
