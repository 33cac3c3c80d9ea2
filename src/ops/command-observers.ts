import type { CommandObserver, RunInfo, RunOutcome } from '../core/command-router.js';
import type { Logger } from '../core/logger.js';
import type { Metrics } from './metrics.js';

/** Counts every run and its latency on the metrics. */
export function metricsObserver(metrics: Metrics): CommandObserver {
  return {
    start(run) {
      const started = performance.now();
      return (outcome) => metrics.commandServed({ ...run, outcome, seconds: (performance.now() - started) / 1000 });
    },
  };
}

/** One structured line per run: command, platform, user, outcome and latency, for searching logs later. */
export function logObserver(log: Logger): CommandObserver {
  return {
    start(run) {
      const started = performance.now();
      return (outcome) => {
        const latencyMs = Math.round((performance.now() - started) * 10) / 10;
        log.info({ command: run.command, platform: run.platform, user: run.user, outcome, latencyMs }, 'command served');
      };
    },
  };
}

/**
 * Several observers as one, started in order. If one refuses the run (throws), those already started hear
 * `refused` so counts stay right, and the refusal goes on to the router.
 */
export function observeAll(...observers: CommandObserver[]): CommandObserver {
  return {
    start(run: RunInfo) {
      const finishes: ((outcome: RunOutcome) => void)[] = [];
      try {
        for (const o of observers) finishes.push(o.start(run));
      } catch (err) {
        for (const finish of finishes) finish('refused');
        throw err;
      }
      return (outcome) => {
        for (const finish of finishes) finish(outcome);
      };
    },
  };
}
