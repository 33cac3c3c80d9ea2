import { spawn } from 'node:child_process';
import { copyFileSync, cpSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** `npm start -s -- …args` as a new user runs it, in `cwd`, with only PATH and HOME from this environment. */
function npmStart(cwd: string, args: string[], input: string): Promise<Run> {
  const child = spawn('npm', ['start', '-s', '--', ...args], {
    cwd,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? cwd, npm_config_update_notifier: 'false' },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  child.stdin.end(input);
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, stdout, stderr })));
}

// Each run starts npm, Node and tsx; on a busy two-core machine that alone can take several seconds.
describe('a fresh clone, run the way the README says', { timeout: 90_000 }, () => {
  let clone: string;

  beforeAll(() => {
    // A copy of what `git clone` gives (without .env), sharing this checkout's installed packages.
    clone = mkdtempSync(join(tmpdir(), 'studybot-clone-'));
    for (const entry of ['src', 'commands', 'content', 'package.json', 'tsconfig.json', '.env.example']) {
      cpSync(join(ROOT, entry), join(clone, entry), { recursive: true });
    }
    symlinkSync(join(ROOT, 'node_modules'), join(clone, 'node_modules'));
  });
  afterAll(() => rmSync(clone, { recursive: true, force: true }));

  it('gives the same quiet console after copying .env.example to .env as without it', async () => {
    const script = '/ask what is SMOTE?\n/help\n';
    const without = await npmStart(clone, ['--json'], script);
    copyFileSync(join(clone, '.env.example'), join(clone, '.env'));
    const withEnv = await npmStart(clone, ['--json'], script);
    expect(without).toMatchObject({ code: 0, stderr: '' });
    expect(without.stdout.trim().split('\n')).toHaveLength(2);
    expect(withEnv).toEqual(without);
  });

  it('prints usage for --help: the flags, where settings come from, where the docs are', async () => {
    const run = await npmStart(clone, ['--help'], '');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Usage: npm start/);
    for (const words of ['--json', '.env.example', 'README.md', 'content:check']) expect(run.stdout).toContain(words);
    expect(run.stderr).toBe('');
  });

  it('refuses an unknown flag or argument with exit code 2 and says where the options are', async () => {
    for (const args of [['--jsno'], ['ask', 'SMOTE']]) {
      const run = await npmStart(clone, args, '');
      expect(run.code, args.join(' ')).toBe(2);
      expect(run.stderr, args.join(' ')).toMatch(/^(Unknown option '--jsno'|Unexpected argument 'ask')[^\n]*\nRun `npm start -- --help` to see the options\.\n$/);
      expect(run.stdout).toBe('');
    }
  });
});
