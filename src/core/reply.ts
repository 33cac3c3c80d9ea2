/*
 * The neutral reply every command returns. Adapters render it: Block Kit on Slack, embeds and buttons on
 * Discord, text (or JSON) in the console. Text may use two bits of markup that every renderer understands:
 * **bold** and `code` (src/core/inline-markup.ts); everything else shows literally on every platform. Text that
 * came from a person must pass through `safeEcho` before it goes in, so it cannot use even those two.
 */
import { inlineText } from './inline-markup.js';

export type Visibility = 'private' | 'channel';

export interface Button {
  /** Routed by the platform adapters through one handler, so it must stay parseable: `verb:arg…`, ≤ 100 chars. */
  id: string;
  label: string;
  style?: 'primary' | 'secondary' | 'success' | 'danger';
}

export type Block =
  | { type: 'heading'; text: string }
  /**
   * `keep`: what the reply's buttons answer (a question, its options). A renderer short of room shortens
   * everything else first — quotes (takeaways) before the rest — and never separates buttons from this.
   */
  | { type: 'text'; text: string; keep?: boolean }
  /** A takeaway or other quoted note, with where it comes from. */
  | { type: 'quote'; text: string; source?: string }
  | { type: 'list'; items: string[]; keep?: boolean }
  /** Small print: hints, sources, related concepts. */
  | { type: 'note'; text: string }
  | { type: 'buttons'; buttons: Button[] }
  | ImageBlock;

/**
 * A picture that goes with the reply (a chart). Renderers attach it the platform's way — a Slack file upload, a
 * Discord attachment, a file in the console — and leave it out of the text, so the reply's other blocks must say
 * what it shows: the text is what screen readers, the console and a bot that may not upload rely on.
 */
export interface ImageBlock {
  type: 'image';
  /** PNG file contents. */
  png: Buffer;
  /** One plain-text sentence saying what the picture shows (Slack alt text, Discord attachment description). */
  alt: string;
  /** A file name ending in `.png`, made of `[a-z0-9-]` (Discord links an embed image to it by name). */
  fileName: string;
  /** Size in px. */
  width: number;
  height: number;
}

/** The blocks that are text (what every renderer lays out): everything but buttons and images. */
export type TextBlock = Exclude<Block, { type: 'buttons' } | ImageBlock>;

/** Is this block text (not buttons, not an image)? */
export function isTextBlock(b: Block): b is TextBlock {
  return b.type !== 'buttons' && b.type !== 'image';
}

/** The reply's images, in order. */
export function imagesOf(r: Reply): ImageBlock[] {
  return r.blocks.filter((b): b is ImageBlock => b.type === 'image');
}

/** The reply without its images: what goes where a picture cannot (a Slack ephemeral message, a Home tab). */
export function withoutImages(r: Reply): Reply {
  return r.blocks.some((b) => b.type === 'image') ? { ...r, blocks: r.blocks.filter((b) => b.type !== 'image') } : r;
}

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

/** The reply as plain text, markup resolved: what platforms show in notifications and where blocks cannot go. */
export function plainText(r: Reply): string {
  const out: string[] = [];
  for (const b of r.blocks) {
    switch (b.type) {
      case 'heading':
      case 'text':
      case 'note':
        out.push(inlineText(b.text));
        break;
      case 'quote':
        out.push(`> ${inlineText(b.text)}${b.source ? `\n  (${inlineText(b.source)})` : ''}`);
        break;
      case 'list':
        out.push(b.items.map((i) => `• ${inlineText(i)}`).join('\n'));
        break;
      case 'buttons':
        out.push(b.buttons.map((x) => `[${x.label}]`).join(' '));
        break;
      case 'image':
        // The text around it already says what it shows; notifications and fallbacks carry no pictures.
        break;
    }
  }
  return out.join('\n');
}
