package service_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gorm.io/gorm"

	"junction/backend/domain"
	"junction/backend/exchange"
	"junction/backend/fsx"
	"junction/backend/invoke/invoketest"
	"junction/backend/secret"
	"junction/backend/service"
	"junction/backend/store"
	"junction/backend/store/storetest"
)

const busyMessage = "the database is busy (another Junction process is writing); try again"

// newBusyEnv is withAPI(newEnv) over a store at path with the busy timeout
// busy.
func newBusyEnv(t *testing.T, path string, busy time.Duration) *env {
	t.Helper()
	st := storetest.OpenWith(t, path, store.Options{BusyTimeout: busy})
	box, err := secret.OpenKeyFile(filepath.Join(t.TempDir(), "key"))
	require.NoError(t, err)
	e := &env{t: t, ctx: context.Background(), svc: service.New(st, box, service.Options{Now: fixedClock}), st: st, box: box}
	_, err = e.svc.EnsureProfile(e.ctx, admin)
	require.NoError(t, err)
	return withAPI(e)
}

// onRequest is a JSON server for the echo interface that calls hook once,
// when the first request arrives.
func onRequest(t *testing.T, body string, hook func()) *invoketest.Server {
	var once sync.Once
	ok := invoketest.JSONHandler(200, body)
	return invoketest.HTTPServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		once.Do(hook)
		ok.ServeHTTP(w, r)
	}))
}

func (e *env) countRows(table string) int64 {
	e.t.Helper()
	var n int64
	require.NoError(e.t, e.st.DB.Table(table).Count(&n).Error)
	return n
}

// While another process holds the write lock, reads answer at once and a
// write fails after the busy timeout with the conflict-class busy error.
func TestBusy_ReadsWorkWritesSayBusy(t *testing.T) {
	path := filepath.Join(t.TempDir(), "junction.db")
	const busy = 200 * time.Millisecond
	e := newBusyEnv(t, path, busy)
	storetest.HoldWriteLock(t, path)

	page, err := e.svc.ListConnectors(e.ctx, admin, service.ConnectorQuery{})
	require.NoError(t, err)
	assert.Len(t, page.Items, 1)
	_, err = e.svc.GetConnector(e.ctx, viewer, "api")
	require.NoError(t, err)
	v, err := e.svc.VerifyAudit(e.ctx, admin)
	require.NoError(t, err)
	assert.True(t, v.OK)

	before := snapshot(t, e.svc)
	_, err = e.svc.CreateConnector(e.ctx, admin, connectorIn("new"))
	requireCode(t, err, domain.EConflict)
	assert.Equal(t, busyMessage, domain.ErrorMessage(err))
	assert.Equal(t, before, snapshot(t, e.svc), "nothing written")
}

// A call sent while another process holds the write lock is recorded once
// the lock frees: the record is retried, it is not given up after one busy
// timeout.
func TestBusy_SentCallRecordedOnceTheLockFrees(t *testing.T) {
	path := filepath.Join(t.TempDir(), "junction.db")
	const busy = 200 * time.Millisecond
	e := newBusyEnv(t, path, busy)
	var release func()
	// The lock is released well after the first record attempt gave up.
	srv := onRequest(t, `{"code":0,"data":{"name":"Ann"}}`, func() { time.AfterFunc(3*busy/2, release) })
	e.endpoint("echo", srv.URL)
	audits := e.countRows("audit_entries")
	release = storetest.HoldWriteLock(t, path)

	res, err := e.svc.Invoke(e.ctx, viewer, "api", "echo", id("7"))
	require.NoError(t, err)
	assert.True(t, res.OK)
	require.NotEmpty(t, res.HistoryID, "recorded: %v", res.Notes)
	d, err := e.svc.GetHistory(e.ctx, viewer, res.HistoryID)
	require.NoError(t, err)
	assert.Equal(t, 200, d.Status)
	assert.Equal(t, audits+1, e.countRows("audit_entries"))
	assert.Equal(t, "interface.test", e.lastAudit().Action)
}

// A call whose record still cannot be written after the bounded wait is no
// error: its result comes back with a note saying it was sent and not
// recorded, and neither a history row nor an audit entry is half-written.
func TestBusy_SentCallNotRecordedSaysSo(t *testing.T) {
	path := filepath.Join(t.TempDir(), "junction.db")
	const busy = 100 * time.Millisecond
	e := newBusyEnv(t, path, busy)
	e.endpoint("echo", invoketest.JSONServer(t, 200, `{"code":0,"data":{"name":"Ann"}}`).URL)
	release := storetest.HoldWriteLock(t, path)
	before := snapshot(t, e.svc)

	began := time.Now()
	res, err := e.svc.Invoke(e.ctx, viewer, "api", "echo", id("7"))
	require.NoError(t, err, "a sent request is not an error")
	assert.GreaterOrEqual(t, time.Since(began), 3*busy, "the record was tried more than once")
	assert.True(t, res.OK)
	assert.Equal(t, 200, res.Status)
	assert.Empty(t, res.HistoryID)
	assert.Contains(t, res.Notes, "the call was sent but is not in the history or the operation log: "+busyMessage)

	sum, err := e.svc.InvokeRepeat(e.ctx, viewer, "api", "echo", id("7"), 3, 2)
	require.NoError(t, err)
	assert.Equal(t, 3, sum.OK)
	assert.Empty(t, sum.HistoryID)
	assert.Equal(t, []string{"the call was sent but is not in the history or the operation log: " + busyMessage}, sum.Notes)

	release()
	assert.Equal(t, before, snapshot(t, e.svc), "nothing half-recorded")
	v, err := e.svc.VerifyAudit(e.ctx, admin)
	require.NoError(t, err)
	assert.True(t, v.OK)
}

