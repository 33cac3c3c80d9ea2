/**
 * Slack installations from "Add to Slack" (OAuth distribution), one row per workspace install or Enterprise Grid
 * org-wide install. The repository stores what it is given: `sealed` is already encrypted (installation-store.ts
 * seals it with SECRETS_KEY before it gets here), so no implementation ever sees a token in plain text.
 */
export interface SlackInstallations {
  /** Stores or replaces the installation under `row.key`; a replacement keeps the first `installed_at`. `nowMs` is epoch ms. */
  save(row: InstallationRow, nowMs: number): Promise<void>;
  find(key: string): Promise<InstallationRow | undefined>;
  /** Deletes the installation; false when there was none. */
  remove(key: string): Promise<boolean>;
  /** Records that workspace `teamId` belongs to org `enterpriseId` (seen on a delivery under an org-wide install). */
  linkTeam(teamId: string, enterpriseId: string): Promise<void>;
  /** The org an org-wide installed workspace belongs to, once seen. */
  enterpriseOf(teamId: string): Promise<string | undefined>;
  /** The workspaces seen under org `enterpriseId`'s org-wide install, in id order. */
  teamsOf(enterpriseId: string): Promise<string[]>;
  /** Forgets the links of workspace `teamId` (it left) or of every workspace of `enterpriseId`. */
  unlink(o: { teamId?: string; enterpriseId?: string }): Promise<void>;
}

export interface InstallationRow {
  /** `team:<T…>` for a workspace install, `enterprise:<E…>` for an org-wide install (installationKey). */
  key: string;
  teamId?: string;
  enterpriseId?: string;
  isEnterpriseInstall: boolean;
  /** The installation as JSON, sealed with AES-256-GCM (secret-box.ts). */
  sealed: string;
}

/** The row key an installation, or a query for one, is stored under. */
export function installationKey(q: { teamId?: string | undefined; enterpriseId?: string | undefined; isEnterpriseInstall?: boolean | undefined }): string {
  if (q.isEnterpriseInstall) {
    if (!q.enterpriseId) throw new Error('an org-wide installation needs an enterprise id');
    return `enterprise:${q.enterpriseId}`;
  }
  if (!q.teamId) throw new Error('a workspace installation needs a team id');
  return `team:${q.teamId}`;
}

/** A row as both engines return it. */
export interface InstallationDbRow {
  key: string;
  team_id: string | null;
  enterprise_id: string | null;
  is_enterprise_install: number;
  sealed: string;
}

export function installationFromRow(r: InstallationDbRow): InstallationRow {
  return {
    key: r.key,
    ...(r.team_id ? { teamId: r.team_id } : {}),
    ...(r.enterprise_id ? { enterpriseId: r.enterprise_id } : {}),
    isEnterpriseInstall: r.is_enterprise_install === 1,
    sealed: r.sealed,
  };
}
