import { afterEach, describe, expect, it } from 'vitest';
import type { Storage } from '../../src/storage/storage.js';
import { ENGINES, storages } from '../support/postgres.js';

const T0 = Date.parse('2026-03-02T10:00:00Z');
const TTL = 12_000;
const db = storages();
afterEach(() => db.closeAll());

/** Stores a running quiz in `channel` and resolves with its id. */
async function runningQuiz(s: Storage, channel: string): Promise<number> {
  const q = await s.quizzes.create({
    channel,
    starter: { id: 'console:alice', name: 'alice' },
    selection: 'Ch. 4',
    seconds: 20,
    questions: [{ questionId: 'q1', chapter: 4, answer: 0, optionCount: 4 }],
    now: T0,
    firstAt: T0 + 3000,
  });
  return q.state.sessionId;
}

describe.each(ENGINES)('quiz leases on %s', (engine) => {
  it('give a free quiz to the first holder and refuse another while the lease runs; the holder renews it', async () => {
    const s = await db.open(engine);
    const id = await runningQuiz(s, 'console:main');
    expect(await s.quizLeases.acquire(id, 'A', T0, TTL)).toBe(true);
    expect(await s.quizLeases.acquire(id, 'B', T0 + TTL - 1, TTL)).toBe(false);
    expect(await s.quizLeases.acquire(id, 'A', T0 + 5000, TTL)).toBe(true);
    expect(await s.quizLeases.lease(id)).toEqual({ holder: 'A', expiresAt: T0 + 5000 + TTL });
    // Renewed: still A's past its first expiry.
    expect(await s.quizLeases.acquire(id, 'B', T0 + TTL, TTL)).toBe(false);
  });

  it('let another holder take a lease only once it has ended', async () => {
    const s = await db.open(engine);
    const id = await runningQuiz(s, 'console:main');
    await s.quizLeases.acquire(id, 'A', T0, TTL);
    expect(await s.quizLeases.acquire(id, 'B', T0 + TTL, TTL)).toBe(true);
    expect(await s.quizLeases.lease(id)).toEqual({ holder: 'B', expiresAt: T0 + 2 * TTL });
    // The old holder, back from a pause, cannot take it back while B's runs.
    expect(await s.quizLeases.acquire(id, 'A', T0 + TTL + 1, TTL)).toBe(false);
  });

  it('claim renews the holder’s leases, takes free and ended ones on its platforms, and leaves live ones and other platforms alone', async () => {
    const s = await db.open(engine);
    const mine = await runningQuiz(s, 'console:a');
    const free = await runningQuiz(s, 'console:b');
    const ended = await runningQuiz(s, 'console:c');
    const live = await runningQuiz(s, 'console:d');
    const slack = await runningQuiz(s, 'slack:T1:C1');
    await s.quizLeases.acquire(mine, 'A', T0, TTL);
    await s.quizLeases.acquire(ended, 'B', T0, TTL);
    await s.quizLeases.acquire(live, 'C', T0 + 5000, TTL);
    const held = await s.quizLeases.claim('A', ['console'], T0 + TTL, TTL);
    expect(held).toEqual([mine, free, ended]);
    expect(await s.quizLeases.lease(mine)).toEqual({ holder: 'A', expiresAt: T0 + 2 * TTL });
    expect(await s.quizLeases.lease(live)).toEqual({ holder: 'C', expiresAt: T0 + 5000 + TTL });
    expect(await s.quizLeases.lease(slack)).toBeUndefined();
    expect(await s.quizLeases.claim('D', ['slack', 'discord'], T0 + TTL, TTL)).toEqual([slack]);
  });

  it('claim drops the holder’s leases on quizzes that ended and never takes an ended quiz', async () => {
    const s = await db.open(engine);
    const id = await runningQuiz(s, 'console:main');
    await s.quizLeases.acquire(id, 'A', T0, TTL);
    await s.quizzes.finish(id, 'stopped', T0 + 1000);
    expect(await s.quizLeases.claim('A', ['console'], T0 + 2000, TTL)).toEqual([]);
    expect(await s.quizLeases.lease(id)).toBeUndefined();
    expect(await s.quizLeases.claim('B', ['console'], T0 + 2000, TTL)).toEqual([]);
  });

  it('hand leases back, one or all, so another holder takes them at once', async () => {
    const s = await db.open(engine);
    const one = await runningQuiz(s, 'console:a');
    const two = await runningQuiz(s, 'console:b');
    expect(await s.quizLeases.claim('A', ['console'], T0, TTL)).toEqual([one, two]);
    await s.quizLeases.release('B'); // not B's to give: nothing changes
    expect(await s.quizLeases.claim('B', ['console'], T0 + 1, TTL)).toEqual([]);
    await s.quizLeases.release('A', one);
    expect(await s.quizLeases.claim('B', ['console'], T0 + 2, TTL)).toEqual([one]);
    await s.quizLeases.release('A');
    expect(await s.quizLeases.claim('B', ['console'], T0 + 3, TTL)).toEqual([one, two]);
  });
});

describe('quiz leases on PostgreSQL, raced by several processes', () => {
  it('give each of 20 quizzes to exactly one of eight holders acquiring at once from four pools', async () => {
    const first = await db.open('postgres');
    const pools = [first, ...(await Promise.all([1, 2, 3].map(() => db.another(first))))];
    const ids = [];
    for (let i = 0; i < 20; i++) ids.push(await runningQuiz(first, `console:c${i}`));
    const wins = await Promise.all(
      ids.map(async (id) => (await Promise.all(Array.from({ length: 8 }, (_, h) => pools[h % 4]!.quizLeases.acquire(id, `H${h}`, T0 + h, TTL)))).filter(Boolean).length),
    );
    expect(wins).toEqual(ids.map(() => 1));
  });

  it('split 30 free quizzes among four processes claiming at once, each held once; after the leases end, once again', async () => {
    const first = await db.open('postgres');
    const pools = [first, ...(await Promise.all([1, 2, 3].map(() => db.another(first))))];
    const ids = [];
    for (let i = 0; i < 30; i++) ids.push(await runningQuiz(first, `console:c${i}`));
    const round = async (now: number, holders: string[]) => (await Promise.all(holders.map((h, n) => pools[n]!.quizLeases.claim(h, ['console'], now, TTL)))).flat();
    const firstRound = await round(T0, ['A', 'B', 'C', 'D']);
    expect(firstRound.sort((a, b) => a - b)).toEqual(ids);
    // A, B, C and D all died; four new processes find every lease ended and split them again, once each.
    const secondRound = await round(T0 + TTL, ['E', 'F', 'G', 'H']);
    expect(secondRound.sort((a, b) => a - b)).toEqual(ids);
    // While those run, nobody else gets any.
    expect(await pools[0]!.quizLeases.claim('I', ['console'], T0 + TTL + 1, TTL)).toEqual([]);
  });
});
