import type { Concept, Library, Takeaway } from '../content/types.js';
import { Bm25 } from './bm25.js';
import { ConceptNames, type NameMatch, type Phrase } from './concept-names.js';
import { confidenceOf, decide, type Evidence } from './confidence.js';
import { ordinaryWordFor, perMillion, warmOrdinaryEnglish } from './ordinary-english.js';
import { searchParams, type SearchParams } from './search-params.js';
import { edits1, Speller } from './spelling.js';
import { expansions } from './synonyms.js';
import { editDistance, stem, words } from './text.js';

/*
 * How /ask finds the concept a question is about (README "How /ask answers"):
 *  - BM25F over stemmed words ranks *concepts*: title and aliases weigh more than takeaway text, and the `asked:`
 *    phrasings of the notes (how readers ask without knowing the name: situations, symptoms) bridge chat words to
 *    the notes' words. The concept's best single takeaway and best single phrasing add to its score; a title or
 *    alias found in the question as a phrase adds a bonus, and a question that *is* a name wins outright;
 *  - words the notes do not use are corrected when they look like a typo of one (spelling.ts) and are not ordinary
 *    English words; chat shorthand is expanded (avg → average; synonyms.ts);
 *  - the confidence decision (confidence.ts, a pure function) answers names and short name-words at once, and a
 *    name inside the question when its concept covers enough of it (a one-word name must also lead clearly);
 *    otherwise a fitted logistic model weighs how much of the question the best concept covers and how many *subject*
 *    words it holds — a model of ordinary English (ordinary-english.ts) says how much an everyday word counts, and
 *    makes a term from another field (rebase, regex) weigh against the notes;
 *  - the notes' off-topic examples (`off-topic.txt`) add one more input to the confidence decision: how much of the
 *    question a single example holds; a question one holds almost whole is chat: refused, with no "did you mean";
 *  - a refused question gets near misses as "did you mean" only when a second fitted model judges it about the notes
 *    at all; names its words spell (typos) are offered either way;
 *  - a second concept is answered beside the first when it scores nearly as well, or when the question holds a name
 *    of several words of each;
 *  - the reply shows each answered concept once, its takeaways in the card's own order.
 * Every tuning value is in search-params.ts.
 */

/** One takeaway of an answer, with its score (the concept's score plus the takeaway's own match). */
export interface AskMatch {
  concept: Concept;
  takeaway: Takeaway;
  score: number;
}

/** A concept the reply answers with, and the takeaways it shows, in the card's order. */
export interface AskAnswer {
  concept: Concept;
  takeaways: Takeaway[];
  score: number;
}

export interface AskResult {
  query: string;
  /** False when nothing matched well; `answers` and `matches` are then empty and `suggestions` may help. */
  confident: boolean;
  /** The concepts answered, best first (one or two), each once. */
  answers: AskAnswer[];
  /** The answers' takeaways, flattened in reading order. */
  matches: AskMatch[];
  /** Other concepts whose name the (short) question also is, for "also called that". */
  alsoNamed: Concept[];
  related: Concept[];
  suggestions: Concept[];
  /** Words of the question that were read as typos of known words. */
  corrections: { from: string; to: string }[];
  /** Why it is (not) confident: what the ranking found out about the best concept (empty question: zeros). */
  evidence: Evidence;
}

const MAX_QUERY_CHARS = 500;
const MAX_QUERY_TERMS = 40;
const NO_NAMES = { exactName: false, nameCandidates: 0, phraseWords: 0, asked: 0, score: 0, margin: 0, hasAsked: false, offTopic: 0 };

/** The first-stage ranking of a question and what later stages read from it (SearchIndex.firstStage). */
interface FirstStage {
  query: string;
  queryWords: QueryWord[];
  terms: Map<string, number>;
  corrections: { from: string; to: string }[];
  sequence: string[];
  takeawayScores: Map<number, number>;
  bestAsked: Map<number, number>;
  phrases: Map<number, Phrase>;
  exact: number | undefined;
  byName: NameMatch | undefined;
  subjectOf: (from: number, to: number) => number;
  scoreOf: (pos: number) => number;
  ranked: { pos: number; score: number }[];
}

