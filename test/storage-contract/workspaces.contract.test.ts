import { afterEach, describe, expect, it } from 'vitest';
import type { NewQuiz } from '../../src/quiz/quiz-store.js';
import type { Storage } from '../../src/storage/storage.js';
import { ENGINES, storages } from '../support/postgres.js';

const db = storages();
afterEach(() => db.closeAll());

const T0 = Date.parse('2026-03-02T08:00:00Z');
const DAY = 86_400_000;
const KEEP = 30 * DAY;

const enable = (s: Storage, channel: string) => s.schedules.enable({ channel, timeOfDay: 9 * 60, timezone: 'UTC', by: 'slack:T1:U1', now: T0, seed: 7 });
const quiz = (channel: string): NewQuiz => ({
  channel,
  starter: { id: 'slack:T1:U0', name: 'alice' },
  selection: 'Ch. 4',
  seconds: 20,
  questions: [{ questionId: 'q1', chapter: 4, answer: 0, optionCount: 2, options: ['a', 'b'] }],
  now: T0,
  firstAt: T0 + 3000,
});

/** Channels of three workspaces on two platforms, each with a daily post on and a quiz that has one answer. */
async function world(s: Storage) {
  const channels = ['slack:T1:C1', 'slack:T1:C2', 'slack:T12:C1', 'discord:100:200'];
  const sessions: number[] = [];
  for (const c of channels) {
    await enable(s, c);
    const q = await s.quizzes.create(quiz(c));
    sessions.push(q.state.sessionId);
    await s.quizzes.openNext(q.state.sessionId, 1, T0 + 3000);
    await s.quizzes.recordAnswer({ sessionId: q.state.sessionId, channel: c, no: 1, user: { id: 'slack:T1:U5', name: 'bo' }, option: 0, at: T0 + 4000 });
  }
  return { channels, sessions };
}

