// The command line of `npm start`: two flags. Anything else is refused, so a typo is not silently ignored.
import { parseArgs } from 'node:util';

export type CliArgs = { kind: 'run'; json: boolean } | { kind: 'help' } | { kind: 'refused'; message: string };

/** Exit code for a command line we refuse (the shells' convention for misuse). */
export const USAGE_EXIT_CODE = 2;

export const USAGE = `Usage: npm start [-- --json]
       npm start -- --help

Runs the study bot. With SLACK_BOT_TOKEN and/or DISCORD_TOKEN set it serves Slack and/or Discord; with neither
it opens a console on this terminal (piped input runs as a script, one reply per line).

Options:
  --json      print each console reply as one JSON object per line (for scripts)
  -h, --help  show this help and exit

Settings come from the environment or a .env file in the current folder; .env.example lists every one with
its default. A setting left unset keeps its default.

Other commands:
  npm run content:check      validate the notes in CONTENT_DIR and print their counts
  npm run register:discord   register the Discord slash commands
  npm run backup -- FILE     copy the database while the bot runs

Docs: README.md (setup, commands, configuration), content/README.md (the notes format).`;

/** Reads `argv` (without node and the script). Pure: main decides what to print and the exit code. */
export function parseCliArgs(argv: string[]): CliArgs {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: { json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
      strict: true,
      allowPositionals: false,
    }));
  } catch (err) {
    // parseArgs says which argument it refused ("Unknown option '--jsno'"); keep that, add where help is.
    const reason = err instanceof Error ? err.message.split('\n')[0]!.replace(/\. To specify a positional argument.*$/, '') : String(err);
    return { kind: 'refused', message: `${reason}\nRun \`npm start -- --help\` to see the options.` };
  }
  if (values.help) return { kind: 'help' };
  return { kind: 'run', json: values.json === true };
}
