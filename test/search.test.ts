import { describe, expect, it } from 'vitest';
import { loadLibrary } from '../src/content/content-loader.js';
import { Bm25 } from '../src/search/bm25.js';
import { decide, type Evidence } from '../src/search/confidence.js';
import { SearchIndex } from '../src/search/search-index.js';
import { Speller } from '../src/search/spelling.js';
import { editDistance, stem, words } from '../src/search/text.js';
import { BUNDLED_CONTENT, FIXTURE_CONTENT } from './support/test-bot.js';

const fixture = new SearchIndex(loadLibrary(FIXTURE_CONTENT));
const bookLib = loadLibrary(BUNDLED_CONTENT);
const book = new SearchIndex(bookLib);
const top = (index: SearchIndex, q: string) => index.ask(q).matches[0]?.concept.id;

describe('the /ask search', () => {
  it("weighs the notes' off-topic examples: a question one holds is turned away, and plain chat gets no did-you-mean", () => {
    const lib = bookLib;
    expect(lib.offTopic?.length).toBeGreaterThan(100);
    const without = new SearchIndex({ concepts: lib.concepts });
    const q = 'how does beam search differ from top-p sampling for text generation';
    expect(lib.offTopic).toContain(q);
    // Without the examples, "sampling" and "search" look enough like the notes to answer.
    expect(without.ask(q).confident).toBe(true);
    expect(without.ask(q).evidence.offTopic).toBe(0);
    expect(book.ask(q).evidence.offTopic).toBe(1);
    expect(book.ask(q).confident).toBe(false);
    // Chat an example holds almost whole gets no "did you mean"; without the examples it got look-alike names.
    expect(without.ask('make my regex non-greedy').suggestions.length).toBeGreaterThan(0);
    expect(book.ask('make my regex non-greedy').suggestions).toEqual([]);
    // A real question sharing a word with an example is still answered.
    const real = book.ask('how do i find which training examples hurt the model');
    expect(real.evidence.offTopic).toBeLessThan(0.75);
    expect(real.confident).toBe(true);
  });

  it('answers a natural question with the concept that explains it', () => {
    expect(top(fixture, 'why is accuracy misleading when one class is rare?')).toBe('class-imbalance');
    expect(top(book, 'why is accuracy misleading for imbalanced data?')).toBe('challenges-of-class-imbalance');
  });

  it('answers a bare term or acronym', () => {
    expect(top(fixture, 'SMOTE')).toBe('smote');
    expect(top(book, 'SMOTE')).toBe('smote-and-tomek-links');
  });

  it('reads a typo as the word it meant and says so', () => {
    const r = fixture.ask('reservior sampling');
    expect(r.matches[0]?.concept.id).toBe('reservoir-sampling');
    expect(r.corrections).toEqual([{ from: 'reservior', to: 'reservoir' }]);
    expect(top(book, 'what is reservior samplng')).toBe('reservoir-sampling');
  });

  it('expands chat shorthand: avg and prod', () => {
    expect(book.ask('avg latency vs p99 in prod').matches[0]?.concept.id).toBe('latency-percentiles');
  });

  it('refuses an off-topic question and offers the closest concepts instead of noise', () => {
    const r = book.ask('what is the best pasta carbonara recipe?');
    expect(r.confident).toBe(false);
    expect(r.matches).toEqual([]);
    const near = fixture.ask('strata');
    expect(near.confident).toBe(true);
    const vague = fixture.ask('accuracy of the weather in spring');
    expect(vague.confident).toBe(false);
    expect(vague.suggestions.map((c) => c.id)).toContain('class-imbalance');
  });

  it('returns one to three takeaways, best first, with related concepts apart', () => {
    const r = fixture.ask('synthetic minority oversampling');
    expect(r.matches.length).toBeGreaterThanOrEqual(1);
    expect(r.matches.length).toBeLessThanOrEqual(3);
    expect(r.matches[0]!.concept.id).toBe('smote');
    expect(r.related.map((c) => c.id)).toContain('class-imbalance');
    const scores = r.matches.map((m) => m.score);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
  });

  it('survives hostile input: 10 kB, nothing, control characters, only stopwords', () => {
    expect(fixture.ask('x'.repeat(10_000)).confident).toBe(false);
    expect(fixture.ask('').confident).toBe(false);
    expect(fixture.ask('\u0000\u0007SMOTE\u001b[31m').matches[0]?.concept.id).toBe('smote');
    expect(fixture.ask('what is the').matches).toEqual([]);
  });

  it('suggests look-alike names for a garbled short question, and nothing for one with nothing in common', () => {
    // Two typos of a name are read back into the name; a word with too little of a name gets look-alikes.
    const typos = book.ask('feture stor');
    expect(typos.answers[0]?.concept.id).toBe('feature-store');
    expect(typos.corrections.map((c) => c.to)).toEqual(['feature', 'store']);
    const garbled = book.ask('featre');
    expect(garbled.confident).toBe(false);
    expect(garbled.suggestions.map((c) => c.id).every((id) => id.startsWith('feature-'))).toBe(true);
    expect(book.ask('tell me a joke').suggestions).toEqual([]);
  });

  it('offers near misses as "did you mean" only when the refused question looks like it is about the notes', () => {
    // Without the second fitted model (suggestionWeights), chat sharing a word with a card got that card offered.
    const ungated = new SearchIndex(bookLib, { suggestionWeights: [] });
    for (const chat of ['any tips for learning guitar', 'how do i fix a flat bike tire']) {
      expect(ungated.ask(chat).suggestions.length, chat).toBeGreaterThan(0);
      expect(book.ask(chat).confident, chat).toBe(false);
      expect(book.ask(chat).suggestions, chat).toEqual([]);
    }
    // A refused question about the notes keeps its near misses.
    const onTopic = book.ask('hmm our tabular model seems kinda meh, do we need deep learning');
    expect(onTopic.confident).toBe(false);
    expect(onTopic.suggestions.map((c) => c.id)).toContain('learned-vs-engineered-features');
  });

  it('finds "did you mean" concepts by name for a garbled question', () => {
    expect(fixture.closestConcepts('resrvoir smpling').map((c) => c.id)).toContain('reservoir-sampling');
  });
});

