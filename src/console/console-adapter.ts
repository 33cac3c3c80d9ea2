import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import type { CommandRouter } from '../core/command-router.js';
import { reply, type Reply } from '../core/reply.js';
import { slugify } from '../content/content-loader.js';
import type { ConsolePort } from './console-port.js';
import { renderText } from './render-text.js';

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
}

const CHANNEL = 'console:main';

/**
 * The console: the bot without Slack or Discord. `:user NAME` switches who is speaking, so one terminal can play
 * several people; `:quit` leaves. Resolves when input ends.
 */
export async function runConsole(opts: ConsoleOptions): Promise<void> {
  let user = opts.user ?? 'you';
  const write = (r: Reply) => {
    opts.output.write(opts.json ? `${JSON.stringify(r)}\n` : `${renderText(r, opts.colour)}\n${opts.interactive ? '\n' : ''}`);
  };
  const rl = createInterface({ input: opts.input, output: opts.interactive ? opts.output : undefined, terminal: opts.interactive, historySize: 200 });
  const prompt = () => {
    if (!opts.interactive) return;
    rl.setPrompt(opts.colour ? `\x1b[36m${user}\x1b[39m> ` : `${user}> `);
    rl.prompt();
  };
  if (opts.interactive) {
    opts.output.write(renderText(reply([{ type: 'note', text: 'Study bot console. Type /help for commands, a question to ask it, :user NAME to switch person, :quit to leave.' }]), opts.colour) + '\n');
  }
  prompt();
  for await (const raw of rl) {
    const line = raw.trim();
    if (line === '') {
      prompt();
      continue;
    }
    if (line === ':quit' || line === ':exit') break;
    const userMatch = /^:user(?:\s+(.*))?$/.exec(line);
    if (userMatch) {
      const name = slugify(userMatch[1] ?? '');
      if (!name) write(reply([{ type: 'text', text: 'Give a name: :user alice' }], { kind: 'error' }));
      else {
        user = name;
        write(reply([{ type: 'note', text: `Now speaking as ${user}.` }], { kind: 'info', data: { user } }));
      }
      prompt();
      continue;
    }
    // The console user may manage the console channel: there is no one else to ask.
    const speaker = { id: `console:${user}`, name: user, canManage: true };
    const target = line.startsWith('/') ? undefined : opts.port?.buttonFor(line);
    const r = target
      ? await opts.router.click({ id: target.button.id, speaker, channel: CHANNEL, platform: 'console', message: target.ref })
      : await opts.router.handle({ text: line, speaker, channel: CHANNEL, platform: 'console' });
    write(r);
    opts.port?.offer(r, CHANNEL);
    prompt();
  }
  rl.close();
}
