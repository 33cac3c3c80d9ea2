import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FAKE_SLACK, slackSignature, slashCommandPayload, type FakeSlack } from './fakes/fake-slack.js';
import { startHttpSlack } from './support/slack-http-bot.js';

describe('Slack adapter in HTTP mode', () => {
  let fake: FakeSlack;
  let url: string;
  let runs: string[];
  let stop: () => Promise<void>;

  beforeAll(async () => {
    ({ fake, url, runs, stop } = await startHttpSlack());
  });
  afterAll(() => stop());

  const send = (body: string, headers: Record<string, string>) =>
    fetch(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers }, body });
  const command = (text: string) => new URLSearchParams(slashCommandPayload(fake, { command: '/probe', text })).toString();
  const now = () => Math.floor(Date.now() / 1000);

  it('runs a correctly signed slash command and answers through its response_url', async () => {
    const body = command('signed');
    const res = await send(body, slackSignature(FAKE_SLACK.signingSecret, body, now()));
    expect(res.status).toBe(200);
    const said = await fake.waitForSaid((s) => s.text === 'ran signed');
    expect(said.via).toBe('response_url');
    expect(runs).toContain('signed');
  });

  it('refuses a forged signature with 401 and runs no handler', async () => {
    const body = command('forged');
    const res = await send(body, slackSignature('not-the-signing-secret', body, now()));
    expect(res.status).toBe(401);
    expect(runs).not.toContain('forged');
  });

  it('refuses a correctly signed request older than five minutes with 401 and runs no handler', async () => {
    const body = command('replayed');
    const res = await send(body, slackSignature(FAKE_SLACK.signingSecret, body, now() - 6 * 60));
    expect(res.status).toBe(401);
    expect(runs).not.toContain('replayed');
  });

  it('refuses a body changed after signing', async () => {
    const signed = command('original');
    const res = await send(command('tampered'), slackSignature(FAKE_SLACK.signingSecret, signed, now()));
    expect(res.status).toBe(401);
    expect(runs).not.toContain('tampered');
    // Everything refused above stayed refused: only the signed command ever ran.
    expect(runs).toEqual(['signed']);
  });
});
