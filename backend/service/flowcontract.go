package service

import (
	"context"
	"errors"
	"time"
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

var errFlowWiringPending = errors.New("not built yet")

// SchedulerStatus reports the store's scheduler lease.
func (s *Service) SchedulerStatus(ctx context.Context, actor string) (*SchedulerStatus, error) {
	return nil, errFlowWiringPending
}

// CancelFlowRun asks a running run to stop, in this process or another one
// on the store; the run ends with verdict cancelled. A run that has ended is
// a rule refusal (reason flow.run_ended).
func (s *Service) CancelFlowRun(ctx context.Context, actor, runID string) error {
	return errFlowWiringPending
}
