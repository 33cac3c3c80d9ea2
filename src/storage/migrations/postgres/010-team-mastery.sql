-- Team mastery and the weak-first daily order (issue 15). Twin of sqlite/010-team-mastery.sql.
CREATE INDEX IF NOT EXISTS quiz_sessions_by_channel ON quiz_sessions (channel);
ALTER TABLE daily_schedules ADD COLUMN IF NOT EXISTS weak_first BOOLEAN NOT NULL DEFAULT false;
-- JSON array of the concept ids posted in the current cycle (see the SQLite twin for why).
ALTER TABLE daily_schedules ADD COLUMN IF NOT EXISTS cycle_posted TEXT NOT NULL DEFAULT '[]';
