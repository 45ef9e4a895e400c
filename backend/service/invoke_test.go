package service_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"junction/backend/domain"
	"junction/backend/invoke"
	"junction/backend/invoke/invoketest"
	"junction/backend/secret"
	"junction/backend/service"
	"junction/backend/store/storetest"
)

// newEnvWith is newEnv with service options of the test's own (the fixed
// clock is kept).
func newEnvWith(t *testing.T, opts service.Options) *env {
	t.Helper()
	st := storetest.Open(t)
	box, err := secret.OpenKeyFile(filepath.Join(t.TempDir(), "key"))
	require.NoError(t, err)
	opts.Now = fixedClock
	e := &env{t: t, ctx: context.Background(), svc: service.New(st, box, opts), st: st, box: box}
	_, err = e.svc.EnsureProfile(e.ctx, admin)
	require.NoError(t, err)
	return e
}

// withAPI adds the connector "api" (owned by admin) with a viewer grant, so
// the fixture has admin, viewer and stranger.
func withAPI(e *env) *env {
	e.t.Helper()
	_, err := e.svc.CreateConnector(e.ctx, admin, connectorIn("api"))
	require.NoError(e.t, err)
	e.addUser(viewer, domain.PermConnectorsView)
	e.addUser(stranger, domain.PermConnectorsView)
	require.NoError(e.t, e.svc.Grant(e.ctx, admin, "api", viewer, domain.LevelView))
	return e
}

// connTo is a connection input to a test server ("http://127.0.0.1:port" or
// a bare "127.0.0.1:port" for http).
func connTo(key, target string) service.ConnectionInput {
	proto, host, ok := strings.Cut(target, "://")
	if !ok {
		proto, host = "http", target
	}
	return service.ConnectionInput{Key: key, Name: "Connection " + key, Protocol: proto, Host: host, Proxy: "none",
		ConnectTimeoutSec: 5, ResponseTimeoutSec: 5}
}

// addConn creates a connection of api.
func (e *env) addConn(in service.ConnectionInput) {
	e.t.Helper()
	_, err := e.svc.CreateConnection(e.ctx, admin, "api", in)
	require.NoError(e.t, err)
}

// addIface creates GET /users/{id} on conn in api: success is status 200
// and outputs.code 0.
func (e *env) addIface(key, conn string) {
	e.t.Helper()
	_, err := e.svc.CreateInterface(e.ctx, admin, "api", interfaceIn(key, conn))
	require.NoError(e.t, err)
}

// endpoint adds a connection and an interface, both named key, for target.
func (e *env) endpoint(key, target string) {
	e.t.Helper()
	e.addConn(connTo(key, target))
	e.addIface(key, key)
}

func (e *env) invoke(actor, iface string, in service.InvokeInput) *service.InvokeResult {
	e.t.Helper()
	res, err := e.svc.Invoke(e.ctx, actor, "api", iface, in)
	require.NoError(e.t, err)
	require.NotEmpty(e.t, res.HistoryID)
	return res
}

func (e *env) invocations() []domain.Invocation {
	e.t.Helper()
	return allRows[domain.Invocation](e, "rowid")
}

func id(v string) service.InvokeInput {
	return service.InvokeInput{Inputs: map[string]any{"id": v}, Kind: domain.InvocationTest}
}

