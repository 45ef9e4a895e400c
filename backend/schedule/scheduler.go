package schedule

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"junction/backend/domain"
	"junction/backend/store"
)

// Clock is the scheduler's time: the wall clock in production, a fake one
// in tests (github.com/jonboulle/clockwork fits), which never sleep.
type Clock interface {
	Now() time.Time
	After(d time.Duration) <-chan time.Time
}

// Defaults of Config.
const (
	// DefaultLeaseTTL is how long the lease lasts without renewal: a
	// scheduler that stopped renewing is replaced after it.
	DefaultLeaseTTL = 30 * time.Second
	// DefaultRenew is how often the holder renews its lease and compares the
	// next fire times with the wall clock (at least every 30 s: timers drift
	// while a laptop sleeps), and how often a waiting one tries to take it.
	DefaultRenew = 10 * time.Second
	// DefaultGrace is how long stopping waits for running flows.
	DefaultGrace = 30 * time.Second
)

// Config sets up a Scheduler; zero durations take the defaults.
type Config struct {
	Store *store.Store
	Clock Clock
	// Holder names this process in the lease, uniquely (a uuid); Label is
	// what the window shows ("junction scheduler on host (pid 123)").
	Holder, Label string
	LeaseTTL      time.Duration
	Renew         time.Duration
	Grace         time.Duration
	Log           *slog.Logger
}

// Fire is one scheduled run of a flow, claimed once in the store.
type Fire struct {
	FlowID      string
	ScheduledAt time.Time
	// Trigger is the flow's trigger type (domain.TriggerInterval, TriggerCron).
	Trigger string
	// Skipped says the flow was still running (overlap skip): the callback
	// records a skipped run and calls nothing.
	Skipped bool
}

// RunFunc runs (or records as skipped) one fire; ctx ends when the
// scheduler stops and the grace period has passed.
type RunFunc func(ctx context.Context, f Fire)

// Scheduler fires the store's timed flows while it holds the store's lease.
type Scheduler struct {
	cfg Config
	// held: the lease was ours at the last tick (a tick that newly takes it
	// applies the catch-up policy to the fires missed meanwhile).
	held bool
	// told is the lease's state last logged: "" before the first tick, else
	// "held" or the label of the holder this scheduler waits for.
	told string

	// queued is the one fire waiting per flow (overlap queue), started by
	// the first tick that finds the flow no longer running. Only Run's
	// goroutine touches it.
	queued map[string]Fire
	runs   sync.WaitGroup
}

// New makes a scheduler; Run starts it.
func New(cfg Config) *Scheduler {
	if cfg.LeaseTTL == 0 {
		cfg.LeaseTTL = DefaultLeaseTTL
	}
	if cfg.Renew == 0 {
		cfg.Renew = DefaultRenew
	}
	if cfg.Grace == 0 {
		cfg.Grace = DefaultGrace
	}
	if cfg.Log == nil {
		cfg.Log = slog.Default()
	}
	return &Scheduler{cfg: cfg, queued: map[string]Fire{}}
}

// Run schedules until ctx ends, calling run for each fire in a goroutine of
// its own; then it waits for the running fires up to the grace period,
// ends their context, waits for them to return and gives up the lease.
func (s *Scheduler) Run(ctx context.Context, run RunFunc) {
	runCtx, cancelRuns := context.WithCancel(context.WithoutCancel(ctx))
	defer cancelRuns()
	for {
		wait := s.tick(ctx, runCtx, run)
		select {
		case <-ctx.Done():
			s.stop(cancelRuns)
			return
		case <-s.cfg.Clock.After(wait):
		}
	}
}

// stop waits for the running fires up to the grace period, then ends them
// and releases the lease for the next scheduler.
func (s *Scheduler) stop(cancelRuns context.CancelFunc) {
	done := make(chan struct{})
	go func() { s.runs.Wait(); close(done) }()
	select {
	case <-done:
	case <-s.cfg.Clock.After(s.cfg.Grace):
		s.cfg.Log.Warn("scheduler: flows still running after the grace period are cancelled", "grace", s.cfg.Grace)
		cancelRuns()
		<-done // a run ends soon after its context does
	}
	release := func(tx *store.Tx) error { return tx.ReleaseLease(s.cfg.Holder) }
	if err := s.cfg.Store.Write(context.Background(), release); err != nil {
		s.cfg.Log.Error("scheduler: release the lease", "err", err)
	}
}

