package service_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/jonboulle/clockwork"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"junction/backend/domain"
	"junction/backend/flow"
	"junction/backend/schedule"
	"junction/backend/secret"
	"junction/backend/service"
	"junction/backend/store"
	"junction/backend/store/storetest"
	"junction/backend/testkit"
)

// s0 is where the schedulers' fake clock starts.
var s0 = time.Date(2026, 12, 1, 8, 0, 0, 0, time.UTC)

// schedEnv is env over a store file with the demo connector of
// testkit.OpenPlatform, on a fake clock that the services and their
// schedulers share; more services (processes) open the same file.
type schedEnv struct {
	*env
	fc   *clockwork.FakeClock
	p    *testkit.OpenPlatform
	logs *logBuffer
}

func newSchedEnv(t *testing.T) *schedEnv {
	t.Helper()
	fc := clockwork.NewFakeClockAt(s0)
	st := storetest.Open(t)
	box, err := secret.OpenKeyFile(filepath.Join(t.TempDir(), "key"))
	require.NoError(t, err)
	e := &schedEnv{env: &env{t: t, ctx: context.Background(), svc: service.New(st, box, service.Options{Now: fc.Now}), st: st, box: box},
		fc: fc, p: testkit.NewOpenPlatform(t), logs: &logBuffer{}}
	_, err = e.svc.EnsureProfile(e.ctx, admin)
	require.NoError(t, err)
	_, err = e.svc.Import(e.ctx, admin, openPlatformPackage(t, e.p.URL), service.ImportOptions{})
	require.NoError(t, err)
	return e
}

// another is a second process's service over the same store file.
func (e *schedEnv) another() *service.Service {
	st := storetest.OpenWith(e.t, e.st.Path, store.Options{})
	return service.New(st, e.box, service.Options{Now: e.fc.Now})
}

// timedFlow creates the demo flow (its inputs defaulting to the platform's
// app key and secret, so that a scheduled run has them) with trigger.
func (e *schedEnv) timedFlow(key string, trigger domain.Trigger, edit ...func(*service.FlowInput)) {
	e.t.Helper()
	in := demoFlow()
	in.Key, in.Trigger = key, trigger
	in.Inputs[0].Default = mustJSON(e.t, e.p.AppKey)
	in.Inputs[1].Default = mustJSON(e.t, e.p.AppSecret)
	for _, fn := range edit {
		fn(&in)
	}
	_, err := e.svc.CreateFlow(e.ctx, admin, in)
	require.NoError(e.t, err)
}

func mustJSON(t *testing.T, v any) json.RawMessage {
	raw, err := json.Marshal(v)
	require.NoError(t, err)
	return raw
}

func every(sec int) domain.Trigger {
	return domain.Trigger{Type: domain.TriggerInterval, EverySec: sec}
}

// scheduling is a RunScheduler started in a goroutine; stop ends it and
// waits until it has returned (the test's cleanup does too).
type scheduling struct {
	cancel context.CancelFunc
	done   chan error
	once   sync.Once
	err    error
}

func (e *schedEnv) schedule(svc *service.Service, label string) *scheduling {
	ctx, cancel := context.WithCancel(e.ctx)
	s := &scheduling{cancel: cancel, done: make(chan error, 1)}
	log := slog.New(slog.NewTextHandler(e.logs, nil))
	go func() {
		s.done <- svc.RunScheduler(ctx, service.SchedulerConfig{Clock: e.fc, RunClock: flow.SystemClock{}, Label: label, Log: log})
	}()
	e.t.Cleanup(func() { s.stop() })
	return s
}

func (s *scheduling) stop() error {
	s.once.Do(func() { s.cancel(); s.err = <-s.done })
	return s.err
}

// advance moves the fake clock by total in 10 s steps (the schedulers'
// renewal period), each once n schedulers wait on it: every tick happens.
// The runs themselves go on the wall clock.
func (e *schedEnv) advance(n int, total time.Duration) {
	e.t.Helper()
	for moved := time.Duration(0); moved < total; moved += 10 * time.Second {
		e.waiting(n)
		e.fc.Advance(10 * time.Second)
	}
}

