import { randomBytes } from 'node:crypto';
import type { Installation } from '@slack/oauth';
import { afterEach, describe, expect, it } from 'vitest';
import { DatabaseInstallationStore } from '../../src/slack/installation-store.js';
import { SecretBox } from '../../src/workspaces/secret-box.js';
import { ENGINES, storages } from '../support/postgres.js';

const db = storages();
afterEach(() => db.closeAll());

const box = new SecretBox(randomBytes(32));
const T0 = Date.parse('2026-03-02T08:00:00Z');

function workspaceInstall(team: string, token: string): Installation<'v2', false> {
  return {
    team: { id: team, name: `Team ${team}` },
    enterprise: undefined,
    user: { id: 'U0INSTALLER', token: undefined, scopes: undefined },
    bot: { token, refreshToken: `xoxe-1-refresh-${team}-not-real`, expiresAt: 1_900_000_000, scopes: ['commands', 'chat:write'], id: 'B0BOT', userId: 'U0BOT' },
    appId: 'A0TEST',
    tokenType: 'bot',
    isEnterpriseInstall: false,
    authVersion: 'v2',
  };
}

function orgInstall(enterprise: string, token: string): Installation<'v2', true> {
  return {
    team: undefined,
    enterprise: { id: enterprise, name: 'Org' },
    user: { id: 'U0INSTALLER', token: undefined, scopes: undefined },
    bot: { token, scopes: ['commands'], id: 'B0BOT', userId: 'U0BOT' },
    appId: 'A0TEST',
    tokenType: 'bot',
    isEnterpriseInstall: true,
    authVersion: 'v2',
  };
}

describe.each(ENGINES)('Slack installations on %s', (engine) => {
  it('keeps each workspace’s installation apart and returns it whole, refresh token included', async () => {
    const s = await db.open(engine);
    const store = new DatabaseInstallationStore(s.slackInstallations, box, () => T0);
    await store.storeInstallation(workspaceInstall('T1', 'xoxb-one-not-real'));
    await store.storeInstallation(workspaceInstall('T2', 'xoxb-two-not-real'));
    expect(await store.fetchInstallation({ teamId: 'T1', enterpriseId: undefined, isEnterpriseInstall: false })).toEqual(workspaceInstall('T1', 'xoxb-one-not-real'));
    expect((await store.fetchInstallation({ teamId: 'T2', enterpriseId: undefined, isEnterpriseInstall: false })).bot?.token).toBe('xoxb-two-not-real');
    await expect(store.fetchInstallation({ teamId: 'T3', enterpriseId: undefined, isEnterpriseInstall: false })).rejects.toThrow(/no Slack installation for workspace T3/);
  });

  it('replaces an installation on a token refresh or a reinstall, and deletes it on request', async () => {
    const s = await db.open(engine);
    const store = new DatabaseInstallationStore(s.slackInstallations, box, () => T0);
    await store.storeInstallation(workspaceInstall('T1', 'xoxb-old-not-real'));
    await store.storeInstallation(workspaceInstall('T1', 'xoxb-new-not-real'));
    expect((await store.fetchInstallation({ teamId: 'T1', enterpriseId: undefined, isEnterpriseInstall: false })).bot?.token).toBe('xoxb-new-not-real');
    await store.deleteInstallation({ teamId: 'T1', enterpriseId: undefined, isEnterpriseInstall: false });
    await expect(store.fetchInstallation({ teamId: 'T1', enterpriseId: undefined, isEnterpriseInstall: false })).rejects.toThrow(/no Slack installation/);
    expect(await s.slackInstallations.remove('team:T1')).toBe(false);
  });

  it('serves an org-wide install to its workspaces, by the delivery’s enterprise id or a link seen before', async () => {
    const s = await db.open(engine);
    const store = new DatabaseInstallationStore(s.slackInstallations, box, () => T0);
    await store.storeInstallation(orgInstall('E1', 'xoxb-org-not-real'));
    expect((await store.fetchInstallation({ teamId: undefined, enterpriseId: 'E1', isEnterpriseInstall: true })).bot?.token).toBe('xoxb-org-not-real');
    expect((await store.fetchInstallation({ teamId: 'T5', enterpriseId: 'E1', isEnterpriseInstall: false })).bot?.token).toBe('xoxb-org-not-real');
    // A daily post knows only its channel's team.
    await expect(store.fetchInstallation({ teamId: 'T5', enterpriseId: undefined, isEnterpriseInstall: false })).rejects.toThrow();
    await s.slackInstallations.linkTeam('T5', 'E1');
    expect(await s.slackInstallations.enterpriseOf('T5')).toBe('E1');
    await s.slackInstallations.linkTeam('T4', 'E1');
    expect(await s.slackInstallations.teamsOf('E1')).toEqual(['T4', 'T5']);
    expect((await store.fetchInstallation({ teamId: 'T5', enterpriseId: undefined, isEnterpriseInstall: false })).bot?.token).toBe('xoxb-org-not-real');
    await s.slackInstallations.unlink({ enterpriseId: 'E1' });
    expect(await s.slackInstallations.enterpriseOf('T5')).toBeUndefined();
  });

  it('stores no token in plain text: the rows hold only sealed values, which open under no other key', async () => {
    const s = await db.open(engine);
    const store = new DatabaseInstallationStore(s.slackInstallations, box, () => T0);
    await store.storeInstallation(workspaceInstall('T1', 'xoxb-secret-bot-not-real'));
    const rows = s.engine === 'sqlite'
      ? (s.db as import('../../src/storage/sqlite-database.js').Db).prepare('SELECT * FROM slack_installations').all()
      : await (s.db as import('../../src/storage/postgres-database.js').PostgresDatabase).sql.rows('SELECT * FROM slack_installations');
    const text = JSON.stringify(rows);
    expect(rows).toHaveLength(1);
    expect(text).not.toContain('xoxb-');
    expect(text).not.toContain('xoxe-');
    expect(text).not.toContain('refresh');
    const other = new DatabaseInstallationStore(s.slackInstallations, new SecretBox(randomBytes(32)), () => T0);
    await expect(other.fetchInstallation({ teamId: 'T1', enterpriseId: undefined, isEnterpriseInstall: false })).rejects.toThrow(/does not open with SECRETS_KEY/);
  });
});
