import { describe, expect, it } from 'vitest';
import { loadLibrary } from '../src/content/content-loader.js';
import { plainText } from '../src/core/reply.js';
import { pickQuestion, renderDailyPost } from '../src/daily/daily-post.js';
import { BUNDLED_CONTENT } from './support/test-bot.js';

const library = loadLibrary(BUNDLED_CONTENT);

describe('the daily post for every concept of the bundled notes', () => {
  it('fits every platform: under Discord’s 6,000-character embed, at most five buttons with short labels and ids', () => {
    for (const concept of library.concepts) {
      const question = pickQuestion(library, concept, 'slack:T1:C1|2026-03-02');
      const post = renderDailyPost(library, concept, question);
      expect(plainText(post).length, concept.id).toBeLessThan(6000);
      const buttons = post.blocks.flatMap((b) => (b.type === 'buttons' ? b.buttons : []));
      expect(buttons.length, concept.id).toBeLessThanOrEqual(5);
      for (const b of buttons) {
        expect(b.id.length).toBeLessThanOrEqual(100);
        expect(b.label.length).toBeLessThanOrEqual(75);
      }
    }
  });

  it('shows two or three takeaways and, for every concept, a question from its own chapter', () => {
    for (const concept of library.concepts) {
      const question = pickQuestion(library, concept, 'discord:G1:C1|2026-03-02');
      const post = renderDailyPost(library, concept, question);
      const quotes = post.blocks.filter((b) => b.type === 'quote').length;
      expect(quotes, concept.id).toBe(Math.min(3, concept.takeaways.length));
      expect(question?.chapter, concept.id).toBe(concept.chapter);
    }
  });

  it('varies the question between channels and days when a concept has several', () => {
    const concept = library.concepts.find((c) => library.questions.filter((q) => c.takeaways.some((t) => t.id === q.teaches)).length > 1)!;
    const picks = new Set(Array.from({ length: 30 }, (_, day) => pickQuestion(library, concept, `console:main|2026-03-${String(day + 1).padStart(2, '0')}`)!.id));
    expect(picks.size).toBeGreaterThan(1);
  });
});
