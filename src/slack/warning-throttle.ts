/**
 * Lets one warning through per window and counts the rest, so a flood of bad requests (a scanner, a
 * misconfigured proxy) costs one log line a minute instead of one per request. `write` receives the message and
 * how many were held back since the last line it saw.
 */
export class WarningThrottle {
  private lastAt = -Infinity;
  private held = 0;

  constructor(
    private readonly write: (message: string, suppressed: number) => void,
    private readonly everyMs = 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  note(message: string): void {
    const t = this.now();
    if (t - this.lastAt < this.everyMs) {
      this.held++;
      return;
    }
    this.write(message, this.held);
    this.held = 0;
    this.lastAt = t;
  }
}
