import { plainText, type Block, type Button, type Reply } from '../core/reply.js';
import { truncate } from '../core/truncate.js';

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
} as const;

/** Wire shapes (snake_case API JSON), accepted by both discord.js and raw REST calls. */
export interface DiscordEmbed {
  title?: string;
  description?: string;
  color: number;
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
  /** Raw REST posts do not get the client's default, so every message carries it: nothing we send pings anyone. */
  allowed_mentions: { parse: [] };
}

const COLOURS = { answer: 0x57f287, info: 0x5865f2, error: 0xed4245 } as const;
const STYLES = { primary: 1, secondary: 2, success: 3, danger: 4 } as const;

function line(b: Exclude<Block, { type: 'buttons' }>): string {
  switch (b.type) {
    case 'heading':
      return `**${b.text.replace(/\*\*(.+?)\*\*/g, '$1')}**`;
    case 'text':
      return b.text;
    case 'quote':
      return `${b.text.split('\n').map((l) => `> ${l}`).join('\n')}${b.source ? `\n-# ${b.source}` : ''}`;
    case 'list':
      return b.items.map((i) => `• ${i}`).join('\n');
    case 'note':
      // `-#` is Discord's small grey subtext, the closest thing to a footnote.
      return b.text.split('\n').map((l) => `-# ${l}`).join('\n');
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

/** Renders a neutral reply as one embed plus button rows: a leading heading becomes the title. */
export function renderDiscord(r: Reply): DiscordMessage {
  const content = r.blocks.filter((b): b is Exclude<Block, { type: 'buttons' }> => b.type !== 'buttons');
  const first = content[0];
  const title = first?.type === 'heading' ? truncate(first.text.replace(/\*\*(.+?)\*\*/g, '$1'), DISCORD_LIMITS.title) : undefined;
  const body = (title ? content.slice(1) : content).map(line).join('\n\n');
  const room = Math.min(DISCORD_LIMITS.description, DISCORD_LIMITS.embedTotal - (title?.length ?? 0));
  const description = body ? truncate(body, room) : undefined;
  const components = rows(r.blocks.flatMap((b) => (b.type === 'buttons' ? b.buttons : [])));
  const message: DiscordMessage = { embeds: [], components, allowed_mentions: { parse: [] } };
  if (title || description) {
    message.embeds.push({ ...(title ? { title } : {}), ...(description ? { description } : {}), color: COLOURS[r.kind] });
  } else {
    // Discord refuses a message with nothing in it; buttons alone need some text beside them.
    message.content = truncate(plainText(r), DISCORD_LIMITS.content) || '…';
  }
  return message;
}
