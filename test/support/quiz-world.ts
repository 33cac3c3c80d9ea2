import { buttons, commands } from '../../commands/index.js';
import { loadLibrary } from '../../src/content/content-loader.js';
import type { Library } from '../../src/content/types.js';
import { ChatPorts, type ChatPort, type MessageRef } from '../../src/core/chat-port.js';
import { CommandRouter } from '../../src/core/command-router.js';
import type { Platform, Services } from '../../src/core/command.js';
import type { Button, Reply } from '../../src/core/reply.js';
import type { QuizClock } from '../../src/quiz/quiz-clock.js';
import { QuizEngine } from '../../src/quiz/quiz-engine.js';
import { QuizStore } from '../../src/quiz/quiz-store.js';
import { SearchIndex } from '../../src/search/search-index.js';
import { metricsObserver } from '../../src/ops/command-observers.js';
import type { Metrics } from '../../src/ops/metrics.js';
import { openDatabase, type Db } from '../../src/storage/database.js';
import { BUNDLED_CONTENT } from './test-bot.js';

/** Timers on a fake clock: `advance` runs what falls due in order and awaits each, so a test sees the work done. */
export class FakeTimers implements QuizClock {
  private timers: { at: number; seq: number; fn: () => unknown }[] = [];
  private seq = 0;

  constructor(public ms = Date.parse('2026-03-02T10:00:00Z')) {}

  now(): number {
    return this.ms;
  }

  setTimeout(fn: () => unknown, ms: number): unknown {
    const t = { at: this.ms + Math.max(0, ms), seq: ++this.seq, fn };
    this.timers.push(t);
    return t;
  }

  clearTimeout(handle: unknown): void {
    this.timers = this.timers.filter((t) => t !== handle);
  }

  get pending(): number {
    return this.timers.length;
  }

  async advance(ms: number): Promise<void> {
    const target = this.ms + ms;
    for (;;) {
      const due = this.timers.filter((t) => t.at <= target).sort((a, b) => a.at - b.at || a.seq - b.seq)[0];
      if (!due) break;
      this.timers = this.timers.filter((t) => t !== due);
      this.ms = Math.max(this.ms, due.at);
      await due.fn();
    }
    this.ms = target;
  }
}

export interface Post {
  ref: MessageRef;
  reply: Reply;
  at: number;
}

/** A chat port that records posts and edits with the fake clock's time. */
export class RecordingQuizPort implements ChatPort {
  readonly posts: Post[] = [];
  readonly updates: Post[] = [];
  private counter = 0;

  constructor(
    readonly platform: Platform,
    private readonly clock: QuizClock,
  ) {}

  async post(channel: string, reply: Reply): Promise<MessageRef> {
    const ref = { platform: this.platform, channel, id: `m${++this.counter}` };
    this.posts.push({ ref, reply, at: this.clock.now() });
    return ref;
  }

  async update(ref: MessageRef, reply: Reply): Promise<void> {
    this.updates.push({ ref, reply, at: this.clock.now() });
  }

  /** Posts whose data has the key (`question`, `revealed`, `finished`). */
  having(key: string): Post[] {
    return this.posts.filter((p) => p.reply.data && key in p.reply.data);
  }
}

let cachedLibrary: Library | undefined;
export function bundledLibrary(): Library {
  return (cachedLibrary ??= loadLibrary(BUNDLED_CONTENT));
}

export const CHANNEL = 'console:main';

/** The real quiz engine, store, commands and router over a SQLite database, a fake clock and a recording port. */
export function quizWorld(
  opts: {
    db?: Db;
    dbPath?: string;
    clock?: FakeTimers;
    library?: Library;
    seed?: number;
    port?: ChatPort;
    /** Wraps the real store, e.g. to make its next write fail (see faulty-store.ts). */
    store?: (real: QuizStore) => QuizStore;
    /** Counted by the engine and, through the production observer, by the router. */
    metrics?: Metrics;
  } = {},
) {
  const library = opts.library ?? bundledLibrary();
  const clock = opts.clock ?? new FakeTimers();
  const db = opts.db ?? openDatabase(opts.dbPath ?? ':memory:');
  const port = new RecordingQuizPort('console', clock);
  const ports = new ChatPorts();
  ports.add(opts.port ?? port);
  let seed = opts.seed ?? 7;
  const random = () => ((seed = (seed * 16807) % 2147483647) - 1) / 2147483646;
  const search = new SearchIndex(library);
  const errors: unknown[] = [];
  const real = new QuizStore(db);
  const store = opts.store?.(real) ?? real;
  const metrics = opts.metrics ? { metrics: opts.metrics } : {};
  const engine = new QuizEngine({ store, ports, library, search, random, clock, onError: (err) => errors.push(err), ...metrics });
  const services: Services = { library, search, commands, random, now: () => new Date(clock.now()), quiz: engine, ...metrics };
  const router = new CommandRouter(services, (err) => errors.push(err), buttons, opts.metrics ? metricsObserver(opts.metrics) : undefined);
  const who = (user: string, canManage = false) => ({ speaker: { id: `console:${user}`, name: user, canManage }, channel: CHANNEL, platform: 'console' as const });
  return {
    library,
    clock,
    db,
    port,
    store,
    engine,
    errors,
    router,
    /** Add a platform adapter here to run the quiz through it. */
    ports,
    services,
    say: (user: string, text: string, as: { canManage?: boolean } = {}) => router.handle({ text, ...who(user, as.canManage) }),
    click: (user: string, id: string) => router.click({ id, ...who(user) }),
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
