import { describe, expect, it } from 'vitest';
import { consoleStreams, driveConsole } from './support/console-driver.js';
import { testBot } from './support/test-bot.js';

/** The console adapter on streams in --json mode, with the daily scheduler posting through its port. */
function consoleSession() {
  const streams = consoleStreams();
  const bot = testBot(undefined, undefined, { port: streams.port });
  bot.clock.set('2026-03-02T08:00:00Z');
  return { bot, scheduler: bot.core.daily, ...driveConsole(bot.router, streams) };
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
