import type { MessageRef } from './chat-port.js';
import type { ButtonHandler, Command, CommandContext, Platform, Services, Speaker } from './command.js';
import { UserError } from './errors.js';
import { errorReply, type Reply } from './reply.js';
import { cleanInput, safeEcho } from './safe-text.js';

export interface Incoming {
  /** The text as typed: `/ask why…`, `ask why…` from a slash command, or a bare question from a mention. */
  text: string;
  speaker: Speaker;
  channel: string;
  platform: Platform;
}

export type ErrorLogger = (err: unknown, context: { command: string; platform: Platform; user: string }) => void;

const MAX_INPUT = 4000;

/** Turns incoming text into a command run, with the one error boundary: UserError is shown, anything else apologised for. */
export class CommandRouter {
  private readonly byName: Map<string, Command>;
  private readonly buttonsByPrefix: Map<string, ButtonHandler>;

  constructor(
    private readonly services: Services,
    private readonly logError: ErrorLogger = () => {},
    buttons: readonly ButtonHandler[] = [],
  ) {
    this.byName = new Map(services.commands.map((c) => [c.name, c]));
    this.buttonsByPrefix = new Map(buttons.map((b) => [b.prefix, b]));
  }

  find(name: string): Command | undefined {
    return this.byName.get(name.toLowerCase());
  }

  /** Runs a named command with its argument text. */
  async run(name: string, args: string, who: Omit<Incoming, 'text'>): Promise<Reply> {
    const command = this.find(name);
    if (!command) {
      return errorReply(`There is no command /${safeEcho(name, 40)}.`, 'Type /help to see what I can do.');
    }
    const ctx: CommandContext = {
      args: cleanInput(args.slice(0, MAX_INPUT)),
      speaker: who.speaker,
      channel: who.channel,
      platform: who.platform,
      services: this.services,
    };
    try {
      return await command.run(ctx);
    } catch (err) {
      if (err instanceof UserError) return errorReply(err.message, err.hint);
      this.logError(err, { command: command.name, platform: who.platform, user: who.speaker.id });
      return errorReply('Sorry, something went wrong on my side while doing that. It has been logged; please try again.');
    }
  }

  /** A button click, routed by the id's prefix. Unknown or stale ids get a polite answer, not an error. */
  async click(click: { id: string; speaker: Speaker; channel: string; platform: Platform; message?: MessageRef }): Promise<Reply> {
    const [prefix = '', ...args] = click.id.split(':');
    const handler = this.buttonsByPrefix.get(prefix);
    if (!handler) return errorReply('That button no longer does anything.', 'Type /help to see what I can do.');
    try {
      return await handler.run({ ...click, args, services: this.services });
    } catch (err) {
      if (err instanceof UserError) return errorReply(err.message, err.hint);
      this.logError(err, { command: `button:${prefix}`, platform: click.platform, user: click.speaker.id });
      return errorReply('Sorry, something went wrong on my side with that button. It has been logged; please try again.');
    }
  }

  /** Free text: `/name args` runs that command; anything else is a question for /ask. */
  async handle(incoming: Incoming): Promise<Reply> {
    const text = cleanInput(incoming.text.slice(0, MAX_INPUT));
    const m = /^\/([A-Za-z][\w-]*)\s*([\s\S]*)$/.exec(text);
    if (m) return this.run(m[1]!, m[2]!, incoming);
    return this.run('ask', text, incoming);
  }
}
