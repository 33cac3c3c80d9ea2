-- Slack deliveries the bot has already acted on, so a redelivered event or a replayed request acts once.
-- Twin of sqlite/008-slack-receipts.sql.
CREATE TABLE IF NOT EXISTS slack_receipts (
  key TEXT PRIMARY KEY,              -- event:<team>:<event_id> or request:<X-Slack-Signature>
  received_at BIGINT NOT NULL,       -- epoch ms
  expires_at BIGINT NOT NULL         -- epoch ms
);
CREATE INDEX IF NOT EXISTS slack_receipts_expiry ON slack_receipts (expires_at);
