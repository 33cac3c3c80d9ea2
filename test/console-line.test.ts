import { describe, expect, it } from 'vitest';
import { readConsoleLine, type ConsoleInput } from '../src/console/console-line.js';

const isCommand = (name: string) => ['help', 'quiz', 'ask'].includes(name.toLowerCase());

describe('how the console reads a line', () => {
  it.each<[string, ConsoleInput]>([
    ['', { kind: 'blank' }],
    ['   ', { kind: 'blank' }],
    [':quit', { kind: 'quit' }],
    [':exit', { kind: 'quit' }],
    [':user Alice Smith', { kind: 'user', name: 'alice-smith' }],
    [':user', { kind: 'user', name: '' }],
    [':help', { kind: 'console-help' }],
    [':users', { kind: 'unknown-console-command', name: 'users' }],
    [':wait 12', { kind: 'wait', seconds: 12 }],
    [':wait 5s', { kind: 'wait', seconds: 5 }],
    [':wait soon', { kind: 'unknown-console-command', name: 'wait soon' }],
    ['E', { kind: 'answer', letter: 'E' }],
    ['D.', { kind: 'answer', letter: 'D' }],
    ['answer D', { kind: 'answer', letter: 'D' }],
    ['Answer: b', { kind: 'answer', letter: 'B' }],
    ['d)', { kind: 'answer', letter: 'D' }],
    [' b ', { kind: 'answer', letter: 'B' }],
    ['(c)', { kind: 'answer', letter: 'C' }],
    ['[a]', { kind: 'answer', letter: 'A' }],
    ['help', { kind: 'command', text: '/help' }],
    ['help quiz', { kind: 'command', text: '/help quiz' }],
    ['help /ask', { kind: 'command', text: '/help ask' }],
    ['?', { kind: 'command', text: '/help' }],
    ['help me with data drift', { kind: 'command', text: 'help me with data drift' }],
    ['/quiz start ch4', { kind: 'command', text: '/quiz start ch4' }],
    ['what is SMOTE?', { kind: 'command', text: 'what is SMOTE?' }],
    ['answer the question about drift', { kind: 'command', text: 'answer the question about drift' }],
    [':)', { kind: 'command', text: ':)' }],
  ])('%j', (line, expected) => {
    expect(readConsoleLine(line, isCommand)).toEqual(expected);
  });
});
