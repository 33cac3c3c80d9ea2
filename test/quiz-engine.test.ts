import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { memoryStorage } from './support/storages.js';
import { FakeClock, quizWorld, textOf } from './support/quiz-world.js';

const dirs: string[] = [];
function tempDb(): string {
  const dir = mkdtempSync(join(tmpdir(), 'quiz-engine-'));
  dirs.push(dir);
  return join(dir, 'bot.db');
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('a quiz in a channel', () => {
  it('runs start to finish: questions with buttons, private acks, throttled counts, reveals and saved standings', async () => {
    const w = quizWorld();
    const start = await w.say('alice', '/quiz start ch4 2 10');
    expect(start.visibility).toBe('channel');
    expect(textOf(start)).toContain('2 questions on Ch. 4 Training Data');
    expect(w.port.having('question')).toHaveLength(0); // the lead-in comes first

    await w.clock.advance(3000);
    const q1 = w.lastQuestion();
    expect(q1.buttons.map((b) => b.label)).toEqual(['A', 'B', 'C', 'D'].slice(0, q1.buttons.length));
    const right = q1.buttons[q1.right]!.id;
    const wrong = q1.buttons[(q1.right + 1) % q1.buttons.length]!.id;

    const ack = await w.click('bob', right);
    expect(ack.visibility).toBe('private');
    expect(textOf(ack)).toBe(`Got it: ${q1.buttons[q1.right]!.label}`);
    expect(textOf(await w.click('bob', wrong))).toBe(`You already answered ${q1.buttons[q1.right]!.label}; your first answer counts.`);
    await w.clock.advance(2000);
    expect(textOf(await w.click('carol', wrong))).toMatch(/^Got it/);
    // Twenty more people click within the same second: the count is edited at most once a second.
    for (let i = 0; i < 20; i++) await w.click(`p${i}`, wrong);
    await w.clock.advance(1000);
    const edits = w.port.updates.filter((u) => u.ref.id === q1.post.ref.id && u.reply.data?.open);
    const times = edits.map((u) => u.at);
    for (let i = 1; i < times.length; i++) expect(times[i]! - times[i - 1]!).toBeGreaterThanOrEqual(1000);
    expect(edits.at(-1)!.reply.data!.answered).toBe(22);

    await w.clock.advance(7000); // the 10 s deadline
    const reveal = w.port.having('revealed');
    expect(reveal).toHaveLength(1);
    const text = textOf(reveal[0]!.reply);
    expect(text).toContain("bob +150 (100 + 50 speed)"); // answered the moment it opened: the whole speed bonus
    expect(text).not.toContain('carol +');
    expect(reveal[0]!.reply.blocks.some((b) => b.type === 'quote')).toBe(true); // the source takeaway
    // The question post is edited to closed, without buttons.
    const closed = w.port.updates.filter((u) => u.ref.id === q1.post.ref.id).at(-1)!;
    expect(closed.reply.blocks.some((b) => b.type === 'buttons')).toBe(false);
    expect(textOf(await w.click('dave', right))).toMatch(/^Question 1 is closed; the answer was/);

    await w.clock.advance(5000); // the pause
    const q2 = w.lastQuestion();
    expect(q2.post.reply.data!.question).toBe(2);
    await w.click('carol', q2.buttons[q2.right]!.id);
    await w.clock.advance(10_000);
    const final = w.port.having('finished');
    expect(final).toHaveLength(1);
    const standings = final[0]!.reply.data!.standings as { user: string; points: number }[];
    expect(standings.slice(0, 2).map((s) => s.user)).toEqual(['console:bob', 'console:carol']);
    expect(standings[0]!.points).toBe(150);
    expect(w.port.having('revealed')).toHaveLength(2);
    expect(w.clock.pending).toBe(0);

    const board = await w.say('erin', '/leaderboard');
    expect(textOf(board)).toMatch(/1\. bob — 150 pts \(1\/1 right, 1 quiz\)/);
    const stats = await w.say('carol', '/stats');
    expect(stats.visibility).toBe('private');
    expect(textOf(stats)).toContain('Your quiz accuracy: 50 % (1/2)');
    expect(w.errors).toEqual([]);
  });

  it('refuses a second quiz in the same channel, saying what is running', async () => {
    const w = quizWorld();
    await w.say('alice', '/quiz start ch4 3 30');
    await w.clock.advance(3000);
    const again = await w.say('bob', '/quiz start');
    expect(again.kind).toBe('error');
    expect(textOf(again)).toMatch(/A quiz is already running here \(Ch\. 4 Training Data; question 1 of 3, 30 s left\), started by alice\./);
    const status = await w.say('bob', '/quiz status');
    expect(textOf(status)).toContain('question 1 of 3');
  });

  it.each([
    ['/quiz start 25', /1 to 20 questions; 25 is outside that/],
    ['/quiz start ch4 5 5', /10 to 120 seconds; 5 is outside that/],
    ['/quiz start ch42', /There is no chapter 42/],
    ['/quiz start quantum chromodynamics', /no quiz questions about “quantum chromodynamics”/],
    ['/quiz begin', /I don't know \/quiz begin/],
    ['/quiz', /Start, stop or check a quiz/],
    ['/leaderboard yesterday', /not a period I know/],
  ])('answers %s with a clear message and an example', async (text, message) => {
    const w = quizWorld();
    const r = await w.say('alice', text);
    expect(r.kind).toBe('error');
    expect(textOf(r)).toMatch(message);
    expect(textOf(r)).toMatch(/\/quiz start|\/leaderboard month/);
    expect(w.errors).toEqual([]);
  });

  it.each([
    ['quiz:abc:1:0', 'That button no longer does anything.'],
    ['quiz:1:1', 'That button no longer does anything.'],
    ['quiz:999:1:0', 'That quiz has ended.'],
  ])('answers a click on a broken or unknown button %s politely', async (id, message) => {
    const w = quizWorld();
    expect(textOf(await w.click('bob', id))).toBe(message);
    expect(w.errors).toEqual([]);
  });

  it('refuses an option the question does not have, even with a hand-made button id', async () => {
    const w = quizWorld();
    await w.say('alice', '/quiz start ch4 1 10');
    await w.clock.advance(3000);
    const id = w.lastQuestion().buttons[0]!.id.replace(/:0$/, ':7');
    expect(textOf(await w.click('bob', id))).toBe('That is not one of the options.');
    expect(w.db.prepare('SELECT COUNT(*) FROM quiz_answers').pluck().get()).toBe(0);
  });

  it('takes a topic: the questions teach the concepts the topic matches', async () => {
    const w = quizWorld();
    const r = await w.say('alice', '/quiz start data leakage 3');
    expect(r.kind).toBe('info');
    await w.clock.advance(3000);
    const q = w.library.questions.find((x) => x.id === w.lastQuestion().post.reply.data!.questionId)!;
    expect(q.teaches).toMatch(/leakage/);
  });

  it('lets only the starter or a channel manager stop a quiz, with one results post', async () => {
    const w = quizWorld();
    await w.say('alice', '/quiz start 5 20');
    await w.clock.advance(3000);
    const q = w.lastQuestion();
    await w.click('bob', q.buttons[q.right]!.id);
    const refused = await w.say('bob', '/quiz stop');
    expect(textOf(refused)).toMatch(/Only alice \(who started it\) or a channel manager can stop this quiz/);
    const stopped = await w.say('mod', '/quiz stop', { canManage: true });
    expect(textOf(stopped)).toBe('Quiz stopped.');
    expect(w.port.having('revealed')).toHaveLength(1); // the open question is revealed with what was answered
    const final = w.port.having('finished');
    expect(final).toHaveLength(1);
    expect(textOf(final[0]!.reply)).toMatch(/stopped by mod/);
    expect(textOf(final[0]!.reply)).toMatch(/1 of 5 questions played/);
    expect(textOf(await w.say('alice', '/quiz stop'))).toMatch(/No quiz is running here/);
    await w.clock.advance(60_000);
    expect(w.port.having('question')).toHaveLength(1);
    expect(w.clock.pending).toBe(0);
  });

  it('gives exactly one results post when the timer and /quiz stop close the last question at once', async () => {
    const w = quizWorld();
    await w.say('alice', '/quiz start ch4 1 10');
    await w.clock.advance(3000);
    await w.click('bob', w.lastQuestion().buttons[0]!.id);
    await Promise.all([w.clock.advance(10_000), w.say('alice', '/quiz stop'), w.say('alice', '/quiz stop')]);
    expect(w.port.having('revealed')).toHaveLength(1);
    expect(w.port.having('finished')).toHaveLength(1);
    expect(w.db.prepare('SELECT COUNT(*) FROM quiz_results').pluck().get()).toBe(1);
  });

  it('gives one reveal and one results post when two bot processes sharing the database close the same quiz', async () => {
    const path = tempDb();
    const clock = new FakeClock();
    const a = quizWorld({ dbPath: path, clock });
    await a.say('alice', '/quiz start ch4 1 10');
    await clock.advance(3000);
    await a.click('bob', a.lastQuestion().buttons[0]!.id);
    // A second process on the same file picks the quiz up (as after a restart the first one did not notice).
    const b = quizWorld({ dbPath: path, clock });
    await b.engine.resume();
    await Promise.all([clock.advance(10_000), a.say('alice', '/quiz stop'), b.say('alice', '/quiz stop')]);
    const reveals = [...a.port.having('revealed'), ...b.port.having('revealed')];
    const finals = [...a.port.having('finished'), ...b.port.having('finished')];
    expect(reveals).toHaveLength(1);
    expect(finals).toHaveLength(1);
    expect(a.db.prepare("SELECT COUNT(*) FROM quiz_questions WHERE status = 'revealed'").pluck().get()).toBe(1);
  });
});

describe('a quiz across a restart', () => {
  it('carries on to its original deadline; old buttons still count; nothing acknowledged is lost or revealed twice', async () => {
    const path = tempDb();
    const clock = new FakeClock();
    const before = quizWorld({ dbPath: path, clock });
    await before.say('alice', '/quiz start ch4 2 20');
    await clock.advance(3000);
    const q1 = before.lastQuestion();
    const deadline = clock.now() + 20_000;
    expect(textOf(await before.click('bob', q1.buttons[q1.right]!.id))).toMatch(/^Got it/);
    before.engine.shutdown(); // the process goes away; its timers with it
    await before.storage.close();

    await clock.advance(5000);
    const after = quizWorld({ dbPath: path, clock });
    await after.engine.resume();
    // The question is re-shown with the same button ids, and a button from the old post counts.
    const reshown = after.port.updates.at(-1)!;
    expect(reshown.ref.id).toBe(q1.post.ref.id);
    expect(reshown.reply.blocks.flatMap((b) => (b.type === 'buttons' ? b.buttons.map((x) => x.id) : []))).toEqual(q1.buttons.map((x) => x.id));
    expect(textOf(await after.click('carol', q1.buttons[q1.right]!.id))).toMatch(/^Got it/);
    expect(textOf(await after.click('bob', q1.buttons[0]!.id))).toMatch(/^You already answered/);

    await clock.advance(deadline - clock.now() - 1);
    expect(after.port.having('revealed')).toHaveLength(0);
    await clock.advance(1);
    const reveal = after.port.having('revealed');
    expect(reveal).toHaveLength(1);
    expect(reveal[0]!.at).toBe(deadline);
    expect((reveal[0]!.reply.data!.results as { user: string }[]).map((r) => r.user).sort()).toEqual(['console:bob', 'console:carol']);
    await clock.advance(30_000);
    expect(after.port.having('revealed')).toHaveLength(2);
    expect(after.port.having('finished')).toHaveLength(1);
  });

  it('closes cleanly with what was answered when the deadline is long past', async () => {
    const path = tempDb();
    const clock = new FakeClock();
    const before = quizWorld({ dbPath: path, clock });
    await before.say('alice', '/quiz start ch4 3 20');
    await clock.advance(3000);
    await before.click('bob', before.lastQuestion().buttons[before.lastQuestion().right]!.id);
    before.engine.shutdown();
    await before.storage.close();

    await clock.advance(60 * 60_000);
    const after = quizWorld({ dbPath: path, clock });
    await after.engine.resume();
    expect(after.port.having('revealed')).toHaveLength(1);
    const final = after.port.having('finished');
    expect(final).toHaveLength(1);
    expect(textOf(final[0]!.reply)).toMatch(/closed after a restart/);
    expect(textOf(final[0]!.reply)).toMatch(/1\. bob/);
    expect(after.port.having('question')).toHaveLength(0);
    expect(textOf(await after.say('alice', '/quiz status'))).toMatch(/No quiz is running/);
  });

  it('does not repeat questions in a channel until the pool for the selection is used up', async () => {
    const w = quizWorld();
    const pool = w.library.questions.filter((q) => q.chapter === 7).map((q) => q.id);
    const seen: string[] = [];
    while (seen.length < pool.length + 3) {
      await w.say('alice', '/quiz start ch7 3 10');
      for (let i = 0; i < 3; i++) {
        await w.clock.advance(i === 0 ? 3000 : 5000);
        seen.push(w.lastQuestion().post.reply.data!.questionId as string);
        await w.clock.advance(10_000);
      }
    }
    expect(new Set(seen.slice(0, pool.length)).size).toBe(pool.length);
    expect(w.errors).toEqual([]);
  });
});

describe('the quiz tables', () => {
  it('refuse a second running quiz in a channel even without the code checking', () => {
    const { db } = memoryStorage();
    const insert = db.prepare("INSERT INTO quiz_sessions (channel, starter_id, starter_name, selection, seconds, status, created_at) VALUES ('console:main', 'a', 'a', 'all', 20, 'running', 0)");
    insert.run();
    expect(() => insert.run()).toThrow(/UNIQUE/);
  });
});

describe('questions across quizzes in a channel', () => {
  it('after a selection’s pool is used up, the next cycle asks it in an order of its own (the random is injected, so the test repeats exactly)', async () => {
    const w = quizWorld({ seed: 11 });
    const pool = w.library.questions.filter((q) => q.chapter === 4).length;
    const per = Math.ceil(pool / 3);
    /** Runs quizzes on Ch. 4 until `pool` questions have been asked; returns their ids in order. */
    const cycle = async () => {
      const ids: string[] = [];
      while (ids.length < pool) {
        const n = Math.min(per, pool - ids.length);
        await w.say('alice', `/quiz start ch4 ${n} 10`);
        const before = w.port.having('question').length;
        await w.clock.advance(3000 + n * 15_000);
        ids.push(...w.port.having('question').slice(before).map((p) => p.reply.data!.questionId as string));
      }
      return ids;
    };
    const first = await cycle();
    const second = await cycle();
    expect(new Set(first).size).toBe(pool);
    expect(new Set(second).size).toBe(pool);
    expect(second).not.toEqual(first);
    expect(w.errors).toEqual([]);
  });
});
