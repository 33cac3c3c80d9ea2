import type { LogLevel, Logger as SlackLogger } from '@slack/bolt';
import type { Logger } from '../core/logger.js';

/**
 * Bolt and its Web API client log through this, so their lines land in our structured log with secrets scrubbed.
 * Bolt chatters at info (every socket reconnect): its info becomes our debug.
 */
export function boltLogger(log: Logger): SlackLogger {
  let level = 'info' as LogLevel;
  const text = (msg: unknown[]) => msg.map((m) => (typeof m === 'string' ? m : JSON.stringify(m))).join(' ');
  return {
    debug: (...msg: unknown[]) => log.trace(text(msg)),
    info: (...msg: unknown[]) => log.debug(text(msg)),
    warn: (...msg: unknown[]) => log.warn(text(msg)),
    error: (...msg: unknown[]) => log.error(text(msg)),
    setLevel: (l: LogLevel) => {
      level = l;
    },
    getLevel: () => level,
    setName: () => {},
  };
}
