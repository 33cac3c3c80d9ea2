/** A high surrogate without its low half, or a low half without its high one. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/**
 * Replaces every lone surrogate with U+FFFD, so the text is well-formed (`String.prototype.isWellFormed()`).
 * Platform JSON can carry one (`"\ud83d"` in a display name); Slack and Discord reject or mangle it.
 */
export function wellFormed(text: string): string {
  return text.replace(LONE_SURROGATE, '\ufffd');
}

/**
 * Cuts text to at most `max` UTF-16 units, ending in "…" when cut (or `ellipsis`, which may be empty). Never
 * splits a surrogate pair (a lone half is rejected by some APIs); with `entities`, never leaves half an HTML entity
 * such as `&am` (Slack mrkdwn); with `escapes`, never ends on a lone backslash that would escape the ellipsis
 * (Discord Markdown).
 */
export function truncate(text: string, max: number, options: { entities?: boolean; escapes?: boolean; ellipsis?: string } = {}): string {
  if (text.length <= max) return text;
  const ellipsis = options.ellipsis ?? '…';
  if (max < ellipsis.length || max <= 0) return '';
  let cut = text.slice(0, max - ellipsis.length);
  if (/[\ud800-\udbff]$/.test(cut)) cut = cut.slice(0, -1);
  if (options.entities) cut = cut.replace(/&[a-z]{0,4}$/, '');
  if (options.escapes) cut = cut.replace(/(?<!\\)(\\\\)*\\$/, '$1');
  return `${cut}${ellipsis}`;
}
