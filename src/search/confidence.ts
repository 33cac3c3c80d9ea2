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
}

export type Decision =
  | { confident: true; because: 'name' | 'phrase' | 'words' }
  | { confident: false; because: 'vague-name' | 'weak' };

/**
 * Whether /ask answers or says it has no confident match. A pure function of the evidence, so the bench can sweep
 * the parameters and a test can state each rule:
 *  - a question that is a concept's name, or a short question made of a name's words shared by few concepts, is
 *    answered (names are the strongest evidence people give);
 *  - a title or alias inside a longer question is answered when the concept also covers enough of the question;
 *  - otherwise the concept must cover `minCoverage` of the question *and* hold `minEvidence` of subject words.
 */
export function decide(e: Evidence, p: Pick<SearchParams, 'minCoverage' | 'minEvidence' | 'phraseMinCoverage' | 'maxNameCandidates'>): Decision {
  if (e.exactName) return { confident: true, because: 'name' };
  if (e.nameCandidates > 0) {
    return e.nameCandidates <= p.maxNameCandidates ? { confident: true, because: 'name' } : { confident: false, because: 'vague-name' };
  }
  if (e.phraseWords > 0 && e.coverage >= p.phraseMinCoverage) return { confident: true, because: 'phrase' };
  if (e.coverage >= p.minCoverage && e.weight >= p.minEvidence) return { confident: true, because: 'words' };
  return { confident: false, because: 'weak' };
}
