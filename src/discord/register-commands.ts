// `npm run register:discord`: tells Discord about the bot's slash commands. Run it after adding or changing one.
import { pathToFileURL } from 'node:url';
import { config as loadDotenv } from 'dotenv';
import { REST, Routes } from 'discord.js';
import { commands as allCommands } from '../../commands/index.js';
import { ConfigError, loadConfig } from '../config.js';
import type { Command } from '../core/command.js';
import { discordCommands } from './command-definitions.js';

export interface Registration {
  scope: 'guild' | 'global';
  applicationId: string;
  names: string[];
}

/**
 * Replaces the application's commands with ours in one PUT: in one server when `guildId` is given (visible at
 * once, for testing), else globally (Discord may take up to an hour to show them everywhere).
 */
export async function registerCommands(o: { token: string; apiUrl: string; applicationId?: string; guildId?: string; commands: readonly Command[] }): Promise<Registration> {
  const rest = new REST({ api: o.apiUrl }).setToken(o.token);
  const applicationId = o.applicationId ?? ((await rest.get(Routes.currentApplication())) as { id: string }).id;
  const route = o.guildId ? Routes.applicationGuildCommands(applicationId, o.guildId) : Routes.applicationCommands(applicationId);
  const result = (await rest.put(route, { body: discordCommands(o.commands) })) as { name: string }[];
  return { scope: o.guildId ? 'guild' : 'global', applicationId, names: result.map((c) => c.name) };
}

async function main(): Promise<number> {
  loadDotenv({ quiet: true });
  let config;
  try {
    config = loadConfig(process.env);
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      return 1;
    }
    throw err;
  }
  if (!config.discord) {
    process.stderr.write('DISCORD_TOKEN is not set: copy the bot token from the Developer Portal (Bot → Reset Token) into .env.\n');
    return 1;
  }
  const { token, apiUrl, applicationId, guildId } = config.discord;
  try {
    const r = await registerCommands({ token, apiUrl, commands: allCommands, ...(applicationId ? { applicationId } : {}), ...(guildId ? { guildId } : {}) });
    const where = r.scope === 'guild' ? `in server ${guildId} (visible now)` : 'globally (may take up to an hour to appear)';
    process.stdout.write(`Registered ${r.names.length} commands ${where}: ${r.names.map((n) => `/${n}`).join(' ')}\n`);
    return 0;
  } catch (err) {
    const status = (err as { status?: number }).status;
    const hint = status === 401 ? 'DISCORD_TOKEN was refused: reset it on the Bot page and update .env.' : status === 403 ? 'Discord refused: is the bot in that server (DISCORD_GUILD_ID), invited with the applications.commands scope?' : (err as Error).message;
    process.stderr.write(`Could not register the commands. ${hint}\n`);
    return 1;
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().then((code) => process.exit(code));
}
