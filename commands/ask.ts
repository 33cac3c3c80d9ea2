import type { Command } from '../src/core/command.js';
import { UserError } from '../src/core/errors.js';
import { reply, type Block } from '../src/core/reply.js';
import { safeEcho } from '../src/core/safe-text.js';
import { takeawaySource } from '../src/study/cards.js';
import { shareButton } from './share.js';

export const ask: Command = {
  name: 'ask',
  description: 'Ask about a concept and get the best-matching takeaways from the notes',
  options: [{ name: 'question', description: 'A question or a term, e.g. "why is accuracy misleading?"', type: 'string', required: true, rest: true, autocomplete: 'concept' }],
  examples: ['/ask why is accuracy misleading for imbalanced data?', '/ask SMOTE'],
  run({ args, services }) {
    if (!args) throw new UserError('Ask me about a concept from the notes.', 'For example: /ask what is reservoir sampling?');
    const { library, search } = services;
    const result = search.ask(args);
    const echoed = safeEcho(result.query, 120);
    const data = {
      query: echoed,
      confident: result.confident,
      matches: result.matches.map((m) => ({
        chapter: m.concept.chapter,
        conceptId: m.concept.id,
        concept: m.concept.title,
        takeawayId: m.takeaway.id,
        takeaway: m.takeaway.text,
        section: m.takeaway.section,
        score: Number(m.score.toFixed(3)),
      })),
      related: result.related.map((c) => ({ id: c.id, title: c.title, chapter: c.chapter })),
      suggestions: result.suggestions.map((c) => ({ id: c.id, title: c.title, chapter: c.chapter })),
      corrections: result.corrections,
    };
    if (!result.confident) {
      const blocks: Block[] = [{ type: 'text', text: `I couldn't find a confident match for "${echoed}" in the notes.` }];
      if (result.suggestions.length) {
        blocks.push({ type: 'text', text: `Did you mean: ${result.suggestions.map((c) => `**${c.title}**`).join(', ')}?` });
      }
      blocks.push({ type: 'note', text: 'Try other words, /chapter to browse, or /concept <name> for a whole card.' });
      return reply(blocks, { kind: 'info', data });
    }
    const blocks: Block[] = [];
    let lastConcept = '';
    for (const m of result.matches) {
      if (m.concept.id !== lastConcept) {
        blocks.push({ type: 'heading', text: m.concept.title });
        lastConcept = m.concept.id;
      }
      blocks.push({ type: 'quote', text: m.takeaway.text, source: takeawaySource(library, m.takeaway) });
    }
    if (result.corrections.length) {
      blocks.push({ type: 'note', text: `Read ${result.corrections.map((c) => `"${safeEcho(c.from, 40)}" as "${c.to}"`).join(', ')}.` });
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
