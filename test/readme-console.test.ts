import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CONSOLE_COMMANDS } from '../src/console/console-line.js';
import { letter } from '../src/quiz/quiz-messages.js';

const README = readFileSync(fileURLToPath(new URL('../README.md', import.meta.url)), 'utf8');
const FORMAT = readFileSync(fileURLToPath(new URL('../content/README.md', import.meta.url)), 'utf8');
// The content format's option limit ("2–5 options"): your own notes may use all of them, so the buttons can too.
const widest = Number(/\d–(\d) options/.exec(FORMAT)![1]);

describe('the README on the console and answer buttons', () => {
  it.each<[string, string | RegExp]>([
    ['names every answer letter a question can have', new RegExp(`question is posted with[^.]*A–${letter(widest - 1)}`)],
    ['says plainly that Share buttons are Slack and Discord only', /Share buttons exist only on\s+Slack and Discord/],
    ['says what a script does with a quiz it started', /A script waits for the quizzes it plays and never leaves one running/],
    ['names the console command that lists the console commands', '`:help`'],
    ['shows :wait, the script command for quiz time', '`:wait 20`'],
  ])('%s', (_claim, expected) => {
    typeof expected === 'string' ? expect(README).toContain(expected) : expect(README).toMatch(expected);
  });

  it('documents every console command that takes a colon', () => {
    for (const c of CONSOLE_COMMANDS.filter((x) => x.usage.startsWith(':'))) expect(README).toContain(c.usage.split(' ')[0]);
  });
});
