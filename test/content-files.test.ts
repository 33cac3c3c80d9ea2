import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { MAX_CHAPTER_BYTES } from '../src/content/chapter-files.js';
import { ContentError, loadLibrary, parseChapter } from '../src/content/content-loader.js';
import { BUNDLED_CONTENT } from './support/test-bot.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

const chapter = (n: number) => `---
chapter: ${n}
title: Chapter ${n}
---

## Idea ${n}
section: Basics

- A takeaway about idea ${n}.
`;

const folders: string[] = [];
afterEach(() => {
  for (const dir of folders.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A real notes folder in the temp directory, with one good chapter in it. */
function notesFolder(): string {
  const dir = mkdtempSync(join(tmpdir(), 'notes-'));
  folders.push(dir);
  writeFileSync(join(dir, 'ch01.md'), chapter(1));
  return dir;
}

function problems(dir: string): string[] {
  try {
    loadLibrary(dir);
  } catch (err) {
    if (err instanceof ContentError) return err.problems;
    throw err;
  }
  return [];
}

/** `npm run content:check` as a real child process, killed if it has not finished within 20 s (a hang). */
function contentCheck(dir: string): Promise<{ code: number | null; stdout: string; stderr: string; hung: boolean }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/content/content-check.ts'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', CONTENT_DIR: dir },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  let hung = false;
  const timer = setTimeout(() => {
    hung = true;
    child.kill('SIGKILL');
  }, 20_000);
  return new Promise((resolve) =>
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, hung });
    }),
  );
}