describe('the /ask search, everyday words inside names', () => {
  it('does not read a form of an everyday word as a name: "helpful" is "help", which an alias holds', () => {
    // An alias holding "help" ("which samples help the model") made "thanks, that was helpful" a name question.
    for (const q of ['thanks, that was helpful', 'helpful', 'that was really helpful!']) {
      expect(book.ask(q).evidence.nameCandidates, q).toBe(0);
      expect(book.ask(q).confident, q).toBe(false);
    }
    // A subject word is still read as a name: no form of it in the notes is everyday.
    expect(book.ask('stratified').evidence.nameCandidates).toBeGreaterThan(0);
    expect(book.ask('stratified').confident).toBe(true);
  });
});

describe('the /ask search, names with a generic word', () => {
  it('reads a short question as a name once the words most cards use are left out ("model pruning" → Pruning)', () => {
    for (const q of ['what is model pruning', 'model pruning?', 'data imputation']) {
      const r = book.ask(q);
      expect(r.confident, q).toBe(true);
      expect(r.evidence.nameCandidates, q).toBeGreaterThan(0);
    }
    expect(book.ask('what is model pruning').answers[0]!.concept.id).toBe('pruning');
    // Turned off, such a question is left to the confidence model, which refuses it. ("what is model pruning" is now
    // also answered by its one-word alias inside the question, so another name shows it.)
    expect(book.ask('what is model monitoring').confident).toBe(true);
    expect(new SearchIndex(bookLib, { nameGenericIdf: 0 }).ask('what is model monitoring').confident).toBe(false);
    // A word the notes never use is never left out: "center" alone would be a name (data center), "div" and "css" are not.
    for (const q of ['how do i center a div with css', 'model trains for kids']) expect(book.ask(q).confident, q).toBe(false);
  });
});

