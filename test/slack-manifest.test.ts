import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { commands } from '../commands/index.js';
import { loadConfig } from '../src/config.js';

const read = (file: string) => readFileSync(new URL(`../${file}`, import.meta.url), 'utf8');
const socket = read('slack-manifest.yml');
const http = read('slack-manifest.http.yml');
const PLACEHOLDER_URL = 'https://YOUR_HOST/slack/events';

/** The slash commands a manifest declares, with their indented fields. */
function slashCommands(manifest: string): { command: string; fields: string }[] {
  const section = /^ {2}slash_commands:\n((?: {4}.*\n)+)/m.exec(manifest)?.[1] ?? '';
  return [...section.matchAll(/^ {4}- command: (\S+)\n((?: {6}.*\n)*)/gm)].map((m) => ({ command: m[1]!, fields: m[2]! }));
}

// The configured default, not a literal: the manifests and SLACK_COMMAND must name the same command.
const slackCommand = `/${loadConfig({ SLACK_BOT_TOKEN: 'xoxb-test-not-a-real-token', SLACK_APP_TOKEN: 'xapp-test-not-a-real-token' }).slack!.command}`;

describe.each([
  ['slack-manifest.yml (Socket Mode)', socket],
  ['slack-manifest.http.yml (HTTP mode)', http],
])('Slack app manifest %s', (_name, manifest) => {
  it('declares one umbrella command, the one the bot answers to, whose hint names every command', () => {
    const declared = slashCommands(manifest);
    expect(declared.map((c) => c.command)).toEqual([slackCommand]);
    expect(slackCommand).not.toMatch(/^\/(help|random|stats|ask|quiz)$/);
    const hint = /usage_hint: "(.*)"/.exec(declared[0]!.fields)?.[1] ?? '';
    const said = [...hint.matchAll(/(?:^|\| )([a-z]+)/g)].map((m) => m[1]!).sort();
    expect(said).toEqual(commands.map((c) => c.name).sort());
  });

  it('asks for the scopes the adapter uses and turns on interactivity and mentions', () => {
    for (const scope of ['commands', 'chat:write', 'app_mentions:read', 'users:read', 'files:write', 'im:write']) expect(manifest).toMatch(new RegExp(`^\\s+- ${scope}$`, 'm'));
    expect(manifest).toMatch(/interactivity:\n\s+is_enabled: true/);
    expect(manifest).toMatch(/bot_events:\n\s+- app_mention/);
  });

  it('turns on the Home tab and subscribes to app_home_opened, which the adapter publishes the tab on', () => {
    expect(manifest).toMatch(/app_home:\n\s+home_tab_enabled: true\n/);
    expect(manifest).toMatch(/^\s+- app_home_opened$/m);
  });
});

describe('the two Slack manifests', () => {
  it('use Socket Mode without request URLs in one, and the placeholder URL for every request in the other', () => {
    expect(socket).toMatch(/^\s+socket_mode_enabled: true$/m);
    expect(socket).not.toMatch(/url:/);
    expect(http).toMatch(/^\s+socket_mode_enabled: false$/m);
    for (const c of slashCommands(http)) expect(c.fields).toContain(`url: ${PLACEHOLDER_URL}\n`);
    expect(http).toMatch(new RegExp(`event_subscriptions:\\n\\s+request_url: ${PLACEHOLDER_URL}\\n`));
    expect(http).toMatch(new RegExp(`interactivity:\\n\\s+is_enabled: true\\n\\s+request_url: ${PLACEHOLDER_URL}\\n`));
    expect(http.match(/YOUR_HOST\/slack\/events/g)).toHaveLength(slashCommands(http).length + 2);
  });

  it('differ only in those settings, so a change to one cannot be forgotten in the other', () => {
    const essence = (m: string) =>
      m
        .split('\n')
        .filter((l) => !/^\s*#/.test(l) && !/^\s+(request_)?url: /.test(l) && !/socket_mode_enabled/.test(l))
        .join('\n');
    expect(essence(http)).toBe(essence(socket));
  });
});

describe('"Add to Slack"', () => {
  it('asks for exactly the bot scopes the manifests declare', async () => {
    const { SLACK_BOT_SCOPES } = await import('../src/slack/slack-oauth.js');
    for (const manifest of [socket, http]) {
      const section = /^ {4}bot:\n((?: {6}.*\n)+)/m.exec(manifest)?.[1] ?? '';
      const declared = [...section.matchAll(/^ {6}- (\S+)$/gm)].map((m) => m[1]!);
      expect(declared).toEqual([...SLACK_BOT_SCOPES]);
    }
  });
});
