package app

import (
	"time"

	"junction/backend/domain"
	"junction/backend/schedule"
	"junction/backend/service"
)

// Flows are the 动作流 pages' use cases.
type Flows struct {
	svc *service.Service
	s   *Session
	// now is the clock NextFires counts from.
	now func() time.Time
}

// NewFlows binds the flow use cases to the session's actor.
func NewFlows(svc *service.Service, s *Session) *Flows {
	return &Flows{svc: svc, s: s, now: time.Now}
}

// List returns the flows the profile may see, by name.
func (f *Flows) List() ([]service.FlowSummary, error) {
	ctx, actor := f.s.current()
	return f.svc.ListFlows(ctx, actor)
}

// Get returns one flow whole.
func (f *Flows) Get(key string) (*service.FlowView, error) {
	ctx, actor := f.s.current()
	return f.svc.GetFlow(ctx, actor, key)
}

// Create creates a flow owned by the profile.
func (f *Flows) Create(in service.FlowInput) (*service.FlowView, error) {
	ctx, actor := f.s.current()
	return f.svc.CreateFlow(ctx, actor, in)
}

// Update replaces a flow's definition.
func (f *Flows) Update(key string, in service.FlowInput) (*service.FlowView, error) {
	ctx, actor := f.s.current()
	return f.svc.UpdateFlow(ctx, actor, key, in)
}

// Delete deletes a flow with its runs.
func (f *Flows) Delete(key string) error {
	ctx, actor := f.s.current()
	return f.svc.DeleteFlow(ctx, actor, key)
}

// Enable lets a flow's trigger fire.
func (f *Flows) Enable(key string) (*service.FlowView, error) {
	ctx, actor := f.s.current()
	return f.svc.EnableFlow(ctx, actor, key)
}

// Disable stops a flow's trigger; it can still be run by hand.
func (f *Flows) Disable(key string) (*service.FlowView, error) {
	ctx, actor := f.s.current()
	return f.svc.DisableFlow(ctx, actor, key)
}

// Run runs a flow by hand and waits for its end. Session.Cancel(callID)
// (or the browser aborting the request) cancels it: the run ends
// cancelled. Cancel(runID) does the same from anywhere once the run's id
// is known.
func (f *Flows) Run(callID, key string, in service.FlowRunInput) (*service.FlowRunView, error) {
	ctx, actor, done := f.s.call(callID)
	defer done()
	in.Trigger, in.ScheduledAt = "", nil // a door's run is manual
	return f.svc.RunFlow(ctx, actor, key, in)
}

// Rerun runs an ended run's flow again with its inputs; fromFailed starts
// at the step that failed it, reusing the steps before.
func (f *Flows) Rerun(callID, runID string, fromFailed bool) (*service.FlowRunView, error) {
	ctx, actor, done := f.s.call(callID)
	defer done()
	return f.svc.RerunFlow(ctx, actor, runID, fromFailed)
}

// History lists a flow's runs, newest first (limit 0: all it keeps), with
// their durations.
func (f *Flows) History(key string, limit int) ([]service.FlowRunRow, error) {
	ctx, actor := f.s.current()
	return f.svc.FlowHistory(ctx, actor, key, limit)
}

// RunDetail is one run with every step attempt as recorded.
func (f *Flows) RunDetail(runID string) (*service.FlowRunDetail, error) {
	ctx, actor := f.s.current()
	return f.svc.FlowRunDetail(ctx, actor, runID)
}

// NextFires gives the next n fire times of a trigger from now, in this
// machine's time zone (a cron trigger counts in its own zone when it names
// one); a manual trigger has none. A trigger that is not valid is refused
// at its field (trigger.cron, trigger.timezone, trigger.everySec).
func (f *Flows) NextFires(trigger domain.Trigger, n int) ([]time.Time, error) {
	if err := domain.ValidateTrigger(trigger); err != nil {
		return nil, err
	}
	if trigger.Type == domain.TriggerManual {
		return []time.Time{}, nil
	}
	n = min(max(n, 1), maxNextFires)
	return schedule.NextFires(trigger, f.now().In(time.Local), n)
}

// maxNextFires bounds what NextFires computes for one call.
const maxNextFires = 50

// Cancel asks a running run to stop; it ends cancelled.
func (f *Flows) Cancel(runID string) error {
	ctx, actor := f.s.current()
	return f.svc.CancelFlowRun(ctx, actor, runID)
}

// Scheduler says which process schedules the store's timed flows.
func (f *Flows) Scheduler() (*service.SchedulerStatus, error) {
	ctx, actor := f.s.current()
	return f.svc.SchedulerStatus(ctx, actor)
}