interface QueryWord {
  /** The word as typed (after a typo correction, the corrected word). */
  surface: string;
  stem: string;
  /** Stems of its chat expansions (avg → average). */
  alternatives: string[];
}

/** An index of the notes that answers questions in chat. Build once at start (tens of ms for the bundled notes). */
export class SearchIndex {
  readonly params: SearchParams;
  private readonly concepts: Concept[];
  private readonly conceptIndex: Bm25;
  private readonly takeawayIndex: Bm25;
  private readonly askedIndex: Bm25;
  private readonly takeawayDocs: Takeaway[] = [];
  private readonly conceptOfTakeaway: number[] = [];
  private readonly conceptOfAsked: number[] = [];
  private readonly conceptPos = new Map<string, number>();
  private readonly names: ConceptNames;
  private readonly knownWords = new Map<string, number>();
  private readonly speller: Speller;
  private readonly maxIdf: number;
  private readonly offTopicIndex: Bm25;
  /** Stems of each concept's own text (title, aliases, section, takeaways), without its `asked:` phrasings. */
  private readonly textStems: Set<string>[] = [];
  private readonly offTopicMaxIdf: number;
  /** Per stem, the subject weight (subjectWeight) of its most everyday word in the notes. */
  private readonly stemSubject = new Map<string, number>();

  /**
   * @param lib the loaded notes
   * @param overrides tuning values to replace (see search-params.ts); the defaults are the measured ones.
   */
  constructor(lib: Pick<Library, 'concepts' | 'offTopic'>, overrides: Partial<SearchParams> = {}) {
    const p = (this.params = searchParams(overrides));
    warmOrdinaryEnglish();
    this.concepts = lib.concepts;
    const conceptBags: Map<string, number>[] = [];
    const takeawayBags: Map<string, number>[] = [];
    const askedBags: Map<string, number>[] = [];
    // Every text is split once: its words feed the typo vocabulary, their stems the index.
    const read = (text: string): string[] => {
      const ws = words(text);
      for (const w of ws) this.knownWords.set(w, (this.knownWords.get(w) ?? 0) + 1);
      return ws.map(stem);
    };
    const bagOf = (terms: string[]) => addTerms(new Map(), terms, 1);
    this.concepts.forEach((c, pos) => {
      this.conceptPos.set(c.id, pos);
      const bag = new Map<string, number>();
      const own = new Set<string>();
      this.textStems.push(own);
      const ownRead = (text: string) => {
        const terms = read(text);
        for (const t of terms) own.add(t);
        return terms;
      };
      addTerms(bag, ownRead(c.title), p.fieldWeights.title);
      for (const a of c.aliases) addTerms(bag, ownRead(a), p.fieldWeights.alias);
      addTerms(bag, ownRead(c.section), p.fieldWeights.section);
      for (const t of c.takeaways) {
        const terms = ownRead(t.text);
        addTerms(bag, terms, p.fieldWeights.text);
        this.conceptOfTakeaway.push(pos);
        this.takeawayDocs.push(t);
        takeawayBags.push(bagOf(terms));
      }
      for (const q of c.asked ?? []) {
        const terms = read(q);
        addTerms(bag, terms, p.fieldWeights.asked);
        this.conceptOfAsked.push(pos);
        askedBags.push(bagOf(terms));
      }
      conceptBags.push(bag);
    });
    this.conceptIndex = new Bm25(conceptBags, { k1: p.k1, b: p.b });
    this.takeawayIndex = new Bm25(takeawayBags);
    this.askedIndex = new Bm25(askedBags);
    // Off-topic examples are searched with their own IDF (a word common among them says little), never as notes words.
    this.offTopicIndex = new Bm25((lib.offTopic ?? []).map((q) => bagOf(words(q).map(stem))));
    let offTopicMaxIdf = 1;
    for (const v of this.offTopicIndex.idf.values()) if (v > offTopicMaxIdf) offTopicMaxIdf = v;
    this.offTopicMaxIdf = offTopicMaxIdf;
    this.names = new ConceptNames(this.concepts, (text) => words(text).map(stem));
    this.speller = new Speller(this.knownWords);
    for (const w of this.knownWords.keys()) {
      const s = stem(w);
      this.stemSubject.set(s, Math.min(this.stemSubject.get(s) ?? 1, this.subjectWeight(w)));
    }
    let maxIdf = 1;
    for (const v of this.conceptIndex.idf.values()) if (v > maxIdf) maxIdf = v;
    this.maxIdf = maxIdf;
  }

