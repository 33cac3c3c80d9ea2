import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const PLATFORM_LIBS = /from ['"](discord\.js|@discordjs\/[^'"]+|@slack\/[^'"]+)['"]/;

function files(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []));
}

describe('platform boundaries', () => {
  it('keeps Slack and Discord libraries out of commands and the core, so a command runs on every platform', () => {
    const offenders = [...files('commands'), ...files('src/core')].filter((f) => PLATFORM_LIBS.test(readFileSync(join(ROOT, f), 'utf8')));
    expect(offenders).toEqual([]);
  });

  it('keeps each platform library inside its own adapter folder', () => {
    const slackOutside = files('src').filter((f) => !f.startsWith('src/slack/') && /from ['"]@slack\//.test(readFileSync(join(ROOT, f), 'utf8')));
    const discordOutside = files('src').filter((f) => !f.startsWith('src/discord/') && /from ['"](discord\.js|@discordjs\/)/.test(readFileSync(join(ROOT, f), 'utf8')));
    expect({ slackOutside, discordOutside }).toEqual({ slackOutside: [], discordOutside: [] });
  });
});
