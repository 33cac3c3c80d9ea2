/**
 * Cuts text to at most `max` UTF-16 units, ending in "…" when cut. Never splits a surrogate pair (a lone half
 * is rejected by some APIs) and, when `entities` is set, never leaves half an HTML entity such as `&am`.
 */
export function truncate(text: string, max: number, options: { entities?: boolean } = {}): string {
  if (text.length <= max) return text;
  if (max <= 0) return '';
  let cut = text.slice(0, max - 1);
  if (/[\ud800-\udbff]$/.test(cut)) cut = cut.slice(0, -1);
  if (options.entities) cut = cut.replace(/&[a-z]{0,4}$/, '');
  return `${cut}…`;
}
