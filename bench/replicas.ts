// `npm run bench` (replicas part, issue 14): real bot processes (src/main.ts) on one PostgreSQL database, Slack in
// HTTP mode against the fake Slack, every request through a round-robin balancer.
// 1. Quiz: PLAYERS people answer one question (most in the first seconds, a tail, 10 % clicking twice) on one
//    replica and on three; the ack a person sees is the private "Got it" reply, timed from the click.
// 2. /ask throughput through one replica against Bolt answering an empty handler (the ceiling), same client load.
// The machine is shared (two cores, other work running): each figure is a median of rounds; read ratios, not ms.
import { spawn } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { createInterface } from 'node:readline';
import { FAKE_SLACK, slashCommandPayload, type FakeSlack, type SlackSaid } from '../test/fakes/fake-slack.js';
import { inParallel, interactionBody, isPost, replicaGround, RoundRobin, startReplica, type Replica } from '../test/support/replica-processes.js';
import { quizArrivals } from './quiz-arrivals.js';
import { median, ms, percentile, table } from './stats.js';

/** Issue 14 asks for 2,000; BENCH_QUIZ_PLAYERS changes it. */
const PLAYERS = Number(process.env.BENCH_QUIZ_PLAYERS ?? 2000);
const WINDOW_MS = 20_000;
const ASK_REQUESTS = 400;
const ASK_WIDTH = 16;
const ROUNDS = 3;

const clicks = quizArrivals(PLAYERS, WINDOW_MS);
/**
 * A click whose reply has not come this long after it was sent counts as never acknowledged (an infinite reply
 * time), so a click the bot refused (HTTP 500: its database did not answer in time) or lost shows in the figures
 * instead of leaving the bench waiting for ever.
 */
const REPLY_GIVE_UP_MS = 30_000;

/** The reply to `responseUrl`, or undefined when none came within REPLY_GIVE_UP_MS. */
async function replyTo(c: { fake: FakeSlack }, responseUrl: string, sent: Promise<{ status: number }>): Promise<SlackSaid | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const giveUp = new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), REPLY_GIVE_UP_MS)));
  try {
    const replied = c.fake.waitForSaid((s) => s.responseUrl === responseUrl);
    // No reply can follow a refused request: stop waiting as soon as it is known.
    const refused = sent.then((r) => (r.status === 200 ? replied : undefined));
    return await Promise.race([replied, refused, giveUp]);
  } finally {
    clearTimeout(timer);
  }
}
const userId = (p: number) => `U0P${String(p).padStart(5, '0')}`;

/** Replicas on a fresh database against a fresh fake Slack; `stop()` ends them all and drops the database. */
async function cluster(n: number, env: Record<string, string> = {}) {
  const ground = await replicaGround();
  const { fake, db } = ground;
  for (let p = 0; p < PLAYERS; p++) fake.setUser(userId(p), { name: `p${p}` });
  const replicas: Replica[] = await Promise.all(Array.from({ length: n }, (_, i) => startReplica({ name: `r${i + 1}`, fake, databaseUrl: db.url, env })));
  return { fake, db, sql: ground.sql, replicas, balancer: new RoundRobin([...replicas]), stop: () => ground.stop(replicas) };
}

