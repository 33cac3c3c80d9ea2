import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ContentError, libraryCounts, loadLibrary, parseChapter } from '../src/content/content-loader.js';
import { FIXTURE_CONTENT } from './support/test-bot.js';

const GOOD = `---
chapter: 3
title: Things
---

## First idea
aliases: one, uno
section: Basics

- A takeaway that
  continues on the next line.
- (§ Elsewhere) Another takeaway.

## Quiz

### What is it?
teaches: first-idea#2
difficulty: hard
- [ ] No
- [x] Yes
explanation: Because
  it is.
`;

function problemsOf(text: string): string[] {
  return parseChapter(text, 'ch.md').problems;
}

function folder(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'content-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

describe('the content loader', () => {
  it('reads concepts, takeaways with their sections, and questions', () => {
    const { chapter, problems } = parseChapter(GOOD, 'ch.md');
    expect(problems).toEqual([]);
    const concept = chapter!.concepts[0]!;
    expect(concept).toMatchObject({ id: 'first-idea', title: 'First idea', chapter: 3, aliases: ['one', 'uno'] });
    expect(concept.takeaways.map((t) => [t.id, t.text, t.section])).toEqual([
      ['first-idea#1', 'A takeaway that continues on the next line.', 'Basics'],
      ['first-idea#2', 'Another takeaway.', 'Elsewhere'],
    ]);
    const q = chapter!.questions[0]!;
    expect(q).toMatchObject({ options: ['No', 'Yes'], answer: 1, difficulty: 'hard', teaches: 'first-idea#2', explanation: 'Because it is.' });
    expect(q.id).toMatch(/^q3-[0-9a-f]{8}$/);
  });

  it('loads the fixture folder and counts it', () => {
    expect(libraryCounts(loadLibrary(FIXTURE_CONTENT))).toBe('2 chapters, 4 concepts, 6 takeaways, 2 questions');
  });

  it('names the file and line of a question with two right answers', () => {
    const text = GOOD.replace('- [ ] No', '- [x] No');
    expect(problemsOf(text)).toEqual([expect.stringMatching(/^ch\.md:16: question 'What is it\?': has 2 options marked \[x\]/)]);
  });

  it('reports a missing section, an unknown key and a stray line together', () => {
    const text = GOOD.replace('section: Basics\n', 'colour: red\n').replace('## Quiz', 'stray words\n\n## Quiz');
    const problems = problemsOf(text);
    expect(problems).toHaveLength(3);
    expect(problems.join('\n')).toContain("ch.md:8: unknown concept key 'colour'");
    expect(problems.join('\n')).toContain("ch.md:14: expected a takeaway starting with '- '");
    expect(problems.join('\n')).toContain("ch.md:6: concept 'First idea' needs 'section:'");
  });

  it('rejects front matter without a chapter number', () => {
    expect(problemsOf(GOOD.replace('chapter: 3', 'chapter: three'))[0]).toMatch(/ch\.md:2: front matter needs 'chapter:' with a whole number/);
  });

  it('refuses duplicate options and a missing explanation', () => {
    const text = GOOD.replace('- [ ] No', '- [ ] Yes').replace(/explanation: Because\n {2}it is\.\n/, '');
    const problems = problemsOf(text);
    expect(problems).toContain("ch.md:20: option 'Yes' appears twice");
    expect(problems.some((p) => p.includes("needs 'explanation:'"))).toBe(true);
  });

  it('throws one ContentError listing problems across files: broken links, shared aliases, duplicate chapters', () => {
    const other = GOOD.replace('## First idea', '## Second idea').replace('teaches: first-idea#2', 'teaches: first-idea#9').replace('related', 'x');
    const dir = folder({ 'a.md': GOOD, 'b.md': other.replace('section: Basics', 'section: Basics\nrelated: nowhere') });
    let error: unknown;
    try {
      loadLibrary(dir);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ContentError);
    const text = (error as ContentError).problems.join('\n');
    expect(text).toMatch(/b\.md:1: chapter 3 is also defined in .*a\.md/);
    expect(text).toMatch(/'one' names both 'second-idea' and 'first-idea'/);
    expect(text).toMatch(/related concept 'nowhere' does not exist/);
    expect(text).toMatch(/'teaches: first-idea#9' does not name an existing takeaway/);
  });

  it('says clearly when the folder does not exist', () => {
    expect(() => loadLibrary('/nonexistent/notes')).toThrow(/content folder not found.*CONTENT_DIR/);
  });
});