// waiting returns once n schedulers wait on the fake clock (their tick done).
func (e *schedEnv) waiting(n int) {
	e.t.Helper()
	ctx, cancel := context.WithTimeout(e.ctx, 10*time.Second)
	defer cancel()
	require.NoError(e.t, e.fc.BlockUntilContext(ctx, n), "waiting for %d schedulers to wait", n)
}

// ended lists the flow's ended runs, newest first.
func (e *schedEnv) ended(key string) []service.FlowRunRow {
	e.t.Helper()
	runs, err := e.svc.FlowHistory(e.ctx, admin, key, 0)
	require.NoError(e.t, err)
	out := []service.FlowRunRow{}
	for _, r := range runs {
		if r.Verdict != "" {
			out = append(out, r)
		}
	}
	return out
}

// awaitEnded waits until the flow has n ended runs and returns them.
func (e *schedEnv) awaitEnded(key string, n int) []service.FlowRunRow {
	e.t.Helper()
	require.Eventually(e.t, func() bool { return len(e.ended(key)) >= n }, 10*time.Second, 5*time.Millisecond,
		"waiting for %d ended runs of %s", n, key)
	return e.ended(key)
}

// fireRuns maps each claimed fire's scheduled time to the run it made.
func (e *schedEnv) fireRuns() map[time.Time]string {
	e.t.Helper()
	var rows []struct {
		ScheduledAt time.Time
		RunID       string
	}
	require.NoError(e.t, e.st.DB.Raw(`SELECT scheduled_at, run_id FROM flow_fires`).Scan(&rows).Error)
	out := map[time.Time]string{}
	for _, r := range rows {
		out[r.ScheduledAt.UTC()] = r.RunID
	}
	return out
}

// logBuffer is a log sink the schedulers share.
type logBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *logBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *logBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// An interval and a cron trigger fire exactly once per period, with one
// scheduler and with two on one store: five periods make five runs, each
// with its trigger and scheduled time, each the run of its fire, and five
// calls of each endpoint.
func TestScheduler_FiresOncePerPeriod(t *testing.T) {
	cases := []struct {
		name    string
		trigger domain.Trigger
		period  time.Duration
	}{
		{"interval", every(60), time.Minute},
		{"cron", domain.Trigger{Type: domain.TriggerCron, Cron: "*/2 * * * *", Timezone: "UTC"}, 2 * time.Minute},
	}
	for _, c := range cases {
		for _, schedulers := range []int{1, 2} {
			t.Run(fmt.Sprintf("%s/%d schedulers", c.name, schedulers), func(t *testing.T) {
				e := newSchedEnv(t)
				e.timedFlow("sync", c.trigger)
				e.schedule(e.svc, "first")
				if schedulers == 2 {
					e.schedule(e.another(), "second")
				}
				const periods = 5
				for k := 1; k <= periods; k++ {
					e.advance(schedulers, c.period)
					e.awaitEnded("sync", k)
				}
				e.advance(schedulers, 10*time.Second) // one more tick: nothing more fires
				runs := e.ended("sync")
				require.Len(t, runs, periods)
				fires := e.fireRuns()
				require.Len(t, fires, periods)
				for i, r := range runs {
					at := s0.Add(time.Duration(periods-i) * c.period)
					assert.Equal(t, c.trigger.Type, r.Trigger)
					require.NotNil(t, r.ScheduledAt)
					assert.True(t, at.Equal(*r.ScheduledAt), "run %d was due at %s, not %s", i, at, r.ScheduledAt)
					assert.Equal(t, "ok", r.Verdict, r.Message)
					assert.Equal(t, r.RunID, fires[at], "the fire at %s records its run", at)
				}
				for _, path := range []string{"/code", "/token", "/departments"} {
					assert.Equal(t, periods, e.p.Calls(path), path)
				}
				assert.Contains(t, e.logs.String(), `msg="flow run" flow=sync trigger=`+c.trigger.Type)
			})
		}
	}
}

