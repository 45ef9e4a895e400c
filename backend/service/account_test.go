package service_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"junction/backend/domain"
	"junction/backend/service"
)

// accounts returns the accounts of a connection as a viewer sees them.
func (e *env) accounts(connector, connection string) []service.AccountView {
	e.t.Helper()
	v, err := e.svc.GetConnection(e.ctx, viewer, connector, connection)
	require.NoError(e.t, err)
	return v.Accounts
}

func defaults(views []service.AccountView) map[string]bool {
	out := map[string]bool{}
	for _, v := range views {
		out[v.Name] = v.Default
	}
	return out
}

func TestService_SaveAccount(t *testing.T) {
	t.Run("creates accounts with write-only secrets", func(t *testing.T) {
		e := withRoles(t)
		var v *service.AccountView
		e.expectAudit(func() {
			var err error
			v, err = e.svc.SaveAccount(e.ctx, maintainer, "crm", "spare", service.AccountInput{
				Name:    " ops ",
				Fields:  map[string]string{"username": "ops", "tenant": "t1"},
				Secrets: map[string]*string{"password": ptr("s3cret-ops"), "pin": ptr("1234")},
			})
			require.NoError(t, err)
		}, "account.save")
		assert.Equal(t, "ops", v.Name)
		assert.True(t, v.Default, "the first account of a connection is its default")
		assert.Equal(t, map[string]string{"username": "ops", "tenant": "t1"}, v.Fields)
		assert.Equal(t, []service.SecretState{{Name: "password", Set: true}, {Name: "pin", Set: true}}, v.Secrets)
		assert.Equal(t, []service.AccountView{*v}, e.accounts("crm", "spare"))

		ch := auditChanges(t, e.lastAudit())
		assert.Equal(t, change{After: domain.Redacted}, ch["secrets.password"])
		assert.Equal(t, change{After: "ops"}, ch["fields.username"])
		assert.Equal(t, "crm/spare/ops", e.lastAudit().TargetKey)
	})

	t.Run("keeps exactly one default", func(t *testing.T) {
		e := withRoles(t)
		save := func(name string, def bool) {
			t.Helper()
			_, err := e.svc.SaveAccount(e.ctx, owner, "crm", "spare", service.AccountInput{Name: name, Default: def})
			require.NoError(t, err)
		}
		save("a", false)
		assert.Equal(t, map[string]bool{"a": true}, defaults(e.accounts("crm", "spare")))
		save("b", false)
		assert.Equal(t, map[string]bool{"a": true, "b": false}, defaults(e.accounts("crm", "spare")))
		save("c", true)
		assert.Equal(t, map[string]bool{"a": false, "b": false, "c": true}, defaults(e.accounts("crm", "spare")))
		save("c", false)
		assert.Equal(t, map[string]bool{"a": false, "b": false, "c": true}, defaults(e.accounts("crm", "spare")),
			"the only default cannot drop the flag without another taking it")
		save("a", true)
		assert.Equal(t, map[string]bool{"a": true, "b": false, "c": false}, defaults(e.accounts("crm", "spare")))
	})

	t.Run("keeps, replaces and removes secrets on edit", func(t *testing.T) {
		e := withRoles(t)
		_, err := e.svc.SaveAccount(e.ctx, owner, "crm", "spare", service.AccountInput{Name: "a",
			Fields: map[string]string{"username": "u1"}, Secrets: map[string]*string{"password": ptr("p1"), "pin": ptr("1")}})
		require.NoError(t, err)
		var stored string
		require.NoError(t, e.st.DB.Raw(`SELECT secrets FROM auth_accounts WHERE name = 'a'`).Scan(&stored).Error)

		e.expectAudit(func() {
			v, err := e.svc.SaveAccount(e.ctx, owner, "crm", "spare", service.AccountInput{Name: "a",
				Fields: map[string]string{"username": "u2"}, Secrets: map[string]*string{"password": nil, "pin": ptr("")}})
			require.NoError(t, err)
			assert.Equal(t, []service.SecretState{{Name: "password", Set: true}}, v.Secrets)
			assert.Equal(t, map[string]string{"username": "u2"}, v.Fields)
		}, "account.save")
		ch := auditChanges(t, e.lastAudit())
		assert.Equal(t, change{Before: domain.Redacted}, ch["secrets.pin"])
		assert.Equal(t, change{Before: "u1", After: "u2"}, ch["fields.username"])
		_, logged := ch["secrets.password"]
		assert.False(t, logged, "a kept secret is no change")

		var kept string
		require.NoError(t, e.st.DB.Raw(`SELECT json_extract(secrets, '$.password') FROM auth_accounts WHERE name = 'a'`).Scan(&kept).Error)
		assert.Contains(t, stored, kept, "the kept password is the stored ciphertext")

		_, err = e.svc.SaveAccount(e.ctx, owner, "crm", "spare", service.AccountInput{Name: "a",
			Secrets: map[string]*string{"password": ptr("p2")}})
		require.NoError(t, err)
		assert.Equal(t, change{Before: domain.Redacted, After: domain.Redacted}, auditChanges(t, e.lastAudit())["secrets.password"],
			"a replaced secret shows as changed, redacted")
		assert.Empty(t, e.accounts("crm", "spare")[0].Fields, "fields are replaced as a whole")
	})

	t.Run("refuses bad accounts and changes nothing", func(t *testing.T) {
		e := withRoles(t)
		cases := []struct {
			name       string
			connection string
			in         service.AccountInput
			code       string
			field      string
		}{
			{"missing name", "spare", service.AccountInput{Name: "  "}, domain.EValidation, "name"},
			{"name longer than 100", "spare", service.AccountInput{Name: repeat("a", 101)}, domain.EValidation, "name"},
			{"a field both plain and secret", "spare", service.AccountInput{Name: "x",
				Fields: map[string]string{"token": "t"}, Secrets: map[string]*string{"token": ptr("t")}}, domain.EValidation, "fields.token"},
			{"a field without a name", "spare", service.AccountInput{Name: "x", Fields: map[string]string{"": "v"}}, domain.EValidation, "fields"},
			{"the scheme's secret as a plain field", "prod", service.AccountInput{Name: "x",
				Fields: map[string]string{"username": "u", "password": "in-clear"}}, domain.EValidation, "fields.password"},
			{"unknown connection", "nope", service.AccountInput{Name: "x"}, domain.ENotFound, ""},
		}
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				before := snapshot(t, e.svc)
				_, err := e.svc.SaveAccount(e.ctx, owner, "crm", tc.connection, tc.in)
				requireCode(t, err, tc.code, tc.field)
				assert.Equal(t, before, snapshot(t, e.svc))
			})
		}
	})
}

