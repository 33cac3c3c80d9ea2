import type { PostgresDatabase } from '../storage/postgres-database.js';
import { installationFromRow, type InstallationDbRow, type InstallationRow, type SlackInstallations } from './slack-installations.js';

/** SlackInstallations in PostgreSQL: the same single statements as SQLite, so replicas see one set of installations. */
export class PostgresSlackInstallations implements SlackInstallations {
  constructor(private readonly db: PostgresDatabase) {}

  async save(row: InstallationRow, nowMs: number): Promise<void> {
    await this.db.sql.run(
      `INSERT INTO slack_installations (key, team_id, enterprise_id, is_enterprise_install, sealed, installed_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $6)
       ON CONFLICT (key) DO UPDATE SET team_id = excluded.team_id, enterprise_id = excluded.enterprise_id,
         is_enterprise_install = excluded.is_enterprise_install, sealed = excluded.sealed, updated_at = excluded.updated_at`,
      [row.key, row.teamId ?? null, row.enterpriseId ?? null, row.isEnterpriseInstall ? 1 : 0, row.sealed, nowMs],
    );
  }

  async find(key: string): Promise<InstallationRow | undefined> {
    const [r] = await this.db.sql.rows<InstallationDbRow>('SELECT key, team_id, enterprise_id, is_enterprise_install, sealed FROM slack_installations WHERE key = $1', [key]);
    return r ? installationFromRow(r) : undefined;
  }

  async remove(key: string): Promise<boolean> {
    return (await this.db.sql.run('DELETE FROM slack_installations WHERE key = $1', [key])) > 0;
  }

  async linkTeam(teamId: string, enterpriseId: string): Promise<void> {
    await this.db.sql.run('INSERT INTO slack_org_teams (team_id, enterprise_id) VALUES ($1, $2) ON CONFLICT (team_id) DO UPDATE SET enterprise_id = excluded.enterprise_id', [teamId, enterpriseId]);
  }

  async enterpriseOf(teamId: string): Promise<string | undefined> {
    const [r] = await this.db.sql.rows<{ enterprise_id: string }>('SELECT enterprise_id FROM slack_org_teams WHERE team_id = $1', [teamId]);
    return r?.enterprise_id;
  }

  async teamsOf(enterpriseId: string): Promise<string[]> {
    return (await this.db.sql.rows<{ team_id: string }>('SELECT team_id FROM slack_org_teams WHERE enterprise_id = $1 ORDER BY team_id COLLATE "C"', [enterpriseId])).map((r) => r.team_id);
  }

  async unlink(o: { teamId?: string; enterpriseId?: string }): Promise<void> {
    if (o.teamId) await this.db.sql.run('DELETE FROM slack_org_teams WHERE team_id = $1', [o.teamId]);
    if (o.enterpriseId) await this.db.sql.run('DELETE FROM slack_org_teams WHERE enterprise_id = $1', [o.enterpriseId]);
  }
}
