import type { SearchParams } from './search-params.js';

/** What the ranking found out about the best concept for a question; the input of the confidence decision. */
export interface Evidence {
  /** Share (0–1) of the question's word weight (IDF) the best concept holds. */
  coverage: number;
  /** Weight of the subject words the best concept holds, in units of the rarest word's IDF. */
  weight: number;
  /** The question is exactly the best concept's title or alias (typos corrected). */
  exactName: boolean;
  /** A short question all of whose words sit in the best concept's name, and how many concepts share them. */
  nameCandidates: number;
  /** The longest title or alias of the best concept found as a phrase in the question, in words (0: none). */
  phraseWords: number;
  /** The best concept's best `asked:` phrasing match (BM25), in units of the rarest word's IDF. */
  asked: number;
  /** The best concept's score, in units of the rarest word's IDF. */
  score: number;
  /** (best − second best) / best score, 0–1. */
  margin: number;
  /** Share (0–1) of the question's weight in words the notes never use. */
  unknownShare: number;
  /** Share (0–1) of the question's weight in words neither the notes nor ordinary English use (rebase, regex). */
  foreignShare: number;
  /** How many words the question has after stop words. */
  words: number;
  /** Share (0–1) of the question a single off-topic example of the notes holds (SearchIndex, `off-topic.txt`). */
  offTopic: number;
  /** The best concept has `asked:` phrasings; the fitted model assumes it (notes without them use the rules). */
  hasAsked: boolean;
}

/**
 * The evidence as the inputs of the two logistic models (`confidenceWeights`, `suggestionWeights`), in their weights'
 * order: [1, coverage, weight, phrase words (≤ 3) / 3, asked, score / 10, margin, unknown share, foreign share,
 * ln(1 + words), off-topic share].
 */
export function confidenceFeatures(e: Evidence): number[] {
  return [1, e.coverage, e.weight, Math.min(e.phraseWords, 3) / 3, e.asked, e.score / 10, e.margin, e.unknownShare, e.foreignShare, Math.log1p(e.words), e.offTopic];
}

/**
 * A logistic model's probability, 0–1: with `confidenceWeights`, that the best concept is the right answer; with
 * `suggestionWeights`, that a refused question is about the notes at all. Missing weights count as 0.
 */
export function confidenceOf(e: Evidence, weights: readonly number[]): number {
  const f = confidenceFeatures(e);
  let z = 0;
  for (let i = 0; i < f.length; i++) z += (weights[i] ?? 0) * f[i]!;
  return 1 / (1 + Math.exp(-z));
}

export type Decision =
  | { confident: true; because: 'name' | 'phrase' | 'words' | 'model' }
  | { confident: false; because: 'vague-name' | 'weak' };

/**
 * Whether /ask answers or says it has no confident match. A pure function of the evidence, so the bench can sweep
 * the parameters and a test can state each rule:
 *  - a question that is a concept's name, or a short question made of a name's words shared by few concepts, is
 *    answered (names are the strongest evidence people give);
 *  - a title or alias of several words inside a longer question is answered when the concept also covers
 *    `phraseMinCoverage` of the question;
 *  - a question one of the notes' off-topic examples holds almost whole (`offTopicQuiet`) is refused: the notes
 *    themselves say it is not theirs;
 *  - a one-word title or alias inside the question ("how does quantization affect latency") answers when the concept
 *    covers `oneWordPhraseMinCoverage` of the question and leads the runner-up by `oneWordPhraseMinMargin`;
 *  - otherwise, with a fitted model (`confidenceWeights`, logistic regression fitted by bench/fit-confidence.ts on the
 *    tuning sets), the model's probability must reach `confidenceThreshold` — only for a concept with `asked:`
 *    phrasings, since the model was fitted on notes that have them;
 *  - without one (or for notes without phrasings), the concept must cover `minCoverage` of the question *and* hold `minEvidence` of subject words,
 *    or hold a title or alias as a phrase and cover `phraseMinCoverage`.
 */
export function decide(
  e: Evidence,
  p: Pick<SearchParams, 'minCoverage' | 'minEvidence' | 'phraseMinCoverage' | 'oneWordPhraseMinCoverage' | 'oneWordPhraseMinMargin' | 'maxNameCandidates' | 'confidenceWeights' | 'confidenceThreshold' | 'offTopicQuiet'>,
): Decision {
  const ruled = decideByNames(e, p);
  if (ruled) return ruled;
  if (p.confidenceWeights.length && e.hasAsked) {
    return confidenceOf(e, p.confidenceWeights) >= p.confidenceThreshold ? { confident: true, because: 'model' } : { confident: false, because: 'weak' };
  }
  if (e.phraseWords > 0 && e.coverage >= p.phraseMinCoverage) return { confident: true, because: 'phrase' };
  if (e.coverage >= p.minCoverage && e.weight >= p.minEvidence) return { confident: true, because: 'words' };
  return { confident: false, because: 'weak' };
}

/**
 * The rules decide() applies before any model: names, names inside the question, and the notes' off-topic examples.
 * Returns their decision, or undefined when they leave the question to the model (or to the coverage rules).
 * bench/fit-confidence.ts leaves the questions these rules answer out of the model's rows: the model never sees them.
 */
export function decideByNames(
  e: Evidence,
  p: Pick<SearchParams, 'phraseMinCoverage' | 'oneWordPhraseMinCoverage' | 'oneWordPhraseMinMargin' | 'maxNameCandidates' | 'offTopicQuiet'>,
): Decision | undefined {
  if (e.exactName) return { confident: true, because: 'name' };
  if (e.nameCandidates > 0) {
    return e.nameCandidates <= p.maxNameCandidates ? { confident: true, because: 'name' } : { confident: false, because: 'vague-name' };
  }
  // A title or alias of several words inside the question names the concept as surely as the name alone.
  if (e.phraseWords >= 2 && e.coverage >= p.phraseMinCoverage) return { confident: true, because: 'phrase' };
  // A question one of the notes' off-topic examples holds almost whole is the chat the notes say they do not cover.
  if (e.offTopic >= p.offTopicQuiet) return { confident: false, because: 'weak' };
  // A one-word name inside the question, when its concept clearly leads and covers enough of the question.
  if (e.phraseWords === 1 && e.coverage >= p.oneWordPhraseMinCoverage && e.margin >= p.oneWordPhraseMinMargin) return { confident: true, because: 'phrase' };
  return undefined;
}
