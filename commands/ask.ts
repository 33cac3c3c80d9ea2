import type { BotCommand } from '../src/services.js';
import { UserError } from '../src/core/errors.js';
import { reply, type Block } from '../src/core/reply.js';
import { safeEcho } from '../src/core/safe-text.js';
import { askIntent } from '../src/study/ask-intents.js';
import { chapterTitle, takeawaySource } from '../src/study/cards.js';
import { shareButton } from './share.js';

export const ask: BotCommand = {
  name: 'ask',
  description: 'Ask about a concept and get the best-matching takeaways from the notes',
  options: [{ name: 'question', description: 'A question or a term, e.g. "why is accuracy misleading?"', type: 'string', required: true, rest: true, autocomplete: 'concept' }],
  examples: ['/ask why is accuracy misleading for imbalanced data?', '/ask SMOTE'],
  run({ args, services }) {
    if (!args) throw new UserError('Ask me about a concept from the notes.', 'For example: /ask what is reservoir sampling?');
    const { library, search } = services;

    // Questions about the book or the bot get a pointer to the command that answers them.
    const intent = askIntent(args);
    if (intent?.kind === 'help') {
      return reply(
        [
          { type: 'text', text: 'I answer questions about the study notes, post a daily concept and run team quizzes.' },
          { type: 'note', text: 'Type /help for every command, or ask me about a concept: /ask what is data drift?' },
        ],
        { kind: 'info', data: { intent: 'help' } },
      );
    }
    if (intent?.kind === 'chapter' && library.chapters.some((c) => c.number === intent.chapter)) {
      const ch = library.chapters.find((c) => c.number === intent.chapter)!;
      return reply(
        [
          { type: 'text', text: `Chapter ${ch.number} is **${ch.title}**. Type **/chapter ${ch.number}** to see its ${ch.concepts.length} concepts.` },
          { type: 'note', text: `Or ask about one of them, e.g. /ask ${ch.concepts[0]?.title ?? 'a concept'}` },
        ],
        { kind: 'info', data: { intent: 'chapter', chapter: ch.number } },
      );
    }

    const result = search.ask(args);
    const echoed = safeEcho(result.query, 120);
    const data = {
      query: echoed,
      confident: result.confident,
      answers: result.answers.map((a) => ({ conceptId: a.concept.id, concept: a.concept.title, chapter: a.concept.chapter, takeaways: a.takeaways.map((t) => t.id) })),
      matches: result.matches.map((m) => ({
        chapter: m.concept.chapter,
        conceptId: m.concept.id,
        concept: m.concept.title,
        takeawayId: m.takeaway.id,
        takeaway: m.takeaway.text,
        section: m.takeaway.section,
        score: Number(m.score.toFixed(3)),
      })),
      alsoNamed: result.alsoNamed.map((c) => ({ id: c.id, title: c.title, chapter: c.chapter })),
      related: result.related.map((c) => ({ id: c.id, title: c.title, chapter: c.chapter })),
      suggestions: result.suggestions.map((c) => ({ id: c.id, title: c.title, chapter: c.chapter })),
      corrections: result.corrections,
    };
    if (!result.confident) {
      const blocks: Block[] = [{ type: 'text', text: `I couldn't find a confident match for "${echoed}" in the notes.` }];
      // One suggestion per line: titles may hold commas.
      if (result.suggestions.length) {
        blocks.push({ type: 'text', text: 'Did you mean:' });
        blocks.push({ type: 'list', items: result.suggestions.map((c) => `**${c.title}** (Ch. ${c.chapter})`) });
      }
      blocks.push({ type: 'note', text: 'Try other words, /chapter to browse, or /concept <name> for a whole card.' });
      return reply(blocks, { kind: 'info', data });
    }
    // One heading per concept, its takeaways in the card's own order (definition first).
    const blocks: Block[] = [];
    for (const a of result.answers) {
      blocks.push({ type: 'heading', text: `${a.concept.title} — Ch. ${a.concept.chapter} ${chapterTitle(library, a.concept.chapter)}` });
      for (const t of a.takeaways) blocks.push({ type: 'quote', text: t.text, source: takeawaySource(library, t) });
    }
    if (result.corrections.length) {
      blocks.push({ type: 'note', text: `Read ${result.corrections.map((c) => `"${safeEcho(c.from, 40)}" as "${c.to}"`).join(', ')}.` });
    }
    if (result.alsoNamed.length) {
      blocks.push({ type: 'note', text: `Also by that name: ${result.alsoNamed.map((c) => `${c.title} (Ch. ${c.chapter})`).join(' · ')}` });
    }
    if (result.related.length) {
      blocks.push({ type: 'note', text: `Related: ${result.related.map((c) => c.title).join(' · ')}` });
    }
    // The answer is private to the asker; this lets them post it for everyone when it is worth it.
    const shareIt = shareButton(result.matches.map((m) => m.takeaway));
    if (shareIt) blocks.push({ type: 'buttons', buttons: [shareIt] });
    return reply(blocks, { data });
  },
};
