-- `/review` reads the questions a person answered in daily quick checks on every card it shows
-- (ReviewStore.answeredQuestions, for the chapters they have met), and `/privacy delete` erases a person's answers:
-- both look rows up by user_id, which the primary key (channel, message_id, user_id) cannot serve, so each was a
-- scan of every answer of every channel (5 ms at 200,000 answers, growing with them; bench/review-store.ts).
-- (user_id, question_id) also covers the read itself.
CREATE INDEX IF NOT EXISTS daily_check_answers_by_user ON daily_check_answers (user_id, question_id);
