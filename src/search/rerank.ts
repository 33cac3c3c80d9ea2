/**
 * The learned re-ranking of /ask's leading concepts: a linear score over a few measurements of how well each
 * candidate concept explains the question. The weights are a conditional-logit model (McFadden 1974; the "listwise"
 * softmax ranking loss of Cao et al. 2007, ListNet, with one right answer per list) fitted by bench/fit-rerank.ts on
 * the tuning question sets only. With no weights the first-stage score (BM25F + best takeaway + best phrasing + name
 * bonus) orders the concepts, as it did before.
 */

/** The measurements of one candidate concept, every score in units of the rarest word's IDF. */
export interface CandidateSignals {
  /** BM25F score of the whole card (title, aliases, phrasings, section, takeaways). */
  card: number;
  /** BM25 score of the card's best single takeaway. */
  takeaway: number;
  /** BM25 score of the card's best single `asked:` phrasing. */
  asked: number;
  /** Mean BM25 score of the card's three best phrasings (several phrasings agreeing beat one lucky match). */
  askedTop3: number;
  /** Bonus of a title or alias found in the question as a phrase (and of a question that is a name). */
  names: number;
  /** Share (0–1) of the question's weight the whole card holds. */
  coverage: number;
  /** Share (0–1) of the question's weight one phrasing of the card holds, at best. */
  askedCoverage: number;
  /** Share (0–1) of the question's weight one takeaway of the card holds, at best. */
  takeawayCoverage: number;
  /** Share (0–1) of the question's weight the card's title and aliases hold. */
  nameCoverage: number;
}

/** The signals as the model's inputs, in the order of `SearchParams.rerankWeights`. */
export function rerankFeatures(s: CandidateSignals): number[] {
  return [s.card, s.takeaway, s.asked, s.askedTop3, s.names, s.coverage, s.askedCoverage, s.takeawayCoverage, s.nameCoverage];
}

/** How many features `rerankFeatures` gives: a weights list of another length is refused by `rerankScore`. */
export const RERANK_FEATURES = 9;

/**
 * The re-ranked score of a candidate: the weights' dot product with its features, never below a small positive
 * floor (later rules compare scores as ratios). Throws when the weights do not fit the features (a stale list).
 */
export function rerankScore(s: CandidateSignals, weights: readonly number[]): number {
  if (weights.length !== RERANK_FEATURES) throw new Error(`rerankWeights has ${weights.length} values, expected ${RERANK_FEATURES}`);
  const f = rerankFeatures(s);
  let z = 0;
  for (let i = 0; i < f.length; i++) z += weights[i]! * f[i]!;
  return Math.max(1e-6, z);
}
