import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commands } from '../commands/index.js';
import type { Command } from '../src/core/command.js';
import { discordCommands } from '../src/discord/command-definitions.js';
import { registerCommands } from '../src/discord/register-commands.js';
import { FAKE_DISCORD, startFakeDiscord, type FakeDiscord } from './fakes/fake-discord.js';

describe('Discord command registration', () => {
  let fake: FakeDiscord;
  beforeAll(async () => {
    fake = await startFakeDiscord();
  });
  afterAll(() => fake.stop());

  it('registers every command in one server when a guild id is given, reading the application id from the token', async () => {
    const r = await registerCommands({ token: FAKE_DISCORD.token, apiUrl: fake.apiUrl, guildId: FAKE_DISCORD.guild, commands });
    expect(r).toEqual({ scope: 'guild', applicationId: FAKE_DISCORD.applicationId, names: commands.map((c) => c.name) });
    const put = fake.requests.find((q) => q.method === 'PUT')!;
    expect(put.path).toBe(`/applications/${FAKE_DISCORD.applicationId}/guilds/${FAKE_DISCORD.guild}/commands`);
    expect(put.auth).toBe(`Bot ${FAKE_DISCORD.token}`);
  });

  it('registers globally without a guild id', async () => {
    const r = await registerCommands({ token: FAKE_DISCORD.token, apiUrl: fake.apiUrl, applicationId: FAKE_DISCORD.applicationId, commands });
    expect(r.scope).toBe('global');
    expect(fake.requests.at(-1)!.path).toBe(`/applications/${FAKE_DISCORD.applicationId}/commands`);
  });

  it('turns the neutral options into typed Discord options with concept autocomplete', () => {
    const defs = discordCommands(commands);
    const ask = defs.find((d) => d.name === 'ask')!;
    expect(ask.options).toEqual([expect.objectContaining({ name: 'question', type: 3, required: true, autocomplete: true })]);
    const chapter = defs.find((d) => d.name === 'chapter')!;
    // A string: Discord would refuse “ch4” or “4-6” in an integer option before the bot saw it.
    expect(chapter.options).toEqual([expect.objectContaining({ name: 'number', type: 3, required: false })]);
    for (const d of defs) expect(d.description.length).toBeLessThanOrEqual(100);
  });

  it('puts required options before optional ones, as Discord demands', () => {
    const cmd: Command = {
      name: 'demo',
      description: 'x',
      examples: [],
      run: () => ({ visibility: 'private', kind: 'info', blocks: [] }),
      options: [
        { name: 'later', description: 'optional', type: 'string' },
        { name: 'first', description: 'required', type: 'string', required: true },
      ],
    };
    expect(discordCommands([cmd])[0]!.options!.map((o) => o.name)).toEqual(['first', 'later']);
  });

  it('refuses a command name Discord would reject, naming it', () => {
    const bad: Command = { name: 'Ask Me', description: 'x', options: [], examples: [], run: () => ({ visibility: 'private', kind: 'info', blocks: [] }) };
    expect(() => discordCommands([bad])).toThrow(/Ask Me/);
  });
});
