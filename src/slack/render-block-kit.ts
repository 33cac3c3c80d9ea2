import { isTextBlock, plainText, type Button, type Reply, type TextBlock } from '../core/reply.js';
import { shrinkToFit } from '../core/fit-reply.js';
import { defuseBroadcasts, inlineText, parseInline } from '../core/inline-markup.js';
import { truncate } from '../core/truncate.js';

type Content = TextBlock;

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

const ZWSP = '\u200b';

/**
 * Literal text as mrkdwn (api.slack.com "Formatting text for app surfaces"): `&`, `<`, `>` escaped, so no mention,
 * link or `<!here>`; mrkdwn has no escape character, so `*`, `_`, `~` and backquote get a zero-width space on each
 * side — a marker needs a word boundary on one side and text on the other to open or close, and this gives it
 * neither; a leading `>` (a quote) gets one before it; `@here`, `@channel`, `@everyone` are defused too.
 */
export function escapeMrkdwn(text: string): string {
  return defuseBroadcasts(escapeSlack(text))
    .replace(/[*_~`]/g, `${ZWSP}$&${ZWSP}`)
    .replace(/^&gt;/gm, `${ZWSP}&gt;`);
}

/** Neutral reply text as mrkdwn: `**bold**` becomes `*bold*`, `code` stays, everything else shown literally. */
function mrkdwn(text: string): string {
  return parseInline(text)
    .map((s) => (s.kind === 'code' ? `\`${defuseBroadcasts(escapeSlack(s.text))}\`` : s.kind === 'bold' ? `*${escapeMrkdwn(s.text)}*` : escapeMrkdwn(s.text)))
    .join('');
}

/** A content block as Block Kit, before any cut to its block's limit. */
function contentBlock(b: Content): SlackBlock {
  switch (b.type) {
    case 'heading':
      // Header blocks take plain text, shown as it is: the markup goes, nothing needs escaping; a cut is safe.
      return { type: 'header', text: { type: 'plain_text', text: truncate(inlineText(b.text), SLACK_LIMITS.headerText), emoji: true } };
    case 'text':
      return { type: 'section', text: { type: 'mrkdwn', text: mrkdwn(b.text) } };
    case 'quote': {
      const quoted = mrkdwn(b.text).split('\n').map((l) => `>${l}`).join('\n');
      const source = b.source ? `\n_${mrkdwn(b.source)}_` : '';
      return { type: 'section', text: { type: 'mrkdwn', text: `${quoted}${source}` } };
    }
    case 'list':
      return { type: 'section', text: { type: 'mrkdwn', text: b.items.map((i) => `• ${mrkdwn(i)}`).join('\n') } };
    case 'note':
      return { type: 'context', elements: [{ type: 'mrkdwn', text: mrkdwn(b.text) }] };
  }
}

/** Whether a rendered block is within Slack's limit for its kind (section 3000, context 2000). */
function withinItsLimit(b: SlackBlock): boolean {
  if (b.type === 'section') return b.text.text.length <= SLACK_LIMITS.sectionText;
  if (b.type === 'context') return b.elements.every((e) => e.text.length <= SLACK_LIMITS.contextText);
  return true;
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

const SHORTENED: Content = { type: 'note', text: '… (shortened to fit Slack)' };

/**
 * Renders a neutral reply as Block Kit within every Slack limit (50 blocks, section 3000, context 2000, header 150,
 * ~12k characters of block text, button text 75): buttons are kept, and when content must give way takeaways go
 * first and what the buttons answer stays (src/core/fit-reply.ts). Literal text stays literal.
 */
export function renderBlockKit(r: Reply): SlackMessage {
  const actions = actionBlocks(r.blocks.flatMap((b) => (b.type === 'buttons' ? b.buttons : []))).slice(0, SLACK_LIMITS.blocks - 1);
  const room = SLACK_LIMITS.blocks - actions.length;
  const budget = SLACK_LIMITS.totalText - actions.reduce((n, b) => n + blockText(b), 0);
  // Shrinking re-measures the same blocks many times: render each once per call.
  const rendered = new WeakMap<Content, SlackBlock>();
  const render = (b: Content) => rendered.get(b) ?? rendered.set(b, contentBlock(b)).get(b)!;
  const fits = (bs: Content[]) => bs.length <= room && bs.reduce((n, b) => n + blockText(render(b)), 0) <= budget;
  const content = shrinkToFit(
    r.blocks.filter(isTextBlock),
    fits,
    SHORTENED,
    (b) => withinItsLimit(render(b)),
  ).map(render);
  return { text: truncate(escapeMrkdwn(plainText(r)), SLACK_LIMITS.fallbackText, { entities: true }) || ' ', blocks: [...content, ...actions] };
}
