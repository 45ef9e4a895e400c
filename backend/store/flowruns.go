package store

import (
	"fmt"
	"time"

	"junction/backend/domain"
)

// A flow's runs (issue 11 point 3): a FlowRun row written when the run
// starts (verdict "" while it runs) and finished when it ends, with one
// StepRun per attempt and forEach item. A flow keeps its newest runs
// (TrimFlowRuns), apart from the per-interface history limit.

// FlowByID loads a flow by id; a missing one is a not_found error.
func (t *Tx) FlowByID(id string) (*domain.Flow, error) {
	var f domain.Flow
	if err := t.db.Where("id = ?", id).Take(&f).Error; err != nil {
		return nil, Translate(err, fmt.Sprintf("flow %q", id))
	}
	return &f, nil
}

// CreateFlowRun inserts a run as it starts. It is alive at its start
// without a mark: a run never marked alive is aged from its start (see
// CloseStaleFlowRuns).
func (t *Tx) CreateFlowRun(r *domain.FlowRun) error {
	if err := t.db.Create(r).Error; err != nil {
		return Translate(err, "flow run "+r.ID)
	}
	return nil
}

// MarkFlowRunAlive records that the process running run id still runs it
// at at (migration 0011).
func (t *Tx) MarkFlowRunAlive(id string, at time.Time) error {
	if err := t.db.Exec(`UPDATE flow_runs SET alive_at = ? WHERE id = ?`, at.UTC(), id).Error; err != nil {
		return fmt.Errorf("mark flow run %s alive: %w", id, err)
	}
	return nil
}

// RequestFlowRunCancel records a cancel of run id asked at at, for the
// process that runs it. It is false when the run has ended.
func (t *Tx) RequestFlowRunCancel(id string, at time.Time) (bool, error) {
	res := t.db.Exec(`UPDATE flow_runs SET cancel_requested_at = ? WHERE id = ? AND verdict = ''`, at.UTC(), id)
	if res.Error != nil {
		return false, fmt.Errorf("ask flow run %s to cancel: %w", id, res.Error)
	}
	return res.RowsAffected == 1, nil
}

// FlowRunCancelRequested says whether a cancel of run id was recorded.
func (t *Tx) FlowRunCancelRequested(id string) (bool, error) {
	var asked bool
	err := t.db.Raw(`SELECT EXISTS (SELECT 1 FROM flow_runs WHERE id = ? AND cancel_requested_at IS NOT NULL)`, id).Scan(&asked).Error
	if err != nil {
		return false, fmt.Errorf("read the cancel of flow run %s: %w", id, err)
	}
	return asked, nil
}

// CloseStaleFlowRuns ends with verdict and message the runs still running
// that were last alive before aliveBefore: their process is gone. It
// returns the runs it closed.
func (t *Tx) CloseStaleFlowRuns(aliveBefore, endedAt time.Time, verdict, message string) ([]domain.FlowRun, error) {
	var stale []domain.FlowRun
	if err := t.db.Where("verdict = '' AND COALESCE(alive_at, started_at) < ?", aliveBefore.UTC()).Find(&stale).Error; err != nil {
		return nil, fmt.Errorf("find flow runs left running: %w", err)
	}
	for i := range stale {
		r := &stale[i]
		r.Verdict, r.Message, r.EndedAt = verdict, message, &endedAt
		if err := t.db.Save(r).Error; err != nil {
			return nil, Translate(err, "flow run "+r.ID)
		}
	}
	return stale, nil
}

// EndStaleFlowRun ends run id with verdict and message when it is still
// running and was not marked alive since aliveBefore: the process running it
// is gone, so nobody else will end it. It reports whether it did.
func (t *Tx) EndStaleFlowRun(id string, aliveBefore, endedAt time.Time, verdict, message string) (bool, error) {
	res := t.db.Exec(`UPDATE flow_runs SET verdict = ?, message = ?, ended_at = ?
		WHERE id = ? AND verdict = '' AND COALESCE(alive_at, started_at) < ?`, verdict, message, endedAt.UTC(), id, aliveBefore.UTC())
	if res.Error != nil {
		return false, Translate(res.Error, "flow run "+id)
	}
	return res.RowsAffected == 1, nil
}

