import type { Installation, OrgInstallation } from '@slack/oauth';
import type { Logger } from '../core/logger.js';
import type { WorkspaceStore } from '../workspaces/workspace-store.js';
import { installationKey, type SlackInstallations } from './slack-installations.js';

/** Who removed the app, as Bolt's context names it. */
export interface Leaving {
  teamId?: string | undefined;
  enterpriseId?: string | undefined;
  /** An Enterprise Grid org-wide install was removed: every workspace of the org leaves. */
  orgWide: boolean;
}

/** What happens to a Slack workspace when it installs or removes the app. */
export interface WorkspaceLeaver {
  /** Installed (again): a pending purge is called off, so a reinstall within the retention period keeps the data. */
  installed(installation: Installation | OrgInstallation): Promise<void>;
  /** app_uninstalled or tokens_revoked: the installation is deleted and the workspace's posts and quizzes stop. */
  left(who: Leaving, why: 'app_uninstalled' | 'tokens_revoked'): Promise<void>;
  /** A delivery came from `teamId` under org `enterpriseId`'s org-wide install. */
  seenInOrg(teamId: string, enterpriseId: string): Promise<void>;
}

export interface WorkspaceLeaverOptions {
  log: Logger;
  workspaces?: WorkspaceStore;
  /** OAuth only; in single-workspace mode the token lives in the environment and is the operator's to remove. */
  installations?: SlackInstallations;
  /** ms the study data is kept after leaving (WORKSPACE_DATA_RETENTION_DAYS). */
  retentionMs: number;
  now: () => number;
}

/**
 * Leaving cleanly (issue 16): the workspace's installation (its tokens) is deleted at once; its daily posts stop and
 * its quizzes end through `WorkspaceStore.leave`, in one transaction; its study data is purged after the retention
 * period unless the app is installed again first. Logs ids and counts only, never what an installation holds.
 */
export function workspaceLeaver(o: WorkspaceLeaverOptions): WorkspaceLeaver {
  const linked = new Set<string>();
  return {
    async installed(installation) {
      const teams = installation.isEnterpriseInstall && installation.enterprise ? await (o.installations?.teamsOf(installation.enterprise.id) ?? []) : installation.team ? [installation.team.id] : [];
      for (const team of teams) await o.workspaces?.rejoin(`slack:${team}`);
    },
    async left(who, why) {
      const teams = new Set<string>(who.teamId ? [who.teamId] : []);
      if (who.orgWide && who.enterpriseId && o.installations) for (const t of await o.installations.teamsOf(who.enterpriseId)) teams.add(t);
      if (o.installations) {
        if (who.orgWide && who.enterpriseId) {
          await o.installations.remove(installationKey({ enterpriseId: who.enterpriseId, isEnterpriseInstall: true }));
          await o.installations.unlink({ enterpriseId: who.enterpriseId });
        } else if (who.teamId) {
          await o.installations.remove(installationKey({ teamId: who.teamId }));
          await o.installations.unlink({ teamId: who.teamId });
        }
      }
      for (const team of teams) {
        linked.delete(team);
        const gone = await o.workspaces?.leave(`slack:${team}`, o.now(), o.retentionMs);
        o.log.info({ platform: 'slack', team, enterprise: who.enterpriseId, why, ...gone, purgeAfter: gone ? new Date(gone.purgeAfter).toISOString() : undefined }, 'Slack workspace removed the app: its tokens are deleted, daily posts and quizzes stopped');
      }
    },
    async seenInOrg(teamId, enterpriseId) {
      if (!o.installations || linked.has(teamId)) return;
      await o.installations.linkTeam(teamId, enterpriseId);
      linked.add(teamId);
    },
  };
}
