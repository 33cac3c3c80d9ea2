import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { renderDiscord } from '../src/discord/render-discord.js';
import { renderBlockKit } from '../src/slack/render-block-kit.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** Runs the real bot in scripted mode: each stdin line a command, each reply one JSON line. */
function script(lines: string[], env: Record<string, string> = {}): Promise<{ code: number | null; replies: any[]; stderr: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'console-'));
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', '--json'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH, DATABASE_PATH: join(dir, 'bot.db'), ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (err += d));
  child.stdin.end(lines.join('\n') + '\n');
  return new Promise((resolve) => {
    child.on('exit', (code) => resolve({ code, stderr: err, replies: out.trim().split('\n').filter(Boolean).map((l) => JSON.parse(l)) }));
  });
}

describe('the console in scripted mode', () => {
  it('answers each line with one JSON reply, ranked matches first, and exits when input ends', async () => {
    const { code, replies } = await script(['/ask why is accuracy misleading for imbalanced data?', 'what is the capital of france', '', '/chapter 4']);
    expect(code).toBe(0);
    expect(replies).toHaveLength(3);
    const [ask, offTopic, chapter] = replies;
    expect(ask.data.confident).toBe(true);
    expect(ask.data.matches[0]).toMatchObject({ chapter: 4, conceptId: 'challenges-of-class-imbalance' });
    expect(ask.data.matches[0].takeaway.length).toBeGreaterThan(40);
    expect(ask.data.matches.length).toBeLessThanOrEqual(3);
    expect(offTopic.data).toMatchObject({ confident: false, matches: [] });
    expect(offTopic.blocks[0].text).toContain("couldn't find a confident match");
    expect(chapter.data.chapter).toBe(4);
  });

  it('lets one terminal speak as several people with :user', async () => {
    const { replies } = await script([':user Alice', '/quiz start ch4 1 10', ':user bob', '/quiz start']);
    expect(replies[0].data.user).toBe('alice');
    expect(replies[1].blocks[1].text).toMatch(/^alice started a quiz/);
    expect(replies[2].data.user).toBe('bob');
    expect(replies[3]).toMatchObject({ kind: 'error' });
    expect(replies[3].blocks[0].text).toMatch(/already running here.*started by alice/);
  });

  it('answers hostile input politely and never echoes a live mention', async () => {
    const { code, replies } = await script([
      `/ask ${'x'.repeat(10_000)}`,
      '/ask',
      '/ask \u0007\u001b[31mSMOTE\u0008',
      '/ask @everyone <!channel> <@U123> what is SMOTE @here',
      '/nosuchcommand <!here>',
    ]);
    expect(code).toBe(0);
    expect(replies).toHaveLength(5);
    const text = JSON.stringify(replies);
    // The neutral reply keeps a person's words as typed; each chat's renderer makes them inert there.
    expect(replies[3].blocks[0].text).toContain('@everyone <!channel> <@U123> what is SMOTE @here');
    for (const r of replies) {
      expect(JSON.stringify(renderDiscord(r))).not.toMatch(/(?<!\\\\)<[@#!]|@everyone|@here/);
      expect(JSON.stringify(renderBlockKit(r))).not.toMatch(/<[@#!]|@everyone|@here|@channel/);
    }
    expect(text).not.toMatch(/\\u0007|\\u001b|\\b/);
    expect(replies[1]).toMatchObject({ kind: 'error' });
    expect(replies[1].blocks[1].text).toContain('/ask');
    expect(replies[2].data.matches[0].conceptId).toBe('smote-and-tomek-links');
    expect(replies[4]).toMatchObject({ kind: 'error' });
  });

  it('clicks an answer of a /daily now post by typing its letter', async () => {
    const { replies } = await script(['/daily now', 'B']);
    expect(replies).toHaveLength(2);
    expect(replies[0].blocks.some((b: any) => b.type === 'buttons')).toBe(true);
    expect(replies[1].blocks.map((b: any) => b.text).join(' ')).toMatch(/Right|Not quite/);
  });

  it('stops start-up with file and line when the notes are broken', async () => {
    const { code, stderr } = await script(['/help'], { CONTENT_DIR: join(ROOT, 'test/fixtures/broken-content') });
    expect(code).toBe(1);
    expect(stderr).toMatch(/ch01-broken\.md:\d+: .*needs exactly one|marked \[x\]/);
    expect(stderr).not.toMatch(/\n\s+at /);
  });
});

describe('the console on a terminal', () => {
  it('leaves out the Share in channel button, which only means something where replies are private', async () => {
    const { renderText } = await import('../src/console/render-text.js');
    const { reply } = await import('../src/core/reply.js');
    const text = renderText(
      reply([{ type: 'text', text: 'x' }, { type: 'buttons', buttons: [{ id: 'share:a.1', label: 'Share in channel' }, { id: 'daily:q1:0', label: 'A' }] }]),
      false,
    );
    expect(text).toContain('[A]');
    expect(text).not.toContain('Share in channel');
  });
});
