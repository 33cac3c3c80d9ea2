import type { Concept, Library } from '../src/content/types.js';

/**
 * A large synthetic corpus for speed: concepts whose titles, aliases and takeaways are drawn from the real notes'
 * word stream (so word frequencies look like real notes), plus the real concepts so real questions still match.
 */
export function generatedCorpus(lib: Library, takeawayCount: number, seed = 7): Pick<Library, 'concepts'> {
  let s = seed;
  const rand = () => ((s = (s * 16807) % 2147483647) - 1) / 2147483646;
  const stream = lib.takeaways.flatMap((t) => t.text.split(/\s+/)).filter(Boolean);
  const pick = () => stream[Math.floor(rand() * stream.length)]!;
  const phrase = (n: number) => Array.from({ length: n }, pick).join(' ');
  const concepts: Concept[] = [...lib.concepts];
  let takeaways = lib.takeaways.length;
  for (let i = 0; takeaways < takeawayCount; i++) {
    const id = `generated-${i}`;
    const n = 2 + Math.floor(rand() * 4);
    const chapter = 1 + (i % 11);
    concepts.push({
      id,
      title: `${phrase(2)} ${i}`,
      chapter,
      aliases: [phrase(2), phrase(1)],
      asked: [phrase(8), phrase(10)],
      section: phrase(2),
      related: [],
      source: 'generated',
      takeaways: Array.from({ length: n }, (_, k) => ({
        id: `${id}#${k + 1}`,
        conceptId: id,
        index: k + 1,
        chapter,
        section: 'Generated',
        text: phrase(25 + Math.floor(rand() * 30)),
      })),
    });
    takeaways += n;
  }
  return { concepts };
}
