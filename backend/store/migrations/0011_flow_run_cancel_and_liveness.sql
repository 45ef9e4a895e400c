-- Cancel across processes and runs left by a process that died (issue 11).
-- cancel_requested_at: a cancel asked from another process; the process
-- running the run polls it and ends the run cancelled. alive_at: renewed by
-- the process running the run while it runs; a run still running whose
-- alive_at is long past was left by a process that is gone.
ALTER TABLE flow_runs ADD COLUMN cancel_requested_at DATETIME;
ALTER TABLE flow_runs ADD COLUMN alive_at DATETIME;
