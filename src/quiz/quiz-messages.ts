// The quiz's posts as neutral replies; the adapters render them for each platform.
import type { Library, Question } from '../content/types.js';
import { reply, type Block, type Reply } from '../core/reply.js';
import { safeEcho } from '../core/safe-text.js';
import { chapterTitle, takeawaySource } from '../study/cards.js';
import type { QuizEvent, QuizQuestion, QuizState, Standing } from './quiz-state.js';

export const letter = (option: number) => String.fromCharCode(65 + option);

/** The button id for an option; parsed back by the `quiz` button handler. */
export const answerButtonId = (sessionId: number, no: number, option: number) => `quiz:${sessionId}:${no}:${option}`;

const name = (n: string) => safeEcho(n, 60);

/** Option `i` as it was posted; the notes' current text only for a quiz stored before options were kept. */
function optionText(q: QuizQuestion, content: Question | undefined, i: number): string | undefined {
  return q.options ? q.options[i] : content?.options[i];
}
const points = (n: number) => `${n} pt${n === 1 ? '' : 's'}`;

export function questionPost(lib: Library, state: QuizState, q: QuizQuestion, answered: number, open: boolean): Reply {
  const content = lib.questions.find((x) => x.id === q.questionId);
  const blocks: Block[] = [
    { type: 'heading', text: `Question ${q.no} of ${state.questions.length} · Ch. ${q.chapter} ${chapterTitle(lib, q.chapter)}` },
    // `keep`: whatever else gives way on a platform's limit, the question and options stay with the A–D buttons.
    { type: 'text', text: content?.text ?? '(This question is no longer in the notes.)', keep: open },
    { type: 'list', items: Array.from({ length: q.optionCount }, (_, i) => `**${letter(i)}** ${optionText(q, content, i) ?? ''}`.trim()), keep: open },
  ];
  if (open) {
    // Labels are the bare letters: short enough for every platform, and the console clicks by typing them.
    blocks.push({ type: 'buttons', buttons: Array.from({ length: q.optionCount }, (_, i) => ({ id: answerButtonId(state.sessionId, q.no, i), label: letter(i) })) });
    blocks.push({ type: 'note', text: `${state.seconds} s to answer · ${answered} answered · your first answer counts` });
  } else {
    blocks.push({ type: 'note', text: `Closed · ${answered} answered` });
  }
  return reply(blocks, { visibility: 'channel', data: { quiz: state.sessionId, question: q.no, questionId: q.questionId, answered, open } });
}

export function revealPost(lib: Library, state: QuizState, ev: Extract<QuizEvent, { type: 'question-revealed' }>): Reply {
  const q = state.questions.find((x) => x.no === ev.question)!;
  const content: Question | undefined = lib.questions.find((x) => x.id === q.questionId);
  const takeaway = content ? lib.takeawayById.get(content.teaches) : undefined;
  const right = ev.results.filter((r) => r.right);
  const blocks: Block[] = [
    { type: 'heading', text: `Question ${q.no}: the answer is ${letter(ev.answer)}${optionText(q, content, ev.answer) !== undefined ? ` — ${optionText(q, content, ev.answer)}` : ''}` },
  ];
  if (content?.explanation) blocks.push({ type: 'text', text: content.explanation });
  if (takeaway) blocks.push({ type: 'quote', text: takeaway.text, source: takeawaySource(lib, takeaway) });
  if (right.length) {
    blocks.push({
      type: 'list',
      items: right.map((r) => `${name(r.user.name)} +${r.points.total} (100${r.points.speed ? ` + ${r.points.speed} speed` : ''}${r.points.streak ? ` + ${r.points.streak} streak` : ''})`),
    });
  } else {
    blocks.push({ type: 'text', text: ev.results.length ? 'Nobody got this one.' : 'Nobody answered this one.' });
  }
  const more = state.questions.some((x) => x.status === 'pending') && state.status === 'running';
  // "0 of 0 right" under "Nobody answered this one" says nothing twice.
  const tally = ev.results.length ? `${right.length} of ${ev.results.length} right.` : '';
  const note = [tally, more ? 'Next question shortly.' : ''].filter(Boolean).join(' ');
  if (note) blocks.push({ type: 'note', text: note });
  return reply(blocks, {
    visibility: 'channel',
    data: {
      quiz: state.sessionId,
      revealed: q.no,
      answer: ev.answer,
      results: ev.results.map((r) => ({ user: r.user.id, option: r.option, right: r.right, points: r.points.total })),
    },
  });
}

/** "1. alice — 253 pts (2/3 right)": right answers out of the questions asked, not out of the answers given. */
export function standingsList(standings: readonly Standing[], asked: number): string[] {
  return standings.map((s, i) => `${i + 1}. ${name(s.user.name)} — ${points(s.points)} (${s.right}/${asked} right)`);
}

export function finalPost(state: QuizState, ev: Extract<QuizEvent, { type: 'quiz-finished' }>, how: string): Reply {
  const shown = state.questions.filter((q) => q.status === 'revealed').length;
  const blocks: Block[] = [{ type: 'heading', text: `Quiz over — ${how}` }];
  const total = state.questions.length;
  const played = `${shown} of ${total} question${total === 1 ? '' : 's'} played.`;
  if (ev.standings.length) {
    blocks.push({ type: 'list', items: standingsList(ev.standings, shown) });
    blocks.push({ type: 'note', text: `${played} Saved to this channel's leaderboard: /leaderboard` });
  } else {
    // Nothing was scored, so nothing reached the leaderboard: saying it was saved would be untrue.
    blocks.push({ type: 'text', text: 'Nobody answered, so there are no standings this time.' });
    blocks.push({ type: 'note', text: played });
  }
  return reply(blocks, {
    visibility: 'channel',
    data: { quiz: state.sessionId, finished: ev.status, standings: ev.standings.map((s) => ({ user: s.user.id, points: s.points, right: s.right, answered: s.answered })) },
  });
}