func TestInvoke_Verdicts(t *testing.T) {
	e := withAPI(newEnv(t))
	e.endpoint("good", invoketest.JSONServer(t, 200, `{"code":0,"data":{"name":"Ann"}}`).URL)
	e.endpoint("bad", invoketest.JSONServer(t, 200, `{"code":7,"msg":"no such user"}`).URL)
	slowIn := connTo("slow", invoketest.SlowServer(t, time.Minute).URL)
	slowIn.ResponseTimeoutSec = 1
	e.addConn(slowIn)
	e.addIface("slow", "slow")
	e.endpoint("refused", invoketest.RefusedAddr(t))

	cases := []struct {
		iface, verdict, message, summary string
		status                           int
	}{
		{"good", invoke.VerdictOK, "", "interface good tested: ok (HTTP 200)", 200},
		{"bad", invoke.VerdictUnmet, "failed: no such user", "interface bad tested: unmet (HTTP 200)", 200},
		{"slow", invoke.VerdictTimeout, "too slow", "interface slow tested: timeout", 0},
		{"refused", invoke.VerdictError, "unreachable", "interface refused tested: error", 0},
	}
	for _, tc := range cases {
		t.Run(tc.iface, func(t *testing.T) {
			var res *service.InvokeResult
			e.expectAudit(func() { res = e.invoke(admin, tc.iface, id("7")) }, "interface.test")
			assert.Equal(t, tc.verdict, res.Verdict)
			assert.Equal(t, tc.verdict == invoke.VerdictOK, res.OK)
			assert.Equal(t, tc.status, res.Status)
			if tc.message != "" {
				assert.Equal(t, tc.message, res.Message)
			}
			assert.Equal(t, "GET", res.Request.Method)
			assert.Contains(t, res.Request.URL, "/users/7?lang=en")

			ae := e.lastAudit()
			assert.Equal(t, tc.summary, ae.Summary)
			assert.Equal(t, "api/"+tc.iface, ae.TargetKey)
			assert.Equal(t, admin, ae.Actor)
			assert.Contains(t, ae.Details, res.HistoryID)

			d := e.history(t, res.HistoryID)
			assert.Equal(t, domain.InvocationTest, d.Kind)
			assert.Equal(t, tc.verdict, d.Verdict)
			assert.Equal(t, res.Message, d.Message)
			assert.Equal(t, tc.status, d.Status)
			assert.Equal(t, admin, d.Actor)
			assert.Equal(t, tc.iface, d.Connection)
			assert.Equal(t, "api", d.Connector)
			assert.Equal(t, tc.iface, d.Interface)
			assert.Equal(t, map[string]any{"id": "7"}, d.Inputs)
			assert.Equal(t, res.Request, d.Request)
			assert.Equal(t, res.Response.Body, d.Response.Body)
			assert.Equal(t, res.Timing, d.Timing)
			assert.Equal(t, fixedNow, d.At.UTC())
			if tc.verdict == invoke.VerdictOK {
				assert.Equal(t, map[string]any{"code": float64(0), "name": "Ann"}, d.Outputs)
				assert.True(t, d.Response.CanViewAs)
			}
			if tc.status == 0 {
				assert.NotEmpty(t, d.Cause, "a failed call says why")
				assert.Equal(t, res.CauseNote, d.CauseNote, "with its reason, as the call said it")
			}
		})
	}

	items, err := e.svc.ListHistory(e.ctx, admin, "api", "good", 0)
	require.NoError(t, err)
	require.Len(t, items, 1)
	assert.Equal(t, invoke.VerdictOK, items[0].Verdict)
	assert.Equal(t, "good", items[0].Connection)
	assert.Equal(t, fixedNow, items[0].At.UTC())
	assert.Equal(t, admin, items[0].Actor)
	assert.Equal(t, domain.InvocationTest, items[0].Kind)

	t.Run("kind invoke writes interface.invoke", func(t *testing.T) {
		in := id("7")
		in.Kind = ""
		var res *service.InvokeResult
		e.expectAudit(func() { res = e.invoke(admin, "good", in) }, "interface.invoke")
		assert.Equal(t, "interface good invoked: ok (HTTP 200)", e.lastAudit().Summary)
		d := e.history(t, res.HistoryID)
		assert.Equal(t, domain.InvocationInvoke, d.Kind)
	})

	t.Run("refusals record nothing", func(t *testing.T) {
		before := len(e.invocations())
		e.expectAudit(func() {
			_, err := e.svc.Invoke(e.ctx, admin, "api", "good", service.InvokeInput{Kind: "test"})
			requireCode(t, err, domain.EValidation, "inputs.id")
			_, err = e.svc.Invoke(e.ctx, admin, "api", "good", service.InvokeInput{Inputs: map[string]any{"id": "1"}, Kind: "bogus"})
			requireCode(t, err, domain.EValidation, "kind")
			_, err = e.svc.Invoke(e.ctx, admin, "api", "nope", id("1"))
			requireCode(t, err, domain.ENotFound)
			_, err = e.svc.Invoke(e.ctx, admin, "nope", "good", id("1"))
			requireCode(t, err, domain.ENotFound)
			in := id("1")
			in.Account = "ghost"
			_, err = e.svc.Invoke(e.ctx, admin, "api", "good", in)
			requireCode(t, err, domain.ENotFound)
		})
		assert.Len(t, e.invocations(), before)
	})
}

func TestInvoke_HistoryLimit(t *testing.T) {
	e := withAPI(newEnvWith(t, service.Options{HistoryLimit: 3}))
	srv := invoketest.JSONServer(t, 200, `{"code":0}`)
	e.endpoint("good", srv.URL)
	e.endpoint("other", srv.URL)
	e.invoke(admin, "other", id("x"))
	for i := 1; i <= 5; i++ {
		e.invoke(admin, "good", id(fmt.Sprint(i)))
	}
	items, err := e.svc.ListHistory(e.ctx, admin, "api", "good", 0)
	require.NoError(t, err)
	require.Len(t, items, 3)
	var kept []any
	for _, it := range items {
		d := e.history(t, it.ID)
		kept = append(kept, d.Inputs["id"])
	}
	assert.Equal(t, []any{"5", "4", "3"}, kept, "the newest rows are kept, newest first")
	assert.Len(t, e.invocations(), 4, "the other interface's history is its own")

	items, err = e.svc.ListHistory(e.ctx, admin, "api", "good", 2)
	require.NoError(t, err)
	assert.Len(t, items, 2)
}

