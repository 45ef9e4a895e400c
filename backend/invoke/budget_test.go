package invoke

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"junction/backend/invoke/invoketest"
)

// heldBodies answers with a Content-Length of size, then holds the body
// until release is closed.
func heldBodies(t *testing.T, size int, release <-chan struct{}) *invoketest.Server {
	return invoketest.HTTPServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain")
		w.Header().Set("Content-Length", strconv.Itoa(size))
		w.WriteHeader(http.StatusOK)
		w.(http.Flusher).Flush()
		select {
		case <-release:
		case <-r.Context().Done():
			return
		}
		w.Write([]byte(strings.Repeat("x", size)))
	}))
}

// awaitBudget waits until the engine's budget shows held bytes and waiting
// calls as expected.
func awaitBudget(t *testing.T, e *Engine, held, waiting int64) {
	t.Helper()
	require.Eventually(t, func() bool {
		return e.bodies.held.Load() == held && e.bodies.waiting.Load() == waiting
	}, 5*time.Second, time.Millisecond, "held %d (want %d), waiting %d (want %d)", e.bodies.held.Load(), held, e.bodies.waiting.Load(), waiting)
}

// N concurrent calls with large bodies never hold more than the budget: the
// calls beyond it wait, then finish once others are done.
func TestBodyBudgetBoundsConcurrentCalls(t *testing.T) {
	t.Parallel()
	const size, calls = 256 << 10, 8
	per := int64(size + 1) // a known length reserves its size and one byte to see more
	release := make(chan struct{})
	srv := heldBodies(t, size, release)
	e := newEngine(t, Options{BodyBudget: 3 * per})
	it := newIface("GET", "/big", "none")

	var wg sync.WaitGroup
	results := make([]*Result, calls)
	for i := range calls {
		wg.Add(1)
		go func() {
			defer wg.Done()
			results[i] = run(t, e, &Call{Interface: it, Target: Target{Connection: connTo(srv)}})
		}()
	}
	// Three calls hold the budget; the other five wait for it.
	awaitBudget(t, e, 3*per, calls-3)
	close(release)
	wg.Wait()
	for _, res := range results {
		require.Equal(t, VerdictOK, res.Verdict, res.Message)
		assert.Len(t, res.Response.Raw, size)
	}
	assert.Equal(t, 3*per, e.bodies.peak.Load(), "never more than the budget at once")
	assert.Zero(t, e.bodies.held.Load(), "every call gave its budget back")
}

// A call waiting for budget ends when its context does, holding nothing.
func TestBodyBudgetWaitRespectsContext(t *testing.T) {
	t.Parallel()
	const size = 64 << 10
	per := int64(size + 1)
	release := make(chan struct{})
	srv := heldBodies(t, size, release)
	e := newEngine(t, Options{BodyBudget: per})
	it := newIface("GET", "/big", "none")

	first := make(chan *Result, 1)
	go func() { first <- run(t, e, &Call{Interface: it, Target: Target{Connection: connTo(srv)}}) }()
	awaitBudget(t, e, per, 0)

	ctx, cancel := context.WithCancel(context.Background())
	second := make(chan *Result, 1)
	go func() {
		res, err := e.Invoke(ctx, &Call{Interface: it, Target: Target{Connection: connTo(srv)}})
		assert.NoError(t, err)
		second <- res
	}()
	awaitBudget(t, e, per, 1)
	cancel()
	res := <-second
	assert.Equal(t, VerdictError, res.Verdict)
	assert.Equal(t, "the call was cancelled before it completed", res.Cause)
	awaitBudget(t, e, per, 0)

	close(release)
	assert.Equal(t, VerdictOK, (<-first).Verdict)
	assert.Zero(t, e.bodies.held.Load())
}

// Bodies of unknown length start small and reserve the whole cap only when
// they outgrow it; the default budget is 8 times the cap at least.
func TestBodyBudgetDefaults(t *testing.T) {
	t.Parallel()
	assert.Equal(t, int64(DefaultBodyBudget), NewEngine(Options{}).bodies.size)
	assert.Equal(t, int64(8*(100<<20)), NewEngine(Options{BodyCap: 100 << 20}).bodies.size)
	assert.Equal(t, int64(1000), NewEngine(Options{BodyBudget: 1000}).bodies.size)
}

// A body of unknown length reserves 64 KiB, then the whole cap when it
// outgrows that, and is read whole.
func TestBodyBudgetUnknownLength(t *testing.T) {
	t.Parallel()
	const size = 200 << 10
	srv := invoketest.HTTPServer(t, http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/plain")
		for range size / 1024 {
			w.Write([]byte(strings.Repeat("y", 1024)))
			w.(http.Flusher).Flush() // chunked: no Content-Length
		}
	}))
	e := newEngine(t, Options{BodyCap: 1 << 20})
	res := run(t, e, &Call{Interface: newIface("GET", "/chunked", "none"), Target: Target{Connection: connTo(srv)}})
	require.Equal(t, VerdictOK, res.Verdict, res.Message)
	assert.Equal(t, strings.Repeat("y", size), string(res.Response.Raw))
	assert.False(t, res.Response.Truncated)
	assert.Equal(t, int64(1<<20+1), e.bodies.peak.Load())
	assert.Zero(t, e.bodies.held.Load())
}

func TestSetBodyCap(t *testing.T) {
	t.Parallel()
	e := newEngine(t, Options{})
	assert.Equal(t, int64(DefaultBodyCap), e.BodyCap(), "0 means the default")

	srv := invoketest.BigBody(t, 5000)
	it := newIface("GET", "/x", "none")

	e.SetBodyCap(1000)
	assert.Equal(t, int64(1000), e.BodyCap())
	res := run(t, e, &Call{Interface: it, Target: Target{Connection: connTo(srv)}})
	assert.True(t, res.Response.Truncated, "the new cap applies to the next call")
	assert.Len(t, res.Response.Raw, 1000)
	assert.Equal(t, int64(5000), res.Response.Size)

	e.SetBodyCap(0)
	assert.Equal(t, int64(DefaultBodyCap), e.BodyCap(), "0 restores the default")
	res = run(t, e, &Call{Interface: it, Target: Target{Connection: connTo(srv)}})
	assert.False(t, res.Response.Truncated)
	assert.Len(t, res.Response.Raw, 5000)
}

// Changing the cap while calls run is safe (go test -race checks it).
func TestSetBodyCap_Concurrent(t *testing.T) {
	t.Parallel()
	e := newEngine(t, Options{BodyCap: 100})
	srv := invoketest.BigBody(t, 300)
	it := newIface("GET", "/x", "none")
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Add(2)
		go func() {
			defer wg.Done()
			e.SetBodyCap(int64(100 + i*50))
		}()
		go func() {
			defer wg.Done()
			res, err := e.Invoke(t.Context(), &Call{Interface: it, Target: Target{Connection: connTo(srv)}})
			require.NoError(t, err)
			assert.LessOrEqual(t, len(res.Response.Raw), 300)
		}()
	}
	wg.Wait()
}
