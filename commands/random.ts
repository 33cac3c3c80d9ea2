import type { Command } from '../src/core/command.js';
import { reply } from '../src/core/reply.js';
import { conceptCard, conceptData } from '../src/study/cards.js';

export const random: Command = {
  name: 'random',
  description: 'Show a random concept from the notes',
  options: [],
  examples: ['/random'],
  run({ services }) {
    const { library } = services;
    const c = library.concepts[Math.floor(services.random() * library.concepts.length)] ?? library.concepts[0]!;
    return reply(conceptCard(library, c), { data: { concept: conceptData(c) } });
  },
};
