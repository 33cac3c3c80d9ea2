-- The option texts of each quiz question as posted (JSON array), so a restart with reordered notes re-shows and
-- reveals the options people saw and clicked. NULL for questions stored before this column: they use the notes.
ALTER TABLE quiz_questions ADD COLUMN options TEXT;