// On a full disk a sent call comes back with a note naming the database,
// nothing of its record is kept, and the connector list and audit
// verification still answer.
func TestFull_SentCallAndReads(t *testing.T) {
	path := filepath.Join(t.TempDir(), "junction.db")
	e := newBusyEnv(t, path, time.Second)
	// A body of a few pages: its history row cannot fit in the file's free space.
	e.endpoint("echo", invoketest.JSONServer(t, 200, `{"code":0,"data":{"name":"`+strings.Repeat("A", 64<<10)+`"}}`).URL)
	// A table of the test's own, to use up the free pages later.
	require.NoError(t, e.st.Tx(e.ctx, func(tx *gorm.DB) error { return tx.Exec("CREATE TABLE filler (b BLOB)").Error }))
	storetest.Fill(t, e.st)
	before := snapshot(t, e.svc)

	res, err := e.svc.Invoke(e.ctx, viewer, "api", "echo", id("7"))
	require.NoError(t, err)
	assert.True(t, res.OK)
	assert.Empty(t, res.HistoryID)
	assert.Contains(t, res.Notes, "the call was sent but is not in the history or the operation log: the disk is full: the database "+path+" cannot grow; free some space and try again")
	assert.Equal(t, before, snapshot(t, e.svc))

	page, err := e.svc.ListConnectors(e.ctx, admin, service.ConnectorQuery{})
	require.NoError(t, err)
	assert.Len(t, page.Items, 1)
	v, err := e.svc.VerifyAudit(e.ctx, admin)
	require.NoError(t, err)
	assert.True(t, v.OK)

	// An export's entry is small: it fits while the file has free pages.
	_, err = e.svc.Export(e.ctx, admin, []string{"api"}, service.ExportOptions{})
	require.NoError(t, err)
	// Use up the free pages, then the export, which is what a user on a full
	// disk needs most, still comes out whole, with a warning that its
	// operation-log entry could not be kept.
	for size := 1 << 16; size > 0; {
		err := e.st.Tx(e.ctx, func(tx *gorm.DB) error { return tx.Exec("INSERT INTO filler VALUES (randomblob(?))", size).Error })
		if err != nil {
			require.True(t, store.IsFull(err), "%v", err)
			size /= 2
		}
	}
	// The log's own pages hold room for a few more entries: seal and unseal
	// until the log cannot grow either.
	for i := 0; ; i++ {
		require.Less(t, i, 10000, "the operation log never filled up")
		err := e.svc.SealConnector(e.ctx, admin, "api")
		if err == nil {
			err = e.svc.UnsealConnector(e.ctx, admin, "api")
		}
		if err != nil {
			require.True(t, store.IsFull(err), "%v", err)
			break
		}
	}
	before = snapshot(t, e.svc)
	var warnings []string
	pkg, err := e.svc.Export(e.ctx, admin, []string{"api"}, service.ExportOptions{Warn: func(m string) { warnings = append(warnings, m) }})
	require.NoError(t, err)
	assert.Contains(t, string(pkg), `"key": "api"`)
	assert.Equal(t, []string{"the export is not in the operation log: the disk is full: the database " + path + " cannot grow; free some space and try again"}, warnings)
	assert.Equal(t, before, snapshot(t, e.svc))
	// Streamed into a file, the second attempt starts the file over: it
	// holds one whole package.
	warnings = nil
	file := filepath.Join(t.TempDir(), "api.json")
	require.NoError(t, fsx.Write(file, 0o644, func(w io.Writer) error {
		return e.svc.ExportTo(e.ctx, admin, []string{"api"}, service.ExportOptions{Warn: func(m string) { warnings = append(warnings, m) }}, w,
			func() error { return fsx.Rewind(w) })
	}))
	written, err := os.ReadFile(file)
	require.NoError(t, err)
	_, err = exchange.Import(written)
	require.NoError(t, err)
	assert.Len(t, warnings, 1)
	assert.Equal(t, before, snapshot(t, e.svc))

	_, err = e.svc.CreateConnector(e.ctx, admin, service.ConnectorInput{Key: "big", Name: "Big", Description: strings.Repeat("d", 64<<10)})
	require.Error(t, err)
	assert.Equal(t, "the disk is full: the database "+path+" cannot grow; free some space and try again", domain.ErrorMessage(err))
}

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
