import { describe, expect, it } from 'vitest';
import { loadLibrary } from '../src/content/content-loader.js';
import type { Concept, Library } from '../src/content/types.js';
import { reply, type Block } from '../src/core/reply.js';
import { renderText } from '../src/console/render-text.js';
import { pickQuestion, renderDailyPost } from '../src/daily/daily-post.js';
import { DISCORD_LIMITS, renderDiscord } from '../src/discord/render-discord.js';
import { renderBlockKit, SLACK_LIMITS } from '../src/slack/render-block-kit.js';
import { discordShows, slackShows, slackTexts } from './support/chat-markup.js';
import { BUNDLED_CONTENT } from './support/test-bot.js';

/** The bundled notes with every takeaway made `length` characters long: the post must shrink to fit. */
function longNotes(length: number): Library {
  const lib = loadLibrary(BUNDLED_CONTENT);
  for (const t of lib.takeaways) t.text = `${t.text} ${'and more detail '.repeat(length / 16)}`.slice(0, length);
  return lib;
}

const buttonsOf = (blocks: readonly Block[]) => blocks.flatMap((b) => (b.type === 'buttons' ? b.buttons : []));

describe('a daily post with long notes', () => {
  const lib = longNotes(2500);
  const posts = lib.concepts
    .map((c: Concept) => ({ c, q: pickQuestion(lib, c, 'discord:G1:C1|2026-03-02') }))
    .filter((x) => x.q && x.c.takeaways.length >= 2)
    .slice(0, 20);

  it.each(posts.map((p) => [p.c.id, p] as const))('%s on Discord keeps the quick check and all its options with the buttons', (_, { c, q }) => {
    const m = renderDiscord(renderDailyPost(lib, c, q));
    const shown = discordShows(m.embeds[0]!.description!);
    expect(m.embeds[0]!.description!.length).toBeLessThanOrEqual(DISCORD_LIMITS.description);
    expect(shown).toContain(`Quick check: ${q!.text}`);
    q!.options.forEach((o, i) => expect(shown).toContain(`${'ABCDE'[i]}. ${o}`));
    expect(m.components.flatMap((r) => r.components)).toHaveLength(q!.options.length);
    // The takeaways gave way instead: the first is still there, cut, and the post says it was shortened.
    expect(shown).toContain(c.takeaways[0]!.text.slice(0, 200));
    expect(shown).toContain('shortened to fit Discord');
  });

  it.each(posts.slice(0, 5).map((p) => [p.c.id, p] as const))('%s on Slack and in the console keeps the quick check and its options', (_, { c, q }) => {
    const post = renderDailyPost(lib, c, q);
    const shown = slackTexts(renderBlockKit(post)).map(slackShows).join('\n');
    expect(shown).toContain(`Quick check: ${q!.text}`);
    q!.options.forEach((o, i) => expect(shown).toContain(`${'ABCDE'[i]}. ${o}`));
    expect(renderText(post, false)).toContain(q!.text);
  });
});

describe('any reply over a platform limit', () => {
  // Thirty takeaways of 500 characters, then a question with its options and buttons: past Discord's 4,096 and Slack's ~12k.
  const blocks: Block[] = [
    { type: 'heading', text: 'A long card' },
    ...Array.from({ length: 30 }, (_, i): Block => ({ type: 'quote', text: `Takeaway ${i} ${'x'.repeat(500)}`, source: `§ ${i}` })),
    { type: 'note', text: 'Source: Ch. 1' },
    { type: 'text', text: '**Quick check:** which is it?', keep: true },
    { type: 'list', items: ['A. one', 'B. two', 'C. three', 'D. four'], keep: true },
    { type: 'buttons', buttons: ['A', 'B', 'C', 'D'].map((l, i) => ({ id: `daily:q1:${i}`, label: l })) },
  ];
  const r = reply(blocks, { visibility: 'channel' });

  it('on Discord drops takeaways from the end and keeps the question, its options, the source and the buttons', () => {
    const m = renderDiscord(r);
    const d = m.embeds[0]!.description!;
    expect(d.length).toBeLessThanOrEqual(DISCORD_LIMITS.description);
    expect(discordShows(d)).toContain('Quick check: which is it?');
    expect(discordShows(d)).toContain('D. four');
    expect(d).toContain('Source: Ch. 1');
    expect(d).toContain('Takeaway 0 ');
    expect(d).not.toContain('Takeaway 29 ');
    expect(m.components[0]!.components.map((b) => b.custom_id)).toEqual(['daily:q1:0', 'daily:q1:1', 'daily:q1:2', 'daily:q1:3']);
  });

  it('on Slack does the same within 50 blocks and ~12k characters', () => {
    const m = renderBlockKit(r);
    const shown = slackTexts(m).map(slackShows).join('\n');
    expect(shown).toContain('Quick check: which is it?');
    expect(shown).toContain('D. four');
    expect(shown).toContain('Takeaway 0 ');
    expect(shown).not.toContain('Takeaway 29 ');
    expect(m.blocks.length).toBeLessThanOrEqual(SLACK_LIMITS.blocks);
    expect(m.blocks.at(-1)).toMatchObject({ type: 'actions' });
    const total = slackTexts(m).slice(1).reduce((n, t) => n + t.length, 0);
    expect(total).toBeLessThanOrEqual(SLACK_LIMITS.totalText);
  });

  it('keeps a quiz question with its options even with many blocks before it on Slack', () => {
    const many = reply([
      ...Array.from({ length: 60 }, (_, i): Block => ({ type: 'note', text: `note ${i}` })),
      { type: 'text', text: 'Which one?', keep: true },
      { type: 'list', items: ['**A** yes', '**B** no'], keep: true },
      { type: 'buttons', buttons: [{ id: 'quiz:1:1:0', label: 'A' }, { id: 'quiz:1:1:1', label: 'B' }] },
    ]);
    const m = renderBlockKit(many);
    expect(m.blocks.length).toBeLessThanOrEqual(SLACK_LIMITS.blocks);
    expect(slackTexts(m).join('\n')).toContain('Which one?');
    expect(slackTexts(m).join('\n')).toContain('*B* no');
  });
});
