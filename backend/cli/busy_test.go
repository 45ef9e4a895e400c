package cli

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"junction/backend/store"
	"junction/backend/store/storetest"
)

// While another process holds the database's write lock, a write waits the
// busy timeout ($JUNCTION_BUSY_TIMEOUT) and exits 6 with the busy message,
// never "internal error" and exit 70.
func TestRun_AnotherProcessWriting(t *testing.T) {
	e := newEnv(t)
	e.importFixture("crm.junction.json")
	t.Setenv(store.EnvBusyTimeout, "200ms")
	release := storetest.HoldWriteLock(t, e.db)

	r := e.run("connector", "seal", "crm")
	require.Equal(t, ExitConflict, r.code, r.stderr)
	assert.Equal(t, "junction: the database is busy (another Junction process is writing); try again\n", r.stderr)

	r = e.run("--json", "connector", "seal", "crm")
	require.Equal(t, ExitConflict, r.code, r.stdout)
	assert.Equal(t, "conflict", decodeError(t, r).Error.Code)

	release()
	e.ok("connector", "seal", "crm")
}

// Read-only commands answer while another process holds the write lock.
func TestRun_ReadsWhileAnotherProcessWrites(t *testing.T) {
	e := newEnv(t)
	e.importFixture("crm.junction.json")
	t.Setenv(store.EnvBusyTimeout, "200ms")
	storetest.HoldWriteLock(t, e.db)
	for _, args := range [][]string{{"connector", "list"}, {"connector", "show", "crm"}, {"audit", "verify"}} {
		r := e.run(args...)
		assert.Equal(t, ExitOK, r.code, "junction %v: %s", args, r.stderr)
	}
}
