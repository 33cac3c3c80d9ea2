import { imagesOf, isTextBlock, plainText, type Button, type Reply, type TextBlock } from '../core/reply.js';
import { cutToFit, shrinkToFit } from '../core/fit-reply.js';
import { defuseBroadcasts, parseInline } from '../core/inline-markup.js';
import { truncate } from '../core/truncate.js';

type Content = TextBlock;

/** Discord's limits (PLATFORM-NOTES.md); the renderer keeps under every one so a reply never earns an API error. */
export const DISCORD_LIMITS = {
  content: 2000,
  title: 256,
  description: 4096,
  embedTotal: 6000,
  rows: 5,
  buttonsPerRow: 5,
  buttonLabel: 80,
  customId: 100,
  attachmentDescription: 1024,
  /** Files per message. */
  files: 10,
} as const;

/** Wire shapes (snake_case API JSON), accepted by both discord.js and raw REST calls. */
export interface DiscordEmbed {
  title?: string;
  description?: string;
  color: number;
  /** The reply's first image, shown inside the embed: `attachment://<file name>` of a file sent with the message. */
  image?: { url: string };
}
/** An uploaded file's entry in a message (`id` is its index among the files sent). */
export interface DiscordAttachment {
  id: number;
  filename: string;
  /** Alt text, ≤ 1024 characters. */
  description: string;
}
export interface DiscordButton {
  type: 2;
  style: 1 | 2 | 3 | 4;
  label: string;
  custom_id: string;
}
export interface DiscordRow {
  type: 1;
  components: DiscordButton[];
}
export interface DiscordMessage {
  content?: string;
  embeds: DiscordEmbed[];
  components: DiscordRow[];
  /** The reply's images, sent as files in this order (see `discordFiles`). */
  attachments?: DiscordAttachment[];
  /** Raw REST posts do not get the client's default, so every message carries it: nothing we send pings anyone. */
  allowed_mentions: { parse: [] };
}

const COLOURS = { answer: 0x57f287, info: 0x5865f2, error: 0xed4245 } as const;
const STYLES = { primary: 1, secondary: 2, success: 3, danger: 4 } as const;

/**
 * Escapes literal text for Discord Markdown (discord.com "Markdown Text 101"; the client's parser takes a backslash
 * before any punctuation as that character): every character that can start emphasis, underline, strikethrough,
 * spoiler, code, a masked link `[text](url)` or a tag `<@id>`, `<#id>`, `<@&id>`, `<t:…>`, `<:emoji:id>`; at the start
 * of a line, a heading (`#`, `-#`) or a list (`-`, `+`, `1.`); and `@everyone`/`@here` defused.
 */
