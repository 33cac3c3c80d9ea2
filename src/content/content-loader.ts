import { createHash } from 'node:crypto';
import { statSync } from 'node:fs';
import { displayPath, readChapterFiles } from './chapter-files.js';
import { truncate } from '../core/truncate.js';
import type { Chapter, Concept, Difficulty, Library, Question, Takeaway } from './types.js';

/** Every problem found in a content folder, each as `file:line: what is wrong`. */
export class ContentError extends Error {
  constructor(readonly problems: string[]) {
    super(`Content has ${problems.length} problem${problems.length === 1 ? '' : 's'}:\n${problems.map((p) => `  ${p}`).join('\n')}`);
    this.name = 'ContentError';
  }
}

const CONCEPT_KEYS = new Set(['aliases', 'asked', 'section', 'related', 'id']);
const DIFFICULTIES = new Set<string>(['easy', 'medium', 'hard']);
const KEY_LINE = /^([a-z]+):\s*(.*)$/;
const OPTION_LINE = /^- \[( |x|X)\]\s+(.*)$/;
const SECTION_PREFIX = /^\(§\s*([^)]+)\)\s*/;

/** `Reservoir sampling` → `reservoir-sampling`. */
export function slugify(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

function questionId(chapter: number, text: string): string {
  const digest = createHash('sha1').update(text.trim().replace(/\s+/g, ' ').toLowerCase()).digest('hex');
  return `q${chapter}-${digest.slice(0, 8)}`;
}

function splitList(value: string): string[] {
  return value
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

interface DraftConcept extends Omit<Concept, 'takeaways' | 'section'> {
  section?: string;
  takeawayDrafts: { text: string; section?: string; line: number }[];
  line: number;
}

interface DraftQuestion {
  text: string;
  line: number;
  teaches?: string;
  difficulty?: string;
  options: { text: string; correct: boolean; line: number }[];
  explanation?: string;
}

export interface ParsedChapter {
  chapter?: Chapter;
  problems: string[];
}

/** Parses one chapter file. Problems are collected, not thrown, so a writer sees them all at once. */
export function parseChapter(text: string, file: string): ParsedChapter {
  const problems: string[] = [];
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const at = (line: number, message: string) => problems.push(`${file}:${line}: ${message}`);

  // Front matter.
  let i = 0;
  while (i < lines.length && lines[i]!.trim() === '') i++;
  const meta: Record<string, string> = {};
  const metaLine: Record<string, number> = {};
  if (lines[i]?.trim() !== '---') {
    at(i + 1, "expected front matter starting with '---' (chapter: N, title: …)");
    return { problems };
  }
  const frontStart = i + 1;
  i++;
  // Held back until the closing '---' is found: without it every line of the chapter would be "not key: value",
  // hundreds of problems burying the one cause.
  const frontProblems: [number, string][] = [];
  // A heading is never front matter: reaching one means the closing '---' is missing.
  for (; i < lines.length && lines[i]!.trim() !== '---' && !lines[i]!.startsWith('#'); i++) {
    const line = lines[i]!;
    if (line.trim() === '') continue;
    const m = /^([A-Za-z]+):\s*(.*)$/.exec(line.trim());
    if (!m) frontProblems.push([i + 1, `front matter line is not 'key: value': ${JSON.stringify(line.trim())}`]);
    else {
      meta[m[1]!.toLowerCase()] = m[2]!.trim();
      metaLine[m[1]!.toLowerCase()] = i + 1;
    }
  }
  if (i >= lines.length || lines[i]!.trim() !== '---') {
    const before = i < lines.length ? `before line ${i + 1}` : 'before the end of the file';
    at(frontStart, `front matter is not closed: add a '---' line after 'chapter:' and 'title:' (${before})`);
    return { problems };
  }
  for (const [line, message] of frontProblems) at(line, message);
  i++;
  const chapterNumber = Number(meta.chapter);
  if (!meta.chapter || !Number.isInteger(chapterNumber) || chapterNumber < 1) {
    at(metaLine.chapter ?? frontStart, `front matter needs 'chapter:' with a whole number from 1, got ${JSON.stringify(meta.chapter ?? '')}`);
  }
  if (!meta.title) at(frontStart, "front matter needs 'title:'");

  const concepts: DraftConcept[] = [];
  const questions: DraftQuestion[] = [];
  let mode: 'none' | 'concept' | 'quiz' = 'none';
  let concept: DraftConcept | undefined;
  let question: DraftQuestion | undefined;
  // What an indented line continues: a takeaway, an explanation, or nothing.
  let continues: ((more: string) => void) | undefined;

  for (; i < lines.length; i++) {
    const lineNo = i + 1;
    const raw = lines[i]!;
    const line = raw.trim();
    if (line === '' || line.startsWith('<!--')) {
      continues = undefined;
      continue;
    }
    if (/^\s/.test(raw) && continues) {
      continues(line);
      continue;
    }
    continues = undefined;
    if (/^# /.test(raw)) continue; // a chapter heading for readers; the front matter is authoritative
    if (/^## /.test(raw)) {
      const title = line.slice(3).trim();
      question = undefined;
      if (title.toLowerCase() === 'quiz') {
        mode = 'quiz';
        concept = undefined;
        continue;
      }
      if (mode === 'quiz') {
        at(lineNo, `concept heading '${title}' after '## Quiz': put concepts before the quiz`);
      }
      mode = 'concept';
      concept = {
        id: slugify(title),
        title,
        chapter: chapterNumber,
        aliases: [],
        asked: [],
        related: [],
        source: `${file}:${lineNo}`,
        takeawayDrafts: [],
        line: lineNo,
      };
      if (!concept.id) at(lineNo, 'concept heading has no title');
      concepts.push(concept);
      continue;
    }
    if (mode === 'none') {
      at(lineNo, "text before the first '## Concept' heading");
      continue;
    }
    if (mode === 'concept' && concept) {
      const c = concept;
      if (line.startsWith('- ')) {
        let body = line.slice(2).trim();
        let section: string | undefined;
        const sm = SECTION_PREFIX.exec(body);
        if (sm) {
          section = sm[1]!.trim();
          body = body.slice(sm[0].length);
        }
        const draft = { text: body, section, line: lineNo };
        c.takeawayDrafts.push(draft);
        continues = (more) => {
          draft.text += ` ${more}`;
        };
        continue;
      }
      const km = KEY_LINE.exec(line);
      if (km && c.takeawayDrafts.length === 0) {
        const [, key, value] = km as unknown as [string, string, string];
        if (!CONCEPT_KEYS.has(key)) {
          at(lineNo, `unknown concept key '${key}' (known: ${[...CONCEPT_KEYS].join(', ')})`);
        } else if (key === 'aliases') c.aliases = splitList(value);
        // `asked:` may repeat; each line holds phrasings separated by ';' (they contain commas).
        else if (key === 'asked') c.asked.push(...value.split(';').map((v) => v.trim()).filter(Boolean));
        else if (key === 'related') c.related = splitList(value);
        else if (key === 'section') c.section = value.trim();
        else if (key === 'id') {
          const id = slugify(value);
          if (id !== value.trim()) at(lineNo, `id must be kebab-case, like '${id}'`);
          c.id = id;
        }
        continue;
      }
      at(lineNo, km ? `'${km[1]}:' must come before the takeaways` : "expected a takeaway starting with '- ' or a 'key: value' line");
      continue;
    }
    // Quiz mode.
    if (/^### /.test(raw)) {
      question = { text: line.slice(4).trim(), line: lineNo, options: [] };
      questions.push(question);
      continue;
    }
    if (!question) {
      at(lineNo, "expected a question heading '### Question text?'");
      continue;
    }
    const q = question;
    const om = OPTION_LINE.exec(line);
    if (om) {
      q.options.push({ text: om[2]!.trim(), correct: om[1] !== ' ', line: lineNo });
      continue;
    }
    const km = KEY_LINE.exec(line);
    if (km) {
      const [, key, value] = km as unknown as [string, string, string];
      if (key === 'teaches') q.teaches = value.trim();
      else if (key === 'difficulty') q.difficulty = value.trim();
      else if (key === 'explanation') {
        q.explanation = value.trim();
        continues = (more) => {
          q.explanation = `${q.explanation} ${more}`.trim();
        };
      } else at(lineNo, `unknown question key '${key}' (known: teaches, difficulty, explanation)`);
      continue;
    }
    at(lineNo, "expected '- [ ] option', '- [x] option', 'teaches:', 'difficulty:' or 'explanation:'");
  }

  // Per-file checks and assembly.
  const builtConcepts: Concept[] = concepts.map((d) => {
    if (!d.section) at(d.line, `concept '${d.title}' needs 'section:' (the book's section its takeaways come from)`);
    if (d.takeawayDrafts.length === 0) at(d.line, `concept '${d.title}' has no takeaways ('- ' lines)`);
    const takeaways: Takeaway[] = d.takeawayDrafts.map((t, n) => {
      if (t.text.length === 0) at(t.line, 'empty takeaway');
      return {
        id: `${d.id}#${n + 1}`,
        conceptId: d.id,
        index: n + 1,
        chapter: chapterNumber,
        text: t.text,
        section: t.section ?? d.section ?? '',
      };
    });
    const { takeawayDrafts: _t, line: _l, section, ...rest } = d;
    return { ...rest, section: section ?? '', takeaways };
  });

  const builtQuestions: Question[] = questions.map((q) => {
    const where = (m: string) => at(q.line, `question '${truncate(q.text, 60)}': ${m}`);
    if (!q.text) where('empty question text');
    if (!q.teaches) where("needs 'teaches: concept-id#n'");
    else if (!/^[a-z0-9-]+#\d+$/.test(q.teaches)) where(`'teaches: ${q.teaches}' is not of the form concept-id#n`);
    if (!q.difficulty) where("needs 'difficulty: easy|medium|hard'");
    else if (!DIFFICULTIES.has(q.difficulty)) where(`difficulty '${q.difficulty}' is not easy, medium or hard`);
    if (!q.explanation) where("needs 'explanation:'");
    if (q.options.length < 2 || q.options.length > 5) where(`has ${q.options.length} options; needs 2 to 5`);
    const correct = q.options.filter((o) => o.correct).length;
    if (correct !== 1) where(`has ${correct} options marked [x]; needs exactly one`);
    const seen = new Set<string>();
    for (const o of q.options) {
      const key = o.text.toLowerCase();
      if (!o.text) at(o.line, 'empty option');
      if (seen.has(key)) at(o.line, `option '${o.text}' appears twice`);
      seen.add(key);
    }
    return {
      id: questionId(chapterNumber, q.text),
      chapter: chapterNumber,
      text: q.text,
      options: q.options.map((o) => o.text),
      answer: Math.max(0, q.options.findIndex((o) => o.correct)),
      explanation: q.explanation ?? '',
      teaches: q.teaches ?? '',
      difficulty: (q.difficulty ?? 'medium') as Difficulty,
      source: `${file}:${q.line}`,
    };
  });

  if (builtConcepts.length === 0) at(1, "no concepts: add at least one '## Concept title' with takeaways");
  return {
    problems,
    chapter: { number: chapterNumber, title: meta.title ?? '', file, concepts: builtConcepts, questions: builtQuestions },
  };
}

/** Cross-file checks: unique chapters, ids and aliases; every link resolves. */
export function assembleLibrary(parsed: ParsedChapter[]): Library {
  const problems = parsed.flatMap((p) => p.problems);
  const chapters = parsed.flatMap((p) => (p.chapter ? [p.chapter] : [])).sort((a, b) => a.number - b.number);

  const chapterFiles = new Map<number, string>();
  for (const ch of chapters) {
    const other = chapterFiles.get(ch.number);
    if (other) problems.push(`${ch.file}:1: chapter ${ch.number} is also defined in ${other}`);
    chapterFiles.set(ch.number, ch.file);
  }

  const conceptById = new Map<string, Concept>();
  const aliasOwner = new Map<string, Concept>();
  const concepts = chapters.flatMap((ch) => ch.concepts);
  for (const c of concepts) {
    const other = conceptById.get(c.id);
    if (other) problems.push(`${c.source}: concept id '${c.id}' is also used at ${other.source}`);
    else conceptById.set(c.id, c);
  }
  for (const c of concepts) {
    for (const name of [c.title, ...c.aliases]) {
      const key = name.toLowerCase();
      const owner = aliasOwner.get(key);
      if (owner && owner !== c) {
        problems.push(`${c.source}: '${name}' names both '${c.id}' and '${owner.id}' (${owner.source}); an alias belongs to one concept`);
      } else aliasOwner.set(key, c);
    }
  }
  for (const c of concepts) {
    for (const r of c.related) {
      if (!conceptById.has(r)) problems.push(`${c.source}: related concept '${r}' does not exist`);
    }
  }
  const takeaways = concepts.flatMap((c) => c.takeaways);
  const takeawayById = new Map(takeaways.map((t) => [t.id, t]));
  const questions = chapters.flatMap((ch) => ch.questions);
  const questionIds = new Map<string, string>();
  for (const q of questions) {
    if (q.teaches && /#\d+$/.test(q.teaches) && !takeawayById.has(q.teaches)) {
      problems.push(`${q.source}: 'teaches: ${q.teaches}' does not name an existing takeaway`);
    }
    const dup = questionIds.get(q.id);
    if (dup) problems.push(`${q.source}: the same question is also at ${dup}`);
    questionIds.set(q.id, q.source);
  }

  if (problems.length > 0) throw new ContentError(problems);
  return { chapters, concepts, takeaways, questions, conceptById, takeawayById };
}

/**
 * Loads every chapter file in `dir` (all `*.md` but README.md), and `off-topic.txt` when present (`Library.offTopic`).
 * Throws ContentError listing every problem, each naming its file relative to the current folder (absolute when
 * outside it).
 */
export function loadLibrary(dir: string): Library {
  let read;
  try {
    if (!statSync(dir).isDirectory()) throw new Error('not a directory');
    read = readChapterFiles(dir);
  } catch {
    throw new ContentError([`${displayPath(dir)}: content folder not found or not readable (set CONTENT_DIR to a folder of chapter .md files)`]);
  }
  if (read.files.length === 0 && read.problems.length === 0) throw new ContentError([`${displayPath(dir)}: no chapter files (*.md) found`]);
  // Files that could not be read are reported beside the parse problems of the rest, so one run shows everything.
  const parsed = [{ problems: read.problems }, ...read.files.map((f) => parseChapter(f.text, f.label))];
  const lib = assembleLibrary(parsed);
  return read.offTopic ? { ...lib, offTopic: parseOffTopic(read.offTopic.text) } : lib;
}

/** `off-topic.txt`: one example question per line; blank lines and lines starting with `#` are skipped. */
export function parseOffTopic(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'));
}

/** `11 chapters, 120 concepts, …`: what `content:check` prints for a good folder. */
export function libraryCounts(lib: Library): string {
  return `${lib.chapters.length} chapters, ${lib.concepts.length} concepts, ${lib.takeaways.length} takeaways, ${lib.questions.length} questions`;
}
