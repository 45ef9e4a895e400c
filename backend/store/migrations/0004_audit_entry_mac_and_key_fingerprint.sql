
ALTER TABLE audit_entries ADD COLUMN mac TEXT NOT NULL DEFAULT '';
CREATE TABLE key_fingerprint (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  fingerprint TEXT NOT NULL,
  created_at DATETIME
);
