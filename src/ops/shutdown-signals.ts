import type { Lifecycle } from '../core/lifecycle.js';
import type { Logger } from '../core/logger.js';

/**
 * SIGTERM (docker stop, systemd, Kubernetes) or SIGINT (Ctrl-C) runs the lifecycle's shutdown and exits 0.
 * Container platforms send SIGKILL 10 s after SIGTERM by default, so the steps get 9 s between them and a
 * hard exit(1) fires at the deadline whatever is stuck. A second signal exits at once.
 */
export function exitOnSignals(lifecycle: Lifecycle, log: Logger, exit: (code: number) => void = (code) => process.exit(code), deadlineMs = 10_000): void {
  let received = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (received) {
      log.warn({ signal }, 'second signal: exiting now');
      exit(1);
      return;
    }
    received = true;
    log.info({ signal }, 'shutting down');
    setTimeout(() => {
      log.error({ deadlineMs }, 'shutdown overran its deadline: exiting anyway');
      exit(1);
    }, deadlineMs).unref();
    void lifecycle.shutdown(Math.max(100, deadlineMs - 1000)).then(() => {
      log.info('stopped cleanly');
      exit(0);
    });
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
}