// TestInvoke_SecretsNeverLeak calls four auth schemes (and a client
// certificate) against servers that echo what they received, then looks for
// the secrets in everything the service returns and in the database files.
func TestInvoke_SecretsNeverLeak(t *testing.T) {
	const (
		user     = "bot"
		password = "pw-Basic-4f9a/+ü"
		token    = "tok-Bearer-88c1e2d7"
		apiKey   = "key-Query-51b0&x=1"
		certPass = "cert-P12-77aa31"
	)
	secrets := []string{password, token, apiKey, certPass,
		base64.StdEncoding.EncodeToString([]byte(user + ":" + password)),
		url.QueryEscape(password), url.QueryEscape(apiKey), url.PathEscape(token)}

	// echo answers what it received: the query and the Authorization header.
	echo := func(ok func(*http.Request) bool) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			code := 0
			if !ok(r) {
				code = 401
			}
			b, _ := json.Marshal(map[string]any{"code": code, "query": r.URL.RawQuery, "auth": r.Header.Get("Authorization"),
				"data": map[string]any{"name": r.URL.Query().Get("api_key")}})
			w.Header().Set("Content-Type", "application/json")
			w.Write(b)
		})
	}
	e := withAPI(newEnv(t))

	basic := connTo("basic", invoketest.HTTPServer(t, echo(func(r *http.Request) bool {
		u, p, ok := r.BasicAuth()
		return ok && u == user && p == password
	})).URL)
	basic.Auth = domain.Auth{Type: domain.AuthBasic}
	e.addConn(basic)
	_, err := e.svc.SaveAccount(e.ctx, admin, "api", "basic", service.AccountInput{Name: "main",
		Fields: map[string]string{"username": user}, Secrets: map[string]*string{"password": ptr(password)}})
	require.NoError(t, err)
	e.addIface("basic", "basic")

	bearer := connTo("bearer", invoketest.HTTPServer(t, echo(func(r *http.Request) bool {
		return r.Header.Get("Authorization") == "Bearer "+token
	})).URL)
	bearer.Auth = domain.Auth{Type: domain.AuthBearer}
	e.addConn(bearer)
	require.NoError(t, e.svc.SetSecret(e.ctx, admin, "api", "bearer", "ci", "token", token))
	e.addIface("bearer", "bearer")

	query := connTo("query", invoketest.HTTPServer(t, echo(func(r *http.Request) bool {
		return r.URL.Query().Get("api_key") == apiKey
	})).URL)
	query.Auth = domain.Auth{Type: domain.AuthAPIKey, APIKey: &domain.APIKeyAuth{Name: "api_key", In: domain.InQuery}}
	e.addConn(query)
	require.NoError(t, e.svc.SetSecret(e.ctx, admin, "api", "query", "ci", "key", apiKey))
	e.addIface("query", "query")

	ca := invoketest.NewCA(t)
	mtls := invoketest.MutualTLSServer(t, ca, invoketest.JSONHandler(200, `{"code":0}`))
	certIn := connTo("mtls", mtls.URL)
	certIn.TLS = domain.TLSOptions{ClientCertPath: ca.ClientCert(t, "junction").WriteP12(t, certPass), CACertPath: ca.WritePEM(t)}
	certIn.ClientCertPassword = ptr(certPass)
	e.addConn(certIn)
	e.addIface("mtls", "mtls")

	var returned []any
	for _, iface := range []string{"basic", "bearer", "query", "mtls"} {
		// Each call's secret is an input too: the history keeps inputs, redacted.
		// (Only declared inputs are taken: an extra "note" is refused.)
		own := map[string]string{"basic": password, "bearer": token, "query": apiKey, "mtls": certPass}[iface]
		in := service.InvokeInput{Inputs: map[string]any{"id": own}, Kind: "test"}
		res := e.invoke(admin, iface, in)
		require.Equal(t, invoke.VerdictOK, res.Verdict, "%s: %s %s", iface, res.Message, res.Cause)
		returned = append(returned, res)
		d := e.history(t, res.HistoryID)
		assert.Equal(t, domain.Redacted, d.Inputs["id"])
		returned = append(returned, d)
		if iface != "mtls" {
			if iface != "query" {
				assert.Equal(t, domain.Redacted, d.Request.Headers["Authorization"], iface)
			}
			assert.Contains(t, d.Response.Body, domain.Redacted, "%s: the echoed secret is redacted", iface)
			// The raw bytes held the echoed secret, so they were not kept.
			assert.False(t, d.Response.CanViewAs, iface)
			_, err := e.svc.ViewHistoryAs(e.ctx, admin, res.HistoryID, "UTF-8")
			requireCode(t, err, domain.ERule)
		}
		items, err := e.svc.ListHistory(e.ctx, admin, "api", iface, 0)
		require.NoError(t, err)
		returned = append(returned, items)
	}
	sum, err := e.svc.InvokeRepeat(e.ctx, admin, "api", "query", service.InvokeInput{Inputs: map[string]any{"id": apiKey}}, 3, 2)
	require.NoError(t, err)
	assert.Equal(t, 3, sum.OK)
	d := e.history(t, sum.HistoryID)
	returned = append(returned, sum, d)
	page, err := e.svc.ListAudit(e.ctx, admin, service.AuditQuery{Page: service.Page{Limit: 1000}})
	require.NoError(t, err)
	returned = append(returned, page)

	text := jsonOf(t, returned) + fmt.Sprint(snapshot(t, e.svc))
	files := map[string][]byte{}
	for _, p := range []string{e.svc.DBPath(), e.svc.DBPath() + "-wal"} {
		if b, err := os.ReadFile(p); err == nil {
			files[p] = b
		}
	}
	require.NotEmpty(t, files[e.svc.DBPath()+"-wal"], "the WAL is searched too")
	for _, s := range secrets {
		js, _ := json.Marshal(s)
		for _, form := range []string{s, string(js[1 : len(js)-1])} {
			if i := strings.Index(text, form); i >= 0 {
				t.Errorf("secret %q in results, history, audit or table rows: ...%s...", form, text[max(0, i-200):min(len(text), i+100)])
			}
		}
		for p, b := range files {
			assert.False(t, bytes.Contains(b, []byte(s)), "secret %q in the bytes of %s", s, filepath.Base(p))
		}
	}
}

func TestInvoke_SealedConnection(t *testing.T) {
	e := withAPI(newEnv(t))
	srv := invoketest.JSONServer(t, 200, `{"code":0}`)
	e.endpoint("old", srv.URL)
	e.addConn(connTo("spare", srv.URL))
	require.NoError(t, e.svc.SealConnection(e.ctx, admin, "api", "old"))
	require.NoError(t, e.svc.SealConnection(e.ctx, admin, "api", "spare"))

	res := e.invoke(admin, "old", id("1"))
	assert.Equal(t, invoke.VerdictOK, res.Verdict, "an existing interface keeps working on its sealed connection")
	in := id("1")
	in.Connection = "old"
	assert.Equal(t, invoke.VerdictOK, e.invoke(admin, "old", in).Verdict)

	in.Connection = "spare"
	_, err := e.svc.Invoke(e.ctx, admin, "api", "old", in)
	requireCode(t, err, domain.ERule, "connection")

	// A connection of another connector is not this connector's.
	_, err = e.svc.CreateConnector(e.ctx, admin, connectorIn("other"))
	require.NoError(t, err)
	_, err = e.svc.CreateConnection(e.ctx, admin, "other", connTo("elsewhere", srv.URL))
	require.NoError(t, err)
	in.Connection = "elsewhere"
	_, err = e.svc.Invoke(e.ctx, admin, "api", "old", in)
	requireCode(t, err, domain.ENotFound)
}