describe.each(ENGINES)('WorkspaceStore on %s', (engine) => {
  it('stops the daily posts and ends the quizzes of the workspace that left, and of no other (T1 is not T12)', async () => {
    const s = await db.open(engine);
    const { sessions } = await world(s);
    const left = await s.workspaces.leave('slack:T1', T0 + 10_000, KEEP);
    expect(left).toEqual({ schedulesStopped: 2, quizzesEnded: 2, purgeAfter: T0 + 10_000 + KEEP });
    expect((await s.schedules.get('slack:T1:C1'))).toMatchObject({ enabled: false, timeOfDay: 540 });
    expect((await s.schedules.get('slack:T1:C2'))?.nextDue).toBeUndefined();
    expect(await s.schedules.get('slack:T12:C1')).toMatchObject({ enabled: true });
    expect(await s.schedules.get('discord:100:200')).toMatchObject({ enabled: true });
    expect(await s.quizzes.running('slack:T1:C1')).toBeUndefined();
    expect((await s.quizzes.load(sessions[0]!))?.state.status).toBe('stopped');
    expect(await s.quizzes.runningIds()).toEqual([sessions[2], sessions[3]]);
    expect(await s.workspaces.purgeDate('slack:T1')).toBe(T0 + 10_000 + KEEP);
    expect(await s.workspaces.purgeDate('slack:T12')).toBeUndefined();
  });

  it('keeps the study data until the purge date, then deletes only that workspace’s', async () => {
    const s = await db.open(engine);
    const { sessions } = await world(s);
    await s.workspaces.leave('discord:100', T0, KEEP);
    await s.workspaces.leave('slack:T1', T0, KEEP);
    expect(await s.workspaces.purgeDue(T0 + KEEP - 1)).toEqual([]);
    expect(await s.quizzes.load(sessions[0]!)).toBeDefined();
    expect(await s.workspaces.purgeDue(T0 + KEEP)).toEqual(['discord:100', 'slack:T1']);
    expect(await s.schedules.get('slack:T1:C1')).toBeUndefined();
    expect(await s.schedules.get('discord:100:200')).toBeUndefined();
    expect(await s.quizzes.load(sessions[0]!)).toBeUndefined();
    expect(await s.quizzes.load(sessions[3]!)).toBeUndefined();
    expect(await s.schedules.get('slack:T12:C1')).toMatchObject({ enabled: true });
    expect(await s.quizzes.load(sessions[2]!)).toBeDefined();
    expect(await s.workspaces.purgeDate('slack:T1')).toBeUndefined();
    // Done once: nothing is left to purge.
    expect(await s.workspaces.purgeDue(T0 + 2 * KEEP)).toEqual([]);
  });

  it('keeps the data for good when the app is installed again before the purge', async () => {
    const s = await db.open(engine);
    const { sessions } = await world(s);
    await s.workspaces.leave('slack:T1', T0, KEEP);
    expect(await s.workspaces.rejoin('slack:T1')).toBe(true);
    expect(await s.workspaces.rejoin('slack:T1')).toBe(false);
    expect(await s.workspaces.purgeDue(T0 + 2 * KEEP)).toEqual([]);
    expect(await s.quizzes.load(sessions[0]!)).toBeDefined();
    expect(await s.schedules.get('slack:T1:C1')).toMatchObject({ enabled: false });
  });

  it('refuses a workspace name that is not one workspace, so a purge cannot match a whole platform', async () => {
    const s = await db.open(engine);
    await expect(s.workspaces.leave('slack', T0, KEEP)).rejects.toThrow(/not a workspace name/);
    await expect(s.workspaces.leave('slack:T1:C1', T0, KEEP)).rejects.toThrow(/not a workspace name/);
  });

  it('stores settings per workspace, merging changes and clearing a value back to the default with null', async () => {
    const s = await db.open(engine);
    expect(await s.workspaces.settings('slack:T1')).toBeUndefined();
    expect(await s.workspaces.saveSettings('slack:T1', { adminUsers: ['U7'], dailyTime: 450 }, 'slack:T1:U1', T0)).toEqual({ adminUsers: ['U7'], dailyTime: 450 });
    await s.workspaces.saveSettings('slack:T1', { dailyTimezone: 'Europe/Berlin', membersDailyNow: false }, 'slack:T1:U1', T0);
    expect(await s.workspaces.settings('slack:T1')).toEqual({ adminUsers: ['U7'], dailyTime: 450, dailyTimezone: 'Europe/Berlin', membersDailyNow: false });
    await s.workspaces.saveSettings('slack:T1', { dailyTime: null }, 'slack:T1:U1', T0);
    expect(await s.workspaces.settings('slack:T1')).toEqual({ adminUsers: ['U7'], dailyTimezone: 'Europe/Berlin', membersDailyNow: false });
    expect(await s.workspaces.settings('slack:T12')).toBeUndefined();
  });

  it('purges the settings of a workspace with its data', async () => {
    const s = await db.open(engine);
    await s.workspaces.saveSettings('slack:T1', { adminUsers: ['U7'] }, 'slack:T1:U1', T0);
    await s.workspaces.leave('slack:T1', T0, 0);
    expect(await s.workspaces.purgeDue(T0)).toEqual(['slack:T1']);
    expect(await s.workspaces.settings('slack:T1')).toBeUndefined();
  });
});

describe('WorkspaceStore on PostgreSQL, two admins at once', () => {
  it('keeps both of two settings changed at the same moment by two processes', async () => {
    const first = await db.open('postgres');
    const second = await db.another(first);
    await Promise.all([
      first.workspaces.saveSettings('slack:T1', { dailyTime: 450 }, 'slack:T1:U1', T0),
      second.workspaces.saveSettings('slack:T1', { membersDailyNow: false }, 'slack:T1:U2', T0),
    ]);
    expect(await first.workspaces.settings('slack:T1')).toEqual({ adminUsers: [], dailyTime: 450, membersDailyNow: false });
  });
});
