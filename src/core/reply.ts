/*
 * The neutral reply every command returns. Adapters render it: Block Kit on Slack, embeds and buttons on
 * Discord, text (or JSON) in the console. Text may use two bits of markup that every renderer understands:
 * **bold** and `code`. Text that came from a user must pass through `safeEcho` before it goes in.
 */

export type Visibility = 'private' | 'channel';

export interface Button {
  /** Routed by the platform adapters through one handler, so it must stay parseable: `verb:arg…`, ≤ 100 chars. */
  id: string;
  label: string;
  style?: 'primary' | 'secondary' | 'success' | 'danger';
}

export type Block =
  | { type: 'heading'; text: string }
  | { type: 'text'; text: string }
  /** A takeaway or other quoted note, with where it comes from. */
  | { type: 'quote'; text: string; source?: string }
  | { type: 'list'; items: string[] }
  /** Small print: hints, sources, related concepts. */
  | { type: 'note'; text: string }
  | { type: 'buttons'; buttons: Button[] };

export interface Reply {
  /** Private replies go to the asker only where the platform allows (ephemeral); errors and help are private. */
  visibility: Visibility;
  kind: 'answer' | 'info' | 'error';
  blocks: Block[];
  /** The same content for machines: `--json` output and tests. */
  data?: Record<string, unknown>;
}

export function reply(blocks: Block[], options: Partial<Omit<Reply, 'blocks'>> = {}): Reply {
  return { visibility: options.visibility ?? 'private', kind: options.kind ?? 'answer', blocks, ...(options.data ? { data: options.data } : {}) };
}

export function errorReply(message: string, hint?: string): Reply {
  const blocks: Block[] = [{ type: 'text', text: message }];
  if (hint) blocks.push({ type: 'note', text: hint });
  return { visibility: 'private', kind: 'error', blocks, data: { error: message } };
}

/** The reply as plain text: the fallback text on platforms and the console's output. */
export function plainText(r: Reply): string {
  const out: string[] = [];
  for (const b of r.blocks) {
    switch (b.type) {
      case 'heading':
      case 'text':
      case 'note':
        out.push(b.text);
        break;
      case 'quote':
        out.push(`> ${b.text}${b.source ? `\n  (${b.source})` : ''}`);
        break;
      case 'list':
        out.push(b.items.map((i) => `• ${i}`).join('\n'));
        break;
      case 'buttons':
        out.push(b.buttons.map((x) => `[${x.label}]`).join(' '));
        break;
    }
  }
  return out.join('\n').replace(/\*\*(.+?)\*\*/g, '$1');
}
