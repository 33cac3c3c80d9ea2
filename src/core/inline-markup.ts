/*
 * The inline markup of the neutral reply, and the only markup it has: **bold**, `code`, and a backslash before
 * \ * or ` for the character itself. Everything else in reply text is literal — every renderer shows it exactly as
 * written on its platform, escaping that platform's Markdown or mrkdwn and defusing its mentions and links. Notes
 * use bold and code; a person's words go in through `literal` (safeEcho does it), so they cannot use even those.
 */
import { wellFormed } from './truncate.js';

export type Span = { kind: 'text' | 'bold' | 'code'; text: string };

/** Neutral markup that shows `text` exactly: bold and code markers in it become plain characters. */
export function literal(text: string): string {
  return text.replace(/[\\*`]/g, '\\$&');
}

const ESCAPABLE = new Set(['\\', '*', '`']);

/**
 * Splits neutral reply text into literal, bold and code runs, with escapes resolved. A marker without its partner
 * (an unclosed `**`, a lone backtick — what a cut can leave) is literal text, so any prefix of valid markup is valid.
 * Lone surrogates become U+FFFD.
 */
export function parseInline(input: string): Span[] {
  const text = wellFormed(input);
  const spans: Span[] = [];
  let run = '';
  const push = (kind: Span['kind'], s: string) => {
    if (kind === 'text' && spans.at(-1)?.kind === 'text') spans.at(-1)!.text += s;
    else if (s) spans.push({ kind, text: s });
  };
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (c === '\\' && ESCAPABLE.has(text[i + 1] ?? '')) {
      run += text[i + 1];
      i += 2;
      continue;
    }
    if (c === '`') {
      const end = text.indexOf('`', i + 1);
      if (end > i + 1) {
        push('text', run);
        run = '';
        push('code', text.slice(i + 1, end));
        i = end + 1;
        continue;
      }
    }
    if (c === '*' && text[i + 1] === '*') {
      const bold = boldAt(text, i + 2);
      if (bold) {
        push('text', run);
        run = '';
        push('bold', bold.text);
        i = bold.end;
        continue;
      }
    }
    run += c;
    i++;
  }
  push('text', run);
  return spans;
}

/** The bold run that starts at `from` (just after `**`), up to the next `**` on the same line, escapes resolved. */
function boldAt(text: string, from: number): { text: string; end: number } | undefined {
  let out = '';
  for (let i = from; i < text.length; i++) {
    const c = text[i]!;
    if (c === '\n') return undefined;
    if (c === '\\' && ESCAPABLE.has(text[i + 1] ?? '')) {
      out += text[++i];
    } else if (c === '*' && text[i + 1] === '*') {
      return out ? { text: out, end: i + 2 } : undefined;
    } else {
      out += c;
    }
  }
  return undefined;
}

/** The text without its markup, as a reader sees it: fallback text, plain-text fields, the console's JSON. */
export function inlineText(text: string): string {
  return parseInline(text)
    .map((s) => s.text)
    .join('');
}

/**
 * Puts a zero-width space after the `@` of `@everyone`, `@here` and `@channel`: they still read the same but are
 * no longer the words Discord (and Slack with `link_names`) turn into a broadcast.
 */
export function defuseBroadcasts(text: string): string {
  return text.replace(/@(?=everyone|here|channel)/gi, '@\u200b');
}
