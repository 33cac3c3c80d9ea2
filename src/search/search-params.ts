/**
 * Every tuning value of /ask in one place, so `bench/tune.ts` can sweep them and a change to one is visible in
 * review. The defaults were chosen on the tuning sets (test/support/ask-floors.ts TUNING_SETS: the developers' set, the
 * holdout and the blind tuning sets; the ranking values by bench/tune.ts on the sets of their day, the confidence model
 * by bench/fit-confidence.ts on all six blind sets); the independent set in
 * test/ask-set-independent was written blind and is only reported on.
 */
export interface SearchParams {
  /** BM25 constants of the concept index: term-frequency saturation and length normalisation. */
  k1: number;
  b: number;
  /** BM25F field weights: a field's words count this many times in the concept's bag of words. */
  fieldWeights: { title: number; alias: number; asked: number; section: number; text: number };
  /** Weight of the concept's best single takeaway (BM25 over takeaways) beside the whole card's score. */
  takeawayWeight: number;
  /** Weight of the concept's best single `asked:` phrasing (BM25 over phrasings) beside the whole card's score. */
  askedWeight: number;
  /** Weight of a chat word's expansion (avg → average) against the word itself. */
  expansionWeight: number;
  /** Phrase bonus per IDF unit of a title or alias found in the question: several words, and one word. */
  phraseMultiWord: number;
  phraseSingleWord: number;
  /** The phrase bonus is multiplied by this when the phrase is the whole question. */
  phraseWholeQuestion: number;
  /**
   * …and by this when a definition question ("what is", "explain", "how does") opens with it: "What is cost-sensitive
   * learning and how does it help with class imbalance?" is about cost-sensitive learning. (Without the opening, a
   * name first in the question is no more its subject: applied to every question it gained nothing.)
   */
  phraseDefinitionLead: number;
  /** Weight of a name mostly present in the question, in any order (see ConceptNames.namesMostlyIn). */
  nameShareWeight: number;
  /** Share of a name's IDF that must be in the question for it to count as mostly present. */
  nameMinShare: number;
  /** Weight of an everyday word in the search itself (subject words weigh 1; log-linear in between). */
  everydayQueryWeight: number;
  /** Bonus, in units of the rarest word's IDF, for a question that is exactly a concept's title or alias. */
  exactNameBonus: number;
  /** Share of the question's weight the best concept must cover to be a confident match. */
  minCoverage: number;
  /**
   * Weight of subject words the best concept must hold, in units of the rarest word's IDF (so it means the same for
   * ten concepts as for a thousand): 1 ≈ one rare subject word.
   */
  minEvidence: number;
  /**
   * Weights of the logistic confidence model over `confidenceFeatures` (confidence.ts), fitted by
   * bench/fit-confidence.ts; empty: the coverage/evidence rules below decide instead.
   */
  confidenceWeights: number[];
  /** The model's probability at or above which /ask answers. */
  confidenceThreshold: number;
  /** Coverage a phrase match (a title or alias inside a longer question) still needs to answer. */
  phraseMinCoverage: number;
  /** A one-word title or alias inside a longer question answers when the concept covers this share of it… */
  oneWordPhraseMinCoverage: number;
  /** …and leads the runner-up by this margin ((best − second) / best). */
  oneWordPhraseMinMargin: number;
  /**
   * Ordinary English (SUBTLEX-US frequencies, per million words): a word at or below `rarePerMillion` is a subject
   * word and counts fully as evidence; at or above `everydayPerMillion` it counts `everydayEvidence`; in between the
   * weight falls log-linearly.
   */
  rarePerMillion: number;
  everydayPerMillion: number;
  everydayEvidence: number;
  /**
   * Weight, in units of the rarest known word's IDF, of a question word the notes never use. A word that ordinary
   * English rarely uses either (rebase, regex, kubernetes) is a term from another field and weighs `foreignTermWeight`;
   * an everyday word (holiday, app, keep) is chat around the subject and weighs `unknownEverydayWeight`.
   */
  foreignTermWeight: number;
  unknownEverydayWeight: number;
  /**
   * A name found in a question counts only if one of its words has at least this subject weight (see
   * `everydayEvidence`): "help" or "explain" inside an alias is not a name.
   */
  nameMinSubject: number;
  /** Everyday words weigh this share of their IDF in coverage (both what the question asks and what is held). */
  everydayCoverage: number;
  /** A short question (at most this many words) whose words all sit in names is read as a name. */
  maxNameWords: number;
  /**
   * …also once the notes' most common words are left out ("model pruning" → Pruning): words whose IDF is below this
   * share of the rarest word's (0 turns it off; 0.1 leaves out "model" and "data", in most cards, not "feature").
   */
  nameGenericIdf: number;
  /** A name shared by more concepts than this is too vague to answer ("data"): offer them instead. */
  maxNameCandidates: number;
  /** A second concept is answered beside the first when its score is at least this share of the first's. */
  secondConceptShare: number;
  /**
   * Below that share, a second concept is still answered when both concepts' names are in the question — if the
   * second's name found there has at least this many words. A one-word name ("labels", "loss") is usually a word the
   * question uses, not a concept it asks about: on the tuning sets such second answers were a labelled answer 19 times
   * in 328 and never when the first was wrong.
   */
  secondPhraseMinWords: number;
  /** How many takeaways a reply shows at most, over all its concepts. */
  maxTakeaways: number;
  /** A concept is listed as related when its score is at least this share of the best one's. */
  relatedShare: number;
  /** Share of the evidence threshold near misses need before they are offered as "did you mean". */
  suggestionEvidence: number;
  /** A near miss is offered as "did you mean" only when it scores at least this share of the best one. */
  suggestionShare: number;
  /**
   * Weights of a second logistic model over `confidenceFeatures`, for a question /ask refuses: the probability that it
   * is about the notes at all (not whether the best concept is right). Fitted by bench/fit-confidence.ts on the
   * tuning sets' refused questions; empty: near misses are always offered.
   */
  suggestionWeights: number[];
  /**
   * Below this probability (`suggestionWeights`), a refused question gets no near misses as "did you mean" — only
   * concepts its words name (typos) or an ambiguous name's candidates (issue 10: nothing for plain off-topic chat).
   */
  suggestionThreshold: number;
  /**
   * A question that one of the notes' off-topic examples holds at least this share of (`offTopic` in confidence.ts)
   * is plain chat: refused, unless it names a concept, and no "did you mean" for it (issue 10: nothing for off-topic
   * chat).
   */
  offTopicQuiet: number;
  /** How many names sharing letter trigrams with a garbled question Fuse ranks for "did you mean". */
  nameCandidates: number;
  /** Fuse threshold (0 exact … 1 anything) for "did you mean" by name. */
  nameFuzziness: number;
}

