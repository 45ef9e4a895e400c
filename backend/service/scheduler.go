package service

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"sync"
	"time"

	"github.com/google/uuid"
	"github.com/jonboulle/clockwork"

	"junction/backend/domain"
	"junction/backend/flow"
	"junction/backend/invoke"
	"junction/backend/schedule"
	"junction/backend/store"
)

// The flow scheduler wired into the service (issue 11): RunScheduler runs
// backend/schedule over this store while the store's lease says so, and
// runs each fire as the flow's owner through runFlow. Start runs it in the
// window and in browser mode, `junction scheduler` in the foreground; the
// lease lets one of them schedule, the others wait to take over.

// Liveness of a running run: the process running it marks it alive every
// runAliveEvery (from the loop that polls for a cancel); a run still
// running that was not marked alive for staleRunAge was left by a process
// that died (killed, crashed, the machine lost power) and is closed when a
// scheduler starts. A heartbeat in the run's own row is what tells: a pid
// can be reused and lives on one machine only, the single-instance lock
// is not held by the headless `flow run` nor by `junction scheduler`, and
// the scheduler lease says who schedules, not who runs (a manual run in
// another process is no holder's). The age is twice the lease's life, far
// above the renewal period, so that a busy process is not taken for dead.
const (
	runAliveEvery = 10 * time.Second
	staleRunAge   = 2 * schedule.DefaultLeaseTTL
	// cancelPollEvery is how often a running run looks for a cancel asked
	// from another process.
	cancelPollEvery = time.Second
)

// SchedulerConfig sets up RunScheduler; the zero value schedules on the
// wall clock, labelled as `junction scheduler`, logging to the service's log.
type SchedulerConfig struct {
	// Clock is the scheduler's time; RunClock the time of the runs it
	// starts (their timeout, backoff and cancel polling), Clock when nil.
	Clock    schedule.Clock
	RunClock flow.Clock
	// Label names this process in the lease, as the window shows it:
	// SchedulerLabel's.
	Label string
	Log   *slog.Logger
	// Grace is how long stopping waits for running flows before it cancels
	// them; LeaseTTL and Renew tune the lease (zero: schedule's defaults).
	Grace, LeaseTTL, Renew time.Duration
}

// Kinds of process that schedule, for SchedulerLabel.
const (
	SchedulerCLI     = "junction scheduler"
	SchedulerWindow  = "window"
	SchedulerBrowser = "browser mode"
)

// SchedulerLabel names a scheduling process of kind (SchedulerCLI, ...):
// "junction scheduler on HOST (pid N)".
func SchedulerLabel(kind string) string {
	host, err := os.Hostname()
	if err != nil || host == "" {
		host = "this machine"
	}
	return fmt.Sprintf("%s on %s (pid %d)", kind, host, userPID())
}

// flowProcess is what this process knows of the runs and schedulers it
// runs: a cancel reaches a run of this process at once.
type flowProcess struct {
	mu      sync.Mutex
	cancels map[string]context.CancelFunc // run id -> cancel of its context
	holders map[string]bool               // lease holders of the running schedulers
}

func (p *flowProcess) track(runID string, cancel context.CancelFunc) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.cancels == nil {
		p.cancels = map[string]context.CancelFunc{}
	}
	p.cancels[runID] = cancel
}

func (p *flowProcess) untrack(runID string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	delete(p.cancels, runID)
}

// cancel ends the run's context when this process runs it.
func (p *flowProcess) cancel(runID string) {
	p.mu.Lock()
	cancel := p.cancels[runID]
	p.mu.Unlock()
	if cancel != nil {
		cancel()
	}
}

func (p *flowProcess) schedules(holder string, on bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.holders == nil {
		p.holders = map[string]bool{}
	}
	if on {
		p.holders[holder] = true
	} else {
		delete(p.holders, holder)
	}
}

func (p *flowProcess) holds(holder string) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.holders[holder]
}

