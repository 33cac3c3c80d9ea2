import type { Installation, InstallationQuery, InstallationStore } from '@slack/oauth';
import type { SecretBox } from '../workspaces/secret-box.js';
import { installationKey, type SlackInstallations } from './slack-installations.js';

/**
 * Bolt's InstallationStore over the bot's own database: each installation is stored whole as JSON, sealed with
 * AES-256-GCM (the row key bound in as associated data), so bot tokens, refresh tokens and user tokens never reach
 * the database in plain text. Bolt calls `storeInstallation` after `oauth.v2.access` and again after each token
 * refresh (token rotation), and `fetchInstallation` to authorize every delivery.
 */
export class DatabaseInstallationStore implements InstallationStore {
  constructor(
    private readonly rows: SlackInstallations,
    private readonly box: SecretBox,
    private readonly now: () => number = Date.now,
  ) {}

  async storeInstallation<V extends 'v1' | 'v2'>(installation: Installation<V, boolean>): Promise<void> {
    const isEnterpriseInstall = installation.isEnterpriseInstall === true;
    const teamId = installation.team?.id;
    const enterpriseId = installation.enterprise?.id;
    const key = installationKey({ teamId, enterpriseId, isEnterpriseInstall });
    await this.rows.save(
      { key, ...(teamId ? { teamId } : {}), ...(enterpriseId ? { enterpriseId } : {}), isEnterpriseInstall, sealed: this.box.seal(JSON.stringify(installation), key) },
      this.now(),
    );
  }

  /**
   * The installation serving a delivery or a post: the workspace's own, else its org's org-wide one (from the
   * query's enterprise id, or from the link recorded when the org's workspace was first seen). Rejects when there is
   * none — Bolt then answers nothing, as it must for a workspace that removed the app.
   */
  async fetchInstallation(query: InstallationQuery<boolean>): Promise<Installation<'v1' | 'v2', boolean>> {
    const keys: string[] = [];
    if (query.isEnterpriseInstall && query.enterpriseId) keys.push(installationKey({ enterpriseId: query.enterpriseId, isEnterpriseInstall: true }));
    if (query.teamId) keys.push(installationKey({ teamId: query.teamId }));
    const enterpriseId = query.enterpriseId ?? (query.teamId ? await this.rows.enterpriseOf(query.teamId) : undefined);
    if (enterpriseId && !query.isEnterpriseInstall) keys.push(installationKey({ enterpriseId, isEnterpriseInstall: true }));
    for (const key of keys) {
      const row = await this.rows.find(key);
      if (row) return JSON.parse(this.box.open(row.sealed, key)) as Installation<'v1' | 'v2', boolean>;
    }
    throw new Error(`no Slack installation for ${query.teamId ? `workspace ${query.teamId}` : `org ${query.enterpriseId ?? '?'}`}`);
  }

  /** Deletes the installation a query names (the workspace's own, or the org-wide one for an org query). */
  async deleteInstallation(query: InstallationQuery<boolean>): Promise<void> {
    await this.rows.remove(installationKey(query));
  }
}
