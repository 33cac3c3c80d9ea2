-- The option texts of each quiz question as posted (JSON array). Twin of sqlite/009-quiz-posted-options.sql.
ALTER TABLE quiz_questions ADD COLUMN IF NOT EXISTS options TEXT;
