import { fileURLToPath } from 'node:url';
import { buttons, commands } from '../../commands/index.js';
import { loadLibrary } from '../../src/content/content-loader.js';
import type { Library } from '../../src/content/types.js';
import { CommandRouter } from '../../src/core/command-router.js';
import type { Services } from '../../src/core/command.js';
import type { Reply } from '../../src/core/reply.js';
import { SearchIndex } from '../../src/search/search-index.js';
import { DailyDesk } from '../../src/daily/daily-desk.js';
import { SqliteSlackReceipts } from '../../src/slack/slack-receipts.js';
import { openDatabase } from '../../src/storage/database.js';

export const FIXTURE_CONTENT = fileURLToPath(new URL('../fixtures/content', import.meta.url));
export const BUNDLED_CONTENT = fileURLToPath(new URL('../../content', import.meta.url));

/** The real core wired with fixture content, so a test reads like a conversation: `await bot.say('alice', '/ask x')`. */
export function testBot(contentDir = FIXTURE_CONTENT, library?: Library) {
  const lib = library ?? loadLibrary(contentDir);
  let seed = 1;
  // A fake clock: tests move it with `bot.clock.set(...)` / `.advance(ms)` instead of sleeping.
  const clock = { ms: Date.now(), set(iso: string) { this.ms = Date.parse(iso); }, advance(ms: number) { this.ms += ms; } };
  const db = openDatabase(':memory:');
  const services: Services = {
    library: lib,
    search: new SearchIndex(lib),
    commands,
    // A small deterministic generator: tests repeat exactly.
    random: () => ((seed = (seed * 16807) % 2147483647) - 1) / 2147483646,
    now: () => new Date(clock.ms),
    daily: new DailyDesk(db, { time: '09:00', timezone: 'UTC' }),
  };
  const errors: unknown[] = [];
  const router = new CommandRouter(services, (err) => errors.push(err), buttons);
  return {
    services,
    errors,
    clock,
    db,
    say(user: string, text: string, as: { canManage?: boolean } = {}): Promise<Reply> {
      return router.handle({ text, speaker: { id: `console:${user}`, name: user, ...as }, channel: 'console:main', platform: 'console' });
    },
    click(user: string, id: string): Promise<Reply> {
      return router.click({ id, speaker: { id: `console:${user}`, name: user }, channel: 'console:main', platform: 'console' });
    },
  };
}

/** Slack deliveries remembered in a fresh in-memory database, for adapters built in tests. */
export function memoryReceipts(): SqliteSlackReceipts {
  return new SqliteSlackReceipts(openDatabase(':memory:'));
}
