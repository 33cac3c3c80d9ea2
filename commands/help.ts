import type { CommandOption } from '../src/core/command.js';
import type { BotCommand } from '../src/services.js';
import { UserError } from '../src/core/errors.js';
import { reply } from '../src/core/reply.js';
import { safeEcho } from '../src/core/safe-text.js';

function usage(c: BotCommand): string {
  const opts = c.options.map((o: CommandOption) => (o.required ? `<${o.name}>` : `[${o.name}]`));
  return ['/' + c.name, ...opts].join(' ');
}

/** Generated from the command definitions, so it cannot drift from what the bot does. */
export const help: BotCommand = {
  name: 'help',
  description: 'List the commands, or explain one',
  options: [{ name: 'command', description: 'A command name, e.g. ask', type: 'string' }],
  examples: ['/help', '/help ask'],
  run({ args, services }) {
    const { commands } = services;
    if (args) {
      const c = commands.find((x) => x.name === args.replace(/^\//, '').toLowerCase());
      if (!c) throw new UserError(`There is no command /${safeEcho(args, 40)}.`, 'Type /help to list them.');
      return reply(
        [
          { type: 'heading', text: usage(c) },
          { type: 'text', text: c.description },
          ...(c.options.length ? [{ type: 'list' as const, items: c.options.map((o) => `\`${o.name}\`: ${o.description}`) }] : []),
          ...(c.accepts?.length ? [{ type: 'heading' as const, text: 'Accepted input' }, { type: 'list' as const, items: [...c.accepts] }] : []),
          { type: 'note', text: `Examples: ${c.examples.join('  ·  ')}` },
        ],
        { kind: 'info', data: { command: c.name, usage: usage(c) } },
      );
    }
    return reply(
      [
        { type: 'heading', text: 'What I can do' },
        { type: 'list', items: commands.map((c) => `\`${usage(c)}\` — ${c.description}`) },
        { type: 'note', text: 'Type /help <command> for details and examples.' },
      ],
      { kind: 'info', data: { commands: commands.map((c) => ({ name: c.name, usage: usage(c), description: c.description })) } },
    );
  },
};
