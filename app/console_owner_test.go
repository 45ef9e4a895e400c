package app

import (
	"bytes"
	"context"
	"log/slog"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"junction/backend/domain"
	"junction/backend/invoke/invoketest"
	"junction/backend/secret"
	"junction/backend/service"
	"junction/backend/store/storetest"
)

// testClock is a clock the test moves by hand.
type testClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *testClock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *testClock) advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// newClockedFacade is newFacade over a service whose clock the test holds.
func newClockedFacade(t *testing.T) (*App, *service.Service, *testClock) {
	t.Helper()
	box, err := secret.OpenKeyFile(filepath.Join(t.TempDir(), "secret.key"))
	require.NoError(t, err)
	clock := &testClock{t: time.Date(2026, 11, 23, 8, 0, 0, 0, time.UTC)}
	svc := service.New(storetest.Open(t), box, service.Options{Now: clock.now})
	_, err = svc.EnsureProfile(context.Background(), "alice")
	require.NoError(t, err)
	a := New(svc, Options{Profile: "alice", Log: slog.New(slog.NewTextHandler(&bytes.Buffer{}, nil))})
	a.Startup(context.Background())
	return a, svc, clock
}

// A body the console keeps belongs to the profile that made the call: after a
// switch another profile cannot read it, even one that may view the
// connector, and the owner loses it once it cannot view the history entry.
func TestFacade_KeptBodiesBelongToTheProfile(t *testing.T) {
	a, svc := newFacade(t)
	body := strings.Repeat("x", PreviewBytes+100)
	srv := invoketest.TextServer(t, "text/plain", body)
	_, err := a.Connectors.Create(service.ConnectorInput{Key: "crm", Name: "CRM"})
	require.NoError(t, err)
	_, err = a.Connections.Create("crm", service.ConnectionInput{Key: "big", Name: "big", Protocol: "http", Host: srv.Host()})
	require.NoError(t, err)
	_, err = a.Interfaces.Create("crm", service.InterfaceInput{Key: "big", Name: "big", ConnectionKey: "big", Method: "GET", Path: "/",
		Success: domain.Condition{Field: "status", Op: "eq", Value: float64(200)}})
	require.NoError(t, err)
	for _, name := range []string{"bob", "carol"} {
		_, err = a.Users.Add(service.UserInput{Name: name, Perms: []string{domain.PermConnectorsView, domain.PermConnectorsManage}})
		require.NoError(t, err)
	}
	notKept := func(t *testing.T, id string) {
		t.Helper()
		_, err := a.Interfaces.ResponseBodyChunk(id, 0, 10)
		assert.Equal(t, domain.ENotFound, domain.ErrorCode(err), "chunk: %v", err)
		_, err = a.Interfaces.SaveCallBody(id, "x.txt")
		assert.Equal(t, domain.ENotFound, domain.ErrorCode(err), "save: %v", err)
	}

	mine, err := a.Interfaces.Test("", "crm", "big", service.InvokeInput{})
	require.NoError(t, err)
	require.True(t, mine.BodyClipped)
	c, err := a.Interfaces.ResponseBodyChunk(mine.HistoryID, 0, 10)
	require.NoError(t, err)
	assert.Equal(t, "xxxxxxxxxx", c.Text)

	t.Run("another profile after a switch", func(t *testing.T) {
		_, err := a.Session.Switch("bob", "")
		require.NoError(t, err)
		_, err = a.Interfaces.GetHistory(mine.HistoryID)
		require.NoError(t, err, "bob may view the history entry itself")
		notKept(t, mine.HistoryID)
	})
	t.Run("a body kept for bob is gone for alice", func(t *testing.T) {
		bobs, err := a.Interfaces.Test("", "crm", "big", service.InvokeInput{})
		require.NoError(t, err)
		_, err = a.Interfaces.ResponseBodyChunk(bobs.HistoryID, 0, 10)
		require.NoError(t, err)
		_, err = a.Session.Switch("alice", "")
		require.NoError(t, err)
		notKept(t, bobs.HistoryID)
		notKept(t, mine.HistoryID) // the switch emptied the cache
	})
	t.Run("the owner needs view on the entry", func(t *testing.T) {
		_, err := a.Session.Switch("carol", "")
		require.NoError(t, err)
		carols, err := a.Interfaces.Test("", "crm", "big", service.InvokeInput{})
		require.NoError(t, err)
		_, err = a.Interfaces.ResponseBodyChunk(carols.HistoryID, 0, 10)
		require.NoError(t, err)
		// alice takes connectors.manage (and so view of crm) from carol, without a switch here.
		_, err = svc.UpdateUser(context.Background(), "alice", "carol", service.UserInput{Perms: []string{domain.PermConnectorsView}})
		require.NoError(t, err)
		_, err = a.Interfaces.ResponseBodyChunk(carols.HistoryID, 0, 10)
		assert.Equal(t, domain.EPermission, domain.ErrorCode(err), "%v", err)
	})
}

// Password guesses through the profile switch are throttled: five wrong ones
// are answered as wrong, then each attempt is refused with how long to wait,
// the right password included, for a delay that doubles; after the delay the
// right password works and clears the count.
func TestSession_SwitchThrottlesPasswordGuesses(t *testing.T) {
	a, _, clock := newClockedFacade(t)
	pw := "s3cret"
	_, err := a.Users.Add(service.UserInput{Name: "carol", Perms: []string{}, Password: &pw})
	require.NoError(t, err)
	_, err = a.Users.Add(service.UserInput{Name: "dave", Perms: []string{}, Password: &pw})
	require.NoError(t, err)

	switchErr := func(name, password string) string {
		t.Helper()
		_, err := a.Session.Switch(name, password)
		require.Error(t, err)
		got := decode(t, a.FormatError(err))
		assert.Equal(t, domain.EPermission, got.Code)
		assert.Equal(t, "alice", a.Session.Profile())
		return got.Message
	}
	for i := range 5 {
		assert.Contains(t, switchErr("carol", "guess"), "wrong password", "guess %d", i+1)
	}
	assert.Contains(t, switchErr("carol", "guess"), "wrong password", "the sixth is checked, and locks for 1s")
	assert.Contains(t, switchErr("carol", pw), "try again in 1s", "locked: the right password is refused too")
	assert.Contains(t, switchErr("dave", "guess"), "wrong password", "another profile is not locked")

	clock.advance(time.Second)
	assert.Contains(t, switchErr("carol", "guess"), "wrong password")
	assert.Contains(t, switchErr("carol", "guess"), "try again in 2s", "the delay doubles")
	clock.advance(2 * time.Second)
	assert.Contains(t, switchErr("carol", "guess"), "wrong password")
	assert.Contains(t, switchErr("carol", pw), "try again in 4s")

	clock.advance(4 * time.Second)
	u, err := a.Session.Switch("carol", pw)
	require.NoError(t, err)
	assert.Equal(t, "carol", u.Name)
	_, err = a.Session.Switch("alice", "")
	require.NoError(t, err)
	assert.Contains(t, switchErr("carol", "guess"), "wrong password", "the right password cleared the count")
	for range 4 {
		switchErr("carol", "guess")
	}
	assert.Contains(t, switchErr("carol", "guess"), "wrong password", "five free failures again")
}
