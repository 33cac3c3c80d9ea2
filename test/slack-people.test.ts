import { webApi } from '@slack/bolt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../src/core/logger.js';
import { SlackPeople } from '../src/slack/slack-people.js';
import { FAKE_SLACK, startFakeSlack, type FakeSlack } from './fakes/fake-slack.js';

describe('who is speaking on Slack', () => {
  let fake: FakeSlack;
  let clock = 0;
  let people: SlackPeople;
  const infoCalls = (user: string) => fake.calls.filter((c) => c.method === 'users.info' && c.args.user === user).length;

  beforeAll(async () => {
    fake = await startFakeSlack();
    fake.setUser('U0ADA', { name: 'ada', isAdmin: true });
    const client = new webApi.WebClient(FAKE_SLACK.botToken, { slackApiUrl: fake.apiUrl, retryConfig: { retries: 0 } });
    people = new SlackPeople(client, ['U0LISTED'], createLogger({ level: 'silent' }), () => clock);
  });
  afterAll(() => fake.stop());

  it('asks Slack once per person within ten minutes, then again', async () => {
    expect(await people.speaker('T1', 'U0ADA')).toEqual({ id: 'slack:T1:U0ADA', name: 'ada', canManage: true });
    await people.speaker('T1', 'U0ADA');
    expect(infoCalls('U0ADA')).toBe(1);
    clock += 10 * 60_000 + 1;
    await people.speaker('T1', 'U0ADA');
    expect(infoCalls('U0ADA')).toBe(2);
  });

  it('treats someone Slack will not describe as a member with the name the payload gave, without asking every time', async () => {
    expect(await people.speaker('T1', 'U0GHOST', 'ghost')).toEqual({ id: 'slack:T1:U0GHOST', name: 'ghost', canManage: false });
    await people.speaker('T1', 'U0GHOST', 'ghost');
    expect(infoCalls('U0GHOST')).toBe(1);
  });

  it('lets SLACK_ADMIN_USERS manage even when Slack says nothing about them', async () => {
    expect((await people.speaker('T1', 'U0LISTED')).canManage).toBe(true);
  });
});

describe('who is speaking on Slack when Slack rate-limits users.info', () => {
  it('asks again after a minute, not ten, and then knows an admin', async () => {
    const fake = await startFakeSlack();
    let clock = 0;
    try {
      fake.setUser('U0ADA', { name: 'ada', isAdmin: true });
      const client = new webApi.WebClient(FAKE_SLACK.botToken, { slackApiUrl: fake.apiUrl, retryConfig: { retries: 0 }, rejectRateLimitedCalls: true });
      const people = new SlackPeople(client, [], createLogger({ level: 'silent' }), () => clock);
      fake.rateLimitNext('users.info', 30);
      expect(await people.speaker('T1', 'U0ADA', 'ada.l')).toEqual({ id: 'slack:T1:U0ADA', name: 'ada.l', canManage: false });
      clock += 61_000;
      expect(await people.speaker('T1', 'U0ADA')).toEqual({ id: 'slack:T1:U0ADA', name: 'ada', canManage: true });
    } finally {
      await fake.stop();
    }
  });
});
