package service_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"junction/backend/domain"
	"junction/backend/invoke/invoketest"
	"junction/backend/service"
)

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
