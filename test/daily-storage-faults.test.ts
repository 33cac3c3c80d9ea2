import { afterEach, describe, expect, it } from 'vitest';
import { loadLibrary } from '../src/content/content-loader.js';
import { PermanentPostError } from '../src/core/chat-port.js';
import type { DeliveryLog } from '../src/daily/delivery-log.js';
import { Metrics } from '../src/ops/metrics.js';
import type { Storage } from '../src/storage/storage.js';
import { dailyWorld, fakeClock, MINUTE } from './support/daily-world.js';
import { faulty } from './support/faulty-store.js';
import { memoryStorage } from './support/storages.js';
import { FIXTURE_CONTENT } from './support/test-bot.js';

const library = loadLibrary(FIXTURE_CONTENT);
const open: Storage[] = [];
afterEach(async () => {
  for (const db of open.splice(0)) await db.close();
});

async function errorsCounted(metrics: Metrics, where: string): Promise<number> {
  const m = new RegExp(`studybot_errors_total\\{where="${where}"\\} (\\d+)`).exec((await metrics.render()).body);
  return m ? Number(m[1]) : 0;
}

/** A channel posting at 09:00 UTC whose delivery log is real but can be made to fail its next write. */
async function world() {
  const db = memoryStorage();
  open.push(db);
  const clock = fakeClock('2026-03-02T08:00:00Z');
  await db.schedules.enable({ channel: 'console:main', timeOfDay: 9 * 60, timezone: 'UTC', by: 'console:test', now: clock.ms, seed: 1 });
  let deliveries!: ReturnType<typeof faulty<DeliveryLog>>;
  const metrics = new Metrics();
  const daily = dailyWorld({ storage: db, library, clock, deliveries: (real) => (deliveries = faulty(real)).store, metrics });
  return { db, clock, metrics, deliveries, ...daily };
}

type World = Awaited<ReturnType<typeof world>>;

/** The platform fails the first post with a transient error and takes the next. */
function failFirstPost(w: World): void {
  let calls = 0;
  w.port.failWith = () => (++calls === 1 ? new Error('socket hang up') : undefined);
}

/**
 * Every write on the post path, with what the platform may see that day. A storage failure before the platform call
 * delays the post (the claim transaction rolls back whole, or its lease runs out); one after it never posts again.
 * `later` arms the fault after the first tick instead of before it.
 */
const writes: { write: string; arrange: (w: World) => void; later?: (w: World) => void; posts: number }[] = [
  // The tick's one transaction: claims, misses and schedule advances together.
  { write: 'DeliveryLog.claimDue', arrange: (w) => w.deliveries.failNext('claimDue'), posts: 1 },
  { write: 'DeliveryLog.markSending', arrange: (w) => w.deliveries.failNext('markSending'), posts: 1 },
  { write: 'DeliveryLog.markSent', arrange: (w) => w.deliveries.failNext('markSent'), posts: 1 },
  {
    write: 'DeliveryLog.markRetry',
    arrange: (w) => {
      failFirstPost(w);
      w.deliveries.failNext('markRetry');
    },
    // The retry was never recorded: the row stays `sending`, and a post that may have reached the channel is not repeated.
    posts: 0,
  },
  {
    write: 'DeliveryLog.markFailed',
    arrange: (w) => {
      w.port.failWith = () => new PermanentPostError('The bot is not in this channel.', 'Invite it with /invite @studybot');
      w.deliveries.failNext('markFailed');
    },
    posts: 0,
  },
  {
    // The retry is taken over by the tick's transaction: that failing delays it a minute.
    write: 'DeliveryLog.claimDue',
    arrange: (w) => failFirstPost(w),
    later: (w) => w.deliveries.failNext('claimDue'),
    posts: 1,
  },
];

describe('a storage failure on the daily post path', () => {
  it.each(writes)('$write failing never posts the day twice, and is logged and counted as a daily error', async (c) => {
    const w = await world();
    c.arrange(w);
    w.clock.set('2026-03-02T09:00:00Z');
    for (let i = 0; i < 24 * 60 - 1; i++, void w.clock.advance(MINUTE)) {
      await w.scheduler.tick();
      if (i === 0) c.later?.(w);
    }
    expect(w.deliveries.failed).toEqual([c.write.split('.')[1]]);
    expect(w.port.posts).toHaveLength(c.posts);
    expect(await errorsCounted(w.metrics, 'daily')).toBe(1);
    // The next day is untouched by the fault.
    w.clock.set('2026-03-03T09:00:00Z');
    w.port.failWith = undefined;
    expect(await w.scheduler.tick()).toMatchObject({ sent: 1 });
  });

  it('a post the platform accepted but storage could not record stays "sending" and is not retried', async () => {
    const w = await world();
    w.deliveries.failNext('markSent');
    w.clock.set('2026-03-02T09:00:00Z');
    expect(await w.scheduler.tick()).toMatchObject({ claimed: 1, sent: 1, retrying: 0 });
    for (let i = 0; i < 130; i++, void w.clock.advance(MINUTE)) await w.scheduler.tick();
    expect(w.port.posts).toHaveLength(1);
    expect((await w.db.deliveries.get('console:main', '2026-03-02'))?.status).toBe('sending');
  });

  it('a missed day that storage could not record is recorded on the next tick, and nothing is posted', async () => {
    const w = await world();
    w.deliveries.failNext('claimDue');
    w.clock.set('2026-03-02T11:30:00Z'); // back after the 2 h grace window
    expect(await w.scheduler.tick()).toMatchObject({ claimed: 0, missed: 0 });
    w.clock.advance(MINUTE);
    expect(await w.scheduler.tick()).toMatchObject({ claimed: 0, missed: 1 });
    expect(w.port.posts).toHaveLength(0);
    expect(await errorsCounted(w.metrics, 'daily')).toBe(1);
  });
});
