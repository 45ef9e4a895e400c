package schedule_test

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/jonboulle/clockwork"
	"github.com/stretchr/testify/require"

	"junction/backend/schedule"
	"junction/backend/store"
)

// addIntervalFlows writes n enabled flows firing every everySec seconds, in
// one statement.
func addIntervalFlows(b *testing.B, st *store.Store, n, everySec int) {
	b.Helper()
	require.NoError(b, st.DB.Exec(`WITH RECURSIVE s(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM s WHERE n < ? - 1)
		INSERT INTO flows (id, key, name, trigger) SELECT printf('f%05d', n), printf('flow-%05d', n), 'flow ' || n,
		json_object('type', 'interval', 'everySec', ?) FROM s`, n, everySec).Error)
}

// benchScheduler runs a scheduler over a store of flows under a fake clock
// and gives a step that moves the clock by d and waits for the tick.
func benchScheduler(b *testing.B, flows, everySec int, run schedule.RunFunc) (step func(d time.Duration)) {
	st, err := store.Open(filepath.Join(b.TempDir(), "j.db"))
	require.NoError(b, err)
	addIntervalFlows(b, st, flows, everySec)
	clock := clockwork.NewFakeClockAt(t0)
	ctx, cancel := context.WithCancel(context.Background())
	s := schedule.New(schedule.Config{Store: st, Clock: clock, Holder: "bench", Label: "bench"})
	done := make(chan struct{})
	go func() { defer close(done); s.Run(ctx, run) }()
	b.Cleanup(func() { cancel(); <-done })
	wait := func() { require.NoError(b, clock.BlockUntilContext(ctx, 1)) }
	wait()
	return func(d time.Duration) {
		clock.Advance(d)
		wait()
	}
}

// BenchmarkTick_1000IdleFlows is one renewal tick of a scheduler holding
// 1,000 enabled flows none of which is due: the idle CPU is its time per
// DefaultRenew (10 s).
func BenchmarkTick_1000IdleFlows(b *testing.B) {
	step := benchScheduler(b, 1000, 24*3600, func(context.Context, schedule.Fire) {})
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		step(schedule.DefaultRenew)
	}
	b.ReportMetric(float64(b.Elapsed())/float64(b.N)/float64(schedule.DefaultRenew)*100, "%core-idle")
}

// BenchmarkTick_100FlowsDue is the tick that finds 100 flows due in the
// same minute and starts them all (claims, next fire times, goroutines).
func BenchmarkTick_100FlowsDue(b *testing.B) {
	started := make(chan struct{}, 100)
	step := benchScheduler(b, 100, 60, func(context.Context, schedule.Fire) { started <- struct{}{} })
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		step(time.Minute)
		for range 100 {
			<-started
		}
	}
	b.StopTimer()
	if len(started) != 0 {
		b.Fatalf("%d extra fires", len(started))
	}
}
