package service_test

import (
	"encoding/json"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"junction/backend/domain"
	"junction/backend/invoke"
	"junction/backend/invoke/invoketest"
	"junction/backend/service"
)

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
		d, err := e.svc.GetHistory(e.ctx, admin, res.HistoryID)
		require.NoError(t, err)
		assert.Equal(t, "acme", d.Account)
	})

	t.Run("no account with NoAccount, even when one is named", func(t *testing.T) {
		call := id("1")
		call.NoAccount = true
		call.Account = "acme"
		res := e.invoke(admin, "get", call)
		assert.Equal(t, invoke.VerdictOK, res.Verdict)
		assert.Contains(t, res.Response.Body, `"tenant":""`)
		d, err := e.svc.GetHistory(e.ctx, admin, res.HistoryID)
		require.NoError(t, err)
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
