package invoke

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"junction/backend/domain"
	"junction/backend/invoke/invoketest"
)

// clock is a test clock that moves only when told.
type clock struct{ ns atomic.Int64 }

func newClock() *clock {
	c := &clock{}
	c.ns.Store(time.Date(2026, 11, 23, 8, 0, 0, 0, time.UTC).UnixNano())
	return c
}
func (c *clock) Now() time.Time            { return time.Unix(0, c.ns.Load()) }
func (c *clock) Advance(d time.Duration)   { c.ns.Add(int64(d)) }
func (c *clock) options(o Options) Options { o.Now = c.Now; return o }

// tokenConn is a tokenExchange connection to a TokenServer with its defaults.
func tokenConn(ts *invoketest.TokenServer, mod func(*domain.TokenExchange)) domain.Connection {
	conn := connTo(ts.Server)
	te := &domain.TokenExchange{
		Method:        "POST",
		URL:           "/token",
		BodyType:      "json",
		Body:          map[string]any{"appKey": "{{account.appKey}}", "appSecret": "{{account.appSecret}}"},
		TokenPath:     "data.access_token",
		ExpiresInPath: "data.expires_in",
		Inject:        domain.TokenInject{In: "header", Name: "X-Access-Token"},
	}
	if mod != nil {
		mod(te)
	}
	conn.Auth = domain.Auth{Type: domain.AuthTokenExchange, TokenExchange: te}
	return conn
}

var tokenAccount = &Account{Name: "default", Fields: map[string]string{"appKey": "app-key", "appSecret": "app-secret"}, Secret: []string{"appSecret"}}

// tokenIface succeeds on code eq 0.
func tokenIface() *domain.Interface {
	it := newIface("GET", "/api/items", "none")
	it.Success = domain.Condition{All: []domain.Condition{{Field: "status", Op: "eq", Value: 200.0}, {Field: "response.code", Op: "eq", Value: 0.0}}}
	return it
}

func TestTokenSharedByConcurrentCallers(t *testing.T) {
	t.Parallel()
	ts := invoketest.NewTokenServer(t, invoketest.TokenOptions{TokenDelay: 200 * time.Millisecond})
	e := newEngine(t, Options{})
	conn, it := tokenConn(ts, nil), tokenIface()
	const n = 50
	var wg sync.WaitGroup
	results := make([]*Result, n)
	errs := make([]error, n)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			results[i], errs[i] = e.Invoke(t.Context(), &Call{Interface: it, Target: Target{Connection: conn, Account: tokenAccount}})
		}()
	}
	wg.Wait()
	for i := range n {
		require.NoError(t, errs[i])
		assert.Equal(t, VerdictOK, results[i].Verdict, results[i].Message)
	}
	assert.Equal(t, 1, ts.Fetches(), "50 concurrent invocations share one token fetch")
	assert.Equal(t, n, ts.Calls())
	assert.Zero(t, ts.Rejected())
	assert.Equal(t, "[redacted]", results[0].Request.Headers["X-Access-Token"])
}

func TestTokenRefreshedAheadOfExpiry(t *testing.T) {
	t.Parallel()
	ts := invoketest.NewTokenServer(t, invoketest.TokenOptions{ExpiresIn: 100})
	clk := newClock()
	e := newEngine(t, clk.options(Options{}))
	c := &Call{Interface: tokenIface(), Target: Target{Connection: tokenConn(ts, nil), Account: tokenAccount}}

	res := run(t, e, c)
	require.Equal(t, VerdictOK, res.Verdict, res.Message)
	assert.Contains(t, res.Notes, "a new token was obtained")
	clk.Advance(85 * time.Second) // 15 s left of 100: still used (margin is 10 s)
	res = run(t, e, c)
	require.Equal(t, VerdictOK, res.Verdict, res.Message)
	assert.Empty(t, res.Notes)
	assert.Equal(t, 1, ts.Fetches())

	clk.Advance(6 * time.Second) // 9 s left: refreshed before use
	res = run(t, e, c)
	require.Equal(t, VerdictOK, res.Verdict, res.Message)
	assert.Equal(t, 2, ts.Fetches(), "expiry causes exactly one refresh")
	run(t, e, c)
	assert.Equal(t, 2, ts.Fetches())
	assert.Zero(t, ts.Rejected(), "no call went out with a token about to expire")
}

