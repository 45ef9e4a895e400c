package cli

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"junction/backend/domain"
	"junction/backend/service"
	"junction/backend/service/servicetest"
	"junction/backend/store"
	"junction/backend/testkit"
)

// withPingFlow imports a connector that calls p's GET /code and creates,
// through the service over the same files, the flow ping every minute,
// catching up once a fire missed within an hour; it returns the flow's id.
func (e *env) withPingFlow(p *testkit.OpenPlatform) string {
	e.t.Helper()
	u, err := url.Parse(p.URL)
	require.NoError(e.t, err)
	pkg := `{"format":"junction-package","version":1,"connectors":[{"key":"open-platform","name":"Open platform",
	 "connections":[{"key":"prod","name":"Production","protocol":"http","host":"` + u.Host + `"}],
	 "interfaces":[{"key":"get-code","name":"Get a code","connection":"prod","method":"GET","path":"/code",
	   "response":[{"name":"code","type":"string","path":"code"}],"success":{"all":[{"field":"status","op":"eq","value":200}]}}]}]}`
	path := filepath.Join(e.dir, "open-platform.junction.json")
	require.NoError(e.t, os.WriteFile(path, []byte(pkg), 0o600))
	e.ok("import", path)
	svc := servicetest.Open(e.t, e.db, e.key, "alice")
	f, err := svc.CreateFlow(e.t.Context(), "alice", service.FlowInput{
		Key: "ping", Name: "Ping", Trigger: domain.Trigger{Type: domain.TriggerInterval, EverySec: 60},
		CatchUp: domain.CatchUpOnce, CatchUpWindowSec: 3600,
		Steps: []domain.Step{{Key: "code", Invoke: "open-platform/get-code", Inputs: map[string]any{}}},
	})
	require.NoError(e.t, err)
	require.NoError(e.t, svc.Close())
	return f.ID
}

// missFire writes flow's schedule as a scheduler that stopped would have
// left it: its next fire at due, passed.
func missFire(t *testing.T, db, flowID string, due time.Time) {
	t.Helper()
	st, err := store.Open(db)
	require.NoError(t, err)
	defer st.Close()
	require.NoError(t, st.DB.Exec(`INSERT INTO flow_schedule (flow_id, next_fire_at, trigger) SELECT id, ?, trigger FROM flows WHERE id = ?`,
		due.UTC().Truncate(time.Second), flowID).Error)
}

// TestBinary_Scheduler runs `junction scheduler` as a real process, without
// the single-instance lock: a fire missed within the catch-up window runs on
// start against the test platform and logs its line; SIGTERM stops it with
// exit 0, the run recorded with its trigger and scheduled time.
func TestBinary_Scheduler(t *testing.T) {
	e := newEnv(t)
	p := testkit.NewOpenPlatform(t)
	flowID := e.withPingFlow(p)
	bin := filepath.Join(t.TempDir(), "junction")
	build := exec.Command("go", "build", "-o", bin, ".")
	build.Dir = filepath.Join("..", "..")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	// Missed 40 s ago: longer than the lease lives (so missed while nothing
	// ran, the catch-up policy applies), within its period (so it is the
	// latest slot) and within the catch-up window.
	due := time.Now().Add(-40 * time.Second).UTC().Truncate(time.Second)
	missFire(t, e.db, flowID, due)
	cmd := exec.Command(bin, "scheduler", "--grace", "5s")
	cmd.Env = append(os.Environ(), "JUNCTION_DB="+e.db)
	stdout, err := cmd.StdoutPipe()
	require.NoError(t, err)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	require.NoError(t, cmd.Start())
	t.Cleanup(func() { _ = cmd.Process.Kill() })

	lines := make(chan string, 64)
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			lines <- sc.Text()
		}
		close(lines)
	}()
	var seen []string
	await := func(want ...string) string {
		t.Helper()
		deadline := time.After(30 * time.Second)
		for {
			select {
			case line, ok := <-lines:
				require.True(t, ok, "the scheduler ended before logging %q; it logged:\n%s\n%s", want, strings.Join(seen, "\n"), stderr.String())
				seen = append(seen, line)
				if containsAll(line, want...) {
					return line
				}
			case <-deadline:
				t.Fatalf("no line with %q in:\n%s", want, strings.Join(seen, "\n"))
			}
		}
	}
	await(`msg="scheduler started"`, "junction scheduler on", fmt.Sprintf("(pid %d)", cmd.Process.Pid))
	await("scheduler holds the lease")
	run := await(`msg="flow run"`, "flow=ping", "trigger=interval", "scheduledAt="+due.Format(time.RFC3339), "verdict=ok")
	assert.Contains(t, run, "ms=")

	require.NoError(t, cmd.Process.Signal(syscall.SIGTERM))
	await(`msg="scheduler stopped"`)
	for range lines { // the rest, until stdout closes
	}
	err = cmd.Wait()
	var exit *exec.ExitError
	if errors.As(err, &exit) {
		t.Fatalf("exit %d: %s", exit.ExitCode(), stderr.String())
	}
	require.NoError(t, err)
	assert.Equal(t, 1, p.Calls("/code"))

	var runs []map[string]any
	e.json(&runs, "flow", "history", "ping")
	require.Len(t, runs, 1)
	assert.Equal(t, "interval", runs[0]["trigger"])
	assert.Equal(t, "ok", runs[0]["verdict"])
	assert.Equal(t, due.Format(time.RFC3339), runs[0]["scheduledAt"])
	svc := servicetest.Open(t, e.db, e.key, "alice")
	status, err := svc.SchedulerStatus(t.Context(), "alice")
	require.NoError(t, err)
	assert.False(t, status.Held, "the scheduler gave the lease up as it stopped")
}

func containsAll(s string, parts ...string) bool {
	for _, p := range parts {
		if !strings.Contains(s, p) {
			return false
		}
	}
	return true
}

// flow cancel: a running run is cancelled (exit 0, the cancel recorded for
// its process), an unknown run is exit 5, an ended one exit 6 with reason
// flow.run_ended.
func TestRun_FlowCancel(t *testing.T) {
	e := newEnv(t)
	e.withFlow()
	st, err := store.Open(e.db)
	require.NoError(t, err)
	defer st.Close()
	for id, verdict := range map[string]string{"running-run": "", "ended-run": "ok"} {
		require.NoError(t, st.DB.Exec(`INSERT INTO flow_runs (id, flow_id, revision, trigger, started_at, actor, verdict)
			SELECT ?, id, revision, 'manual', ?, 'alice', ? FROM flows WHERE key = 'lookup'`, id, time.Now().UTC(), verdict).Error)
	}
	assert.Equal(t, "flow run running-run: cancel asked; it ends cancelled\n", e.ok("flow", "cancel", "running-run"))
	var asked bool
	require.NoError(t, st.DB.Raw(`SELECT cancel_requested_at IS NOT NULL FROM flow_runs WHERE id = 'running-run'`).Scan(&asked).Error)
	assert.True(t, asked)

	assert.Equal(t, ExitNotFound, e.run("flow", "cancel", "no-such-run").code)
	r := e.run("flow", "cancel", "ended-run", "--json")
	assert.Equal(t, ExitConflict, r.code)
	var refusal struct {
		Error struct{ Code, Reason string }
	}
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &refusal), r.stdout)
	assert.Equal(t, domain.ERule, refusal.Error.Code)
	assert.Equal(t, string(domain.RFlowRunEnded), refusal.Error.Reason)

	var audit []map[string]any
	e.json(&audit, "audit", "--action", "flow.cancel")
	assert.Len(t, audit, 1)
}
