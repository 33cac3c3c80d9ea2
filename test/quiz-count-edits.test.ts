import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { Storage } from '../src/storage/storage.js';
import { ENGINES, storages } from './support/postgres.js';
import { FakeClock, quizWorld } from './support/quiz-world.js';
import { fileStorage } from './support/storages.js';

const dir = mkdtempSync(join(tmpdir(), 'quiz-count-edits-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const db = storages();
afterEach(() => db.closeAll());

describe.each(ENGINES)('answer counts with three bot processes on one %s database', (engine) => {
  it('are edited into the question at most once a second in all, and the last edit shows every answer', async () => {
    const first: Storage = engine === 'postgres' ? await db.open('postgres') : fileStorage(join(dir, `${Date.now()}.db`));
    const more = engine === 'postgres' ? await Promise.all([db.another(first), db.another(first)]) : [fileStorage(first.location), fileStorage(first.location)];
    const clock = new FakeClock();
    const worlds = [first, ...more].map((storage) => quizWorld({ storage, clock }));
    await worlds[0]!.say('alice', '/quiz start ch4 1 20');
    await clock.advance(3000);
    const q = worlds[0]!.lastQuestion();
    // Sixty people click over six seconds, each click reaching the next process in turn (a round-robin balancer).
    for (let n = 0; n < 60; n++) {
      await worlds[n % 3]!.click(`p${n}`, q.buttons[n % q.buttons.length]!.id);
      await clock.advance(100);
    }
    await clock.advance(2000);
    const edits = worlds
      .flatMap((w) => w.port.updates)
      .filter((u) => u.ref.id === q.post.ref.id && u.reply.data?.open)
      .sort((a, b) => a.at - b.at);
    expect(edits.length).toBeGreaterThanOrEqual(5);
    // Edits from more than one process, yet never two within a second (nor within a second of the post).
    expect(new Set(worlds.filter((w) => w.port.updates.length > 0))).not.toEqual(new Set([worlds[0]]));
    expect(edits[0]!.at - q.post.at).toBeGreaterThanOrEqual(1000);
    for (let i = 1; i < edits.length; i++) expect(edits[i]!.at - edits[i - 1]!.at).toBeGreaterThanOrEqual(1000);
    expect(edits.at(-1)!.reply.data!.answered).toBe(60);
    await Promise.all(worlds.map((w) => w.engine.shutdown()));
    if (engine === 'sqlite') await Promise.all([first, ...more].map((s) => s.close()));
  });
});
