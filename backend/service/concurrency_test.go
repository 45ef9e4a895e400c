package service_test

import (
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"junction/backend/domain"
	"junction/backend/invoke/invoketest"
	"junction/backend/service"
)

// concurrencyDuration is how long TestConcurrentMixedCalls runs (issue 7
// point 5: 10 s); -short runs it for 2 s.
var concurrencyDuration = 10 * time.Second

// TestConcurrentMixedCalls runs 32 goroutines of mixed reads, writes,
// imports and invocations (against a local server) on one service. With
// the old pool (4 connections, prepared-statement cache, BEGIN IMMEDIATE
// on every connection) they locked each other for the 10 s busy timeout
// and failed with "database is locked".
func TestConcurrentMixedCalls(t *testing.T) {
	d := concurrencyDuration
	if testing.Short() {
		d = 2 * time.Second
	}
	e := withAPI(newEnv(t))
	e.endpoint("echo", invoketest.JSONServer(t, 200, `{"code":0,"data":{"name":"Ann"}}`).URL)
	pkg, err := e.svc.Export(e.ctx, admin, []string{"api"}, service.ExportOptions{})
	require.NoError(t, err)

	const workers = 32
	var (
		calls, failures atomic.Int64
		mu              sync.Mutex
		firstErrs       []string
		wg              sync.WaitGroup
	)
	deadline := time.Now().Add(d)
	start := time.Now()
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; time.Now().Before(deadline); i++ {
				err := mixedCall(e, w, i, pkg)
				calls.Add(1)
				if err != nil {
					failures.Add(1)
					mu.Lock()
					if len(firstErrs) < 5 {
						firstErrs = append(firstErrs, fmt.Sprintf("worker %d call %d: %v", w, i, err))
					}
					mu.Unlock()
				}
			}
		}()
	}
	wg.Wait()
	wall := time.Since(start)
	n := calls.Load()
	t.Logf("%d calls by %d goroutines in %s: %.0f calls/s", n, workers, wall.Round(time.Millisecond), float64(n)/wall.Seconds())
	assert.Zero(t, failures.Load(), "failed calls: %v", firstErrs)
	// A lock cycle waits out the busy timeout; the whole run must not.
	assert.Less(t, wall, d+5*time.Second, "the calls outlived the run")
	assert.Greater(t, n, int64(workers), "each goroutine finished more than one call")

	// Every invocation was recorded, with its audit entry.
	res, err := e.svc.VerifyAudit(e.ctx, admin)
	require.NoError(t, err)
	assert.True(t, res.OK, "audit chain intact: %+v", res)
}

// mixedCall is call i of worker w: one of a list, a connector read, a
// connector create or update, an import, an export and an invocation.
func mixedCall(e *env, w, i int, pkg []byte) error {
	ctx := e.ctx
	switch i % 7 {
	case 0:
		// GORM writes LIMIT and OFFSET as literals: each page is a new
		// statement, as the connector centre's paging makes them.
		_, err := e.svc.ListConnectors(ctx, admin, service.ConnectorQuery{Search: "Connector", Page: service.Page{Limit: 1 + (w*31+i)%500}})
		return err
	case 1:
		_, err := e.svc.GetConnector(ctx, viewer, "api")
		return err
	case 2:
		_, err := e.svc.CreateConnector(ctx, admin, connectorIn(fmt.Sprintf("w%d-c%d", w, i)))
		return err
	case 3:
		in := connectorIn("api")
		in.Description = fmt.Sprintf("edited by worker %d", w)
		_, err := e.svc.UpdateConnector(ctx, admin, "api", in)
		return err
	case 4:
		_, err := e.svc.Import(ctx, admin, pkg, service.ImportOptions{Connector: fmt.Sprintf("w%d-i%d", w, i)})
		return err
	case 5:
		_, err := e.svc.ListHistory(ctx, viewer, "api", "echo", 1+(w*17+i)%200)
		return err
	default:
		res, err := e.svc.Invoke(ctx, viewer, "api", "echo", service.InvokeInput{Inputs: map[string]any{"id": "7"}, Kind: domain.InvocationInvoke})
		if err == nil && !res.OK {
			err = fmt.Errorf("invocation verdict %s: %s", res.Verdict, res.Message)
		}
		return err
	}
}
