import { fileURLToPath } from 'node:url';
import { buildCore, type CoreOptions } from '../../src/bot-core.js';
import { loadLibrary } from '../../src/content/content-loader.js';
import type { Library } from '../../src/content/types.js';
import type { ChatPort } from '../../src/core/chat-port.js';
import type { Reply } from '../../src/core/reply.js';
import type { Storage } from '../../src/storage/storage.js';
import { FakeClock, seededRandom } from './fake-clock.js';
import { RecordingPort } from './recording-port.js';
import { memoryStorage } from './storages.js';

export const FIXTURE_CONTENT = fileURLToPath(new URL('../fixtures/content', import.meta.url));
export const BUNDLED_CONTENT = fileURLToPath(new URL('../../content', import.meta.url));

/**
 * The real core (buildCore, as src/main.ts wires it) with fixture content, SQLite in memory unless a storage is
 * given, a fake clock, a seeded random and a recording console port, so a test reads like a conversation:
 * `await bot.say('alice', '/ask x')`.
 */
export function testBot(contentDir = FIXTURE_CONTENT, library?: Library, o: { storage?: Storage; core?: Partial<CoreOptions>; port?: ChatPort } = {}) {
  const lib = library ?? loadLibrary(contentDir);
  const clock = new FakeClock(Date.now());
  const storage = o.storage ?? memoryStorage();
  const errors: unknown[] = [];
  const port = new RecordingPort('console', clock);
  const core = buildCore({
    storage,
    library: lib,
    clock,
    random: seededRandom(1),
    onCommandError: (err) => errors.push(err),
    onQuizError: (err) => errors.push(err),
    ...o.core,
  });
  core.ports.add(o.port ?? port);
  return {
    core,
    services: core.services,
    router: core.router,
    errors,
    clock,
    storage,
    port,
    say(user: string, text: string, as: { canManage?: boolean } = {}): Promise<Reply> {
      return core.router.handle({ text, speaker: { id: `console:${user}`, name: user, ...as }, channel: 'console:main', platform: 'console' });
    },
    click(user: string, id: string): Promise<Reply> {
      return core.router.click({ id, speaker: { id: `console:${user}`, name: user }, channel: 'console:main', platform: 'console' });
    },
  };
}

/** Slack deliveries remembered in a fresh in-memory database, for adapters built in tests. */
export function memoryReceipts() {
  return memoryStorage().slackReceipts;
}