// Two schedulers on one store: the first holds the lease and fires; the
// second waits, and once the first stops it takes over and fires the next
// period, once. SchedulerStatus says who holds the lease.
func TestScheduler_SecondTakesOverWhenTheFirstStops(t *testing.T) {
	e := newSchedEnv(t)
	e.timedFlow("sync", every(60))
	second := e.another()
	st, err := e.svc.SchedulerStatus(e.ctx, admin)
	require.NoError(t, err)
	assert.Equal(t, service.SchedulerStatus{}, *st, "nothing holds the lease before a scheduler runs")

	first := e.schedule(e.svc, "first")
	e.waiting(1)
	e.schedule(second, "second")
	e.advance(2, time.Minute)
	e.awaitEnded("sync", 1)

	st, err = e.svc.SchedulerStatus(e.ctx, admin)
	require.NoError(t, err)
	assert.True(t, st.Held)
	assert.True(t, st.Self, "the first service's scheduler holds the lease")
	assert.Equal(t, "first", st.Label)
	require.NotNil(t, st.ExpiresAt)
	assert.True(t, st.ExpiresAt.After(e.fc.Now()))
	other, err := second.SchedulerStatus(e.ctx, admin)
	require.NoError(t, err)
	assert.True(t, other.Held)
	assert.False(t, other.Self)
	assert.Equal(t, "first", other.Label)

	require.NoError(t, first.stop())
	e.advance(1, time.Minute)
	runs := e.awaitEnded("sync", 2)
	e.advance(1, 10*time.Second)
	assert.Len(t, e.ended("sync"), 2, "each fire ran once")
	assert.True(t, s0.Add(2*time.Minute).Equal(*runs[0].ScheduledAt), "the second fired the next period")
	st, err = second.SchedulerStatus(e.ctx, admin)
	require.NoError(t, err)
	assert.True(t, st.Self)
	assert.Equal(t, "second", st.Label)
	assert.Contains(t, e.logs.String(), "scheduler waits: another process holds the lease")
}

// A fire due while the flow still runs (overlap skip) is recorded as a
// skipped run with its trigger and scheduled time, and audited; the run
// that was going ends ok.
func TestScheduler_OverlapSkipRecordsASkippedRun(t *testing.T) {
	e := newSchedEnv(t)
	e.timedFlow("sync", every(60))
	release := e.p.Hold("/code")
	e.schedule(e.svc, "first")
	e.advance(1, time.Minute)
	<-e.p.Held()
	e.advance(1, time.Minute)
	runs := e.awaitEnded("sync", 1)
	skipped := runs[0]
	assert.Equal(t, domain.VerdictSkipped, skipped.Verdict)
	assert.Equal(t, domain.TriggerInterval, skipped.Trigger)
	require.NotNil(t, skipped.ScheduledAt)
	assert.True(t, s0.Add(2*time.Minute).Equal(*skipped.ScheduledAt))
	assert.Equal(t, skipped.RunID, e.fireRuns()[s0.Add(2*time.Minute)])
	var verdicts []string
	require.NoError(t, e.st.DB.Raw(`SELECT json_extract(details, '$.verdict') FROM audit_entries WHERE action = 'flow.run' ORDER BY seq`).Scan(&verdicts).Error)
	assert.Equal(t, []string{domain.VerdictSkipped}, verdicts)

	release()
	runs = e.awaitEnded("sync", 2)
	assert.Equal(t, "ok", runs[1].Verdict, "the first run ended by itself")
	assert.Equal(t, 1, e.p.Calls("/code"), "the skipped fire called nothing")
}

// A scheduled forEach step over the three departments makes three calls;
// a retried step that got a 503 passes on its second attempt.
func TestScheduler_ForEachAndRetry(t *testing.T) {
	e := newSchedEnv(t)
	e.timedFlow("sync", every(60), func(in *service.FlowInput) {
		in.Steps[0].Retry = &domain.Retry{Attempts: 3, BackoffMs: 10}
		in.Steps = append(in.Steps, domain.Step{Key: "detail", Invoke: "open-platform/get-department",
			ForEach: "{{steps.departments.outputs.departments}}", Concurrency: 2,
			Inputs: map[string]any{"id": "{{item.id}}", "Authorization": "Bearer {{steps.token.outputs.token}}"}})
	})
	e.p.FailNext("/code", testkit.Fault{Status: 503})
	e.schedule(e.svc, "first")
	e.advance(1, time.Minute)
	runs := e.awaitEnded("sync", 1)
	require.Equal(t, "ok", runs[0].Verdict, runs[0].Message)
	for id := 1; id <= 3; id++ {
		assert.Equal(t, 1, e.p.Calls(fmt.Sprintf("/departments/%d", id)), "department %d", id)
	}
	assert.Equal(t, 2, e.p.Calls("/code"), "a 503, then the 200")
	var attempts []int
	require.NoError(t, e.st.DB.Raw(`SELECT attempt FROM step_runs WHERE run_id = ? AND step_key = 'code' ORDER BY attempt`, runs[0].RunID).Scan(&attempts).Error)
	assert.Equal(t, []int{1, 2}, attempts)
	var items []int
	require.NoError(t, e.st.DB.Raw(`SELECT item FROM step_runs WHERE run_id = ? AND step_key = 'detail' ORDER BY item`, runs[0].RunID).Scan(&items).Error)
	assert.Equal(t, []int{0, 1, 2}, items)
}

