import type { Db } from '../storage/sqlite-database.js';
import { CHANNEL_TABLES, channelPrefix, LEFT_ERROR, mergeSettings, settingsFromRow, type Departure, type SettingsChange, type SettingsRow, type WorkspaceSettings, type WorkspaceStore } from './workspace-store.js';

/** A channel column belongs to the workspace: a prefix test that no id character can widen (unlike LIKE's `_`). */
const OWNED = (column: string) => `substr(${column}, 1, length(?)) = ?`;
const SESSIONS = `SELECT id FROM quiz_sessions WHERE ${OWNED('channel')}`;

/** WorkspaceStore in the bot's SQLite database (migration 010-workspaces.sql). */
export class SqliteWorkspaceStore implements WorkspaceStore {
  constructor(private readonly db: Db) {}

  async leave(workspace: string, nowMs: number, keepMs: number): Promise<Departure> {
    const p = channelPrefix(workspace);
    const purgeAfter = nowMs + keepMs;
    return this.db
      .transaction(() => {
        const schedulesStopped = this.db.prepare(`UPDATE daily_schedules SET enabled = 0, next_due = NULL, next_date = NULL, updated_by = 'app removed', updated_at = ? WHERE enabled = 1 AND ${OWNED('channel')}`).run(nowMs, p, p).changes;
        this.db.prepare(`UPDATE daily_deliveries SET status = 'failed', retry_at = NULL, error = ?, updated_at = ? WHERE status = 'retrying' AND ${OWNED('channel')}`).run(LEFT_ERROR, nowMs, p, p);
        const quizzesEnded = this.db.prepare(`UPDATE quiz_sessions SET status = 'stopped', next_at = NULL, ended_at = ? WHERE status = 'running' AND ${OWNED('channel')}`).run(nowMs, p, p).changes;
        this.db.prepare('INSERT INTO workspace_departures (workspace, left_at, purge_after) VALUES (?, ?, ?) ON CONFLICT (workspace) DO UPDATE SET left_at = excluded.left_at, purge_after = excluded.purge_after').run(workspace, nowMs, purgeAfter);
        return { schedulesStopped, quizzesEnded, purgeAfter };
      })
      .immediate();
  }

  async rejoin(workspace: string): Promise<boolean> {
    return this.db.prepare('DELETE FROM workspace_departures WHERE workspace = ?').run(workspace).changes > 0;
  }

  async purgeDate(workspace: string): Promise<number | undefined> {
    return (this.db.prepare('SELECT purge_after FROM workspace_departures WHERE workspace = ?').pluck().get(workspace) as number | undefined) ?? undefined;
  }

  async purgeDue(nowMs: number): Promise<string[]> {
    const due = this.db.prepare('SELECT workspace FROM workspace_departures WHERE purge_after <= ? ORDER BY workspace').pluck().all(nowMs) as string[];
    for (const workspace of due) {
      const p = channelPrefix(workspace);
      this.db
        .transaction(() => {
          // Re-checked inside: a reinstall between the read and here keeps the data.
          if (this.db.prepare('DELETE FROM workspace_departures WHERE workspace = ? AND purge_after <= ?').run(workspace, nowMs).changes === 0) return;
          this.db.prepare(`DELETE FROM quiz_answers WHERE session_id IN (${SESSIONS})`).run(p, p);
          this.db.prepare(`DELETE FROM quiz_questions WHERE session_id IN (${SESSIONS})`).run(p, p);
          this.db.prepare(`DELETE FROM quiz_results WHERE session_id IN (${SESSIONS})`).run(p, p);
          for (const [table, column] of CHANNEL_TABLES) this.db.prepare(`DELETE FROM ${table} WHERE ${OWNED(column)}`).run(p, p);
          this.db.prepare(`DELETE FROM quiz_sessions WHERE ${OWNED('channel')}`).run(p, p);
          this.db.prepare('DELETE FROM workspace_settings WHERE workspace = ?').run(workspace);
        })
        .immediate();
    }
    return due;
  }

  async settings(workspace: string): Promise<WorkspaceSettings | undefined> {
    const r = this.db.prepare('SELECT admin_users, daily_time, daily_timezone, members_daily_now FROM workspace_settings WHERE workspace = ?').get(workspace) as SettingsRow | undefined;
    return r ? settingsFromRow(r) : undefined;
  }

  async saveSettings(workspace: string, change: SettingsChange, by: string, nowMs: number): Promise<WorkspaceSettings> {
    return this.db
      .transaction(() => {
        const before = this.db.prepare('SELECT admin_users, daily_time, daily_timezone, members_daily_now FROM workspace_settings WHERE workspace = ?').get(workspace) as SettingsRow | undefined;
        const row = mergeSettings(before && settingsFromRow(before), change);
        this.db
          .prepare(
            `INSERT INTO workspace_settings (workspace, admin_users, daily_time, daily_timezone, members_daily_now, updated_by, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)
             ON CONFLICT (workspace) DO UPDATE SET admin_users = excluded.admin_users, daily_time = excluded.daily_time, daily_timezone = excluded.daily_timezone,
               members_daily_now = excluded.members_daily_now, updated_by = excluded.updated_by, updated_at = excluded.updated_at`,
          )
          .run(workspace, row.admin_users, row.daily_time, row.daily_timezone, row.members_daily_now, by, nowMs);
        return settingsFromRow(row);
      })
      .immediate();
  }
}
