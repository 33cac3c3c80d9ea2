// A scheduler in its own process for the two-process tests: `node --import tsx daily-sim-process.ts DB START DAYS STEP`,
// DB a SQLite file or a postgres:// URL. It ticks every simulated minute; after each STEP simulated hours it prints
// `step` and waits for a line on stdin, so the parent keeps several of these in step and they race for the same due
// minutes. Posts go to stdout as JSON lines.
import { createInterface } from 'node:readline';
import { loadLibrary } from '../../src/content/content-loader.js';
import { openStorage } from '../../src/storage/storage.js';
import { dailyWorld, fakeClock, MINUTE } from './daily-world.js';
import { FIXTURE_CONTENT } from './test-bot.js';

const [db = '', start = '', days = '1', step = '1'] = process.argv.slice(2);
const storage = await openStorage(db.startsWith('postgres') ? { databasePath: '', postgres: { url: db, poolSize: 2, statementTimeoutMs: 10_000 } } : { databasePath: db });
const clock = fakeClock(start);
const { port, scheduler } = dailyWorld({ storage, library: loadLibrary(FIXTURE_CONTENT), clock });
const lines = createInterface({ input: process.stdin })[Symbol.asyncIterator]();
let reported = 0;
for (let hour = 0; hour < Number(days) * 24; hour += Number(step)) {
  for (let m = 0; m < 60 * Number(step); m++, void clock.advance(MINUTE)) await scheduler.tick();
  for (; reported < port.posts.length; reported++) {
    const p = port.posts[reported]!;
    process.stdout.write(`${JSON.stringify({ channel: p.channel, at: p.at })}\n`);
  }
  process.stdout.write('step\n');
  if ((await lines.next()).done) break;
}
await storage.close();
process.exit(0);
