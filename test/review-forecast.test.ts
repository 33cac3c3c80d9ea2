import { describe, expect, it } from 'vitest';
import { PNG } from 'pngjs';
import { loadLibrary } from '../src/content/content-loader.js';
import { BUNDLED_CONTENT, testBot } from './support/test-bot.js';

const lib = loadLibrary(BUNDLED_CONTENT);

describe('/review status forecast', () => {
  it('counts each reviewed card on the local day it is due and attaches the two-week forecast chart', async () => {
    const bot = testBot(BUNDLED_CONTENT, lib);
    bot.clock.set('2026-03-06T10:00:00Z');
    const person = 'console:alice';
    const now = bot.clock.now();
    // Five cards reviewed: four right, one wrong (the wrong one comes back within minutes, the others in days).
    const questions = lib.questions.slice(0, 5);
    for (const [i, q] of questions.entries()) await bot.services.review.answer(person, q, i !== 2, now - 20_000, now);
    const cards = await bot.services.review.store.cards(person);
    const f = await bot.services.review.forecast(person, 'Europe/Berlin', now);
    expect(f.firstDay).toBe('2026-03-06');
    expect(f.duePerDay).toHaveLength(14);
    // Every card due within the window is counted once, on its own local day.
    const windowEnd = Date.parse('2026-03-19T23:00:00Z'); // end of 19 March in Berlin (UTC+1)
    expect(f.duePerDay.reduce((a, b) => a + b, 0)).toBe(cards.filter((c) => c.due < windowEnd).length);
    expect(f.duePerDay[0]).toBeGreaterThanOrEqual(1); // the wrong answer is due again today

    const status = await bot.say('alice', '/review status');
    const image = status.blocks.find((b) => b.type === 'image');
    expect(image && image.type === 'image' ? image.fileName : undefined).toBe('forecast.png');
    const png = PNG.sync.read(image && image.type === 'image' ? image.png : Buffer.alloc(0));
    expect(png.width).toBeGreaterThan(600);
  });
});
