// The composition root: config → content → search index → commands → adapters. Read top to bottom.
import { config as loadDotenv } from 'dotenv';
import { buttons, commands } from '../commands/index.js';
import { ConfigError, loadConfig, secretsOf } from './config.js';
import { runConsole } from './console/console-adapter.js';
import { ConsolePort } from './console/console-port.js';
import { ContentError, loadLibrary } from './content/content-loader.js';
import { ChatPorts } from './core/chat-port.js';
import { CommandRouter } from './core/command-router.js';
import type { Services } from './core/command.js';
import { Lifecycle } from './core/lifecycle.js';
import { createLogger } from './core/logger.js';
import { SearchIndex } from './search/search-index.js';
import { startPlatforms } from './start-platforms.js';

async function main(argv: string[]): Promise<number> {
  loadDotenv({ quiet: true });
  const json = argv.includes('--json');

  let config;
  let library;
  try {
    config = loadConfig(process.env);
    library = loadLibrary(config.contentDir);
  } catch (err) {
    if (err instanceof ConfigError || err instanceof ContentError) {
      process.stderr.write(`${err.message}\n`);
      return 1;
    }
    throw err;
  }
  const consoleMode = !config.slack && !config.discord;
  // In the console, logs would interleave with replies on the screen: only warnings and worse unless asked.
  const level = consoleMode && !process.env.LOG_LEVEL ? 'warn' : config.logLevel;
  const log = createLogger({ level, secrets: secretsOf(config), pretty: Boolean(process.stderr.isTTY) });

  const search = new SearchIndex(library);
  const services: Services = { library, search, commands, random: Math.random, now: () => new Date() };
  const router = new CommandRouter(
    services,
    (err, ctx) => log.error({ err, ...ctx }, 'command failed'),
    buttons,
  );
  const ports = new ChatPorts();
  const lifecycle = new Lifecycle(log);

  // Slack and/or Discord, whichever is configured; each registers with `ports` and `lifecycle`.
  try {
    await startPlatforms({ config, router, services, log, ports, lifecycle });
  } catch (err) {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    await lifecycle.shutdown();
    return 1;
  }

  if (consoleMode) {
    const interactive = Boolean(process.stdin.isTTY) && !json;
    const colour = interactive && Boolean(process.stdout.isTTY);
    const port = new ConsolePort(process.stdout, { json, colour });
    ports.add(port);
    await runConsole({ router, input: process.stdin, output: process.stdout, interactive, colour, json, port });
    await lifecycle.shutdown();
    return 0;
  }
  await new Promise<void>((resolve) => {
    for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => resolve());
  });
  log.info('shutting down');
  await lifecycle.shutdown();
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`Fatal: ${err instanceof Error ? err.stack : String(err)}\n`);
    process.exit(1);
  },
);
