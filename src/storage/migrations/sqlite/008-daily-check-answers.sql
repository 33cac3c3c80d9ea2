-- The first answer each person gave to a daily post's quick check: a second click is told the first one stands.
CREATE TABLE IF NOT EXISTS daily_check_answers (
  channel TEXT NOT NULL,             -- namespaced: slack:T1:C2, discord:G1:C2, console:main
  message_id TEXT NOT NULL,          -- the post holding the buttons (question:<id> when the platform does not say)
  user_id TEXT NOT NULL,
  question_id TEXT NOT NULL,
  option INTEGER NOT NULL,
  answered_at INTEGER NOT NULL,
  PRIMARY KEY (channel, message_id, user_id)
);
