import type { Library, Question } from '../content/types.js';
import { readChapters } from '../content/chapter-spec.js';
import { slugify } from '../content/content-loader.js';
import { UserError } from '../core/errors.js';
import { safeEcho } from '../core/safe-text.js';
import type { SearchIndex } from '../search/search-index.js';

export const QUESTIONS = { min: 1, max: 20, default: 5 };
export const SECONDS = { min: 10, max: 120, default: 20 };
export const START_EXAMPLES = ['/quiz start', '/quiz start ch4 10', '/quiz start ch4-6 10 30', '/quiz start data leakage 5 45s', '/quiz start weak'];

export interface QuizRequest {
  /** What the questions are about, for people: "Ch. 4 Training Data", "topic “sampling”", "all chapters". */
  selection: string;
  pool: Question[];
  questions: number;
  seconds: number;
  /**
   * `/quiz start weak`: the pool is the channel's weakest concepts' questions, which only the caller can know
   * (`weakPool`); `pool` is empty until it is filled.
   */
  weak?: true;
}

/** `/quiz start weak` (or `weak spots`): a quiz from the channel's weakest concepts. "weak supervision" stays a topic. */
export const WEAK = /^weak(est)?( spots| concepts)?$/i;

/**
 * The pool of `/quiz start weak`: questions teaching the channel's weakest concepts (team-mastery.ts ranks a concept
 * after MIN_ANSWERS answers), with a selection naming them.
 * @throws UserError when no concept has enough answers yet to be called weak
 */
export function weakPool(library: Library, weakest: readonly { conceptId: string }[], minAnswers: number): { selection: string; pool: Question[] } {
  const ids = new Set(weakest.map((c) => c.conceptId));
  const pool = library.questions.filter((q) => ids.has(library.takeawayById.get(q.teaches)?.conceptId ?? q.teaches.split('#')[0]!));
  if (pool.length === 0) {
    throw new UserError(
      'This channel has not answered enough quiz questions yet to know its weak spots.',
      `A concept counts once it has ${minAnswers} answers here. Play a few quizzes first (/quiz start), then try /quiz start weak again.`,
    );
  }
  const names = weakest.map((c) => library.conceptById.get(c.conceptId)?.title ?? c.conceptId);
  return { selection: `weak spots: ${names.slice(0, 3).join(', ')}${names.length > 3 ? ` and ${names.length - 3} more` : ''}`, pool };
}

const example = `For example: ${START_EXAMPLES.slice(1).join(' or ')}`;

/**
 * Reads `/quiz start [chapters|topic] [questions] [seconds]`. Chapters are written as `readChapters` reads them
 * (`ch4`, `chapter 4`, `ch4-6`, `4-6`, `ch4,7`; a bare `4` is the question count);
 * anything else before the numbers is a topic. The first bare number is the question count, the second the
 * seconds per question; `10q` and `30s` say which explicitly.
 */
