import type { Concept, Library, Takeaway } from '../content/types.js';
import type { Block } from '../core/reply.js';

export function chapterTitle(lib: Library, chapter: number): string {
  return lib.chapters.find((c) => c.number === chapter)?.title ?? '';
}

/** "Ch. 4 Training Data · § Sampling" */
export function takeawaySource(lib: Library, t: Takeaway): string {
  return `Ch. ${t.chapter} ${chapterTitle(lib, t.chapter)} · § ${t.section}`;
}

/** A concept's whole card: title, every takeaway with its source, aliases and related concepts. */
export function conceptCard(lib: Library, c: Concept): Block[] {
  const blocks: Block[] = [{ type: 'heading', text: `${c.title} — Ch. ${c.chapter} ${chapterTitle(lib, c.chapter)}` }];
  for (const t of c.takeaways) blocks.push({ type: 'quote', text: t.text, source: `§ ${t.section}` });
  const extra: string[] = [];
  if (c.aliases.length) extra.push(`Also known as: ${c.aliases.join(', ')}`);
  const related = c.related.map((id) => lib.conceptById.get(id)?.title).filter((t): t is string => !!t);
  // ' · ' as in /ask: titles hold commas ("Logs, dashboards and alerts").
  if (related.length) extra.push(`Related: ${related.join(' · ')}`);
  if (extra.length) blocks.push({ type: 'note', text: extra.join('\n') });
  return blocks;
}

export function conceptData(c: Concept): Record<string, unknown> {
  return {
    id: c.id,
    title: c.title,
    chapter: c.chapter,
    aliases: c.aliases,
    related: c.related,
    takeaways: c.takeaways.map((t) => ({ id: t.id, text: t.text, section: t.section })),
  };
}
