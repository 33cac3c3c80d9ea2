import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { ENGINES, storages } from '../support/postgres.js';
import { fileStorage, memoryStorage } from '../support/storages.js';

const HOLD = 60 * 60_000;
const T0 = Date.parse('2026-03-02T10:00:00Z');
const db = storages();
afterEach(() => db.closeAll());

describe.each(ENGINES)('Slack receipts on %s', (engine) => {
  it('lets the first claim of a key win and refuses the same key while it holds', async () => {
    const r = (await db.open(engine)).slackReceipts;
    expect(await r.claim('event:T1:Ev1', T0, HOLD)).toBe(true);
    expect(await r.claim('event:T1:Ev1', T0 + 1000, HOLD)).toBe(false);
    expect(await r.claim('event:T1:Ev1', T0 + HOLD - 1, HOLD)).toBe(false);
    expect(await r.claim('event:T1:Ev2', T0 + 1000, HOLD)).toBe(true);
  });

  it('lets a key be claimed again once its hold has ended', async () => {
    const r = (await db.open(engine)).slackReceipts;
    expect(await r.claim('request:v0=abc', T0, HOLD)).toBe(true);
    expect(await r.claim('request:v0=abc', T0 + HOLD, HOLD)).toBe(true);
    expect(await r.claim('request:v0=abc', T0 + HOLD + 1, HOLD)).toBe(false);
  });
});

describe('Slack receipts on PostgreSQL, claimed by several processes at once', () => {
  it('let exactly one of twelve concurrent claims of a key win, for each of 20 keys', async () => {
    const first = await db.open('postgres');
    const processes = [first, ...(await Promise.all([1, 2, 3].map(() => db.another(first))))];
    const keys = Array.from({ length: 20 }, (_, i) => `event:T1:Ev${i}`);
    const wins = await Promise.all(keys.map(async (key) => (await Promise.all(Array.from({ length: 12 }, (_, n) => processes[n % 4]!.slackReceipts.claim(key, T0 + n, HOLD)))).filter(Boolean).length));
    expect(wins).toEqual(keys.map(() => 1));
  });
});

describe('Slack receipts in a SQLite file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'receipts-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('remember a claim across a restart and across two processes sharing the file', async () => {
    const path = join(dir, 'bot.db');
    const first = fileStorage(path);
    expect(await first.slackReceipts.claim('event:T1:Ev9', T0, HOLD)).toBe(true);
    const second = fileStorage(path);
    expect(await second.slackReceipts.claim('event:T1:Ev9', T0 + 5000, HOLD)).toBe(false);
    await first.close();
    const restarted = fileStorage(path);
    expect(await restarted.slackReceipts.claim('event:T1:Ev9', T0 + 10_000, HOLD)).toBe(false);
    await second.close();
    await restarted.close();
  });

  it('prunes expired rows so the table does not grow without end', async () => {
    const s = memoryStorage();
    for (let i = 0; i < 50; i++) await s.slackReceipts.claim(`event:T1:Old${i}`, T0, HOLD);
    await s.slackReceipts.claim('event:T1:New', T0 + 2 * HOLD, HOLD);
    expect(s.db.prepare('SELECT count(*) FROM slack_receipts').pluck().get()).toBe(1);
  });
});
