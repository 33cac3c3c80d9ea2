// `npx tsx bench/tune.ts`: coordinate search over the /ask tuning values (src/search/search-params.ts) on the
// TUNING sets only (TUNING_SETS in test/support/ask-floors.ts: test/ask-set, test/ask-set-holdout and the blind test/ask-set-tuning, -a … -e). The independent set is never read here: it is only
// reported on by `npm run bench`, so that its figures stay an honest estimate.
import { fileURLToPath } from 'node:url';
import { resolveContentDir } from '../src/config.js';
import { loadLibrary } from '../src/content/content-loader.js';
import { SearchIndex } from '../src/search/search-index.js';
import { DEFAULT_SEARCH_PARAMS, searchParams, type SearchParams } from '../src/search/search-params.js';
import { ASK_FLOORS, TUNING_SETS } from '../test/support/ask-floors.js';
import { loadAskSet } from '../test/support/ask-set.js';
import { ourSearcher, relevance, type Relevance } from './relevance.js';

const lib = loadLibrary(resolveContentDir(process.env));
const dir = (d: string) => fileURLToPath(new URL(`../test/${d}`, import.meta.url));
const developers = loadAskSet();
const holdout = loadAskSet(dir('ask-set-holdout'));
/** The blind tuning sets, pooled: written from the chapter list only, labelled from the notes. */
const tuning = TUNING_SETS.filter((s) => s.startsWith('ask-set-tuning')).flatMap((s) => loadAskSet(dir(s)));
/** The older sets' floors, the ones test/ask-relevance.test.ts holds: no change may lower them. */
const FLOORS = { developers: ASK_FLOORS['ask-set']!, holdout: ASK_FLOORS['ask-set-holdout']! };

/**
 * Objective on the blind tuning sets — half hit@1, a fifth hit@3, the rest off-topic refusals (as rates) — with a
 * heavy penalty for every question the older sets lose below their floors.
 */
function score(p: SearchParams): { value: number; text: string } {
  const search = ourSearcher(new SearchIndex(lib, p));
  const t = relevance(tuning, search);
  const d = relevance(developers, search);
  const h = relevance(holdout, search);
  const lost = (r: Relevance, f: { hit1: number; hit3: number; refused: number; quiet: number }) =>
    Math.max(0, f.hit1 - r.hit1) + Math.max(0, f.hit3 - r.hit3) + Math.max(0, f.refused - r.refused) + Math.max(0, f.quiet - r.quiet);
  // Off-topic questions refused without "did you mean" count a little (a tie-breaker: one useful suggestion, which
  // hit@3 counts, is worth about twenty noisy ones, as bench/fit-confidence.ts weighs them).
  const value =
    0.5 * (t.hit1 / t.questions) + 0.2 * (t.hit3 / t.questions) + 0.3 * (t.refused / t.offTopic) + 0.001 * (t.quiet / t.offTopic) -
    0.02 * (lost(d, FLOORS.developers) + lost(h, FLOORS.holdout));
  return {
    value,
    text: `tuning ${t.hit1}/${t.questions} ${t.hit3}/${t.questions} ${t.refused}/${t.offTopic} (${t.quiet} quiet) · developers ${d.hit1} ${d.hit3} ${d.refused}/${d.offTopic} · holdout ${h.hit1} ${h.hit3} ${h.refused}/${h.offTopic}`,
  };
}

type Knob = { get: (p: SearchParams) => number; set: (p: SearchParams, v: number) => SearchParams; grid: number[]; name: string };
const plain = (k: keyof SearchParams, grid: number[]): Knob => ({ name: k, grid, get: (p) => p[k] as number, set: (p, v) => ({ ...p, [k]: v }) });
const field = (k: keyof SearchParams['fieldWeights'], grid: number[]): Knob => ({
  name: `fieldWeights.${k}`,
  grid,
  get: (p) => p.fieldWeights[k],
  set: (p, v) => ({ ...p, fieldWeights: { ...p.fieldWeights, [k]: v } }),
});
const knobs: Knob[] = [
  plain('confidenceThreshold', [0.45, 0.5, 0.525, 0.55, 0.6, 0.65, 0.7, 0.75]),
  plain('suggestionThreshold', [0, 0.1, 0.15, 0.175, 0.2, 0.25]),
  plain('minCoverage', [0.2, 0.25, 0.3, 0.35, 0.4, 0.45]),
  plain('minEvidence', [0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.05, 1.2]),
  plain('phraseMinCoverage', [0.2, 0.3, 0.4, 0.5, 0.6]),
  plain('oneWordPhraseMinCoverage', [0.2, 0.3, 0.4, 0.5, 2]),
  plain('oneWordPhraseMinMargin', [0, 0.1, 0.2, 0.3, 0.4]),
  plain('everydayEvidence', [0.1, 0.25, 0.4, 0.6]),
  plain('everydayPerMillion', [30, 100, 300, 1000]),
  plain('rarePerMillion', [0.5, 1, 2, 5, 10]),
  plain('foreignTermWeight', [0.5, 1, 1.5, 2, 3]),
  plain('unknownEverydayWeight', [0.2, 0.4, 0.7, 1]),
  plain('askedWeight', [0, 0.25, 0.5, 1, 1.5]),
  plain('takeawayWeight', [0.25, 0.5, 0.75]),
  plain('k1', [0.6, 0.9, 1.2, 1.6, 2.2]),
  plain('b', [0.3, 0.5, 0.75, 0.9]),
  plain('nameShareWeight', [0, 0.5, 1, 1.5, 2, 3]),
  plain('nameMinShare', [0.5, 0.6, 0.7, 0.8]),
  plain('everydayQueryWeight', [0.2, 0.4, 0.6, 0.8, 1]),
  plain('phraseSingleWord', [0.25, 0.5, 0.75, 1]),
  plain('phraseMultiWord', [1, 1.5, 2]),
  plain('phraseDefinitionLead', [1, 1.5, 2, 3, 4]),
  plain('nameGenericIdf', [0, 0.05, 0.1, 0.15]),
  plain('secondConceptShare', [0.6, 0.75, 0.9]),
  plain('secondPhraseMinWords', [1, 2, 3]),
  plain('nameMinSubject', [0.3, 0.4, 0.5, 0.6, 0.8]),
  plain('everydayCoverage', [0.3, 0.5, 0.7, 1]),
  field('asked', [0, 0.25, 0.5, 1, 1.5, 2]),
  field('alias', [2, 3, 4]),
];

let best = searchParams(DEFAULT_SEARCH_PARAMS);
let bestScore = score(best);
console.log(`start ${bestScore.value.toFixed(4)} ${bestScore.text}`);
for (let round = 0; round < 4; round++) {
  let moved = false;
  for (const k of knobs) {
    for (const v of k.grid) {
      if (v === k.get(best)) continue;
      const candidate = k.set(best, v);
      const s = score(candidate);
      if (s.value > bestScore.value + 1e-9) {
        best = candidate;
        bestScore = s;
        moved = true;
        console.log(`${k.name} = ${v}: ${s.value.toFixed(4)} ${s.text}`);
      }
    }
  }
  if (!moved) break;
}
console.log(JSON.stringify(best));
