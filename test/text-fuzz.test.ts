/*
 * The "done means": 10,000 generated names and texts — Markdown and mrkdwn control characters, masked links,
 * mentions in every syntax, emoji, combining marks, right-to-left marks, lone surrogates — rendered through every
 * reply kind that carries a name or note text, on Discord, Slack and the console: no live mention, no masked link,
 * no ill-formed string, every platform limit kept. Deterministic: the same seed gives the same strings every run.
 */
import { describe, expect, it } from 'vitest';
import { share } from '../commands/share.js';
import type { Concept, Library, Question, Takeaway } from '../src/content/types.js';
import { errorReply, type Reply } from '../src/core/reply.js';
import { safeEcho } from '../src/core/safe-text.js';
import { renderText } from '../src/console/render-text.js';
import { answerReply, renderDailyPost } from '../src/daily/daily-post.js';
import { DISCORD_LIMITS, renderDiscord } from '../src/discord/render-discord.js';
import { finalPost, questionPost, revealPost } from '../src/quiz/quiz-messages.js';
import { newQuiz, type QuizState, type Standing } from '../src/quiz/quiz-state.js';
import { renderBlockKit, SLACK_LIMITS } from '../src/slack/render-block-kit.js';
import { discordLive, discordShows, discordTexts, isWellFormed, slackLive, slackMrkdwn, slackShows, slackTexts } from './support/chat-markup.js';
import { testBot } from './support/test-bot.js';

const PIECES = [
  '*', '**', '_', '__', '~', '~~', '`', '```', '|', '||', '>', '> ', '>>> ', '# ', '## ', '-# ', '- ', '+ ', '1. ', '\\', '\\*', '\\`',
  '[', ']', '(', ')', '<', '&', '&amp;', '&lt;', '&gt', '\n', ' ', '  ', '\t',
  '[free nitro](http://evil.example/n)', '[x](<http://e.x>)', '[a]( http://b )', '<http://x|y>', '<https://evil.example>', 'http://x.y/z',
  '<@123456789012345678>', '<@!1>', '<@&2>', '<#3>', '<t:1700000000:R>', '</quiz:1>', '<:e:1>', '<a:e:1>', '@everyone', '@here',
  '@channel', '<!here>', '<!channel>', '<!everyone>', '<@U1>', '<@W1|sam>', '<#C1|general>', '<!subteam^S1>', '<!date^1^{date}|x>',
  '😀', '🔥', '👩‍👩‍👧', '🇺🇸', 'e\u0301', 'a\u0336', '\u0300', 'ñ', '\u200f', '\u200e', '\u202e', '\u2066', 'שלום', 'مرحبا', '\u200b',
  '\ud83d', '\ude00', '\udbff', '\u0000', '\u001b[31m', '\u007f', 'Sam', 'Kim', ':smile:', 'x', 'y', '1', '.',
];

/** mulberry32: a small seeded generator, so a failure names a string that comes back on the next run. */
function generator(seed: number) {
  let a = seed;
  const next = () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const pick = () => PIECES[Math.floor(next() * PIECES.length)]!;
  return (): string => {
    const n = 1 + Math.floor(next() * 24);
    let s = Array.from({ length: n }, pick).join('');
    // One in two hundred (over a hundred in a run) is long enough to meet every limit: 3,000 to 9,000 units.
    if (next() < 1 / 200) s = s.repeat(Math.ceil((3000 + next() * 6000) / s.length));
    return s;
  };
}

/** A one-concept library whose every text is generated. */
function libraryOf(t: () => string): { lib: Library; concept: Concept; question: Question } {
  const takeaways: Takeaway[] = [1, 2, 3, 4].map((index) => ({ id: `c#${index}`, conceptId: 'c', index, chapter: 1, text: t(), section: t() }));
  const concept: Concept = { id: 'c', title: t(), chapter: 1, aliases: [], asked: [], section: t(), related: [], takeaways, source: 'f.md:1' };
  const question: Question = { id: 'q1-0', chapter: 1, text: t(), options: [t(), t(), t(), t()], answer: 2, explanation: t(), teaches: 'c#1', difficulty: 'easy', source: 'f.md:2' };
  const lib: Library = {
    chapters: [{ number: 1, title: t(), file: 'f.md', concepts: [concept], questions: [question] }],
    concepts: [concept],
    takeaways,
    questions: [question],
    conceptById: new Map([['c', concept]]),
    takeawayById: new Map(takeaways.map((x) => [x.id, x])),
  };
  return { lib, concept, question };
}

const standing = (name: string, i: number): Standing => ({ user: { id: `u${i}`, name }, points: 100 * i, right: i, answered: 3, streak: 0 });

/**
 * Every reply kind that carries a person's name or words, or note text, for ten generated names, ten generated
 * words and one library of generated note texts. Names ride ten to a standings list and a reveal.
 */
