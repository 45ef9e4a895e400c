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
	"junction/backend/service/servicetest"
)

// newFacade is the facade over a real service on a fresh database, acting as
// the first-run profile alice (every permission).
func newFacade(t *testing.T) (*App, *service.Service) {
	t.Helper()
	dir := t.TempDir()
	svc := servicetest.Open(t, filepath.Join(dir, "junction.db"), filepath.Join(dir, "secret.key"), "alice")
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

func TestSession_Calls(t *testing.T) {
	a := &App{Session: NewSession(nil, "alice")}
	s := a.Session

	t.Run("Cancel ends the call of its id", func(t *testing.T) {
		ctx, actor, done := s.call("c1")
		defer done()
		assert.Equal(t, "alice", actor)
		s.Cancel("other")
		assert.NoError(t, ctx.Err())
		s.Cancel("c1")
		assert.ErrorIs(t, ctx.Err(), context.Canceled)
	})
	t.Run("a Cancel that overtakes its call starts it cancelled", func(t *testing.T) {
		s.Cancel("c2")
		ctx, _, done := s.call("c2")
		defer done()
		assert.ErrorIs(t, ctx.Err(), context.Canceled)
		again, _, done2 := s.call("c2")
		defer done2()
		assert.NoError(t, again.Err(), "the early cancel is spent once")
	})
	t.Run("early cancels are bounded", func(t *testing.T) {
		for i := range recentCancels + 5 {
			s.Cancel(string(rune('a' + i)))
		}
		assert.Len(t, s.calls.early, recentCancels)
	})
	t.Run("the attached request ends the call", func(t *testing.T) {
		req, cancelReq := context.WithCancel(context.Background())
		detach := a.AttachCall(req, "c3")
		ctx, _, done := s.call("c3")
		assert.NoError(t, ctx.Err())
		cancelReq()
		<-ctx.Done()
		done()
		detach()
		assert.Empty(t, s.calls.attached)
		assert.Empty(t, s.calls.running)
	})
	t.Run("an ended call ignores Cancel", func(t *testing.T) {
		ctx, _, done := s.call("c4")
		done()
		s.Cancel("c4")
		assert.ErrorIs(t, ctx.Err(), context.Canceled, "done releases the call's context")
		assert.NotContains(t, s.calls.running, "c4")
	})
}

// The window's emitter never reaches the Wails runtime on a context that is
// not the window's: before Startup, or in browser mode (which would end the
// process).
func TestWindowEvents_OffTheWindow(t *testing.T) {
	w := NewWindowEvents()
	w.Emit("audit.appended", 1)
	w.start(context.Background())
	w.Emit("audit.appended", 1)
}
