import { PNG } from 'pngjs';
import { afterEach, describe, expect, it } from 'vitest';
import { loadLibrary } from '../src/content/content-loader.js';
import type { Concept, Question } from '../src/content/types.js';
import type { Reply } from '../src/core/reply.js';
import { PostPacer } from '../src/daily/post-pacer.js';
import { seeded } from '../src/daily/rotation.js';
import { MIN_ANSWERS } from '../src/review/team-mastery.js';
import type { Player } from '../src/quiz/quiz-state.js';
import type { Storage } from '../src/storage/storage.js';
import { playQuiz, type PlayedQuestion } from './support/played-quizzes.js';
import { ENGINES, storages } from './support/postgres.js';
import { RecordingPort } from './support/recording-port.js';
import { BUNDLED_CONTENT, testBot } from './support/test-bot.js';

/*
 * A month of a 20-member reading group, played quiz by quiz through the real quiz store on both engines, then read
 * back by /stats team, the weak-first daily post and /quiz start weak — each checked against a tally the test keeps
 * itself while it plays.
 */

const db = storages();
afterEach(() => db.closeAll());

const lib = loadLibrary(BUNDLED_CONTENT);
const CHANNEL = 'slack:T1:CREADING';
const DAY = 86_400_000;
const START = Date.parse('2026-04-01T12:00:00Z');
const FOLLOWED = [4, 6];

const conceptOfTakeaway = new Map<string, Concept>();
for (const c of lib.concepts) for (const t of c.takeaways) conceptOfTakeaway.set(t.id, c);
const conceptOf = (q: Question) => conceptOfTakeaway.get(q.teaches)!;

/** The concept the channel keeps missing (a chapter 6 one, so the daily post follows it) and a chapter it finds easy. */
const weakConcept = conceptOf(lib.questions.find((q) => q.chapter === 6)!);
const EASY_CHAPTER = 7;

interface Tally {
  answers: number;
  right: number;
  members: Set<string>;
}

/**
 * Plays the month into `storage`: a quiz of 5 questions from chapters 4, 6 and 7 every day (the weak concept's
 * question every third day), each member answering 70 % of questions with their own skill (the weak concept 15 %,
 * the easy chapter 97 %). Returns the tally per concept, kept while playing.
 */
async function playMonth(storage: Storage) {
  const rnd = seeded(15);
  const people = Array.from({ length: 20 }, (_, i) => ({ player: { id: `slack:T1:U${String(i + 1).padStart(2, '0')}`, name: `member ${i + 1}` } as Player, skill: 0.55 + 0.35 * rnd() }));
  const pool = lib.questions.filter((q) => [4, 6, EASY_CHAPTER].includes(q.chapter) && conceptOf(q) !== weakConcept);
  const weakQuestions = lib.questions.filter((q) => conceptOf(q) === weakConcept);
  const tally = new Map<string, Tally>();
  for (let d = 0; d < 30; d++) {
    const picked = new Set<Question>();
    if (d % 3 === 0) picked.add(weakQuestions[d % weakQuestions.length]!);
    while (picked.size < 5) picked.add(pool[Math.floor(rnd() * pool.length)]!);
    const questions: PlayedQuestion[] = [...picked].map((question) => {
      const chance = (p: number) => (conceptOf(question) === weakConcept ? 0.15 : question.chapter === EASY_CHAPTER ? 0.97 : p);
      const answers = people.filter(() => rnd() < 0.7).map(({ player, skill }) => ({ player, right: rnd() < chance(skill) }));
      const t = tally.get(conceptOf(question).id) ?? { answers: 0, right: 0, members: new Set<string>() };
      tally.set(conceptOf(question).id, t);
      for (const a of answers) {
        t.answers += 1;
        t.right += a.right ? 1 : 0;
        t.members.add(a.player.id);
      }
      return { question, answers };
    });
    await playQuiz(storage.quizzes, { channel: CHANNEL, at: START + d * DAY, questions });
  }
  return { tally, people: people.map((p) => p.player) };
}

