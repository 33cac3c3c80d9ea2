import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_LEASE_TICK_MS, DEFAULT_LEASE_TTL_MS } from '../src/quiz/quiz-engine.js';
import { ENGINES, storages, type Engine } from './support/postgres.js';
import { FakeClock, quizWorld, textOf } from './support/quiz-world.js';
import { fileStorage } from './support/storages.js';

const dir = mkdtempSync(join(tmpdir(), 'quiz-takeover-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const db = storages();
afterEach(() => db.closeAll());
let files = 0;

/**
 * Two bot processes on one database, each with its own clock (a process's timers die with it) and its own
 * recording port. `run(ms)` moves the live ones forward together in small steps; a killed one is simply never
 * moved again, as after SIGKILL: no shutdown, no lease handed back.
 */
async function twoProcesses(engine: Engine) {
  const first = engine === 'postgres' ? await db.open('postgres') : fileStorage(join(dir, `bot-${++files}.db`));
  const second = engine === 'postgres' ? await db.another(first) : fileStorage(first.location);
  if (engine === 'sqlite') afterAll(() => Promise.all([first.close(), second.close()]));
  const a = quizWorld({ storage: first, clock: new FakeClock() });
  const b = quizWorld({ storage: second, clock: new FakeClock() });
  a.engine.watch();
  b.engine.watch();
  const live = new Set([a, b]);
  return {
    a,
    b,
    async run(ms: number) {
      for (let done = 0; done < ms; done += 250) for (const w of live) await w.clock.advance(Math.min(250, ms - done));
    },
    kill(w: typeof a) {
      live.delete(w);
    },
    /** A paused process wakes: its clock jumps to the time the others have reached; its overdue timers then run. */
    wake(w: typeof a) {
      w.clock.ms = Math.max(...[...live].map((x) => x.clock.now()));
      live.add(w);
    },
    reveals: () => [...a.port.having('revealed'), ...b.port.having('revealed')],
    finals: () => [...a.port.having('finished'), ...b.port.having('finished')],
  };
}

describe.each(ENGINES)('quiz timers held by a lease on %s', (engine) => {
  it('run on the process that started the quiz while it lives: the other one reveals nothing', async () => {
    const p = await twoProcesses(engine);
    await p.a.say('alice', '/quiz start ch4 2 20');
    await p.run(3000);
    await p.b.click('bob', p.a.lastQuestion().buttons[0]!.id);
    await p.run(60_000);
    expect(p.a.port.having('revealed')).toHaveLength(2);
    expect(p.a.port.having('finished')).toHaveLength(1);
    expect(p.b.port.posts).toHaveLength(0);
    await Promise.all([p.a.engine.shutdown(), p.b.engine.shutdown()]);
  });

  it('move to the other process when the holder is killed mid-question, which reveals at the original deadline, once', async () => {
    const p = await twoProcesses(engine);
    await p.a.say('alice', '/quiz start ch4 2 20');
    await p.run(3000);
    const q1 = p.a.lastQuestion();
    const deadline = q1.post.at + 20_000;
    expect(textOf(await p.b.click('bob', q1.buttons[q1.right]!.id))).toMatch(/^Got it/);
    await p.run(5000);
    p.kill(p.a);
    const killedAt = p.b.clock.now();

    await p.run(deadline - p.b.clock.now() - 1);
    expect(p.reveals()).toHaveLength(0);
    // Taken over well before the deadline: the question was shown again, with the same buttons, by B.
    const reshown = p.b.port.updates.find((u) => u.ref.id === q1.post.ref.id)!;
    expect(reshown.at - killedAt).toBeLessThanOrEqual(15_000);
    await p.run(1);
    expect(p.b.port.having('revealed').map((r) => r.at)).toEqual([deadline]);
    expect((p.b.port.having('revealed')[0]!.reply.data!.results as { user: string }[]).map((r) => r.user)).toEqual(['console:bob']);
    await p.run(40_000);
    expect(p.reveals()).toHaveLength(2);
    expect(p.finals()).toHaveLength(1);
    expect(p.a.port.having('revealed')).toHaveLength(0);
    await p.b.engine.shutdown();
  });

  it('reveal at once when the holder died so close to the deadline that the lease outlived it, within 15 s of the death', async () => {
    const p = await twoProcesses(engine);
    await p.a.say('alice', '/quiz start ch4 1 10');
    await p.run(3000);
    const deadline = p.a.lastQuestion().post.at + 10_000;
    await p.run(8000);
    p.kill(p.a);
    const killedAt = p.b.clock.now();
    await p.run(15_000);
    const [reveal] = p.b.port.having('revealed');
    expect(reveal!.at).toBeGreaterThan(deadline);
    expect(reveal!.at - killedAt).toBeLessThanOrEqual(DEFAULT_LEASE_TTL_MS + DEFAULT_LEASE_TICK_MS);
    expect(p.reveals()).toHaveLength(1);
    expect(p.finals()).toHaveLength(1);
    await p.b.engine.shutdown();
  });

  it('hand over at once on a graceful shutdown: the other process times the quiz from its next tick', async () => {
    const p = await twoProcesses(engine);
    await p.a.say('alice', '/quiz start ch4 2 30');
    await p.run(3000);
    const q1 = p.a.lastQuestion();
    await p.a.engine.shutdown();
    p.kill(p.a);
    const stoppedAt = p.b.clock.now();
    await p.run(DEFAULT_LEASE_TICK_MS);
    const reshown = p.b.port.updates.find((u) => u.ref.id === q1.post.ref.id)!;
    expect(reshown.at - stoppedAt).toBeLessThanOrEqual(DEFAULT_LEASE_TICK_MS);
    expect((await p.b.storage.quizLeases.lease(q1.post.reply.data!.quiz as number))?.holder).toBeDefined();
    await p.run(70_000);
    expect(p.b.port.having('revealed').map((r) => r.at)).toEqual([q1.post.at + 30_000, expect.any(Number)]);
    expect(p.finals()).toHaveLength(1);
    await p.b.engine.shutdown();
  });

  it('give a process restarted under the same holder id (REPLICA_ID) its quiz back at once, before the lease ends', async () => {
    const first = engine === 'postgres' ? await db.open('postgres') : fileStorage(join(dir, `bot-${++files}.db`));
    const [second, third] = engine === 'postgres' ? await Promise.all([db.another(first), db.another(first)]) : [fileStorage(first.location), fileStorage(first.location)];
    if (engine === 'sqlite') afterAll(() => Promise.all([first.close(), second.close(), third.close()]));
    const a = quizWorld({ storage: first, clock: new FakeClock(), holder: 'bot-1' });
    const b = quizWorld({ storage: second, clock: new FakeClock(), holder: 'bot-2' });
    a.engine.watch();
    b.engine.watch();
    await a.say('alice', '/quiz start ch4 1 30');
    for (let t = 0; t < 5000; t += 250) await Promise.all([a.clock.advance(250), b.clock.advance(250)]);
    const q = a.lastQuestion();
    const killedAt = b.clock.now(); // A is never moved again: SIGKILL

    // A restarts as bot-1 a second later; B keeps ticking throughout.
    await b.clock.advance(1000);
    const again = quizWorld({ storage: third, clock: new FakeClock(), holder: 'bot-1' });
    again.clock.ms = b.clock.now();
    await again.engine.resume();
    again.engine.watch();
    const reshown = again.port.updates.find((u) => u.ref.id === q.post.ref.id)!;
    expect(reshown.at - killedAt).toBe(1000);
    expect((await third.quizLeases.lease(q.post.reply.data!.quiz as number))?.holder).toBe('bot-1');

    for (let t = 0; t < 40_000; t += 250) await Promise.all([again.clock.advance(250), b.clock.advance(250)]);
    expect(again.port.having('revealed').map((r) => r.at)).toEqual([q.post.at + 30_000]);
    expect(again.port.having('finished')).toHaveLength(1);
    expect(b.port.posts).toHaveLength(0);
    expect(b.port.updates).toHaveLength(0);
    await Promise.all([again.engine.shutdown(), b.engine.shutdown()]);
  });

  it('let a holder that was paused past its lease give the quiz up when it wakes: one reveal, from the new holder', async () => {
    const p = await twoProcesses(engine);
    await p.a.say('alice', '/quiz start ch4 1 30');
    await p.run(3000);
    p.kill(p.a); // paused, not dead: its timers are still set
    await p.run(DEFAULT_LEASE_TTL_MS + DEFAULT_LEASE_TICK_MS);
    // A wakes: its overdue lease tick runs first and finds the lease B's now, so A drops its timer for the quiz.
    p.wake(p.a);
    await p.run(60_000);
    expect(p.a.port.having('revealed')).toHaveLength(0);
    expect(p.b.port.having('revealed')).toHaveLength(1);
    expect(p.finals()).toHaveLength(1);
    await Promise.all([p.a.engine.shutdown(), p.b.engine.shutdown()]);
  });
});
