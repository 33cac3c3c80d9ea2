import { UserError } from '../core/errors.js';
import { safeEcho } from '../core/safe-text.js';
import type { Library } from './types.js';

/** How chapters are written, for hints and `/help`; kept beside the parser that reads them. */
export const CHAPTER_FORMS = 'Chapters: 4, ch4, chapter 4, ranges 4-6 or ch4-6, lists 4,6 or ch4,7.';

const PREFIX = /(?:chapters?|chs?)\.?\s*(?=\d)/g;
const SPEC = /^\d{1,9}(?:-\d{1,9})?(?:,\d{1,9}(?:-\d{1,9})?)*$/;

/** "3", "3–7", "12, 13": consecutive runs of three or more as a range. */
function compact(numbers: readonly number[]): string {
  const runs: string[] = [];
  for (let i = 0; i < numbers.length; ) {
    let j = i;
    while (j + 1 < numbers.length && numbers[j + 1] === numbers[j]! + 1) j++;
    runs.push(j - i >= 2 ? `${numbers[i]}–${numbers[j]}` : numbers.slice(i, j + 1).join(', '));
    i = j + 1;
  }
  return runs.join(', ');
}

function hint(library: Library, example: string): string {
  const known = library.chapters.map((c) => c.number).sort((a, b) => a - b);
  return `The notes have chapters ${compact(known)}. Write chapters as 4, ch4, chapter 4, 4-6 or 4,6; for example: ${example}`;
}

/**
 * Reads chapters as every command writes them — `4`, `ch4`, `Ch. 4`, `chapter 4`, ranges `4-6`, `ch4-6`,
 * `ch 4 to 6`, lists `4,6`, `ch4, ch7`, `4 and 6` — into sorted chapter numbers of the notes.
 * Returns undefined when the text is not written as chapters at all (so `/quiz start` can read it as a topic);
 * throws a UserError, the same for every command, when it names chapters the notes lack or is a broken chapter
 * spec (`ch4x`). `example` is the calling command's own example for the hint.
 */
export function readChapters(text: string, library: Library, example: string): number[] | undefined {
  const raw = text.trim().toLowerCase();
  const prefixed = /^(?:chapters?|chs?)\.?\s*\d/.test(raw);
  const t = raw
    .replace(PREFIX, '')
    .replace(/\s*(?:\bto\b|[-–—])\s*/g, '-')
    .replace(/\s*(?:,|&|\band\b)\s*/g, ',')
    .replace(/\s+/g, ',');
  if (!SPEC.test(t)) {
    if (prefixed || /^\d[\d\s,\-–—.]*$/.test(raw)) throw new UserError(`“${safeEcho(text, 30)}” is not a chapter.`, hint(library, example));
    return undefined;
  }
  const known = [...new Set(library.chapters.map((c) => c.number))].sort((a, b) => a - b);
  const out = new Set<number>();
  // Missing numbers as [from, to] runs, never one by one: "ch1-99999999" must not build a set of a hundred
  // million numbers (seconds of a blocked event loop), and reads better as "12–99999999" anyway.
  const gaps: [number, number][] = [];
  for (const part of t.split(',')) {
    const [a, b = a] = part.split('-').map(Number) as [number, number?];
    const lo = Math.min(a, b!);
    const hi = Math.max(a, b!);
    let from = lo;
    for (const n of known) {
      if (n < lo || n > hi) continue;
      if (n > from) gaps.push([from, n - 1]);
      out.add(n);
      from = n + 1;
    }
    if (from <= hi) gaps.push([from, hi]);
  }
  if (gaps.length) {
    const runs = gaps.sort((x, y) => x[0] - y[0]).map(([x, y]) => (x === y ? `${x}` : y === x + 1 ? `${x}, ${y}` : `${x}–${y}`));
    const label = [...new Set(runs)].join(', ');
    const one = gaps.every(([x, y]) => x === y && x === gaps[0]![0]);
    throw new UserError(`There ${one ? 'is no chapter' : 'are no chapters'} ${label} in the notes.`, hint(library, example));
  }
  return [...out].sort((x, y) => x - y);
}

/** `readChapters` for commands that take nothing but chapters: text that is not a chapter spec is an error too. */
export function requireChapters(text: string, library: Library, example: string): number[] {
  const chapters = readChapters(text, library, example);
  if (!chapters) throw new UserError(`“${safeEcho(text, 30)}” is not a chapter.`, hint(library, example));
  return chapters;
}
