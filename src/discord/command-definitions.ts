import { ApplicationCommandOptionType, type RESTPostAPIChatInputApplicationCommandsJSONBody } from 'discord.js';
import type { Command } from '../core/command.js';
import { truncate } from '../core/truncate.js';

const NAME = /^[-_\p{Ll}\p{N}]{1,32}$/u;

/**
 * Discord slash command definitions from the neutral commands, so the two cannot drift: typed options,
 * autocomplete where a command offers concept names. Discord wants required options before optional ones.
 */
export function discordCommands(commands: readonly Command[]): RESTPostAPIChatInputApplicationCommandsJSONBody[] {
  return commands.map((c) => {
    if (!NAME.test(c.name)) throw new Error(`/${c.name} cannot be a Discord command name (lower case, 1–32 letters, digits, - or _)`);
    const options = [...c.options].sort((a, b) => Number(!!b.required) - Number(!!a.required));
    return {
      name: c.name,
      description: truncate(c.description, 100),
      options: options.map((o) => {
        if (!NAME.test(o.name)) throw new Error(`/${c.name} option "${o.name}" cannot be a Discord option name`);
        return {
          name: o.name,
          description: truncate(o.description, 100),
          type: o.type === 'integer' ? ApplicationCommandOptionType.Integer : ApplicationCommandOptionType.String,
          required: !!o.required,
          ...(o.autocomplete ? { autocomplete: true } : {}),
          ...(o.type === 'string' ? { max_length: o.rest ? 500 : 100 } : {}),
        } as const;
      }),
    };
  });
}

/** The argument text a neutral command expects, from Discord's typed options in the command's own order. */
export function argsFromOptions(command: Command | undefined, values: ReadonlyMap<string, string | number | boolean>): string {
  if (!command) return [...values.values()].join(' ');
  return command.options
    .map((o) => {
      const v = values.get(o.name);
      return v === undefined || v === '' ? undefined : `${v}${o.suffix ?? ''}`;
    })
    .filter((v) => v !== undefined)
    .join(' ');
}
