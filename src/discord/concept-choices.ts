import type { Concept, Library } from '../content/types.js';
import type { SearchIndex } from '../search/search-index.js';
import { truncate } from '../core/truncate.js';

/** Discord allows at most 25 autocomplete choices, each name and value at most 100 characters. */
const MAX_CHOICES = 25;

/**
 * Concept names for Discord's autocomplete as a person types: titles or aliases starting with the text first,
 * then ones containing it, then the search index's closest names for typos. Must be quick: it cannot be deferred.
 */
export function conceptChoices(library: Library, search: SearchIndex, typed: string): { name: string; value: string }[] {
  const q = typed.trim().toLowerCase();
  const names = (c: Concept) => [c.title, ...c.aliases].map((n) => n.toLowerCase());
  const picked: Concept[] = [];
  const add = (cs: Iterable<Concept>) => {
    for (const c of cs) if (picked.length < MAX_CHOICES && !picked.includes(c)) picked.push(c);
  };
  if (!q) add(library.concepts);
  else {
    add(library.concepts.filter((c) => names(c).some((n) => n.startsWith(q))));
    add(library.concepts.filter((c) => names(c).some((n) => n.includes(q))));
    if (picked.length < 5) add(search.closestConcepts(truncate(q, 64, { ellipsis: '' }), 5));
  }
  return picked.map((c) => ({ name: truncate(`${c.title} (ch. ${c.chapter})`, 100), value: truncate(c.title, 100) }));
}
