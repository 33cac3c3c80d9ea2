import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { connectPostgres, freshPostgresDatabase } from './support/postgres.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const HOUR = 3_600_000;

/*
 * Issue 14's daily promise at process level: three scheduler processes (test/support/daily-sim-process.ts: the real
 * scheduler, delivery log and PostgreSQL storage, on a fake clock so a day takes a second or two) on one database,
 * kept in step four simulated hours at a time; each day one of them is SIGKILLed in the middle of sending and a
 * fresh process takes its place at the next step. Scaled down from the issue's 30 days × 200 channels to 12 × 200,
 * to stay within a minute on two shared cores.
 */
const DAYS = 12;
const STEP = 4;
const CHANNELS = 200;
const ZONES = ['America/New_York', 'Europe/Berlin', 'Asia/Kolkata'];
// Crosses New York's spring-forward night (2026-03-08), where a local day is 23 hours long.
const START = '2026-03-05T00:00:00Z';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** A scheduler process; `lines` keeps its stdout, `next(test)` resolves with the first line from `from` on that matches. */
function simProcess(url: string, startAt: number, days: number, hold: boolean) {
  const child: ChildProcessWithoutNullStreams = spawn(process.execPath, ['--import', 'tsx', 'test/support/daily-sim-process.ts', url, new Date(startAt).toISOString(), String(days), String(STEP), ...(hold ? ['hold'] : [])], { cwd: ROOT, stdio: 'pipe' });
  const lines: string[] = [];
  const waiting: { test: (l: string) => boolean; resolve: (l: string) => void }[] = [];
  let stderr = '';
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  createInterface({ input: child.stdout }).on('line', (line) => {
    lines.push(line);
    for (const w of [...waiting]) if (w.test(line)) waiting.splice(waiting.indexOf(w), 1), w.resolve(line);
  });
  return {
    child,
    lines,
    exited,
    stderr: () => stderr,
    /** Resolves with the first line (from index `from` on) that matches, or rejects once the process has exited without one. */
    next(test: (l: string) => boolean, from = 0): Promise<string> {
      const seen = lines.slice(from).find(test);
      if (seen !== undefined) return Promise.resolve(seen);
      return Promise.race([
        new Promise<string>((resolve) => waiting.push({ test, resolve })),
        exited.then(() => lines.slice(from).find(test) ?? Promise.reject(new Error(`scheduler process exited; stderr:\n${stderr}`))),
      ]);
    },
    steps: () => lines.filter((l) => l === 'step').length,
  };
}
type Sim = ReturnType<typeof simProcess>;

