// `npx tsx bench/fit-rerank.ts`: fits the learned re-ranking of /ask (src/search/rerank.ts) on the TUNING sets and
// prints the weights to put in search-params.ts. The independent set is never read here.
//
// Model: conditional logit (a softmax over each question's leading candidates, McFadden 1974; ListNet's loss with
// one list per question) — P(candidate) ∝ exp(w · features). A question counts when one of its right answers is
// among the first stage's leading candidates; several right answers share the probability. L2-regularised, batch
// gradient descent from the first-stage weights (so with no data the old order is kept). CV=1 prints
// leave-one-set-out figures (fit on the other sets, rank-1 on the left-out one).
import { fileURLToPath } from 'node:url';
import { resolveContentDir } from '../src/config.js';
import { loadLibrary } from '../src/content/content-loader.js';
import { rerankFeatures, RERANK_FEATURES } from '../src/search/rerank.js';
import { SearchIndex } from '../src/search/search-index.js';
import { DEFAULT_SEARCH_PARAMS } from '../src/search/search-params.js';
import { TUNING_SETS } from '../test/support/ask-floors.js';
import { loadAskSet, type AskCase } from '../test/support/ask-set.js';

const lib = loadLibrary(resolveContentDir(process.env));
const dir = (d: string) => fileURLToPath(new URL(`../test/${d}`, import.meta.url));
const sets: { name: string; cases: AskCase[] }[] = TUNING_SETS.map((name) => ({ name, cases: loadAskSet(dir(name)) }));
if (sets.some((s) => s.name.includes('independent'))) throw new Error('the independent set is only reported on');
const LAMBDA = Number(process.env.LAMBDA ?? 0.003);
const first = new SearchIndex(lib, { rerankWeights: [] });
const p = DEFAULT_SEARCH_PARAMS;
/** The first stage's own weights in the model's terms: card + takeaway + asked + name bonus. */
const START = [1, p.takeawayWeight, p.askedWeight, 0, 1, 0, 0, 0, 0];

interface List { f: number[][]; right: boolean[]; set: string }
const lists: List[] = [];
for (const s of sets) {
  for (const c of s.cases) {
    if (!c.expect.length) continue;
    const cands = first.candidates(c.question);
    const right = cands.map((x) => c.expect.includes(x.id));
    if (!right.some(Boolean)) continue;
    lists.push({ f: cands.map((x) => rerankFeatures(x.signals)), right, set: s.name });
  }
}

function fit(rows: List[]): number[] {
  let w = [...START];
  const k = RERANK_FEATURES;
  for (let step = 0; step < 3000; step++) {
    const grad = new Array<number>(k).fill(0);
    for (const l of rows) {
      const z = l.f.map((f) => f.reduce((a, v, i) => a + v * w[i]!, 0));
      const m = Math.max(...z);
      const e = z.map((v) => Math.exp(v - m));
      const sum = e.reduce((a, b) => a + b, 0);
      const sumRight = e.reduce((a, v, i) => a + (l.right[i] ? v : 0), 0);
      // d(-log Σ_right p)/dw = E_all[f] − E_right[f]
      for (let j = 0; j < l.f.length; j++) {
        const coef = e[j]! / sum - (l.right[j] ? e[j]! / sumRight : 0);
        for (let i = 0; i < k; i++) grad[i]! += coef * l.f[j]![i]!;
      }
    }
    w = w.map((v, i) => v - 0.5 * (grad[i]! / rows.length + LAMBDA * (v - START[i]!)));
  }
  return w.map((v) => Number(v.toFixed(3)));
}

function rank1(rows: List[], w: number[]): number {
  let n = 0;
  for (const l of rows) {
    const z = l.f.map((f) => f.reduce((a, v, i) => a + v * w[i]!, 0));
    if (l.right[z.indexOf(Math.max(...z))]) n++;
  }
  return n;
}

if (process.env.CV) {
  for (const s of sets) {
    const train = lists.filter((l) => l.set !== s.name);
    const test = lists.filter((l) => l.set === s.name);
    const w = fit(train);
    console.log(`${s.name}: rank-1 among reachable ${rank1(test, START)} → ${rank1(test, w)} of ${test.length}`);
  }
}
const w = fit(lists);
console.log(`${lists.length} questions with a right answer among the first ${p.rerankDepth}; rank-1 ${rank1(lists, START)} → ${rank1(lists, w)}`);
console.log(`rerankWeights: ${JSON.stringify(w)},`);
