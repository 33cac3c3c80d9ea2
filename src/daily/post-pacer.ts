import { platformOf, workspaceOf, type Platform } from '../core/channel-id.js';

export interface PaceLimits {
  /** Posts per second across the platform (Discord: 50 REST requests/s per bot). */
  globalPerSecond?: number;
  /** Posts per second in one workspace or server (the id's first two parts, `slack:T1`). */
  perWorkspacePerSecond?: number;
  /** Posts per second in one channel (Slack chat.postMessage: about 1/s per channel). */
  perChannelPerSecond?: number;
}

/** Kept under the published limits so a day's burst never meets a 429. */
export const PLATFORM_LIMITS: Record<Platform, PaceLimits> = {
  // 50/s is the whole bot's budget; leave room for interactions answered meanwhile.
  discord: { globalPerSecond: 40 },
  // chat.postMessage: about 1/s per channel, and "several hundred per minute" per workspace: 300/min.
  slack: { perChannelPerSecond: 1, perWorkspacePerSecond: 5 },
  console: {},
};

/**
 * Hands out send times inside each platform's rate limits. `slot` reserves the earliest allowed time and waits
 * for it; the clock and the wait are injected so tests and the benchmark can run a day's burst instantly.
 */
export class PostPacer {
  private readonly nextGlobal = new Map<Platform, number>();
  private readonly nextInWorkspace = new Map<string, number>();
  private readonly nextInChannel = new Map<string, number>();

  constructor(
    private readonly now: () => number,
    private readonly wait: (ms: number, signal?: AbortSignal) => Promise<void> = (ms, signal) => sleepUnlessAborted(ms, signal),
    private readonly limits: Record<Platform, PaceLimits> = PLATFORM_LIMITS,
  ) {}

  /** The time (ms) this post may go out; reserves it. */
  reserve(channel: string): number {
    const platform = platformOf(channel);
    const limit = this.limits[platform] ?? {};
    const now = this.now();
    let at = now;
    const workspace = workspaceOf(channel);
    if (limit.globalPerSecond) at = Math.max(at, this.nextGlobal.get(platform) ?? now);
    if (limit.perWorkspacePerSecond) at = Math.max(at, this.nextInWorkspace.get(workspace) ?? now);
    if (limit.perChannelPerSecond) at = Math.max(at, this.nextInChannel.get(channel) ?? now);
    if (limit.globalPerSecond) this.nextGlobal.set(platform, at + 1000 / limit.globalPerSecond);
    if (limit.perWorkspacePerSecond) this.nextInWorkspace.set(workspace, at + 1000 / limit.perWorkspacePerSecond);
    if (limit.perChannelPerSecond) {
      this.nextInChannel.set(channel, at + 1000 / limit.perChannelPerSecond);
      // Forget channels whose slot has passed, so the map stays the size of one burst.
      if (this.nextInChannel.size > 10_000) for (const [c, t] of this.nextInChannel) if (t <= now) this.nextInChannel.delete(c);
    }
    return at;
  }

  /** Waits for this post's slot; returns early (without error) when `signal` aborts, e.g. at shutdown. */
  async slot(channel: string, signal?: AbortSignal): Promise<void> {
    const delay = this.reserve(channel) - this.now();
    if (delay > 0 && !signal?.aborted) await this.wait(delay, signal);
  }
}

function sleepUnlessAborted(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}
