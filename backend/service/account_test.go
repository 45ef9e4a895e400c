package service_test

import (
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"junction/backend/domain"
	"junction/backend/invoke/invoketest"
	"junction/backend/service"
	"junction/backend/service/servicetest"
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
		v := audited(t, e, func() (*service.AccountView, error) {
			return e.svc.SaveAccount(e.ctx, maintainer, "crm", "spare", service.AccountInput{
				Name:    " ops ",
				Fields:  map[string]string{"username": "ops", "tenant": "t1"},
				Secrets: map[string]*string{"password": ptr("s3cret-ops"), "pin": ptr("1234")},
			})
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
		cases := []badInput[service.AccountInput]{
			{"missing name", "spare", service.AccountInput{Name: "  "}, domain.EValidation, "name"},
			{"name longer than 100", "spare", service.AccountInput{Name: repeat("a", 101)}, domain.EValidation, "name"},
			{"a field both plain and secret", "spare", service.AccountInput{Name: "x",
				Fields: map[string]string{"token": "t"}, Secrets: map[string]*string{"token": ptr("t")}}, domain.EValidation, "fields.token"},
			{"a field without a name", "spare", service.AccountInput{Name: "x", Fields: map[string]string{"": "v"}}, domain.EValidation, "fields"},
			{"the scheme's secret as a plain field", "prod", service.AccountInput{Name: "x",
				Fields: map[string]string{"username": "u", "password": "in-clear"}}, domain.EValidation, "fields.password"},
			{"unknown connection", "nope", service.AccountInput{Name: "x"}, domain.ENotFound, ""},
		}
		expectBadInputs(t, e, crmUpdate(e, e.svc.SaveAccount), cases)
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

func TestSettings_RoundTrip(t *testing.T) {
	e := newEnv(t)
	e.addUser("nobody") // no system permission at all

	t.Run("defaults before anything is saved", func(t *testing.T) {
		v, err := e.svc.GetSettings(e.ctx, "nobody")
		require.NoError(t, err)
		assert.Equal(t, service.DefaultBodyCapMB, v.BodyCapMB)
		assert.Equal(t, 10, v.BodyCapMB)
		assert.Equal(t, e.svc.DBPath(), v.DBPath)
	})

	t.Run("users.admin saves them, with an audit entry of the change", func(t *testing.T) {
		e.expectAudit(func() {
			v, err := e.svc.SaveSettings(e.ctx, admin, service.Settings{BodyCapMB: 3})
			require.NoError(t, err)
			assert.Equal(t, 3, v.BodyCapMB)
		}, "settings.update")
		ae := e.lastAudit()
		assert.Equal(t, admin, ae.Actor)
		assert.Equal(t, "settings", ae.TargetType)
		assert.Empty(t, ae.ConnectorID)
		assert.Equal(t, map[string]change{"bodyCapMB": {Before: 10.0, After: 3.0}}, auditChanges(t, ae))

		v, err := e.svc.GetSettings(e.ctx, "nobody")
		require.NoError(t, err, "any profile reads them")
		assert.Equal(t, 3, v.BodyCapMB)
	})

	t.Run("saving the same values writes no entry", func(t *testing.T) {
		e.expectAudit(func() {
			_, err := e.svc.SaveSettings(e.ctx, admin, service.Settings{BodyCapMB: 3})
			require.NoError(t, err)
		})
	})

	t.Run("refuses a cap out of 1..100 and changes nothing", func(t *testing.T) {
		for _, mb := range []int{0, -1, 101, 1 << 20} {
			before := snapshot(t, e.svc)
			_, err := e.svc.SaveSettings(e.ctx, admin, service.Settings{BodyCapMB: mb})
			requireCode(t, err, domain.EValidation, "bodyCapMB")
			assert.Equal(t, before, snapshot(t, e.svc))
		}
		for _, mb := range []int{1, 100} {
			_, err := e.svc.SaveSettings(e.ctx, admin, service.Settings{BodyCapMB: mb})
			require.NoError(t, err, "%d MB is allowed", mb)
		}
	})

	t.Run("an unknown profile may not read or save", func(t *testing.T) {
		_, err := e.svc.GetSettings(e.ctx, "ghost")
		requireCode(t, err, domain.EPermission)
		_, err = e.svc.SaveSettings(e.ctx, "ghost", service.Settings{BodyCapMB: 5})
		requireCode(t, err, domain.EPermission)
	})
}

// The saved body cap applies to the next invocation at once, and to a service
// opened later on the same database.
func TestSettings_BodyCapAppliesToInvocations(t *testing.T) {
	e := withAPI(newEnv(t))
	const size = 3<<20 + 512
	e.endpoint("big", invoketest.BigBody(t, size).URL)

	res := e.invoke(admin, "big", id("1"))
	assert.False(t, res.Response.Truncated, "3 MiB fits the default 10 MB")
	assert.Len(t, res.Response.Body, size)

	_, err := e.svc.SaveSettings(e.ctx, admin, service.Settings{BodyCapMB: 1})
	require.NoError(t, err)
	res = e.invoke(admin, "big", id("1"))
	assert.True(t, res.Response.Truncated, "the 1 MB cap cuts the body")
	assert.Len(t, res.Response.Body, 1<<20)
	assert.Equal(t, int64(size), res.Response.Size)

	again := service.New(e.st, e.box, service.Options{Now: fixedClock})
	res, err = again.Invoke(e.ctx, admin, "api", "big", id("1"))
	require.NoError(t, err)
	assert.True(t, res.Response.Truncated, "a service opened later reads the stored cap")
	assert.Len(t, res.Response.Body, 1<<20)

	_, err = e.svc.SaveSettings(e.ctx, admin, service.Settings{BodyCapMB: 4})
	require.NoError(t, err)
	res = e.invoke(admin, "big", id("1"))
	assert.False(t, res.Response.Truncated, "raising the cap applies too")
	assert.Len(t, res.Response.Body, size)

	own := service.New(e.st, e.box, service.Options{Now: fixedClock, BodyCap: 1000})
	res, err = own.Invoke(e.ctx, admin, "api", "big", id("1"))
	require.NoError(t, err)
	assert.Len(t, res.Response.Body, 1000, "an explicit Options.BodyCap wins over the stored one")
}

func TestSettings_Paths(t *testing.T) {
	dir := t.TempDir()
	svc := servicetest.Open(t, filepath.Join(dir, "j.db"), filepath.Join(dir, "k.key"), "alice")
	v, err := svc.GetSettings(t.Context(), "alice")
	require.NoError(t, err)
	assert.Equal(t, filepath.Join(dir, "j.db"), v.DBPath)
	assert.Equal(t, filepath.Join(dir, "k.key"), v.KeyPath)
}

// Settings are the installation's: a profile without users.admin may read
// them but not lower the history limit (which deletes other profiles'
// history) or raise the body cap; the refusal changes nothing.
func TestSettings_SaveNeedsUsersAdmin(t *testing.T) {
	e := newEnv(t)
	e.addUser("nobody")
	e.addUser("maker", domain.PermConnectorsView, domain.PermConnectorsCreate, domain.PermConnectorsManage)
	_, err := e.svc.SaveSettings(e.ctx, admin, service.Settings{BodyCapMB: 5, HistoryLimit: 500})
	require.NoError(t, err)

	for _, who := range []string{"nobody", "maker"} {
		for _, in := range []service.Settings{{BodyCapMB: 100, HistoryLimit: 500}, {BodyCapMB: 5, HistoryLimit: 10}} {
			before := snapshot(t, e.svc)
			_, err := e.svc.SaveSettings(e.ctx, who, in)
			requireCode(t, err, domain.EPermission)
			assert.ErrorContains(t, err, "users.admin")
			assert.Equal(t, before, snapshot(t, e.svc), "%s: the store is unchanged", who)
		}
		v, err := e.svc.GetSettings(e.ctx, who)
		require.NoError(t, err)
		assert.Equal(t, service.Settings{BodyCapMB: 5, HistoryLimit: 500, FlowRunsKept: domain.DefaultFlowRunsKept}, v.Settings)
	}
}

func TestService_EnsureProfile(t *testing.T) {
	t.Run("the first run creates the profile with every permission", func(t *testing.T) {
		e := newEnv(t)
		me, err := e.svc.Me(e.ctx, admin)
		require.NoError(t, err)
		assert.Equal(t, domain.AllPerms, me.Perms)
		assert.Equal(t, []string{"user.add"}, e.auditActions())
	})

	t.Run("later runs only look the profile up", func(t *testing.T) {
		e := newEnv(t)
		e.expectAudit(func() {
			v, err := e.svc.EnsureProfile(e.ctx, admin)
			require.NoError(t, err)
			assert.Equal(t, admin, v.Name)
		})
		before := snapshot(t, e.svc)
		_, err := e.svc.EnsureProfile(e.ctx, "someone-else")
		requireCode(t, err, domain.ENotFound)
		_, err = e.svc.EnsureProfile(e.ctx, "")
		requireCode(t, err, domain.EValidation, "name")
		assert.Equal(t, before, snapshot(t, e.svc))
	})
}

func TestService_AddUser(t *testing.T) {
	t.Run("adds a profile", func(t *testing.T) {
		e := newEnv(t)
		e.expectAudit(func() {
			v, err := e.svc.AddUser(e.ctx, admin, service.UserInput{Name: "carol", OrgID: "org-1", Perms: []string{domain.PermConnectorsView}, Password: ptr("pw")})
			require.NoError(t, err)
			assert.Equal(t, "carol", v.DisplayName, "the display name defaults to the name")
			assert.True(t, v.HasPassword)
			assert.Equal(t, fixedNow, v.CreatedAt)
		}, "user.add")
		assert.NotContains(t, e.lastAudit().Details, "pw\"")
		users, err := e.svc.ListUsers(e.ctx, "carol")
		require.NoError(t, err)
		require.Len(t, users, 2)
		assert.Equal(t, "admin", users[0].Name)
		assert.Equal(t, "carol", users[1].Name)
	})

	t.Run("refuses bad profiles and changes nothing", func(t *testing.T) {
		e := newEnv(t)
		e.addUser("carol")
		cases := []struct {
			name  string
			in    service.UserInput
			code  string
			field string
		}{
			{"missing name", service.UserInput{Name: " "}, domain.EValidation, "name"},
			{"name not a slug", service.UserInput{Name: "Carol Smith"}, domain.EValidation, "name"},
			{"unknown permission", service.UserInput{Name: "dave", Perms: []string{domain.PermConnectorsView, "root"}}, domain.EValidation, "perms[1]"},
			{"password too long", service.UserInput{Name: "dave", Password: ptr(repeat("p", 73))}, domain.EValidation, "password"},
			{"taken name", service.UserInput{Name: "carol"}, domain.EConflict, "name"},
		}
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				before := snapshot(t, e.svc)
				_, err := e.svc.AddUser(e.ctx, admin, tc.in)
				requireCode(t, err, tc.code, tc.field)
				assert.Equal(t, before, snapshot(t, e.svc))
			})
		}
	})
}

