-- Team quizzes (issue #6). Times are milliseconds since the epoch (UTC). Everything a quiz needs to carry on
-- after a restart is here: the questions chosen, their deadlines, every acknowledged answer.
CREATE TABLE IF NOT EXISTS quiz_sessions (
  id INTEGER PRIMARY KEY,
  channel TEXT NOT NULL,
  starter_id TEXT NOT NULL,
  starter_name TEXT NOT NULL,
  selection TEXT NOT NULL,
  seconds INTEGER NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('running', 'finished', 'stopped')),
  -- When the next question opens, while between questions.
  next_at INTEGER,
  created_at INTEGER NOT NULL,
  ended_at INTEGER
);
-- One quiz per channel at a time, enforced by the database and not only by the code.
CREATE UNIQUE INDEX IF NOT EXISTS quiz_one_running_per_channel ON quiz_sessions (channel) WHERE status = 'running';

CREATE TABLE IF NOT EXISTS quiz_questions (
  session_id INTEGER NOT NULL REFERENCES quiz_sessions (id),
  no INTEGER NOT NULL,
  question_id TEXT NOT NULL,
  chapter INTEGER NOT NULL,
  answer INTEGER NOT NULL,
  option_count INTEGER NOT NULL,
  status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'open', 'revealed', 'skipped')),
  opened_at INTEGER,
  deadline INTEGER,
  revealed_at INTEGER,
  message_id TEXT,
  PRIMARY KEY (session_id, no)
);
CREATE INDEX IF NOT EXISTS quiz_questions_by_question ON quiz_questions (question_id);

CREATE TABLE IF NOT EXISTS quiz_answers (
  session_id INTEGER NOT NULL,
  no INTEGER NOT NULL,
  user_id TEXT NOT NULL,
  user_name TEXT NOT NULL,
  option INTEGER NOT NULL,
  answered_at INTEGER NOT NULL,
  -- Filled when the question is revealed.
  correct INTEGER,
  points INTEGER,
  PRIMARY KEY (session_id, no, user_id),
  FOREIGN KEY (session_id, no) REFERENCES quiz_questions (session_id, no)
);
CREATE INDEX IF NOT EXISTS quiz_answers_by_user ON quiz_answers (user_id);

-- Final standings of every ended quiz: the channel's leaderboard sums these.
CREATE TABLE IF NOT EXISTS quiz_results (
  session_id INTEGER NOT NULL REFERENCES quiz_sessions (id),
  channel TEXT NOT NULL,
  user_id TEXT NOT NULL,
  user_name TEXT NOT NULL,
  points INTEGER NOT NULL,
  correct INTEGER NOT NULL,
  answered INTEGER NOT NULL,
  finished_at INTEGER NOT NULL,
  PRIMARY KEY (session_id, user_id)
);
CREATE INDEX IF NOT EXISTS quiz_results_by_channel ON quiz_results (channel, finished_at);
