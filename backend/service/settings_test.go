package service_test

import (
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"junction/backend/domain"
	"junction/backend/invoke/invoketest"
	"junction/backend/service"
)

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
	svc, err := service.Open(service.Config{DBPath: filepath.Join(dir, "j.db"), KeyPath: filepath.Join(dir, "k.key")})
	require.NoError(t, err)
	t.Cleanup(func() { svc.Close() })
	_, err = svc.EnsureProfile(t.Context(), "alice")
	require.NoError(t, err)
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
		assert.Equal(t, service.Settings{BodyCapMB: 5, HistoryLimit: 500}, v.Settings)
	}
}