// A scheduled run acts as the flow's owner: once the owner lost view on a
// connector the flow calls, the fire is recorded as a refused run (verdict
// error, the permission's message), not dropped, and calls nothing.
func TestScheduler_RunsAsTheOwnerAndRecordsARefusal(t *testing.T) {
	e := newSchedEnv(t)
	e.addUser("bob", domain.PermConnectorsView, domain.PermConnectorsCreate)
	require.NoError(t, e.svc.Grant(e.ctx, admin, "open-platform", "bob", domain.LevelView))
	in := demoFlow()
	in.Trigger = every(60)
	in.Inputs[0].Default, in.Inputs[1].Default = mustJSON(t, e.p.AppKey), mustJSON(t, e.p.AppSecret)
	_, err := e.svc.CreateFlow(e.ctx, "bob", in)
	require.NoError(t, err)

	e.schedule(e.svc, "first")
	e.advance(1, time.Minute)
	runs := e.awaitEnded("sync-departments", 1)
	assert.Equal(t, "ok", runs[0].Verdict, runs[0].Message)
	var actor string
	require.NoError(t, e.st.DB.Raw(`SELECT actor FROM flow_runs WHERE id = ?`, runs[0].RunID).Scan(&actor).Error)
	assert.Equal(t, "bob", actor, "the run acts as the flow's owner")

	require.NoError(t, e.svc.Revoke(e.ctx, admin, "open-platform", "bob"))
	e.advance(1, time.Minute)
	runs = e.awaitEnded("sync-departments", 2)
	assert.Equal(t, "error", runs[0].Verdict)
	assert.Contains(t, runs[0].Message, "the scheduled run as the flow's owner bob was refused")
	assert.Equal(t, 1, e.p.Calls("/code"), "the refused run called nothing")
	assert.Equal(t, runs[0].RunID, e.fireRuns()[s0.Add(2*time.Minute)])
}

// runningRun writes a run of flow key still running, as actor, started at
// started and last marked alive then.
func runningRunAt(e *env, key, actor string, started time.Time) string {
	e.t.Helper()
	id := "run-" + actor + "-" + started.Format("150405")
	require.NoError(e.t, e.st.DB.Exec(`INSERT INTO flow_runs (id, flow_id, revision, trigger, started_at, actor, alive_at)
		SELECT ?, id, revision, 'manual', ?, ?, ? FROM flows WHERE key = ?`, id, started.UTC(), actor, started.UTC(), key).Error)
	return id
}

// runningRun is runningRunAt now, for the permission table.
func runningRun(e *env, key, actor string) string { return runningRunAt(e, key, actor, fixedNow) }

// A scheduler that starts closes the runs a dead process left running (not
// marked alive for a minute) as error, and leaves a live one running.
func TestScheduler_ClosesRunsLeftByADeadProcess(t *testing.T) {
	e := newSchedEnv(t)
	e.timedFlow("sync", every(60))
	dead := runningRunAt(e.env, "sync", admin, s0.Add(-10*time.Minute))
	live := runningRunAt(e.env, "sync", "someone", s0.Add(-5*time.Second))
	e.schedule(e.svc, "first")
	e.waiting(1)
	verdict := func(id string) (v struct{ Verdict, Message string }) {
		require.NoError(t, e.st.DB.Raw(`SELECT verdict, message FROM flow_runs WHERE id = ?`, id).Scan(&v).Error)
		return v
	}
	assert.Equal(t, "error", verdict(dead).Verdict)
	assert.Contains(t, verdict(dead).Message, "the process running this run stopped before it ended")
	assert.Equal(t, "", verdict(live).Verdict, "a run marked alive lately keeps running")
	assert.Contains(t, e.logs.String(), dead)
}

