import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ASK_SET_DIR = process.env.ASK_SET_DIR ?? fileURLToPath(new URL('../ask-set', import.meta.url));

export interface AskCase {
  question: string;
  /** Concept ids that count as a hit; empty for an off-topic question. */
  expect: string[];
  file: string;
  line: number;
}

/** Reads test/ask-set/*.txt: `concept-id[,id] | question` or `- | off-topic question`. */
export function loadAskSet(dir = ASK_SET_DIR): AskCase[] {
  const cases: AskCase[] = [];
  // raw.txt (a set's provenance, another format) and uncovered.txt (topics the notes lack) are not questions to score.
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.txt') && f !== 'raw.txt' && f !== 'uncovered.txt').sort()) {
    readFileSync(join(dir, file), 'utf8')
      .split('\n')
      .forEach((raw, i) => {
        const line = raw.trim();
        if (!line || line.startsWith('#')) return;
        const bar = line.indexOf('|');
        if (bar < 0) throw new Error(`${file}:${i + 1}: expected 'concept-id | question'`);
        const ids = line.slice(0, bar).trim();
        cases.push({
          question: line.slice(bar + 1).trim(),
          expect: ids === '-' ? [] : ids.split(',').map((s) => s.trim()),
          file,
          line: i + 1,
        });
      });
  }
  return cases;
}
