-- A step attempt's timing as the call runner measured it (DNS, connect, TLS,
-- first byte, total), so that a run's history shows where a step's time went
-- as the test console does (issue 11 point 5). Older rows keep '{}'.
ALTER TABLE step_runs ADD COLUMN timing TEXT NOT NULL DEFAULT '{}';
