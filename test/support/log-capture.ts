import { Writable } from 'node:stream';
import { createLogger, type Logger } from '../../src/core/logger.js';

export interface LogRecord {
  level: number;
  msg: string;
  [key: string]: unknown;
}

/** A real JSON logger whose lines are kept; `until` resolves once a record matching the test has been logged. */
export function captureLog(level: 'trace' | 'debug' | 'info' | 'warn' = 'debug') {
  const records: LogRecord[] = [];
  const waiters: { test: (r: LogRecord) => boolean; resolve: (r: LogRecord) => void }[] = [];
  const destination = new Writable({
    write(chunk, _enc, done) {
      for (const line of String(chunk).split('\n').filter(Boolean)) {
        const r = JSON.parse(line) as LogRecord;
        records.push(r);
        for (const w of [...waiters]) if (w.test(r)) waiters.splice(waiters.indexOf(w), 1) && w.resolve(r);
      }
      done();
    },
  });
  const log: Logger = createLogger({ level, destination });
  const until = (test: (r: LogRecord) => boolean) =>
    new Promise<LogRecord>((resolve) => {
      const seen = records.find(test);
      if (seen) resolve(seen);
      else waiters.push({ test, resolve });
    });
  return { log, records, until };
}
