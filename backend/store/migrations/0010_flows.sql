-- Action flows (issue 11): the flows, their grants, their runs and step
-- runs, what the scheduler keeps (each flow's next fire, the fires claimed,
-- the lease of the one process that schedules). domain/flow.go has the
-- fields' meaning.
CREATE TABLE flows (
  id TEXT PRIMARY KEY,
  key TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  owner_id TEXT REFERENCES users(id),
  enabled INTEGER NOT NULL DEFAULT 1,
  trigger TEXT NOT NULL DEFAULT '{"type":"manual"}',
  inputs TEXT NOT NULL DEFAULT '[]',
  steps TEXT NOT NULL DEFAULT '[]',
  outputs TEXT NOT NULL DEFAULT '{}',
  timeout_sec INTEGER NOT NULL DEFAULT 600,
  overlap TEXT NOT NULL DEFAULT 'skip',
  catch_up TEXT NOT NULL DEFAULT 'skip',
  catch_up_window_sec INTEGER NOT NULL DEFAULT 0,
  revision INTEGER NOT NULL DEFAULT 1,
  created_at DATETIME, created_by TEXT NOT NULL DEFAULT '',
  updated_at DATETIME, updated_by TEXT NOT NULL DEFAULT ''
);
CREATE INDEX idx_flows_name ON flows(name COLLATE NOCASE, key);
CREATE INDEX idx_flows_owner ON flows(owner_id);

CREATE TABLE flow_grants (
  flow_id TEXT NOT NULL REFERENCES flows(id) ON DELETE CASCADE,
  user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  level TEXT NOT NULL,
  created_at DATETIME,
  PRIMARY KEY (flow_id, user_id)
);
CREATE INDEX idx_flow_grants_user ON flow_grants(user_id);

-- Which interfaces each flow's steps call (one row per step), kept with the
-- flow: an interface a flow uses cannot be deleted, and the rule names the
-- flows from this table.
CREATE TABLE flow_step_interfaces (
  flow_id TEXT NOT NULL REFERENCES flows(id) ON DELETE CASCADE,
  step_key TEXT NOT NULL,
  interface_id TEXT NOT NULL REFERENCES interfaces(id),
  PRIMARY KEY (flow_id, step_key)
);
CREATE INDEX idx_flow_step_interfaces_interface ON flow_step_interfaces(interface_id);

CREATE TABLE flow_runs (
  id TEXT PRIMARY KEY,
  flow_id TEXT NOT NULL REFERENCES flows(id) ON DELETE CASCADE,
  revision INTEGER NOT NULL,
  trigger TEXT NOT NULL,
  scheduled_at DATETIME,
  started_at DATETIME NOT NULL,
  ended_at DATETIME,
  actor TEXT NOT NULL DEFAULT '',
  inputs TEXT NOT NULL DEFAULT '{}',
  outputs TEXT NOT NULL DEFAULT '{}',
  verdict TEXT NOT NULL DEFAULT '',
  message TEXT NOT NULL DEFAULT '',
  rerun_of TEXT NOT NULL DEFAULT '',
  reused TEXT NOT NULL DEFAULT '[]',
  total_ms REAL NOT NULL DEFAULT 0,
  failed_at TEXT NOT NULL DEFAULT ''
);
-- A flow's history, newest first; rowid breaks ties of one instant.
CREATE INDEX idx_flow_runs_flow ON flow_runs(flow_id, started_at);
-- Runs still running (verdict ''), for overlap and cancel.
CREATE INDEX idx_flow_runs_running ON flow_runs(flow_id) WHERE verdict = '';

CREATE TABLE step_runs (
  id TEXT PRIMARY KEY,
  run_id TEXT NOT NULL REFERENCES flow_runs(id) ON DELETE CASCADE,
  step_key TEXT NOT NULL,
  item INTEGER NOT NULL DEFAULT -1,
  attempt INTEGER NOT NULL DEFAULT 1,
  verdict TEXT NOT NULL,
  message TEXT NOT NULL DEFAULT '',
  status INTEGER NOT NULL DEFAULT 0,
  request TEXT NOT NULL DEFAULT '{}',
  response TEXT NOT NULL DEFAULT '{}',
  outputs TEXT NOT NULL DEFAULT '{}',
  started_at DATETIME NOT NULL,
  total_ms REAL NOT NULL DEFAULT 0
);
CREATE INDEX idx_step_runs_run ON step_runs(run_id, step_key, item, attempt);

-- The scheduler's state per flow with a timed trigger: the next fire time,
-- kept in the store so that a sleeping laptop or a restart compares it with
-- the wall clock instead of trusting a timer.
CREATE TABLE flow_schedule (
  flow_id TEXT PRIMARY KEY REFERENCES flows(id) ON DELETE CASCADE,
  next_fire_at DATETIME NOT NULL,
  -- The trigger this next fire was computed from (its JSON): a changed
  -- trigger recomputes it.
  trigger TEXT NOT NULL
);
CREATE INDEX idx_flow_schedule_due ON flow_schedule(next_fire_at);

-- Every fire claimed, once: the unique (flow, scheduled time) makes two
-- processes on one store, a restart or a clock change run it at most once.
CREATE TABLE flow_fires (
  flow_id TEXT NOT NULL REFERENCES flows(id) ON DELETE CASCADE,
  scheduled_at DATETIME NOT NULL,
  run_id TEXT NOT NULL DEFAULT '',
  claimed_by TEXT NOT NULL,
  claimed_at DATETIME NOT NULL,
  PRIMARY KEY (flow_id, scheduled_at)
);

-- The one process that schedules (the window, serve or `junction
-- scheduler`): a single row, renewed while it runs, taken over once expired.
CREATE TABLE scheduler_lease (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  holder TEXT NOT NULL,
  -- What the window shows: "junction scheduler on host (pid 123)".
  holder_label TEXT NOT NULL DEFAULT '',
  acquired_at DATETIME NOT NULL,
  expires_at DATETIME NOT NULL
);
