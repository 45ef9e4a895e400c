package schedule_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/jonboulle/clockwork"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"junction/backend/domain"
	"junction/backend/schedule"
	"junction/backend/store"
)

var t0 = time.Date(2026, 12, 1, 8, 0, 0, 0, time.UTC)

// openStore opens (again, for a second scheduler) the store file at path.
func openStore(t *testing.T, path string) *store.Store {
	t.Helper()
	st, err := store.Open(path)
	require.NoError(t, err)
	t.Cleanup(func() {
		if db, err := st.DB.DB(); err == nil {
			db.Close()
		}
	})
	return st
}

// addFlow writes an enabled flow row with trigger and policies (the flow
// store's methods are written in parallel; the schedule reads these columns).
func addFlow(t *testing.T, st *store.Store, key string, tr domain.Trigger, overlap, catchUp string, windowSec int) string {
	t.Helper()
	trigger, err := json.Marshal(tr)
	require.NoError(t, err)
	id := "f-" + key
	require.NoError(t, st.DB.Exec(`INSERT INTO flows (id, key, name, trigger, overlap, catch_up, catch_up_window_sec) VALUES (?, ?, ?, ?, ?, ?, ?)`,
		id, key, key, string(trigger), overlap, catchUp, windowSec).Error)
	return id
}

func every(sec int) domain.Trigger {
	return domain.Trigger{Type: domain.TriggerInterval, EverySec: sec}
}

// recorder is a run callback that records every fire and, as the service
// does, a flow run in the store: "" while it runs (what overlap looks at),
// "ok" when done, "skipped" at once for a skipped fire. block, when set,
// holds each run that is not skipped until it is closed or ctx ends.
type recorder struct {
	st    *store.Store
	mu    sync.Mutex
	fires []schedule.Fire
	block chan struct{}
	ended []error // each run's ctx error when it returned
}

func (r *recorder) run(ctx context.Context, f schedule.Fire) {
	id := fmt.Sprintf("run-%s-%d-%t", f.FlowID, f.ScheduledAt.Unix(), f.Skipped)
	verdict := ""
	if f.Skipped {
		verdict = domain.VerdictSkipped
	}
	must(r.st.DB.Exec(`INSERT INTO flow_runs (id, flow_id, revision, trigger, scheduled_at, started_at, verdict) VALUES (?, ?, 1, ?, ?, ?, ?)`,
		id, f.FlowID, f.Trigger, f.ScheduledAt, f.ScheduledAt, verdict).Error)
	r.mu.Lock()
	r.fires = append(r.fires, f) // after the run row: a test awaiting it sees the flow running
	block := r.block
	r.mu.Unlock()
	if f.Skipped {
		return
	}
	if block != nil {
		select {
		case <-block:
		case <-ctx.Done():
		}
	}
	must(r.st.DB.Exec(`UPDATE flow_runs SET verdict = 'ok' WHERE id = ?`, id).Error)
	r.mu.Lock()
	r.ended = append(r.ended, ctx.Err())
	r.mu.Unlock()
}

func must(err error) {
	if err != nil {
		panic(err)
	}
}

// awaitEnded waits until n runs have ended (their verdict written).
func (r *recorder) awaitEnded(t *testing.T, n int) {
	t.Helper()
	require.Eventually(t, func() bool { r.mu.Lock(); defer r.mu.Unlock(); return len(r.ended) >= n },
		10*time.Second, time.Millisecond, "waiting for %d runs to end", n)
}

func (r *recorder) got() []schedule.Fire {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]schedule.Fire(nil), r.fires...)
}

// awaitFires waits (on the condition, not a sleep) until r has n fires.
func (r *recorder) awaitFires(t *testing.T, n int) []schedule.Fire {
	t.Helper()
	require.Eventually(t, func() bool { return len(r.got()) >= n }, 10*time.Second, time.Millisecond, "waiting for %d fires", n)
	return r.got()
}

// running is a scheduler started in a goroutine; stop ends it and waits
// until Run has returned.
type running struct {
	cancel context.CancelFunc
	done   chan struct{}
}

func (r running) stop() { r.cancel(); <-r.done }