func TestInvoke_ChosenConnectionAndAccount(t *testing.T) {
	e := withAPI(newEnv(t))
	a := invoketest.BearerServer(t, "token-a")
	b := invoketest.BearerServer(t, "token-b")
	for key, srv := range map[string]*invoketest.Server{"a": a, "b": b} {
		in := connTo(key, srv.URL)
		in.Auth = domain.Auth{Type: domain.AuthBearer}
		e.addConn(in)
	}
	require.NoError(t, e.svc.SetSecret(e.ctx, admin, "api", "a", "first", "token", "token-a"))
	require.NoError(t, e.svc.SetSecret(e.ctx, admin, "api", "a", "second", "token", "wrong"))
	require.NoError(t, e.svc.SetSecret(e.ctx, admin, "api", "b", "only", "token", "token-b"))
	e.addIface("get", "a")

	res := e.invoke(admin, "get", id("1"))
	assert.Equal(t, invoke.VerdictOK, res.Verdict, "the default account (the first one) of the interface's connection")
	assert.Equal(t, 1, a.Count())

	in := id("1")
	in.Account = "second"
	res = e.invoke(admin, "get", in)
	assert.Equal(t, invoke.VerdictUnmet, res.Verdict)
	assert.Equal(t, 401, res.Status)

	in = id("1")
	in.Connection = "b"
	res = e.invoke(admin, "get", in)
	assert.Equal(t, invoke.VerdictOK, res.Verdict)
	assert.Equal(t, 1, b.Count())
	d := e.history(t, res.HistoryID)
	assert.Equal(t, "b", d.Connection)
	assert.Equal(t, "only", d.Account)

	// A changed secret takes effect on the next call (the engine forgets the
	// connection's cached state after the change).
	require.NoError(t, e.svc.SetSecret(e.ctx, admin, "api", "a", "first", "token", "revoked"))
	assert.Equal(t, invoke.VerdictUnmet, e.invoke(admin, "get", id("1")).Verdict)
}

func TestInvoke_Permission(t *testing.T) {
	e := withAPI(newEnv(t))
	e.endpoint("good", invoketest.JSONServer(t, 200, `{"code":0}`).URL)

	res := e.invoke(viewer, "good", id("1"))
	assert.Equal(t, invoke.VerdictOK, res.Verdict, "view is enough to invoke")
	assert.Equal(t, viewer, e.lastAudit().Actor)
	items, err := e.svc.ListHistory(e.ctx, viewer, "api", "good", 0)
	require.NoError(t, err)
	require.Len(t, items, 1)
	assert.Equal(t, viewer, items[0].Actor)
	_, err = e.svc.GetHistory(e.ctx, viewer, res.HistoryID)
	require.NoError(t, err)
	_, err = e.svc.ViewHistoryAs(e.ctx, viewer, res.HistoryID, "GBK")
	require.NoError(t, err)

	before := snapshot(t, e.svc)
	_, err = e.svc.Invoke(e.ctx, stranger, "api", "good", id("1"))
	requireCode(t, err, domain.EPermission)
	_, err = e.svc.InvokeRepeat(e.ctx, stranger, "api", "good", id("1"), 2, 1)
	requireCode(t, err, domain.EPermission)
	_, err = e.svc.ListHistory(e.ctx, stranger, "api", "good", 0)
	requireCode(t, err, domain.EPermission)
	_, err = e.svc.GetHistory(e.ctx, stranger, res.HistoryID)
	requireCode(t, err, domain.EPermission)
	_, err = e.svc.ViewHistoryAs(e.ctx, stranger, res.HistoryID, "GBK")
	requireCode(t, err, domain.EPermission)
	_, err = e.svc.Invoke(e.ctx, "nobody", "api", "good", id("1"))
	requireCode(t, err, domain.EPermission)
	_, err = e.svc.GetHistory(e.ctx, admin, "no-such-id")
	requireCode(t, err, domain.ENotFound)
	assert.Equal(t, before, snapshot(t, e.svc), "refused calls change nothing")
}

