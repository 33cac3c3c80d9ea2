-- Days of the week a channel's daily concept posts on: a bit set over ISO weekdays, bit 0 Monday … bit 6 Sunday
-- (127 = every day). Twin of sqlite/008-daily-days.sql.
ALTER TABLE daily_schedules ADD COLUMN IF NOT EXISTS weekdays INTEGER NOT NULL DEFAULT 127 CHECK (weekdays BETWEEN 1 AND 127);
