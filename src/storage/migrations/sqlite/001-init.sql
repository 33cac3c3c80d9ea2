-- Settings the bot keeps per channel (namespaced ids: slack:T1:C2, discord:G1:C2, console:main).
CREATE TABLE IF NOT EXISTS channels (
  id TEXT PRIMARY KEY,
  platform TEXT NOT NULL,
  created_at TEXT NOT NULL
);