func TestInvokeRepeat(t *testing.T) {
	e := withAPI(newEnv(t))
	e.endpoint("good", invoketest.JSONServer(t, 200, `{"code":0}`).URL)
	// half answers code 0, half code 1
	var n atomic.Int64
	e.endpoint("flaky", invoketest.HTTPServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprintf(w, `{"code":%d,"msg":"busy"}`, n.Add(1)%2)
	})).URL)
	e.endpoint("refused", invoketest.RefusedAddr(t))

	t.Run("all ok", func(t *testing.T) {
		var sum *service.RepeatSummary
		e.expectAudit(func() {
			var err error
			sum, err = e.svc.InvokeRepeat(e.ctx, admin, "api", "good", service.InvokeInput{Inputs: map[string]any{"id": "1"}}, 20, 4)
			require.NoError(t, err)
		}, "interface.invoke")
		assert.Equal(t, 20, sum.Runs)
		assert.Equal(t, 20, sum.OK)
		assert.Zero(t, sum.Unmet+sum.Timeout+sum.Error)
		assert.Equal(t, 4, sum.Concurrency)
		assert.Positive(t, sum.P50Ms)
		assert.LessOrEqual(t, sum.P50Ms, sum.P95Ms)
		assert.LessOrEqual(t, sum.P95Ms, sum.P99Ms)
		assert.Positive(t, sum.PerSecond)
		assert.Equal(t, "interface good invoked 20 times: 20 ok, 0 unmet, 0 timeout, 0 error", e.lastAudit().Summary)

		rows := e.invocations()
		require.Len(t, rows, 1, "one summary row, not one per call")
		assert.Equal(t, domain.InvocationBulk, rows[0].Kind)
		assert.Equal(t, invoke.VerdictOK, rows[0].Verdict)
		d := e.history(t, sum.HistoryID)
		require.NotNil(t, d.Summary)
		assert.Equal(t, *sum, *d.Summary)
		assert.Equal(t, 200, d.Status, "the sample call")
		assert.Contains(t, d.Message, "20 runs: 20 ok")

		var doc map[string]any
		require.NoError(t, json.Unmarshal([]byte(jsonOf(t, sum)), &doc))
		for _, k := range []string{"runs", "ok", "unmet", "timeout", "error", "p50Ms", "p95Ms", "p99Ms", "perSecond"} {
			assert.Contains(t, doc, k)
		}
	})

	t.Run("mixed", func(t *testing.T) {
		sum, err := e.svc.InvokeRepeat(e.ctx, admin, "api", "flaky", id("1"), 10, 3)
		require.NoError(t, err)
		assert.Equal(t, 5, sum.OK)
		assert.Equal(t, 5, sum.Unmet)
		d := e.history(t, sum.HistoryID)
		assert.Equal(t, invoke.VerdictUnmet, d.Verdict)
		assert.Contains(t, d.Response.Body, `"code":1`, "the sample is a call that was not ok")
		assert.Equal(t, "interface.test", e.lastAudit().Action)
	})

	t.Run("transport failures", func(t *testing.T) {
		sum, err := e.svc.InvokeRepeat(e.ctx, admin, "api", "refused", id("1"), 5, 1)
		require.NoError(t, err)
		assert.Equal(t, 5, sum.Error)
		d := e.history(t, sum.HistoryID)
		assert.Equal(t, invoke.VerdictError, d.Verdict)
	})

	t.Run("refusals", func(t *testing.T) {
		before := len(e.invocations())
		e.expectAudit(func() {
			_, err := e.svc.InvokeRepeat(e.ctx, admin, "api", "good", service.InvokeInput{}, 5, 2)
			requireCode(t, err, domain.EValidation, "inputs.id")
			_, err = e.svc.InvokeRepeat(e.ctx, admin, "api", "good", id("1"), 0, 1)
			requireCode(t, err, domain.EValidation, "repeat")
			_, err = e.svc.InvokeRepeat(e.ctx, admin, "api", "good", id("1"), 3, 0)
			requireCode(t, err, domain.EValidation, "concurrency")
		})
		assert.Len(t, e.invocations(), before)
	})
}

func TestInvoke_BodyCapAndViewAs(t *testing.T) {
	e := withAPI(newEnv(t))
	e.endpoint("big", invoketest.BigBody(t, 300<<10).URL)
	gbk := connTo("gbk", invoketest.TextServer(t, "text/plain", string(invoketest.Encode("GBK", "中文回答"))).URL)
	e.addConn(gbk)
	_, err := e.svc.CreateInterface(e.ctx, admin, "api", service.InterfaceInput{Key: "gbk", Name: "GBK", ConnectionKey: "gbk",
		Method: "GET", Path: "/", Success: domain.Condition{Field: "status", Op: "eq", Value: float64(200)}})
	require.NoError(t, err)

	res := e.invoke(admin, "big", id("1"))
	assert.Len(t, res.Response.Body, 300<<10, "the result keeps the whole body")
	d := e.history(t, res.HistoryID)
	assert.Len(t, d.Response.Body, 256<<10, "the history row keeps 256 KiB")
	assert.True(t, d.Response.Capped)
	assert.False(t, d.Response.Truncated)
	assert.Equal(t, int64(300<<10), d.Response.Size)
	assert.True(t, d.Response.CanViewAs)
	text, err := e.svc.ViewHistoryAs(e.ctx, admin, res.HistoryID, "ISO-8859-1")
	require.NoError(t, err)
	assert.Len(t, text, 256<<10)

	res = e.invoke(admin, "gbk", service.InvokeInput{})
	assert.NotContains(t, res.Response.Body, "中文", "decoded as the declared UTF-8")
	text, err = e.svc.ViewHistoryAs(e.ctx, admin, res.HistoryID, "GBK")
	require.NoError(t, err)
	assert.Equal(t, "中文回答", text)
	text, err = e.svc.ViewHistoryAs(e.ctx, admin, res.HistoryID, "UTF-8")
	require.NoError(t, err)
	assert.Equal(t, res.Response.Body, text)
	_, err = e.svc.ViewHistoryAs(e.ctx, admin, res.HistoryID, "EBCDIC")
	requireCode(t, err, domain.EValidation, "charset")

	res = e.invoke(admin, "gbk", service.InvokeInput{Connection: "gbk"})
	require.Equal(t, invoke.VerdictOK, res.Verdict)
	_, err = e.svc.ViewHistoryAs(e.ctx, admin, res.HistoryID, "GBK")
	require.NoError(t, err)
}

// localProd points the withRoles connection crm/prod at a local server that
// answers {"code":0}, for the permission table.
func localProd(e *env) []byte {
	e.t.Helper()
	srv := invoketest.JSONServer(e.t, 200, `{"code":0}`)
	in := connTo("", srv.URL)
	in.Name, in.Auth = "Connection prod", domain.Auth{Type: domain.AuthBasic}
	_, err := e.svc.UpdateConnection(e.ctx, admin, "crm", "prod", in)
	require.NoError(e.t, err)
	return nil
}

// invokedOnce is localProd and one call of crm/get-user as admin; it returns
// the history id.
func invokedOnce(e *env) []byte {
	e.t.Helper()
	localProd(e)
	res, err := e.svc.Invoke(e.ctx, admin, "crm", "get-user", service.InvokeInput{Inputs: map[string]any{"id": "1"}})
	require.NoError(e.t, err)
	require.Equal(e.t, invoke.VerdictOK, res.Verdict, res.Message)
	return []byte(res.HistoryID)
}

