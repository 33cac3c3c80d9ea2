import { plainText, type Block, type Button, type Reply } from '../core/reply.js';
import { truncate } from '../core/truncate.js';

/** Slack's limits (PLATFORM-NOTES.md); the renderer keeps under every one so a reply never earns an API error. */
export const SLACK_LIMITS = {
  blocks: 50,
  sectionText: 3000,
  headerText: 150,
  contextText: 2000,
  buttonText: 75,
  buttonValue: 2000,
  actionId: 255,
  buttonsPerActions: 25,
  /** Slack refused messages whose block text added up to ~13k characters (`msg_blocks_too_long`); stay below. */
  totalText: 12_000,
  fallbackText: 3000,
} as const;

export type SlackText = { type: 'mrkdwn' | 'plain_text'; text: string; emoji?: boolean };
export type SlackButton = { type: 'button'; text: SlackText; action_id: string; value: string; style?: 'primary' | 'danger' };
export type SlackBlock =
  | { type: 'header'; text: SlackText }
  | { type: 'section'; text: SlackText }
  | { type: 'context'; elements: SlackText[] }
  | { type: 'actions'; elements: SlackButton[] };

export interface SlackMessage {
  /** Fallback for notifications and clients without Block Kit. */
  text: string;
  blocks: SlackBlock[];
}

/** Slack reads `&`, `<` and `>` as markup (links, mentions); escaped, user text stays text. */
export function escapeSlack(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Neutral inline markup to mrkdwn: `**bold**` becomes `*bold*`; `code` is the same on Slack. */
function mrkdwn(text: string): string {
  return escapeSlack(text).replace(/\*\*(.+?)\*\*/g, '*$1*');
}

const cut = (text: string, max: number) => truncate(text, max, { entities: true });

function contentBlock(b: Exclude<Block, { type: 'buttons' }>): SlackBlock {
  switch (b.type) {
    case 'heading':
      // Header blocks take plain text only: drop the bold markers rather than show them.
      return { type: 'header', text: { type: 'plain_text', text: truncate(b.text.replace(/\*\*(.+?)\*\*/g, '$1'), SLACK_LIMITS.headerText), emoji: true } };
    case 'text':
      return { type: 'section', text: { type: 'mrkdwn', text: cut(mrkdwn(b.text), SLACK_LIMITS.sectionText) } };
    case 'quote': {
      const quoted = mrkdwn(b.text).split('\n').map((l) => `>${l}`).join('\n');
      const source = b.source ? `\n_${mrkdwn(b.source)}_` : '';
      return { type: 'section', text: { type: 'mrkdwn', text: cut(`${quoted}${source}`, SLACK_LIMITS.sectionText) } };
    }
    case 'list':
      return { type: 'section', text: { type: 'mrkdwn', text: cut(b.items.map((i) => `• ${mrkdwn(i)}`).join('\n'), SLACK_LIMITS.sectionText) } };
    case 'note':
      return { type: 'context', elements: [{ type: 'mrkdwn', text: cut(mrkdwn(b.text), SLACK_LIMITS.contextText) }] };
  }
}

function blockText(b: SlackBlock): number {
  if (b.type === 'header' || b.type === 'section') return b.text.text.length;
  if (b.type === 'context') return b.elements.reduce((n, e) => n + e.text.length, 0);
  return b.elements.reduce((n, e) => n + e.text.text.length, 0);
}

/** One actions block per 25 buttons. An id too long to route is left out: a button that cannot work is worse than none. */
function actionBlocks(buttons: Button[]): SlackBlock[] {
  const seen = new Set<string>();
  const usable = buttons.filter((x) => {
    // Slack refuses a message with two equal action_ids.
    if (x.id.length === 0 || x.id.length > SLACK_LIMITS.actionId || seen.has(x.id)) return false;
    seen.add(x.id);
    return true;
  });
  const out: SlackBlock[] = [];
  for (let i = 0; i < usable.length; i += SLACK_LIMITS.buttonsPerActions) {
    out.push({
      type: 'actions',
      elements: usable.slice(i, i + SLACK_LIMITS.buttonsPerActions).map((x) => ({
        type: 'button',
        text: { type: 'plain_text', text: truncate(x.label, SLACK_LIMITS.buttonText), emoji: true },
        action_id: x.id,
        value: truncate(x.id, SLACK_LIMITS.buttonValue),
        ...(x.style === 'primary' ? { style: 'primary' as const } : x.style === 'danger' ? { style: 'danger' as const } : {}),
      })),
    });
  }
  return out;
}

const MORE: SlackBlock = { type: 'context', elements: [{ type: 'mrkdwn', text: '… (shortened to fit Slack)' }] };

/** Renders a neutral reply as Block Kit within every Slack limit; buttons are kept, content is shortened first. */
export function renderBlockKit(r: Reply): SlackMessage {
  const actions = actionBlocks(r.blocks.flatMap((b) => (b.type === 'buttons' ? b.buttons : [])));
  const keptActions = actions.slice(0, SLACK_LIMITS.blocks - 1);
  const room = SLACK_LIMITS.blocks - keptActions.length;
  let budget = SLACK_LIMITS.totalText - keptActions.reduce((n, b) => n + blockText(b), 0);
  const content: SlackBlock[] = [];
  let shortened = false;
  for (const b of r.blocks) {
    if (b.type === 'buttons') continue;
    const rendered = contentBlock(b);
    const size = blockText(rendered);
    if (content.length >= room || size > budget) {
      shortened = true;
      break;
    }
    budget -= size;
    content.push(rendered);
  }
  if (shortened) {
    // The "shortened" note needs a place of its own.
    if (content.length >= room) content.pop();
    content.push(MORE);
  }
  return { text: cut(escapeSlack(plainText(r)), SLACK_LIMITS.fallbackText) || ' ', blocks: [...content, ...keptActions] };
}