export const DEFAULT_SEARCH_PARAMS: Readonly<SearchParams> = Object.freeze({
  k1: 1.2,
  b: 0.5,
  fieldWeights: { title: 4, alias: 3, asked: 0.5, section: 0.5, text: 1 },
  takeawayWeight: 0.25,
  askedWeight: 0.5,
  expansionWeight: 0.6,
  phraseMultiWord: 2,
  phraseSingleWord: 0.75,
  phraseWholeQuestion: 2,
  phraseDefinitionLead: 3,
  exactNameBonus: 2,
  nameShareWeight: 0,
  nameMinShare: 0.6,
  everydayQueryWeight: 1,
  minCoverage: 0.45,
  minEvidence: 0.5,
  phraseMinCoverage: 0.3,
  oneWordPhraseMinCoverage: 0.3,
  oneWordPhraseMinMargin: 0.2,
  confidenceWeights: [-4.027, 0.951, 0.609, 0.401, 1.05, 0.645, 0.735, -0.467, -0.139, 0.192, -0.119],
  confidenceThreshold: 0.525,
  rarePerMillion: 0.5,
  everydayPerMillion: 300,
  everydayEvidence: 0.4,
  foreignTermWeight: 3,
  unknownEverydayWeight: 0.7,
  nameMinSubject: 0.5,
  everydayCoverage: 0.7,
  maxNameWords: 4,
  nameGenericIdf: 0.1,
  maxNameCandidates: 4,
  secondConceptShare: 0.75,
  secondPhraseMinWords: 2,
  maxTakeaways: 3,
  relatedShare: 0.5,
  suggestionEvidence: 0.6,
  suggestionShare: 0.7,
  suggestionWeights: [-7.604, 0.889, 0.561, 0.755, 0.749, 0.579, -0.358, -1.484, -0.556, 2.977, -0.713],
  suggestionThreshold: 0.175,
  offTopicQuiet: 0.75,
  nameCandidates: 20,
  nameFuzziness: 0.3,
});

/** Defaults with some values replaced (field weights merged). */
export function searchParams(overrides: Partial<SearchParams> = {}): SearchParams {
  return {
    ...DEFAULT_SEARCH_PARAMS,
    ...overrides,
    fieldWeights: { ...DEFAULT_SEARCH_PARAMS.fieldWeights, ...overrides.fieldWeights },
  };
}
