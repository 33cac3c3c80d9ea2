-- Personal spaced repetition (issue 15): one FSRS card per person and quiz question, every grade logged, opt-in
-- reminders with one claim row per person and local date. Self-contained: nothing else refers to these tables.
-- Times are epoch milliseconds (UTC). See src/review/review-store.ts.
CREATE TABLE IF NOT EXISTS review_cards (
  person TEXT NOT NULL,              -- namespaced: slack:T1:U2, discord:U3, console:alice
  question_id TEXT NOT NULL,
  due INTEGER NOT NULL,
  stability REAL NOT NULL,
  difficulty REAL NOT NULL,
  elapsed_days INTEGER NOT NULL,
  scheduled_days INTEGER NOT NULL,
  learning_steps INTEGER NOT NULL,
  reps INTEGER NOT NULL,
  lapses INTEGER NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('New', 'Learning', 'Review', 'Relearning')),
  last_review INTEGER,
  introduced INTEGER,                -- the first review: counts toward that local day's new-card limit
  PRIMARY KEY (person, question_id)
);

CREATE TABLE IF NOT EXISTS review_log (
  id INTEGER PRIMARY KEY,
  person TEXT NOT NULL,
  question_id TEXT NOT NULL,
  rating TEXT NOT NULL CHECK (rating IN ('Again', 'Hard', 'Good', 'Easy')),
  state TEXT NOT NULL,               -- the card's state before this review
  due INTEGER NOT NULL,              -- the card's due before this review
  stability REAL NOT NULL,
  difficulty REAL NOT NULL,
  elapsed_days INTEGER NOT NULL,
  last_elapsed_days INTEGER NOT NULL,
  scheduled_days INTEGER NOT NULL,
  learning_steps INTEGER NOT NULL,
  reviewed_at INTEGER NOT NULL,
  was_right INTEGER NOT NULL,
  answer_ms INTEGER,
  source TEXT NOT NULL CHECK (source IN ('review', 'quiz', 'daily-check')),
  -- /review only: when the card was shown (its button carries it). A shown card is graded once.
  shown_at INTEGER
);
CREATE UNIQUE INDEX IF NOT EXISTS review_log_shown_once ON review_log (person, question_id, shown_at);
CREATE INDEX IF NOT EXISTS review_log_by_person ON review_log (person, reviewed_at);

CREATE TABLE IF NOT EXISTS review_reminders (
  person TEXT PRIMARY KEY,
  enabled INTEGER NOT NULL,
  time_of_day INTEGER NOT NULL,      -- minutes after local midnight
  timezone TEXT NOT NULL,            -- IANA name; also the person's zone for "due today"
  last_date TEXT,                    -- the last local date a reminder was handled for
  next_due INTEGER,                  -- when a tick next looks at this row; NULL while off
  updated_at INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS review_reminders_due ON review_reminders (next_due) WHERE enabled = 1;

-- Claimed before anything is sent: the primary key makes a second claim for the same person and day a no-op.
CREATE TABLE IF NOT EXISTS review_reminder_sends (
  person TEXT NOT NULL,
  local_date TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('claimed', 'sent', 'nothing-due', 'failed')),
  due_count INTEGER,
  error TEXT,
  claimed_at INTEGER NOT NULL,
  finished_at INTEGER,
  PRIMARY KEY (person, local_date)
);
