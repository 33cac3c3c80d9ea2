// `npx tsx bench/fit-confidence.ts`: fits the logistic confidence model of /ask (confidence.ts) on the TUNING sets
// (TUNING_SETS: test/ask-set, test/ask-set-holdout, the blind test/ask-set-tuning, -a … -e) and prints the weights and threshold to put in
// search-params.ts. The independent set is never read here.
//
// Labels: 1 when the question is on topic and the best-ranked concept is a right answer; 0 for an off-topic question;
// 0 with half the weight when the best-ranked concept is wrong (refusing then shows "did you mean" instead of a
// confident wrong answer, which costs more trust). Questions the rules before the model decide (decideByNames in
// confidence.ts: names, names inside the question, off-topic examples) are left out: the model never sees them.
// L2-regularised logistic regression by batch gradient descent — eleven weights, a couple of thousand rows.
import { fileURLToPath } from 'node:url';
import { resolveContentDir } from '../src/config.js';
import { loadLibrary } from '../src/content/content-loader.js';
import { confidenceFeatures, decideByNames } from '../src/search/confidence.js';
import { SearchIndex } from '../src/search/search-index.js';
import { DEFAULT_SEARCH_PARAMS } from '../src/search/search-params.js';
import { TUNING_SETS } from '../test/support/ask-floors.js';
import { loadAskSet } from '../test/support/ask-set.js';
import { ourSearcher, relevance } from './relevance.js';

const lib = loadLibrary(resolveContentDir(process.env));
const dir = (d: string) => fileURLToPath(new URL(`../test/${d}`, import.meta.url));
const cases = TUNING_SETS.flatMap((s) => loadAskSet(dir(s)));
const LAMBDA = 0.01;

// Every question ranked with a model that always answers, so the best-ranked concept is visible.
const always = new SearchIndex(lib, { confidenceWeights: [100] });
const rows: { f: number[]; y: number; w: number }[] = [];
for (const c of cases) {
  const r = always.ask(c.question);
  if (!r.confident && r.answers.length === 0 && r.evidence.words === 0) continue;
  // Questions the rules before the model decide (names, names inside the question, off-topic examples) are not its rows.
  if (decideByNames(r.evidence, DEFAULT_SEARCH_PARAMS)) continue;
  const f = confidenceFeatures(r.evidence);
  if (c.expect.length === 0) rows.push({ f, y: 0, w: 1 });
  else if (c.expect.includes(r.answers[0]?.concept.id ?? '')) rows.push({ f, y: 1, w: 1 });
  else rows.push({ f, y: 0, w: 0.5 });
}

/** L2-regularised logistic regression by batch gradient descent (the intercept is not regularised). */
function fitLogistic(data: { f: number[]; y: number; w: number }[]): number[] {
  if (!data.length) throw new Error('no rows to fit: are the tuning sets there?');
  const k = data[0]!.f.length;
  let weights = new Array<number>(k).fill(0);
  const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));
  for (let step = 0; step < 20_000; step++) {
    const grad = new Array<number>(k).fill(0);
    let total = 0;
    for (const { f, y, w } of data) {
      let z = 0;
      for (let i = 0; i < k; i++) z += weights[i]! * f[i]!;
      const e = (sigmoid(z) - y) * w;
      for (let i = 0; i < k; i++) grad[i]! += e * f[i]!;
      total += w;
    }
    weights = weights.map((wt, i) => wt - 0.5 * (grad[i]! / total + (i === 0 ? 0 : LAMBDA * wt)));
  }
  return weights.map((w) => Number(w.toFixed(3)));
}
const rounded = fitLogistic(rows);
console.log(`${rows.length} rows (${rows.filter((r) => r.y === 1).length} right answers)`);

// The threshold: the most hit@1 on the tuning sets among those refusing at least MIN_REFUSED of their off-topic
// questions, then the most refusals. The issue asks for 90 % refused. (It was 92 % while the tuning sets' off-topic
// questions were the easier older ones; with sets A–C's, which share more of the notes' words, 92 % cost the older
// sets' hit@1 floors.)
const MIN_REFUSED = 0.9;
let best = { threshold: 0.5, value: -1, text: '' };
for (let t = 0.2; t <= 0.85; t += 0.025) {
  const r = relevance(cases, ourSearcher(new SearchIndex(lib, { confidenceWeights: rounded, confidenceThreshold: Number(t.toFixed(3)) })));
  const value = r.refused >= MIN_REFUSED * r.offTopic ? r.hit1 + r.refused / (r.offTopic + 1) : -1;
  if (value > best.value) best = { threshold: Number(t.toFixed(3)), value, text: `hit@1 ${r.hit1}/${r.questions} hit@3 ${r.hit3}/${r.questions} refused ${r.refused}/${r.offTopic}` };
}
console.log(`confidenceWeights: ${JSON.stringify(rounded)},\nconfidenceThreshold: ${best.threshold},  // ${best.text}`);
console.log(`(defaults now: ${JSON.stringify(DEFAULT_SEARCH_PARAMS.confidenceWeights)}, ${DEFAULT_SEARCH_PARAMS.confidenceThreshold})`);

// The "did you mean" model: among the questions the fitted confidence refuses, is the question about the notes at all?
// Labels: 1 on topic, 0 off topic, each class half the total weight (refused on-topic questions outnumber off-topic
// ones in some sets). Its threshold: the most off-topic questions left without near misses, where each on-topic
// question whose near misses held a right answer and lose them counts SUGGESTION_HIT_COST times (a useful suggestion
// is worth more than a noisy one costs). It is fitted against the confidence model search-params.ts ships: after pasting
// new confidence weights, run this again.
const SUGGESTION_HIT_COST = 20;
const answering = new SearchIndex(lib, { suggestionWeights: [] });
const refused = cases.map((c) => ({ c, r: answering.ask(c.question) })).filter(({ r }) => !r.confident && r.evidence.words > 0 && r.evidence.hasAsked);
const onTopic = refused.filter(({ c }) => c.expect.length > 0).length;
if (onTopic === 0 || onTopic === refused.length) throw new Error('the refused tuning questions need both on-topic and off-topic ones');
const srows = refused.map(({ c, r }) => ({ f: confidenceFeatures(r.evidence), y: c.expect.length ? 1 : 0, w: c.expect.length ? 0.5 / onTopic : 0.5 / (refused.length - onTopic) }));
const suggestionWeights = fitLogistic(srows);
let sBest = { threshold: 0, value: -Infinity, text: '' };
for (let t = 0; t <= 0.6; t += 0.025) {
  const ix = new SearchIndex(lib, { suggestionWeights, suggestionThreshold: Number(t.toFixed(3)) });
  let lost = 0, quiet = 0;
  for (const { c, r } of refused) {
    const now = ix.ask(c.question).suggestions.map((x) => x.id);
    if (c.expect.length && r.suggestions.some((x) => c.expect.includes(x.id)) && !now.some((id) => c.expect.includes(id))) lost++;
    if (!c.expect.length && now.length === 0) quiet++;
  }
  const value = quiet - SUGGESTION_HIT_COST * lost;
  if (value > sBest.value) sBest = { threshold: Number(t.toFixed(3)), value, text: `${quiet} of ${refused.length - onTopic} refused off-topic questions without "did you mean", ${lost} useful suggestions lost` };
}
console.log(`suggestionWeights: ${JSON.stringify(suggestionWeights)},\nsuggestionThreshold: ${sBest.threshold},  // ${sBest.text}`);
console.log('(fitted against the confidence model search-params.ts ships, not the refit printed above: paste that first, then run again)');