export function parseQuizRequest(args: string, library: Library, search: SearchIndex): QuizRequest {
  const words = args.split(/\s+/).filter(Boolean);
  let questions: number | undefined;
  let seconds: number | undefined;
  const bare: number[] = [];
  // Numbers are read from the end so a topic may contain words, and "ch4" is never mistaken for a count.
  while (words.length) {
    const w = words[words.length - 1]!.toLowerCase();
    const m = /^(\d+)(q|questions?|s|sec|secs|seconds?)?$/.exec(w);
    const unitWord = /^(q|questions?|s|sec|secs|seconds?)$/.exec(w);
    if (unitWord && words.length >= 2 && /^\d+$/.test(words[words.length - 2]!)) {
      const n = Number(words[words.length - 2]);
      if (unitWord[1]!.startsWith('q')) questions = n;
      else seconds = n;
      words.splice(-2);
      continue;
    }
    if (!m) break;
    const n = Number(m[1]);
    if (m[2]?.startsWith('q')) questions = n;
    else if (m[2]) seconds = n;
    else bare.unshift(n);
    words.pop();
  }
  // "chapter 2 10": the first number after the word "chapter" is the chapter, not a count.
  if (bare.length && /^(ch|chapters?)\.?$/i.test(words[words.length - 1] ?? '')) words.push(String(bare.shift()));
  if (bare.length > 2) throw new UserError('That is too many numbers for one quiz.', `Give the number of questions, then the seconds per question. ${example}`);
  if (bare[0] !== undefined) questions === undefined ? (questions = bare[0]) : (seconds ??= bare[0]);
  if (bare[1] !== undefined) seconds ??= bare[1];
  questions ??= QUESTIONS.default;
  seconds ??= SECONDS.default;
  if (questions < QUESTIONS.min || questions > QUESTIONS.max) {
    throw new UserError(`A quiz has ${QUESTIONS.min} to ${QUESTIONS.max} questions; ${questions} is outside that.`, example);
  }
  if (seconds < SECONDS.min || seconds > SECONDS.max) {
    throw new UserError(`Each question can run ${SECONDS.min} to ${SECONDS.max} seconds; ${seconds} is outside that.`, example);
  }

  const rest = words.join(' ').trim();
  if (WEAK.test(rest)) return { selection: 'weak spots', pool: [], questions, seconds, weak: true };
  if (!rest || /^(all|any|everything)$/i.test(rest)) {
    return { selection: 'all chapters', pool: [...library.questions], questions, seconds };
  }
  // The one chapter reader every command uses; text that is not written as chapters is a topic.
  const chapters = readChapters(rest, library, START_EXAMPLES.slice(1, 3).join(' or '));
  if (chapters) {
    const pool = library.questions.filter((q) => chapters.includes(q.chapter));
    const names = chapters.map((n) => `Ch. ${n}${chapters.length === 1 ? ` ${library.chapters.find((c) => c.number === n)?.title ?? ''}` : ''}`);
    if (!pool.length) throw new UserError(`The notes have no quiz questions for ${names.join(', ')} yet.`, 'Try another chapter, or /quiz start for all of them.');
    return { selection: names.join(', ').trim(), pool, questions, seconds };
  }
  return { ...topicPool(rest, library, search), questions, seconds };
}

/** Questions teaching the concepts a topic matches (a chapter title counts as its whole chapter). */
function topicPool(topic: string, library: Library, search: SearchIndex): { selection: string; pool: Question[] } {
  const label = `topic “${safeEcho(topic, 60)}”`;
  const lower = topic.toLowerCase();
  const chapter = library.chapters.find((c) => c.title.toLowerCase() === lower);
  if (chapter && chapter.questions.length) return { selection: `Ch. ${chapter.number} ${chapter.title}`, pool: [...chapter.questions] };
  const found = search.ask(topic);
  // The matched concepts, the ones the search calls related, and any whose id contains the topic's words
  // ("data leakage" → detecting-data-leakage): a quiz on a topic may cover its neighbourhood.
  const concepts = new Set<string>();
  if (found.confident) {
    for (const m of found.matches) {
      concepts.add(m.concept.id);
      for (const r of m.concept.related) concepts.add(r);
    }
    for (const c of found.related) concepts.add(c.id);
  }
  const slug = slugify(topic);
  if (slug.length >= 4) for (const c of library.concepts) if (c.id.includes(slug)) concepts.add(c.id);
  const pool = library.questions.filter((q) => concepts.has(q.teaches.split('#', 1)[0]!));
  if (pool.length) return { selection: label, pool };
  const close = search.closestConcepts(topic);
  throw new UserError(
    `I have no quiz questions about “${safeEcho(topic, 60)}”.`,
    `${close.length ? `Closest concepts: ${close.map((c) => c.title).join(', ')}. ` : ''}Or pick chapters: ${START_EXAMPLES.slice(1, 3).join(' or ')}`,
  );
}
