const ZWSP = '\u200b';

/**
 * Makes user-written text safe to echo in any chat: control characters dropped, length capped, and every
 * mention form defused — `@everyone`, `@here`, Slack's `<!channel>` / `<@U123>`, Discord's `<@123>` / `<@&role>`.
 * Renderers escape again for their platform; this is the part that holds on all of them.
 */
export function safeEcho(text: string, maxLength = 200): string {
  let s = text
    .replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  if (s.length > maxLength) s = `${s.slice(0, maxLength - 1)}…`;
  return s
    .replace(/<([!@#][^>]*)>/g, (_, inner: string) => inner.replace(/^[!@#&]+/, '@'))
    .replace(/@/g, `@${ZWSP}`)
    .replace(/[<>]/g, (c) => (c === '<' ? '‹' : '›'));
}

/** Input as commands should see it: control characters out, whitespace folded, trimmed. */
export function cleanInput(text: string): string {
  return text
    // Terminal colour codes pasted with text go whole, so "\x1b[31mSMOTE" reads as SMOTE.
    .replace(/\u001b\[[0-9;?]*[ -/]*[@-~]/g, '')
    .replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}
