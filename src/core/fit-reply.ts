import type { TextBlock } from './reply.js';
import { truncate } from './truncate.js';

type Content = TextBlock;

/**
 * Cuts a block's text to `n` UTF-16 units of neutral markup; a quote keeps its source, and a list cuts each item to
 * `n`, so every option keeps its letter however long one of them is.
 */
function cutBlock(b: Content, n: number): Content {
  const cut = (s: string) => truncate(s, n, { escapes: true });
  return b.type === 'list' ? { ...b, items: b.items.map(cut) } : { ...b, text: cut(b.text) };
}

/** The length `cutBlock` works on: the text's, or a list's longest item. */
const size = (b: Content) => (b.type === 'list' ? Math.max(0, ...b.items.map((i) => i.length)) : b.text.length);

/**
 * The order in which content gives way: takeaways and other quotes first, then other text, then headings — each
 * group from the end of the reply backwards — and what the buttons answer (`keep`) only if nothing else is left.
 */
function victims(blocks: readonly Content[]): number[] {
  const rank = (b: Content) => (b.type === 'quote' ? 0 : 'keep' in b && b.keep ? 3 : b.type === 'heading' ? 2 : 1);
  return blocks
    .map((b, i) => ({ i, rank: rank(b) }))
    // Kept blocks go front to back: a question too long to fit is cut before the options its buttons stand for.
    .sort((a, b) => a.rank - b.rank || (a.rank === 3 ? a.i - b.i : b.i - a.i))
    .map((v) => v.i);
}

/**
 * The longest cut of neutral text whose rendering `ok` accepts — for a limit on one rendered field (Discord's
 * 256-character title). Cutting the rendering instead could end inside a code span and set its content loose.
 */
export function cutToFit(text: string, ok: (cut: string) => boolean): string {
  if (ok(text)) return text;
  const cut = longestCut({ type: 'text', text, keep: true }, (b) => ok((b as { text: string }).text));
  return cut && 'text' in cut ? cut.text : '';
}

/** The longest cut of `b` that `ok` accepts (binary search, a few tries), or undefined if none is worth keeping. */
function longestCut(b: Content, ok: (cut: Content) => boolean): Content | undefined {
  let lo = 0;
  let hi = size(b) - 1;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (ok(cutBlock(b, mid))) lo = mid;
    else hi = mid - 1;
  }
  // A takeaway cut to a few characters says nothing; leave it out instead (but a question stays, however short).
  const kept = 'keep' in b && b.keep;
  return lo > 0 && (lo >= 40 || kept) && ok(cutBlock(b, lo)) ? cutBlock(b, lo) : undefined;
}

/**
 * Shortens a reply's content blocks (buttons are the renderer's, never touched here) until each fits its own limit
 * (`fitsAlone`, e.g. Slack's 3,000 per section) and `fits` accepts them together. A block too long alone is cut to
 * the longest length that fits; then, in the order of `victims`, each victim is dropped, and if the rest then fits
 * it comes back cut as long as still fits. When anything was shortened, `marker` (a note saying so) is added at
 * the end and counted in `fits`. Cutting happens in neutral markup, which stays valid (and well-formed) when cut.
 */
export function shrinkToFit(
  blocks: readonly Content[],
  fits: (blocks: Content[]) => boolean,
  marker: Content,
  fitsAlone: (block: Content) => boolean = () => true,
): Content[] {
  const current: (Content | undefined)[] = blocks.map((b) => (fitsAlone(b) ? b : longestCut(b, fitsAlone)));
  const present = () => current.filter((b): b is Content => !!b);
  const shortened = current.some((b, i) => b !== blocks[i]);
  if (!shortened && fits(present())) return present();
  const withMarker = () => [...present(), marker];
  if (fits(withMarker())) return withMarker();
  for (const i of victims(blocks)) {
    const whole = current[i];
    if (!whole) continue;
    current[i] = undefined;
    if (!fits(withMarker())) continue;
    current[i] = longestCut(whole, (cut) => {
      current[i] = cut;
      return fits(withMarker());
    });
    break;
  }
  return withMarker();
}
