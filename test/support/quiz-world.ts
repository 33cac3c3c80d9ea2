import { buildCore } from '../../src/bot-core.js';
import { loadLibrary } from '../../src/content/content-loader.js';
import type { Library } from '../../src/content/types.js';
import type { ChatPort } from '../../src/core/chat-port.js';
import type { Button, Reply } from '../../src/core/reply.js';
import { metricsObserver } from '../../src/ops/command-observers.js';
import type { Metrics } from '../../src/ops/metrics.js';
import type { QuizStore } from '../../src/quiz/quiz-store.js';
import type { Db } from '../../src/storage/sqlite-database.js';
import type { Storage } from '../../src/storage/storage.js';
import { FakeClock, seededRandom } from './fake-clock.js';
import { RecordingPort, type Post } from './recording-port.js';
import { fileStorage, memoryStorage } from './storages.js';
import { BUNDLED_CONTENT } from './test-bot.js';

export { FakeClock, FakeClock as FakeTimers } from './fake-clock.js';
export type { Post } from './recording-port.js';

let cachedLibrary: Library | undefined;
export function bundledLibrary(): Library {
  return (cachedLibrary ??= loadLibrary(BUNDLED_CONTENT));
}

export const CHANNEL = 'console:main';

/** The real core (buildCore) over a storage (SQLite in memory by default), a fake clock and a recording console port. */
export function quizWorld(
  opts: {
    storage?: Storage;
    /** A SQLite file instead of memory: several worlds on one path are several processes on one database. */
    dbPath?: string;
    clock?: FakeClock;
    library?: Library;
    seed?: number;
    port?: ChatPort;
    /** Wraps the real store, e.g. to make its next write fail (see faulty-store.ts). */
    store?: (real: QuizStore) => QuizStore;
    /** Counted by the engine and, through the production observer, by the router. */
    metrics?: Metrics;
    /** The quiz lease holder id (REPLICA_ID); default a new random one, as an unnamed replica gets. */
    holder?: string;
  } = {},
) {
  const library = opts.library ?? bundledLibrary();
  const clock = opts.clock ?? new FakeClock();
  const storage = opts.storage ?? (opts.dbPath ? fileStorage(opts.dbPath) : memoryStorage());
  const port = new RecordingPort('console', clock);
  const errors: unknown[] = [];
  let store: QuizStore = storage.quizzes;
  const core = buildCore({
    storage,
    library,
    clock,
    random: seededRandom(opts.seed ?? 7),
    onCommandError: (err) => errors.push(err),
    onQuizError: (err) => errors.push(err),
    ...(opts.metrics ? { metrics: opts.metrics, observer: metricsObserver(opts.metrics) } : {}),
    wrap: { quizzes: (real) => (store = opts.store?.(real) ?? real) },
    ...(opts.holder ? { quiz: { holder: opts.holder } } : {}),
  });
  core.ports.add(opts.port ?? port);
  const who = (user: string, canManage = false) => ({ speaker: { id: `console:${user}`, name: user, canManage }, channel: CHANNEL, platform: 'console' as const });
  return {
    library,
    clock,
    storage,
    /** The SQLite handle, for a test that counts rows (undefined on PostgreSQL). */
    db: (storage.engine === 'sqlite' ? (storage as Partial<{ db: Db }>).db : undefined) as Db,
    port,
    store,
    engine: core.quiz,
    errors,
    router: core.router,
    /** Add a platform adapter here to run the quiz through it. */
    ports: core.ports,
    services: core.services,
    say: (user: string, text: string, as: { canManage?: boolean } = {}) => core.router.handle({ text, ...who(user, as.canManage) }),
    click: (user: string, id: string) => core.router.click({ id, ...who(user) }),
    /** The latest question post and its buttons. */
    lastQuestion(): { post: Post; buttons: Button[]; right: number } {
      const post = port.having('question').at(-1);
      if (!post) throw new Error('no question has been posted');
      const buttons = post.reply.blocks.flatMap((b) => (b.type === 'buttons' ? b.buttons : []));
      const q = library.questions.find((x) => x.id === post.reply.data!.questionId);
      return { post, buttons, right: q!.answer };
    },
  };
}

/** A reply's text, for asserting what a person reads. */
export function textOf(r: Reply): string {
  return r.blocks.map((b) => ('text' in b ? b.text : b.type === 'list' ? b.items.join('\n') : '')).join('\n');
}