/** Starts a one-question quiz in `channel` through the balancer; resolves when its question is posted. */
async function openQuestion(c: Awaited<ReturnType<typeof cluster>>, channel: string): Promise<{ q: SlackSaid; session: number }> {
  await c.balancer.send(new URLSearchParams(slashCommandPayload(c.fake, { command: '/study', text: 'quiz start ch4 1 60', channel })).toString());
  const q = await c.fake.waitForSaid((s) => s.channel === channel && isPost(s, 'Question 1 of 1'));
  return { q, session: Number(/"action_id":"quiz:(\d+):/.exec(JSON.stringify(q.blocks))![1]) };
}

interface QuizRun {
  replicas: number;
  httpAck: number[];
  reply: number[];
  accepted: number;
  repeated: number;
  /** Clicks refused with an HTTP error or never answered within REPLY_GIVE_UP_MS; their reply time is Infinity. */
  unanswered: number;
  stored: number;
}

/** One question, PLAYERS people, clicks sent at their arrival times (real time); each timed to its HTTP ack and its reply. */
async function quiz(replicas: number): Promise<QuizRun> {
  const c = await cluster(replicas);
  try {
    // Warm-up, untimed: every player answers a quiz in another channel first, so the timed one meets processes
    // past their JIT warm-up and people already looked up (users.info is cached per process), as in a running team.
    const warm = await openQuestion(c, 'C0WARM');
    await inParallel(Array.from({ length: PLAYERS }, (_, p) => p), 24, async (p) => {
      const responseUrl = c.fake.newResponseUrl();
      await replyTo(c, responseUrl, c.balancer.send(interactionBody(c.fake.clickPayload({ actionId: `quiz:${warm.session}:1:0`, user: userId(p), channel: 'C0WARM', messageTs: warm.q.ts!, responseUrl }))));
    });
    const { q, session } = await openQuestion(c, 'C0GENERAL');
    const run: QuizRun = { replicas, httpAck: [], reply: [], accepted: 0, repeated: 0, unanswered: 0, stored: 0 };
    const opened = performance.now();
    await Promise.all(
      clicks.map(async (k) => {
        await new Promise((r) => setTimeout(r, Math.max(0, opened + k.at - performance.now())));
        const responseUrl = c.fake.newResponseUrl();
        const body = interactionBody(c.fake.clickPayload({ actionId: `quiz:${session}:1:${k.option}`, user: userId(k.player), messageTs: q.ts!, responseUrl }));
        const t0 = performance.now();
        const sent = c.balancer.send(body);
        const said = replyTo(c, responseUrl, sent);
        await sent;
        run.httpAck.push(performance.now() - t0);
        const reply = await said;
        run.reply.push(reply ? performance.now() - t0 : Infinity);
        if (!reply) run.unanswered++;
        else if (reply.text.startsWith('Got it')) run.accepted++;
        else if (reply.text.startsWith('You already answered')) run.repeated++;
      }),
    );
    run.stored = Number((await c.sql.query<{ n: string }>('SELECT count(*) AS n FROM quiz_answers WHERE session_id = $1', [session])).rows[0]!.n);
    // The reveal comes at the deadline (60 s after the question): not waited for here, counted by the process test.
    return run;
  } finally {
    await c.stop();
  }
}

/** `/study ask` through the balancer, ASK_WIDTH at a time; requests per second until the last answer arrived. */
async function askThroughput(send: (body: string) => Promise<unknown>, fake: FakeSlack, waitForAnswers: boolean): Promise<number> {
  const questions = ['what is SMOTE?', 'how does cross-validation work', 'precision vs recall', 'what is overfitting', 'explain a confusion matrix'];
  const t0 = performance.now();
  await inParallel(Array.from({ length: ASK_REQUESTS }, (_, i) => i), ASK_WIDTH, async (i) => {
    const responseUrl = fake.newResponseUrl();
    const payload = { ...slashCommandPayload(fake, { command: '/study', text: `ask ${questions[i % questions.length]}`, user: userId(i % PLAYERS) }), response_url: responseUrl };
    const answered = waitForAnswers ? fake.waitForSaid((s) => s.responseUrl === responseUrl) : undefined;
    await send(new URLSearchParams(payload).toString());
    await answered;
  });
  return ASK_REQUESTS / ((performance.now() - t0) / 1000);
}

async function ask(): Promise<{ ours: number[]; ceiling: number[] }> {
  const ours: number[] = [];
  const ceiling: number[] = [];
  // Ours: one replica, every /ask answered in full (search, render, response_url). Limits off: one bench client is
  // many people here, and the per-person limit would refuse them.
  const c = await cluster(1, { COMMANDS_PER_MINUTE: '0' });
  const empty = spawn(process.execPath, ['--import', 'tsx', 'bench/empty-bolt.ts', c.fake.apiUrl, FAKE_SLACK.signingSecret, FAKE_SLACK.botToken], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = Number((await createInterface({ input: empty.stdout })[Symbol.asyncIterator]().next()).value);
  const emptyReplica = { name: 'empty Bolt', port, child: empty, exited: new Promise<void>((r) => empty.once('exit', () => r())), log: [], alive: () => empty.exitCode === null };
  const emptyBalancer = new RoundRobin([emptyReplica]);
  try {
    await askThroughput((b) => c.balancer.send(b), c.fake, true); // warm-up: JIT, caches, pool
    await askThroughput((b) => emptyBalancer.send(b), c.fake, false);
    for (let r = 0; r < ROUNDS; r++) {
      ours.push(await askThroughput((b) => c.balancer.send(b), c.fake, true));
      ceiling.push(await askThroughput((b) => emptyBalancer.send(b), c.fake, false));
    }
  } finally {
    empty.kill('SIGTERM');
    await emptyReplica.exited;
    await c.stop();
  }
  return { ours, ceiling };
}

process.stderr.write(`… replicas: quiz, ${PLAYERS} players on 1 replica\n`);
const one = await quiz(1);
process.stderr.write(`… replicas: quiz, ${PLAYERS} players on 3 replicas\n`);
const three = await quiz(3);
process.stderr.write('… replicas: /ask throughput\n');
const asks = await ask();

const unique = new Set(clicks.map((c) => c.player)).size;
console.log(`\nReplicas on one PostgreSQL, Slack HTTP mode through a round-robin balancer (real processes, fake Slack in this process); load average ${loadavg()[0]!.toFixed(1)} on ${cpus().length} CPUs\n`);
console.log(`Quiz: ${PLAYERS} players, ${clicks.length} clicks (${clicks.length - unique} second clicks) within ${WINDOW_MS / 1000} s of real time.\n`);
const shown = (n: number) => (n === Infinity ? 'never' : ms(n));
const row = (r: QuizRun) => [`${r.stored}/${unique}`, `${r.accepted} + ${r.repeated} + ${r.unanswered}`, ms(median(r.httpAck)), ms(percentile(r.httpAck, 99)), shown(median(r.reply)), shown(percentile(r.reply, 99))];
console.log(
  table([
    ['replicas', 'answers stored', 'got it + already answered + no reply', 'HTTP ack p50', 'HTTP ack p99', 'reply p50', 'reply p99 (target <= 100 ms)'],
    ['1', ...row(one)],
    ['3', ...row(three)],
    ['3 / 1', '', '', (median(three.httpAck) / median(one.httpAck)).toFixed(2), (percentile(three.httpAck, 99) / percentile(one.httpAck, 99)).toFixed(2), (median(three.reply) / median(one.reply)).toFixed(2), (percentile(three.reply, 99) / percentile(one.reply, 99)).toFixed(2)],
  ]),
);
console.log(`\n/ask through Slack HTTP mode: ${ASK_REQUESTS} requests, ${ASK_WIDTH} at a time, median of ${ROUNDS} rounds.\n`);
const oursMedian = median(asks.ours);
const ceilingMedian = median(asks.ceiling);
console.log(
  table([
    ['one process', 'requests/s (median)', 'rounds', 'share of the ceiling'],
    ['ours: /study ask answered through response_url', oursMedian.toFixed(0), asks.ours.map((x) => x.toFixed(0)).join(', '), `${((100 * oursMedian) / ceilingMedian).toFixed(0)} %`],
    ['Bolt acking an empty handler (ceiling)', ceilingMedian.toFixed(0), asks.ceiling.map((x) => x.toFixed(0)).join(', '), '100 %'],
  ]),
);
if (one.stored !== unique || three.stored !== unique || one.unanswered + three.unanswered > 0) process.exitCode = 1;
