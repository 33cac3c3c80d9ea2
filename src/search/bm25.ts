// BM25 (Robertson–Spärck Jones) with the usual constants; documents are weighted bags of terms, so a field weight
// (title ×4, alias ×3…) is simply a repeated term.
const K1 = 1.2;
const B = 0.75;

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

  constructor(docs: Map<string, number>[]) {
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
        const norm = K1 * (1 - B + (B * this.lengths[doc]!) / this.avgLength);
        scores.set(doc, (scores.get(doc) ?? 0) + (idf * tf * (K1 + 1)) / (tf + norm));
      }
    }
    return scores;
  }

  holds(term: string, doc: number): boolean {
    return this.docTerms[doc]!.has(term);
  }
}