// RunScheduler schedules the store's timed flows until ctx ends, then waits
// for the running ones up to the grace period (cancelling those still
// running) and gives up the lease. It first closes the runs a dead process
// left running. Each run logs one line.
func (s *Service) RunScheduler(ctx context.Context, cfg SchedulerConfig) error {
	if cfg.Clock == nil {
		cfg.Clock = clockwork.NewRealClock()
	}
	if cfg.RunClock == nil {
		cfg.RunClock = cfg.Clock
	}
	if cfg.Label == "" {
		cfg.Label = SchedulerLabel(SchedulerCLI)
	}
	if cfg.Log == nil {
		cfg.Log = s.log
	}
	if cfg.Log == nil {
		cfg.Log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	if err := s.closeStaleRuns(ctx, cfg); err != nil {
		return err
	}
	holder := uuid.NewString()
	s.flows.schedules(holder, true)
	defer s.flows.schedules(holder, false)
	sch := schedule.New(schedule.Config{Store: s.st, Clock: cfg.Clock, Holder: holder, Label: cfg.Label,
		LeaseTTL: cfg.LeaseTTL, Renew: cfg.Renew, Grace: cfg.Grace, Log: cfg.Log})
	sch.Run(ctx, func(ctx context.Context, f schedule.Fire) { s.fire(ctx, cfg, f) })
	return nil
}

// startScheduler runs the scheduler from Start (l.mu held) in the window
// and browser mode, the processes that hold the single-instance lock; the
// lease decides which process on the store schedules. Close waits for it,
// and so for the running flows up to the grace period.
func (s *Service) startScheduler(l *lifecycle) {
	if s.lock == nil {
		return // a headless command: `junction scheduler` runs RunScheduler itself
	}
	kind := SchedulerWindow
	if s.lock.holder.Mode == HolderBrowser {
		kind = SchedulerBrowser
	}
	l.running.Add(1)
	go func() {
		defer l.running.Done()
		if err := s.RunScheduler(l.ctx, SchedulerConfig{Label: SchedulerLabel(kind)}); err != nil && s.log != nil {
			s.log.Error("flow scheduler", "err", err)
		}
	}()
}

// closeStaleRuns ends as error the runs whose process is gone (see
// staleRunAge).
func (s *Service) closeStaleRuns(ctx context.Context, cfg SchedulerConfig) error {
	now := cfg.Clock.Now()
	var closed []domain.FlowRun
	err := s.write(ctx, func(tx *store.Tx) (err error) {
		closed, err = tx.CloseStaleFlowRuns(now.Add(-staleRunAge), s.stamp(), invoke.VerdictError,
			"the process running this run stopped before it ended")
		return err
	})
	for _, r := range closed {
		cfg.Log.Warn("flow run left running by a process that stopped, closed", "run", r.ID, "flow", r.FlowID, "startedAt", r.StartedAt)
	}
	return err
}

// fire runs one fire of the scheduler as the flow's owner, or records it:
// a skipped fire, or one refused before it could run (the owner lost view
// on the flow or a connector it calls, an input without a default), is a
// run too, never a silent drop.
func (s *Service) fire(ctx context.Context, cfg SchedulerConfig, f schedule.Fire) {
	began := cfg.RunClock.Now()
	var fl *domain.Flow
	var owner *domain.User
	err := s.st.Read(ctx, func(tx *store.Tx) (err error) {
		if fl, err = tx.FlowByID(f.FlowID); err != nil {
			return err
		}
		names, err := tx.UserNames(fl.OwnerID)
		if name, ok := names[fl.OwnerID]; ok && err == nil {
			owner, err = tx.UserByName(name)
		}
		return err
	})
	if err != nil {
		cfg.Log.Error("flow fire not run", "flow", f.FlowID, "scheduledAt", f.ScheduledAt, "err", err)
		return
	}
	at := f.ScheduledAt
	var runID, verdict string
	switch {
	case f.Skipped:
		runID, verdict = newID(), domain.VerdictSkipped
		err = s.recordFire(ctx, fl, owner, runID, f, verdict, "skipped: the flow was still running when it was due")
	case owner == nil:
		runID, verdict = newID(), invoke.VerdictError
		err = s.recordFire(ctx, fl, nil, runID, f, verdict, "the scheduled run was refused: the flow's owner has no profile")
	default:
		var p *flowPrep
		p, err = s.prepareFlowRun(ctx, owner.Name, fl.Key, FlowRunInput{Trigger: f.Trigger, ScheduledAt: &at})
		if err != nil {
			runID, verdict = newID(), invoke.VerdictError
			err = s.recordFire(ctx, fl, owner, runID, f, verdict,
				fmt.Sprintf("the scheduled run as the flow's owner %s was refused: %s", owner.Name, domain.ErrorMessage(err)))
			break
		}
		var v *FlowRunView
		v, err = s.execFlowRun(ctx, p, runHow{trigger: f.Trigger, clock: cfg.RunClock, fire: true})
		if v != nil {
			runID, verdict = v.RunID, v.Verdict
		}
	}
	if err != nil {
		cfg.Log.Error("flow run not recorded", "flow", fl.Key, "trigger", f.Trigger, "scheduledAt", f.ScheduledAt, "err", err)
		return
	}
	cfg.Log.Info("flow run", "flow", fl.Key, "trigger", f.Trigger, "scheduledAt", f.ScheduledAt.UTC().Format(time.RFC3339),
		"verdict", verdict, "ms", cfg.RunClock.Now().Sub(began).Milliseconds(), "run", runID)
}

// recordFire records a fire that calls nothing as an ended run with
// verdict and message, the fire's run, and its audit entry.
func (s *Service) recordFire(ctx context.Context, f *domain.Flow, owner *domain.User, runID string, fire schedule.Fire, verdict, message string) error {
	now := s.stamp()
	at := fire.ScheduledAt
	actor := &domain.User{Name: "scheduler"} // the owner's profile is gone
	if owner != nil {
		actor = owner
	}
	fr := &domain.FlowRun{ID: runID, FlowID: f.ID, Revision: f.Revision, Trigger: fire.Trigger, ScheduledAt: &at,
		StartedAt: now, EndedAt: &now, Actor: actor.Name, Inputs: json0, Outputs: json0, Reused: []string{},
		Verdict: verdict, Message: message}
	err := s.write(ctx, func(tx *store.Tx) error {
		if err := tx.CreateFlowRun(fr); err != nil {
			return err
		}
		if err := tx.SetFireRun(f.ID, fire.ScheduledAt, runID); err != nil {
			return err
		}
		r := &run{s: s, tx: tx, user: actor}
		if err := r.trimRuns(f.ID); err != nil {
			return err
		}
		return r.log(flowRunEntry(f, fr))
	})
	if err != nil {
		return err
	}
	s.emit(EventFlowRun, FlowRunEvent{RunID: runID, Flow: f.Key, Phase: FlowPhaseEnded, Item: -1, Verdict: verdict, Message: message})
	return nil
}

// watchRun marks a running run alive and polls for a cancel asked from
// another process, on clock, until the run ends; stop ends the watch and
// waits for it.
func (s *Service) watchRun(ctx context.Context, runID string, clock flow.Clock, cancel context.CancelFunc) (stop func()) {
	watchCtx, end := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() {
		defer close(done)
		alive := clock.Now()
		for {
			select {
			case <-watchCtx.Done():
				return
			case <-clock.After(cancelPollEvery):
			}
			var asked bool
			err := s.st.Read(watchCtx, func(tx *store.Tx) (err error) {
				asked, err = tx.FlowRunCancelRequested(runID)
				return err
			})
			if asked {
				cancel()
				return
			}
			if now := clock.Now(); err == nil && now.Sub(alive) >= runAliveEvery {
				alive = now
				_ = s.st.Write(watchCtx, func(tx *store.Tx) error { return tx.MarkFlowRunAlive(runID, now) })
			}
		}
	}()
	return func() { end(); <-done }
}
