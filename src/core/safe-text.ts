import { literal } from './inline-markup.js';
import { truncate, wellFormed } from './truncate.js';

/**
 * A person's words (display name, echoed question) as reply text that shows them literally on every platform:
 * control and bidirectional-override characters dropped (they reorder what is shown around them), whitespace
 * folded, lone surrogates replaced, cut to `maxLength` UTF-16 units without splitting a character, and escaped
 * into the neutral markup (`literal`) so `**` or a backtick in them is shown, not obeyed. The renderers then escape
 * each platform's own markup, mentions and links; see src/core/inline-markup.ts.
 */
export function safeEcho(text: string, maxLength = 200): string {
  const s = wellFormed(text)
    .replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  return literal(truncate(s, maxLength));
}

/** Input as commands should see it: control characters out, lone surrogates replaced, whitespace folded, trimmed. */
export function cleanInput(text: string): string {
  return wellFormed(text)
    // Terminal colour codes pasted with text go whole, so "\x1b[31mSMOTE" reads as SMOTE.
    .replace(/\u001b\[[0-9;?]*[ -/]*[@-~]/g, '')
    .replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}
