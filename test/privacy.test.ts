import { afterEach, describe, expect, it } from 'vitest';
import { loadLibrary } from '../src/content/content-loader.js';
import type { Reply } from '../src/core/reply.js';
import type { PostgresDatabase } from '../src/storage/postgres-database.js';
import type { Db } from '../src/storage/sqlite-database.js';
import { ENGINES, storages, type TestStorage } from './support/postgres.js';
import { BUNDLED_CONTENT, testBot } from './support/test-bot.js';

const db = storages();
afterEach(() => db.closeAll());
const lib = loadLibrary(BUNDLED_CONTENT);

/** Every row of every table of the database, as JSON text per table: the table list is read from the database itself. */
async function everyRow(s: TestStorage): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  if (s.engine === 'sqlite') {
    const lite = s.db as Db;
    const tables = lite.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").pluck().all() as string[];
    for (const t of tables) out.set(t, lite.prepare(`SELECT * FROM "${t}"`).all().map((r) => JSON.stringify(r)));
  } else {
    const pg = s.db as PostgresDatabase;
    const tables = await pg.sql.rows<{ table_name: string }>("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'");
    for (const { table_name: t } of tables) out.set(t, (await pg.sql.rows(`SELECT * FROM "${t}"`)).map((r) => JSON.stringify(r)));
  }
  return out;
}

const holding = (rows: Map<string, string[]>, id: string) => [...rows].flatMap(([t, rs]) => rs.filter((r) => r.includes(`"${id}"`)).map((r) => `${t}: ${r}`));
const text = (r: Reply) => JSON.stringify(r.blocks);

describe.each(ENGINES)('/privacy on %s', (engine) => {
  it('says what is stored about a person, and /privacy delete (confirmed by a button) leaves no row with their id in any table', async () => {
    const storage = await db.open(engine);
    const bot = testBot(BUNDLED_CONTENT, lib, { storage, core: { quiz: { leadInMs: 1000, pauseMs: 1000 } } });
    bot.clock.set('2026-03-02T09:00:00Z');
    // Alice sets up the daily concept, starts and plays a quiz with bob, answers a daily check, reviews, sets a reminder.
    await bot.say('alice', '/daily on 09:00 UTC', { canManage: true });
    // The console has no workspace for /settings: alice's change to a Slack workspace's settings goes in directly.
    await storage.workspaces.saveSettings('slack:T1', { dailyTime: 510 }, 'console:alice', bot.clock.now());
    await bot.say('alice', '/quiz start ch4 2 10');
    for (let q = 0; q < 2; q++) {
      await bot.clock.advance(1000);
      const post = bot.port.having('question').at(-1)!;
      const buttons = post.reply.blocks.flatMap((b) => (b.type === 'buttons' ? b.buttons : []));
      await bot.click('alice', buttons[0]!.id);
      await bot.click('bob', buttons[1]!.id);
      await bot.clock.advance(10_000);
    }
    await bot.clock.advance(5000);
    expect(bot.port.having('finished')).toHaveLength(1);
    const daily = await bot.say('alice', '/daily now');
    const check = daily.blocks.flatMap((b) => (b.type === 'buttons' ? b.buttons : []))[0]!;
    await bot.click('alice', check.id);
    await bot.click('bob', check.id);
    const card = await bot.say('alice', '/review');
    await bot.click('alice', card.blocks.flatMap((b) => (b.type === 'buttons' ? b.buttons : []))[0]!.id);
    await bot.say('alice', '/review remind 08:30 Europe/Berlin');
    await bot.core.reminders.tick(Date.parse('2026-03-03T07:30:00Z'));
    const board = await bot.say('bob', '/leaderboard');
    expect(text(board)).toContain('alice');

    const before = holding(await everyRow(storage), 'console:alice');
    expect(new Set(before.map((r) => r.split(':')[0]))).toEqual(
      new Set(['daily_schedules', 'quiz_sessions', 'quiz_answers', 'quiz_results', 'daily_check_answers', 'review_cards', 'review_log', 'review_reminders', 'review_reminder_sends', 'workspace_settings']),
    );
    const shown = await bot.say('alice', '/privacy');
    expect(shown.visibility).toBe('private');
    expect(text(shown)).toMatch(/2 quiz answers.*results in 1 quiz.*1 quiz you started.*answer to daily quick checks.*review card.*review reminder setting/);

    const confirm = await bot.say('alice', '/privacy delete');
    expect(text(confirm)).toContain('cannot be undone');
    expect(holding(await everyRow(storage), 'console:alice')).toEqual(before); // nothing is erased before the click
    expect(text(await bot.click('alice', 'privacy:keep'))).toContain('Nothing was deleted');
    const erased = await bot.click('alice', 'privacy:erase');
    expect(text(erased)).toContain('erased');
    expect(erased.data?.erased).toMatchObject({ quizAnswers: 2, quizResults: 1, quizzesStarted: 1, dailyCheckAnswers: 1, scheduleChanges: 1, settingsChanges: 1, reminders: 1, reminderDays: 1 });

    expect(holding(await everyRow(storage), 'console:alice')).toEqual([]);
    // Bob keeps everything of his; the leaderboard is recounted without alice.
    expect(holding(await everyRow(storage), 'console:bob').length).toBeGreaterThan(0);
    const after = await bot.say('bob', '/leaderboard');
    expect(text(after)).not.toContain('alice');
    expect(text(after)).toContain('bob');
    expect(text(await bot.say('alice', '/privacy'))).toContain('Nothing: no answers');
    expect(bot.errors).toEqual([]);
  });
});
