import { describe, expect, it } from 'vitest';
import { PostPacer } from '../src/daily/post-pacer.js';

/** The busiest one-second window of a list of send times. */
function busiestSecond(times: number[]): number {
  const sorted = [...times].sort((a, b) => a - b);
  let best = 0;
  for (let i = 0, j = 0; i < sorted.length; i++) {
    while (sorted[i]! - sorted[j]! >= 1000) j++;
    best = Math.max(best, i - j + 1);
  }
  return best;
}

describe('pacing a burst of daily posts', () => {
  const now = () => 0;

  it('keeps Discord under its 50 requests a second across all servers', () => {
    const pacer = new PostPacer(now, async () => {});
    const times = Array.from({ length: 500 }, (_, i) => pacer.reserve(`discord:G${i % 7}:C${i}`));
    expect(busiestSecond(times)).toBeLessThanOrEqual(50);
    expect(Math.max(...times)).toBeLessThan(15_000);
  });

  it('keeps Slack to one post a second per channel and a few hundred a minute per workspace, but lets workspaces run side by side', () => {
    const pacer = new PostPacer(now, async () => {});
    const sameChannel = [0, 1, 2].map(() => pacer.reserve('slack:T1:C1'));
    expect(sameChannel[1]! - sameChannel[0]!).toBeGreaterThanOrEqual(1000);
    const oneWorkspace = Array.from({ length: 300 }, (_, i) => pacer.reserve(`slack:T2:C${i}`));
    expect(busiestSecond(oneWorkspace)).toBeLessThanOrEqual(5);
    const manyWorkspaces = Array.from({ length: 300 }, (_, i) => pacer.reserve(`slack:W${i}:C1`));
    expect(Math.max(...manyWorkspaces)).toBe(0);
  });

  it('waits for the reserved slot through the injected wait', async () => {
    const waits: number[] = [];
    const pacer = new PostPacer(now, async (ms) => void waits.push(ms));
    for (let i = 0; i < 3; i++) await pacer.slot('discord:G1:C1');
    expect(waits).toEqual([25, 50]);
  });
});