describe('the /ask search, one-word names inside a question', () => {
  it('answers a one-word title or alias that leads clearly and covers enough of the question', () => {
    for (const [q, id] of [
      ['how does pruning affect model latency', 'pruning'],
      ['how does quantization affect latency', 'quantization'],
    ] as const) {
      const r = book.ask(q);
      expect(r.confident, q).toBe(true);
      expect(r.answers.map((a) => a.concept.id), q).toEqual([id]);
      expect(r.evidence.phraseWords, q).toBe(1);
      // Left to the confidence model alone, the same question was refused.
      expect(new SearchIndex(bookLib, { oneWordPhraseMinCoverage: 2 }).ask(q).confident, q).toBe(false);
    }
  });

  it('decides a one-word name by its coverage and its lead, and leaves the rest to the model', () => {
    const p = book.params;
    const e: Evidence = { coverage: 0.5, weight: 0.5, exactName: false, nameCandidates: 0, phraseWords: 1, asked: 0, score: 1, margin: 0.3, unknownShare: 0, foreignShare: 0, words: 4, offTopic: 0, hasAsked: true };
    expect(decide(e, p)).toEqual({ confident: true, because: 'phrase' });
    // Too little lead over the runner-up, or too little of the question covered: the model decides (and, this weak, refuses).
    expect(decide({ ...e, margin: p.oneWordPhraseMinMargin - 0.05 }, p)).toEqual({ confident: false, because: 'weak' });
    expect(decide({ ...e, coverage: p.oneWordPhraseMinCoverage - 0.05 }, p)).toEqual({ confident: false, because: 'weak' });
    // Chat an off-topic example holds almost whole is refused first.
    expect(decide({ ...e, offTopic: 1 }, p)).toEqual({ confident: false, because: 'weak' });
  });

  it('does not answer a second concept only because a one-word name of it is in the question', () => {
    // A one-word name of another card ("loss", "resampling"-like words) is a word the question uses, not what it asks.
    for (const [q, id] of [
      ['quantization int8 accuracy loss', 'quantization'],
      ['stratified sampling for the validation split', 'stratified-sampling'],
    ] as const) {
      expect(book.ask(q).answers.map((a) => a.concept.id), q).toEqual([id]);
      expect(new SearchIndex(bookLib, { secondPhraseMinWords: 1 }).ask(q).answers.length, q).toBe(2);
    }
    // Two names of several words still answer both ("what is label shift and can it happen without covariate shift").
    expect(book.ask('what is label shift and can it happen without covariate shift').answers.map((a) => a.concept.id)).toEqual(['label-shift', 'covariate-shift']);
  });
});

describe('the /ask search, definition questions', () => {
  it('reads "whats X" and "explain X" as X, like "what is X"', () => {
    // "whats" was a word of the question and "explain" was not seen as the opening: Semi-supervision led.
    for (const q of ['whats weak supervision', 'explain weak supervision', 'what is weak supervision']) {
      expect(book.ask(q).answers[0]?.concept.id, q).toBe('weak-supervision');
    }
  });
});

