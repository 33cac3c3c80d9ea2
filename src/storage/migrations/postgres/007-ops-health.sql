-- One row the health check overwrites: /healthz proves the database still takes writes. Twin of sqlite/007-ops-health.sql.
CREATE TABLE IF NOT EXISTS ops_health (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  checked_at TEXT NOT NULL
);