  get size(): number {
    return this.concepts.length;
  }

  /** Concepts whose title or alias is closest to the text, for "did you mean" (at most `limit`). */
  closestConcepts(text: string, limit = 3): Concept[] {
    return this.names.closest(text, limit, this.params.nameCandidates, this.params.nameFuzziness);
  }

  conceptById(id: string): Concept | undefined {
    const pos = this.conceptPos.get(id);
    return pos === undefined ? undefined : this.concepts[pos];
  }

  /**
   * Answers a question from the notes. Never throws: empty or hostile input gives an unconfident result.
   * @param question what the person typed (only the first 500 characters and 40 words are read)
   */
  ask(question: string): AskResult {
    const p = this.params;
    const st = this.firstStage(question);
    const { query, queryWords, corrections, sequence, takeawayScores, bestAsked, phrases, exact, byName, subjectOf, scoreOf } = st;
    const empty: AskResult = { query, confident: false, answers: [], matches: [], alsoNamed: [], related: [], suggestions: [], corrections, evidence: { ...NO_NAMES, coverage: 0, weight: 0, unknownShare: 0, foreignShare: 0, words: 0 } };
    if (st.terms.size === 0) return empty;
    let ranked = st.ranked;
    // A short question made of a name's words is about one of the concepts so named: the best-scoring of them leads.
    // Too many concepts share the words ("shift"): only the ones whose names fit most closely are candidates.
    const candidates = byName && (byName.concepts.length <= p.maxNameCandidates ? byName.concepts : byName.closest);
    const named = candidates && candidates.length <= p.maxNameCandidates ? new Set(candidates) : undefined;
    if (named) {
      // Among the named, the closest-fitting names lead ("leakage" → Data leakage before Group leakage…).
      const closest = new Set(byName!.closest);
      const fit = (pos: number) => (closest.has(pos) ? 0 : 1);
      ranked = [...ranked.filter((r) => named.has(r.pos)).sort((a, b) => fit(a.pos) - fit(b.pos) || b.score - a.score), ...ranked.filter((r) => !named.has(r.pos))];
    }
    // "pruning vs quantization": every side of a comparison is a concept's name, so those concepts answer, in the
    // question's order, whatever else shares their words (the card on model compression mentions both).
    // A question that is itself a name holding "and" or "or" ("Data and model versioning") is that one concept.
    const compared = exact === undefined ? this.comparedNames(query) : undefined;
    if (compared) ranked = [...compared.map((pos) => ranked.find((r) => r.pos === pos) ?? { pos, score: scoreOf(pos) }), ...ranked.filter((r) => !compared.includes(r.pos))];
    const top = ranked[0];
    // How much the question looks like one of the notes' off-topic examples: a confidence feature, and plain chat an
    // example holds almost whole is refused (confidence.ts) with no "did you mean".
    const offTopic = this.offTopicShare(queryWords);
    const chat = offTopic >= p.offTopicQuiet;
    if (!top) return { ...empty, evidence: { ...empty.evidence, offTopic }, suggestions: chat ? [] : this.closestConcepts(query) };

    const second = ranked[1]?.score ?? 0;
    const evidence = this.evidenceFor(top.pos, queryWords, {
      exactName: exact === top.pos || compared !== undefined,
      nameCandidates: candidates?.includes(top.pos) ? candidates.length : 0,
      phraseWords: phrases.get(top.pos)?.words ?? 0,
      asked: (bestAsked.get(top.pos) ?? 0) / this.maxIdf,
      score: top.score / this.maxIdf,
      margin: top.score > 0 ? Math.max(0, (top.score - second) / top.score) : 0,
      hasAsked: (this.concepts[top.pos]!.asked ?? []).length > 0,
      offTopic,
    });
    const decision = decide(evidence, p);
    if (!decision.confident) {
      const vague = decision.because === 'vague-name' ? candidates!.map((pos) => this.concepts[pos]!) : [];
      const nameLike = sequence.length <= p.maxNameWords && subjectOf(0, sequence.length) >= p.nameMinSubject;
      // Near misses only for a question that looks like it is about the notes at all: "whats a good name for a cat"
      // shares a word or two with some card, and offering those cards is noise (`suggestionWeights` in search-params.ts,
      // a second logistic model fitted by bench/fit-confidence.ts; confidenceOf in confidence.ts).
      const aboutNotes = !p.suggestionWeights.length || !evidence.hasAsked || confidenceOf(evidence, p.suggestionWeights) >= p.suggestionThreshold;
      return { ...empty, evidence, suggestions: chat && !vague.length ? [] : this.suggest(query, queryWords, nameLike, aboutNotes ? ranked : [], evidence.weight, vague) };
    }

    // One or two concepts answer: the best, and a second that scores nearly as well or that the question names too
    // ("canary vs shadow deployment").
    const chosen = [top];
    // The second must explain the question too, not only score well on a few of its words.
    const runnerUp = compared ? (compared.length > 1 ? ranked[1] : undefined) : ranked.find(
      (r) =>
        r.pos !== top.pos &&
        (!named || named.has(r.pos)) &&
        (r.score >= p.secondConceptShare * top.score || (phrases.has(top.pos) && (phrases.get(r.pos)?.words ?? 0) >= p.secondPhraseMinWords && !named)) &&
        (named !== undefined || phrases.has(r.pos) || this.evidenceFor(r.pos, queryWords, NO_NAMES).coverage >= p.minCoverage),
    );
    if (runnerUp) chosen.push(runnerUp);
    const answers = chosen.map((r, i) => ({
      concept: this.concepts[r.pos]!,
      // Alone, the best concept shows up to maxTakeaways; beside a second, the two share them (the first keeps more).
      takeaways: this.takeawaysToShow(r.pos, takeawayScores, chosen.length === 1 ? p.maxTakeaways : i === 0 ? Math.max(1, p.maxTakeaways - 1) : 1),
      score: r.score,
    }));
    const matches = answers.flatMap((a) => a.takeaways.map((t) => ({ concept: a.concept, takeaway: t, score: a.score })));

    const seen = new Set(chosen.map((r) => r.pos));
    const alsoNamed: Concept[] = [];
    if (named) for (const pos of byName!.concepts) if (!seen.has(pos) && alsoNamed.length < 3 && seen.add(pos)) alsoNamed.push(this.concepts[pos]!);
    const related: Concept[] = [];
    const addRelated = (c: Concept | undefined) => {
      const pos = c && this.conceptPos.get(c.id);
      if (c && pos !== undefined && !seen.has(pos) && related.length < 3) {
        seen.add(pos);
        related.push(c);
      }
    };
    // Close runners-up first (often the other thing the question may mean), then the notes' own related list.
    for (const r of ranked.slice(1, 6)) if (r.score >= top.score * p.relatedShare) addRelated(this.concepts[r.pos]);
    for (const id of this.concepts[top.pos]!.related) addRelated(this.conceptById(id));
    return { query, confident: true, answers, matches, alsoNamed, related, suggestions: [], corrections, evidence };
  }

