// Slack slash commands are shared by every app in a workspace, so `/help`, `/random` or `/stats` would clash with
// other apps. On Slack the bot has one umbrella command, `/study ask …`, `/study quiz start …` (configurable with
// SLACK_COMMAND), rather than nine prefixed ones (`/study-ask`, …):
// - it claims one name in the workspace instead of nine;
// - HTTP mode needs its request URL once, not in nine commands;
// - a new command needs no manifest change and no reinstall of the app;
// - renaming it is one setting and one line of the manifest.
// The cost is that Slack's command menu shows one entry; its usage hint lists the subcommands, and `/study` alone
// shows the help. Discord's command names are per app and stay as they are.
import type { Block, Reply } from '../core/reply.js';

/** The umbrella command when SLACK_COMMAND is not set; slack-manifest.yml and slack-manifest.http.yml declare it. */
export const DEFAULT_SLACK_COMMAND = 'study';

/** What Slack allows in a command name (lowercase, at most 32 characters with the slash), without the slash. */
export const SLACK_COMMAND_NAME = /^[a-z0-9][a-z0-9_-]{0,30}$/;

/**
 * The bot command a Slack slash command asks for: `/study ask what is SMOTE?` → `ask` with `what is SMOTE?`;
 * `/study` alone → `help`. Any other slash command is taken as a bot command of its own name, so a workspace
 * still using the old manifest (`/ask …`) keeps working.
 */
export function parseSlackCommand(command: string, text: string, umbrella: string): { name: string; args: string } {
  const name = command.replace(/^\//, '');
  if (name !== umbrella) return { name, args: text };
  const m = /^\s*\/?(\S+)\s*([\s\S]*)$/.exec(text);
  return m ? { name: m[1]!, args: m[2]! } : { name: 'help', args: '' };
}

/**
 * The reply with every mention of a bot command written as Slack's umbrella command: `/quiz start` becomes
 * `/study quiz start`, so help and hints name what works on Slack. Quotes from the notes are left as written.
 */
export function withSlackCommandNames(reply: Reply, umbrella: string, commandNames: readonly string[]): Reply {
  if (commandNames.length === 0) return reply;
  const names = commandNames.map((n) => n.replace(/[^\w-]/g, '')).join('|');
  // After a space, bracket, quote or backtick, and not inside a path like `input/output`.
  const mention = new RegExp(`(^|[\\s(\`'"“‘])/(${names})(?![\\w-])`, 'g');
  const rename = (text: string) => text.replace(mention, `$1/${umbrella} $2`);
  const blocks = reply.blocks.map((b): Block => {
    switch (b.type) {
      case 'heading':
      case 'text':
      case 'note':
        return { ...b, text: rename(b.text) };
      case 'list':
        return { ...b, items: b.items.map(rename) };
      default:
        return b;
    }
  });
  return { ...reply, blocks };
}
