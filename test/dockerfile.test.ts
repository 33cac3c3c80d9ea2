import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { basename, join, posix } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it, onTestFinished } from 'vitest';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

interface Instruction {
  keyword: string;
  args: string;
}
interface Stage {
  from: string;
  name?: string;
  workdir: string;
  instructions: Instruction[];
}

/** Just enough of the Dockerfile grammar for our file: comments, line continuations, ARG defaults, stages. */
function parseDockerfile(text: string): { args: Record<string, string>; stages: Stage[] } {
  const logical = text
    .replace(/\\\r?\n/g, ' ')
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'));
  const args: Record<string, string> = {};
  const stages: Stage[] = [];
  for (const line of logical) {
    const [, keyword = '', rest = ''] = /^(\S+)\s*(.*)$/.exec(line) ?? [];
    const instruction = { keyword: keyword.toUpperCase(), args: rest.replace(/\s+/g, ' ') };
    if (instruction.keyword === 'ARG' && stages.length === 0) {
      const [name = '', value = ''] = rest.split('=');
      args[name] = value;
    } else if (instruction.keyword === 'FROM') {
      const m = /^(\S+)(?:\s+AS\s+(\S+))?$/i.exec(rest)!;
      stages.push({ from: m[1]!.replace(/\$\{(\w+)\}/g, (_, n: string) => args[n] ?? ''), ...(m[2] ? { name: m[2] } : {}), workdir: '/', instructions: [] });
    } else {
      const stage = stages.at(-1)!;
      if (instruction.keyword === 'WORKDIR') stage.workdir = posix.resolve(stage.workdir, rest);
      stage.instructions.push(instruction);
    }
  }
  return { args, stages };
}

/** `.dockerignore` patterns as regexps, last match wins, `!` re-includes: Docker's rules for our simple patterns. */
function ignored(patterns: string[], path: string): boolean {
  let result = false;
  for (const raw of patterns) {
    const negate = raw.startsWith('!');
    const glob = negate ? raw.slice(1) : raw;
    const re = new RegExp(`^${glob.replace(/[.+^$()|[\]{}]/g, '\\$&').replace(/\*/g, '[^/]*')}(/.*)?$`);
    if (re.test(path)) result = !negate;
  }
  return result;
}

const dockerfile = parseDockerfile(readFileSync(join(ROOT, 'Dockerfile'), 'utf8'));
const dockerignore = readFileSync(join(ROOT, '.dockerignore'), 'utf8')
  .split(/\r?\n/)
  .map((l) => l.trim())
  .filter((l) => l && !l.startsWith('#'));
const build = dockerfile.stages.find((s) => s.name === 'build')!;
const runtime = dockerfile.stages.at(-1)!;
const runs = (stage: Stage) => stage.instructions.filter((i) => i.keyword === 'RUN').map((i) => i.args).join(' && ');
const env = Object.fromEntries(
  runtime.instructions
    .filter((i) => i.keyword === 'ENV')
    .flatMap((i) => i.args.split(' '))
    .map((kv) => kv.split('=') as [string, string]),
);

