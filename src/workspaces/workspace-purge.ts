import type { Clock } from '../core/clock.js';
import type { Logger } from '../core/logger.js';
import type { WorkspaceStore } from './workspace-store.js';

/** How often the purge looks for workspaces past their retention period: days are the unit, an hour is plenty. */
export const PURGE_EVERY_MS = 60 * 60_000;

/**
 * Purges the study data of workspaces and servers that removed the app once their retention period has passed
 * (`WorkspaceStore.purgeDue`), now and then every hour on `clock`. Safe with several replicas: each purge is a
 * transaction that re-checks its row, so a workspace is purged once. A failed run is logged and tried next hour.
 */
export function startWorkspacePurge(o: { workspaces: WorkspaceStore; clock: Clock; log?: Logger; everyMs?: number }): { stop(): void; runOnce(): Promise<string[]> } {
  let timer: unknown;
  let stopped = false;
  const runOnce = async () => {
    try {
      const purged = await o.workspaces.purgeDue(o.clock.now());
      if (purged.length > 0) o.log?.info({ workspaces: purged }, 'purged the study data of workspaces that removed the app (WORKSPACE_DATA_RETENTION_DAYS)');
      return purged;
    } catch (err) {
      o.log?.error({ err }, 'workspace purge failed; trying again in an hour');
      return [];
    }
  };
  const arm = () => {
    if (stopped) return;
    timer = o.clock.setTimeout(async () => {
      await runOnce();
      arm();
    }, o.everyMs ?? PURGE_EVERY_MS);
  };
  // Armed before the first run, so the hourly rhythm does not depend on how long that run takes.
  arm();
  void runOnce();
  return {
    stop() {
      stopped = true;
      o.clock.clearTimeout(timer);
    },
    runOnce,
  };
}
