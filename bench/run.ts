// `npm run bench`: relevance and speed of /ask against a naive Fuse baseline measured in the same run.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { commands } from '../commands/index.js';
import { resolveContentDir } from '../src/config.js';
import { loadLibrary } from '../src/content/content-loader.js';
import { CommandRouter } from '../src/core/command-router.js';
import { plainText } from '../src/core/reply.js';
import { SearchIndex } from '../src/search/search-index.js';
import { loadAskSet } from '../test/support/ask-set.js';
import { generatedCorpus } from './generated-corpus.js';
import { naiveFuse, ourSearcher, relevance } from './relevance.js';
import { median, ms, pct, percentile, table, timeEach } from './stats.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const verbose = process.argv.includes('--verbose');

const lib = loadLibrary(resolveContentDir(process.env));
const progress = (what: string) => process.stderr.write(`… ${what}\n`);
const cases = loadAskSet();
const questions = cases.map((c) => c.question);
console.log(`Notes: ${lib.chapters.length} chapters, ${lib.concepts.length} concepts, ${lib.takeaways.length} takeaways; question set: ${cases.length} (${cases.filter((c) => !c.expect.length).length} off-topic)\n`);

// Index build: median of several builds each.
const buildOurs = median(timeEach(Array.from({ length: 7 }), () => new SearchIndex(lib)));
const buildNaive = median(timeEach(Array.from({ length: 7 }), () => naiveFuse(lib)));
const ours = new SearchIndex(lib);
const naive = naiveFuse(lib);

progress('relevance (the naive baseline takes a minute or two)');
// Relevance.
const rOurs = relevance(cases, ourSearcher(ours));
const rNaive = relevance(cases, naive);
// A second set written later by someone who saw neither the first set nor the search code: a check on overfitting.
const holdout = loadAskSet(fileURLToPath(new URL('../test/ask-set-holdout', import.meta.url)));
const hOurs = relevance(holdout, ourSearcher(ours));
const hNaive = relevance(holdout, naive);

// Speed on the bundled notes (warm-up round first, then three timed rounds).
timeEach(questions, (q) => ours.ask(q));
const tOurs = timeEach(questions, (q) => ours.ask(q), 3);
// The naive baseline takes ~0.1–1 s a question: time it on every third question (its relevance used them all).
const sample = (n: number) => questions.filter((_, i) => i % Math.ceil(questions.length / n) === 0);
const tNaive = timeEach(sample(60), (q) => naive(q));

progress('speed on a generated corpus of 10,000 takeaways');
// Speed on a generated corpus of 10,000 takeaways.
const big = generatedCorpus(lib, 10_000);
const bigTakeaways = big.concepts.reduce((n, c) => n + c.takeaways.length, 0);
const bigBuildOurs = median(timeEach(Array.from({ length: 3 }), () => new SearchIndex(big)));
const bigOurs = new SearchIndex(big);
timeEach(questions, (q) => bigOurs.ask(q));
const tBigOurs = timeEach(questions, (q) => bigOurs.ask(q), 2);
const bigNaiveBuild = timeEach([0], () => naiveFuse(big))[0]!;
const bigNaive = naiveFuse(big);
const tBigNaive = timeEach(sample(12), (q) => bigNaive(q));

progress('start to first answer');
// Start to first answer: a real child process in scripted mode, median of 5.
async function startToFirstAnswer(): Promise<number> {
  const t0 = process.hrtime.bigint();
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', '--json'], { cwd: ROOT, stdio: ['pipe', 'pipe', 'inherit'], env: { ...process.env, SLACK_BOT_TOKEN: '', DISCORD_TOKEN: '' } });
  return new Promise((resolve, reject) => {
    child.stdout.once('data', () => {
      resolve(Number(process.hrtime.bigint() - t0) / 1e6);
      child.kill();
    });
    child.on('error', reject);
    child.stdin.end('/ask what is reservoir sampling?\n');
  });
}
const starts: number[] = [];
for (let i = 0; i < 5; i++) starts.push(await startToFirstAnswer());

