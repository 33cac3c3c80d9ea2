-- Twin of sqlite/011-daily-check-answers-by-user.sql: `/review` (ReviewStore.answeredQuestions) and `/privacy delete`
-- look daily quick-check answers up by user_id, which the primary key (channel, message_id, user_id) cannot serve;
-- without this each was a sequential scan of every answer (8 ms at 200,000 answers; bench/review-store.ts).
CREATE INDEX IF NOT EXISTS daily_check_answers_by_user ON daily_check_answers (user_id, question_id);
