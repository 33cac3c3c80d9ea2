import type { Concept, Library, Question } from '../content/types.js';
import { reply, type Block, type Reply } from '../core/reply.js';
import { chapterTitle, takeawaySource } from '../study/cards.js';

const LETTERS = ['A', 'B', 'C', 'D', 'E'];
/** Two or three takeaways make a post one can read in a minute; the whole card is one /concept away. */
const MAX_TAKEAWAYS = 3;

/** Button id of an answer: `daily:<questionId>:<optionIndex>`, so a click still works after a restart. */
export function answerButtonId(question: Question, option: number): string {
  return `daily:${question.id}:${option}`;
}

function hash(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h >>> 0;
}

/**
 * The one-question check for a concept: a question teaching one of its takeaways if the bank has one, else one from
 * its chapter. `salt` (channel and date) varies the pick between channels and days without any stored state.
 */
export function pickQuestion(library: Library, concept: Concept, salt: string): Question | undefined {
  const index = questionIndex(library);
  let pool = concept.takeaways.flatMap((t) => index.byTakeaway.get(t.id) ?? []);
  if (pool.length === 0) pool = index.byChapter.get(concept.chapter) ?? [];
  if (pool.length === 0) return undefined;
  return pool[hash(`${salt}|${concept.id}`) % pool.length];
}

const indexes = new WeakMap<Library, { byTakeaway: Map<string, Question[]>; byChapter: Map<number, Question[]> }>();

/** Questions by the takeaway they teach and by chapter, built once per library: a busy tick picks a thousand. */
function questionIndex(library: Library) {
  let index = indexes.get(library);
  if (!index) {
    index = { byTakeaway: new Map(), byChapter: new Map() };
    for (const q of library.questions) {
      index.byTakeaway.set(q.teaches, [...(index.byTakeaway.get(q.teaches) ?? []), q]);
      index.byChapter.set(q.chapter, [...(index.byChapter.get(q.chapter) ?? []), q]);
    }
    indexes.set(library, index);
  }
  return index;
}

/** The daily post: the concept, up to three takeaways, the source and a one-question check with answer buttons. */
export function renderDailyPost(library: Library, concept: Concept, question: Question | undefined): Reply {
  const blocks: Block[] = [{ type: 'heading', text: `Daily concept: ${concept.title}` }];
  const shown = concept.takeaways.slice(0, MAX_TAKEAWAYS);
  for (const t of shown) blocks.push({ type: 'quote', text: t.text, source: `§ ${t.section}` });
  const more = concept.takeaways.length - shown.length;
  blocks.push({
    type: 'note',
    text: `Source: Ch. ${concept.chapter} ${chapterTitle(library, concept.chapter)} · § ${concept.section}${more > 0 ? ` · ${more} more in /concept ${concept.title}` : ''}`,
  });
  if (question) {
    // `keep`: when a long post must shrink, the takeaways give way and the question stays with its buttons.
    blocks.push({ type: 'text', text: `**Quick check:** ${question.text}`, keep: true });
    blocks.push({ type: 'list', items: question.options.map((o, i) => `${LETTERS[i]}. ${o}`), keep: true });
    blocks.push({ type: 'buttons', buttons: question.options.map((_, i) => ({ id: answerButtonId(question, i), label: LETTERS[i]! })) });
  }
  return reply(blocks, {
    visibility: 'channel',
    kind: 'answer',
    data: {
      daily: {
        concept: concept.id,
        title: concept.title,
        takeaways: shown.map((t) => t.id),
        question: question?.id ?? null,
      },
    },
  });
}

/** The private answer to a click on a daily post's option. */
export function answerReply(library: Library, question: Question, option: number): Reply {
  const right = option === question.answer;
  const correct = `${LETTERS[question.answer]}. ${question.options[question.answer]}`;
  const taught = library.takeawayById.get(question.teaches);
  const blocks: Block[] = [
    { type: 'text', text: right ? `**Right:** ${correct}` : `**Not quite.** You chose ${LETTERS[option]}; the answer is ${correct}.` },
    { type: 'text', text: question.explanation },
  ];
  if (taught) blocks.push({ type: 'note', text: takeawaySource(library, taught) });
  return reply(blocks, { visibility: 'private', data: { question: question.id, chosen: option, correct: right, answer: question.answer } });
}
