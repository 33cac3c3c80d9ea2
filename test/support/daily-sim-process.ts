// A scheduler in its own process for the multi-process tests: `node --import tsx daily-sim-process.ts DB START DAYS
// STEP [hold]`, DB a SQLite file or a postgres:// URL. It ticks every simulated minute; after each STEP simulated
// hours it prints `step` and waits for a line on stdin, so the parent keeps several of these in step and they race
// for the same due minutes. With `hold` it prints `ready` and waits for a line before its first step (a replacement
// process joining the others at a step boundary). Each post goes to stdout as a JSON line the moment the "platform"
// accepts it, so a process killed mid-tick has reported every post it made.
import { createInterface } from 'node:readline';
import type { ChatPort } from '../../src/core/chat-port.js';
import { loadLibrary } from '../../src/content/content-loader.js';
import { openStorage } from '../../src/storage/storage.js';
import { dailyWorld, fakeClock, MINUTE } from './daily-world.js';
import { FIXTURE_CONTENT } from './test-bot.js';

const [db = '', start = '', days = '1', step = '1', hold = ''] = process.argv.slice(2);
const storage = await openStorage(db.startsWith('postgres') ? { databasePath: '', postgres: { url: db, poolSize: 2, statementTimeoutMs: 10_000 } } : { databasePath: db });
const clock = fakeClock(start);
const { port, scheduler } = dailyWorld({ storage, library: loadLibrary(FIXTURE_CONTENT), clock });
const accept = port.post.bind(port);
(port as ChatPort).post = async (channel, reply) => {
  const ref = await accept(channel, reply);
  process.stdout.write(`${JSON.stringify({ channel, at: clock.now() })}\n`);
  return ref;
};
const lines = createInterface({ input: process.stdin })[Symbol.asyncIterator]();
if (hold === 'hold') {
  process.stdout.write('ready\n');
  await lines.next();
}
for (let hour = 0; hour < Number(days) * 24; hour += Number(step)) {
  for (let m = 0; m < 60 * Number(step); m++, void clock.advance(MINUTE)) await scheduler.tick();
  process.stdout.write('step\n');
  if ((await lines.next()).done) break;
}
await storage.close();
process.exit(0);
