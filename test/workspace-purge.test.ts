import { afterEach, describe, expect, it } from 'vitest';
import { startWorkspacePurge, PURGE_EVERY_MS } from '../src/workspaces/workspace-purge.js';
import { FakeClock } from './support/fake-clock.js';
import { captureLog } from './support/log-capture.js';
import { ENGINES, storages } from './support/postgres.js';

const db = storages();
const stops: (() => void)[] = [];
afterEach(async () => {
  for (const stop of stops.splice(0)) stop();
  await db.closeAll();
});

const DAY = 86_400_000;

describe.each(ENGINES)('The workspace purge on %s', (engine) => {
  it('purges a workspace on the first hourly run after its retention period, and keeps the rest', async () => {
    const s = await db.open(engine);
    const clock = FakeClock.at('2026-03-02T10:00:00Z');
    for (const channel of ['slack:T1:C1', 'slack:T2:C1']) await s.schedules.enable({ channel, timeOfDay: 540, timezone: 'UTC', by: 'x', now: clock.now(), seed: 1 });
    await s.workspaces.leave('slack:T1', clock.now(), 2 * DAY);
    const capture = captureLog('info');
    const purge = startWorkspacePurge({ workspaces: s.workspaces, clock, log: capture.log });
    stops.push(() => purge.stop());
    await clock.advance(2 * DAY - PURGE_EVERY_MS);
    expect(await s.schedules.get('slack:T1:C1')).toBeDefined();
    await clock.advance(PURGE_EVERY_MS);
    expect(await s.schedules.get('slack:T1:C1')).toBeUndefined();
    expect(await s.schedules.get('slack:T2:C1')).toBeDefined();
    expect(capture.records.find((r) => r.msg.startsWith('purged the study data'))).toMatchObject({ workspaces: ['slack:T1'] });
  });
});
