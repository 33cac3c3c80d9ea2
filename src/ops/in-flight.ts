import type { CommandObserver, RunInfo, RunOutcome } from '../core/command-router.js';
import { UserError } from '../core/errors.js';

/**
 * Counts command runs in progress so shutdown can finish them: `drain()` turns new runs away with a message the
 * person can act on, and resolves once the running ones have replied.
 */
export class InFlight implements CommandObserver {
  private running = 0;
  private draining = false;
  private idle: (() => void)[] = [];

  get count(): number {
    return this.running;
  }

  start(_run: RunInfo): (outcome: RunOutcome) => void {
    if (this.draining) throw new UserError('I am restarting right now.', 'Try again in a minute.');
    this.running++;
    let done = false;
    return () => {
      if (done) return;
      done = true;
      this.running--;
      if (this.running === 0) for (const wake of this.idle.splice(0)) wake();
    };
  }

  /** Refuses new runs from now on; resolves when none is left running. */
  drain(): Promise<void> {
    this.draining = true;
    if (this.running === 0) return Promise.resolve();
    return new Promise((resolve) => this.idle.push(resolve));
  }
}