func TestTokenTTLWhenTheAnswerHasNoExpiry(t *testing.T) {
	t.Parallel()
	ts := invoketest.NewTokenServer(t, invoketest.TokenOptions{ExpiresField: "-"})
	clk := newClock()
	e := newEngine(t, clk.options(Options{}))
	withTTL := &Call{Interface: tokenIface(), Target: Target{Connection: tokenConn(ts, func(te *domain.TokenExchange) { te.TTLSec = 600 }), Account: tokenAccount}}
	run(t, e, withTTL)
	clk.Advance(569 * time.Second)
	run(t, e, withTTL)
	assert.Equal(t, 1, ts.Fetches())
	clk.Advance(2 * time.Second) // 29 s left of 600: inside the 30 s margin
	run(t, e, withTTL)
	assert.Equal(t, 2, ts.Fetches())

	// Neither expiresInPath nor ttlSec: one hour.
	noTTL := &Call{Interface: tokenIface(), Target: Target{Connection: tokenConn(ts, func(te *domain.TokenExchange) { te.ExpiresInPath = "" }), Account: tokenAccount}}
	run(t, e, noTTL)
	assert.Equal(t, 3, ts.Fetches())
	clk.Advance(time.Hour - 31*time.Second)
	run(t, e, noTTL)
	assert.Equal(t, 3, ts.Fetches())
	clk.Advance(2 * time.Second)
	run(t, e, noTTL)
	assert.Equal(t, 4, ts.Fetches())
}

func TestTokenRefreshOn401(t *testing.T) {
	t.Parallel()
	ts := invoketest.NewTokenServer(t, invoketest.TokenOptions{})
	e := newEngine(t, Options{})
	c := &Call{Interface: tokenIface(), Target: Target{Connection: tokenConn(ts, nil), Account: tokenAccount}}
	run(t, e, c)
	require.Equal(t, 1, ts.Fetches())

	ts.Expire() // the system drops the token before its announced expiry
	res := run(t, e, c)
	assert.Equal(t, VerdictOK, res.Verdict, res.Message)
	assert.Equal(t, 2, ts.Fetches(), "a 401 causes exactly one refresh")
	assert.Equal(t, 1, ts.Rejected())
	assert.Equal(t, 3, ts.Calls(), "and one retry")
	assert.Contains(t, res.Notes[0], "HTTP 401")

	// A system that keeps refusing: one refresh and one retry, then the answer stands.
	ts2 := invoketest.NewTokenServer(t, invoketest.TokenOptions{InjectName: "X-Other"})
	c2 := &Call{Interface: tokenIface(), Target: Target{Connection: tokenConn(ts2, nil), Account: tokenAccount}}
	res = run(t, e, c2)
	assert.Equal(t, VerdictUnmet, res.Verdict)
	assert.Equal(t, 401, res.Status)
	assert.Equal(t, 2, ts2.Fetches())
	assert.Equal(t, 2, ts2.Calls())
}