function replies(names: string[], words: string[], t: () => string, services: ReturnType<typeof testBot>['services']): Reply[] {
  const { lib, concept, question } = libraryOf(t);
  const state: QuizState = newQuiz({ sessionId: 1, channel: 'x', starter: { id: 'u0', name: names[0]! }, seconds: 20, questions: [{ questionId: question.id, chapter: 1, answer: 2, optionCount: 4 }] });
  const q = state.questions[0]!;
  const points = { base: 100, speed: 20, streak: 10, total: 130 };
  return [
    ...names.map((name) => share.run({ id: 'share:reservoir-sampling.1', args: ['reservoir-sampling.1'], speaker: { id: 'u1', name }, channel: 'x', platform: 'console', services }) as Reply),
    ...words.map((w) => errorReply(`“${safeEcho(w, 40)}” is not a period I know.`, `There is no command /${safeEcho(w, 40)}.`)),
    finalPost(state, { type: 'quiz-finished', status: 'stopped', standings: [...names, ...words].map(standing) }, `stopped by ${safeEcho(names[1]!, 60)}`),
    revealPost(lib, state, { type: 'question-revealed', question: 1, answer: 2, results: names.map((name, i) => ({ user: { id: `u${i}`, name }, option: 2, right: true, points })) }),
    questionPost(lib, state, q, 3, true),
    renderDailyPost(lib, concept, question),
    answerReply(lib, question, { kind: 'judge', chosen: 1, shown: 1, sameOrder: true }),
  ];
}

/** Everything wrong with one reply on every platform; empty when all is well. */
function problems(r: Reply): string[] {
  const out: string[] = [];
  const d = renderDiscord(r);
  const s = renderBlockKit(r);
  const strings = [...discordTexts(d), ...slackTexts(s), renderText(r, false), ...d.components.flatMap((row) => row.components.flatMap((b) => [b.label, b.custom_id]))];
  for (const x of strings) if (!isWellFormed(x)) out.push(`ill-formed ${JSON.stringify(x)}`);
  for (const x of discordTexts(d)) for (const live of discordLive(x)) if (!/^(mark|line) /.test(live)) out.push(`Discord ${live}`);
  for (const x of slackMrkdwn(s)) for (const live of slackLive(x)) if (!/^(mark|quote) /.test(live)) out.push(`Slack ${live}`);
  // Discord (PLATFORM-NOTES.md): content 2000; title 256, description 4096, 6000 a message; 5 rows of 5 buttons.
  if ((d.content?.length ?? 0) > DISCORD_LIMITS.content) out.push('Discord content');
  const embedTotal = d.embeds.reduce((n, e) => n + (e.title?.length ?? 0) + (e.description?.length ?? 0), 0);
  if (d.embeds.some((e) => (e.title?.length ?? 0) > DISCORD_LIMITS.title || (e.description?.length ?? 0) > DISCORD_LIMITS.description) || embedTotal > DISCORD_LIMITS.embedTotal) out.push('Discord embed');
  if (d.components.length > DISCORD_LIMITS.rows || d.components.some((row) => row.components.length > DISCORD_LIMITS.buttonsPerRow)) out.push('Discord buttons');
  // Slack: 50 blocks, section 3000, context 2000, header 150, button text 75, ~12k of block text.
  if (s.blocks.length > SLACK_LIMITS.blocks) out.push('Slack blocks');
  if (s.text.length > SLACK_LIMITS.fallbackText) out.push('Slack fallback');
  for (const b of s.blocks) {
    if (b.type === 'section' && b.text.text.length > SLACK_LIMITS.sectionText) out.push('Slack section');
    if (b.type === 'header' && b.text.text.length > SLACK_LIMITS.headerText) out.push('Slack header');
    if (b.type === 'context' && b.elements.some((e) => e.text.length > SLACK_LIMITS.contextText)) out.push('Slack context');
    if (b.type === 'actions' && b.elements.some((e) => e.text.text.length > SLACK_LIMITS.buttonText)) out.push('Slack button');
  }
  if (slackTexts(s).slice(1).reduce((n, x) => n + x.length, 0) > SLACK_LIMITS.totalText) out.push('Slack total');
  // Buttons that answer a question never lose it: the option of the last button is still shown beside them.
  const answers = r.blocks.flatMap((b) => (b.type === 'buttons' ? b.buttons.filter((x) => /^(daily|quiz):/.test(x.id)) : []));
  if (answers.length && !discordShows(d.embeds[0]?.description ?? '').includes(`• ${answers.at(-1)!.label}`)) out.push('Discord question lost');
  if (answers.length && !slackTexts(s).map(slackShows).join("\n").includes(`• ${answers.at(-1)!.label}`)) out.push('Slack question lost');
  return out;
}

describe('10,000 generated names and texts through every reply kind on Discord, Slack and the console', () => {
  it('give no live mention, no masked link, no ill-formed string and keep every limit', () => {
    const services = testBot().services;
    const name = generator(11);
    const text = generator(29);
    const found = new Map<string, string>();
    const n = Number(process.env.FUZZ_N ?? 10_000);
    for (let i = 0; i < n; i += 10) {
      const names = Array.from({ length: 10 }, name);
      const words = Array.from({ length: 10 }, text);
      for (const r of replies(names, words, text, services)) for (const p of problems(r)) if (!found.has(p)) found.set(p, JSON.stringify(r.blocks).slice(0, 300));
    }
    expect([...found].slice(0, 10)).toEqual([]);
  });
});