// Bad input through the real command router.
const router = new CommandRouter({ library: lib, search: ours, commands, random: Math.random, now: () => new Date() });
const who = { speaker: { id: 'console:bench', name: 'bench' }, channel: 'console:main', platform: 'console' as const };
const bad = ['x'.repeat(10_000), '', '\u0000\u0007\u001b[31mSMOTE\u0008', '@everyone what is SMOTE <!channel> <@U123> @here', `why is ${'accuracy '.repeat(1500)}`];
let badOk = 0;
for (const text of bad) {
  try {
    const r = await router.run('ask', text, who);
    const out = plainText(r);
    if (!/@everyone|@here|<!channel>|<@U123>/.test(out) && !/[\u0000-\u0008]/.test(out)) badOk++;
  } catch {
    // a throw is a failure: the router must turn every input into a reply
  }
}

const n = rOurs.questions;
const o = rOurs.offTopic;
console.log(
  table([
    ['measure', 'target', 'ours', 'naive Fuse', 'ours / naive'],
    ['hit@1', '>= 90 %', pct(rOurs.hit1, n), pct(rNaive.hit1, n), ''],
    ['hit@3', '>= 97 %', pct(rOurs.hit3, n), pct(rNaive.hit3, n), ''],
    ['off-topic refused', '>= 90 %', pct(rOurs.refused, o), pct(rNaive.refused, o), ''],
    [`held-out hit@1 (${hOurs.questions})`, '', pct(hOurs.hit1, hOurs.questions), pct(hNaive.hit1, hOurs.questions), ''],
    ['held-out hit@3', '', pct(hOurs.hit3, hOurs.questions), pct(hNaive.hit3, hOurs.questions), ''],
    [`held-out off-topic refused (${hOurs.offTopic})`, '', pct(hOurs.refused, hOurs.offTopic), pct(hNaive.refused, hOurs.offTopic), ''],
    [`/ask p50, bundled (${lib.takeaways.length})`, '', ms(median(tOurs)), ms(median(tNaive)), (median(tOurs) / median(tNaive)).toFixed(3)],
    [`/ask p95, bundled`, '<= 2 ms', ms(percentile(tOurs, 95)), ms(percentile(tNaive, 95)), (percentile(tOurs, 95) / percentile(tNaive, 95)).toFixed(3)],
    [`/ask p50, generated (${bigTakeaways})`, '', ms(median(tBigOurs)), ms(median(tBigNaive)), (median(tBigOurs) / median(tBigNaive)).toFixed(4)],
    [`/ask p95, generated`, '<= 20 ms', ms(percentile(tBigOurs, 95)), ms(percentile(tBigNaive, 95)), (percentile(tBigOurs, 95) / percentile(tBigNaive, 95)).toFixed(4)],
    ['index build, bundled (median)', '<= 200 ms', ms(buildOurs), ms(buildNaive), (buildOurs / buildNaive).toFixed(2)],
    ['index build, generated', '', ms(bigBuildOurs), ms(bigNaiveBuild), (bigBuildOurs / bigNaiveBuild).toFixed(2)],
    ['start to first answer (median of 5)', '<= 1.5 s', ms(median(starts)), '', ''],
    ['bad input handled', 'all', `${badOk}/${bad.length}`, '', ''],
  ]),
);
console.log(`\nNaive Fuse speed is from ${tNaive.length} questions (bundled) and ${tBigNaive.length} (generated); everything else from all ${questions.length}.`);
console.log('hit@1: a confident answer led by the expected concept. hit@3: the expected concept among the first three the reply names (matches, then related; or the "did you mean" suggestions when not confident).');

if (verbose || rOurs.misses.length <= 20) {
  console.log(`\nOur misses (${rOurs.misses.length + hOurs.misses.length}):`);
  for (const { c, got } of [...rOurs.misses, ...hOurs.misses]) console.log(`  ${c.file}:${c.line} "${c.question}" expected ${c.expect.join('/') || '(refusal)'}, got ${got.join(', ')}`);
}