func start(t *testing.T, st *store.Store, clock schedule.Clock, holder string, rec *recorder) running {
	t.Helper()
	ctx, cancel := context.WithCancel(t.Context())
	s := schedule.New(schedule.Config{Store: st, Clock: clock, Holder: holder, Label: "test " + holder,
		Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
	r := running{cancel: cancel, done: make(chan struct{})}
	go func() { defer close(r.done); s.Run(ctx, rec.run) }()
	t.Cleanup(func() { cancel(); <-r.done })
	return r
}

// idle waits until n schedulers wait on clock: each finished its tick.
func idle(t *testing.T, clock *clockwork.FakeClock, n int) {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
	defer cancel()
	require.NoError(t, clock.BlockUntilContext(ctx, n))
}

// advance moves clock on by d in steps of step, letting n schedulers tick
// after each.
func advance(t *testing.T, clock *clockwork.FakeClock, n int, d, step time.Duration) {
	t.Helper()
	for moved := time.Duration(0); moved < d; moved += step {
		clock.Advance(step)
		idle(t, clock, n)
	}
}

func scheduledAt(fires []schedule.Fire) []time.Time {
	out := make([]time.Time, len(fires))
	for i, f := range fires {
		out[i] = f.ScheduledAt.UTC()
	}
	return out
}

func TestScheduler_IntervalFiresOncePerPeriod(t *testing.T) {
	st := openStore(t, filepath.Join(t.TempDir(), "j.db"))
	id := addFlow(t, st, "hourly", every(60), domain.OverlapSkip, domain.CatchUpSkip, 0)
	clock := clockwork.NewFakeClockAt(t0)
	rec := &recorder{st: st}
	s := start(t, st, clock, "one", rec)
	idle(t, clock, 1)
	for period := 1; period <= 3; period++ {
		advance(t, clock, 1, time.Minute, 10*time.Second)
		rec.awaitEnded(t, period) // else the next fire might find it running and skip
	}
	s.stop()

	fires := rec.got()
	assert.Equal(t, []time.Time{t0.Add(time.Minute), t0.Add(2 * time.Minute), t0.Add(3 * time.Minute)}, scheduledAt(fires))
	for _, f := range fires {
		assert.Equal(t, id, f.FlowID)
		assert.Equal(t, domain.TriggerInterval, f.Trigger)
		assert.False(t, f.Skipped, "%v", fires)
	}
}

func TestScheduler_CronFiresOncePerPeriodInItsZone(t *testing.T) {
	st := openStore(t, filepath.Join(t.TempDir(), "j.db"))
	addFlow(t, st, "five", domain.Trigger{Type: domain.TriggerCron, Cron: "*/5 * * * *", Timezone: "Asia/Kolkata"},
		domain.OverlapSkip, domain.CatchUpSkip, 0)
	clock := clockwork.NewFakeClockAt(t0.Add(-90 * time.Second)) // 07:58:30 UTC, 13:28:30 in Kolkata
	rec := &recorder{st: st}
	s := start(t, st, clock, "one", rec)
	idle(t, clock, 1)
	advance(t, clock, 1, 90*time.Second, 10*time.Second)
	for period := 1; period <= 3; period++ {
		rec.awaitEnded(t, period)
		advance(t, clock, 1, 5*time.Minute, 10*time.Second)
	}
	s.stop()
	// Kolkata is UTC+5:30: its 13:30, 13:35, 13:40 and 13:45 are 08:00, 08:05, 08:10 and 08:15 UTC.
	assert.Equal(t, []time.Time{t0, t0.Add(5 * time.Minute), t0.Add(10 * time.Minute), t0.Add(15 * time.Minute)},
		scheduledAt(rec.got()))
	for _, f := range rec.got() {
		assert.Equal(t, domain.TriggerCron, f.Trigger)
		assert.False(t, f.Skipped)
	}
}

func TestScheduler_AClockJumpForwardFiresOnceNotOncePerMissedPeriod(t *testing.T) {
	st := openStore(t, filepath.Join(t.TempDir(), "j.db"))
	addFlow(t, st, "minutely", every(60), domain.OverlapSkip, domain.CatchUpSkip, 0)
	clock := clockwork.NewFakeClockAt(t0)
	rec := &recorder{st: st}
	s := start(t, st, clock, "one", rec)
	idle(t, clock, 1)
	clock.Advance(time.Hour + 20*time.Second) // the laptop slept
	idle(t, clock, 1)
	rec.awaitEnded(t, 1)
	advance(t, clock, 1, 40*time.Second, 10*time.Second)
	s.stop()
	assert.Equal(t, []time.Time{t0.Add(time.Hour), t0.Add(61 * time.Minute)}, scheduledAt(rec.got()))
}

func TestScheduler_TwoSchedulersOnOneStoreFileFireEachPeriodOnce(t *testing.T) {
	path := filepath.Join(t.TempDir(), "j.db")
	st1 := openStore(t, path)
	addFlow(t, st1, "minutely", every(60), domain.OverlapSkip, domain.CatchUpSkip, 0)
	st2 := openStore(t, path)
	clock := clockwork.NewFakeClockAt(t0)
	rec := &recorder{st: st1}
	a := start(t, st1, clock, "one", rec)
	b := start(t, st2, clock, "two", rec)
	idle(t, clock, 2)
	for period := 1; period <= 3; period++ {
		advance(t, clock, 2, time.Minute, 10*time.Second)
		rec.awaitEnded(t, period)
	}
	a.stop()
	b.stop()
	assert.Equal(t, []time.Time{t0.Add(time.Minute), t0.Add(2 * time.Minute), t0.Add(3 * time.Minute)}, scheduledAt(rec.got()))
}

func TestScheduler_ARestartDoesNotFireAgainNorDoesAClockMovedBack(t *testing.T) {
	path := filepath.Join(t.TempDir(), "j.db")
	st := openStore(t, path)
	addFlow(t, st, "minutely", every(60), domain.OverlapSkip, domain.CatchUpOnce, 3600)
	clock := clockwork.NewFakeClockAt(t0)
	rec := &recorder{st: st}
	s := start(t, st, clock, "one", rec)
	idle(t, clock, 1)
	advance(t, clock, 1, time.Minute, 10*time.Second)
	s.stop()
	require.Len(t, rec.got(), 1)

	// The same store again, another process: nothing is due, nothing fires.
	s = start(t, openStore(t, path), clock, "two", rec)
	idle(t, clock, 1)
	s.stop()
	assert.Len(t, rec.got(), 1)

	// The clock moved back by ten minutes, then forward past the fire made.
	clock.Advance(-10 * time.Minute)
	s = start(t, openStore(t, path), clock, "three", rec)
	idle(t, clock, 1)
	advance(t, clock, 1, 11*time.Minute, 10*time.Second)
	s.stop()
	assert.Equal(t, []time.Time{t0.Add(time.Minute), t0.Add(2 * time.Minute)}, scheduledAt(rec.got()))
}

func TestScheduler_OverlapSkipRecordsASkippedFireAndQueueRunsOneAfter(t *testing.T) {
	st := openStore(t, filepath.Join(t.TempDir(), "j.db"))
	skip := addFlow(t, st, "skip", every(60), domain.OverlapSkip, domain.CatchUpSkip, 0)
	queue := addFlow(t, st, "queue", every(60), domain.OverlapQueue, domain.CatchUpSkip, 0)
	clock := clockwork.NewFakeClockAt(t0)
	rec := &recorder{st: st, block: make(chan struct{})}
	s := start(t, st, clock, "one", rec)
	idle(t, clock, 1)
	advance(t, clock, 1, time.Minute, 10*time.Second)
	rec.awaitFires(t, 2)
	advance(t, clock, 1, 2*time.Minute, 10*time.Second) // two more fires of each while the first runs
	rec.awaitFires(t, 5)                                // skip: the first run and two skipped; queue: the first run and the third skipped
	close(rec.block)
	rec.awaitEnded(t, 2)
	advance(t, clock, 1, 10*time.Second, 10*time.Second) // the next tick starts the queued one
	fires := rec.awaitFires(t, 6)
	s.stop()

	bySkip := map[string][]bool{}
	for _, f := range fires {
		bySkip[f.FlowID] = append(bySkip[f.FlowID], f.Skipped)
	}
	assert.Equal(t, []bool{false, true, true}, bySkip[skip])
	// queue: the first runs, the second waits, the third finds the queue full.
	assert.Equal(t, []bool{false, true, false}, bySkip[queue])
	assert.Len(t, fires, 6)
}

func TestScheduler_CatchUpOnStartRunsOnceWithinTheWindowOrSkips(t *testing.T) {
	path := filepath.Join(t.TempDir(), "j.db")
	st := openStore(t, path)
	once := addFlow(t, st, "once", every(600), domain.OverlapSkip, domain.CatchUpOnce, 900)
	addFlow(t, st, "skip", every(600), domain.OverlapSkip, domain.CatchUpSkip, 0)
	addFlow(t, st, "narrow", every(600), domain.OverlapSkip, domain.CatchUpOnce, 60)
	clock := clockwork.NewFakeClockAt(t0)
	rec := &recorder{st: st}
	s := start(t, st, clock, "one", rec)
	idle(t, clock, 1)
	s.stop() // the schedule says 08:10; nothing runs until 08:35
	clock.Advance(35 * time.Minute)

	s = start(t, openStore(t, path), clock, "two", rec)
	idle(t, clock, 1)
	s.stop()
	fires := rec.got()
	require.Len(t, fires, 1, "only the flow that catches up within its window: %v", fires)
	assert.Equal(t, once, fires[0].FlowID)
	assert.Equal(t, t0.Add(30*time.Minute), fires[0].ScheduledAt.UTC(), "the latest missed fire")
}

func TestScheduler_TheLeaseMovesToTheSecondWhenTheFirstStopsRenewing(t *testing.T) {
	path := filepath.Join(t.TempDir(), "j.db")
	st1 := openStore(t, path)
	addFlow(t, st1, "minutely", every(60), domain.OverlapSkip, domain.CatchUpSkip, 0)
	// Two processes with clocks of their own: the first one's stands still,
	// as in a suspended process; the second one's goes on.
	frozen, clock := clockwork.NewFakeClockAt(t0), clockwork.NewFakeClockAt(t0)
	rec := &recorder{st: st1}
	start(t, st1, frozen, "one", rec)
	idle(t, frozen, 1)
	st2 := openStore(t, path)
	start(t, st2, clock, "two", rec)
	idle(t, clock, 1)
	holder := func() string {
		var l *store.SchedulerLease
		require.NoError(t, st2.Read(t.Context(), func(tx *store.Tx) error {
			var err error
			l, err = tx.LeaseHolder()
			return err
		}))
		return l.Holder
	}
	assert.Equal(t, "one", holder())
	advance(t, clock, 1, 20*time.Second, 10*time.Second)
	assert.Equal(t, "one", holder(), "not expired yet")
	advance(t, clock, 1, 50*time.Second, 10*time.Second) // one's lease expired at 08:00:30
	assert.Equal(t, "two", holder())
	assert.Equal(t, []time.Time{t0.Add(time.Minute)}, scheduledAt(rec.awaitFires(t, 1)))
	for _, f := range rec.got() {
		assert.Equal(t, "minutely", f.FlowID[len("f-"):])
	}

	// The first wakes up: it has lost the lease and schedules nothing.
	frozen.Advance(80 * time.Second)
	idle(t, frozen, 1)
	assert.Equal(t, "two", holder())
	assert.Len(t, rec.got(), 1)
}

func TestScheduler_StopWaitsForRunsUpToTheGraceThenCancelsThem(t *testing.T) {
	st := openStore(t, filepath.Join(t.TempDir(), "j.db"))
	addFlow(t, st, "minutely", every(60), domain.OverlapSkip, domain.CatchUpSkip, 0)
	clock := clockwork.NewFakeClockAt(t0)
	rec := &recorder{st: st, block: make(chan struct{})}
	s := start(t, st, clock, "one", rec)
	idle(t, clock, 1)
	advance(t, clock, 1, time.Minute, 10*time.Second)
	rec.awaitFires(t, 1)

	s.cancel()
	idle(t, clock, 2) // the tick's wait, abandoned, and stop's wait for the grace period
	select {
	case <-s.done:
		t.Fatal("Run returned while a run was going, before the grace period")
	default:
	}
	clock.Advance(schedule.DefaultGrace)
	<-s.done
	assert.Equal(t, []error{context.Canceled}, rec.ended)
	var lease *store.SchedulerLease
	require.NoError(t, st.Read(t.Context(), func(tx *store.Tx) error {
		var err error
		lease, err = tx.LeaseHolder()
		return err
	}))
	assert.Nil(t, lease, "the lease is given up on stop")
}

func TestScheduler_AChangedTriggerOrAReEnabledFlowStartsOverFromNow(t *testing.T) {
	st := openStore(t, filepath.Join(t.TempDir(), "j.db"))
	id := addFlow(t, st, "changing", every(60), domain.OverlapSkip, domain.CatchUpSkip, 0)
	clock := clockwork.NewFakeClockAt(t0)
	rec := &recorder{st: st}
	s := start(t, st, clock, "one", rec)
	idle(t, clock, 1)
	advance(t, clock, 1, 30*time.Second, 10*time.Second)
	require.NoError(t, st.DB.Exec(`UPDATE flows SET trigger = '{"type":"interval","everySec":120}' WHERE id = ?`, id).Error)
	advance(t, clock, 1, 10*time.Second, 10*time.Second) // 08:00:40: next fire 08:02:40, not 08:01:00
	advance(t, clock, 1, 110*time.Second, 10*time.Second)
	assert.Empty(t, rec.got(), "the old period's fire at 08:01 is gone")
	advance(t, clock, 1, 10*time.Second, 10*time.Second)
	assert.Equal(t, []time.Time{t0.Add(160 * time.Second)}, scheduledAt(rec.awaitFires(t, 1)))
	rec.awaitEnded(t, 1)

	// Disabled past its next fire and enabled again: no stale fire, a new period from then.
	require.NoError(t, st.DB.Exec(`UPDATE flows SET enabled = 0 WHERE id = ?`, id).Error)
	advance(t, clock, 1, 5*time.Minute, 10*time.Second)
	require.NoError(t, st.DB.Exec(`UPDATE flows SET enabled = 1 WHERE id = ?`, id).Error)
	advance(t, clock, 1, 110*time.Second, 10*time.Second)
	s.stop()
	assert.Len(t, rec.got(), 1)
	var next time.Time
	require.NoError(t, st.DB.Raw(`SELECT next_fire_at FROM flow_schedule WHERE flow_id = ?`, id).Scan(&next).Error)
	assert.Equal(t, t0.Add(160*time.Second+5*time.Minute+10*time.Second+120*time.Second), next.UTC())
}