describe('the Dockerfile', () => {
  it('builds in a stage with the compilers and ships a slim Node LTS runtime without them', () => {
    expect(dockerfile.stages).toHaveLength(2);
    expect(['22', '24']).toContain(dockerfile.args.NODE_VERSION);
    // The same Node major in both stages: better-sqlite3's addon is compiled for one ABI.
    expect(build.from).toBe(`node:${dockerfile.args.NODE_VERSION}-bookworm-slim`);
    expect(runtime.from).toBe(`node:${dockerfile.args.NODE_VERSION}-bookworm-slim`);
    expect(runs(build)).toMatch(/apt-get install .*python3 make g\+\+/);
    expect(runs(runtime)).not.toMatch(/python3|make|g\+\+|build-essential/);
  });

  it('runs the tests and builds before anything is copied to the runtime, and ships production dependencies only', () => {
    const steps = runs(build);
    const order = ['npm ci', 'npm test', 'npm run build', 'npm prune --omit=dev'].map((s) => steps.indexOf(s));
    expect(order.every((i) => i >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
  });

  it('runs as a non-root user under an init process that forwards SIGTERM', () => {
    const users = runtime.instructions.filter((i) => i.keyword === 'USER').map((i) => i.args);
    expect(users).toHaveLength(1);
    expect(users[0]).not.toMatch(/^(root|0)(:|$)/);
    expect(runs(runtime)).toMatch(/apt-get install .*\btini\b/);
    const entrypoint = JSON.parse(runtime.instructions.find((i) => i.keyword === 'ENTRYPOINT')!.args) as string[];
    expect(entrypoint).toEqual(['/usr/bin/tini', '--']);
    expect(JSON.parse(runtime.instructions.find((i) => i.keyword === 'CMD')!.args)).toEqual(['node', 'dist/src/main.js']);
  });

  it('keeps the database on a /data volume the user can write, mounted as a folder', () => {
    expect(env.DATABASE_PATH).toBe('/data/studybot.db');
    const volume = JSON.parse(runtime.instructions.find((i) => i.keyword === 'VOLUME')!.args) as string[];
    expect(volume).toEqual([posix.dirname(env.DATABASE_PATH!)]);
    const user = runtime.instructions.find((i) => i.keyword === 'USER')!.args;
    expect(runs(runtime)).toContain(`chown ${user}:${user} /data`);
    // The chown must happen before USER drops root, or it cannot run.
    const keywords = runtime.instructions.map((i) => `${i.keyword} ${i.args}`);
    expect(keywords.findIndex((k) => k.includes('chown'))).toBeLessThan(keywords.findIndex((k) => k.startsWith('USER')));
  });

  it('checks health through /healthz on the port it exposes', () => {
    expect(env.HTTP_PORT).toBe('8080');
    expect(runtime.instructions.find((i) => i.keyword === 'EXPOSE')?.args).toBe(env.HTTP_PORT);
    const check = runtime.instructions.find((i) => i.keyword === 'HEALTHCHECK')!.args;
    expect(check).toMatch(/CMD \["node", "dist\/src\/ops\/healthcheck\.js"\]$/);
  });

  it('sends the build what it needs and keeps secrets, databases and host builds out', () => {
    for (const needed of ['package.json', 'package-lock.json', 'tsconfig.json', 'tsconfig.build.json', 'vitest.config.ts', 'src/main.ts', 'commands/index.ts', 'content/README.md', 'test/support/test-bot.ts', '.env.example', 'README.md', 'Dockerfile']) {
      expect(ignored(dockerignore, needed), needed).toBe(false);
    }
    for (const kept of ['.env', '.env.local', 'node_modules/x', 'dist/src/main.js', 'data/studybot.db', 'studybot.db', 'studybot.db-wal', '.git/HEAD']) {
      expect(ignored(dockerignore, kept), kept).toBe(true);
    }
  });
});

/** Frees a port number for a child to take. */
function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

describe('the image layout', () => {
  // `/app` in the image becomes `image`, `/data` becomes `data`; the build stage is this checkout plus `npm run build`.
  const base = mkdtempSync(join(tmpdir(), 'image-'));
  const buildOut = join(base, 'build');
  const image = join(base, 'app');
  const data = join(base, 'data');
  const mapPath = (p: string) => p.replace(/^\/app(?=\/|$)/, image).replace(/^\/data(?=\/|$)/, data);
  let runtimeEnv: Record<string, string>;

  beforeAll(() => {
    const built = spawnSync('npm', ['run', 'build', '--', '--outDir', join(buildOut, 'dist')], { cwd: ROOT, encoding: 'utf8' });
    expect(built.status, built.stdout + built.stderr).toBe(0);
    mkdirSync(image, { recursive: true });
    mkdirSync(data, { recursive: true });
    // Replay the runtime stage's COPY --from=build lines.
    for (const copy of runtime.instructions.filter((i) => i.keyword === 'COPY')) {
      const parts = copy.args.split(' ');
      expect(parts[0], 'runtime copies only from the build stage').toBe('--from=build');
      const dest = posix.resolve(runtime.workdir, parts.at(-1)!);
      for (const src of parts.slice(1, -1)) {
        const rel = posix.relative(build.workdir, src);
        const target = parts.length > 3 || dest.endsWith('/') ? join(mapPath(dest), basename(rel)) : mapPath(dest);
        if (rel === 'node_modules') symlinkSync(join(ROOT, 'node_modules'), target);
        else if (rel === 'dist' || rel.startsWith('dist/')) cpSync(join(buildOut, rel), target, { recursive: true });
        else {
          expect(ignored(dockerignore, rel), `${rel} is in .dockerignore`).toBe(false);
          cpSync(join(ROOT, rel), target, { recursive: true });
        }
      }
    }
    runtimeEnv = { PATH: process.env.PATH!, ...Object.fromEntries(Object.entries(env).map(([k, v]) => [k, mapPath(v)])) };
  }, 180_000);

  it('answers commands from the compiled app with the bundled notes and migrations', () => {
    const run = spawnSync(process.execPath, runtime.instructions.find((i) => i.keyword === 'CMD')!.args.match(/"([^"]+)"/g)!.slice(1).map((s) => s.slice(1, -1)).concat('--json'), {
      cwd: image,
      env: { ...runtimeEnv, HTTP_PORT: '' },
      input: '/random\n/chapter 4\n',
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const replies = run.stdout.trim().split('\n').map((l) => JSON.parse(l) as { kind: string });
    expect(replies.map((r) => r.kind)).toEqual(['answer', expect.stringMatching(/answer|info/)]);
    expect(existsSync(join(data, 'studybot.db'))).toBe(true);
  }, 90_000);

  it('passes its own HEALTHCHECK while running, backs up with the compiled backup tool, and stops cleanly on SIGTERM', async () => {
    const port = String(await freePort());
    const bot = spawn(process.execPath, ['dist/src/main.js', '--json'], { cwd: image, env: { ...runtimeEnv, HTTP_PORT: port, LOG_LEVEL: 'info' }, stdio: ['pipe', 'pipe', 'pipe'] });
    onTestFinished(() => {
      if (bot.exitCode === null && bot.signalCode === null) bot.kill('SIGKILL');
    });
    const exited = new Promise<number | null>((resolve) => bot.on('exit', (code) => resolve(code)));
    await new Promise<void>((resolve) => {
      createInterface({ input: bot.stderr }).on('line', (line) => {
        if (line.includes('serving /healthz and /metrics')) resolve();
      });
    });

    const check = spawnSync(process.execPath, ['dist/src/ops/healthcheck.js'], { cwd: image, env: { ...runtimeEnv, HTTP_PORT: port }, encoding: 'utf8', timeout: 30_000 });
    expect(check.status, check.stderr).toBe(0);
    expect(check.stdout).toMatch(/^200 \{"status":"ok"/);

    const backup = spawnSync(process.execPath, ['dist/src/ops/backup-cli.js', join(data, 'backups', 'copy.db')], { cwd: image, env: runtimeEnv, encoding: 'utf8', timeout: 30_000 });
    expect(backup.stderr).toBe('');
    expect(backup.status).toBe(0);
    expect(existsSync(join(data, 'backups', 'copy.db'))).toBe(true);

    bot.kill('SIGTERM');
    expect(await exited).toBe(0);
    const after = spawnSync(process.execPath, ['dist/src/ops/healthcheck.js'], { cwd: image, env: { ...runtimeEnv, HTTP_PORT: port }, encoding: 'utf8', timeout: 30_000 });
    expect(after.status).toBe(1);
    expect(after.stderr).toContain(`No answer from /healthz on port ${port}`);
  }, 90_000);
});
