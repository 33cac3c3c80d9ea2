-- Settings the bot keeps per channel (namespaced ids: slack:T1:C2, discord:G1:C2, console:main).
-- PostgreSQL twin of sqlite/001-init.sql. Times in every table are UTC epoch milliseconds in BIGINT (INTEGER is
-- 32-bit here and overflows for milliseconds).
CREATE TABLE IF NOT EXISTS channels (
  id TEXT PRIMARY KEY,
  platform TEXT NOT NULL,
  created_at TEXT NOT NULL
);
