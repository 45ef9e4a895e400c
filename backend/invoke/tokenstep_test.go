package invoke

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"junction/backend/domain"
	"junction/backend/invoke/invoketest"
)

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
	b, err := json.Marshal(res)
	require.NoError(t, err)
	assert.NotContains(t, string(b), "s3cr3t-wrong")
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
	b, err := json.Marshal(good)
	require.NoError(t, err)
	assert.NotContains(t, string(b), "tok-1")
	assert.NotContains(t, string(b), "app-secret")

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
