import type { Takeaway } from '../src/content/types.js';
import type { Button } from '../src/core/reply.js';
import type { BotButton } from '../src/services.js';
import { UserError } from '../src/core/errors.js';
import { reply, type Block } from '../src/core/reply.js';
import { safeEcho } from '../src/core/safe-text.js';
import { takeawaySource } from '../src/study/cards.js';

const MAX_ID = 100;

/**
 * The "Share in channel" button under a private /ask answer. Its id names the takeaways shown, grouped by
 * concept — `share:<concept>.<n>.<n>:<concept>.<n>` — so it still works after a restart with nothing stored.
 * Buttons ids are capped at 100 characters (Discord): takeaways that do not fit are left out of the share.
 */
export function shareButton(takeaways: readonly Takeaway[]): Button | undefined {
  const groups = new Map<string, number[]>();
  for (const t of takeaways) groups.set(t.conceptId, [...(groups.get(t.conceptId) ?? []), t.index]);
  let id = 'share';
  for (const [concept, indexes] of groups) {
    for (let n = indexes.length; n > 0; n--) {
      const next = `${id}:${concept}.${indexes.slice(0, n).join('.')}`;
      if (next.length <= MAX_ID) {
        id = next;
        break;
      }
    }
  }
  return id === 'share' ? undefined : { id, label: 'Share in channel', style: 'primary' };
}

/** Posts the shared answer for everyone, saying who shared it. */
export const share: BotButton = {
  prefix: 'share',
  postsInChannel: true,
  run({ args, speaker, services }) {
    const { library } = services;
    const blocks: Block[] = [];
    for (const group of args) {
      const [conceptId = '', ...indexes] = group.split('.');
      const concept = library.conceptById.get(conceptId);
      const shown = indexes.map((n) => library.takeawayById.get(`${conceptId}#${n}`)).filter((t): t is Takeaway => !!t);
      if (!concept || shown.length === 0) continue;
      blocks.push({ type: 'heading', text: concept.title });
      for (const t of shown) blocks.push({ type: 'quote', text: t.text, source: takeawaySource(library, t) });
    }
    if (blocks.length === 0) throw new UserError('That answer is no longer in the notes, so there is nothing to share.', 'Ask again with /ask.');
    blocks.push({ type: 'note', text: `Shared by ${safeEcho(speaker.name, 60)} from /ask` });
    return reply(blocks, { visibility: 'channel', data: { shared: args } });
  },
};