func TestService_UpdateUser(t *testing.T) {
	t.Run("changes permissions and password", func(t *testing.T) {
		e := newEnv(t)
		e.addUser("carol")
		e.expectAudit(func() {
			v, err := e.svc.UpdateUser(e.ctx, admin, "carol", service.UserInput{DisplayName: "Carol", Perms: []string{domain.PermConnectorsView}, Password: ptr("pw")})
			require.NoError(t, err)
			assert.Equal(t, []string{domain.PermConnectorsView}, v.Perms)
		}, "user.update")
		assert.Equal(t, change{After: []any{domain.PermConnectorsView}}, auditChanges(t, e.lastAudit())["perms"])

		_, err := e.svc.Login(e.ctx, "carol", "pw")
		require.NoError(t, err)
		_, err = e.svc.Login(e.ctx, "carol", "wrong")
		requireCode(t, err, domain.EPermission)

		_, err = e.svc.UpdateUser(e.ctx, admin, "carol", service.UserInput{Password: ptr("")})
		require.NoError(t, err)
		_, err = e.svc.Login(e.ctx, "carol", "anything")
		require.NoError(t, err, "a profile without a password needs none")
	})

	t.Run("refuses bad changes and changes nothing", func(t *testing.T) {
		e := newEnv(t)
		e.addUser("carol")
		cases := []badInput[service.UserInput]{
			{"a new name", "carol", service.UserInput{Name: "caroline"}, domain.EValidation, "name"},
			{"unknown permission", "carol", service.UserInput{Perms: []string{"root"}}, domain.EValidation, "perms[0]"},
			{"the last users.admin giving it up", admin, service.UserInput{Perms: []string{domain.PermConnectorsView}}, domain.ERule, ""},
			{"unknown profile", "nobody", service.UserInput{}, domain.ENotFound, ""},
		}
		expectBadInputs(t, e, func(user string, in service.UserInput) error { return errOf(e.svc.UpdateUser(e.ctx, admin, user, in)) }, cases)
	})

	t.Run("users.admin can move to another profile", func(t *testing.T) {
		e := newEnv(t)
		e.addUser("carol", domain.PermUsersAdmin)
		_, err := e.svc.UpdateUser(e.ctx, "carol", admin, service.UserInput{Perms: []string{domain.PermConnectorsView}})
		require.NoError(t, err)
		_, err = e.svc.AddUser(e.ctx, admin, service.UserInput{Name: "dave"})
		requireCode(t, err, domain.EPermission)
	})
}
