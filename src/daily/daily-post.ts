import type { Concept, Library, Question } from '../content/types.js';
import { reply, type Block, type Reply } from '../core/reply.js';
import { chapterTitle, takeawaySource } from '../study/cards.js';

const LETTERS = ['A', 'B', 'C', 'D', 'E'];
/** Two or three takeaways make a post one can read in a minute; the whole card is one /concept away. */
const MAX_TAKEAWAYS = 3;

function hash(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h >>> 0;
}

/** A short fingerprint of text (FNV-1a, base 36, at most 7 characters). */
function fingerprint(text: string): string {
  return hash(text).toString(36);
}

/** The fingerprint of a question's options in their order: changes when the notes reorder or reword them. */
function orderFingerprint(question: Question): string {
  return fingerprint(question.options.join('\u0000'));
}

/**
 * Button id of an answer: `daily:<questionId>:<optionIndex>:<order>.<option>`, where `order` fingerprints the options
 * in the order posted and `option` the clicked option's text. The id alone lets a click be judged after a restart
 * against what was posted, even if the notes have since reordered the options (the question id, made from the
 * question's text, stays the same). About 40 characters: Discord allows 100 for a custom_id, Slack 255 for an action_id.
 */
export function answerButtonId(question: Question, option: number): string {
  return `daily:${question.id}:${option}:${optionPrints(question, option)}`;
}

/**
 * `<order>.<option>`: the fingerprints of the options' order and of one option's text, as answer buttons carry them
 * (daily checks and `/review`), so `resolveClick` can judge a click against what was shown.
 */
export function optionPrints(question: Question, option: number): string {
  return `${orderFingerprint(question)}.${fingerprint(question.options[option]!)}`;
}

/** What a click on a daily post's answer means, judged against the options as they were posted. */
export type DailyClick =
  /** Judge it: `chosen` is the option's index in the notes now; `sameOrder` says the post showed the notes' order. */
  | { kind: 'judge'; chosen: number; shown: number; sameOrder: boolean }
  /** The clicked option is no longer in the notes: the question changed since it was posted. */
  | { kind: 'changed' }
  /** A button from before ids carried fingerprints: nothing tells whether the options moved since. */
  | { kind: 'unverified'; shown: number }
  | { kind: 'invalid' };

/**
 * Reads the option part of a button id (`args` after the question id: index, then `order.option` fingerprints when
 * present) against the question as the notes have it now. Never throws.
 */
export function resolveClick(question: Question, args: readonly string[]): DailyClick {
  const [indexText = '', prints] = args;
  const shown = Number(indexText);
  if (!Number.isInteger(shown) || shown < 0 || shown >= LETTERS.length) return { kind: 'invalid' };
  if (prints === undefined) return shown < question.options.length ? { kind: 'unverified', shown } : { kind: 'invalid' };
  const [order, option] = prints.split('.');
  if (order === orderFingerprint(question) && shown < question.options.length) return { kind: 'judge', chosen: shown, shown, sameOrder: true };
  const chosen = question.options.findIndex((o) => fingerprint(o) === option);
  return chosen >= 0 ? { kind: 'judge', chosen, shown, sameOrder: false } : { kind: 'changed' };
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

/**
 * The private answer to a click on a daily post's option, judged against what was posted (see `resolveClick`).
 * When the notes have reordered the options since, the answer is named by its text: its letter on the post is not known.
 */
export function answerReply(library: Library, question: Question, click: Exclude<DailyClick, { kind: 'invalid' }>): Reply {
  const answerText = question.options[question.answer]!;
  const taught = library.takeawayById.get(question.teaches);
  const blocks: Block[] = [];
  let data: Record<string, unknown>;
  if (click.kind === 'judge') {
    const right = click.chosen === question.answer;
    const correct = click.sameOrder ? `${LETTERS[question.answer]}. ${answerText}` : `“${answerText}”`;
    blocks.push({ type: 'text', text: right ? `**Right:** ${correct}` : `**Not quite.** You chose ${LETTERS[click.shown]}; the answer is ${correct}.` });
    if (!click.sameOrder) blocks.push({ type: 'note', text: 'The options have been reordered in the notes since this was posted; your answer was judged by its text.' });
    data = { question: question.id, chosen: click.chosen, correct: right, answer: question.answer };
  } else {
    // Without a verdict: a judgement against options that may have moved could call a right answer wrong.
    const why =
      click.kind === 'changed'
        ? 'This question changed since it was posted, so that answer cannot be judged.'
        : 'This post is older than the bot’s check for changed questions, so here is the answer without a verdict.';
    blocks.push({ type: 'text', text: why });
    blocks.push({ type: 'text', text: `**Quick check:** ${question.text}` });
    blocks.push({ type: 'text', text: `The answer in the notes now: “${answerText}”.` });
    data = { question: question.id, changed: click.kind === 'changed', verdict: null, answer: question.answer };
  }
  blocks.push({ type: 'text', text: question.explanation });
  if (taught) blocks.push({ type: 'note', text: takeawaySource(library, taught) });
  return reply(blocks, { visibility: 'private', data });
}

/** The private answer to a second click on the same post: the first answer stands. */
export function repeatedAnswerReply(question: Question, first: number): Reply {
  return reply([{ type: 'text', text: `You already answered ${LETTERS[first]}; your first answer stands.` }], {
    visibility: 'private',
    data: { question: question.id, chosen: first, repeated: true },
  });
}