func TestInvoke_HistoryLimitFromSettings(t *testing.T) {
	e := withAPI(newEnv(t))
	srv := invoketest.JSONServer(t, 200, `{"code":0}`)
	e.endpoint("good", srv.URL)

	_, err := e.svc.SaveSettings(e.ctx, admin, service.Settings{BodyCapMB: 10, HistoryLimit: 5})
	require.Equal(t, domain.EValidation, domain.ErrorCode(err), "fewer than 10 rows is refused")
	assert.Equal(t, "historyLimit", domain.ErrorField(err))

	v, err := e.svc.SaveSettings(e.ctx, admin, service.Settings{BodyCapMB: 10, HistoryLimit: 10})
	require.NoError(t, err)
	assert.Equal(t, 10, v.HistoryLimit)
	for i := 1; i <= 12; i++ {
		e.invoke(admin, "good", id(fmt.Sprint(i)))
	}
	items, err := e.svc.ListHistory(e.ctx, admin, "api", "good", 0)
	require.NoError(t, err)
	assert.Len(t, items, 10, "the saved limit applies to the next call")
}

// An input the interface cannot read is refused with the list of those it
// can, before anything is sent or recorded: a typo no longer calls the
// system without the value the caller meant to give.
func TestInvoke_UnknownInput(t *testing.T) {
	e := withAPI(newEnv(t))
	srv := invoketest.JSONServer(t, 200, `{"code":0}`)
	e.endpoint("good", srv.URL)
	// tpl reads an input no param declares, through a template.
	in := interfaceIn("tpl", "good")
	in.Request = append(in.Request, domain.Param{Name: "X-Trace", In: domain.InHeader, Type: "string",
		Source: domain.Source{Kind: domain.SourceTemplate, Value: "t-{{ input.trace }}"}})
	_, err := e.svc.CreateInterface(e.ctx, admin, "api", in)
	require.NoError(t, err)

	before := snapshot(t, e.svc)
	for _, c := range []struct {
		iface  string
		inputs map[string]any
		field  string
		msg    string
	}{
		{"good", map[string]any{"id": "1", "idd": "2"}, "inputs.idd", `interface good has no input "idd"; its inputs are id`},
		// A static param is not an input.
		{"good", map[string]any{"id": "1", "lang": "fr"}, "inputs.lang", `interface good has no input "lang"; its inputs are id`},
		{"tpl", map[string]any{"id": "1", "user": map[string]any{"name": "Ann"}}, "inputs.user",
			`interface tpl has no input "user"; its inputs are id, trace`},
	} {
		e.expectAudit(func() {
			_, err := e.svc.Invoke(e.ctx, admin, "api", c.iface, service.InvokeInput{Inputs: c.inputs})
			requireCode(t, err, domain.EValidation, c.field)
			assert.Equal(t, c.msg, domain.ErrorMessage(err))
			_, err = e.svc.InvokeRepeat(e.ctx, admin, "api", c.iface, service.InvokeInput{Inputs: c.inputs}, 3, 1)
			requireCode(t, err, domain.EValidation, c.field)
		})
	}
	assert.Equal(t, before, snapshot(t, e.svc), "refused calls change nothing")

	// Known names still go through, templates' names included.
	res := e.invoke(admin, "tpl", service.InvokeInput{Inputs: map[string]any{"id": "1", "trace": "abc"}})
	assert.Equal(t, "t-abc", res.Request.Headers["X-Trace"])
}

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

// The test console's "none" account: NoAccount calls without the
// connection's default account, and the history row names no account.
func TestInvoke_NoAccount(t *testing.T) {
	e := withAPI(newEnv(t))
	// The server answers the X-Tenant header it got; the interface fills it
	// from the account's plain field "tenant".
	srv := invoketest.HTTPServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := json.Marshal(map[string]any{"code": 0, "tenant": r.Header.Get("X-Tenant")})
		w.Header().Set("Content-Type", "application/json")
		w.Write(b)
	}))
	e.addConn(connTo("plain", srv.URL))
	_, err := e.svc.SaveAccount(e.ctx, admin, "api", "plain", service.AccountInput{Name: "acme", Default: true,
		Fields: map[string]string{"tenant": "acme"}})
	require.NoError(t, err)
	in := interfaceIn("get", "plain")
	in.Request = append(in.Request, domain.Param{Name: "X-Tenant", In: domain.InHeader, Type: "string",
		Source: domain.Source{Kind: domain.SourceTemplate, Value: "{{account.tenant}}"}})
	_, err = e.svc.CreateInterface(e.ctx, admin, "api", in)
	require.NoError(t, err)

	t.Run("the default account when none is named", func(t *testing.T) {
		res := e.invoke(admin, "get", id("1"))
		assert.Equal(t, invoke.VerdictOK, res.Verdict)
		assert.Contains(t, res.Response.Body, `"tenant":"acme"`)
		d := e.history(t, res.HistoryID)
		assert.Equal(t, "acme", d.Account)
	})

	t.Run("no account with NoAccount, even when one is named", func(t *testing.T) {
		call := id("1")
		call.NoAccount = true
		call.Account = "acme"
		res := e.invoke(admin, "get", call)
		assert.Equal(t, invoke.VerdictOK, res.Verdict)
		assert.Contains(t, res.Response.Body, `"tenant":""`)
		d := e.history(t, res.HistoryID)
		assert.Equal(t, "", d.Account)
	})

	t.Run("a scheme that needs an account refuses none", func(t *testing.T) {
		bearer := connTo("bearer", invoketest.BearerServer(t, "tok").URL)
		bearer.Auth = domain.Auth{Type: domain.AuthBearer}
		e.addConn(bearer)
		require.NoError(t, e.svc.SetSecret(e.ctx, admin, "api", "bearer", "ci", "token", "tok"))
		e.addIface("secured", "bearer")
		call := id("1")
		call.NoAccount = true
		_, err := e.svc.Invoke(e.ctx, admin, "api", "secured", call)
		requireCode(t, err, domain.EValidation, "account")
	})
}

