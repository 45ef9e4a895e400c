package service_test

import (
	"context"
	"net/http"
	"runtime"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"junction/backend/domain"
	"junction/backend/invoke/invoketest"
	"junction/backend/service"
)

// A repeated run outside its bounds is refused before anything is called or
// recorded; the window and flows get the same answer as the CLI.
func TestInvokeRepeat_Bounds(t *testing.T) {
	e := withAPI(newEnv(t))
	e.endpoint("good", invoketest.JSONServer(t, 200, `{"code":0}`).URL)
	before := len(e.invocations())
	for _, c := range []struct {
		n, concurrency int
		field          string
	}{
		{service.MaxRepeat + 1, 1, "repeat"},
		{-5, 1, "repeat"},
		{10, service.MaxConcurrency + 1, "concurrency"},
		{10, 1000, "concurrency"},
		{10, -1, "concurrency"},
	} {
		e.expectAudit(func() {
			_, err := e.svc.InvokeRepeat(e.ctx, admin, "api", "good", id("1"), c.n, c.concurrency)
			requireCode(t, err, domain.EValidation, c.field)
		})
	}
	assert.Len(t, e.invocations(), before)
	assert.Equal(t, 1_000_000, service.MaxRepeat)
	assert.Equal(t, 64, service.MaxConcurrency)
}

// The calls' times are kept as the calls are made, not allocated for n up
// front: a run of MaxRepeat stopped after its first call allocates far less
// than the 8 MB a []float64 of n takes.
func TestInvokeRepeat_NoUpfrontAllocation(t *testing.T) {
	e := withAPI(newEnv(t))
	ctx, cancel := context.WithCancel(e.ctx)
	defer cancel()
	e.endpoint("stop", invoketest.HTTPServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		cancel() // the run ends with this call
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"code":0}`))
	})).URL)

	var m0, m1 runtime.MemStats
	runtime.ReadMemStats(&m0)
	_, err := e.svc.InvokeRepeat(ctx, admin, "api", "stop", id("1"), service.MaxRepeat, 1)
	runtime.ReadMemStats(&m1)
	require.ErrorIs(t, err, context.Canceled)
	allocated := m1.TotalAlloc - m0.TotalAlloc
	assert.Less(t, allocated, uint64(4<<20), "a run cancelled after one call allocated %d bytes", allocated)
}
