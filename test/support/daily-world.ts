import { buildCore } from '../../src/bot-core.js';
import type { Library } from '../../src/content/types.js';
import type { Platform } from '../../src/core/command.js';
import type { Logger } from '../../src/core/logger.js';
import type { SendHooks } from '../../src/daily/daily-scheduler.js';
import type { DeliveryLog } from '../../src/daily/delivery-log.js';
import { PostPacer } from '../../src/daily/post-pacer.js';
import type { Metrics } from '../../src/ops/metrics.js';
import type { Storage } from '../../src/storage/storage.js';
import { FakeClock } from './fake-clock.js';
import { RecordingPort } from './recording-port.js';

export { RecordingPort } from './recording-port.js';
export { FakeClock } from './fake-clock.js';

/** A fake clock standing at an ISO time. */
export function fakeClock(iso: string): FakeClock {
  return FakeClock.at(iso);
}

/** The real core's daily scheduler (buildCore) over `storage`, with a fake clock and a recording port; pacing waits are instant. */
export function dailyWorld(opts: {
  storage: Storage;
  library: Library;
  clock: FakeClock;
  graceMinutes?: number;
  leaseMs?: number;
  hooks?: SendHooks;
  platform?: Platform;
  /** Wraps the real delivery log (see faulty-store.ts). */
  deliveries?: (real: DeliveryLog) => DeliveryLog;
  metrics?: Metrics;
  log?: Logger;
}) {
  const port = new RecordingPort(opts.platform ?? 'console', opts.clock);
  const core = buildCore({
    storage: opts.storage,
    library: opts.library,
    clock: opts.clock,
    ...(opts.metrics ? { metrics: opts.metrics } : {}),
    ...(opts.log ? { log: opts.log } : {}),
    daily: {
      graceMinutes: opts.graceMinutes ?? 120,
      pacer: new PostPacer(() => opts.clock.ms, async () => {}),
      ...(opts.leaseMs !== undefined ? { leaseMs: opts.leaseMs } : {}),
      ...(opts.hooks ? { hooks: opts.hooks } : {}),
    },
    ...(opts.deliveries ? { wrap: { deliveries: opts.deliveries } } : {}),
  });
  core.ports.add(port);
  return { port, scheduler: core.daily, core };
}

/** The local date and HH:MM of an instant, straight from Intl (independent of the code under test). */
export function wallClock(ms: number, timezone: string): { date: string; time: string } {
  const s = new Date(ms).toLocaleString('sv-SE', { timeZone: timezone, hourCycle: 'h23' });
  const [date = '', time = ''] = s.split(' ');
  return { date, time: time.slice(0, 5) };
}

export const MINUTE = 60_000;
export const DAY = 86_400_000;
