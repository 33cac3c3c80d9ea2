import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FAKE_SLACK, slashCommandPayload, type FakeSlack } from './fakes/fake-slack.js';
import { inParallel, interactionBody, isPost, quizButtons, replicaGround, RoundRobin, startReplica, type Replica, type ReplicaGround } from './support/replica-processes.js';

/*
 * Issue 14's "Done means", at process level: three real bot processes (src/main.ts) on one PostgreSQL database,
 * Slack in HTTP mode, every request passing a round-robin balancer. Short quiz leases (QUIZ_LEASE_MS) keep the
 * takeover inside the test's time; the defaults (12 s + 3 s) follow the same code.
 */
const PLAYERS = 300;
const LEASE_MS = 2000;
const RENEW_MS = 500;
/** Per question: room for 390 clicks through three cold processes (about 6 s here) with a margin for a busy machine. */
const SECONDS = 15;
/** Timer and scheduling slack on a shared two-core machine running three bots and the test. */
const SLACK_MS = 1000;

let ground: ReplicaGround;
let fake: FakeSlack;
let sql: pg.Client;
let replicas: Replica[] = [];

beforeAll(async () => {
  ground = await replicaGround();
  ({ fake, sql } = ground);
});
afterAll(() => ground.stop(replicas));

const players = Array.from({ length: PLAYERS }, (_, i) => `U0P${String(i).padStart(4, '0')}`);

describe('three bot replicas on one PostgreSQL behind a round-robin balancer, Slack in HTTP mode', () => {
  it(`store every acknowledged answer of ${PLAYERS} players once, reveal each question once, and finish on time on another replica when the quiz's owner is SIGKILLed`, async () => {
    // Migrations run once, under an advisory lock, however the three start.
    replicas = await Promise.all(['r1', 'r2', 'r3'].map((name) => startReplica({ name, fake, databaseUrl: ground.db.url, env: { QUIZ_LEASE_MS: String(LEASE_MS), QUIZ_LEASE_RENEW_MS: String(RENEW_MS) } })));
    players.forEach((id, i) => fake.setUser(id, { name: `p${i}` }));
    const balancer = new RoundRobin([...replicas]);

    /** One click through the balancer; resolves with the private reply it got (undefined: not acknowledged). */
    const click = async (user: string, actionId: string, messageTs: string, replayed = false) => {
      const responseUrl = fake.newResponseUrl();
      const body = interactionBody(fake.clickPayload({ actionId, user, messageTs, responseUrl }));
      const sent = await balancer.send(body);
      expect(sent.status).toBe(200);
      // A replay of the very same signed request reaches the next replica, which must not act on it again.
      if (replayed) expect((await balancer.post(body, sent.headers)).status).toBe(200);
      return fake.waitForSaid((s) => s.responseUrl === responseUrl);
    };
    const stored = async (session: number, no: number) =>
      (await sql.query<{ user_id: string; option: number }>('SELECT user_id, option FROM quiz_answers WHERE session_id = $1 AND no = $2 ORDER BY user_id', [session, no])).rows;

    const start = new URLSearchParams(slashCommandPayload(fake, { command: '/study', text: `quiz start ch4 2 ${SECONDS}` })).toString();
    expect((await balancer.send(start)).status).toBe(200);
    const q1 = await fake.waitForSaid((s) => isPost(s, 'Question 1 of 2'));
    const [, sessionText] = /^quiz:(\d+):/.exec(quizButtons(q1)[0]!)!;
    const session = Number(sessionText);

    // Question 1: everyone answers once, a fifth click again (another option, another replica), a tenth replayed.
    const b1 = quizButtons(q1);
    const first = await inParallel(players, 24, (u, i) => click(u, b1[i % b1.length]!, q1.ts!, i % 10 === 0));
    expect(first.map((r) => r.text)).toEqual(players.map((_, i) => `Got it: ${'ABCD'[i % b1.length]}`));
    const again = await inParallel(players.filter((_, i) => i % 5 === 0), 24, (u, i) => click(u, b1[(i * 5 + 1) % b1.length]!, q1.ts!));
    expect(again.every((r) => r.text.startsWith('You already answered'))).toBe(true);
    expect(await stored(session, 1)).toEqual(players.map((u, i) => ({ user_id: `slack:${FAKE_SLACK.team}:${u}`, option: i % b1.length })));

    // Question 2: two thirds answer, the replica holding the quiz is killed, the rest answer on the two left.
    const q2 = await fake.waitForSaid((s) => isPost(s, 'Question 2 of 2'));
    const b2 = quizButtons(q2);
    const beforeKill = players.slice(0, (PLAYERS * 2) / 3);
    const acked2 = await inParallel(beforeKill, 24, (u, i) => click(u, b2[i % b2.length]!, q2.ts!));
    const { rows: [lease] } = await sql.query<{ holder: string }>('SELECT holder FROM quiz_leases WHERE session_id = $1', [session]);
    const owner = replicas.find((r) => r.name === lease!.holder)!;
    owner.child.kill('SIGKILL');
    await owner.exited;
    const killedAt = Date.now();
    balancer.live.splice(balancer.live.indexOf(owner), 1);
    const afterKill = players.slice(beforeKill.length);
    acked2.push(...(await inParallel(afterKill, 24, (u, i) => click(u, b2[(beforeKill.length + i) % b2.length]!, q2.ts!))));
    expect(acked2.every((r) => r.text.startsWith('Got it'))).toBe(true);

    const reveal2 = await fake.waitForSaid((s) => isPost(s, 'Question 2: the answer is'));
    await fake.waitForSaid((s) => isPost(s, 'Quiz over'));
    const { rows: [q2row] } = await sql.query<{ deadline: string }>('SELECT deadline FROM quiz_questions WHERE session_id = $1 AND no = 2', [session]);
    const deadline = Number(q2row!.deadline);
    expect(killedAt).toBeLessThan(deadline);
    // At the stored deadline, or (had the owner died too close to it) as soon as its lease ended: never early.
    expect(reveal2.at).toBeGreaterThanOrEqual(deadline);
    expect(reveal2.at).toBeLessThanOrEqual(Math.max(deadline, killedAt + LEASE_MS + RENEW_MS) + SLACK_MS);
    expect(await stored(session, 2)).toEqual(players.map((u, i) => ({ user_id: `slack:${FAKE_SLACK.team}:${u}`, option: i % b2.length })));

    // Once each, from whichever replica, however many saw the clicks; replays and second clicks got one reply each.
    const posts = (text: string) => fake.said.filter((s) => isPost(s, text)).length;
    expect([posts('Question 1: the answer is'), posts('Question 2: the answer is'), posts('Quiz over')]).toEqual([1, 1, 1]);
    const replies = fake.said.filter((s) => s.via === 'response_url' && s.responseUrl?.includes('/response/'));
    expect(new Set(replies.map((s) => s.responseUrl)).size).toBe(replies.length);
    expect(replicas.filter((r) => r !== owner).every((r) => r.alive())).toBe(true);
  }, 90_000);
});
