import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ChannelIdError, formatChannelId, parseChannelId, platformOf, workspaceOf } from '../src/core/channel-id.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

function sources(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

describe('channel ids', () => {
  it.each([
    ['slack:T01ABC:C02DEF', { platform: 'slack', workspace: 'T01ABC', channel: 'C02DEF' }],
    ['discord:123456789012345678:234567890123456789', { platform: 'discord', workspace: '123456789012345678', channel: '234567890123456789' }],
    ['discord:DM:234567890123456789', { platform: 'discord', workspace: 'DM', channel: '234567890123456789' }],
    ['console:main', { platform: 'console', channel: 'main' }],
  ])('take %s apart and put it back together', (id, parts) => {
    expect(parseChannelId(id)).toEqual(parts);
    expect(formatChannelId(parseChannelId(id))).toBe(id);
    expect(platformOf(id)).toBe(parts.platform);
  });

  it.each(['teams:T1:C1', 'slack:T1', 'slack::C1', 'slack:T1:C1:extra', 'discord:G1:general', 'console:', 'slack'])('refuse %s, saying what a channel id looks like', (id) => {
    expect(() => parseChannelId(id)).toThrow(ChannelIdError);
  });

  it('give the workspace a post belongs to for per-workspace pacing', () => {
    expect(workspaceOf('slack:T1:C2')).toBe('slack:T1');
    expect(workspaceOf('discord:G1:C2')).toBe('discord:G1');
    expect(workspaceOf('console:main')).toBe('console');
  });

  it('are taken apart only in src/core/channel-id.ts: no split on a colon of a channel id anywhere else', () => {
    const offenders = [...sources('src'), ...sources('commands')]
      .filter((f) => !f.endsWith('channel-id.ts'))
      .flatMap((f) => readFileSync(join(ROOT, f), 'utf8').split('\n').map((line, i) => ({ f, i, line })))
      .filter(({ line }) => /channel\w*\.split\(\s*['"]:/.test(line) || (/`(slack|discord|console):\$\{/.test(line) && /channel/i.test(line)));
    expect(offenders.map(({ f, i, line }) => `${f}:${i + 1}: ${line.trim()}`)).toEqual([]);
  });
});

describe('the core', () => {
  it('imports no domain module (quizzes, daily posts, search, notes, storage, adapters, operations)', () => {
    const imports = sources('src/core').flatMap((f) =>
      [...readFileSync(join(ROOT, f), 'utf8').matchAll(/from '(\.[^']+)'/g)].map((m) => ({ f, spec: m[1]! })),
    );
    const domain = /^\.\.\/(quiz|daily|search|content|study|storage|slack|discord|console|ops)\/|^\.\.\/(services|bot-core)\.js$/;
    expect(imports.filter(({ spec }) => domain.test(spec)).map(({ f, spec }) => `${f} imports ${spec}`)).toEqual([]);
  });
});
