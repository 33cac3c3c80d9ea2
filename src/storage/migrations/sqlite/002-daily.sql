-- The daily concept: one schedule per channel, one delivery row per (channel, local date).

CREATE TABLE IF NOT EXISTS daily_schedules (
  channel TEXT PRIMARY KEY,          -- namespaced: slack:T1:C2, discord:G1:C2, console:main
  enabled INTEGER NOT NULL DEFAULT 1,
  time_of_day INTEGER NOT NULL,      -- minutes after local midnight
  timezone TEXT NOT NULL,            -- IANA name
  chapters TEXT NOT NULL DEFAULT '[]', -- JSON array of chapter numbers; [] follows every chapter
  rotation_order TEXT NOT NULL DEFAULT 'book' CHECK (rotation_order IN ('book', 'shuffled')),
  seed INTEGER NOT NULL,             -- per-channel shuffle seed
  cycle INTEGER NOT NULL DEFAULT 0,
  position INTEGER NOT NULL DEFAULT 0,
  next_due INTEGER,                  -- UTC epoch ms of the next post; NULL while off
  next_date TEXT,                    -- the local date (YYYY-MM-DD) that post belongs to
  updated_by TEXT NOT NULL,
  updated_at INTEGER NOT NULL
);

-- A tick reads only what is due: O(due), not O(channels).
CREATE INDEX IF NOT EXISTS daily_schedules_due ON daily_schedules (next_due) WHERE enabled = 1;

-- Written (claimed) in a transaction before anything is sent, so no process posts a day twice.
CREATE TABLE IF NOT EXISTS daily_deliveries (
  channel TEXT NOT NULL,
  local_date TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('claimed', 'sending', 'sent', 'retrying', 'failed', 'missed')),
  concept_id TEXT,
  question_id TEXT,
  due_at INTEGER NOT NULL,
  deadline INTEGER NOT NULL,         -- due_at + grace window: no attempt after this
  claimed_by TEXT,                   -- scheduler instance holding the claim
  -- claimed: lease end (another instance may take over after it); retrying: when to try again
  retry_at INTEGER,
  attempts INTEGER NOT NULL DEFAULT 0,
  message_id TEXT,
  sent_at INTEGER,
  error TEXT,
  fix TEXT,
  updated_at INTEGER NOT NULL,
  PRIMARY KEY (channel, local_date)
);

CREATE INDEX IF NOT EXISTS daily_deliveries_pending ON daily_deliveries (retry_at) WHERE status IN ('claimed', 'retrying');