export function escapeDiscord(text: string, atLineStart = true): string {
  // These mean something only at the start of a line: the text's own lines, and its start when it begins one.
  const lineStart = atLineStart ? /^(\s*)([#+-]|\d+\.)/gm : /(?<=\n)(\s*)([#+-]|\d+\.)/g;
  return (
    defuseBroadcasts(text)
      // Brackets escaped are enough to undo a masked link `[text](url)`; its parentheses can stay as they are.
      .replace(/[\\*_~`|<>[\]]/g, '\\$&')
      .replace(lineStart, (_, space: string, mark: string) => `${space}${mark.replace(/[#+.-]$/, '\\$&')}`)
  );
}

/** Inside a code span Discord shows text raw (a backslash would show); a zero-width space after `<` keeps tags dead. */
const codeSpan = (text: string) => `\`${defuseBroadcasts(text).replace(/</g, '<\u200b')}\``;

/** Neutral reply text as Discord Markdown: bold and code kept (bold dropped with `bold` false), the rest literal. */
function inline(text: string, { bold = true, atLineStart = true } = {}): string {
  return parseInline(text)
    .map((s, i) => {
      if (s.kind === 'code') return codeSpan(s.text);
      const escaped = escapeDiscord(s.text, atLineStart && i === 0);
      return s.kind === 'bold' && bold ? `**${escaped}**` : escaped;
    })
    .join('');
}

const prefixed = (prefix: string, text: string) =>
  text
    .split('\n')
    .map((l) => `${prefix}${l}`)
    .join('\n');

function line(b: Content): string {
  switch (b.type) {
    case 'heading':
      return `**${inline(b.text, { bold: false, atLineStart: false })}**`;
    case 'text':
      return inline(b.text);
    case 'quote':
      return `${prefixed('> ', inline(b.text))}${b.source ? `\n-# ${inline(b.source)}` : ''}`;
    case 'list':
      return b.items.map((i) => `• ${inline(i, { atLineStart: false })}`).join('\n');
    case 'note':
      // `-#` is Discord's small grey subtext, the closest thing to a footnote.
      return prefixed('-# ', inline(b.text));
  }
}

function rows(buttons: Button[]): DiscordRow[] {
  const seen = new Set<string>();
  // Discord refuses duplicate custom_ids and ids over 100 characters; a button that cannot be routed is dropped.
  const usable = buttons.filter((x) => {
    if (x.id.length === 0 || x.id.length > DISCORD_LIMITS.customId || seen.has(x.id)) return false;
    seen.add(x.id);
    return true;
  });
  const out: DiscordRow[] = [];
  const max = DISCORD_LIMITS.rows * DISCORD_LIMITS.buttonsPerRow;
  for (let i = 0; i < Math.min(usable.length, max); i += DISCORD_LIMITS.buttonsPerRow) {
    out.push({
      type: 1,
      components: usable.slice(i, Math.min(i + DISCORD_LIMITS.buttonsPerRow, max)).map((x) => ({
        type: 2,
        style: STYLES[x.style ?? 'secondary'],
        label: truncate(x.label, DISCORD_LIMITS.buttonLabel),
        custom_id: x.id,
      })),
    });
  }
  return out;
}

/** An embed title is one line of its own, bold already. */
const TITLE = { bold: false, atLineStart: false };

/** Each block's Markdown, and the title a heading makes, computed once per render: shrinking re-measures them. */
type Memo = { lines: WeakMap<Content, string>; titles: WeakMap<Content, string> };
const memo = (): Memo => ({ lines: new WeakMap(), titles: new WeakMap() });

/** A leading heading becomes the embed's title, the rest its description (not yet cut to the limits). */
function embedText(content: readonly Content[], m: Memo = memo()): { title?: string; description: string } {
  const first = content[0];
  const titleOf = (h: Content & { type: 'heading' }) => inline(cutToFit(h.text, (t) => inline(t, TITLE).length <= DISCORD_LIMITS.title), TITLE);
  const title = first?.type === 'heading' ? (m.titles.get(first) ?? m.titles.set(first, titleOf(first)).get(first)!) : undefined;
  const rendered = (b: Content) => m.lines.get(b) ?? m.lines.set(b, line(b)).get(b)!;
  return { title, description: (title !== undefined ? content.slice(1) : content).map(rendered).join('\n\n') };
}

const fitsEmbed = ({ title, description }: { title?: string; description: string }) =>
  description.length <= DISCORD_LIMITS.description && (title?.length ?? 0) + description.length <= DISCORD_LIMITS.embedTotal;

const SHORTENED: Content = { type: 'note', text: '… (shortened to fit Discord)' };

/**
 * Renders a neutral reply as one embed plus button rows: a leading heading becomes the title. Within Discord's
 * limits (title 256, description 4096, embed 6000, content 2000, 5 rows of 5 buttons): when the text is too long,
 * takeaways give way first and what the buttons answer stays (src/core/fit-reply.ts). Literal text stays literal.
 */
export function renderDiscord(r: Reply): DiscordMessage {
  const content = r.blocks.filter(isTextBlock);
  const m = memo();
  const { title, description: body } = embedText(shrinkToFit(content, (bs) => fitsEmbed(embedText(bs, m)), SHORTENED), m);
  const room = Math.min(DISCORD_LIMITS.description, DISCORD_LIMITS.embedTotal - (title?.length ?? 0));
  const description = body ? truncate(body, room, { escapes: true }) : undefined;
  const components = rows(r.blocks.flatMap((b) => (b.type === 'buttons' ? b.buttons : [])));
  const message: DiscordMessage = { embeds: [], components, allowed_mentions: { parse: [] } };
  const files = discordFiles(r);
  if (files.length) message.attachments = files.map((f, id) => ({ id, filename: f.name, description: f.description }));
  if (title || description) {
    const image = files[0] ? { image: { url: `attachment://${files[0].name}` } } : {};
    message.embeds.push({ ...(title ? { title } : {}), ...(description ? { description } : {}), color: COLOURS[r.kind], ...image });
  } else {
    // Discord refuses a message with nothing in it; buttons alone need some text beside them.
    message.content = truncate(escapeDiscord(plainText(r)), DISCORD_LIMITS.content, { escapes: true }) || '…';
  }
  return message;
}

/** A file to send with a message: what discord.js (`files`) and @discordjs/rest (`RawFile`) both need. */
export interface DiscordFile {
  name: string;
  data: Buffer;
  /** Alt text (the attachment's description). */
  description: string;
}

/**
 * The reply's images as files to attach (at most 10, Discord's limit per message), alt text cut to Discord's 1024
 * characters. The first is also shown inside the embed by `renderDiscord`.
 */
export function discordFiles(r: Reply): DiscordFile[] {
  return imagesOf(r)
    .slice(0, DISCORD_LIMITS.files)
    .map((i) => ({ name: i.fileName, data: i.png, description: truncate(i.alt, DISCORD_LIMITS.attachmentDescription) }));
}
