import { CHAPTER_FORMS, requireChapters } from '../src/content/chapter-spec.js';
import type { BotCommand } from '../src/services.js';
import { UserError } from '../src/core/errors.js';
import { reply } from '../src/core/reply.js';
import { conceptCard, conceptData } from '../src/study/cards.js';

export const random: BotCommand = {
  name: 'random',
  description: 'Show a random concept from the notes, or from some chapters',
  options: [{ name: 'chapters', description: 'Chapters to pick from (4, ch4, 4-6, 4,6); all when left out', type: 'string' }],
  examples: ['/random', '/random ch4', '/random 4-6'],
  accepts: [CHAPTER_FORMS],
  run({ args, services }) {
    const { library } = services;
    // Anything given must be chapters: "/random ch4" showing a chapter-10 concept would look like a bug.
    const chapters = args ? requireChapters(args, library, '/random ch4 or /random 4-6') : [];
    const pool = chapters.length ? library.concepts.filter((c) => chapters.includes(c.chapter)) : library.concepts;
    if (pool.length === 0) throw new UserError(`Chapter${chapters.length === 1 ? '' : 's'} ${chapters.join(', ')} ha${chapters.length === 1 ? 's' : 've'} no concepts in the notes.`, 'Try /random for any chapter.');
    const c = pool[Math.floor(services.random() * pool.length)] ?? pool[0]!;
    return reply(conceptCard(library, c), { data: { concept: conceptData(c), chapters } });
  },
};