func TestService_DeleteAccount(t *testing.T) {
	t.Run("the next account by name becomes the default", func(t *testing.T) {
		e := withRoles(t)
		for _, name := range []string{"c", "b", "a"} {
			_, err := e.svc.SaveAccount(e.ctx, owner, "crm", "spare", service.AccountInput{Name: name})
			require.NoError(t, err)
		}
		require.Equal(t, map[string]bool{"a": false, "b": false, "c": true}, defaults(e.accounts("crm", "spare")))
		e.expectAudit(func() { require.NoError(t, e.svc.DeleteAccount(e.ctx, maintainer, "crm", "spare", "c")) }, "account.delete")
		assert.Equal(t, map[string]bool{"a": true, "b": false}, defaults(e.accounts("crm", "spare")))
		e.expectAudit(func() { require.NoError(t, e.svc.DeleteAccount(e.ctx, maintainer, "crm", "spare", "b")) }, "account.delete")
		assert.Equal(t, map[string]bool{"a": true}, defaults(e.accounts("crm", "spare")))
		require.NoError(t, e.svc.DeleteAccount(e.ctx, maintainer, "crm", "spare", "a"))
		assert.Empty(t, e.accounts("crm", "spare"))
	})

	t.Run("an unknown account is not found", func(t *testing.T) {
		e := withRoles(t)
		before := snapshot(t, e.svc)
		requireCode(t, e.svc.DeleteAccount(e.ctx, owner, "crm", "prod", "nope"), domain.ENotFound)
		assert.Equal(t, before, snapshot(t, e.svc))
	})
}

