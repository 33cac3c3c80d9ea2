import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runConsole } from '../src/console/console-adapter.js';
import { ImageFiles } from '../src/console/image-files.js';
import { loadLibrary } from '../src/content/content-loader.js';
import { reply } from '../src/core/reply.js';
import { DiscordAdapter } from '../src/discord/discord-adapter.js';
import type { Player } from '../src/quiz/quiz-state.js';
import type { QuizStore } from '../src/quiz/quiz-store.js';
import { SlackAdapter } from '../src/slack/slack-adapter.js';
import { FAKE_DISCORD, FAKE_USERS, startFakeDiscord, type DiscordRequest, type FakeDiscord } from './fakes/fake-discord.js';
import { FAKE_SLACK, startFakeSlack, type FakeSlack } from './fakes/fake-slack.js';
import { consoleStreams, driveConsole } from './support/console-driver.js';
import { captureLog } from './support/log-capture.js';
import { playQuiz } from './support/played-quizzes.js';
import { FIXTURE_CONTENT, memoryReceipts, testBot } from './support/test-bot.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const lib = loadLibrary(FIXTURE_CONTENT);
const T0 = Date.parse('2026-03-02T10:00:00Z');

/** The PNG as an image reader sees it: decoded whole (a broken file throws), with its size. */
function decoded(bytes: Buffer): { width: number; height: number } {
  expect([...bytes.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  const png = PNG.sync.read(bytes);
  return { width: png.width, height: png.height };
}

/** Two finished quizzes in the channel: `people[0]` gets most right, the others fewer. */
async function seed(quizzes: QuizStore, channel: string, people: Player[]): Promise<void> {
  let at = T0;
  for (let round = 0; round < 2; round++) {
    at = await playQuiz(quizzes, {
      channel,
      at,
      questions: lib.questions.slice(0, 4).map((question, i) => ({ question, answers: people.map((player, k) => ({ player, right: (i + k + round) % (k + 2) !== 1 })) })),
    });
  }
}

describe('chart images on Slack (real Bolt against the fake Slack)', () => {
  let fake: FakeSlack;
  let slack: SlackAdapter;
  const logs = captureLog('warn');
  const bot = testBot();

  beforeAll(async () => {
    const team = FAKE_SLACK.team;
    await seed(bot.storage.quizzes, `slack:${team}:C0GENERAL`, [
      { id: `slack:${team}:U0ALICE`, name: 'alice' },
      { id: `slack:${team}:U0BOB`, name: 'bob' },
    ]);
    fake = await startFakeSlack();
    fake.setUser('U0ALICE', { name: 'alice' });
    fake.setUser('U0BOB', { name: 'bob' });
    slack = new SlackAdapter({
      config: { botToken: FAKE_SLACK.botToken, appToken: FAKE_SLACK.appToken, mode: 'socket', port: 3000, apiUrl: fake.apiUrl, adminUsers: [] },
      router: bot.router,
      log: logs.log,
      retries: 0,
      receipts: memoryReceipts(),
    });
    await slack.start();
  });
  afterAll(async () => {
    await slack.stop();
    await fake.stop();
  });

  it('posts /leaderboard in the channel and uploads its bar chart there through the external upload flow, with alt text', async () => {
    const before = { said: fake.said.length, uploads: fake.uploads.length };
    await fake.slashCommand({ command: '/study', text: 'leaderboard all' });
    const said = await fake.waitForSaid((s) => fake.said.indexOf(s) >= before.said && s.via === 'response_url');
    expect(said.responseType).toBe('in_channel');
    expect(said.text).toContain('Quiz leaderboard');
    const upload = await fake.waitForUpload((u) => fake.uploads.indexOf(u) >= before.uploads);
    expect(upload).toMatchObject({ filename: 'leaderboard.png', channel: 'C0GENERAL', length: upload.data.length });
    expect(upload.altText).toMatch(/^Quiz leaderboard.*alice/);
    expect(decoded(upload.data)).toEqual({ width: 1280, height: expect.any(Number) });
    const methods = fake.calls.map((c) => c.method);
    expect(methods.indexOf('files.getUploadURLExternal')).toBeLessThan(methods.indexOf('files.completeUploadExternal'));
    expect(bot.errors).toEqual([]);
  });

  it('keeps /stats private: the text is ephemeral and the chart goes to the person’s direct message, never the channel', async () => {
    const before = { said: fake.said.length, uploads: fake.uploads.length };
    await fake.slashCommand({ command: '/study', text: 'stats', user: 'U0ALICE' });
    const said = await fake.waitForSaid((s) => fake.said.indexOf(s) >= before.said && s.via === 'response_url');
    expect(said.responseType).toBe('ephemeral');
    expect(said.text).toContain('Your quiz accuracy');
    expect(said.text).toContain('The chart is in your direct messages with the bot.');
    const upload = fake.uploads[before.uploads]!;
    expect(upload).toMatchObject({ filename: 'mastery.png', channel: 'DU0ALICE' });
    expect(upload.altText).toMatch(/^Your chapter mastery: chapter 1 /);
    expect(decoded(upload.data).width).toBe(1280);
    expect(fake.uploads.slice(before.uploads).filter((u) => u.channel !== 'DU0ALICE')).toEqual([]);
  });

  it('still answers in text when Slack refuses the upload, and logs why', async () => {
    const before = { said: fake.said.length, uploads: fake.uploads.length };
    fake.failNext('files.completeUploadExternal', 'not_in_channel');
    await fake.slashCommand({ command: '/study', text: 'leaderboard all' });
    const said = await fake.waitForSaid((s) => fake.said.indexOf(s) >= before.said && s.via === 'response_url');
    expect(said.text).toContain('Quiz leaderboard');
    const warning = await logs.until((r) => r.msg.startsWith('chart upload refused'));
    expect(warning).toMatchObject({ error: 'not_in_channel', channel: 'C0GENERAL', file: 'leaderboard.png' });
    expect(fake.uploads.length).toBe(before.uploads);
  });

  it('tells a private /stats nothing about a chart it could not deliver', async () => {
    const before = fake.said.length;
    fake.failNext('conversations.open', 'missing_scope');
    await fake.slashCommand({ command: '/study', text: 'stats', user: 'U0ALICE' });
    const said = await fake.waitForSaid((s) => fake.said.indexOf(s) >= before && s.via === 'response_url');
    expect(said.text).toContain('Your quiz accuracy');
    expect(said.text).not.toContain('direct messages');
  });

  it('publishes the Home tab with the person’s review status and stats as text and Review now / Stats buttons', async () => {
    const before = fake.views.length;
    await fake.openHome({ user: 'U0ALICE' });
    const published = await fake.waitForView((v) => fake.views.indexOf(v) >= before);
    expect(published.user).toBe('U0ALICE');
    expect(published.view.type).toBe('home');
    const blocks = JSON.stringify(published.view.blocks);
    expect(blocks).toContain('Your study page');
    expect(blocks).toContain('Your quiz accuracy');
    expect(blocks).toContain('Your review'); // /review status: due today, new left, streak, retention
    expect(blocks).toContain('Retention estimate');
    expect(blocks).toMatch(/"action_id":"home:review"/);
    expect(blocks).toMatch(/"action_id":"home:stats"/);
    // No image block: a view image needs a public URL (see commands/home.ts).
    expect(published.view.blocks.map((b) => (b as { type: string }).type)).not.toContain('image');
  });

  it('answers the Home tab’s buttons in the person’s direct message: Stats with its chart, Review now with a review card', async () => {
    const before = { said: fake.said.length, uploads: fake.uploads.length };
    await fake.clickHomeButton({ actionId: 'home:stats', user: 'U0ALICE' });
    const stats = await fake.waitForSaid((s) => fake.said.indexOf(s) >= before.said && s.channel === 'DU0ALICE');
    expect(stats).toMatchObject({ via: 'chat.postMessage' });
    expect(stats.text).toContain('Your quiz accuracy');
    const upload = await fake.waitForUpload((u) => fake.uploads.indexOf(u) >= before.uploads);
    expect(upload).toMatchObject({ channel: 'DU0ALICE', filename: 'mastery.png' });
    decoded(upload.data);

    const mark = fake.said.length;
    await fake.clickHomeButton({ actionId: 'home:review', user: 'U0ALICE' });
    const review = await fake.waitForSaid((s) => fake.said.indexOf(s) >= mark && s.channel === 'DU0ALICE');
    // "Review now" runs /review for the person: a card (or "nothing to review"), in their DM.
    expect(review.text).toMatch(/^Review · Ch\. \d|Nothing to review/);
  });
});

describe('chart images on Discord (real discord.js against the fake Discord)', () => {
  let fake: FakeDiscord;
  let discord: DiscordAdapter;
  const logs = captureLog('warn');
  const bot = testBot();
  const channel = `discord:${FAKE_DISCORD.guild}:${FAKE_DISCORD.channel}`;

  beforeAll(async () => {
    await seed(bot.storage.quizzes, channel, [
      { id: `discord:${FAKE_USERS.alice.id}`, name: 'alice' },
      { id: `discord:${FAKE_USERS.moderator.id}`, name: 'mod' },
    ]);
    fake = await startFakeDiscord();
    discord = new DiscordAdapter({ config: { token: FAKE_DISCORD.token, apiUrl: fake.apiUrl }, router: bot.router, services: bot.services, log: logs.log });
    await discord.start();
    await fake.ready();
  });
  afterAll(async () => {
    await discord.stop();
    await fake.stop();
  });

  const callback = (token: string) => fake.waitForRequest((r) => r.path.includes(`/${token}/callback`));

  it('answers /stats ephemerally with the mastery chart attached and shown in the embed, alt text as its description', async () => {
    const token = fake.slashCommand({ name: 'stats' });
    const r = await callback(token);
    const data = (r.body as { data: { flags: number; embeds: { title: string; image?: { url: string } }[]; attachments: { id: number | string; filename: string; description: string }[] } }).data;
    expect(data.flags & 64).toBe(64);
    expect(data.embeds[0]!.title).toContain('Your quiz accuracy');
    expect(data.embeds[0]!.image).toEqual({ url: 'attachment://mastery.png' });
    // discord.js numbers the attachments itself ("0"), naming the file in its multipart part.
    expect(data.attachments).toEqual([expect.objectContaining({ id: '0', description: expect.stringMatching(/^Your chapter mastery: chapter 1 /) })]);
    expect(r.files.map((f) => f.name)).toEqual(['mastery.png']);
    expect(decoded(r.files[0]!.data).width).toBe(1280);
  });

  it('posts /leaderboard for everyone with the bar chart attached', async () => {
    const token = fake.slashCommand({ name: 'leaderboard', options: { period: 'all' } });
    const r = await callback(token);
    const data = (r.body as { data: { flags?: number } }).data;
    expect((data.flags ?? 0) & 64).toBe(0);
    expect(r.files.map((f) => f.name)).toEqual(['leaderboard.png']);
    const { width, height } = decoded(r.files[0]!.data);
    expect(width).toBe(1280);
    expect(height).toBeGreaterThan(300);
  });

  it('sends the text alone when Discord refuses the message with its file', async () => {
    fake.failNext('POST', /\/callback$/, 403, 50013, 'Missing Permissions');
    const token = fake.slashCommand({ name: 'leaderboard', options: { period: 'all' } });
    const warning = await logs.until((r) => r.msg.startsWith('Discord refused the chart image'));
    expect(warning).toMatchObject({ channel });
    const sent = await fake.waitForRequest((r) => r.path.includes(`/${token}/callback`) && r.files.length === 0);
    const data = (sent.body as { data: { embeds: { title: string; image?: unknown }[]; attachments?: unknown[] } }).data;
    expect(data.embeds[0]!.title).toContain('Quiz leaderboard');
    expect(data.embeds[0]!.image).toBeUndefined();
    expect(fake.responsesTo(token).filter((x) => x.path.endsWith('/callback'))).toHaveLength(2);
  });

  it('attaches an image to a channel post sent through the REST API', async () => {
    const png = readFileSync(join(ROOT, 'test/fixtures/charts/leaderboard.png'));
    const before = fake.requests.length;
    await discord.post(channel, reply([{ type: 'text', text: 'A chart' }, { type: 'image', png, alt: 'A leaderboard.', fileName: 'leaderboard.png', width: 1280, height: 10 }], { visibility: 'channel' }));
    const r = fake.requests.slice(before).find((x: DiscordRequest) => x.method === 'POST' && x.path === `/channels/${FAKE_DISCORD.channel}/messages`)!;
    expect(r.body).toMatchObject({ attachments: [{ id: 0, filename: 'leaderboard.png', description: 'A leaderboard.' }], embeds: [{ image: { url: 'attachment://leaderboard.png' } }] });
    expect(r.files.map((f) => [f.name, f.data.equals(png)])).toEqual([['leaderboard.png', true]]);
  });
});

describe('chart images in the console', () => {
  it('writes the chart as a PNG under the charts folder and prints its path; --json gives the path instead of bytes', async () => {
    const bot = testBot();
    await seed(bot.storage.quizzes, 'console:main', [{ id: 'console:alice', name: 'alice' }]);
    const dir = join(mkdtempSync(join(tmpdir(), 'studybot-charts-')), 'charts');
    const c = driveConsole(bot.router, consoleStreams(), { images: new ImageFiles(dir) });
    const line = await c.type(':user alice');
    expect(line.data).toEqual({ user: 'alice' });
    const stats = await c.type('/stats');
    await c.end();
    const image = stats.blocks.find((b) => b.type === 'image')!;
    expect(image).toMatchObject({ fileName: 'mastery.png', width: 1280, alt: expect.stringMatching(/^Your chapter mastery/) });
    expect(image.path!.startsWith(dir)).toBe(true);
    expect(JSON.stringify(stats)).not.toContain('"png"');
    expect(decoded(readFileSync(image.path!))).toEqual({ width: 1280, height: image.height });
  });

  it('prints the path as text, and the text reply with a note when the folder cannot be written', async () => {
    const bot = testBot();
    await seed(bot.storage.quizzes, 'console:main', [{ id: 'console:you', name: 'you' }]);
    const base = mkdtempSync(join(tmpdir(), 'studybot-charts-'));
    const run = async (dir: string) => {
      const input = new PassThrough();
      const output = new PassThrough();
      let text = '';
      output.on('data', (b: Buffer) => (text += b.toString('utf8')));
      const done = runConsole({ router: bot.router, input, output, interactive: false, colour: false, json: false, images: new ImageFiles(dir) });
      input.end('/leaderboard all\n');
      await done;
      return text;
    };
    const ok = await run(join(base, 'charts'));
    const path = /Chart: (\S+\.png)/.exec(ok)?.[1];
    expect(ok).toContain('Quiz leaderboard');
    expect(decoded(readFileSync(path!)).width).toBe(1280);
    // A file where the folder should be: nothing can be written under it.
    writeFileSync(join(base, 'blocked'), 'not a folder');
    const blocked = await run(join(base, 'blocked', 'charts'));
    expect(blocked).toContain('Quiz leaderboard');
    expect(blocked).toMatch(/The chart could not be saved in .*blocked.*: (ENOTDIR|EEXIST)\. Set CHARTS_DIR/);
  });
});

describe('loading charts beside discord.js', () => {
  it('lets discord.js load after the commands that draw charts, in a fresh process (vega-lite patches Set.prototype only on first use)', () => {
    const script = `await import('./commands/index.ts'); const d = await import('discord.js'); new d.Client({ intents: [] }); console.log('ok');`;
    const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
    expect(r.stderr).not.toContain('not iterable');
    expect(r.stdout.trim()).toBe('ok');
  });
});
