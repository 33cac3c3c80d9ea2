import type { PostgresDatabase } from '../storage/postgres-database.js';
import { CHANNEL_TABLES, channelPrefix, LEFT_ERROR, mergeSettings, settingsFromRow, type Departure, type SettingsChange, type SettingsRow, type WorkspaceSettings, type WorkspaceStore } from './workspace-store.js';

/** A channel column belongs to the workspace ($1 is the prefix): no id character can widen it, unlike LIKE's `_`. */
const OWNED = (column: string) => `left(${column}, length($1)) = $1`;
const SESSIONS = `SELECT id FROM quiz_sessions WHERE ${OWNED('channel')}`;
const SETTINGS = 'SELECT admin_users, daily_time, daily_timezone, members_daily_now FROM workspace_settings WHERE workspace = $1';

/** WorkspaceStore in PostgreSQL: the same statements as SQLite, each method one transaction. */
export class PostgresWorkspaceStore implements WorkspaceStore {
  constructor(private readonly db: PostgresDatabase) {}

  async leave(workspace: string, nowMs: number, keepMs: number): Promise<Departure> {
    const p = channelPrefix(workspace);
    const purgeAfter = nowMs + keepMs;
    return this.db.transaction(async (tx) => {
      const schedulesStopped = await tx.run(`UPDATE daily_schedules SET enabled = FALSE, next_due = NULL, next_date = NULL, updated_by = 'app removed', updated_at = $2 WHERE enabled AND ${OWNED('channel')}`, [p, nowMs]);
      await tx.run(`UPDATE daily_deliveries SET status = 'failed', retry_at = NULL, error = $2, updated_at = $3 WHERE status = 'retrying' AND ${OWNED('channel')}`, [p, LEFT_ERROR, nowMs]);
      const quizzesEnded = await tx.run(`UPDATE quiz_sessions SET status = 'stopped', next_at = NULL, ended_at = $2 WHERE status = 'running' AND ${OWNED('channel')}`, [p, nowMs]);
      await tx.run('INSERT INTO workspace_departures (workspace, left_at, purge_after) VALUES ($1, $2, $3) ON CONFLICT (workspace) DO UPDATE SET left_at = excluded.left_at, purge_after = excluded.purge_after', [workspace, nowMs, purgeAfter]);
      return { schedulesStopped, quizzesEnded, purgeAfter };
    });
  }

  async rejoin(workspace: string): Promise<boolean> {
    return (await this.db.sql.run('DELETE FROM workspace_departures WHERE workspace = $1', [workspace])) > 0;
  }

  async purgeDate(workspace: string): Promise<number | undefined> {
    const [r] = await this.db.sql.rows<{ purge_after: number }>('SELECT purge_after FROM workspace_departures WHERE workspace = $1', [workspace]);
    return r?.purge_after;
  }

  async purgeDue(nowMs: number): Promise<string[]> {
    const due = await this.db.sql.rows<{ workspace: string }>('SELECT workspace FROM workspace_departures WHERE purge_after <= $1 ORDER BY workspace COLLATE "C"', [nowMs]);
    for (const { workspace } of due) {
      const p = channelPrefix(workspace);
      await this.db.transaction(async (tx) => {
        // Re-checked inside: a reinstall between the read and here keeps the data; a second purger finds nothing.
        if ((await tx.run('DELETE FROM workspace_departures WHERE workspace = $1 AND purge_after <= $2', [workspace, nowMs])) === 0) return;
        await tx.run(`DELETE FROM quiz_answers WHERE session_id IN (${SESSIONS})`, [p]);
        await tx.run(`DELETE FROM quiz_questions WHERE session_id IN (${SESSIONS})`, [p]);
        await tx.run(`DELETE FROM quiz_results WHERE session_id IN (${SESSIONS})`, [p]);
        for (const [table, column] of CHANNEL_TABLES) await tx.run(`DELETE FROM ${table} WHERE ${OWNED(column)}`, [p]);
        await tx.run(`DELETE FROM quiz_sessions WHERE ${OWNED('channel')}`, [p]);
        await tx.run('DELETE FROM workspace_settings WHERE workspace = $1', [workspace]);
      });
    }
    return due.map((r) => r.workspace);
  }

  async settings(workspace: string): Promise<WorkspaceSettings | undefined> {
    const [r] = await this.db.sql.rows<SettingsRow>(SETTINGS, [workspace]);
    return r ? settingsFromRow(r) : undefined;
  }

  async saveSettings(workspace: string, change: SettingsChange, by: string, nowMs: number): Promise<WorkspaceSettings> {
    return this.db.transaction(async (tx) => {
      // The row exists before it is locked, so two admins changing different settings at once both keep theirs.
      await tx.run("INSERT INTO workspace_settings (workspace, updated_by, updated_at) VALUES ($1, $2, $3) ON CONFLICT (workspace) DO NOTHING", [workspace, by, nowMs]);
      const [before] = await tx.rows<SettingsRow>(`${SETTINGS} FOR UPDATE`, [workspace]);
      const row = mergeSettings(before && settingsFromRow(before), change);
      await tx.run(
        'UPDATE workspace_settings SET admin_users = $2, daily_time = $3, daily_timezone = $4, members_daily_now = $5, updated_by = $6, updated_at = $7 WHERE workspace = $1',
        [workspace, row.admin_users, row.daily_time, row.daily_timezone, row.members_daily_now, by, nowMs],
      );
      return settingsFromRow(row);
    });
  }
}
