package invoke

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"junction/backend/invoke/invoketest"
)

// A definition stored before header names were compared without case can
// hold a system or static header and a caller input differing only in case:
// the definition's value is the one on the wire, whatever the order.
func TestDefinitionHeadersWinOverInputs(t *testing.T) {
	t.Parallel()
	srv := invoketest.HTTPServer(t, okJSON)
	e := newEngine(t, Options{})
	it := newIface("GET", "/h", "none",
		system("X-User-Id", "header", "userId"),
		in("x-user-id", "header", "string"),
		in("x-tenant", "header", "string"),
		static("X-Tenant", "header", "string", "fixed"),
		in("X-Free", "header", "string"),
	)
	res := run(t, e, &Call{Interface: it, Target: Target{Connection: connTo(srv)},
		System: System{UserID: "u-1"},
		Inputs: map[string]any{"x-user-id": "forged", "x-tenant": "other", "X-Free": "mine"}})
	require.Equal(t, VerdictOK, res.Verdict, res.Message)
	got := srv.Last()
	assert.Equal(t, []string{"u-1"}, got.Header.Values("X-User-Id"), "the login user's id, not the caller's")
	assert.Equal(t, []string{"fixed"}, got.Header.Values("X-Tenant"))
	assert.Equal(t, "mine", got.Header.Get("X-Free"), "an input with no definition header of its name is sent")
	assert.Equal(t, "u-1", res.Request.Headers["X-User-Id"])
	assert.NotContains(t, res.Request.Headers, "x-user-id")
}
