import { describe, expect, it } from 'vitest';
import { reply, type Block, type Reply } from '../src/core/reply.js';
import { DISCORD_LIMITS, renderDiscord } from '../src/discord/render-discord.js';

const long = (n: number, ch = 'x') => ch.repeat(n);

/** Every limit Discord enforces, checked on any rendered message. */
function expectWithinLimits(m: ReturnType<typeof renderDiscord>) {
  expect(m.allowed_mentions).toEqual({ parse: [] });
  expect(m.embeds.length > 0 || (m.content?.length ?? 0) > 0).toBe(true);
  expect(m.content?.length ?? 0).toBeLessThanOrEqual(DISCORD_LIMITS.content);
  for (const e of m.embeds) {
    expect(e.title?.length ?? 0).toBeLessThanOrEqual(DISCORD_LIMITS.title);
    expect(e.description?.length ?? 0).toBeLessThanOrEqual(DISCORD_LIMITS.description);
    expect((e.title?.length ?? 0) + (e.description?.length ?? 0)).toBeLessThanOrEqual(DISCORD_LIMITS.embedTotal);
  }
  expect(m.components.length).toBeLessThanOrEqual(DISCORD_LIMITS.rows);
  const ids = new Set<string>();
  for (const row of m.components) {
    expect(row.components.length).toBeGreaterThan(0);
    expect(row.components.length).toBeLessThanOrEqual(DISCORD_LIMITS.buttonsPerRow);
    for (const b of row.components) {
      expect(b.label.length).toBeLessThanOrEqual(DISCORD_LIMITS.buttonLabel);
      expect(b.custom_id.length).toBeLessThanOrEqual(DISCORD_LIMITS.customId);
      expect(ids.has(b.custom_id)).toBe(false);
      ids.add(b.custom_id);
    }
  }
}

const cases: { name: string; reply: Reply }[] = [
  { name: 'a title longer than 256 characters', reply: reply([{ type: 'heading', text: long(400) }, { type: 'text', text: 'x' }]) },
  { name: 'a description longer than 4096 characters', reply: reply([{ type: 'text', text: long(9000) }]) },
  { name: 'a long title and a long description together', reply: reply([{ type: 'heading', text: long(300) }, { type: 'quote', text: long(5000), source: 's' }]) },
  { name: 'many blocks', reply: reply(Array.from({ length: 200 }, (_, i): Block => ({ type: 'note', text: `note ${i} ${long(40)}` }))) },
  { name: 'forty buttons with long labels', reply: reply([{ type: 'buttons', buttons: Array.from({ length: 40 }, (_, i) => ({ id: `quiz:${i}`, label: long(120) })) }]) },
  { name: 'a button id over 100 characters and a duplicate id', reply: reply([{ type: 'text', text: 'pick' }, { type: 'buttons', buttons: [{ id: `x:${long(120)}`, label: 'a' }, { id: 'q:1', label: 'b' }, { id: 'q:1', label: 'c' }] }]) },
  { name: 'only buttons', reply: reply([{ type: 'buttons', buttons: [{ id: 'q:1', label: 'Go' }] }]) },
  { name: 'no blocks at all', reply: reply([]) },
];

describe('Discord renderer', () => {
  it.each(cases)('keeps $name within every Discord limit', ({ reply: r }) => {
    expectWithinLimits(renderDiscord(r));
  });

  it('puts a leading heading in the title and the rest in the description', () => {
    const m = renderDiscord(
      reply([
        { type: 'heading', text: '**SMOTE**' },
        { type: 'quote', text: 'Oversample the rare class', source: 'Ch. 4' },
        { type: 'heading', text: 'Related' },
        { type: 'list', items: ['a', 'b'] },
        { type: 'note', text: 'small' },
        { type: 'buttons', buttons: [{ id: 'share:smote.1', label: 'Share in channel', style: 'primary' }] },
      ]),
    );
    expect(m.embeds).toEqual([
      { title: 'SMOTE', description: '> Oversample the rare class\n-# Ch. 4\n\n**Related**\n\n• a\n• b\n\n-# small', color: 0x57f287 },
    ]);
    expect(m.components).toEqual([{ type: 1, components: [{ type: 2, style: 1, label: 'Share in channel', custom_id: 'share:smote.1' }] }]);
  });

  it('ends a cut description with an ellipsis and says it was shortened', () => {
    const d = renderDiscord(reply([{ type: 'text', text: long(9000) }])).embeds[0]!.description!;
    expect(d.length).toBeLessThanOrEqual(DISCORD_LIMITS.description);
    expect(d.length).toBeGreaterThan(DISCORD_LIMITS.description - 100);
    expect(d).toMatch(/x…\n\n-# … \(shortened to fit Discord\)$/);
  });

  it('colours errors red and keeps twenty-five buttons in five rows', () => {
    expect(renderDiscord({ ...reply([{ type: 'text', text: 'no' }]), kind: 'error' }).embeds[0]!.color).toBe(0xed4245);
    const m = renderDiscord(reply([{ type: 'buttons', buttons: Array.from({ length: 40 }, (_, i) => ({ id: `q:${i}`, label: `${i}` })) }]));
    expect(m.components.flatMap((r) => r.components.map((b) => b.custom_id))).toEqual(Array.from({ length: 25 }, (_, i) => `q:${i}`));
  });
});
