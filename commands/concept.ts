import type { BotCommand } from '../src/services.js';
import { UserError } from '../src/core/errors.js';
import { reply } from '../src/core/reply.js';
import { safeEcho } from '../src/core/safe-text.js';
import { slugify } from '../src/content/content-loader.js';
import { conceptCard, conceptData } from '../src/study/cards.js';

export const concept: BotCommand = {
  name: 'concept',
  description: "Show a concept's whole card: every takeaway, its aliases and related concepts",
  options: [{ name: 'name', description: 'Concept name or alias', type: 'string', required: true, rest: true, autocomplete: 'concept' }],
  examples: ['/concept reservoir sampling', '/concept SMOTE'],
  run({ args, services }) {
    if (!args) throw new UserError('Which concept? Give its name.', 'For example: /concept reservoir sampling');
    const { library, search } = services;
    const key = slugify(args);
    const exact =
      library.conceptById.get(key) ??
      library.concepts.find((c) => slugify(c.title) === key || c.aliases.some((a) => slugify(a) === key));
    const found = exact ?? (() => {
      const r = search.ask(args);
      return r.confident ? r.matches[0]?.concept : undefined;
    })();
    if (!found) {
      const close = search.closestConcepts(args);
      throw new UserError(
        `I don't know a concept called "${safeEcho(args, 80)}".`,
        close.length ? `Did you mean: ${close.map((c) => c.title).join(' · ')}?` : 'Type /chapter to browse the concepts.',
      );
    }
    return reply(conceptCard(library, found), { data: { concept: conceptData(found) } });
  },
};