func TestService_SetSecret(t *testing.T) {
	t.Run("sets an account secret, creating the account", func(t *testing.T) {
		e := withRoles(t)
		e.expectAudit(func() {
			require.NoError(t, e.svc.SetSecret(e.ctx, maintainer, "crm", "spare", "svc", "token", "tok-1"))
		}, "secret.set")
		assert.Equal(t, map[string]change{"secrets.token": {After: domain.Redacted}}, auditChanges(t, e.lastAudit()))
		acc := e.accounts("crm", "spare")
		require.Len(t, acc, 1)
		assert.Equal(t, "svc", acc[0].Name)
		assert.True(t, acc[0].Default)
		assert.Equal(t, []service.SecretState{{Name: "token", Set: true}}, acc[0].Secrets)

		require.NoError(t, e.svc.SetSecret(e.ctx, maintainer, "crm", "spare", "svc", "token", "tok-2"))
		assert.Equal(t, map[string]change{"secrets.token": {Before: domain.Redacted, After: domain.Redacted}}, auditChanges(t, e.lastAudit()))
	})

	t.Run("turns a plain field into a secret", func(t *testing.T) {
		e := withRoles(t)
		_, err := e.svc.SaveAccount(e.ctx, owner, "crm", "spare", service.AccountInput{Name: "a", Fields: map[string]string{"appKey": "k", "appSecret": "oops"}})
		require.NoError(t, err)
		require.NoError(t, e.svc.SetSecret(e.ctx, owner, "crm", "spare", "a", "appSecret", "real-secret"))
		acc := e.accounts("crm", "spare")[0]
		assert.Equal(t, map[string]string{"appKey": "k"}, acc.Fields)
		assert.Equal(t, []service.SecretState{{Name: "appSecret", Set: true}}, acc.Secrets)
	})

	t.Run("sets the client certificate password of an https connection", func(t *testing.T) {
		e := withRoles(t)
		v, err := e.svc.GetConnection(e.ctx, owner, "crm", "prod")
		require.NoError(t, err)
		require.False(t, v.ClientCertPasswordSet)
		e.expectAudit(func() {
			require.NoError(t, e.svc.SetSecret(e.ctx, owner, "crm", "prod", "", "tls.clientCertPassword", "cert-pw"))
		}, "secret.set")
		v, err = e.svc.GetConnection(e.ctx, owner, "crm", "prod")
		require.NoError(t, err)
		assert.True(t, v.ClientCertPasswordSet)
		assert.Equal(t, map[string]change{"tls.clientCertPassword": {After: domain.Redacted}}, auditChanges(t, e.lastAudit()))
	})

	t.Run("refuses bad calls and changes nothing", func(t *testing.T) {
		e := withRoles(t)
		cases := []struct {
			name                          string
			connection, account, field, v string
			code                          string
			wantField                     string
		}{
			{"empty value", "prod", "main", "password", "", domain.EValidation, "value"},
			{"no field", "prod", "main", " ", "x", domain.EValidation, "field"},
			{"no account", "prod", "", "password", "x", domain.EValidation, "account"},
			{"certificate password of an http connection", "spare", "", "tls.clientCertPassword", "x", domain.EValidation, "field"},
			{"unknown connection", "nope", "main", "password", "x", domain.ENotFound, ""},
		}
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				before := snapshot(t, e.svc)
				err := e.svc.SetSecret(e.ctx, owner, "crm", tc.connection, tc.account, tc.field, tc.v)
				requireCode(t, err, tc.code, tc.wantField)
				assert.Equal(t, before, snapshot(t, e.svc))
			})
		}
	})
}
