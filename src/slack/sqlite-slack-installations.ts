import type { Db } from '../storage/sqlite-database.js';
import { installationFromRow, type InstallationDbRow, type InstallationRow, type SlackInstallations } from './slack-installations.js';

/** SlackInstallations in the bot's SQLite database (migration 010-workspaces.sql). */
export class SqliteSlackInstallations implements SlackInstallations {
  constructor(private readonly db: Db) {}

  async save(row: InstallationRow, nowMs: number): Promise<void> {
    this.db
      .prepare(
        `INSERT INTO slack_installations (key, team_id, enterprise_id, is_enterprise_install, sealed, installed_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (key) DO UPDATE SET team_id = excluded.team_id, enterprise_id = excluded.enterprise_id,
           is_enterprise_install = excluded.is_enterprise_install, sealed = excluded.sealed, updated_at = excluded.updated_at`,
      )
      .run(row.key, row.teamId ?? null, row.enterpriseId ?? null, row.isEnterpriseInstall ? 1 : 0, row.sealed, nowMs, nowMs);
  }

  async find(key: string): Promise<InstallationRow | undefined> {
    const r = this.db.prepare('SELECT key, team_id, enterprise_id, is_enterprise_install, sealed FROM slack_installations WHERE key = ?').get(key) as InstallationDbRow | undefined;
    return r ? installationFromRow(r) : undefined;
  }

  async remove(key: string): Promise<boolean> {
    return this.db.prepare('DELETE FROM slack_installations WHERE key = ?').run(key).changes > 0;
  }

  async linkTeam(teamId: string, enterpriseId: string): Promise<void> {
    this.db.prepare('INSERT INTO slack_org_teams (team_id, enterprise_id) VALUES (?, ?) ON CONFLICT (team_id) DO UPDATE SET enterprise_id = excluded.enterprise_id').run(teamId, enterpriseId);
  }

  async enterpriseOf(teamId: string): Promise<string | undefined> {
    return (this.db.prepare('SELECT enterprise_id FROM slack_org_teams WHERE team_id = ?').pluck().get(teamId) as string | undefined) ?? undefined;
  }

  async teamsOf(enterpriseId: string): Promise<string[]> {
    return this.db.prepare('SELECT team_id FROM slack_org_teams WHERE enterprise_id = ? ORDER BY team_id').pluck().all(enterpriseId) as string[];
  }

  async unlink(o: { teamId?: string; enterpriseId?: string }): Promise<void> {
    if (o.teamId) this.db.prepare('DELETE FROM slack_org_teams WHERE team_id = ?').run(o.teamId);
    if (o.enterpriseId) this.db.prepare('DELETE FROM slack_org_teams WHERE enterprise_id = ?').run(o.enterpriseId);
  }
}
