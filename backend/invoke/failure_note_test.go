package invoke

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"junction/backend/domain"
	"junction/backend/invoke/invoketest"
)

// assertNote checks that a sentence comes with its reason and params and that
// the English, word for word, is the note's text.
func assertNote(t *testing.T, n *domain.Note, text string, reason domain.Reason, params domain.Params) {
	t.Helper()
	require.NotNil(t, n, "no note for %q", text)
	assert.Equal(t, reason, n.Reason)
	assert.Equal(t, params, n.Params)
	assert.Equal(t, text, n.Text)
}

// Every cause of a failed call carries a Note, so that the UI says it in its
// language: the call's own timeouts, cancellation, redirects, transport
// settings and token requests, beside the network's (classify_test.go).
func TestFailureCausesHaveNotes(t *testing.T) {
	t.Parallel()
	e := newEngine(t, Options{})

	t.Run("response timeout", func(t *testing.T) {
		t.Parallel()
		conn := connTo(invoketest.SlowServer(t, time.Hour))
		conn.ResponseTimeoutSec = 1
		res := run(t, e, &Call{Interface: newIface("GET", "/x", "none"), Target: Target{Connection: conn}})
		assertNote(t, res.CauseNote, res.Cause, domain.RTimeoutNoAnswer, domain.Params{"after": "1s"})
	})
	t.Run("connect timeout in the TLS handshake", func(t *testing.T) {
		t.Parallel()
		addr := invoketest.BlackholeTLS(t)
		conn := connToURL("https://" + addr)
		conn.ConnectTimeoutSec = 1
		res := run(t, e, &Call{Interface: newIface("GET", "/x", "none"), Target: Target{Connection: conn}})
		assertNote(t, res.CauseNote, "connect timeout: no connection within 1s (TLS handshake with "+addr+" not completed)",
			domain.RTimeoutTLS, domain.Params{"after": "1s", "host": addr})

		pr := probe(t, Target{Connection: conn})
		require.NotNil(t, pr.TLS)
		assertNote(t, pr.TLS.Note, pr.TLS.Error, domain.RTimeoutTLS, domain.Params{"after": "1s", "host": addr})
	})
	t.Run("cancelled", func(t *testing.T) {
		t.Parallel()
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		res, err := e.Invoke(ctx, &Call{Interface: newIface("GET", "/x", "none"), Target: Target{Connection: connTo(invoketest.SlowServer(t, time.Hour))}})
		require.NoError(t, err)
		assertNote(t, res.CauseNote, "the call was cancelled before it completed", domain.RCallCancelled, nil)
	})
	t.Run("a client certificate that is not there", func(t *testing.T) {
		t.Parallel()
		conn := connToURL("https://127.0.0.1:1")
		missing := t.TempDir() + "/missing.pem"
		conn.TLS.ClientCertPath = missing
		res := run(t, e, &Call{Interface: newIface("GET", "/x", "none"), Target: Target{Connection: conn}})
		require.NotNil(t, res.CauseNote, res.Cause)
		assert.Equal(t, domain.RCallCertUnreadable, res.CauseNote.Reason)
		assert.Equal(t, missing, res.CauseNote.Params["path"])
		assert.Equal(t, res.Cause, res.CauseNote.Text)

		pr := probe(t, Target{Connection: conn})
		require.NotNil(t, pr.TLS)
		require.NotNil(t, pr.TLS.ClientCert)
		require.NotNil(t, pr.TLS.ClientCert.Note)
		assert.Equal(t, domain.RCallCertUnreadable, pr.TLS.ClientCert.Note.Reason)
	})
	t.Run("a token request that is refused", func(t *testing.T) {
		t.Parallel()
		ts := invoketest.NewTokenServer(t, invoketest.TokenOptions{})
		acct := &Account{Name: "default", Fields: map[string]string{"appKey": "app-key", "appSecret": "wrong"}, Secret: []string{"appSecret"}}
		res := run(t, e, &Call{Interface: tokenIface(), Target: Target{Connection: tokenConn(ts, nil), Account: acct}})
		require.NotNil(t, res.CauseNote, res.Cause)
		assert.Equal(t, domain.RTokenStatus, res.CauseNote.Reason)
		assert.Equal(t, "401", res.CauseNote.Params["status"])
		assert.Equal(t, res.Cause, res.CauseNote.Text)
		require.NotNil(t, res.TokenStep)
		assert.Equal(t, res.CauseNote, res.TokenStep.Note)
		assert.NotContains(t, res.TokenStep.Note.Text, "wrong", "the note is redacted like the error")
	})
}
