import type { Command } from '../src/core/command.js';
import { UserError } from '../src/core/errors.js';
import { reply } from '../src/core/reply.js';
import { safeEcho } from '../src/core/safe-text.js';

export const chapter: Command = {
  name: 'chapter',
  description: "List the chapters, or one chapter's concepts",
  options: [{ name: 'number', description: 'Chapter number', type: 'integer' }],
  examples: ['/chapter', '/chapter 4'],
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
    const numbers = library.chapters.map((c) => c.number);
    const range = `${Math.min(...numbers)}–${Math.max(...numbers)}`;
    if (!/^\d{1,3}$/.test(args)) {
      throw new UserError(`"${safeEcho(args, 40)}" is not a chapter number.`, `Chapters go from ${range}; for example: /chapter 4`);
    }
    const ch = library.chapters.find((c) => c.number === Number(args));
    if (!ch) throw new UserError(`There is no chapter ${Number(args)} in the notes.`, `Chapters go from ${range}; type /chapter to list them.`);
    return reply(
      [
        { type: 'heading', text: `Chapter ${ch.number}: ${ch.title}` },
        { type: 'list', items: ch.concepts.map((c) => `**${c.title}** (${c.takeaways.length} takeaways)`) },
        { type: 'note', text: 'Type /concept <name> to read one.' },
      ],
      { data: { chapter: ch.number, title: ch.title, concepts: ch.concepts.map((c) => ({ id: c.id, title: c.title })) } },
    );
  },
};
