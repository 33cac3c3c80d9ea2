import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSlackHttpServer } from '../src/slack/slack-http-server.js';
import { WarningThrottle } from '../src/slack/warning-throttle.js';
import { slackSignature, slashCommandPayload, type FakeSlack } from './fakes/fake-slack.js';
import { captureLog } from './support/log-capture.js';
import { startHttpSlack } from './support/slack-http-bot.js';

/** Opens a raw connection, writes `head`, and resolves with everything the server sent once it closes the connection. */
function trickle(port: number, head: string): Promise<string> {
  return new Promise((resolve, reject) => {
    let got = '';
    const socket = connect(port, '127.0.0.1', () => socket.write(head));
    socket.on('data', (d) => (got += String(d)));
    socket.on('close', () => resolve(got));
    socket.on('error', reject);
  });
}

describe('the Slack HTTP server under abuse', () => {
  let fake: FakeSlack;
  let port: number;
  let stop: () => Promise<void>;
  const capture = captureLog('info');

  beforeAll(async () => {
    // Shortened so the test is quick; production uses 10 s and 15 s.
    const bot = await startHttpSlack({ log: capture.log, httpTimeouts: { headersMs: 300, requestMs: 600 } });
    ({ fake, stop } = bot);
    port = bot.slack.httpPort!;
  });
  afterAll(() => stop());

  it('cuts off a connection that never finishes its headers (instead of holding it for Node’s 300 s)', { timeout: 5000 }, async () => {
    const started = Date.now();
    const answer = await trickle(port, 'POST /slack/events HTTP/1.1\r\nHost: bot\r\nX-Slack-Request-Timestamp: 1');
    expect(answer).toMatch(/^HTTP\/1\.1 408/);
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it('cuts off a request whose body trickles in', { timeout: 5000 }, async () => {
    const ts = Math.floor(Date.now() / 1000);
    const started = Date.now();
    const answer = await trickle(
      port,
      `POST /slack/events HTTP/1.1\r\nHost: bot\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 1000\r\nX-Slack-Request-Timestamp: ${ts}\r\nX-Slack-Signature: v0=00\r\n\r\ncommand=%2Fask`,
    );
    expect(answer).toMatch(/^HTTP\/1\.1 408/);
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it('logs one warning, not one per request, for a flood of unsigned and forged requests', async () => {
    const url = `http://127.0.0.1:${port}/slack/events`;
    const body = new URLSearchParams(slashCommandPayload(fake, { command: '/ask', text: 'flood' })).toString();
    const ts = Math.floor(Date.now() / 1000);
    const statuses: number[] = [];
    for (let i = 0; i < 20; i++) {
      const unsigned = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body });
      const forged = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', ...slackSignature('not-the-secret', body, ts) }, body });
      statuses.push(unsigned.status, forged.status);
    }
    expect(new Set(statuses)).toEqual(new Set([401]));
    const warnings = capture.records.filter((r) => r.level === 40 && /refused|verify/i.test(r.msg));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]!.msg).toContain('at most once a minute');
  });
});

describe('the Slack HTTP server by default', () => {
  it('allows 10 s for headers and 15 s for a whole request, checked every second', async () => {
    const server = await startSlackHttpServer({ listener: () => {}, port: 0, refused: () => {} });
    try {
      expect([server.headersTimeout, server.requestTimeout]).toEqual([10_000, 15_000]);
    } finally {
      server.close();
    }
  });
});

describe('the refusal warning throttle', () => {
  it('lets one line through per minute and says how many it held back', () => {
    let t = 0;
    const lines: [string, number][] = [];
    const throttle = new WarningThrottle((m, n) => lines.push([m, n]), 60_000, () => t);
    for (let i = 0; i < 5; i++) throttle.note('bad signature');
    t = 59_999;
    throttle.note('bad signature');
    t = 60_000;
    throttle.note('stale timestamp');
    expect(lines).toEqual([
      ['bad signature', 0],
      ['stale timestamp', 5],
    ]);
  });
});