describe('three daily scheduler processes on one PostgreSQL, one killed mid-send and replaced each day', () => {
  it(`post each of ${CHANNELS} channels in ${ZONES.length} zones at most once per local day over ${DAYS} simulated days, skipping none`, async () => {
    const db = await freshPostgresDatabase();
    cleanups.push(db.drop);
    const seed = await connectPostgres(db.url);
    const startAt = Date.parse(START);
    for (let i = 0; i < CHANNELS; i++) {
      await seed.schedules.enable({ channel: `console:c${i}`, timeOfDay: (i * 37) % 1440, timezone: ZONES[i % ZONES.length]!, by: 'console:test', now: startAt, seed: i });
    }
    await seed.close();

    let live: Sim[] = [0, 1, 2].map(() => simProcess(db.url, startAt, DAYS, false));
    const all = [...live];
    cleanups.push(async () => {
      for (const p of all) if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill('SIGKILL');
      await Promise.all(all.map((p) => p.exited));
    });
    const killed: Sim[] = [];
    const stepsPerDay = 24 / STEP;
    // Steps already completed by each live process when the current one began, so "has it finished this step" is exact.
    const doneAtStart = new Map<Sim, number>(live.map((p) => [p, 0]));
    for (let n = 0; n < DAYS * stepsPerDay; n++) {
      const day = Math.floor(n / stepsPerDay);
      const killStep = day * stepsPerDay + (day % stepsPerDay); // a different time of day each day
      if (n === killStep) {
        // Mid-send: the moment the victim reports a post in this step (or, if the others took every post, its step end).
        const victim = live[day % live.length]!;
        const from = victim.lines.length;
        await victim.next((l) => l.startsWith('{') || l === 'step', from);
        victim.child.kill('SIGKILL');
        await victim.exited;
        killed.push(victim);
        live = live.filter((p) => p !== victim);
        const others = live.map((p) => p.next(() => p.steps() > doneAtStart.get(p)!));
        // Its replacement starts at the end of this step and waits there for the others.
        const boundary = startAt + (n + 1) * STEP * HOUR;
        const fresh = simProcess(db.url, boundary, (DAYS * 24 - (n + 1) * STEP) / 24, true);
        all.push(fresh);
        await Promise.all([...others, fresh.next((l) => l === 'ready')]);
        for (const p of live) doneAtStart.set(p, p.steps());
        live.push(fresh);
        doneAtStart.set(fresh, 0);
      } else {
        await Promise.all(live.map((p) => p.next(() => p.steps() > doneAtStart.get(p)!)));
        for (const p of live) doneAtStart.set(p, p.steps());
      }
      if (n === DAYS * stepsPerDay - 1) break;
      for (const p of live) p.child.stdin.write('go\n');
    }
    for (const p of live) p.child.stdin.end();
    await Promise.all(live.map((p) => p.exited));
    expect(killed).toHaveLength(DAYS);

    const posts = all.flatMap((p) => p.lines.filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as { channel: string; at: number }));
    const perDay = new Map<string, number>();
    for (const p of posts) {
      const zone = ZONES[Number(p.channel.slice('console:c'.length)) % ZONES.length]!;
      const key = `${p.channel} ${new Date(p.at).toLocaleDateString('sv-SE', { timeZone: zone })}`;
      perDay.set(key, (perDay.get(key) ?? 0) + 1);
    }
    expect([...perDay.entries()].filter(([, n]) => n > 1)).toEqual([]);

    // What the database says: every claimed day was sent (or was being sent when its process died), none missed.
    const sql = new pg.Client({ connectionString: db.url });
    await sql.connect();
    const { rows } = await sql.query<{ channel: string; local_date: string; status: string }>('SELECT channel, local_date, status FROM daily_deliveries ORDER BY channel, local_date');
    await sql.end();
    expect(rows.filter((r) => r.status !== 'sent' && r.status !== 'sending')).toEqual([]);
    for (const r of rows) {
      const n = perDay.get(`${r.channel} ${r.local_date}`) ?? 0;
      // 'sent': on the platform once. 'sending': its process was killed between claiming and hearing back.
      if (r.status === 'sent') expect(n, `${r.channel} ${r.local_date}`).toBe(1);
      else expect(n).toBeLessThanOrEqual(1);
    }
    expect(perDay.size).toBe(rows.filter((r) => perDay.has(`${r.channel} ${r.local_date}`)).length);
    // No channel skipped a day: each one's dates run without a gap, DAYS or DAYS ± 1 of them by time of day and zone.
    const byChannel = new Map<string, string[]>();
    for (const r of rows) byChannel.set(r.channel, [...(byChannel.get(r.channel) ?? []), r.local_date]);
    expect(byChannel.size).toBe(CHANNELS);
    for (const [channel, dates] of byChannel) {
      const span = (Date.parse(dates.at(-1)!) - Date.parse(dates[0]!)) / 86_400_000 + 1;
      expect(span, channel).toBe(dates.length);
      expect(dates.length, channel).toBeGreaterThanOrEqual(DAYS - 1);
      expect(dates.length, channel).toBeLessThanOrEqual(DAYS + 1);
    }
    // Several processes did the sending: the race was real.
    expect(all.filter((p) => p.lines.some((l) => l.startsWith('{'))).length).toBeGreaterThanOrEqual(3);
  }, 120_000);
});
