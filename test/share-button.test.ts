import { describe, expect, it } from 'vitest';
import { shareButton } from '../commands/share.js';
import type { Takeaway } from '../src/content/types.js';
import { testBot } from './support/test-bot.js';

const takeaway = (conceptId: string, index: number): Takeaway => ({ id: `${conceptId}#${index}`, conceptId, index, chapter: 1, text: 't', section: 's' });

describe('the Share in channel button', () => {
  it('is offered under a confident private /ask answer', async () => {
    const bot = testBot();
    const r = await bot.say('alice', '/ask reservoir sampling');
    expect(r.visibility).toBe('private');
    const buttons = r.blocks.flatMap((b) => (b.type === 'buttons' ? b.buttons : []));
    expect(buttons).toEqual([{ id: expect.stringMatching(/^share:reservoir-sampling\.1/), label: 'Share in channel', style: 'primary' }]);
  });

  it('is not offered when nothing matched', async () => {
    const r = await testBot().say('alice', '/ask how do I bake sourdough bread');
    expect(r.blocks.some((b) => b.type === 'buttons')).toBe(false);
  });

  it('posts the same takeaways for everyone, saying who shared them', async () => {
    const bot = testBot();
    const r = await bot.click('bob', 'share:reservoir-sampling.1.2:smote.1');
    expect(r.visibility).toBe('channel');
    const text = JSON.stringify(r.blocks);
    expect(text).toContain('Keep k items');
    expect(text).toContain("length is unknown");
    expect(text).toContain('synthetic minority');
    expect(text).toContain('Shared by bob');
  });

  it('answers politely when the shared takeaways are gone from the notes', async () => {
    const r = await testBot().click('bob', 'share:no-such-concept.1');
    expect(r.kind).toBe('error');
    expect(JSON.stringify(r.blocks)).toContain('no longer in the notes');
  });

  it('keeps its id within 100 characters, dropping what does not fit', () => {
    const long = 'a'.repeat(55);
    const b = shareButton([takeaway(long, 1), takeaway(long, 2), takeaway(`${long}-b`, 1), takeaway('short', 3)])!;
    expect(b.id.length).toBeLessThanOrEqual(100);
    expect(b.id).toBe(`share:${long}.1.2:short.3`);
  });
});
