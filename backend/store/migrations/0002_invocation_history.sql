
CREATE TABLE invocations (
  id TEXT PRIMARY KEY,
  interface_id TEXT NOT NULL REFERENCES interfaces(id) ON DELETE CASCADE,
  at DATETIME NOT NULL,
  connector_id TEXT NOT NULL DEFAULT '',
  connection_id TEXT NOT NULL DEFAULT '',
  account TEXT NOT NULL DEFAULT '',
  actor TEXT NOT NULL DEFAULT '',
  kind TEXT NOT NULL,
  verdict TEXT NOT NULL,
  message TEXT NOT NULL DEFAULT '',
  status INTEGER NOT NULL DEFAULT 0,
  total_ms REAL NOT NULL DEFAULT 0,
  inputs TEXT NOT NULL DEFAULT '',
  request TEXT NOT NULL DEFAULT '',
  response TEXT NOT NULL DEFAULT '',
  outputs TEXT NOT NULL DEFAULT '',
  timing TEXT NOT NULL DEFAULT '',
  summary TEXT NOT NULL DEFAULT ''
);
CREATE INDEX idx_invocation_interface ON invocations(interface_id, at);
CREATE INDEX idx_invocation_connector ON invocations(connector_id);
