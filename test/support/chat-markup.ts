/*
 * What Discord and Slack would act on in text we send, judged independently of our renderers: a test can then say
 * "this name added no markup" by comparing with the same reply for a plain name.
 */
import type { DiscordMessage } from '../../src/discord/render-discord.js';
import type { SlackMessage } from '../../src/slack/render-block-kit.js';

const ZWSP = /\u200b/g;

/**
 * Live Discord Markdown in `md`, one entry per construct. Read left to right as the client does: a backslash before
 * punctuation is that character, a code span runs to the next backquote and shows its content raw (tags in it are
 * still reported: the server reads mentions even inside code).
 */
export function discordLive(md: string): string[] {
  const found: string[] = [];
  let s = '';
  for (let i = 0; i < md.length; i++) {
    const c = md[i]!;
    if (c === '\\' && /[^0-9A-Za-z\s]/.test(md[i + 1] ?? 'a')) {
      s += 'e';
      i++;
    } else if (c === '`' && md.indexOf('`', i + 1) > i + 1) {
      const end = md.indexOf('`', i + 1);
      found.push(...tags(md.slice(i + 1, end)));
      s += 'c';
      i = end;
    } else {
      s += c;
    }
  }
  found.push(...tags(s));
  for (const m of s.matchAll(/\[[^\]\n]*\]\([^)\n]*\)/g)) found.push(`masked link ${m[0]}`);
  for (const m of s.matchAll(/[*_~|]/g)) found.push(`mark ${m[0]}`);
  for (const m of s.matchAll(/^(?:#{1,3} |-# |>>> |> |[-*+] |\d+\. )/gm)) found.push(`line ${m[0]}`);
  return found.sort();
}

function tags(s: string): string[] {
  return [
    ...[...s.matchAll(/<(?:@[!&]?\d|#\d|t:\d|a?:\w+:\d|\/\w)/g)].map((m) => `tag ${m[0]}`),
    ...[...s.matchAll(/@(?:everyone|here)/g)].map((m) => `broadcast ${m[0]}`),
  ];
}

/** What a Discord reader sees of `md`, near enough: bold and code markers gone, escapes resolved, zero-width spaces gone. */
export const discordShows = (md: string) =>
  md
    .replace(/(?<!\\)(\*\*|`)/g, '')
    .replace(/\\([^0-9A-Za-z\s])/g, '$1')
    .replace(ZWSP, '');

/** Every text of a rendered Discord message, title first. */
export const discordTexts = (m: DiscordMessage) => [m.content ?? '', ...m.embeds.flatMap((e) => [e.title ?? '', e.description ?? ''])];

/** Live mrkdwn in `text`: any `<` (mentions, links, `<!here>`), broadcasts, quote lines, and `*_~` or backquote not fenced by zero-width spaces. */
export function slackLive(text: string): string[] {
  const found: string[] = [];
  for (const m of text.matchAll(/<[^>]*>?/g)) found.push(`tag ${m[0]}`);
  for (const m of text.matchAll(/@(?:everyone|here|channel)/g)) found.push(`broadcast ${m[0]}`);
  for (const m of text.matchAll(/^(?:>|&gt;)/gm)) found.push(`quote ${m[0]}`);
  for (const m of text.matchAll(/(?<!\u200b)[*_~`]|[*_~`](?!\u200b)/g)) found.push(`mark ${m[0]}`);
  return found.sort();
}

/** What a Slack reader sees of mrkdwn, near enough: bold and code markers gone, entities resolved, zero-width spaces gone. */
export const slackShows = (text: string) =>
  text
    .replace(/(?<!\u200b)[*`](?!\u200b)/g, '')
    .replace(ZWSP, '')
    .replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

/** The mrkdwn texts of a Slack message (the fallback and every mrkdwn element); plain_text is never parsed. */
export function slackMrkdwn(m: SlackMessage): string[] {
  const out = [m.text];
  for (const b of m.blocks) {
    if (b.type === 'section' && b.text.type === 'mrkdwn') out.push(b.text.text);
    if (b.type === 'context') out.push(...b.elements.filter((e) => e.type === 'mrkdwn').map((e) => e.text));
  }
  return out;
}

/** Every text of a Slack message, plain or mrkdwn. */
export function slackTexts(m: SlackMessage): string[] {
  const out = [m.text];
  for (const b of m.blocks) {
    if (b.type === 'header' || b.type === 'section') out.push(b.text.text);
    if (b.type === 'context') out.push(...b.elements.map((e) => e.text));
    if (b.type === 'actions') out.push(...b.elements.map((e) => e.text.text));
  }
  return out;
}

/** `String.prototype.isWellFormed` (Node 20; TypeScript's ES2023 lib does not declare it). */
export const isWellFormed = (s: string) => (s as unknown as { isWellFormed(): boolean }).isWellFormed();