describe('a notes folder holding things that are not chapter files', { timeout: 40_000 }, () => {
  it('reports a symbolic link loop and a folder named like a chapter as file: problem, and loads the rest', () => {
    const dir = notesFolder();
    symlinkSync('loop.md', join(dir, 'loop.md'));
    mkdirSync(join(dir, 'x.md'));
    expect(problems(dir)).toEqual([
      `${dir}/loop.md: is a symbolic link loop: point the link at a real file, or remove it`,
      `${dir}/x.md: is a folder, not a chapter file: rename it or move it out of the notes folder`,
    ]);
  });

  it('reports invalid UTF-8 with its line instead of loading replacement characters', () => {
    const dir = notesFolder();
    const text = Buffer.from(chapter(2).replace('A takeaway', 'A caf\u00e9 takeaway'), 'utf8');
    // Latin-1 'é' (0xE9) where UTF-8 needs two bytes: what an editor saving as Windows-1252 writes.
    const latin1 = Buffer.from(chapter(2).replace('A takeaway', 'A caf\u00e9 takeaway'), 'latin1');
    writeFileSync(join(dir, 'ch02.md'), latin1);
    expect(problems(dir)).toEqual([`${dir}/ch02.md: is not valid UTF-8 (line 9): save it as UTF-8 in your editor`]);
    writeFileSync(join(dir, 'ch02.md'), text);
    expect(loadLibrary(dir).takeaways.map((t) => t.text)).toContain('A caf\u00e9 takeaway about idea 2.');
  });

  it('refuses a chapter file over the size limit, saying the limit', () => {
    const dir = notesFolder();
    writeFileSync(join(dir, 'ch02.md'), chapter(2) + '<!-- padding -->\n'.repeat(Math.ceil((2 * MAX_CHAPTER_BYTES) / 17)));
    expect(problems(dir)).toEqual([`${dir}/ch02.md: is 2.0 MB; a chapter file may be at most 1.0 MB: split it into several chapters`]);
  });

  it('follows a symbolic link to a chapter inside the folder, but not one leading out of it', () => {
    const dir = notesFolder();
    const outside = notesFolder();
    mkdirSync(join(dir, 'drafts'));
    writeFileSync(join(dir, 'drafts', 'two.txt'), chapter(2));
    symlinkSync(join('drafts', 'two.txt'), join(dir, 'ch02.md'));
    expect(loadLibrary(dir).chapters.map((c) => c.number)).toEqual([1, 2]);
    symlinkSync(join(outside, 'ch01.md'), join(dir, 'ch03.md'));
    expect(problems(dir)).toEqual([`${dir}/ch03.md: is a symbolic link to ${outside}/ch01.md, outside the notes folder: copy the file in instead`]);
  });

  it('never opens a named pipe: content:check reports it and exits instead of waiting forever', async () => {
    const dir = notesFolder();
    execFileSync('mkfifo', [join(dir, 'pipe.md')]);
    const run = await contentCheck(dir);
    expect(run.hung).toBe(false);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`${dir}/pipe.md: is a named pipe (FIFO), not a chapter file`);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('the optional off-topic.txt beside the chapters', { timeout: 40_000 }, () => {
  it('loads one example per line, skipping comments and blank lines, in either line ending', () => {
    const dir = notesFolder();
    expect(loadLibrary(dir).offTopic).toBeUndefined();
    writeFileSync(join(dir, 'off-topic.txt'), '# examples\r\nhow do i mount a docker volume\r\n\r\n  tell me a joke  \n#done\n');
    expect(loadLibrary(dir).offTopic).toEqual(['how do i mount a docker volume', 'tell me a joke']);
  });

  it('is read with the same care as a chapter: a folder, bad UTF-8 or a named pipe is reported, never waited on', async () => {
    const dir = notesFolder();
    mkdirSync(join(dir, 'off-topic.txt'));
    expect(problems(dir)).toEqual([`${dir}/off-topic.txt: is a folder, not a text file: rename it or move it out of the notes folder`]);
    rmSync(join(dir, 'off-topic.txt'), { recursive: true });
    writeFileSync(join(dir, 'off-topic.txt'), Buffer.from('ok\ncaf\u00e9 talk\n', 'latin1'));
    expect(problems(dir)).toEqual([`${dir}/off-topic.txt: is not valid UTF-8 (line 2): save it as UTF-8 in your editor`]);
    writeFileSync(join(dir, 'off-topic.txt'), 'tell me a joke\n'.repeat(Math.ceil((2 * MAX_CHAPTER_BYTES) / 15)));
    expect(problems(dir)).toEqual([`${dir}/off-topic.txt: is 2.0 MB; a text file may be at most 1.0 MB: keep the examples that matter most`]);
    rmSync(join(dir, 'off-topic.txt'));
    execFileSync('mkfifo', [join(dir, 'off-topic.txt')]);
    const run = await contentCheck(dir);
    expect(run.hung).toBe(false);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`${dir}/off-topic.txt: is a named pipe (FIFO)`);
  });
});

describe('content errors a writer can act on', () => {
  it('report a missing closing --- once, as the cause, not as a problem per line', () => {
    const file = join(BUNDLED_CONTENT, 'ch04-training-data.md');
    const text = readFileSync(file, 'utf8').replace(/^(title: .*\n)---\n/m, '$1');
    const found = parseChapter(text, 'ch04.md').problems;
    expect(found).toEqual([`ch04.md:1: front matter is not closed: add a '---' line after 'chapter:' and 'title:' (before line 5)`]);
    expect(parseChapter('---\nchapter: 1\ntitle: T\n', 'ch.md').problems).toEqual([
      `ch.md:1: front matter is not closed: add a '---' line after 'chapter:' and 'title:' (before the end of the file)`,
    ]);
  });

  it('name files relative to the current folder, so the path can be opened as printed', () => {
    const broken = join(ROOT, 'test/fixtures/broken-content');
    const found = problems(broken);
    expect(found.length).toBeGreaterThan(0);
    const relativeToHere = join(broken, 'ch01-broken.md').slice(process.cwd().length + 1);
    for (const p of found) expect(p.startsWith(`${relativeToHere}:`), p).toBe(true);
  });
});
