/**
 * Workspaces (Slack teams) and servers (Discord guilds) as a whole: leaving, the purge after the retention period,
 * and the settings an admin keeps per workspace. A workspace is named as `workspaceOf` (src/core/channel-id.ts)
 * names it — `slack:T1`, `discord:G1` — and owns every channel id that starts with that name and a colon.
 */
export interface WorkspaceStore {
  /**
   * The app was removed (app_uninstalled, tokens_revoked, guildDelete). In one transaction: every daily schedule
   * of the workspace is turned off, its pending retries are given up, its running quizzes end as stopped, and its
   * data is marked for purging at `nowMs + keepMs`. Study data itself is kept until then. Leaving again moves the
   * purge date. Resolves with what was stopped.
   */
  leave(workspace: string, nowMs: number, keepMs: number): Promise<Departure>;
  /** The app was installed again before the purge: the data is kept for good. False when it had not left. */
  rejoin(workspace: string): Promise<boolean>;
  /** When a workspace that left will be purged (epoch ms); undefined when it has not left. */
  purgeDate(workspace: string): Promise<number | undefined>;
  /**
   * Deletes the study data (schedules, deliveries, quick-check answers, quizzes and their results, settings) of
   * every workspace whose purge date has come; resolves with their names. Each workspace is its own transaction.
   */
  purgeDue(nowMs: number): Promise<string[]>;
  settings(workspace: string): Promise<WorkspaceSettings | undefined>;
  /** Merges `change` into the workspace's settings (a key set to null clears it back to the default). */
  saveSettings(workspace: string, change: SettingsChange, by: string, nowMs: number): Promise<WorkspaceSettings>;
}

export interface Departure {
  schedulesStopped: number;
  quizzesEnded: number;
  /** Epoch ms. */
  purgeAfter: number;
}

/** What an admin set for a workspace; absent keys fall back to the environment (SLACK_ADMIN_USERS, DAILY_DEFAULT_*). */
export interface WorkspaceSettings {
  /** Platform user ids who may manage channels here, besides the platform's own admins. */
  adminUsers: string[];
  /** Minutes after local midnight. */
  dailyTime?: number;
  /** IANA zone. */
  dailyTimezone?: string;
  /** May members (not only admins) use `/daily now`? */
  membersDailyNow?: boolean;
}

export type SettingsChange = { adminUsers?: string[] } & { [K in 'dailyTime' | 'dailyTimezone' | 'membersDailyNow']?: WorkspaceSettings[K] | null };

/** A `workspace_settings` row as both engines return it. */
export interface SettingsRow {
  admin_users: string;
  daily_time: number | null;
  daily_timezone: string | null;
  members_daily_now: number | null;
}

export function settingsFromRow(r: SettingsRow): WorkspaceSettings {
  return {
    adminUsers: JSON.parse(r.admin_users) as string[],
    ...(r.daily_time !== null ? { dailyTime: r.daily_time } : {}),
    ...(r.daily_timezone !== null ? { dailyTimezone: r.daily_timezone } : {}),
    ...(r.members_daily_now !== null ? { membersDailyNow: r.members_daily_now === 1 } : {}),
  };
}

/** The settings after a change, as a row's values. */
export function mergeSettings(before: WorkspaceSettings | undefined, change: SettingsChange): SettingsRow {
  const pick = <K extends 'dailyTime' | 'dailyTimezone' | 'membersDailyNow'>(k: K) => (k in change ? change[k] ?? undefined : before?.[k]);
  const membersDailyNow = pick('membersDailyNow');
  return {
    admin_users: JSON.stringify(change.adminUsers ?? before?.adminUsers ?? []),
    daily_time: pick('dailyTime') ?? null,
    daily_timezone: pick('dailyTimezone') ?? null,
    members_daily_now: membersDailyNow === undefined ? null : membersDailyNow ? 1 : 0,
  };
}

/** Why pending retries of a workspace that left were given up, as stored in `daily_deliveries.error`. */
export const LEFT_ERROR = 'the workspace or server removed the app';

/**
 * A workspace name as a channel-id prefix (`slack:T1` → `slack:T1:`), refusing names that are not one workspace,
 * so a purge can never match every channel of a platform.
 */
export function channelPrefix(workspace: string): string {
  if (!/^(slack|discord):[A-Za-z0-9]+$/.test(workspace)) throw new Error(`not a workspace name (slack:T… or discord:…): ${JSON.stringify(workspace)}`);
  return `${workspace}:`;
}

/** Tables purged per workspace, by their channel column; quiz questions and answers go with their sessions. */
export const CHANNEL_TABLES = [
  ['daily_deliveries', 'channel'],
  ['daily_check_answers', 'channel'],
  ['daily_schedules', 'channel'],
  ['quiz_results', 'channel'],
  ['channels', 'id'],
] as const;
