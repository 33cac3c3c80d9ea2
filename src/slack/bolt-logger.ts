import type { LogLevel, Logger as SlackLogger } from '@slack/bolt';
import type { Logger } from '../core/logger.js';

/**
 * Bolt and its Web API client log through this, so their lines land in our structured log with secrets scrubbed.
 * Bolt chatters at info (every socket reconnect): its info becomes our debug. `warn` may be routed elsewhere (the
 * HTTP receiver's warnings, one per refused request, go through a throttle).
 */
export function boltLogger(log: Logger, o: { warn?: (line: string) => void } = {}): SlackLogger {
  let level = 'info' as LogLevel;
  const text = (msg: unknown[]) => msg.map((m) => (typeof m === 'string' ? m : JSON.stringify(m))).join(' ');
  return {
    debug: (...msg: unknown[]) => log.trace(text(msg)),
    info: (...msg: unknown[]) => log.debug(text(msg)),
    warn: (...msg: unknown[]) => (o.warn ? o.warn(text(msg)) : log.warn(text(msg))),
    error: (...msg: unknown[]) => log.error(text(msg)),
    setLevel: (l: LogLevel) => {
      level = l;
    },
    getLevel: () => level,
    setName: () => {},
  };
}