func TestTokenRefreshWhenBodySaysSo(t *testing.T) {
	t.Parallel()
	ts := invoketest.NewTokenServer(t, invoketest.TokenOptions{StaleStatus: 200, InjectIn: "query", InjectName: "access_token", Prefix: "T:"})
	e := newEngine(t, Options{})
	conn := tokenConn(ts, func(te *domain.TokenExchange) {
		te.Inject = domain.TokenInject{In: "query", Name: "access_token", Prefix: "T:"}
		te.RefreshWhen = &domain.Condition{Any: []domain.Condition{{Field: "response.errcode", Op: "eq", Value: 40001.0}}}
	})
	c := &Call{Interface: tokenIface(), Target: Target{Connection: conn, Account: tokenAccount}}
	res := run(t, e, c)
	require.Equal(t, VerdictOK, res.Verdict, res.Message)
	assert.Equal(t, "access_token=T%3Atok-1", ts.Last().RawQuery)
	assert.Contains(t, res.Request.URL, "access_token=T%3A[redacted]")

	ts.Expire()
	res = run(t, e, c)
	assert.Equal(t, VerdictOK, res.Verdict, res.Message)
	assert.Equal(t, 2, ts.Fetches(), "an errcode answer causes exactly one refresh")
	assert.Equal(t, 1, ts.Rejected())
	assert.Equal(t, "access_token=T%3Atok-2", ts.Last().RawQuery)
	assert.Contains(t, res.Notes[0], "refreshWhen")
}

func TestTokenRequestVariants(t *testing.T) {
	t.Parallel()
	t.Run("GET with fields in the query and an absolute URL", func(t *testing.T) {
		t.Parallel()
		ts := invoketest.NewTokenServer(t, invoketest.TokenOptions{TokenMethod: "GET", KeyField: "corpid", SecretField: "corpsecret"})
		e := newEngine(t, Options{})
		conn := tokenConn(ts, func(te *domain.TokenExchange) {
			te.Method = "GET"
			te.URL = ts.TokenURL() + "?corpid={{account.appKey}}"
			te.Body = map[string]any{"corpsecret": "{{account.appSecret}}"}
		})
		res := run(t, e, &Call{Interface: tokenIface(), Target: Target{Connection: conn, Account: tokenAccount}})
		assert.Equal(t, VerdictOK, res.Verdict, res.Message)
	})
	t.Run("form body", func(t *testing.T) {
		t.Parallel()
		ts := invoketest.NewTokenServer(t, invoketest.TokenOptions{})
		e := newEngine(t, Options{})
		conn := tokenConn(ts, func(te *domain.TokenExchange) { te.BodyType = "form" })
		res := run(t, e, &Call{Interface: tokenIface(), Target: Target{Connection: conn, Account: tokenAccount}})
		assert.Equal(t, VerdictOK, res.Verdict, res.Message)
		reqs := ts.All()
		assert.Equal(t, "appKey=app-key&appSecret=app-secret", string(reqs[0].Body))
	})
	t.Run("relative to the base path", func(t *testing.T) {
		t.Parallel()
		ts := invoketest.NewTokenServer(t, invoketest.TokenOptions{TokenPath: "/open/token"})
		e := newEngine(t, Options{})
		conn := tokenConn(ts, func(te *domain.TokenExchange) { te.URL = "token" })
		conn.BasePath = "/open"
		res := run(t, e, &Call{Interface: tokenIface(), Target: Target{Connection: conn, Account: tokenAccount}})
		assert.Equal(t, VerdictOK, res.Verdict, res.Message)
		assert.Equal(t, "/open/token", ts.All()[0].Path)
	})
}

