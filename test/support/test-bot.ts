import { fileURLToPath } from 'node:url';
import { commands } from '../../commands/index.js';
import { loadLibrary } from '../../src/content/content-loader.js';
import type { Library } from '../../src/content/types.js';
import { CommandRouter } from '../../src/core/command-router.js';
import type { Services } from '../../src/core/command.js';
import type { Reply } from '../../src/core/reply.js';
import { SearchIndex } from '../../src/search/search-index.js';

export const FIXTURE_CONTENT = fileURLToPath(new URL('../fixtures/content', import.meta.url));
export const BUNDLED_CONTENT = fileURLToPath(new URL('../../content', import.meta.url));

/** The real core wired with fixture content, so a test reads like a conversation: `await bot.say('alice', '/ask x')`. */
export function testBot(contentDir = FIXTURE_CONTENT, library?: Library) {
  const lib = library ?? loadLibrary(contentDir);
  let seed = 1;
  const services: Services = {
    library: lib,
    search: new SearchIndex(lib),
    commands,
    // A small deterministic generator: tests repeat exactly.
    random: () => ((seed = (seed * 16807) % 2147483647) - 1) / 2147483646,
    now: () => new Date(),
  };
  const errors: unknown[] = [];
  const router = new CommandRouter(services, (err) => errors.push(err));
  return {
    services,
    errors,
    say(user: string, text: string): Promise<Reply> {
      return router.handle({ text, speaker: { id: `console:${user}`, name: user }, channel: 'console:main', platform: 'console' });
    },
  };
}