// echoSecret is a password with the characters each escaping rewrites.
const echoSecret = "pw s3cr/t&<x>+é"

// texts collects every string of a JSON-like value, and of the JSON
// documents found in its strings, and of base64 raw bytes under "raw".
func texts(v any, out *[]string) {
	switch x := v.(type) {
	case string:
		*out = append(*out, x)
		var doc any
		if (strings.HasPrefix(x, "{") || strings.HasPrefix(x, "[")) && json.Unmarshal([]byte(x), &doc) == nil {
			texts(doc, out)
		}
	case map[string]any:
		for k, e := range x {
			*out = append(*out, k)
			if s, ok := e.(string); ok && k == "raw" {
				b, err := base64.StdEncoding.DecodeString(s)
				if err == nil {
					*out = append(*out, string(b))
				}
			}
			texts(e, out)
		}
	case []any:
		for _, e := range x {
			texts(e, out)
		}
	case nil:
	default:
		*out = append(*out, fmt.Sprint(x))
	}
}

func textsOf(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	require.NoError(t, err)
	var doc any
	require.NoError(t, json.Unmarshal(b, &doc))
	var out []string
	texts(doc, &out)
	return strings.Join(out, "\n")
}

func requireNoEchoForms(t *testing.T, where, text string) {
	t.Helper()
	for i, s := range []string{echoSecret, "ann:" + echoSecret} {
		for _, f := range invoketest.EchoForms(s) {
			assert.NotContains(t, text, f.Text, "%s: secret %d in form %s", where, i, f.Name)
		}
	}
}

// A server echoing the password and the basic pair in every form servers use
// (JSON-, PHP-, URL-, HTML-escaped, base64, hex) leaves none of them in the
// result, the history row as the SQLite file holds it, the history detail,
// "view as" in every charset, or the raw bytes kept.
func TestInvoke_RedactionCoversEchoedForms(t *testing.T) {
	e := withAPI(newEnv(t))
	srv := invoketest.SecretEchoServer(t, echoSecret, "ann:"+echoSecret)
	in := connTo("echo", srv.URL)
	in.Auth = domain.Auth{Type: domain.AuthBasic}
	e.addConn(in)
	_, err := e.svc.SaveAccount(e.ctx, admin, "api", "echo", service.AccountInput{Name: "main",
		Fields: map[string]string{"username": "ann"}, Secrets: map[string]*string{"password": ptr(echoSecret)}})
	require.NoError(t, err)
	it := interfaceIn("echo", "echo")
	for _, f := range invoketest.EchoForms(echoSecret) {
		it.Response = append(it.Response, domain.ResponseParam{Name: "f-" + f.Name, Type: "string", Path: "0-" + f.Name})
	}
	_, err = e.svc.CreateInterface(e.ctx, admin, "api", it)
	require.NoError(t, err)

	res := e.invoke(admin, "echo", id("7"))
	require.Equal(t, invoke.VerdictOK, res.Verdict, res.Message)
	assert.Contains(t, res.Response.Body, `"code":0`, "what is not secret stays")
	requireNoEchoForms(t, "result", textsOf(t, res)+"\n"+string(res.Response.Raw))

	snap := snapshot(t, e.svc)
	require.Len(t, snap["invocations"], 1)
	row := snap["invocations"][0]
	requireNoEchoForms(t, "history row", fmt.Sprint(row))
	rows := e.invocations()
	require.Len(t, rows, 1)
	requireNoEchoForms(t, "history row documents", textsOf(t, rows[0]))

	d := e.history(t, res.HistoryID)
	requireNoEchoForms(t, "history detail", textsOf(t, d))
	for _, cs := range domain.Charsets {
		text, err := e.svc.ViewHistoryAs(e.ctx, admin, res.HistoryID, cs)
		if err != nil {
			requireCode(t, err, domain.ERule)
			assert.False(t, d.Response.CanViewAs)
			continue
		}
		requireNoEchoForms(t, "view as "+cs, text)
	}
}

// A client certificate or CA path that is a special file or over 1 MiB is
// refused at save with the field named, and the store is left as it was; a
// path where nothing exists yet stays allowed.
func TestService_ConnectionCertPaths(t *testing.T) {
	dir := t.TempDir()
	pipe := filepath.Join(dir, "client.p12")
	require.NoError(t, syscall.Mkfifo(pipe, 0o600))
	big := filepath.Join(dir, "ca.pem")
	require.NoError(t, os.WriteFile(big, make([]byte, invoke.MaxCertFileSize+1), 0o600))
	good := filepath.Join(dir, "good.pem")
	require.NoError(t, os.WriteFile(good, []byte("-----BEGIN CERTIFICATE-----\n"), 0o600))

	cases := []struct {
		name, field, want string
		tls               domain.TLSOptions
	}{
		{"CA bundle /dev/zero", "tls.caCertPath", "/dev/zero is a device, not a file", domain.TLSOptions{CACertPath: "/dev/zero"}},
		{"CA bundle over 1 MiB", "tls.caCertPath", big + " is 1048577 bytes; certificate files over 1048576 bytes (1 MiB) are refused", domain.TLSOptions{CACertPath: big}},
		{"CA bundle a folder", "tls.caCertPath", dir + " is a folder, not a file", domain.TLSOptions{CACertPath: dir}},
		{"client certificate FIFO", "tls.clientCertPath", pipe + " is a named pipe (FIFO), not a file", domain.TLSOptions{ClientCertPath: pipe, CACertPath: good}},
		{"client certificate /dev/zero", "tls.clientCertPath", "/dev/zero is a device, not a file", domain.TLSOptions{ClientCertPath: "/dev/zero"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			e := withRoles(t)
			before, audits := e.connectionsTLS(), len(e.auditEntries())

			in := httpsConnIn("new")
			in.TLS = tc.tls
			_, err := e.svc.CreateConnection(e.ctx, owner, "crm", in)
			requireCode(t, err, domain.EValidation, tc.field)
			assert.Contains(t, domain.ErrorMessage(err), tc.want)

			prod, err := e.svc.GetConnection(e.ctx, owner, "crm", "prod")
			require.NoError(t, err)
			up := httpsConnIn("prod")
			up.Host, up.TLS = prod.Host, tc.tls
			_, err = e.svc.UpdateConnection(e.ctx, owner, "crm", "prod", up)
			requireCode(t, err, domain.EValidation, tc.field)

			assert.Equal(t, before, e.connectionsTLS(), "the store is unchanged")
			assert.Len(t, e.auditEntries(), audits, "nothing was audited")
		})
	}

	t.Run("a regular file and a path not there yet are kept", func(t *testing.T) {
		e := withRoles(t)
		in := httpsConnIn("later")
		in.TLS = domain.TLSOptions{ClientCertPath: filepath.Join(dir, "not-yet.p12"), CACertPath: good}
		v, err := e.svc.CreateConnection(e.ctx, owner, "crm", in)
		require.NoError(t, err)
		assert.Equal(t, in.TLS, v.TLS)
	})
}

