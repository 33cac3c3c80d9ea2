import type { BotCommand } from '../src/services.js';
import { reply } from '../src/core/reply.js';
import { chapterTitle } from '../src/study/cards.js';

const pct = (n: number, of: number) => `${Math.round((100 * n) / of)} %`;

export const stats: BotCommand = {
  name: 'stats',
  description: 'Your quiz accuracy per chapter (only you see it)',
  options: [],
  examples: ['/stats'],
  async run({ speaker, services }) {
    const rows = await services.quiz.stats(speaker.id);
    if (!rows.length) {
      return reply([{ type: 'text', text: 'You have not answered any quiz questions yet.' }, { type: 'note', text: 'Join the next quiz, or start one with /quiz start.' }], {
        kind: 'info',
        data: { chapters: [] },
      });
    }
    const answered = rows.reduce((n, r) => n + r.answered, 0);
    const correct = rows.reduce((n, r) => n + r.correct, 0);
    const weakest = [...rows].filter((r) => r.answered >= 2).sort((a, b) => a.correct / a.answered - b.correct / b.answered)[0];
    return reply(
      [
        { type: 'heading', text: `Your quiz accuracy: ${pct(correct, answered)} (${correct}/${answered})` },
        { type: 'list', items: rows.map((r) => `Ch. ${r.chapter} ${chapterTitle(services.library, r.chapter)}: ${pct(r.correct, r.answered)} (${r.correct}/${r.answered})`) },
        ...(weakest && weakest.correct < weakest.answered ? [{ type: 'note' as const, text: `To practise: /quiz start ch${weakest.chapter}` }] : []),
      ],
      { visibility: 'private', data: { answered, correct, chapters: rows } },
    );
  },
};
