package app

import (
	"bytes"
	"context"
	"log/slog"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"junction/backend/domain"
	"junction/backend/service"
)

// newFacade is the facade over a real service on a fresh database, acting as
// the first-run profile alice (every permission).
func newFacade(t *testing.T) (*App, *service.Service) {
	t.Helper()
	dir := t.TempDir()
	svc, err := service.Open(service.Config{DBPath: filepath.Join(dir, "junction.db"), KeyPath: filepath.Join(dir, "secret.key")})
	require.NoError(t, err)
	t.Cleanup(func() { svc.Close() })
	_, err = svc.EnsureProfile(context.Background(), "alice")
	require.NoError(t, err)
	a := New(svc, Options{Profile: "alice", Log: slog.New(slog.NewTextHandler(&bytes.Buffer{}, nil))})
	a.Startup(context.Background())
	return a, svc
}

func TestSession_Switch(t *testing.T) {
	a, _ := newFacade(t)
	pw := "s3cret"
	_, err := a.Users.Add(service.UserInput{Name: "bob", Perms: []string{domain.PermConnectorsView}})
	require.NoError(t, err)
	_, err = a.Users.Add(service.UserInput{Name: "carol", DisplayName: "Carol", Perms: []string{}, Password: &pw})
	require.NoError(t, err)

	t.Run("to a profile without a password", func(t *testing.T) {
		u, err := a.Session.Switch("bob", "")
		require.NoError(t, err)
		assert.Equal(t, "bob", u.Name)
		assert.Equal(t, "bob", a.Session.Profile())
		me, err := a.Session.Me()
		require.NoError(t, err)
		assert.Equal(t, []string{domain.PermConnectorsView}, me.Perms)
		// The other facades act as the new profile: bob may not add profiles.
		_, err = a.Users.Add(service.UserInput{Name: "dave"})
		assert.Equal(t, domain.EPermission, domain.ErrorCode(err))
	})

	t.Run("a wrong or missing password keeps the current profile", func(t *testing.T) {
		for _, wrong := range []string{"", "nope"} {
			_, err := a.Session.Switch("carol", wrong)
			got := decode(t, a.FormatError(err))
			assert.Equal(t, domain.EPermission, got.Code)
			assert.Contains(t, got.Message, "wrong password")
			assert.Equal(t, "bob", a.Session.Profile())
		}
	})

	t.Run("to a profile with its password", func(t *testing.T) {
		u, err := a.Session.Switch("carol", pw)
		require.NoError(t, err)
		assert.Equal(t, "Carol", u.DisplayName)
		assert.True(t, u.HasPassword)
		assert.Equal(t, "carol", a.Session.Profile())
	})

	t.Run("to an unknown profile", func(t *testing.T) {
		_, err := a.Session.Switch("ghost", "")
		assert.Equal(t, domain.EPermission, domain.ErrorCode(err))
		assert.Equal(t, "carol", a.Session.Profile())
	})
}

func TestFacade_Settings(t *testing.T) {
	a, svc := newFacade(t)
	v, err := a.Settings.Get()
	require.NoError(t, err)
	assert.Equal(t, 10, v.BodyCapMB)
	assert.Equal(t, svc.DBPath(), v.DBPath)
	assert.NotEmpty(t, v.KeyPath)

	v, err = a.Settings.Save(service.Settings{BodyCapMB: 25})
	require.NoError(t, err)
	assert.Equal(t, 25, v.BodyCapMB)
	page, err := a.Audit.List(service.AuditQuery{Action: "settings.update"})
	require.NoError(t, err)
	require.Equal(t, int64(1), page.Total)
	assert.Equal(t, "alice", page.Items[0].Actor)

	_, err = a.Settings.Save(service.Settings{BodyCapMB: 0})
	got := decode(t, a.FormatError(err))
	assert.Equal(t, domain.Error{Code: domain.EValidation, Field: "bodyCapMB", Message: got.Message}, got)

	err = a.Settings.OpenDataFolder("/etc")
	assert.Equal(t, domain.EValidation, domain.ErrorCode(err), "only the data folders open")
}