// LastFlowVerdicts is the verdict of the newest ended run of each flow of
// ids that has one.
func (t *Tx) LastFlowVerdicts(ids []string) (map[string]string, error) {
	var rows []struct{ FlowID, Verdict string }
	err := t.db.Raw(`SELECT r.flow_id, r.verdict FROM flow_runs r WHERE r.flow_id IN ? AND r.rowid =
		(SELECT n.rowid FROM flow_runs n WHERE n.flow_id = r.flow_id AND n.verdict <> '' ORDER BY n.started_at DESC, n.rowid DESC LIMIT 1)`, ids).Scan(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("read the flows' last verdicts: %w", err)
	}
	out := make(map[string]string, len(rows))
	for _, r := range rows {
		out[r.FlowID] = r.Verdict
	}
	return out, nil
}

// FinishFlowRun writes how a run ended and its step records, in one
// INSERT per hundred steps. What the run started with is not written again.
func (t *Tx) FinishFlowRun(r *domain.FlowRun, steps []domain.StepRun) error {
	res := t.db.Model(r).Select("ended_at", "verdict", "message", "failed_at", "outputs", "reused", "total_ms").Updates(r)
	if res.Error != nil {
		return Translate(res.Error, "flow run "+r.ID)
	}
	if res.RowsAffected == 0 {
		return domain.Errorf(domain.ENotFound, "flow run %q not found", r.ID)
	}
	if len(steps) == 0 {
		return nil
	}
	if err := t.db.CreateInBatches(steps, 100).Error; err != nil {
		return fmt.Errorf("record the steps of flow run %s: %w", r.ID, err)
	}
	return nil
}

// FlowRunByID loads a run; a missing one is a not_found error.
func (t *Tx) FlowRunByID(id string) (*domain.FlowRun, error) {
	var r domain.FlowRun
	if err := t.db.Where("id = ?", id).Take(&r).Error; err != nil {
		return nil, Translate(err, fmt.Sprintf("flow run %q", id))
	}
	return &r, nil
}

// FlowRuns lists a flow's runs newest first, at most limit (0: all).
func (t *Tx) FlowRuns(flowID string, limit int) ([]domain.FlowRun, error) {
	q := t.db.Where("flow_id = ?", flowID).Order(flowRunOrder)
	if limit > 0 {
		q = q.Limit(limit)
	}
	var out []domain.FlowRun
	if err := q.Find(&out).Error; err != nil {
		return nil, fmt.Errorf("list the runs of flow %s: %w", flowID, err)
	}
	return out, nil
}

// RunningFlowRuns lists a flow's runs that have not ended.
func (t *Tx) RunningFlowRuns(flowID string) ([]domain.FlowRun, error) {
	var out []domain.FlowRun
	if err := t.db.Where("flow_id = ? AND verdict = ''", flowID).Find(&out).Error; err != nil {
		return nil, fmt.Errorf("list the running runs of flow %s: %w", flowID, err)
	}
	return out, nil
}

// StepRuns lists a run's step records in the order they were written.
func (t *Tx) StepRuns(runID string) ([]domain.StepRun, error) {
	var out []domain.StepRun
	if err := t.db.Where("run_id = ?", runID).Order("rowid").Find(&out).Error; err != nil {
		return nil, fmt.Errorf("read the steps of flow run %s: %w", runID, err)
	}
	return out, nil
}

// TrimFlowRuns deletes a flow's ended runs beyond the newest keep (their
// step records go with them).
func (t *Tx) TrimFlowRuns(flowID string, keep int) error {
	if err := t.db.Exec(trimFlowRunsSQL, flowID, flowID, keep).Error; err != nil {
		return fmt.Errorf("trim the runs of flow %s: %w", flowID, err)
	}
	return nil
}
