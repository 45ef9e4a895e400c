package schedule_test

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/jonboulle/clockwork"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"junction/backend/domain"
	"junction/backend/schedule"
	"junction/backend/store"
)

// envChild makes this test binary a scheduler process over the store file
// it names (TestTwoProcesses_OnOneStoreFireEachSlotOnce starts two).
const envChild = "JUNCTION_TEST_SCHEDULER_STORE"

func TestMain(m *testing.M) {
	if path := os.Getenv(envChild); path != "" {
		os.Exit(schedulerProcess(path))
	}
	os.Exit(m.Run())
}

// schedulerProcess schedules on the wall clock, quickly (the lease renewed
// every 50 ms), until SIGTERM, writing a run row per fire as the service
// would.
func schedulerProcess(path string) int {
	st, err := store.Open(path)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM)
	defer stop()
	holder := fmt.Sprintf("pid-%d", os.Getpid())
	s := schedule.New(schedule.Config{Store: st, Clock: clockwork.NewRealClock(), Holder: holder, Label: holder,
		LeaseTTL: 500 * time.Millisecond, Renew: 50 * time.Millisecond})
	failed := false
	s.Run(ctx, func(_ context.Context, f schedule.Fire) {
		err := st.DB.Exec(`INSERT INTO flow_runs (id, flow_id, revision, trigger, scheduled_at, started_at, actor, verdict) VALUES (?, ?, 1, ?, ?, ?, ?, 'ok')`,
			fmt.Sprintf("%s-%d", holder, f.ScheduledAt.UnixNano()), f.FlowID, f.Trigger, f.ScheduledAt.UTC(), time.Now().UTC(), holder).Error
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			failed = true
		}
	})
	if failed {
		return 1
	}
	return 0
}

func TestTwoProcesses_OnOneStoreFireEachSlotOnce(t *testing.T) {
	path := filepath.Join(t.TempDir(), "j.db")
	st := openStore(t, path)
	addFlow(t, st, "second", every(1), domain.OverlapSkip, domain.CatchUpSkip, 0)
	var procs []*exec.Cmd
	for range 2 {
		cmd := exec.Command(os.Args[0], "-test.run=^$")
		cmd.Env = append(os.Environ(), envChild+"="+path)
		cmd.Stderr = os.Stderr
		require.NoError(t, cmd.Start())
		procs = append(procs, cmd)
	}
	runs := func() int {
		var n int
		require.NoError(t, st.DB.Raw(`SELECT count(*) FROM flow_runs`).Scan(&n).Error)
		return n
	}
	require.Eventually(t, func() bool { return runs() >= 4 }, 60*time.Second, 20*time.Millisecond)
	// The holder stops: the other one takes the lease over and goes on.
	var holder string
	require.NoError(t, st.DB.Raw(`SELECT holder FROM scheduler_lease`).Scan(&holder).Error)
	for _, p := range procs {
		if fmt.Sprintf("pid-%d", p.Process.Pid) == holder {
			require.NoError(t, p.Process.Signal(syscall.SIGTERM))
			require.NoError(t, p.Wait())
		}
	}
	before := runs()
	require.Eventually(t, func() bool { return runs() >= before+3 }, 60*time.Second, 20*time.Millisecond)
	for _, p := range procs {
		if p.ProcessState == nil {
			require.NoError(t, p.Process.Signal(syscall.SIGTERM))
			require.NoError(t, p.Wait())
		}
	}

	var slots []struct {
		ScheduledAt string
		Runs        int
		Actors      string
	}
	require.NoError(t, st.DB.Raw(`SELECT scheduled_at, count(*) AS runs, group_concat(DISTINCT actor) AS actors
		FROM flow_runs GROUP BY scheduled_at ORDER BY scheduled_at`).Scan(&slots).Error)
	actors := map[string]bool{}
	for _, s := range slots {
		assert.Equal(t, 1, s.Runs, "slot %s ran %d times", s.ScheduledAt, s.Runs)
		actors[s.Actors] = true
	}
	assert.Len(t, actors, 2, "both processes scheduled, one after the other: %v", actors)
	var fires int
	require.NoError(t, st.DB.Raw(`SELECT count(*) FROM flow_fires`).Scan(&fires).Error)
	assert.Equal(t, len(slots), fires, "every fire claimed ran once")
}
