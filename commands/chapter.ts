import { CHAPTER_FORMS, requireChapters } from '../src/content/chapter-spec.js';
import type { BotCommand } from '../src/services.js';
import type { Block } from '../src/core/reply.js';
import { reply } from '../src/core/reply.js';

export const chapter: BotCommand = {
  name: 'chapter',
  description: "List the chapters, or one chapter's concepts",
  // A string, not an integer: Discord would refuse "ch4" or "4-6" before the bot saw it.
  options: [{ name: 'number', description: 'Chapter number (4, ch4, chapter 4; 4-6 for several)', type: 'string' }],
  examples: ['/chapter', '/chapter 4', '/chapter ch4-6'],
  accepts: [CHAPTER_FORMS],
  run({ args, services }) {
    const { library } = services;
    if (!args) {
      return reply(
        [
          { type: 'heading', text: 'Chapters' },
          { type: 'list', items: library.chapters.map((c) => `**${c.number}.** ${c.title} (${c.concepts.length} concepts)`) },
          { type: 'note', text: 'Type /chapter <number> to see its concepts.' },
        ],
        { data: { chapters: library.chapters.map((c) => ({ number: c.number, title: c.title, concepts: c.concepts.length })) } },
      );
    }
    const chapters = requireChapters(args, library, '/chapter 4').map((n) => library.chapters.find((c) => c.number === n)!);
    const blocks: Block[] = chapters.flatMap((ch): Block[] => [
      { type: 'heading', text: `Chapter ${ch.number}: ${ch.title}` },
      { type: 'list', items: ch.concepts.map((c) => `**${c.title}** (${c.takeaways.length} takeaways)`) },
    ]);
    blocks.push({ type: 'note', text: 'Type /concept <name> to read one.' });
    const one = chapters.length === 1 ? chapters[0]! : undefined;
    const concepts = (ch: (typeof chapters)[number]) => ch.concepts.map((c) => ({ id: c.id, title: c.title }));
    return reply(
      blocks,
      one
        ? { data: { chapter: one.number, title: one.title, concepts: concepts(one) } }
        : { data: { chapters: chapters.map((ch) => ({ number: ch.number, title: ch.title, concepts: concepts(ch) })) } },
    );
  },
};
