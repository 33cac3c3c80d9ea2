import { pino, type Logger } from 'pino';
import type { LogLevel } from '../config.js';

export type { Logger };

/**
 * Structured JSON logs; readable lines when stderr is a terminal. Logs go to stderr so the console's stdout
 * (replies, `--json`) stays clean. Known secret values are replaced wherever they appear in a line.
 */
export function createLogger(options: { level: LogLevel; secrets?: string[]; pretty?: boolean; destination?: NodeJS.WritableStream }): Logger {
  const secrets = (options.secrets ?? []).filter((s) => s.length >= 8);
  const scrub = (line: string) => redactSlackOAuth(redactResponseUrls(secrets.reduce((l, s) => l.split(s).join('[redacted]'), line)));
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

/*
 * Slack's response_url lets whoever holds it post to the channel for 30 minutes (5 uses), so it is a secret too.
 * Socket Mode logs whole envelopes at trace level, inside a message string where its quotes are escaped (\"), and
 * in terminal lines it may appear unquoted: match the key in each form, and any hooks.slack.com URL on its own.
 */
const RESPONSE_URL_VALUE = /(response_url\\*"?\s*[:=]\s*\\*"?)[^"\\\s,}]+/g;
const SLACK_HOOK_URL = /(https?:\/\/hooks\.slack\.com\/)[^"'\\\s<>]+/g;

/*
 * With "Add to Slack", tokens are issued at run time, so they cannot be in the list of known secrets. web-api logs
 * request bodies at debug (our trace), the OAuth exchange's one-use `code` among them: redact OAuth fields by name
 * and anything shaped like a Slack token (xoxb-, xoxp-, xoxe-, xapp-…) wherever it appears.
 */
const OAUTH_FIELD_VALUE = /(\\*"(?:code|access_token|refresh_token|client_secret)\\*"\s*:\s*\\*")[^"\\]+/g;
const SLACK_TOKEN = /\b(?:xox[a-z]|xapp)-[A-Za-z0-9-]+/g;

/** Replaces OAuth codes, tokens and client secrets, and any Slack-token-shaped text, in a log line with `[redacted]`. */
export function redactSlackOAuth(line: string): string {
  return line.replace(OAUTH_FIELD_VALUE, '$1[redacted]').replace(SLACK_TOKEN, '[redacted]');
}

/** Replaces Slack response_url values and hooks.slack.com URLs in a log line with `[redacted]`. */
export function redactResponseUrls(line: string): string {
  return line.replace(RESPONSE_URL_VALUE, '$1[redacted]').replace(SLACK_HOOK_URL, '$1[redacted]');
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
