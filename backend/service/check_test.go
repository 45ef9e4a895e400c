package service_test

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"junction/backend/domain"
	"junction/backend/invoke"
	"junction/backend/invoke/invoketest"
	"junction/backend/service"
)

func TestService_CheckConnection(t *testing.T) {
	t.Parallel()
	ca := invoketest.NewCA(t)
	mtls := invoketest.MutualTLSServer(t, ca, invoketest.JSONHandler(200, `{}`))
	p12 := ca.ClientCert(t, "check-client").WriteP12(t, "p12-pass")
	e := withAPI(newEnvWith(t, service.Options{}))
	in := connTo("secure", "https://"+mtls.Host())
	in.TLS = domain.TLSOptions{CACertPath: ca.WritePEM(t), ClientCertPath: p12}
	in.ClientCertPassword = ptr("p12-pass")
	e.addConn(in)

	t.Run("opens the certificate password and reaches a mutual-TLS server", func(t *testing.T) {
		var res *invoke.ProbeResult
		e.expectAudit(func() {
			r, err := e.svc.CheckConnection(e.ctx, viewer, "api", "secure")
			require.NoError(t, err)
			res = r
		}, "connection.check")
		assert.True(t, res.OK, "%+v", res)
		require.NotNil(t, res.TLS)
		require.NotNil(t, res.TLS.ClientCert)
		assert.True(t, res.TLS.ClientCert.Loaded, res.TLS.ClientCert.Error)
		assert.True(t, res.TLS.ClientCertSent)
		assert.True(t, res.TLS.Verified)
		assert.Equal(t, "check-client", mtls.Last().ClientCN)

		ae := e.lastAudit()
		assert.Equal(t, viewer, ae.Actor)
		assert.Equal(t, "api/secure", ae.TargetKey)
		assert.Equal(t, "connection secure checked: reachable", ae.Summary)
		assert.NotContains(t, ae.Details, "p12-pass")
		assert.NotContains(t, jsonOf(t, res), "p12-pass", "the password never leaves the backend")
	})

	t.Run("records where an unreachable connection failed", func(t *testing.T) {
		e.addConn(connTo("gone", "https://"+invoketest.RefusedAddr(t)))
		res, err := e.svc.CheckConnection(e.ctx, admin, "api", "gone")
		require.NoError(t, err, "what the network says is the result, not an error")
		assert.False(t, res.OK)
		assert.Equal(t, "refused", res.TCP.Reason)
		ae := e.lastAudit()
		assert.Equal(t, "connection gone checked: not reachable", ae.Summary)
		var details map[string]any
		require.NoError(t, json.Unmarshal([]byte(ae.Details), &details))
		assert.Equal(t, "tcp", details["step"])
		assert.Equal(t, "refused", details["reason"])
	})

	t.Run("needs view access", func(t *testing.T) {
		e.expectAudit(func() {
			_, err := e.svc.CheckConnection(e.ctx, stranger, "api", "secure")
			requireCode(t, err, domain.EPermission)
		})
	})

	t.Run("names a missing connection", func(t *testing.T) {
		_, err := e.svc.CheckConnection(e.ctx, admin, "api", "nope")
		requireCode(t, err, domain.ENotFound)
	})
}

// Check connection on a token-exchange connection runs the token request
// for the chosen account (the default one when none is named), with its
// secrets opened for the request and redacted from the result and the log.
func TestService_CheckConnectionToken(t *testing.T) {
	t.Parallel()
	ts := invoketest.NewTokenServer(t, invoketest.TokenOptions{ExpiresIn: 1800})
	e := withAPI(newEnv(t))
	in := connTo("tok", ts.URL)
	in.Auth = domain.Auth{Type: domain.AuthTokenExchange, TokenExchange: &domain.TokenExchange{
		Method: "POST", URL: "/token", BodyType: "json",
		Body:      map[string]any{"appKey": "{{account.appKey}}", "appSecret": "{{account.appSecret}}"},
		TokenPath: "data.access_token", ExpiresInPath: "data.expires_in",
		Inject: domain.TokenInject{In: "header", Name: "X-Access-Token"},
	}}
	e.addConn(in)
	for _, a := range []service.AccountInput{
		{Name: "good", Default: true, Fields: map[string]string{"appKey": "app-key"}, Secrets: map[string]*string{"appSecret": ptr("app-secret")}},
		{Name: "wrong", Fields: map[string]string{"appKey": "app-key"}, Secrets: map[string]*string{"appSecret": ptr("not-the-secret")}},
	} {
		_, err := e.svc.SaveAccount(e.ctx, admin, "api", "tok", a)
		require.NoError(t, err)
	}

	res, err := e.svc.CheckConnectionAs(e.ctx, viewer, "api", "tok", "")
	require.NoError(t, err)
	require.NotNil(t, res.Token)
	assert.True(t, res.OK, "%+v", res.Token)
	assert.True(t, res.Token.TokenFound)
	assert.Equal(t, 1800.0, res.Token.ExpiresInSec)
	assert.NotContains(t, jsonOf(t, res), "app-secret")
	assert.NotContains(t, jsonOf(t, res), "tok-1")

	res, err = e.svc.CheckConnectionAs(e.ctx, viewer, "api", "tok", "wrong")
	require.NoError(t, err)
	assert.False(t, res.OK)
	require.NotNil(t, res.Token)
	assert.Equal(t, 401, res.Token.Status)
	assert.NotContains(t, jsonOf(t, res), "not-the-secret")
	ae := e.lastAudit()
	assert.Equal(t, "connection tok checked: not reachable", ae.Summary)
	assert.Contains(t, ae.Details, "token")
	assert.NotContains(t, ae.Details, "not-the-secret")

	_, err = e.svc.CheckConnectionAs(e.ctx, viewer, "api", "tok", "nobody")
	requireCode(t, err, domain.ENotFound, "")
}
