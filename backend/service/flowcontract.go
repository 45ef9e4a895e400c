package service

import (
	"context"
	"fmt"
	"time"

	"junction/backend/access"
	"junction/backend/domain"
)

// The contract between the scheduler wiring and the studio's 动作流 pages
// (issue 11): these signatures are fixed; the wiring fills in the bodies.

// EventFlowRun tells of a flow run's progress (data FlowRunEvent): one
// event when it starts, one per step attempt (of each forEach item) when it
// ends, one when the run ends.
const EventFlowRun = "flow.run"

// Phases of a FlowRunEvent.
const (
	FlowPhaseStarted = "started"
	FlowPhaseStep    = "step"
	FlowPhaseEnded   = "ended"
)

// FlowRunEvent is the data of EventFlowRun. It carries no request, response
// or input: secrets never reach an event.
type FlowRunEvent struct {
	RunID string `json:"runId"`
	Flow  string `json:"flow"`
	Phase string `json:"phase"`
	// Step, Item (-1 without forEach), Attempt and Status: the step attempt
	// that ended (phase step).
	Step    string `json:"step"`
	Item    int    `json:"item"`
	Attempt int    `json:"attempt"`
	Status  int    `json:"status"`
	// Verdict and Message: of the attempt (phase step) or the run (ended).
	Verdict string  `json:"verdict"`
	Message string  `json:"message"`
	TotalMs float64 `json:"totalMs"`
}

// SchedulerStatus says which process schedules the store's timed flows.
type SchedulerStatus struct {
	// Held: some process holds an unexpired lease; Label names it
	// ("junction scheduler on host (pid 123)"); Self: it is this process.
	Held      bool       `json:"held"`
	Label     string     `json:"label"`
	Self      bool       `json:"self"`
	Since     *time.Time `json:"since"`
	ExpiresAt *time.Time `json:"expiresAt"`
}

// SchedulerStatus reports the store's scheduler lease; any profile may read it.
func (s *Service) SchedulerStatus(ctx context.Context, actor string) (*SchedulerStatus, error) {
	out := &SchedulerStatus{}
	err := s.look(ctx, actor, withPerm(""), func(r *run) error {
		lease, err := r.tx.LeaseHolder()
		if err != nil || lease == nil || !lease.ExpiresAt.After(s.now()) {
			return err
		}
		since, expires := lease.AcquiredAt, lease.ExpiresAt
		*out = SchedulerStatus{Held: true, Label: lease.HolderLabel, Self: s.flows.holds(lease.Holder),
			Since: &since, ExpiresAt: &expires}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// CancelFlowRun asks a running run to stop, in this process or another one
// on the store; the run ends with verdict cancelled. A run that has ended is
// a rule refusal (reason flow.run_ended). The actor needs maintain on the
// flow, or to be the run's actor.
func (s *Service) CancelFlowRun(ctx context.Context, actor, runID string) error {
	err := s.change(ctx, actor, withPerm(""), func(r *run) error {
		fr, err := r.tx.FlowRunByID(runID)
		if err != nil {
			return err
		}
		f, err := r.tx.FlowByID(fr.FlowID)
		if err != nil {
			return err
		}
		if fr.Actor != r.user.Name {
			if _, _, err := r.flow(f.Key, access.NeedMaintain); err != nil {
				return err
			}
		}
		// Recorded for the process that runs it, which polls for it; this
		// process's own run is cancelled at once below.
		asked, err := r.tx.RequestFlowRunCancel(runID, r.tx.Now())
		if err != nil {
			return err
		}
		if !asked {
			return domain.Errorf(domain.ERule, "flow run %s has ended (%s)", runID, fr.Verdict).With(domain.RFlowRunEnded, "run", runID)
		}
		// A run whose process is gone (not marked alive for staleRunAge) has
		// nobody to poll for the cancel: it ends here, not at the next
		// scheduler's start.
		if _, err := r.tx.EndStaleFlowRun(runID, r.tx.Now().Add(-staleRunAge), r.tx.Now(), domain.VerdictCancelled,
			"cancelled; the process running this run had stopped"); err != nil {
			return err
		}
		return r.log(logged{action: domain.ActionFlowCancel, targetType: "flow", targetID: f.ID, targetKey: f.Key,
			summary: fmt.Sprintf("flow %s run %s cancelled", f.Key, runID), extra: map[string]any{"runId": runID}})
	})
	if err != nil {
		return err
	}
	s.flows.cancel(runID)
	return nil
}
