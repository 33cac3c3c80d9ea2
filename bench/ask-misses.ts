// `npx tsx bench/ask-misses.ts [set …]`: where /ask goes wrong on the TUNING sets, for the next tuning round. Per set:
// hit@1, hit@3, off-topic refused, and rank-1 when /ask always answers (so refusals and ranking can be told apart);
// with set names given, each miss too: `kind REFUSE|WRONG want … got …` and every off-topic question answered.
// The report-only set (test/ask-set-independent) is refused: its misses are never printed.
import { fileURLToPath } from 'node:url';
import { resolveContentDir } from '../src/config.js';
import { loadLibrary } from '../src/content/content-loader.js';
import { SearchIndex } from '../src/search/search-index.js';
import { REPORT_ONLY_SET, TUNING_SETS } from '../test/support/ask-floors.js';
import { loadAskSet } from '../test/support/ask-set.js';
import { ourSearcher, relevance } from './relevance.js';

const show = process.argv.slice(2);
if (show.includes(REPORT_ONLY_SET)) throw new Error(`${REPORT_ONLY_SET} is only reported on: its misses are never printed`);
const lib = loadLibrary(resolveContentDir(process.env));
const index = new SearchIndex(lib);
// The same notes and parameters, but answering every question: its first concept is the ranking's rank-1.
const always = new SearchIndex(lib, { confidenceThreshold: -1, minCoverage: 0, minEvidence: 0, phraseMinCoverage: 0 });
const first = (ix: SearchIndex, q: string) => ix.ask(q).answers[0]?.concept.id ?? '';
for (const set of TUNING_SETS) {
  const cases = loadAskSet(fileURLToPath(new URL(`../test/${set}`, import.meta.url)));
  const r = relevance(cases, ourSearcher(index));
  const onTopic = cases.filter((c) => c.expect.length);
  const rank1 = onTopic.filter((c) => c.expect.includes(first(always, c.question))).length;
  console.log(`${set}: hit@1 ${r.hit1}/${r.questions} · hit@3 ${r.hit3} · refused ${r.refused}/${r.offTopic} (${r.quiet} without "did you mean") · rank-1 ${rank1}`);
  if (!show.includes(set)) continue;
  for (const c of onTopic) {
    const res = index.ask(c.question);
    const got = res.answers.map((a) => a.concept.id);
    if (res.confident && c.expect.includes(got[0]!)) continue;
    const what = res.confident ? `WRONG  got ${got.join(',')}` : `REFUSE rank-1 ${first(always, c.question)}`;
    console.log(`  ${c.file.replace(/\.txt$/, '').padEnd(8)} ${what} · want ${c.expect.join(',')} | ${c.question}`);
  }
  for (const c of cases.filter((x) => !x.expect.length)) {
    const res = index.ask(c.question);
    if (res.confident) console.log(`  off-topic answered ${res.answers[0]!.concept.id} | ${c.question}`);
  }
}