  /**
   * The first-stage ranking of a question (BM25F, best takeaway, best phrasing, name bonus) and everything the later
   * stages need from it. Never throws.
   */
  private firstStage(question: string): FirstStage {
    const p = this.params;
    const query = question.slice(0, MAX_QUERY_CHARS);
    const { queryWords, terms, corrections } = this.analyse(query);
    const sequence = queryWords.map((w) => w.stem);
    const conceptScores = this.conceptIndex.search(terms);
    const takeawayScores = this.takeawayIndex.search(terms);
    const bestTakeaway = bestPer(takeawayScores, this.conceptOfTakeaway);
    const bestAsked = this.askedIndex.bestBy(terms, this.conceptOfAsked);
    const idf = (t: string) => this.conceptIndex.idf.get(t) ?? 0;
    const phrases = this.names.phrasesIn(sequence, idf);
    // Names made only of everyday words ("help", "explain") are no evidence: a subject word must be among them.
    const subjectOf = (from: number, to: number) => Math.max(0, ...queryWords.slice(from, to).map((w) => this.nameSubject(w.surface, w.stem)));
    for (const [pos, ph] of phrases) if (subjectOf(ph.start, ph.start + ph.words) < p.nameMinSubject) phrases.delete(pos);
    const bonus = new Map<number, number>();
    // How many of the question's words a definition question's opening takes ("explain", "what is": none are kept).
    const opening = DEFINITION_LEAD.exec(query);
    const leadWords = opening ? words(opening[0]).length : -1;
    // Where the question proper starts, and how many words it has from there.
    const from = Math.max(0, leadWords);
    const rest = sequence.length - from;
    for (const [pos, ph] of phrases) {
      // "What is X and how does it help with Y": the name right after a definition question's opening is its subject;
      // "explain X" is X as surely as "X".
      const lead = ph.start === leadWords && ph.words < rest ? p.phraseDefinitionLead : 1;
      const whole = ph.start === from && ph.words === rest ? p.phraseWholeQuestion : 1;
      const b = lead * whole * ph.weight * (ph.words > 1 ? p.phraseMultiWord : p.phraseSingleWord);
      bonus.set(pos, b);
    }
    // A question that is exactly a title or alias is that concept, everyday words or not ("REST", "make or buy").
    const exact = this.names.exactly(query, sequence);
    if (exact !== undefined) bonus.set(exact, (bonus.get(exact) ?? 0) + p.exactNameBonus * this.maxIdf);
    if (p.nameShareWeight > 0) for (const [pos, v] of this.names.namesMostlyIn(new Set(sequence), idf, p.nameMinShare)) bonus.set(pos, (bonus.get(pos) ?? 0) + p.nameShareWeight * v);
    const byName = sequence.length <= p.maxNameWords && subjectOf(0, sequence.length) >= p.nameMinSubject ? this.names.holdingAll(sequence) ?? this.withoutGenericWords(sequence, idf, subjectOf) : undefined;
    const scoreOf = (pos: number) =>
      (conceptScores.get(pos) ?? 0) + p.takeawayWeight * (bestTakeaway.get(pos) ?? 0) + p.askedWeight * (bestAsked.get(pos) ?? 0) + (bonus.get(pos) ?? 0);
    const ranked = [...conceptScores.keys()].map((pos) => ({ pos, score: scoreOf(pos) })).sort((a, b) => b.score - a.score);
    return { query, queryWords, terms, corrections, sequence, takeawayScores, bestAsked, phrases, exact, byName, subjectOf, scoreOf, ranked };
  }