describe('BM25', () => {
  const bag = (...terms: string[]) => new Map(terms.map((t) => [t, 1] as [string, number]));
  const docs = [bag('drift'), bag('drift', ...Array.from({ length: 20 }, (_, i) => `w${i}`)), bag('other')];
  it('scores by Robertson–Spärck Jones BM25, the same question the same way twice', () => {
    const ix = new Bm25(docs, { k1: 1.2, b: 0.75 });
    const first = ix.search(bag('drift', 'other'));
    // By hand: IDF = ln(1 + (N − n + 0.5) / (n + 0.5)); tf·(k1 + 1) / (tf + k1·(1 − b + b·len/avg)).
    const avg = (1 + 21 + 1) / 3;
    const part = (len: number) => 2.2 / (1 + 1.2 * (0.25 + (0.75 * len) / avg));
    expect(first.get(0)).toBeCloseTo(Math.log(1 + 1.5 / 2.5) * part(1), 12);
    expect(first.get(1)).toBeCloseTo(Math.log(1 + 1.5 / 2.5) * part(21), 12);
    expect(first.get(2)).toBeCloseTo(Math.log(1 + 2.5 / 1.5) * part(1), 12);
    // Its scratch space is reset between questions.
    expect(ix.search(bag('drift', 'other'))).toEqual(first);
    expect([...ix.search(bag('other')).keys()]).toEqual([2]);
  });
  it('lists each matching document once, with its score, even when a term weighs nothing there', () => {
    // A field weight of 0 (a tuning sweep tries it) leaves zero-weight postings: such a document must not be listed
    // twice, nor lose the score another term gave it.
    const zero = new Bm25([new Map([['a', 0], ['b', 1]]), new Map([['a', 1]])]);
    const r = zero.search(bag('a', 'b'));
    expect([...r.keys()].sort()).toEqual([0, 1]);
    expect(r.get(0)!).toBeGreaterThan(0);
    expect(zero.search(bag('a', 'b'))).toEqual(r);
  });

  it('gives the best document per owner exactly as grouping search() would', () => {
    // 60 documents of 1–6 terms drawn from 8, owned by 10 owners; every question of 1–3 terms.
    let seed = 7;
    const rnd = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) % n);
    const terms = Array.from({ length: 8 }, (_, i) => `t${i}`);
    const many = Array.from({ length: 60 }, () => bag(...Array.from({ length: 1 + rnd(6) }, () => terms[rnd(8)]!)));
    const ownerOf = many.map(() => rnd(10));
    const ix = new Bm25(many);
    for (let q = 0; q < 50; q++) {
      const question = bag(...Array.from({ length: 1 + rnd(3) }, () => terms[rnd(8)]!));
      const grouped = new Map<number, number>();
      for (const [doc, score] of ix.search(question)) if (score > (grouped.get(ownerOf[doc]!) ?? 0)) grouped.set(ownerOf[doc]!, score);
      expect(new Map([...ix.bestBy(question, ownerOf)].sort((a, b) => a[0] - b[0]))).toEqual(new Map([...grouped].sort((a, b) => a[0] - b[0])));
    }
  });
});

describe('the speller', () => {
  const speller = new Speller(new Map([['feature', 10], ['future', 2], ['stratified', 3], ['stratification', 1], ['reservoir', 1], ['observability', 1]]));
  it('corrects within one edit up to 7 letters and two beyond, the more frequent of equally close words winning', () => {
    expect(speller.correct('feture')).toBe('feature'); // one edit from feature and from future: feature is more frequent
    expect(speller.correct('stratifed')).toBe('stratified');
    expect(speller.correct('reservior')).toBe('reservoir'); // a swap is one edit
    expect(speller.correct('obsrvabilty')).toBe('observability'); // two edits in a long word
    expect(speller.correct('obsvbilty')).toBeNull(); // three: too far
    expect(speller.correct('featurs')).toBe('feature');
  });
  it('keeps the first letter of a long word as typed and leaves short words and numbers alone', () => {
    expect(speller.correct('bservability')).toBeNull();
    expect(speller.correct('fea')).toBeNull();
    expect(speller.correct('feature2')).toBeNull();
  });
});

describe('search text helpers', () => {
  it('drop chat filler, keep subject words and negation', () => {
    expect(words('Hey, can you explain why NOT to use ML?')).toEqual(['explain', 'not', 'ml']);
  });

  it('fold British and American spellings to one stem', () => {
    expect(stem('labelling')).toBe(stem('labeling'));
    expect(stem('normalisation')).toBe(stem('normalization'));
  });

  it('count a swap of two letters as one edit', () => {
    expect(editDistance('lable', 'label', 2)).toBe(1);
    expect(editDistance('reservior', 'reservoir', 2)).toBe(1);
    expect(editDistance('abc', 'xyz', 1)).toBe(2);
  });
});
