import type { Logger } from './logger.js';

/**
 * Start-up registers what must be stopped; shutdown stops it in reverse order (adapters before the scheduler
 * before the database), each step bounded so a stuck one cannot hold the process past the deadline.
 */
export class Lifecycle {
  private readonly steps: { name: string; stop: () => unknown }[] = [];
  private stopping?: Promise<void>;

  constructor(private readonly log?: Logger) {}

  onShutdown(name: string, stop: () => unknown): void {
    this.steps.push({ name, stop });
  }

  get isStopping(): boolean {
    return this.stopping !== undefined;
  }

  /** Runs every step once, last registered first. Calling it again returns the same promise. */
  shutdown(totalMs = 9000): Promise<void> {
    this.stopping ??= (async () => {
      const deadline = Date.now() + totalMs;
      for (const step of [...this.steps].reverse()) {
        const left = Math.max(100, deadline - Date.now());
        let timer: NodeJS.Timeout | undefined;
        try {
          await Promise.race([
            Promise.resolve().then(step.stop),
            new Promise((_, reject) => {
              timer = setTimeout(() => reject(new Error(`timed out after ${left} ms`)), left);
            }),
          ]);
          this.log?.debug({ step: step.name }, 'stopped');
        } catch (err) {
          this.log?.warn({ step: step.name, err }, 'shutdown step failed');
        } finally {
          clearTimeout(timer);
        }
      }
    })();
    return this.stopping;
  }
}
