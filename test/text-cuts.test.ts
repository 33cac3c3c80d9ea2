import { describe, expect, it } from 'vitest';
import { plainText, reply, type Reply } from '../src/core/reply.js';
import { cleanInput, safeEcho } from '../src/core/safe-text.js';
import { truncate } from '../src/core/truncate.js';
import { renderText } from '../src/console/render-text.js';
import { renderDiscord } from '../src/discord/render-discord.js';
import { renderBlockKit } from '../src/slack/render-block-kit.js';
import { isWellFormed } from './support/chat-markup.js';
import { quizWorld } from './support/quiz-world.js';
import { testBot } from './support/test-bot.js';

/** Every string a reply becomes on each platform (and, with `neutral`, the neutral reply's own). */
function everyString(r: Reply, neutral = true): string[] {
  const out: string[] = [];
  const walk = (v: unknown): void => {
    if (typeof v === 'string') out.push(v);
    else if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') Object.values(v).forEach(walk);
  };
  walk([neutral ? r.blocks : [], renderDiscord(r), renderBlockKit(r), renderText(r, false), plainText(r)]);
  return out;
}

const illFormed = (r: Reply) => everyString(r).filter((s) => !isWellFormed(s));

describe('every cut leaves well-formed text', () => {
  it('/ask with seventy fire emoji echoes whole emoji only', async () => {
    const r = await testBot().say('alice', `/ask ${'🔥'.repeat(70)}`);
    expect(JSON.stringify(r.blocks)).toContain('🔥…');
    expect(illFormed(r)).toEqual([]);
  });

  it.each([58, 59, 60, 61])('safeEcho cuts a name with an emoji at unit %i without splitting it', (at) => {
    const s = safeEcho(`${'x'.repeat(at)}😀😀😀`, 60);
    expect(isWellFormed(s)).toBe(true);
    expect(s.length).toBeLessThanOrEqual(60);
  });

  it('replaces lone surrogates that arrive in names and input', () => {
    for (const bad of ['a\ud83db', '\udc00x', 'x\ud83d']) {
      expect(isWellFormed(safeEcho(bad))).toBe(true);
      expect(isWellFormed(cleanInput(bad))).toBe(true);
    }
  });

  it('a /leaderboard with long names that end in emoji at the cut is well-formed on every platform', async () => {
    const w = quizWorld();
    const long = `${'Zoë '.repeat(14)}🎉🎉🎉🎉`; // 56 units, then emoji across the 60-unit cut
    await w.say(long, '/quiz start ch4 1 10');
    await w.clock.advance(5_000);
    const q = w.lastQuestion();
    await w.click(long, q.buttons[q.right]!.id);
    await w.clock.advance(10_000);
    const board = await w.say('alice', '/leaderboard');
    expect(JSON.stringify(board.blocks)).toContain('Zoë');
    expect(illFormed(board)).toEqual([]);
  });

  it('renderers never send a lone surrogate, whatever the text they are given, and never split a pair at a limit', () => {
    const r = reply([
      { type: 'heading', text: `${'🔥'.repeat(200)}\ud83d` },
      { type: 'text', text: `a\udc00${'😀'.repeat(3000)}` },
      { type: 'quote', text: '🔥'.repeat(2000), source: '\ud83d' },
      { type: 'note', text: `${'é'.repeat(1999)}😀😀` },
      { type: 'buttons', buttons: [{ id: 'q:1', label: '🔥'.repeat(60) }] },
    ]);
    // The reply itself is ill-formed on purpose: note text is UTF-8 from files, but the renderers hold the line anyway.
    expect(everyString(r, false).filter((x) => !isWellFormed(x))).toEqual([]);
  });

  it('truncate keeps escapes and entities whole when asked', () => {
    expect(truncate('ab\\*cd', 4, { escapes: true })).toBe('ab…');
    expect(truncate('a &amp; b', 5, { entities: true })).toBe('a …');
    expect(truncate('😀😀', 2, { ellipsis: '' })).toBe('😀');
  });
});