// A path that was missing at save and is a FIFO or /dev/zero by the time of
// a call or a check ends them at once with the path named (a FIFO would
// block a plain read forever, /dev/zero fill memory).
func TestService_CertPathTurnedSpecialAfterSave(t *testing.T) {
	e := withAPI(newEnv(t))
	ca := invoketest.NewCA(t)
	srv := invoketest.MutualTLSServer(t, ca, invoketest.JSONHandler(200, `{"code":0}`))
	pipe := filepath.Join(t.TempDir(), "client.p12")
	in := connTo("secure", srv.URL)
	in.TLS = domain.TLSOptions{ClientCertPath: pipe, CACertPath: ca.WritePEM(t)}
	e.addConn(in)
	e.addIface("secure", "secure")
	require.NoError(t, syscall.Mkfifo(pipe, 0o600))

	ctx, cancel := context.WithTimeout(e.ctx, 10*time.Second)
	defer cancel()
	done := make(chan struct{})
	var res *service.InvokeResult
	var probe *invoke.ProbeResult
	var invokeErr, checkErr error
	go func() {
		defer close(done)
		res, invokeErr = e.svc.Invoke(ctx, admin, "api", "secure", id("1"))
		probe, checkErr = e.svc.CheckConnection(ctx, admin, "api", "secure")
	}()
	select {
	case <-done:
	case <-ctx.Done():
		t.Fatal("a FIFO as the client certificate hung the call")
	}
	require.NoError(t, invokeErr)
	assert.Equal(t, invoke.VerdictError, res.Verdict)
	assert.Equal(t, "client certificate "+pipe+" is a named pipe (FIFO), not a file", res.Cause)
	require.NoError(t, checkErr)
	require.NotNil(t, probe.TLS)
	require.NotNil(t, probe.TLS.ClientCert)
	assert.False(t, probe.TLS.ClientCert.Loaded)
	assert.Contains(t, probe.TLS.ClientCert.Error, "is a named pipe (FIFO), not a file")
	assert.Zero(t, srv.Requests())
}

// connectionsTLS is every stored connection's key, host and TLS settings.
func (e *env) connectionsTLS() []string {
	e.t.Helper()
	var rows []string
	require.NoError(e.t, e.st.DB.Raw(`SELECT key || ' ' || host || ' ' || tls FROM connections ORDER BY key`).Scan(&rows).Error)
	return rows
}

// A client certificate or CA path with no file behind it is saved, and the
// save's answer warns on the field; a read carries no warning.
func TestService_MissingCertPathWarnsAtSave(t *testing.T) {
	e := withRoles(t)
	dir := t.TempDir()
	good := filepath.Join(dir, "good.pem")
	require.NoError(t, os.WriteFile(good, []byte("-----BEGIN CERTIFICATE-----\n"), 0o600))
	cert, ca := filepath.Join(dir, "not-yet.p12"), filepath.Join(dir, "not-yet-ca.pem")

	in := httpsConnIn("later")
	in.TLS = domain.TLSOptions{ClientCertPath: cert, CACertPath: ca}
	v, err := e.svc.CreateConnection(e.ctx, owner, "crm", in)
	require.NoError(t, err, "a missing file is a warning, not an error")
	assert.Equal(t, in.TLS, v.TLS, "saved as given")
	assert.Equal(t, []service.FieldWarning{
		{Field: "tls.clientCertPath", Code: "missing", Message: "no file at " + cert + " yet: calls fail until it is put there"},
		{Field: "tls.caCertPath", Code: "missing", Message: "no file at " + ca + " yet: calls fail until it is put there"},
	}, v.Warnings)

	got, err := e.svc.GetConnection(e.ctx, owner, "crm", "later")
	require.NoError(t, err)
	assert.Empty(t, got.Warnings)

	up := httpsConnIn("later")
	up.TLS = domain.TLSOptions{ClientCertPath: cert, CACertPath: good}
	v, err = e.svc.UpdateConnection(e.ctx, owner, "crm", "later", up)
	require.NoError(t, err)
	require.Len(t, v.Warnings, 1, "the CA bundle is there now")
	assert.Equal(t, "tls.clientCertPath", v.Warnings[0].Field)

	up.TLS = domain.TLSOptions{CACertPath: good}
	v, err = e.svc.UpdateConnection(e.ctx, owner, "crm", "later", up)
	require.NoError(t, err)
	assert.Empty(t, v.Warnings)
}
