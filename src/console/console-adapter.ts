import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { formatChannelId } from '../core/channel-id.js';
import type { CommandRouter } from '../core/command-router.js';
import { errorReply, reply, withoutImages, type Reply } from '../core/reply.js';
import { CONSOLE_COMMANDS, readConsoleLine } from './console-line.js';
import type { ConsolePort } from './console-port.js';
import type { ImageFiles } from './image-files.js';
import { renderText } from './render-text.js';
import type { ScriptClock } from './script-clock.js';

export interface ConsoleOptions {
  router: CommandRouter;
  input: Readable;
  output: Writable;
  /** Interactive prompt with history; otherwise each input line is a command and the process ends at EOF. */
  interactive: boolean;
  colour: boolean;
  /** One JSON object per line: the neutral reply. */
  json: boolean;
  user?: string;
  /** Where posts to the console channel appear; typing a letter clicks a button of its latest post. */
  port?: ConsolePort;
  /**
   * A script's quiz clock (the quiz engine runs on it): an answer fast-forwards to the next question its speaker
   * has not answered, `:wait N` lets N seconds pass, and end of input plays running quizzes out to their standings.
   */
  script?: ScriptClock;
  /** Where images (charts) are written; without it an image shows as its alt text and `--json` leaves it out. */
  images?: ImageFiles;
}

const CHANNEL = formatChannelId({ platform: 'console', channel: 'main' });

const consoleHelp = () =>
  reply(
    [
      { type: 'heading', text: 'Console commands' },
      { type: 'list', items: CONSOLE_COMMANDS.map((c) => `\`${c.usage}\` — ${c.what}`) },
    ],
    { kind: 'info', data: { consoleCommands: CONSOLE_COMMANDS.map((c) => c.usage) } },
  );

/**
 * The console: the bot without Slack or Discord. `:user NAME` switches who is speaking, so one terminal can play
 * several people; `:quit` leaves. How a line is read is decided in console-line.ts. Resolves when input ends
 * (in a script, once the quizzes it left running have played out).
 */
export async function runConsole(opts: ConsoleOptions): Promise<void> {
  let user = opts.user ?? 'you';
  const isCommand = (name: string) => opts.router.find(name) !== undefined;
  // Per answerable message, who has typed an answer to it: a script's next answer is for the next question.
  const answered = new Set<string>();
  const write = async (r: Reply) => {
    const shown = opts.images ? await opts.images.save(r) : { text: r, json: withoutImages(r) };
    opts.output.write(opts.json ? `${JSON.stringify(shown.json)}\n` : `${renderText(shown.text, opts.colour)}\n${opts.interactive ? '\n' : ''}`);
  };
  const rl = createInterface({ input: opts.input, output: opts.interactive ? opts.output : undefined, terminal: opts.interactive, historySize: 200 });
  const prompt = () => {
    if (!opts.interactive) return;
    rl.setPrompt(opts.colour ? `\x1b[36m${user}\x1b[39m> ` : `${user}> `);
    rl.prompt();
  };
  if (opts.interactive) {
    opts.output.write(renderText(reply([{ type: 'note', text: 'Study bot console. Type /help for commands, a question to ask it, :help for the console’s own commands, :quit to leave.' }]), opts.colour) + '\n');
  }
  /** The reply to one line: null prints nothing (a blank line), undefined leaves. */
  const respond = async (raw: string): Promise<Reply | null | undefined> => {
    const input = readConsoleLine(raw, isCommand);
    // The console user may manage the console channel: there is no one else to ask.
    const speaker = { id: `console:${user}`, name: user, canManage: true };
    switch (input.kind) {
      case 'blank':
        return null;
      case 'quit':
        return undefined;
      case 'console-help':
        return consoleHelp();
      case 'unknown-console-command':
        return errorReply(`There is no console command :${input.name}.`, 'Type :help for the console’s commands, or /help for the bot’s.');
      case 'user':
        if (!input.name) return errorReply('Give a name: :user alice');
        user = input.name;
        return reply([{ type: 'note', text: `Now speaking as ${user}.` }], { kind: 'info', data: { user } });
      case 'wait':
        if (!opts.script) return reply([{ type: 'note', text: 'Here time passes by itself; :wait is for scripts.' }], { kind: 'info' });
        await opts.script.skip(input.seconds * 1000);
        return reply([{ type: 'note', text: `${input.seconds} s later.` }], { kind: 'info', data: { waited: input.seconds } });
      case 'answer': {
        const fresh = () => {
          const ref = opts.port?.answerable;
          return ref !== undefined && !answered.has(`${ref.id}|${user}`);
        };
        if (opts.script && !fresh()) await opts.script.skipUntil(fresh);
        const target = opts.port?.answer(input.letter) ?? { type: 'none' as const };
        if (target.type === 'none') {
          return reply([{ type: 'text', text: 'No question is waiting for an answer right now.' }, { type: 'note', text: 'Letters answer an open quiz question or daily check. Start a quiz with /quiz start, or ask with /ask.' }], { kind: 'info', data: { answer: input.letter, open: false } });
        }
        if (target.type === 'out-of-range') {
          return reply([{ type: 'text', text: `${input.letter} is not one of the options: answer with ${target.letters}.` }], { kind: 'info', data: { answer: input.letter, options: target.letters } });
        }
        answered.add(`${target.ref.id}|${user}`);
        return opts.router.click({ id: target.button.id, speaker, channel: CHANNEL, platform: 'console', message: target.ref });
      }
      case 'command':
        return opts.router.handle({ text: input.text, speaker, channel: CHANNEL, platform: 'console' });
    }
  };
  prompt();
  for await (const raw of rl) {
    const r = await respond(raw);
    if (r === undefined) break;
    if (r) {
      await write(r);
      opts.port?.offer(r, CHANNEL);
    }
    prompt();
  }
  rl.close();
  // A script never leaves a quiz running behind it: what its timers still hold plays out now, to the standings.
  await opts.script?.skipUntil(() => false);
}
