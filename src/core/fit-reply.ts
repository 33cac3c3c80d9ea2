import type { Block } from './reply.js';
import { truncate } from './truncate.js';

type Content = Exclude<Block, { type: 'buttons' }>;

/** Cuts a block's text to `n` UTF-16 units of neutral markup (a list across its items); a quote keeps its source. */
function cutBlock(b: Content, n: number): Content {
  const cut = (s: string, max: number) => truncate(s, max, { escapes: true });
  if (b.type !== 'list') return { ...b, text: cut(b.text, n) };
  const items: string[] = [];
  let left = n;
  for (const item of b.items) {
    if (left <= 1) break;
    items.push(cut(item, left));
    left -= item.length;
  }
  return { ...b, items };
}

const size = (b: Content) => (b.type === 'list' ? b.items.reduce((n, i) => n + i.length, 0) : b.text.length);

/**
 * The order in which content gives way: takeaways and other quotes first, then other text, then headings, and
 * what the buttons answer (`keep`) only if nothing else is left — each group from the end of the reply backwards.
 */
function victims(blocks: readonly Content[]): number[] {
  const rank = (b: Content) => (b.type === 'quote' ? 0 : 'keep' in b && b.keep ? 3 : b.type === 'heading' ? 2 : 1);
  return blocks
    .map((b, i) => ({ i, rank: rank(b) }))
    .sort((a, b) => a.rank - b.rank || b.i - a.i)
    .map((v) => v.i);
}

/**
 * Shortens a reply's content blocks (buttons are the renderer's, never touched here) until `fits` accepts them,
 * in the order of `victims`: each victim is dropped, and if the rest then fits it comes back cut to the longest
 * length that still fits (binary search, so a few renders per victim). When anything was shortened, `marker` (a
 * note saying so) is added at the end and counted in `fits`. Returns the blocks to render.
 */
export function shrinkToFit(blocks: readonly Content[], fits: (blocks: Content[]) => boolean, marker: Content): Content[] {
  if (fits([...blocks])) return [...blocks];
  const current: (Content | undefined)[] = [...blocks];
  const withMarker = () => [...current.filter((b): b is Content => !!b), marker];
  for (const i of victims(blocks)) {
    const whole = current[i]!;
    current[i] = undefined;
    if (!fits(withMarker())) continue;
    let lo = 0;
    let hi = size(whole) - 1;
    while (lo < hi) {
      const mid = Math.ceil((lo + hi) / 2);
      current[i] = cutBlock(whole, mid);
      if (fits(withMarker())) lo = mid;
      else hi = mid - 1;
    }
    // A takeaway cut to a few characters says nothing; leave it out instead (but a question stays, however short).
    const kept = 'keep' in whole && whole.keep;
    current[i] = lo > 0 && (lo >= 40 || kept) ? cutBlock(whole, lo) : undefined;
    break;
  }
  return withMarker();
}