// Cancelling a run its dead process left running ends it at once, as
// cancelled; a live run of another process is only asked to stop.
func TestCancelFlowRun_EndsARunLeftByADeadProcess(t *testing.T) {
	e := newSchedEnv(t)
	e.timedFlow("sync", every(60))
	dead := runningRunAt(e.env, "sync", admin, s0.Add(-10*time.Minute))
	live := runningRunAt(e.env, "sync", admin, s0.Add(-5*time.Second))
	require.NoError(t, e.svc.CancelFlowRun(e.ctx, admin, dead))
	require.NoError(t, e.svc.CancelFlowRun(e.ctx, admin, live))
	verdict := func(id string) (v struct {
		Verdict, Message string
		Ended            bool
	}) {
		require.NoError(t, e.st.DB.Raw(`SELECT verdict, message, ended_at IS NOT NULL AS ended FROM flow_runs WHERE id = ?`, id).Scan(&v).Error)
		return v
	}
	assert.Equal(t, domain.VerdictCancelled, verdict(dead).Verdict)
	assert.Contains(t, verdict(dead).Message, "the process running this run had stopped")
	assert.True(t, verdict(dead).Ended)
	assert.Equal(t, "", verdict(live).Verdict, "a live run ends in its own process, which polls for the cancel")
	err := e.svc.CancelFlowRun(e.ctx, admin, dead)
	assert.Equal(t, domain.RFlowRunEnded, domain.ErrorReason(err))
}

// The window and browser mode (a service holding the single-instance lock)
// schedule from Start: the lease is theirs, labelled by their kind, until
// Close gives it up. A headless command's Start schedules nothing.
func TestStart_SchedulesInTheWindowAndBrowserMode(t *testing.T) {
	for mode, kind := range map[string]string{service.HolderWindow: service.SchedulerWindow, service.HolderBrowser: service.SchedulerBrowser} {
		t.Run(mode, func(t *testing.T) {
			dir := t.TempDir()
			cfg := service.Config{DBPath: filepath.Join(dir, "junction.db"), KeyPath: filepath.Join(dir, "secret.key"), Instance: true, Mode: mode}
			svc, err := service.Open(cfg)
			require.NoError(t, err)
			ctx := context.Background()
			_, err = svc.Enter(ctx, admin, "")
			require.NoError(t, err)
			require.NoError(t, svc.Start(ctx))
			var st *service.SchedulerStatus
			require.Eventually(t, func() bool {
				st, err = svc.SchedulerStatus(ctx, admin)
				return err == nil && st.Held
			}, 10*time.Second, 5*time.Millisecond)
			assert.True(t, st.Self)
			assert.Equal(t, service.SchedulerLabel(kind), st.Label)
			require.NoError(t, svc.Close())

			headless := openShared(t, dir, nil)
			require.NoError(t, headless.Start(ctx))
			st, err = headless.SchedulerStatus(ctx, admin)
			require.NoError(t, err)
			assert.False(t, st.Held, "Close gave the lease up; a headless command does not schedule")
		})
	}
}

// Stopping waits for the running flows; once the grace period has passed
// the ones still running are cancelled (verdict cancelled) and the
// scheduler returns, its lease given up.
func TestScheduler_StopCancelsRunsAfterTheGrace(t *testing.T) {
	e := newSchedEnv(t)
	e.timedFlow("sync", every(60))
	e.p.Hold("/code")
	s := e.schedule(e.svc, "first")
	e.advance(1, time.Minute)
	<-e.p.Held()
	s.cancel()
	e.waiting(2) // the next tick's wait, and the grace's
	select {
	case <-s.done:
		t.Fatal("the scheduler returned while a flow ran, before the grace passed")
	default:
	}
	e.fc.Advance(schedule.DefaultGrace)
	require.NoError(t, s.stop())
	runs := e.ended("sync")
	require.Len(t, runs, 1)
	assert.Equal(t, domain.VerdictCancelled, runs[0].Verdict)
	st, err := e.svc.SchedulerStatus(e.ctx, admin)
	require.NoError(t, err)
	assert.False(t, st.Held)
}
