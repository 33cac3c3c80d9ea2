import { afterEach, describe, expect, it } from 'vitest';
import { loadLibrary } from '../src/content/content-loader.js';
import { PermanentPostError } from '../src/core/chat-port.js';
import { DailyStore } from '../src/daily/daily-store.js';
import { DeliveryLog } from '../src/daily/delivery-log.js';
import { Metrics } from '../src/ops/metrics.js';
import { openDatabase, type Db } from '../src/storage/database.js';
import { dailyWorld, fakeClock, MINUTE } from './support/daily-world.js';
import { faulty } from './support/faulty-store.js';
import { FIXTURE_CONTENT } from './support/test-bot.js';

const library = loadLibrary(FIXTURE_CONTENT);
const open: Db[] = [];
afterEach(() => {
  for (const db of open.splice(0)) db.close();
});

async function errorsCounted(metrics: Metrics, where: string): Promise<number> {
  const m = new RegExp(`studybot_errors_total\\{where="${where}"\\} (\\d+)`).exec((await metrics.render()).body);
  return m ? Number(m[1]) : 0;
}

/** A channel posting at 09:00 UTC whose stores are real but can be made to fail their next write. */
function world() {
  const db = openDatabase(':memory:');
  open.push(db);
  const clock = fakeClock('2026-03-02T08:00:00Z');
  new DailyStore(db).enable('console:main', 9 * 60, 'UTC', 'console:test', clock.ms);
  const schedules = faulty(new DailyStore(db));
  const deliveries = faulty(new DeliveryLog(db));
  const metrics = new Metrics();
  return { db, clock, metrics, schedules, deliveries, ...dailyWorld({ db, library, clock, store: schedules.store, deliveries: deliveries.store, metrics }) };
}

type World = ReturnType<typeof world>;

/** The platform fails the first post with a transient error and takes the next. */
function failFirstPost(w: World): void {
  let calls = 0;
  w.port.failWith = () => (++calls === 1 ? new Error('socket hang up') : undefined);
}

/**
 * Every write on the post path, with what the platform may see that day. A storage failure before the platform call
 * delays the post (the claim rolls back, or its lease runs out); one after it never posts again.
 */
const writes: { write: string; arrange: (w: World) => void; posts: number }[] = [
  { write: 'DeliveryLog.claim', arrange: (w) => w.deliveries.failNext('claim'), posts: 1 },
  { write: 'DailyStore.advance', arrange: (w) => w.schedules.failNext('advance'), posts: 1 },
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
    write: 'DeliveryLog.takeOver',
    arrange: (w) => {
      failFirstPost(w);
      w.deliveries.failNext('takeOver');
    },
    posts: 1,
  },
];

describe('a storage failure on the daily post path', () => {
  it.each(writes)('$write failing never posts the day twice, and is logged and counted as a daily error', async (c) => {
    const w = world();
    c.arrange(w);
    w.clock.set('2026-03-02T09:00:00Z');
    for (let i = 0; i < 24 * 60 - 1; i++, w.clock.advance(MINUTE)) await w.scheduler.tick();
    expect([...w.deliveries.failed, ...w.schedules.failed]).toEqual([c.write.split('.')[1]]);
    expect(w.port.posts).toHaveLength(c.posts);
    expect(await errorsCounted(w.metrics, 'daily')).toBe(1);
    // The next day is untouched by the fault.
    w.clock.set('2026-03-03T09:00:00Z');
    w.port.failWith = undefined;
    expect(await w.scheduler.tick()).toMatchObject({ sent: 1 });
  });

  it('a post the platform accepted but storage could not record stays "sending" and is not retried', async () => {
    const w = world();
    w.deliveries.failNext('markSent');
    w.clock.set('2026-03-02T09:00:00Z');
    expect(await w.scheduler.tick()).toMatchObject({ claimed: 1, sent: 1, retrying: 0 });
    for (let i = 0; i < 130; i++, w.clock.advance(MINUTE)) await w.scheduler.tick();
    expect(w.port.posts).toHaveLength(1);
    expect(new DeliveryLog(w.db).get('console:main', '2026-03-02')?.status).toBe('sending');
  });

  it('a missed day that storage could not record is recorded on the next tick, and nothing is posted', async () => {
    const w = world();
    w.deliveries.failNext('recordMissed');
    w.clock.set('2026-03-02T11:30:00Z'); // back after the 2 h grace window
    expect(await w.scheduler.tick()).toMatchObject({ claimed: 0, missed: 0 });
    w.clock.advance(MINUTE);
    expect(await w.scheduler.tick()).toMatchObject({ claimed: 0, missed: 1 });
    expect(w.port.posts).toHaveLength(0);
    expect(await errorsCounted(w.metrics, 'daily')).toBe(1);
  });
});
