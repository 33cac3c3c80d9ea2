-- Team mastery and the weak-first daily order (issue 15).
-- A channel's quiz answers are read by channel (/stats team, weak-first, /quiz start weak).
CREATE INDEX IF NOT EXISTS quiz_sessions_by_channel ON quiz_sessions (channel);
-- Weak-first: within the book or shuffled cycle, the concepts the channel misses come first (src/daily/weak-first-rotation.ts).
ALTER TABLE daily_schedules ADD COLUMN weak_first INTEGER NOT NULL DEFAULT 0 CHECK (weak_first IN (0, 1));
-- JSON array of the concept ids posted in the current cycle. Weak-first takes concepts out of order, so the position
-- alone no longer says which were posted; this list keeps "no repeats until all are seen". '[]' for a new cycle.
ALTER TABLE daily_schedules ADD COLUMN cycle_posted TEXT NOT NULL DEFAULT '[]';
