import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { buttons } from '../commands/index.js';
import { runConsole } from '../src/console/console-adapter.js';
import { ConsolePort } from '../src/console/console-port.js';
import { ChatPorts } from '../src/core/chat-port.js';
import { CommandRouter } from '../src/core/command-router.js';
import { DailyScheduler } from '../src/daily/daily-scheduler.js';
import { PostPacer } from '../src/daily/post-pacer.js';
import { testBot } from './support/test-bot.js';

interface Line {
  posted?: { id: string };
  kind?: string;
  visibility?: string;
  data?: Record<string, unknown>;
}

/** The console adapter on streams in --json mode, with the daily scheduler posting through its port. */
function consoleSession() {
  const bot = testBot();
  bot.clock.set('2026-03-02T08:00:00Z');
  const input = new PassThrough();
  const output = new PassThrough();
  const port = new ConsolePort(output, { json: true, colour: false });
  const ports = new ChatPorts();
  ports.add(port);
  const router = new CommandRouter(bot.services, (err) => bot.errors.push(err), buttons);
  const scheduler = new DailyScheduler({
    db: bot.db,
    library: bot.services.library,
    ports,
    now: bot.services.now,
    graceMinutes: 120,
    pacer: new PostPacer(() => bot.clock.ms, async () => {}),
  });
  const lines: Line[] = [];
  let waiting: (() => void) | undefined;
  let buffer = '';
  output.on('data', (chunk: Buffer) => {
    buffer += chunk.toString('utf8');
    for (let nl = buffer.indexOf('\n'); nl >= 0; nl = buffer.indexOf('\n')) {
      lines.push(JSON.parse(buffer.slice(0, nl)) as Line);
      buffer = buffer.slice(nl + 1);
    }
    waiting?.();
  });
  const done = runConsole({ router, input, output, interactive: false, colour: false, json: true, port });
  const replies = () => lines.filter((l) => !l.posted);
  return {
    bot,
    scheduler,
    lines,
    async type(text: string): Promise<Line> {
      const before = replies().length;
      input.write(`${text}\n`);
      while (replies().length === before) await new Promise<void>((resolve) => (waiting = resolve));
      return replies()[before]!;
    },
    async end() {
      input.end();
      await done;
    },
  };
}

describe('the daily concept in the console', () => {
  it('is turned on by typing, appears when due, and a typed letter answers its question', async () => {
    const c = consoleSession();
    expect((await c.type('/daily on 09:00 UTC')).data).toMatchObject({ enabled: true, nextDue: '2026-03-02T09:00:00.000Z' });
    await c.scheduler.tick();
    expect(c.lines.filter((l) => l.posted)).toHaveLength(0);

    c.bot.clock.set('2026-03-02T09:00:00Z');
    await c.scheduler.tick();
    const posts = c.lines.filter((l) => l.posted);
    expect(posts).toHaveLength(1);
    const daily = posts[0]!.data!.daily as { question: string };
    const question = c.bot.services.library.questions.find((q) => q.id === daily.question)!;

    const answer = await c.type('ABCDE'[question.answer]!);
    expect(answer).toMatchObject({ visibility: 'private', data: { question: question.id, correct: true } });
    expect((await c.type('/daily status')).data).toMatchObject({ nextDate: '2026-03-03', recent: [{ date: '2026-03-02', status: 'sent' }] });
    await c.end();
    expect(c.bot.errors).toEqual([]);
  });
});
