-- One deployment, many workspaces and servers (issue 16). Self-contained: these tables refer to no other table,
-- and other tables are matched by the workspace prefix of their namespaced channel ids (slack:T1:…, discord:G1:…).

-- Slack installations from "Add to Slack" (OAuth). One row per workspace install (key team:<T…>) or Enterprise Grid
-- org-wide install (key enterprise:<E…>). `sealed` is the whole installation as Bolt hands it over (bot token,
-- refresh token, scopes, ids), AES-256-GCM under SECRETS_KEY (src/workspaces/secret-box.ts): no token in plain text.
CREATE TABLE IF NOT EXISTS slack_installations (
  key TEXT PRIMARY KEY,
  team_id TEXT,                      -- NULL for an org-wide install
  enterprise_id TEXT,
  is_enterprise_install INTEGER NOT NULL CHECK (is_enterprise_install IN (0, 1)),
  sealed TEXT NOT NULL,
  installed_at INTEGER NOT NULL,     -- epoch ms
  updated_at INTEGER NOT NULL        -- epoch ms (a token refresh rewrites the row)
);

-- Workspaces seen under an org-wide install, so a daily post (which knows only its channel's team) finds the token.
CREATE TABLE IF NOT EXISTS slack_org_teams (
  team_id TEXT PRIMARY KEY,
  enterprise_id TEXT NOT NULL
);

-- Workspaces and servers that removed the bot: their study data is kept until purge_after, then deleted.
CREATE TABLE IF NOT EXISTS workspace_departures (
  workspace TEXT PRIMARY KEY,        -- slack:T1 or discord:G1 (src/core/channel-id.ts workspaceOf)
  left_at INTEGER NOT NULL,          -- epoch ms
  purge_after INTEGER NOT NULL       -- epoch ms
);
CREATE INDEX IF NOT EXISTS workspace_departures_purge ON workspace_departures (purge_after);

-- Settings an admin sets per workspace or server with /settings; NULL or [] falls back to the environment's value.
CREATE TABLE IF NOT EXISTS workspace_settings (
  workspace TEXT PRIMARY KEY,        -- slack:T1 or discord:G1
  admin_users TEXT NOT NULL DEFAULT '[]', -- JSON array of platform user ids (U…, or Discord snowflakes)
  daily_time INTEGER,                -- minutes after local midnight
  daily_timezone TEXT,               -- IANA name
  members_daily_now INTEGER CHECK (members_daily_now IN (0, 1)),
  updated_by TEXT NOT NULL,
  updated_at INTEGER NOT NULL        -- epoch ms
);
