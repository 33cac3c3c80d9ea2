import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { commands } from '../commands/index.js';
import type { BotButton, BotCommand } from '../src/services.js';
import { UserError } from '../src/core/errors.js';
import { createLogger } from '../src/core/logger.js';
import { reply, plainText } from '../src/core/reply.js';
import { logObserver, metricsObserver, observeAll } from '../src/ops/command-observers.js';
import { InFlight } from '../src/ops/in-flight.js';
import { Metrics } from '../src/ops/metrics.js';
import { loadLibrary } from '../src/content/content-loader.js';
import { memoryStorage } from './support/storages.js';
import { dailyWorld, fakeClock } from './support/daily-world.js';
import { quizWorld } from './support/quiz-world.js';
import { FIXTURE_CONTENT, testBot } from './support/test-bot.js';

/** A command the test releases by hand, to hold a run in flight. */
function heldCommand() {
  let release!: () => void;
  const held = new Promise<void>((r) => (release = r));
  const command: BotCommand = {
    name: 'slow',
    description: 'Waits until released',
    options: [],
    examples: ['/slow'],
    async run() {
      await held;
      return reply([{ type: 'text', text: 'finished' }]);
    },
  };
  return { command, release };
}

const broken: BotCommand = { name: 'broken', description: 'Always fails', options: [], examples: [], run: () => { throw new Error('bug'); } };
const picky: BotCommand = { name: 'picky', description: 'Always refuses', options: [], examples: [], run: () => { throw new UserError('Not like that.'); } };
const flip: BotButton = { prefix: 'flip', run: () => reply([{ type: 'text', text: 'flipped' }]) };

function wire(extra: BotCommand[] = []) {
  const metrics = new Metrics();
  const inFlight = new InFlight();
  const lines: string[] = [];
  const log = createLogger({ level: 'info', destination: new Writable({ write(chunk, _enc, cb) { lines.push(String(chunk)); cb(); } }) });
  const { router } = testBot(undefined, undefined, {
    core: { commands: [...commands, ...extra], buttons: [flip], metrics, observer: observeAll(metricsObserver(metrics), logObserver(log), inFlight), onCommandError: () => {} },
  });
  const who = (platform: 'slack' | 'discord' | 'console') => ({ speaker: { id: `${platform}:T1:U1`, name: 'ann' }, channel: `${platform}:T1:C1`, platform });
  return { router, metrics, inFlight, lines, who };
}

async function metricLine(metrics: Metrics, pattern: RegExp): Promise<number> {
  const m = pattern.exec((await metrics.render()).body);
  return m ? Number(m[1]) : 0;
}

