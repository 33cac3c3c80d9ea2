import { afterEach, describe, expect, it } from 'vitest';
import { answer, answerEvent } from '../../src/quiz/quiz-state.js';
import type { AnswerInput, QuizStore } from '../../src/quiz/quiz-store.js';
import type { PostgresDatabase } from '../../src/storage/postgres-database.js';
import { ENGINES, storages } from '../support/postgres.js';
import { click, opened, player, T0 } from '../support/quiz-store-fixtures.js';

const db = storages();
afterEach(() => db.closeAll());

/**
 * The clicks of the agreement test, in order, against four quizzes: `live` (question 1 open until T0 + 23 000,
 * question 2 pending), `revealed` (question 1 revealed, the quiz running on), `stopped` (stopped with question 1
 * open, so it was revealed and the rest skipped).
 */
function boundaryClicks(q: { live: number; revealed: number; stopped: number }): [string, AnswerInput][] {
  return [
    ['a click 1 ms before the deadline', click(q.live, 1, 2, T0 + 22_999)],
    ['a click at the deadline', click(q.live, 2, 2, T0 + 23_000)],
    ['a click after the deadline', click(q.live, 3, 2, T0 + 40_000)],
    ['the last option', click(q.live, 4, 3, T0 + 5000)],
    ['one past the last option', click(q.live, 5, 4, T0 + 5000)],
    ['a negative option', click(q.live, 6, -1, T0 + 5000)],
    ['a fraction of an option', click(q.live, 7, 1.5, T0 + 5000)],
    ['an option beyond any integer column', click(q.live, 8, 2 ** 40, T0 + 5000)],
    ['the first option, at the opening', click(q.live, 9, 0, T0 + 3000)],
    ['a second click, another option', click(q.live, 1, 0, T0 + 6000)],
    ['a second click after the deadline', click(q.live, 4, 0, T0 + 30_000)],
    ['a question not open yet', click(q.live, 10, 0, T0 + 6000, 2)],
    ['a hand-made button for a question the quiz lacks', click(q.live, 11, 0, T0 + 6000, 9)],
    ['a revealed question', click(q.revealed, 12, 0, T0 + 24_000)],
    ['a stopped quiz’s revealed question', click(q.stopped, 13, 0, T0 + 6000)],
    ['a stopped quiz’s skipped question', click(q.stopped, 14, 0, T0 + 6000, 2)],
  ];
}

describe.each(ENGINES)('Answers stored on %s', (engine) => {
  it('judges every boundary click as the pure rule does on the stored quiz, and stores exactly the accepted ones', async () => {
    const { quizzes } = await db.open(engine);
    const live = (await opened(quizzes, { count: 2 })).id;
    const revealed = (await opened(quizzes, { channel: 'slack:T1:C2' })).id;
    await quizzes.closeOpen(revealed, 1, T0 + 23_000, T0 + 28_000);
    const stopped = (await opened(quizzes, { channel: 'slack:T1:C3' })).id;
    await quizzes.finish(stopped, 'stopped', T0 + 5000);
    const cases = boundaryClicks({ live, revealed, stopped });
    const seen = new Set<string>();
    for (const [what, c] of cases) {
      const before = (await quizzes.load(c.sessionId))!;
      // The same quiz, judged whole by the state machine: what the store must answer and keep.
      const expected = answer(before.state, c.user, { question: c.no, option: c.option }, c.at);
      const verdict = await quizzes.recordAnswer({ ...c, channel: before.state.channel });
      expect(answerEvent(verdict, c.no, c.user), what).toEqual(expected.events[0]);
      expect((await quizzes.load(c.sessionId))!.state.answers, what).toEqual(expected.state.answers);
      seen.add(verdict.kind === 'refused' ? verdict.reason : verdict.kind);
    }
    // Every kind of verdict was met, so no branch of the guard went unchecked.
    expect([...seen].sort()).toEqual(['accepted', 'bad-option', 'late', 'not-open', 'quiz-over', 'repeated', 'unknown-question']);
  });

  it('refuses a click from another channel or for a quiz that does not exist as over, storing nothing', async () => {
    const { quizzes } = await db.open(engine);
    const { id } = await opened(quizzes);
    expect(await quizzes.recordAnswer(click(id, 1, 0, T0 + 5000, 1, 'slack:T1:C9'))).toEqual({ kind: 'refused', reason: 'quiz-over' });
    expect(await quizzes.recordAnswer(click(id + 1000, 1, 0, T0 + 5000))).toEqual({ kind: 'refused', reason: 'quiz-over' });
    expect((await quizzes.load(id))!.state.answers).toEqual({});
    expect(await quizzes.recordAnswer(click(id, 1, 0, T0 + 5000))).toEqual({ kind: 'accepted', option: 0 });
  });
});

/** Transactions held open by a test, rolled back after it if it failed before committing them. */
const open: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.allSettled(open.splice(0).map((end) => end()));
});

/** One transaction on its own connection, as another process's click or reveal would hold it half-way. */
async function held(pg: PostgresDatabase) {
  const client = await pg.pool.connect();
  let done = false;
  const end = async (how: 'COMMIT' | 'ROLLBACK') => {
    if (done) return;
    done = true;
    try {
      await client.query(how);
    } finally {
      client.release();
    }
  };
  open.push(() => end('ROLLBACK'));
  await client.query('BEGIN');
  return {
    run: (text: string, params: unknown[]) => client.query(text, params),
    commit: () => end('COMMIT'),
  };
}

