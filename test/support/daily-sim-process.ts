// A scheduler in its own process for the multi-process tests: `node --import tsx daily-sim-process.ts DB STEP`, DB a
// SQLite file or a postgres:// URL: the real scheduler, delivery log and storage on a fake clock. Driven over stdin
// and stdout, one line each (test/support/daily-sim.ts is the driver):
// - it loads, opens the database and prints `ready <instance>` (its scheduler's claim id), then waits for
//   `start <ISO time>`: a spare can be started early and join later, so a replacement costs no start-up time;
// - each `go` runs STEP simulated hours of minute ticks and prints `step`; stdin closing ends the process;
// - each post goes to stdout as a JSON line the moment the "platform" accepts it, so a process killed mid-tick has
//   reported every post it made;
// - `go claimed` or `go sent` arms a freeze for its next send (this step or a later one). `claimed`: it stops
//   before marking the claim as sending, so the claim stays `claimed` for another process to take over once its
//   lease ends. `sent`: it stops after the platform accepted the post and before recording it, so the row stays
//   `sending`. Every other send of the process stops at one of those two points too, and once none is between them
//   it prints `frozen claimed|sent <channel> <local date>` (the send it froze on) and waits to be SIGKILLed. A kill
//   never lands between marking a claim sending and the platform's answer, the one point where a post is lost by
//   design (at most once), so the test can hold every channel-day to exactly one post.
//
// It ticks only at minutes when the database holds something due, looking again at most MAX_SKIP later: a tick at
// any other minute finds nothing (its idle probe reads the same two minimums), and 1,440 such ticks a simulated day
// per process were most of the test's time. Another process's new claim can make work appear meanwhile (its lease
// ending, should it die); the cap bounds how late this process sees it, well inside the grace window.
import { createInterface } from 'node:readline';
import type { ChatPort } from '../../src/core/chat-port.js';
import { loadLibrary } from '../../src/content/content-loader.js';
import type { DeliveryLog } from '../../src/daily/delivery-log.js';
import type { LocalDate } from '../../src/daily/local-time.js';
import { dailyWorld, fakeClock, MINUTE } from './daily-world.js';
import { connectPostgres } from './postgres.js';
import { fileStorage } from './storages.js';
import { FIXTURE_CONTENT } from './test-bot.js';

const HOUR = 60 * MINUTE;
const MAX_SKIP = 30 * MINUTE;

const [db = '', step = '1'] = process.argv.slice(2);
const postgres = db.startsWith('postgres') ? await connectPostgres(db, { poolSize: 2 }) : undefined;
const sqlite = postgres ? undefined : fileStorage(db);
const storage = postgres ?? sqlite!;
/** The earliest time (UTC ms) anything is due: a schedule's next post, or a claim's retry or lease end. */
// The delivery log's own idle probe (the one claimDue starts with), so the simulation skips only minutes where the
// production tick would find nothing to do.
const nextWork = async (): Promise<number> => (await storage.deliveries.nextWorkAt()) ?? Infinity;
const clock = fakeClock('1970-01-01T00:00:00Z');

let armed: 'claimed' | 'sent' | undefined;
let frozenOn: string | undefined;
let reported = false;
/** Sends past markSending that have not reached afterPost: a kill now could lose their post. */
let between = 0;
const dates = new Map<string, LocalDate>();
const hang = () => new Promise<never>(() => {});
const freeze = (kind: string, channel: string, date: LocalDate | undefined) => {
  frozenOn = `${kind} ${channel} ${date ?? '?'}`;
  report();
};
const report = () => {
  if (frozenOn === undefined || between > 0 || reported) return;
  reported = true;
  process.stdout.write(`frozen ${frozenOn}\n`);
};
const holding = (real: DeliveryLog): DeliveryLog =>
  Object.assign(Object.create(real) as DeliveryLog, {
    async markSending(channel: string, date: LocalDate, instance: string, now: number): Promise<boolean> {
      if (frozenOn !== undefined) return hang();
      if (armed === 'claimed') {
        freeze('claimed', channel, date);
        return hang();
      }
      between += 1;
      const ours = await real.markSending(channel, date, instance, now);
      if (ours) dates.set(channel, date);
      else {
        between -= 1;
        report();
      }
      return ours;
    },
  });

const { port, scheduler } = dailyWorld({
  storage,
  library: loadLibrary(FIXTURE_CONTENT),
  clock,
  deliveries: holding,
  hooks: {
    afterPost: async () => {
      between -= 1;
      report();
      if (frozenOn !== undefined) await hang();
    },
  },
});
const accept = port.post.bind(port);
(port as ChatPort).post = async (channel, reply) => {
  const ref = await accept(channel, reply);
  process.stdout.write(`${JSON.stringify({ channel, at: clock.now() })}\n`);
  if (armed === 'sent' && frozenOn === undefined) freeze('sent', channel, dates.get(channel));
  return ref;
};

process.stdout.write(`ready ${scheduler.instance}\n`);
const lines = createInterface({ input: process.stdin })[Symbol.asyncIterator]();
const first = await lines.next();
if (!first.done) {
  clock.ms = Date.parse(String(first.value).replace(/^start /, ''));
  for (let line = await lines.next(); !line.done; line = await lines.next()) {
    const mode = String(line.value).split(' ')[1];
    if (mode === 'claimed' || mode === 'sent') armed = mode;
    const end = clock.now() + Number(step) * HOUR;
    while (clock.now() < end) {
      const due = Math.ceil((await nextWork()) / MINUTE) * MINUTE;
      if (due > clock.now()) {
        await clock.advance(Math.min(due, clock.now() + MAX_SKIP, end) - clock.now());
        continue;
      }
      await scheduler.tick();
      await clock.advance(MINUTE);
    }
    process.stdout.write('step\n');
  }
}
await storage.close();
process.exit(0);
