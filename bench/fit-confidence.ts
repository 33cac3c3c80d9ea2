// `npx tsx bench/fit-confidence.ts`: fits the logistic confidence model of /ask (confidence.ts) on the TUNING sets
// (TUNING_SETS: test/ask-set, test/ask-set-holdout, the blind test/ask-set-tuning, -a … -e) and prints the weights and threshold to put in
// search-params.ts. The independent set is never read here.
//
// Labels: 1 when the question is on topic and the best-ranked concept is a right answer; 0 for an off-topic question;
// 0 with half the weight when the best-ranked concept is wrong (refusing then shows "did you mean" instead of a
// confident wrong answer, which costs more trust). Questions decided by name or by a several-word name inside them (confidence.ts) are left out: the model
// never sees them. L2-regularised logistic regression by batch gradient descent — ten weights, a few hundred rows.
import { fileURLToPath } from 'node:url';
import { resolveContentDir } from '../src/config.js';
import { loadLibrary } from '../src/content/content-loader.js';
import { confidenceFeatures } from '../src/search/confidence.js';
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
  if (r.evidence.exactName || r.evidence.nameCandidates > 0) continue;
  if (r.evidence.phraseWords >= 2 && r.evidence.coverage >= DEFAULT_SEARCH_PARAMS.phraseMinCoverage) continue;
  const f = confidenceFeatures(r.evidence);
  if (c.expect.length === 0) rows.push({ f, y: 0, w: 1 });
  else if (c.expect.includes(r.answers[0]?.concept.id ?? '')) rows.push({ f, y: 1, w: 1 });
  else rows.push({ f, y: 0, w: 0.5 });
}

const k = rows[0]!.f.length;
let weights = new Array<number>(k).fill(0);
const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));
for (let step = 0; step < 20_000; step++) {
  const grad = new Array<number>(k).fill(0);
  let total = 0;
  for (const { f, y, w } of rows) {
    let z = 0;
    for (let i = 0; i < k; i++) z += weights[i]! * f[i]!;
    const e = (sigmoid(z) - y) * w;
    for (let i = 0; i < k; i++) grad[i]! += e * f[i]!;
    total += w;
  }
  weights = weights.map((wt, i) => wt - 0.5 * (grad[i]! / total + (i === 0 ? 0 : LAMBDA * wt)));
}
const rounded = weights.map((w) => Number(w.toFixed(3)));
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