describe('counting commands', () => {
  it('counts each command by name, platform and outcome, and records its latency', async () => {
    const { router, metrics, who } = wire([broken, picky]);
    await router.run('ask', 'sampling', who('slack'));
    await router.run('ask', 'imbalance', who('slack'));
    await router.run('random', '', who('discord'));
    await router.run('broken', '', who('discord'));
    await router.run('picky', '', who('slack'));
    await router.click({ id: 'flip:1', speaker: { id: 'discord:U1', name: 'ann' }, channel: 'discord:G1:C1', platform: 'discord' });

    expect(await metricLine(metrics, /studybot_commands_total\{command="ask",platform="slack",outcome="ok"\} (\d+)/)).toBe(2);
    expect(await metricLine(metrics, /studybot_commands_total\{command="random",platform="discord",outcome="ok"\} (\d+)/)).toBe(1);
    expect(await metricLine(metrics, /studybot_commands_total\{command="broken",platform="discord",outcome="error"\} (\d+)/)).toBe(1);
    expect(await metricLine(metrics, /studybot_commands_total\{command="picky",platform="slack",outcome="user_error"\} (\d+)/)).toBe(1);
    expect(await metricLine(metrics, /studybot_commands_total\{command="button:flip",platform="discord",outcome="ok"\} (\d+)/)).toBe(1);
    expect(await metricLine(metrics, /studybot_command_duration_seconds_count\{command="ask",platform="slack"\} (\d+)/)).toBe(2);
    expect(await metricLine(metrics, /studybot_command_duration_seconds_sum\{command="ask",platform="slack"\} ([\d.e-]+)/)).toBeGreaterThan(0);
    // A bug counts as an error; a UserError is the person's to fix and does not.
    expect(await metricLine(metrics, /studybot_errors_total\{where="command"\} (\d+)/)).toBe(1);
  });

  it('does not count an unknown command name as a command, so stray text cannot grow the label set', async () => {
    const { router, metrics, who } = wire();
    const r = await router.run('nosuchcommand', '', who('slack'));
    expect(r.kind).toBe('error');
    expect((await metrics.render()).body).not.toContain('nosuchcommand');
  });

  // studybot_errors_total{where="daily"|"quiz"} is counted through the real paths in daily-storage-faults.test.ts
  // and quiz-storage-faults.test.ts, where a storage write fails.
  it('counts quiz answers when a question is revealed and daily posts when the scheduler sends them', async () => {
    const metrics = new Metrics();
    const w = quizWorld({ metrics });
    await w.say('alice', '/quiz start ch4 1 10');
    await w.clock.advance(3000);
    const q = w.lastQuestion();
    await w.click('bob', q.buttons[q.right]!.id);
    await w.click('carol', q.buttons[(q.right + 1) % q.buttons.length]!.id);
    expect(await metricLine(metrics, /studybot_quiz_answers_total\{platform="console",correct="true"\} (\d+)/)).toBe(0);
    await w.clock.advance(10_000);
    expect(await metricLine(metrics, /studybot_quiz_answers_total\{platform="console",correct="true"\} (\d+)/)).toBe(1);
    expect(await metricLine(metrics, /studybot_quiz_answers_total\{platform="console",correct="false"\} (\d+)/)).toBe(1);

    const db = memoryStorage();
    const clock = fakeClock('2026-03-02T08:00:00Z');
    await db.schedules.enable({ channel: 'console:main', timeOfDay: 9 * 60, timezone: 'UTC', by: 'console:test', now: clock.ms, seed: 1 });
    await db.schedules.enable({ channel: 'slack:T1:C1', timeOfDay: 9 * 60, timezone: 'UTC', by: 'slack:T1:U1', now: clock.ms, seed: 1 }); // no Slack adapter: fails
    const { scheduler } = dailyWorld({ storage: db, library: loadLibrary(FIXTURE_CONTENT), clock, metrics });
    clock.set('2026-03-02T09:00:00Z');
    await scheduler.tick();
    await db.close();
    expect(await metricLine(metrics, /studybot_daily_posts_total\{platform="console",result="sent"\} (\d+)/)).toBe(1);
    expect(await metricLine(metrics, /studybot_daily_posts_total\{platform="slack",result="failed"\} (\d+)/)).toBe(1);
  });

  it('keeps two bots in one process on separate registries', async () => {
    const a = new Metrics();
    const b = new Metrics();
    a.dailyPost('slack', 'sent');
    expect(await metricLine(b, /studybot_daily_posts_total\{platform="slack",result="sent"\} (\d+)/)).toBe(0);
  });
});

describe('logging commands', () => {
  it('writes one JSON line per run with command, platform, outcome and latency', async () => {
    const { router, lines, who } = wire([broken]);
    await router.run('ask', 'sampling', who('discord'));
    await router.run('broken', '', who('slack'));
    const records = lines.map((l) => JSON.parse(l) as Record<string, unknown>).filter((r) => r.msg === 'command served');
    expect(records).toHaveLength(2);
    expect(records[0]).toMatchObject({ command: 'ask', platform: 'discord', user: 'discord:T1:U1', outcome: 'ok', level: 30 });
    expect(records[0]!.latencyMs).toEqual(expect.any(Number));
    expect(records[1]).toMatchObject({ command: 'broken', platform: 'slack', outcome: 'error' });
  });
});

describe('finishing work in flight', () => {
  it('drains only after the running command has replied, and turns new commands away meanwhile', async () => {
    const slow = heldCommand();
    const { router, inFlight, metrics, who } = wire([slow.command]);
    const running = router.run('slow', '', who('slack'));
    await Promise.resolve();
    expect(inFlight.count).toBe(1);

    let drained = false;
    const draining = inFlight.drain().then(() => (drained = true));
    const turnedAway = await router.run('ask', 'sampling', who('slack'));
    expect(turnedAway.kind).toBe('error');
    expect(plainText(turnedAway)).toContain('I am restarting right now.');
    await Promise.resolve();
    expect(drained).toBe(false);

    slow.release();
    expect(plainText(await running)).toContain('finished');
    await draining;
    expect(drained).toBe(true);
    expect(await metricLine(metrics, /studybot_commands_total\{command="ask",platform="slack",outcome="refused"\} (\d+)/)).toBe(1);
    expect(await metricLine(metrics, /studybot_command_duration_seconds_count\{command="ask",platform="slack"\} (\d+)/)).toBe(0);
  });

  it('drains at once when nothing is running', async () => {
    const inFlight = new InFlight();
    await inFlight.drain();
    expect(inFlight.count).toBe(0);
  });
});
