import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SqliteSlackReceipts, type SlackReceipts } from '../src/slack/slack-receipts.js';
import { openDatabase } from '../src/storage/database.js';

const HOLD = 60 * 60_000;
const T0 = Date.parse('2026-03-02T10:00:00Z');

// The contract every engine must keep; a PostgreSQL implementation joins this list.
const engines: [string, () => SlackReceipts][] = [['SQLite', () => new SqliteSlackReceipts(openDatabase(':memory:'))]];

describe.each(engines)('Slack receipts on %s', (_name, make) => {
  it('lets the first claim of a key win and refuses the same key while it holds', async () => {
    const r = make();
    expect(await r.claim('event:T1:Ev1', T0, HOLD)).toBe(true);
    expect(await r.claim('event:T1:Ev1', T0 + 1000, HOLD)).toBe(false);
    expect(await r.claim('event:T1:Ev1', T0 + HOLD - 1, HOLD)).toBe(false);
    expect(await r.claim('event:T1:Ev2', T0 + 1000, HOLD)).toBe(true);
  });

  it('lets a key be claimed again once its hold has ended', async () => {
    const r = make();
    expect(await r.claim('request:v0=abc', T0, HOLD)).toBe(true);
    expect(await r.claim('request:v0=abc', T0 + HOLD, HOLD)).toBe(true);
    expect(await r.claim('request:v0=abc', T0 + HOLD + 1, HOLD)).toBe(false);
  });
});

describe('Slack receipts in a database file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'receipts-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('remember a claim across a restart and across two processes sharing the file', async () => {
    const path = join(dir, 'bot.db');
    const first = openDatabase(path);
    expect(await new SqliteSlackReceipts(first).claim('event:T1:Ev9', T0, HOLD)).toBe(true);
    const second = openDatabase(path);
    expect(await new SqliteSlackReceipts(second).claim('event:T1:Ev9', T0 + 5000, HOLD)).toBe(false);
    first.close();
    const restarted = openDatabase(path);
    expect(await new SqliteSlackReceipts(restarted).claim('event:T1:Ev9', T0 + 10_000, HOLD)).toBe(false);
    second.close();
    restarted.close();
  });

  it('prunes expired rows so the table does not grow without end', async () => {
    const db = openDatabase(':memory:');
    const r = new SqliteSlackReceipts(db);
    for (let i = 0; i < 50; i++) await r.claim(`event:T1:Old${i}`, T0, HOLD);
    await r.claim('event:T1:New', T0 + 2 * HOLD, HOLD);
    expect(db.prepare('SELECT count(*) FROM slack_receipts').pluck().get()).toBe(1);
  });
});
