// How the console reads a typed line: the one place that decides whether a line is a console command, an answer,
// a command for the router or a question for /ask. Pure, so a table test covers every reading.
import { slugify } from '../content/content-loader.js';

/** What a typed line means to the console. */
export type ConsoleInput =
  | { kind: 'blank' }
  | { kind: 'quit' }
  /** `:user NAME`; `name` is empty when none was given. */
  | { kind: 'user'; name: string }
  /** `:wait 5`: let seconds pass in a script. */
  | { kind: 'wait'; seconds: number }
  | { kind: 'console-help' }
  | { kind: 'unknown-console-command'; name: string }
  /** Answer-like input (`D`, `d)`, `(c)`, `answer D`): the letter, upper case, whether or not it is an option. */
  | { kind: 'answer'; letter: string }
  /** For the router: `/name args`, or a question for /ask. */
  | { kind: 'command'; text: string };

/** The console's own commands, for `:help`. */
export const CONSOLE_COMMANDS: readonly { usage: string; what: string }[] = [
  { usage: ':user NAME', what: 'speak as someone else (play a quiz as several people)' },
  { usage: ':wait SECONDS', what: 'in a script: let that much quiz time pass' },
  { usage: ':help', what: 'these console commands' },
  { usage: ':quit', what: 'leave (Ctrl-D too)' },
  { usage: 'A, b), (c), answer D', what: 'answer the open quiz question or daily check' },
  { usage: '/help', what: "the bot's commands; anything else is a question for /ask" },
];

// One letter, optionally wrapped or followed by punctuation, optionally after "answer"/"option"/"choice":
// what people type at a multiple-choice question. Any letter counts, so "E" on an A–D question is told the range
// instead of becoming an /ask question.
const ANSWER = /^(?:(?:answer|option|choice)\s*(?:is\s*)?[:=]?\s*)?[([]?\s*([a-z])\s*[)\].:!]?$/i;

/**
 * Reads one typed line. `isCommand` knows the bot's command names, so `help quiz` means `/help quiz` while
 * `help me with drift` stays a question.
 */
export function readConsoleLine(raw: string, isCommand: (name: string) => boolean): ConsoleInput {
  const line = raw.trim();
  if (line === '') return { kind: 'blank' };
  const colon = /^:([a-z]+)(?:\s+(.*))?$/i.exec(line);
  if (colon) {
    const name = colon[1]!.toLowerCase();
    const rest = (colon[2] ?? '').trim();
    switch (name) {
      case 'quit':
      case 'exit':
      case 'q':
        return { kind: 'quit' };
      case 'user':
        return { kind: 'user', name: slugify(rest) };
      case 'help':
        return { kind: 'console-help' };
      case 'wait': {
        const seconds = Number(rest.replace(/s$/i, ''));
        if (rest && Number.isFinite(seconds) && seconds >= 0) return { kind: 'wait', seconds };
        return { kind: 'unknown-console-command', name: `wait ${rest}`.trim() };
      }
      default:
        return { kind: 'unknown-console-command', name };
    }
  }
  const answer = ANSWER.exec(line);
  if (answer) return { kind: 'answer', letter: answer[1]!.toUpperCase() };
  const help = /^help(?:\s+\/?([a-z][\w-]*))?$/i.exec(line);
  if (help && (!help[1] || isCommand(help[1]))) return { kind: 'command', text: `/help${help[1] ? ` ${help[1]}` : ''}` };
  if (line === '?') return { kind: 'command', text: '/help' };
  return { kind: 'command', text: line };
}