func TestTokenFetchFailure(t *testing.T) {
	t.Parallel()
	ts := invoketest.NewTokenServer(t, invoketest.TokenOptions{})
	e := newEngine(t, Options{})
	wrong := &Account{Name: "default", Fields: map[string]string{"appKey": "app-key", "appSecret": "s3cr3t-wrong"}, Secret: []string{"appSecret"}}
	c := &Call{Interface: tokenIface(), Target: Target{Connection: tokenConn(ts, nil), Account: wrong}}
	res := run(t, e, c)
	assert.Equal(t, VerdictError, res.Verdict)
	assert.Contains(t, res.Cause, "the token request (POST "+ts.URL+"/token) failed: HTTP 401")
	assert.Contains(t, res.Cause, "invalid appKey or appSecret")
	assert.Contains(t, res.Message, "token request")
	assert.Zero(t, ts.Calls(), "the API is not called without a token")

	// No token where the settings say.
	e2 := newEngine(t, Options{})
	c2 := &Call{Interface: tokenIface(), Target: Target{Connection: tokenConn(ts, func(te *domain.TokenExchange) { te.TokenPath = "data.token" }), Account: tokenAccount}}
	res = run(t, e2, c2)
	assert.Equal(t, VerdictError, res.Verdict)
	assert.Contains(t, res.Cause, "without a token at data.token")

	// A refused token endpoint.
	refused := connToURL("http://" + invoketest.RefusedAddr(t))
	refused.Auth = tokenConn(ts, nil).Auth
	res = run(t, e2, &Call{Interface: tokenIface(), Target: Target{Connection: refused, Account: tokenAccount}})
	assert.Equal(t, VerdictError, res.Verdict)
	assert.Contains(t, res.Cause, "the token request")
	assert.Contains(t, res.Cause, "connection refused")

	jsonWithout(t, res, "app-secret")
}

// A failed token request is its own step of the result: the request as
// sent (redacted), the answer, its time; the call's own request was never
// sent, which the result says.
func TestTokenStepOfAFailedFetch(t *testing.T) {
	t.Parallel()
	ts := invoketest.NewTokenServer(t, invoketest.TokenOptions{})
	e := newEngine(t, Options{})
	wrong := &Account{Name: "default", Fields: map[string]string{"appKey": "app-key", "appSecret": "s3cr3t-wrong"}, Secret: []string{"appSecret"}}
	res := run(t, e, &Call{Interface: tokenIface(), Target: Target{Connection: tokenConn(ts, nil), Account: wrong}})

	require.NotNil(t, res.TokenStep)
	st := res.TokenStep
	assert.True(t, res.NotSent, "the API request was never sent")
	assert.Zero(t, ts.Calls())
	assert.Equal(t, "POST", st.Request.Method)
	assert.Equal(t, ts.URL+"/token", st.Request.URL)
	assert.Equal(t, `{"appKey":"app-key","appSecret":"[redacted]"}`, st.Request.Body)
	assert.Equal(t, "application/json; charset=UTF-8", st.Request.Headers["Content-Type"])
	assert.Equal(t, 401, st.Status)
	assert.Contains(t, st.ResponseBody, "invalid appKey or appSecret")
	assert.Contains(t, st.ResponseHeaders["Content-Type"], "application/json")
	assert.Positive(t, st.Ms)
	assert.False(t, st.TokenFound)
	assert.Equal(t, "data.access_token", st.TokenPath)
	assert.Contains(t, st.Error, "HTTP 401")
	jsonWithout(t, res, "s3cr3t-wrong")
}

// A successful fetch is a step too, with the token redacted and its
// lifetime and where it came from; a call on the cached token has none.
func TestTokenStepOfAGoodFetch(t *testing.T) {
	t.Parallel()
	ts := invoketest.NewTokenServer(t, invoketest.TokenOptions{ExpiresIn: 600})
	e := newEngine(t, Options{})
	c := &Call{Interface: tokenIface(), Target: Target{Connection: tokenConn(ts, nil), Account: tokenAccount}}
	res := run(t, e, c)
	assert.Equal(t, VerdictOK, res.Verdict)
	assert.False(t, res.NotSent)
	require.NotNil(t, res.TokenStep)
	st := res.TokenStep
	assert.Equal(t, 200, st.Status)
	assert.True(t, st.TokenFound)
	assert.Equal(t, 600.0, st.ExpiresInSec)
	assert.Equal(t, "answer", st.ExpiresFrom)
	assert.Empty(t, st.Error)
	assert.NotContains(t, st.ResponseBody, "tok-1")
	assert.Contains(t, st.ResponseBody, domain.Redacted)

	again := run(t, e, c)
	assert.Nil(t, again.TokenStep, "the cached token needed no request")
}

