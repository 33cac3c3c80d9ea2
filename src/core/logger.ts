import { pino, type Logger } from 'pino';
import type { LogLevel } from '../config.js';

export type { Logger };

/**
 * Structured JSON logs; readable lines when stderr is a terminal. Logs go to stderr so the console's stdout
 * (replies, `--json`) stays clean. Known secret values are replaced wherever they appear in a line.
 */
export function createLogger(options: { level: LogLevel; secrets?: string[]; pretty?: boolean; destination?: NodeJS.WritableStream }): Logger {
  const secrets = (options.secrets ?? []).filter((s) => s.length >= 8);
  const scrub = (line: string) => secrets.reduce((l, s) => l.split(s).join('[redacted]'), line);
  const sink = options.destination ?? process.stderr;
  const stream = {
    write(line: string) {
      sink.write(scrub(line));
    },
  };
  const base = {
    level: options.level,
    base: undefined,
    redact: { paths: ['token', '*.token', 'botToken', 'appToken', 'signingSecret', 'headers.authorization', '*.headers.authorization'], censor: '[redacted]' },
  };
  if (options.pretty) {
    // pino-pretty as a synchronous stream: no worker thread, fine at our volume.
    return pino(base, pinoPrettyStream(stream));
  }
  return pino(base, stream);
}

import pretty from 'pino-pretty';
import { Writable } from 'node:stream';
function pinoPrettyStream(dest: { write(line: string): void }) {
  // pino-pretty pipes into its destination, so it must be a real stream (a bare { write } crashed at start).
  const destination = new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      dest.write(String(chunk));
      done();
    },
  });
  return pretty({ destination, colorize: true, sync: true, ignore: 'pid,hostname' });
}
