import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { commands } from '../commands/index.js';

const manifest = readFileSync(new URL('../slack-manifest.yml', import.meta.url), 'utf8');

describe('Slack app manifest', () => {
  it('declares exactly the slash commands the bot has, so Slack delivers every one of them', () => {
    const declared = [...manifest.matchAll(/^\s+- command: \/([\w-]+)$/gm)].map((m) => m[1]).sort();
    expect(declared).toEqual(commands.map((c) => c.name).sort());
  });

  it('asks for the scopes the adapter uses and turns on Socket Mode, interactivity and mentions', () => {
    for (const scope of ['commands', 'chat:write', 'app_mentions:read', 'users:read']) expect(manifest).toMatch(new RegExp(`^\\s+- ${scope}$`, 'm'));
    expect(manifest).toMatch(/^\s+socket_mode_enabled: true$/m);
    expect(manifest).toMatch(/interactivity:\n\s+is_enabled: true/);
    expect(manifest).toMatch(/bot_events:\n\s+- app_mention/);
  });
});