// Check connection runs the token request for the chosen account: the
// token found and its expiry, or why not.
func TestProbeTokenExchange(t *testing.T) {
	t.Parallel()
	ts := invoketest.NewTokenServer(t, invoketest.TokenOptions{ExpiresField: "-"})
	e := newEngine(t, Options{})
	conn := tokenConn(ts, func(te *domain.TokenExchange) { te.TTLSec = 900 })

	good := e.Probe(context.Background(), Target{Connection: conn, Account: tokenAccount})
	require.NotNil(t, good.Token)
	assert.True(t, good.OK)
	assert.True(t, good.Token.TokenFound)
	assert.Equal(t, 900.0, good.Token.ExpiresInSec)
	assert.Equal(t, "ttl", good.Token.ExpiresFrom)
	assert.Equal(t, 1, ts.Fetches())
	jsonWithout(t, good, "tok-1", "app-secret")

	// The check never fills the token cache: the next call still fetches.
	res := run(t, e, &Call{Interface: tokenIface(), Target: Target{Connection: conn, Account: tokenAccount}})
	assert.NotNil(t, res.TokenStep)
	assert.Equal(t, 2, ts.Fetches())

	wrong := &Account{Name: "b", Fields: map[string]string{"appKey": "app-key", "appSecret": "nope-nope"}, Secret: []string{"appSecret"}}
	bad := e.Probe(context.Background(), Target{Connection: conn, Account: wrong})
	assert.False(t, bad.OK)
	require.NotNil(t, bad.Token)
	assert.Equal(t, 401, bad.Token.Status)
	assert.Contains(t, bad.Token.Error, "HTTP 401")

	notFound := e.Probe(context.Background(), Target{Connection: tokenConn(ts, func(te *domain.TokenExchange) { te.TokenPath = "data.token" }), Account: tokenAccount})
	assert.False(t, notFound.OK)
	require.NotNil(t, notFound.Token)
	assert.Equal(t, 200, notFound.Token.Status)
	assert.False(t, notFound.Token.TokenFound)
	assert.Contains(t, notFound.Token.Error, "without a token at data.token")

	// Without an account the templates read nothing; the endpoint judges.
	none := e.Probe(context.Background(), Target{Connection: conn})
	assert.False(t, none.OK)
	require.NotNil(t, none.Token)
	assert.Contains(t, none.Token.Error, "HTTP 401")

	// Other schemes send no credentials in a check.
	plain := e.Probe(context.Background(), Target{Connection: connTo(ts.Server)})
	assert.Nil(t, plain.Token)
}

// A token request the network refuses says why in its own reason, nested in
// the token sentence, so that the UI does not show Go's English inside it.
func TestTokenSendFailureNestsTheNetworkReason(t *testing.T) {
	t.Parallel()
	ts := invoketest.NewTokenServer(t, invoketest.TokenOptions{})
	refused := connToURL("http://" + invoketest.RefusedAddr(t))
	refused.Auth = tokenConn(ts, nil).Auth
	refused.Auth.TokenExchange.URL = "http://" + invoketest.RefusedAddr(t) + "/token"
	res := run(t, newEngine(t, Options{}), &Call{Interface: tokenIface(), Target: Target{Connection: refused, Account: tokenAccount}})
	require.NotNil(t, res.CauseNote)
	assert.Equal(t, domain.RTokenSendFailed, res.CauseNote.Reason)
	assert.Equal(t, string(domain.RNetRefused), res.CauseNote.Params["detail.reason"])
	assert.NotEmpty(t, res.CauseNote.Params["detail.host"])
	assert.Contains(t, res.CauseNote.Params["detail"], "connection refused", "the English detail stays for the CLI")
	assert.Zero(t, ts.Calls())
}
