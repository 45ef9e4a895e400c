package store

import (
	"fmt"

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

// CreateFlowRun inserts a run as it starts.
func (t *Tx) CreateFlowRun(r *domain.FlowRun) error {
	if err := t.db.Create(r).Error; err != nil {
		return Translate(err, "flow run "+r.ID)
	}
	return nil
}

// FinishFlowRun writes how a run ended and its step records.
func (t *Tx) FinishFlowRun(r *domain.FlowRun, steps []domain.StepRun) error {
	if err := t.db.Save(r).Error; err != nil {
		return Translate(err, "flow run "+r.ID)
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
