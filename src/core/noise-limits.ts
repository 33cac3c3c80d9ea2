import { UserError } from './errors.js';

export interface NoiseLimitSettings {
  /** Commands one person may run per rolling minute; 0 turns the limit off. */
  commandsPerMinute: number;
  /** Seconds between public posts that members (not channel managers) trigger in one channel; 0 turns it off. */
  channelPostCooldownSeconds: number;
}

/** A run turned away by a limit: shown privately like any UserError, counted as `refused`. */
export class RateLimited extends UserError {
  constructor(message: string, hint: string) {
    super(message, hint);
    this.name = 'RateLimited';
  }
}

const MINUTE_MS = 60_000;
/** Past this many remembered people or channels, idle entries are swept so memory stays bounded. */
const SWEEP_AT = 10_000;

const seconds = (ms: number) => Math.max(1, Math.ceil(ms / 1000));

/**
 * Limits on what one person can make the bot do in shared channels: a rolling per-person command rate, and a
 * per-channel cool-down between public posts that members trigger (a `/daily now`, a shared answer). Kept in this
 * process's memory: each bot process counts on its own, and a restart forgets. Times are epoch ms from `now`.
 */
export class NoiseLimits {
  private readonly runs = new Map<string, number[]>();
  private readonly posts = new Map<string, number>();

  constructor(
    private readonly settings: NoiseLimitSettings,
    private readonly now: () => number = Date.now,
  ) {}

  /** Counts a command run by `speaker` (a namespaced user id); throws RateLimited when they have used up the minute. */
  admitRun(speaker: string): void {
    const limit = this.settings.commandsPerMinute;
    if (limit <= 0) return;
    const t = this.now();
    const recent = (this.runs.get(speaker) ?? []).filter((at) => t - at < MINUTE_MS);
    if (recent.length >= limit) {
      this.runs.set(speaker, recent);
      throw new RateLimited(
        `That is ${limit} commands from you in the last minute, the most I take from one person. Try again in ${seconds(recent[0]! + MINUTE_MS - t)} s.`,
        'This keeps the bot from flooding a channel; nobody else is affected.',
      );
    }
    recent.push(t);
    this.runs.set(speaker, recent);
    if (this.runs.size > SWEEP_AT) this.sweep(t);
  }

  /**
   * Reserves `channel`'s next public post for a member; throws RateLimited while the channel cools down. Returns a
   * function that hands the reservation back (the run ended without posting in public), so a refused or private
   * run does not hold the channel.
   */
  reservePost(channel: string): () => void {
    const cooldown = this.settings.channelPostCooldownSeconds * 1000;
    if (cooldown <= 0) return () => {};
    const t = this.now();
    const last = this.posts.get(channel);
    if (last !== undefined && t - last < cooldown) {
      throw new RateLimited(
        `The bot posted here for someone ${seconds(t - last)} s ago; to keep the channel readable, the next such post can go out in ${seconds(last + cooldown - t)} s.`,
        'Answers shown only to you (/ask, /daily status) work meanwhile; channel managers are not limited.',
      );
    }
    this.posts.set(channel, t);
    if (this.posts.size > SWEEP_AT) this.sweep(t);
    return () => {
      if (this.posts.get(channel) !== t) return;
      if (last === undefined) this.posts.delete(channel);
      else this.posts.set(channel, last);
    };
  }

  private sweep(t: number): void {
    for (const [who, times] of this.runs) if (times.every((at) => t - at >= MINUTE_MS)) this.runs.delete(who);
    const cooldown = this.settings.channelPostCooldownSeconds * 1000;
    for (const [channel, at] of this.posts) if (t - at >= cooldown) this.posts.delete(channel);
  }
}