// tick takes or renews the lease and, holding it, brings the schedule up
// to date and starts the fires due; it returns how long to wait for the
// next tick: the renewal period, or less when a fire comes sooner.
func (s *Scheduler) tick(ctx, runCtx context.Context, run RunFunc) time.Duration {
	now := s.cfg.Clock.Now().UTC()
	wait := s.cfg.Renew
	var fires []Fire
	err := s.cfg.Store.Write(ctx, func(tx *store.Tx) error {
		fires = nil
		held, err := tx.AcquireLease(s.cfg.Holder, s.cfg.Label, now, s.cfg.LeaseTTL)
		if err != nil || !held {
			s.held = false
			if err == nil {
				err = s.tellWaiting(tx)
			}
			return err
		}
		s.tell("held", func() {
			s.cfg.Log.Info("scheduler holds the lease: it fires the store's timed flows", "label", s.cfg.Label)
		})
		starting := !s.held
		s.held = true
		if err := tx.PruneSchedule(); err != nil {
			return err
		}
		flows, err := tx.TimedFlows()
		if err != nil {
			return err
		}
		for _, f := range flows {
			next, fire, err := s.plan(tx, f, now, starting)
			var start []Fire
			if err == nil {
				start, err = s.overlap(tx, f, fire)
			}
			if err != nil {
				s.cfg.Log.Error("scheduler: flow not scheduled", "flow", f.ID, "err", err)
				continue
			}
			fires = append(fires, start...)
			if d := next.Sub(now); d < wait {
				wait = d
			}
		}
		return nil
	})
	if err != nil {
		s.cfg.Log.Error("scheduler: tick", "err", err)
		return s.cfg.Renew
	}
	for _, f := range fires {
		s.start(runCtx, run, f)
	}
	return max(wait, time.Second) // fire times are whole seconds
}

// tell logs what the lease's state became, once per change.
func (s *Scheduler) tell(state string, log func()) {
	if s.told != state {
		s.told = state
		log()
	}
}

// tellWaiting logs the holder this scheduler waits for.
func (s *Scheduler) tellWaiting(tx *store.Tx) error {
	lease, err := tx.LeaseHolder()
	if err != nil || lease == nil {
		return err
	}
	label := lease.HolderLabel
	if label == "" {
		label = lease.Holder
	}
	s.tell("waits for "+label, func() {
		s.cfg.Log.Info("scheduler waits: another process holds the lease", "holder", label, "expiresAt", lease.ExpiresAt)
	})
	return nil
}

// plan brings flow f's schedule row up to date at now and claims its fire
// when one is due. A trigger seen for the first time or changed starts
// from now. A due flow fires once whatever the number of periods passed
// (the clock jumped, the laptop slept), at the latest of them; when the
// scheduler is starting (it just took the lease), fires older than the
// lease's life were missed while nothing ran and follow the catch-up policy.
func (s *Scheduler) plan(tx *store.Tx, f store.TimedFlow, now time.Time, starting bool) (time.Time, *Fire, error) {
	timing, err := Parse(f.Trigger)
	if err != nil {
		return time.Time{}, nil, err
	}
	if f.NextFireAt == nil || f.ScheduledTrigger != f.TriggerJSON {
		next := never(timing.Next(now))
		return next, nil, tx.ScheduleNextFire(f.ID, next, f.TriggerJSON)
	}
	if f.NextFireAt.After(now) {
		return *f.NextFireAt, nil, nil
	}
	latest, following := dueSlot(timing, *f.NextFireAt, now)
	following = never(following)
	if err := tx.ScheduleNextFire(f.ID, following, f.TriggerJSON); err != nil {
		return time.Time{}, nil, err
	}
	if missed := starting && now.Sub(latest) > s.cfg.LeaseTTL; missed {
		window := time.Duration(f.CatchUpWindowSec) * time.Second
		if f.CatchUp != domain.CatchUpOnce || now.Sub(latest) > window {
			s.cfg.Log.Info("scheduler: missed fire not caught up", "flow", f.ID, "scheduledAt", latest, "catchUp", f.CatchUp)
			return following, nil, nil
		}
	}
	claimed, err := tx.ClaimFire(f.ID, latest, s.cfg.Holder)
	if err != nil || !claimed {
		return following, nil, err
	}
	return following, &Fire{FlowID: f.ID, ScheduledAt: latest.Truncate(time.Second), Trigger: f.Trigger.Type}, nil
}

// overlap applies f's overlap policy to fire (nil when none is due) and
// gives the fires to start now: while a run of the flow is going, in any
// process, skip starts the fire as skipped (the callback records a skipped
// run) and queue keeps one (a further one is skipped) until a tick finds
// the flow idle.
func (s *Scheduler) overlap(tx *store.Tx, f store.TimedFlow, fire *Fire) ([]Fire, error) {
	queued, waiting := s.queued[f.ID]
	if fire == nil && !waiting {
		return nil, nil
	}
	running, err := tx.FlowRunning(f.ID)
	if err != nil {
		return nil, err
	}
	var out []Fire
	if waiting && !running {
		delete(s.queued, f.ID)
		out = append(out, queued)
		running, waiting = true, false // this tick's fire finds the queued one running
	}
	switch {
	case fire == nil:
	case !running:
		out = append(out, *fire)
	case f.Overlap == domain.OverlapQueue && !waiting:
		s.queued[f.ID] = *fire
	default:
		skipped := *fire
		skipped.Skipped = true
		out = append(out, skipped)
	}
	return out, nil
}

// never stands for "no further fire" (a cron that never fires again) far
// enough ahead to be no fire.
func never(next time.Time) time.Time {
	if next.IsZero() {
		return time.Date(9999, 12, 31, 0, 0, 0, 0, time.UTC)
	}
	return next
}

// start runs f in a goroutine of its own.
func (s *Scheduler) start(ctx context.Context, run RunFunc, f Fire) {
	s.runs.Add(1)
	go func() { defer s.runs.Done(); run(ctx, f) }()
}
