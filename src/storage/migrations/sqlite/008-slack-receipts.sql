-- Slack deliveries the bot has already acted on (event ids, HTTP request signatures), so a redelivered event or a
-- replayed request acts once. A row holds until expires_at (epoch ms); after that the key may be claimed again
-- and the row is pruned. Self-contained: nothing else refers to this table.
CREATE TABLE IF NOT EXISTS slack_receipts (
  key TEXT PRIMARY KEY,              -- event:<team>:<event_id> or request:<X-Slack-Signature>
  received_at INTEGER NOT NULL,      -- epoch ms
  expires_at INTEGER NOT NULL        -- epoch ms
);
CREATE INDEX IF NOT EXISTS slack_receipts_expiry ON slack_receipts (expires_at);
