import type { Library } from '../../src/content/types.js';
import { ChatPorts, type ChatPort, type MessageRef } from '../../src/core/chat-port.js';
import type { Platform } from '../../src/core/command.js';
import type { Reply } from '../../src/core/reply.js';
import type { Logger } from '../../src/core/logger.js';
import { DailyScheduler, type SendHooks } from '../../src/daily/daily-scheduler.js';
import type { DailyStore } from '../../src/daily/daily-store.js';
import type { DeliveryLog } from '../../src/daily/delivery-log.js';
import type { Metrics } from '../../src/ops/metrics.js';
import { PostPacer } from '../../src/daily/post-pacer.js';
import type { Db } from '../../src/storage/database.js';

export interface RecordedPost {
  channel: string;
  at: number;
  reply: Reply;
}

/** A chat port that records posts; `failWith` makes the next posts throw, as a platform would. */
export class RecordingPort implements ChatPort {
  readonly posts: RecordedPost[] = [];
  failWith: ((channel: string) => Error | undefined) | undefined;
  private counter = 0;

  constructor(
    readonly platform: Platform,
    private readonly clock: { ms: number },
  ) {}

  async post(channel: string, reply: Reply): Promise<MessageRef> {
    const err = this.failWith?.(channel);
    if (err) throw err;
    this.posts.push({ channel, at: this.clock.ms, reply });
    return { platform: this.platform, channel, id: String(++this.counter) };
  }

  async update(): Promise<void> {}
}

export function fakeClock(iso: string) {
  return {
    ms: Date.parse(iso),
    set(to: string) {
      this.ms = Date.parse(to);
    },
    advance(ms: number) {
      this.ms += ms;
    },
  };
}

/** A scheduler over `db` with a fake clock and a recording console port; the pacer's waits are instant. */
export function dailyWorld(opts: {
  db: Db;
  library: Library;
  clock: { ms: number };
  graceMinutes?: number;
  leaseMs?: number;
  hooks?: SendHooks;
  platform?: Platform;
  /** Real stores, possibly wrapped (see faulty-store.ts). */
  store?: DailyStore;
  deliveries?: DeliveryLog;
  metrics?: Metrics;
  log?: Logger;
}) {
  const port = new RecordingPort(opts.platform ?? 'console', opts.clock);
  const ports = new ChatPorts();
  ports.add(port);
  const scheduler = new DailyScheduler({
    db: opts.db,
    library: opts.library,
    ports,
    now: () => new Date(opts.clock.ms),
    graceMinutes: opts.graceMinutes ?? 120,
    pacer: new PostPacer(() => opts.clock.ms, async () => {}),
    ...(opts.leaseMs !== undefined ? { leaseMs: opts.leaseMs } : {}),
    ...(opts.hooks ? { hooks: opts.hooks } : {}),
    ...(opts.store ? { store: opts.store } : {}),
    ...(opts.deliveries ? { deliveries: opts.deliveries } : {}),
    ...(opts.metrics ? { metrics: opts.metrics } : {}),
    ...(opts.log ? { log: opts.log } : {}),
  });
  return { port, scheduler };
}

/** The local date and HH:MM of an instant, straight from Intl (independent of the code under test). */
export function wallClock(ms: number, timezone: string): { date: string; time: string } {
  const s = new Date(ms).toLocaleString('sv-SE', { timeZone: timezone, hourCycle: 'h23' });
  const [date = '', time = ''] = s.split(' ');
  return { date, time: time.slice(0, 5) };
}

export const MINUTE = 60_000;
export const DAY = 86_400_000;