/**
 * Resolves once a statement on this database waits for a lock (pg_stat_activity), polling every 5 ms; `stop()` ends
 * the polling. The wait a test expects (or must not see) cannot be awaited any other way.
 */
function lockWait(pg: PostgresDatabase) {
  let stopped = false;
  const seen = (async () => {
    while (!stopped) {
      const [r] = await pg.sql.rows<{ n: number }>("SELECT count(*) AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'");
      if (r!.n > 0) return true;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    return false;
  })();
  return { seen, stop: () => void (stopped = true) };
}

/** The click's result, or a failure as soon as it is seen waiting for a lock. */
async function withoutWaiting<T>(pg: PostgresDatabase, work: Promise<T>): Promise<T> {
  const wait = lockWait(pg);
  try {
    return await Promise.race([work, wait.seen.then((w) => (w ? Promise.reject(new Error('the click waited for a lock')) : work))]);
  } finally {
    wait.stop();
  }
}

describe('Answers stored on PostgreSQL, against transactions held open by other processes', () => {
  it('stores a click while another click on the question is still committing, and the reveal waits for both', async () => {
    const s = await db.open('postgres');
    const other = await db.another(s);
    const { id } = await opened(s.quizzes);
    // Another process's click half-way: the question row shared, its answer inserted, not yet committed.
    const inFlight = await held(other.db as PostgresDatabase);
    await inFlight.run('SELECT 1 FROM quiz_questions WHERE session_id = $1 AND no = 1 FOR KEY SHARE', [id]);
    await inFlight.run("INSERT INTO quiz_answers (session_id, no, user_id, user_name, option, answered_at) VALUES ($1, 1, 'slack:T1:U90', 'p90', 0, $2)", [id, T0 + 4000]);
    expect(await withoutWaiting(s.db, s.quizzes.recordAnswer(click(id, 1, 1, T0 + 4500)))).toMatchObject({ kind: 'accepted', option: 1 });
    // The reveal cannot read the answers until the click in flight is committed; then it scores it too.
    const closing = s.quizzes.closeOpen(id, 1, T0 + 23_000, T0 + 28_000);
    const wait = lockWait(s.db);
    expect(await wait.seen).toBe(true);
    await inFlight.commit();
    const reveal = (await closing)!.step.events.find((e) => e.type === 'question-revealed');
    expect(reveal?.type === 'question-revealed' && reveal.results.map((r) => r.user.id).sort()).toEqual(['slack:T1:U1', 'slack:T1:U90']);
  });

  it('holds a click that arrives while a reveal is being written, then refuses it with the answer and stores nothing', async () => {
    const s = await db.open('postgres');
    const other = await db.another(s);
    const { id } = await opened(s.quizzes);
    // Another process's reveal half-way: the question row locked for update and marked revealed, not yet committed.
    const revealing = await held(other.db as PostgresDatabase);
    await revealing.run('SELECT 1 FROM quiz_questions WHERE session_id = $1 AND no = 1 FOR UPDATE', [id]);
    await revealing.run("UPDATE quiz_questions SET status = 'revealed', revealed_at = $2 WHERE session_id = $1 AND no = 1", [id, T0 + 10_000]);
    const clicked = s.quizzes.recordAnswer(click(id, 1, 1, T0 + 9000));
    const wait = lockWait(s.db);
    expect(await wait.seen).toBe(true);
    await revealing.commit();
    expect(await clicked).toEqual({ kind: 'refused', reason: 'not-open', answer: 0 });
    expect((await s.quizzes.load(id))!.state.answers[1] ?? {}).toEqual({});
  });
});

/** Four processes' stores on one database: clicks spread over them interleave for real. */
async function processes(): Promise<QuizStore[]> {
  const first = await db.open('postgres');
  return [first.quizzes, ...(await Promise.all([1, 2, 3].map(async () => (await db.another(first)).quizzes)))];
}

describe('Answers stored on PostgreSQL by several processes at once', () => {
  it('stores each person once when two hundred people click, a third of them twice, from four processes at once', async () => {
    const stores = await processes();
    const { id } = await opened(stores[0]!);
    const clicks = Array.from({ length: 200 }, (_, n) => click(id, n, n % 4, T0 + 4000 + n));
    const again = clicks.filter((_, n) => n % 3 === 0).map((c) => ({ ...c, option: (c.option + 1) % 4 }));
    const all = [...clicks, ...again];
    const verdicts = await Promise.all(all.map((c, i) => stores[i % stores.length]!.recordAnswer(c)));
    const stored = (await stores[0]!.load(id))!.state.answers[1]!;
    expect(Object.keys(stored)).toHaveLength(200);
    // Per person: one click accepted, the other told that the first stands; and what stands is what was accepted.
    for (let n = 0; n < 200; n++) {
      const mine = all.flatMap((c, i) => (c.user.id === player(n).id ? [verdicts[i]!] : []));
      const accepted = mine.filter((v) => v.kind === 'accepted');
      expect(accepted).toHaveLength(1);
      expect(accepted[0]!.kind === 'accepted' && accepted[0]!.option).toBe(stored[player(n).id]!.option);
      expect(mine.filter((v) => v.kind === 'repeated')).toEqual(mine.length === 2 ? [{ kind: 'repeated', first: stored[player(n).id]!.option }] : []);
    }
  });
});