/** The bot over the played storage, with a Slack recording port for daily posts and instant pacing. */
function botOver(storage: Storage, at: number) {
  const bot = testBot(BUNDLED_CONTENT, lib, { storage, core: { daily: { graceMinutes: 120, pacer: new PostPacer(() => bot.clock.ms, async () => {}) } } });
  bot.clock.ms = at;
  const slack = new RecordingPort('slack', bot.clock);
  bot.core.ports.add(slack);
  const as = (user: string, manager = false) => ({ speaker: { id: `slack:T1:${user}`, name: user, canManage: manager }, channel: CHANNEL, platform: 'slack' as const });
  const run = (text: string, user = 'U01', manager = false): Promise<Reply> => {
    const [name = '', ...rest] = text.replace(/^\//, '').split(' ');
    return bot.router.run(name, rest.join(' '), as(user, manager));
  };
  return { bot, slack, run };
}

const share = (t: Tally) => t.right / t.answers;

describe.each(ENGINES)('a month of quizzes in a 20-member channel, through the real stores on %s', (engine) => {
  it('/stats team reads the month back as tallied: strongest chapter, the planted weak concept first, a chart', { timeout: 120_000 }, async () => {
    const storage = await db.open(engine);
    const { tally } = await playMonth(storage);
    const { bot, run } = botOver(storage, START + 31 * DAY);

    const m = await bot.services.quiz.teamMastery(CHANNEL);
    const fromStore = Object.fromEntries(m.concepts.map((c) => [c.conceptId, [c.answers, c.right, c.members]]));
    const tallied = Object.fromEntries([...tally].map(([id, t]) => [id, [t.answers, t.right, t.members.size]]));
    expect(fromStore).toEqual(tallied);
    expect(m.overall.members).toBe(20);

    const r = await run('/stats team');
    expect(r.visibility).toBe('channel');
    const data = r.data as { overall: { answers: number }; strongest: number[]; weakestConcepts: { conceptId: string; share: number; answers: number }[] };
    expect(data.overall.answers).toBe([...tally.values()].reduce((n, t) => n + t.answers, 0));
    expect(data.strongest[0]).toBe(EASY_CHAPTER);
    expect(data.weakestConcepts[0]!.conceptId).toBe(weakConcept.id);
    const counted = [...tally].filter(([, t]) => t.answers >= MIN_ANSWERS).sort(([, a], [, b]) => share(a) - share(b) || b.answers - a.answers);
    expect(data.weakestConcepts.map((c) => c.conceptId)).toEqual(counted.slice(0, 5).map(([id]) => id));
    const text = JSON.stringify(r.blocks.filter((b) => b.type !== 'image'));
    expect(text).toContain(weakConcept.title);
    expect(text).toContain('/quiz start weak');
    const image = r.blocks.find((b) => b.type === 'image');
    expect(image?.type === 'image' && PNG.sync.read(image.png).width).toBe(1280);
    expect(bot.errors).toEqual([]);
  });

  it('weak-first posts the concepts the channel misses first, each followed concept once per cycle even when mastery moves mid-cycle', { timeout: 120_000 }, async () => {
    const storage = await db.open(engine);
    const { tally, people } = await playMonth(storage);
    const day0 = Date.parse('2026-05-04T08:00:00Z');
    const { bot, slack, run } = botOver(storage, day0);
    expect((await run('/daily on 09:00 UTC', 'U01', true)).kind).not.toBe('error');
    await run('/daily chapters 4,6', 'U01', true);
    const set = await run('/daily order weak-first', 'U01', true);
    expect(set.data).toEqual({ order: 'book', weakFirst: true });

    // The expected order, from the test's own tally: counted concepts below the channel's overall share, weakest
    // first (book order on ties), then every other followed concept in book order.
    const followed = lib.concepts.filter((c) => FOLLOWED.includes(c.chapter));
    const all = [...tally.values()];
    const overall = all.reduce((n, t) => n + t.right, 0) / all.reduce((n, t) => n + t.answers, 0);
    const weakShare = (c: Concept) => {
      const t = tally.get(c.id);
      return t && t.answers >= MIN_ANSWERS && share(t) < overall ? share(t) : undefined;
    };
    const weak = followed.filter((c) => weakShare(c) !== undefined).sort((a, b) => weakShare(a)! - weakShare(b)!);
    const expected = [...weak, ...followed.filter((c) => weakShare(c) === undefined)].map((c) => c.id);
    expect(weak[0]!.id).toBe(weakConcept.id);
    expect(weak.length).toBeGreaterThanOrEqual(3);

    const upcoming = await run('/daily upcoming');
    expect((upcoming.blocks[1] as { items: string[] }).items[0]).toContain(weakConcept.title);

    const posted = () => slack.having('daily').map((p) => (p.reply.data as { daily: { concept: string } }).daily.concept);
    const postDay = async (i: number) => {
      bot.clock.ms = day0 + i * DAY + 60 * 60_000;
      await bot.core.daily.tick();
    };
    for (let i = 0; i < 3; i++) await postDay(i);
    expect(posted()).toEqual(expected.slice(0, 3));

    // Mid-cycle, five quizzes in which everyone fails two concepts: one already posted this cycle (it must not come
    // back before the cycle ends) and the last one the cycle would have reached (now the weakest left: it jumps ahead).
    const again = lib.concepts.find((c) => c.id === expected[1])!;
    const questionsOf = (c: Concept) => lib.questions.filter((q) => conceptOf(q) === c).slice(0, 2);
    // The last concept the cycle would reach that has quiz questions (some concepts have none to miss).
    const last = [...expected].reverse().map((id) => lib.conceptById.get(id)!).find((c) => questionsOf(c).length > 0)!;
    expect(expected.indexOf(last.id)).toBeGreaterThan(3);
    for (let k = 0; k < 5; k++) {
      await playQuiz(storage.quizzes, {
        channel: CHANNEL,
        at: day0 + 2 * DAY + 2 * 3_600_000 + k * 600_000,
        questions: [...questionsOf(again), ...questionsOf(last)].map((question) => ({ question, answers: people.map((player) => ({ player, right: false })) })),
      });
    }
    const now = (await bot.services.quiz.teamMastery(CHANNEL)).concepts;
    const remainingShares = now.filter((c) => c.counted && followed.some((f) => f.id === c.conceptId) && !posted().includes(c.conceptId)).map((c) => [c.conceptId, c.share] as const);
    expect(Math.min(...remainingShares.map(([, s]) => s))).toBe(remainingShares.find(([id]) => id === last.id)![1]);
    await postDay(3);
    expect(posted()[3]).toBe(last.id);

    for (let i = 4; i < followed.length + 2; i++) await postDay(i);
    const cycle = posted().slice(0, followed.length);
    expect(new Set(cycle).size).toBe(followed.length);
    expect([...cycle].sort()).toEqual(followed.map((c) => c.id).sort());
    // The next cycle starts over, the weakest concept first again — and that is now one failed by everyone.
    expect(posted()[followed.length]).toBe((await bot.services.quiz.teamMastery(CHANNEL)).concepts.filter((c) => c.counted && FOLLOWED.includes(c.chapter)).sort((a, b) => a.share - b.share || b.answers - a.answers)[0]!.conceptId);
    expect(bot.errors).toEqual([]);
  });

  it('/quiz start weak builds the quiz from the channel’s weakest concepts, and says so plainly in a channel without history', { timeout: 120_000 }, async () => {
    const storage = await db.open(engine);
    await playMonth(storage);
    const { bot, run } = botOver(storage, START + 31 * DAY);
    const weakest = new Set((await bot.services.quiz.teamMastery(CHANNEL)).weakestConcepts.map((c) => c.conceptId));
    const started = await run('/quiz start weak 5');
    expect(started.kind).not.toBe('error');
    const quiz = await bot.services.quiz.running(CHANNEL);
    expect(quiz?.selection).toMatch(/^weak spots: /);
    expect(quiz!.state.questions.length).toBeGreaterThan(0);
    for (const q of quiz!.state.questions) expect(weakest).toContain(conceptOf(lib.questions.find((x) => x.id === q.questionId)!).id);
    await run('/quiz stop', 'U01', true);

    const empty = await bot.router.run('quiz', 'start weak', { speaker: { id: 'slack:T1:U01', name: 'u' }, channel: 'slack:T1:CNEW', platform: 'slack' });
    expect(empty.kind).toBe('error');
    expect(JSON.stringify(empty.blocks)).toContain('has not answered enough quiz questions yet');
    expect(JSON.stringify(empty.blocks)).toContain(`${MIN_ANSWERS} answers`);
    // "weak supervision" is still a topic, not weak spots.
    const topic = await bot.router.run('quiz', 'start weak supervision', { speaker: { id: 'slack:T1:U01', name: 'u' }, channel: 'slack:T1:CNEW', platform: 'slack' });
    expect(JSON.stringify(topic.blocks)).not.toContain('weak spots');
    bot.core.quiz.shutdown();
  });
});
