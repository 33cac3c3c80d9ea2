import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** A post a scheduler process reported: the channel and the fake clock's time (UTC ms) when the platform took it. */
export interface SimPost {
  channel: string;
  at: number;
}

/**
 * One scheduler process (test/support/daily-sim-process.ts, whose header describes the line protocol) on `db`, a
 * SQLite file or a postgres:// URL, running `stepHours` simulated hours per `go`. It starts loading at once; `ready`
 * resolves with its claim id once it waits for `start`. Every stdout line is kept in `lines`.
 */
export function simProcess(db: string, stepHours: number) {
  const child: ChildProcessWithoutNullStreams = spawn(process.execPath, ['--import', 'tsx', 'test/support/daily-sim-process.ts', db, String(stepHours)], { cwd: ROOT, stdio: 'pipe' });
  const lines: string[] = [];
  const waiting: { test: (l: string, i: number) => boolean; resolve: (l: string) => void }[] = [];
  let stderr = '';
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  createInterface({ input: child.stdout }).on('line', (line) => {
    lines.push(line);
    for (const w of [...waiting]) if (w.test(line, lines.length - 1)) waiting.splice(waiting.indexOf(w), 1), w.resolve(line);
  });
  /** Resolves with the first line from index `from` on that passes `test`; rejects if the process exits without one. */
  const next = (test: (l: string, i: number) => boolean, from = 0): Promise<string> => {
    for (let i = from; i < lines.length; i++) if (test(lines[i]!, i)) return Promise.resolve(lines[i]!);
    return Promise.race([
      new Promise<string>((resolve) => waiting.push({ test, resolve })),
      exited.then(() => Promise.reject(new Error(`scheduler process exited (code ${child.exitCode}, signal ${child.signalCode}); stderr:\n${stderr}`))),
    ]);
  };
  const ready = next((l) => l.startsWith('ready ')).then((l) => l.slice('ready '.length));
  return {
    child,
    lines,
    exited,
    /** Its scheduler's instance id (the `claimed_by` of its claims), once it is loaded and connected. */
    ready,
    next,
    alive: () => child.exitCode === null && child.signalCode === null,
    /** Sets its clock (it starts a step only on `go`). */
    start(at: number): void {
      child.stdin.write(`start ${new Date(at).toISOString()}\n`);
    },
    /** Runs one step; `freeze` arms it to stop at its next send (see daily-sim-process.ts). */
    go(freeze?: 'claimed' | 'sent'): void {
      child.stdin.write(freeze ? `go ${freeze}\n` : 'go\n');
    },
    /** Resolves with `step` once it has finished `n` steps, or with its `frozen …` line if it froze first. */
    stepOrFrozen(n: number): Promise<string> {
      let steps = 0;
      return next((l) => l.startsWith('frozen ') || (l === 'step' && ++steps === n));
    },
    /** Its posts, in the order reported. */
    posts: (): SimPost[] => lines.filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as SimPost),
  };
}

export type Sim = ReturnType<typeof simProcess>;
