-- When a question's answer count was last edited into its post, by whichever replica (UTC epoch ms): a replica
-- claims the next edit with a guarded update, so the edits of one question stay at most one per second across all
-- processes (Slack's chat.update limit is per channel, not per process). Twin of postgres/010-quiz-count-edits.sql.
ALTER TABLE quiz_questions ADD COLUMN count_edited_at INTEGER;