  /**
   * A short question whose words are a name once the notes' most common words are left out ("model pruning" is
   * Pruning: "model" is in most cards): the concepts that name holds, or undefined.
   */
  private withoutGenericWords(sequence: string[], idf: (t: string) => number, subjectOf: (from: number, to: number) => number): NameMatch | undefined {
    const generic = this.params.nameGenericIdf;
    if (!generic) return undefined;
    const kept: number[] = [];
    sequence.forEach((t, i) => {
      // Only words the notes use everywhere are left out; a word they never use keeps the name from matching.
      if (!(idf(t) > 0 && idf(t) < generic * this.maxIdf)) kept.push(i);
    });
    if (kept.length === 0 || kept.length === sequence.length) return undefined;
    if (Math.max(...kept.map((i) => subjectOf(i, i + 1))) < this.params.nameMinSubject) return undefined;
    return this.names.holdingAll(kept.map((i) => sequence[i]!));
  }

  /**
   * The concepts a comparison names, in order and each once, when every side of it names a concept — a title or
   * alias, or words found in one concept's names only ("pruning vs quantization", "difference between bagging and
   * boosting"); undefined otherwise.
   */
  private comparedNames(query: string): number[] | undefined {
    const body = query
      .trim()
      // A closing question about the comparison ("…, which is riskier?") is not one of its sides.
      .replace(/\s*[,;:]\s*(?:which|what|how|when|why|should|is|are|do|does|can)\b.*$/i, '')
      .replace(/[?!.]+$/, '')
      .replace(/^(?:what(?:'s| is)\s+)?(?:the\s+)?(?:difference|diff)\s+between\s+|^(?:compare|contrast|explain)\s+/i, '');
    const sides = body.split(/\s+(?:vs\.?|versus|v\.?|or|and)\s+|\s*,\s*/i).filter(Boolean);
    if (sides.length < 2 || sides.length > 3) return undefined;
    // Each side's candidates: one concept when the side names it, several when its words sit in several names.
    const named: number[][] = [];
    for (const [i, side] of sides.entries()) {
      // The last side may carry a qualifier ("X vs Y for features", "… when labels are scarce"): without it, it may
      // be a name. (Trying every shorter run of a side's words instead cost 76 hit@1 on the tuning sets.)
      const runs = [side];
      const qualified = /^(.+?)\s+(?:for|in|on|when|with|at|during|if)\s+/i.exec(side);
      if (i === sides.length - 1 && qualified) runs.push(qualified[1]!);
      let candidates: number[] = [];
      for (const run of runs) if ((candidates = this.namesOfSide(run)).length) break;
      if (!candidates.length) return undefined;
      named.push(candidates);
    }
    // A side whose words several concepts' names hold is read as the one another side names: "normalization" is
    // database normalization or feature scaling, and beside "standardization" it is feature scaling.
    const sure = new Set(named.filter((c) => c.length === 1).map((c) => c[0]!));
    const out: number[] = [];
    for (const candidates of named) {
      const inContext = candidates.length === 1 ? candidates : candidates.filter((c) => sure.has(c));
      if (inContext.length !== 1) return undefined;
      // Two names of one concept ("normalization vs standardization" are both feature scaling): that concept.
      if (!out.includes(inContext[0]!)) out.push(inContext[0]!);
    }
    return out;
  }

  /**
   * The concepts a side of a comparison may name: one for a title or alias, or for words in the names of one concept
   * only ("pruning" → Pruning neural networks); the closest-fitting ones when several names hold its words; none for
   * everyday words.
   */
  private namesOfSide(side: string): number[] {
    const ws = words(side);
    const terms = ws.map(stem);
    if (terms.length === 0) return [];
    // Everyday words are no name ("how does it help" is not the card whose alias says "help").
    if (Math.max(...ws.map((w, i) => this.nameSubject(w, terms[i]!))) < this.params.nameMinSubject) return [];
    const exact = this.names.exactly(side, terms);
    if (exact !== undefined) return [exact];
    const held = terms.length <= this.params.maxNameWords ? this.names.holdingAll(terms) : undefined;
    if (!held) return [];
    return held.concepts.length === 1 ? held.concepts : held.closest;
  }

  /** Question → words (typos corrected, stopwords dropped) and the weighted terms to search for. */
  private analyse(query: string): { queryWords: QueryWord[]; terms: Map<string, number>; corrections: { from: string; to: string }[] } {
    const corrections: { from: string; to: string }[] = [];
    const queryWords: QueryWord[] = [];
    const terms = new Map<string, number>();
    const add = (t: string, w: number) => terms.set(t, Math.max(terms.get(t) ?? 0, w));
    for (const typed of words(query).slice(0, MAX_QUERY_TERMS)) {
      let surface = typed;
      // A word the notes lack is read as a typo of one they have, unless it is chat shorthand or an ordinary
      // English word ("react" is not a typo of "reach").
      if (!this.knownWords.has(typed) && !expansions(typed).length && perMillion(typed) < 1) {
        // A word whose stem the notes know may still be a typo of another word: "stratifed" stems like
        // "stratification", not like the "stratified" of the name. It is read as a word one edit away whose stem
        // differs; otherwise it is the notes' own word inflected differently ("drifts") and kept as typed.
        const stemKnown = this.conceptIndex.postings.has(stem(typed));
        const candidate = this.speller.correct(typed);
        const fixed = candidate && (!stemKnown || (stem(candidate) !== stem(typed) && editDistance(typed, candidate, 1) <= 1)) ? candidate : null;
        if (fixed) {
          corrections.push({ from: typed, to: fixed });
          surface = fixed;
        } else if (!stemKnown && perMillion(typed) === 0 && typed.length >= 3 && !/\d/.test(typed)) {
          // Not a notes word nor an English one: most likely a misspelt everyday word ("shoud"), which must not
          // count as a term from another field. Not reported: it changes nothing the reader needs to know.
          const everyday = ordinaryWordFor(typed, edits1);
          if (everyday && words(everyday).length === 0) continue; // a misspelt stop word
          if (everyday) surface = everyday;
        }
      }
      const s = stem(surface);
      const alternatives = expansions(surface).map(stem);
      queryWords.push({ surface, stem: s, alternatives });
      // Everyday words still search, but weigh less, so chat around the subject does not pull the ranking.
      const w = between(perMillion(surface), this.params.rarePerMillion, this.params.everydayPerMillion, 1, this.params.everydayQueryWeight);
      add(s, w);
      for (const e of alternatives) add(e, w * this.params.expansionWeight);
    }
    return { queryWords, terms, corrections };
  }

  /**
   * Coverage and subject-word weight of concept `pos` for the question. A word counts through itself or, when the
   * notes say it differently, through its expansions. A word the notes never use weighs by how ordinary it is.
   */
  private evidenceFor(pos: number, queryWords: QueryWord[], names: Omit<Evidence, 'coverage' | 'weight' | 'unknownShare' | 'foreignShare' | 'words'>): Evidence {
    const p = this.params;
    let total = 0;
    let covered = 0;
    let weight = 0;
    let unknown = 0;
    let foreign = 0;
    const seen = new Set<string>();
    for (const w of queryWords) {
      if (seen.has(w.stem)) continue;
      seen.add(w.stem);
      const known = this.conceptIndex.idf.get(w.stem);
      const alt = w.alternatives.map((a) => this.conceptIndex.idf.get(a)).filter((x): x is number => x !== undefined);
      const idf = known ?? (alt.length ? Math.max(...alt) : this.maxIdf * this.unknownWordWeight(w.surface));
      const subject = this.subjectWeight(w.surface);
      // In coverage an everyday word weighs less, whether the concept holds it or not.
      const share = known === undefined && !alt.length ? idf : idf * between(perMillion(w.surface), p.rarePerMillion, p.everydayPerMillion, 1, p.everydayCoverage);
      total += share;
      if (known === undefined && !alt.length) {
        unknown += share;
        if (perMillion(w.surface) <= p.rarePerMillion && !/\d/.test(w.surface)) foreign += share;
      }
      if (this.conceptIndex.holds(w.stem, pos) || w.alternatives.some((a) => this.conceptIndex.holds(a, pos))) {
        covered += share;
        weight += idf * subject;
      }
    }
    return {
      ...names,
      coverage: total > 0 ? covered / total : 0,
      weight: weight / this.maxIdf,
      unknownShare: total > 0 ? unknown / total : 0,
      foreignShare: total > 0 ? foreign / total : 0,
      words: seen.size,
    };
  }

  /**
   * How much the question looks like one of the notes' off-topic examples (`off-topic.txt`): the largest share (0–1)
   * of the question's words, each weighed by its IDF among the examples, that a single example holds. 0 without examples.
   */
  private offTopicShare(queryWords: QueryWord[]): number {
    const index = this.offTopicIndex;
    if (index.idf.size === 0) return 0;
    let total = 0;
    const held = new Map<number, number>();
    for (const s of new Set(queryWords.map((w) => w.stem))) {
      const w = index.idf.get(s) ?? this.offTopicMaxIdf;
      total += w;
      for (const { doc } of index.postings.get(s) ?? []) held.set(doc, (held.get(doc) ?? 0) + w);
    }
    let best = 0;
    for (const v of held.values()) if (v > best) best = v;
    return total > 0 ? best / total : 0;
  }

  /**
   * How much a question word can count towards a name (subjectWeight): as little as the most everyday notes word
   * sharing its stem, so "helpful" inside a name is the everyday "help".
   */
  private nameSubject(surface: string, stemmed: string): number {
    return Math.min(this.subjectWeight(surface), this.stemSubject.get(stemmed) ?? 1);
  }

  /** 1 for a word ordinary English rarely uses, down to `everydayEvidence` for an everyday word. */
  private subjectWeight(word: string): number {
    const p = this.params;
    return between(perMillion(word), p.rarePerMillion, p.everydayPerMillion, 1, p.everydayEvidence);
  }

  /** Weight of a word the notes never use: a term from another field weighs more than everyday chat. */
  private unknownWordWeight(word: string): number {
    const p = this.params;
    // A number ("8 weeks", "2 million") is not a term from another field.
    if (/\d/.test(word)) return p.unknownEverydayWeight;
    return between(perMillion(word), p.rarePerMillion, p.everydayPerMillion, p.foreignTermWeight, p.unknownEverydayWeight);
  }

  /**
   * The takeaways a concept shows: its first (the definition) and the best-matching others, at most `limit`, in the
   * card's own order.
   */
  private takeawaysToShow(pos: number, takeawayScores: Map<number, number>, limit: number): Takeaway[] {
    const own: { t: Takeaway; score: number }[] = [];
    this.takeawayDocs.forEach((t, d) => {
      if (this.conceptOfTakeaway[d] === pos) own.push({ t, score: takeawayScores.get(d) ?? 0 });
    });
    if (own.length <= limit) return own.map((o) => o.t);
    const first = own[0]!;
    const rest = own.slice(1).sort((a, b) => b.score - a.score || a.t.index - b.t.index).slice(0, limit - 1);
    return [first, ...rest].map((o) => o.t).sort((a, b) => a.index - b.index);
  }

  /**
   * "Did you mean", only for what is plausibly meant: the concepts a vague name fits; names that look like a short
   * garbled question holding a subject word; near misses that share subject words with the question. Nothing for plain off-topic chat.
   * @param ranked the near-miss candidates, best first (empty: offer none)
   */
  private suggest(query: string, queryWords: QueryWord[], nameLike: boolean, ranked: { pos: number; score: number }[], weight: number, vague: Concept[]): Concept[] {
    const p = this.params;
    if (vague.length) return vague.slice(0, 3);
    const byName = nameLike ? this.closestConcepts(query) : [];
    // Near misses: only those scoring close to the best, so an off-topic question sharing one word gets few or none,
    // and only concepts whose own text holds one of its words: a match made only through readers' phrasings ("tell me
    // a joke" meeting someone's "i thought they were joking") is no reason to offer a concept.
    const lead = ranked[0]?.score ?? 0;
    const ownWord = (pos: number) => queryWords.some((w) => this.textStems[pos]!.has(w.stem) || w.alternatives.some((a) => this.textStems[pos]!.has(a)));
    const near =
      weight >= p.suggestionEvidence * p.minEvidence
        ? ranked.slice(0, 3).filter((r) => r.score >= p.suggestionShare * lead && ownWord(r.pos)).map((r) => this.concepts[r.pos]!)
        : [];
    return [...new Set([...byName, ...near])].slice(0, 3);
  }
}

/** The opening of a question asking what something is or does (chat openers allowed: "ok so what's…"). */
const DEFINITION_LEAD = /^\s*(?:(?:so|ok|okay|hey|hi|quick q|q)[,:]?\s+)*(?:what(?:'s|\s+is|\s+are|\s+does)|whats|explain|define|describe|tell me about|how does|how do)\b/i;

function addTerms(bag: Map<string, number>, terms: string[], weight: number): Map<string, number> {
  for (const t of terms) bag.set(t, (bag.get(t) ?? 0) + weight);
  return bag;
}

/** doc → score, grouped to owner → best score. */
function bestPer(scores: Map<number, number>, ownerOf: number[]): Map<number, number> {
  const best = new Map<number, number>();
  for (const [d, s] of scores) {
    const o = ownerOf[d]!;
    if (s > (best.get(o) ?? 0)) best.set(o, s);
  }
  return best;
}

/** `atLow` at or below `low` per million, `atHigh` at or above `high`, log-linear in between. */
function between(value: number, low: number, high: number, atLow: number, atHigh: number): number {
  if (value <= low) return atLow;
  if (value >= high) return atHigh;
  const f = Math.log(value / low) / Math.log(high / low);
  return atLow + f * (atHigh - atLow);
}

