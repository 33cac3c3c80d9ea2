-- Which bot process runs each quiz's timers (issue 14: several replicas on one database). The holder renews its
-- lease while alive; once `expires_at` has passed, any other process may take the quiz over. A lease only decides
-- who keeps time: the transitions themselves stay guarded in quiz_questions, so two holders still reveal once.
-- Twin of postgres/010-quiz-leases.sql. Times are UTC epoch milliseconds.
CREATE TABLE IF NOT EXISTS quiz_leases (
  session_id INTEGER PRIMARY KEY,    -- quiz_sessions.id (no foreign key: a lease row outliving its quiz is harmless)
  holder TEXT NOT NULL,              -- the process's holder id (host/pid/random)
  expires_at INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS quiz_leases_by_holder ON quiz_leases (holder);
