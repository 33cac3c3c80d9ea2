-- The first answer each person gave to a daily post's quick check. Twin of sqlite/008-daily-check-answers.sql.
CREATE TABLE IF NOT EXISTS daily_check_answers (
  channel TEXT NOT NULL,
  message_id TEXT NOT NULL,          -- the post holding the buttons (question:<id> when the platform does not say)
  user_id TEXT NOT NULL,
  question_id TEXT NOT NULL,
  option INTEGER NOT NULL,
  answered_at BIGINT NOT NULL,
  PRIMARY KEY (channel, message_id, user_id)
);
