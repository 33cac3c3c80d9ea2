// Reads the chapter files of a notes folder, refusing anything that is not a regular, readable UTF-8 file of a
// sane size. Every refusal is a `file: what is wrong` line, the same shape as the parser's problems.
import { closeSync, constants, fstatSync, lstatSync, openSync, readdirSync, readSync, realpathSync, statSync } from 'node:fs';
import { isAbsolute, join, relative, sep } from 'node:path';

/** The largest chapter file read (1 MB). The bundled chapters are ~30 KB; a 20 MB file once took ~700 MB to load. */
export const MAX_CHAPTER_BYTES = 1024 * 1024;

export interface ChapterFile {
  /** How the file is named in messages: relative to the current folder when inside it, else absolute. */
  label: string;
  text: string;
}

export interface ChapterFiles {
  files: ChapterFile[];
  problems: string[];
  /** `off-topic.txt`, when the folder has one: questions the notes do not answer (see content/README.md). */
  offTopic?: ChapterFile;
}

/** The optional file of off-topic example questions in a notes folder. */
export const OFF_TOPIC_FILE = 'off-topic.txt';

/**
 * `/srv/notes/ch1.md` as a person at the terminal can open it: relative to the current folder when inside it,
 * absolute otherwise (a `../../..` chain is harder to read than the absolute path).
 */
export function displayPath(path: string, cwd = process.cwd()): string {
  const rel = relative(cwd, path);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : path;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

function kindOf(s: { isDirectory(): boolean; isFIFO(): boolean; isSocket(): boolean; isBlockDevice(): boolean; isCharacterDevice(): boolean }): string {
  if (s.isDirectory()) return 'a folder';
  if (s.isFIFO()) return 'a named pipe (FIFO)';
  if (s.isSocket()) return 'a socket';
  if (s.isBlockDevice() || s.isCharacterDevice()) return 'a device';
  return 'not a regular file';
}

function megabytes(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

/** The 1-based line of the first byte sequence that is not UTF-8. A newline byte never occurs inside a UTF-8 character. */
function firstBadLine(bytes: Uint8Array): number {
  let line = 1;
  let start = 0;
  for (let i = 0; i <= bytes.length; i++) {
    if (i < bytes.length && bytes[i] !== 0x0a) continue;
    try {
      utf8.decode(bytes.subarray(start, i));
    } catch {
      return line;
    }
    line++;
    start = i + 1;
  }
  return line;
}

/** What a file in a notes folder is, for messages: its name in "not a …", and how to make a too-large one fit. */
interface FileKind {
  noun: string;
  tooLarge: string;
}
const CHAPTER: FileKind = { noun: 'a chapter file', tooLarge: 'split it into several chapters' };
const OFF_TOPIC: FileKind = { noun: 'a text file', tooLarge: 'keep the examples that matter most' };

/**
 * Why `path` cannot be read as a notes file, or undefined when it is a regular file (or a symbolic link to one inside
 * the folder). Only metadata is read: a named pipe is never opened, since opening one blocks until a writer comes.
 */
function refusal(path: string, folder: string, kind: FileKind): string | undefined {
  let link;
  try {
    link = lstatSync(path);
  } catch (err) {
    return `cannot be read (${(err as NodeJS.ErrnoException).code ?? String(err)})`;
  }
  if (!link.isSymbolicLink()) return link.isFile() ? undefined : `is ${kindOf(link)}, not ${kind.noun}: rename it or move it out of the notes folder`;
  // A link is followed only to a regular file inside the notes folder: a link out of it would let a notes folder
  // (often mounted from elsewhere) pull any file the bot can read into its error messages.
  let target;
  try {
    target = realpathSync(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ELOOP') return 'is a symbolic link loop: point the link at a real file, or remove it';
    if (code === 'ENOENT') return 'is a symbolic link to a file that does not exist';
    return `is a symbolic link that cannot be followed (${code ?? String(err)})`;
  }
  if (target !== folder && !target.startsWith(folder + sep)) return `is a symbolic link to ${target}, outside the notes folder: copy the file in instead`;
  const s = statSync(target);
  return s.isFile() ? undefined : `is a symbolic link to ${kindOf(s)}, not to ${kind.noun}`;
}

/** Reads one checked file; O_NONBLOCK so that a file swapped for a pipe after the check still cannot hang us. */
function readChecked(path: string, kind: FileKind): { text: string } | { problem: string } {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (err) {
    return { problem: `cannot be read (${(err as NodeJS.ErrnoException).code ?? String(err)})` };
  }
  try {
    const s = fstatSync(fd);
    if (!s.isFile()) return { problem: `is ${kindOf(s)}, not ${kind.noun}` };
    if (s.size > MAX_CHAPTER_BYTES) {
      return { problem: `is ${megabytes(s.size)}; ${kind.noun} may be at most ${megabytes(MAX_CHAPTER_BYTES)}: ${kind.tooLarge}` };
    }
    // One byte more than allowed, so a file that grew since fstat is caught rather than read whole.
    const buf = Buffer.alloc(MAX_CHAPTER_BYTES + 1);
    let n = 0;
    for (let got; n < buf.length && (got = readSync(fd, buf, n, buf.length - n, null)) > 0; ) n += got;
    if (n > MAX_CHAPTER_BYTES) return { problem: `is larger than ${megabytes(MAX_CHAPTER_BYTES)}: ${kind.tooLarge}` };
    const bytes = buf.subarray(0, n);
    try {
      return { text: utf8.decode(bytes) };
    } catch {
      return { problem: `is not valid UTF-8 (line ${firstBadLine(bytes)}): save it as UTF-8 in your editor` };
    }
  } finally {
    closeSync(fd);
  }
}

/**
 * The chapter files in `dir` (every `*.md` but README.md, sorted), each read as UTF-8 text, plus a problem for each
 * that is not a regular file, is too large or is not UTF-8; and `off-topic.txt` when present, read the same way.
 * Throws only for a folder that cannot be listed.
 */
export function readChapterFiles(dir: string): ChapterFiles {
  const all = readdirSync(dir);
  const names = all.filter((n) => n.endsWith('.md') && n.toLowerCase() !== 'readme.md').sort();
  const folder = realpathSync(dir);
  const files: ChapterFile[] = [];
  const problems: string[] = [];
  // Each file is refused on its metadata, or read; either way it becomes a file or a `file: problem` line.
  const readOne = (name: string, kind: FileKind): ChapterFile | undefined => {
    const path = join(dir, name);
    const label = displayPath(path);
    const refused = refusal(path, folder, kind);
    const read = refused ? { problem: refused } : readChecked(path, kind);
    if ('problem' in read) problems.push(`${label}: ${read.problem}`);
    else return { label, text: read.text };
    return undefined;
  };
  for (const name of names) {
    const file = readOne(name, CHAPTER);
    if (file) files.push(file);
  }
  const offTopic = all.includes(OFF_TOPIC_FILE) ? readOne(OFF_TOPIC_FILE, OFF_TOPIC) : undefined;
  return { files, problems, ...(offTopic ? { offTopic } : {}) };
}
