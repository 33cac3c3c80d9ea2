import { describe, expect, it } from 'vitest';
import { chartBlocks } from '../src/charts/image-block.js';
import { BUNDLED_CONTENT, testBot } from './support/test-bot.js';

describe('chart blocks', () => {
  it('draw nothing, and call no renderer, for a caller that shows only text', async () => {
    let drawn = 0;
    const render = async () => {
      drawn++;
      return undefined;
    };
    expect(await chartBlocks({ textOnly: true }, render, 'x.png', () => {})).toEqual([]);
    expect(drawn).toBe(0);
    await chartBlocks({}, render, 'x.png', () => {});
    expect(drawn).toBe(1);
  });

  it('leave the text of /stats and /review status whole when run text-only, as the Home tab runs them', async () => {
    const bot = testBot(BUNDLED_CONTENT, undefined, { core: { quiz: { leadInMs: 1000, pauseMs: 1000 } } });
    await bot.say('alice', '/quiz start ch4 1 10');
    await bot.clock.advance(1000);
    const question = bot.port.having('question').at(-1)!;
    await bot.click('alice', question.reply.blocks.flatMap((b) => (b.type === 'buttons' ? b.buttons : []))[0]!.id);
    await bot.clock.advance(15_000);
    const stats = bot.services.commands.find((c) => c.name === 'stats')!;
    const ctx = { args: '', speaker: { id: 'console:alice', name: 'alice' }, channel: 'console:main', platform: 'console' as const, services: bot.services };
    const full = await stats.run(ctx);
    const text = await stats.run({ ...ctx, textOnly: true });
    expect(full.blocks.some((b) => b.type === 'image')).toBe(true); // the chart /stats normally draws
    expect(text.blocks).toEqual(full.blocks.filter((b) => b.type !== 'image'));
    expect(text.blocks.some((b) => b.type === 'image')).toBe(false);
  });
});
