
CREATE TABLE settings (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL,
  updated_at DATETIME,
  updated_by TEXT NOT NULL DEFAULT ''
);
