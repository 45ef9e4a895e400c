package service_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"junction/backend/domain"
	"junction/backend/service"
)

// recorder is an Emitter that keeps what it was sent, with what the store
// held at that moment (so the test sees that events follow the commit).
type recorder struct {
	mu     sync.Mutex
	svc    *service.Service
	events []string
	seen   []int // history limit in the store when the event came
}

func (r *recorder) Emit(name string, _ any) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.events = append(r.events, name)
	if r.svc != nil {
		v, err := r.svc.GetSettings(context.Background(), "alice")
		if err == nil {
			r.seen = append(r.seen, v.HistoryLimit)
		}
	}
}

func (r *recorder) got() ([]string, []int) {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]string(nil), r.events...), append([]int(nil), r.seen...)
}

func openIn(t *testing.T, dir string, events service.Emitter) *service.Service {
	t.Helper()
	svc, err := service.Open(service.Config{DBPath: filepath.Join(dir, "junction.db"), KeyPath: filepath.Join(dir, "secret.key"), Events: events})
	require.NoError(t, err)
	t.Cleanup(func() { svc.Close() })
	return svc
}

func TestService_Events(t *testing.T) {
	rec := &recorder{}
	svc := openIn(t, t.TempDir(), rec)
	ctx := context.Background()
	_, err := svc.Enter(ctx, "alice", "")
	require.NoError(t, err)
	rec.mu.Lock()
	rec.events, rec.seen, rec.svc = nil, nil, svc
	rec.mu.Unlock()

	_, err = svc.SaveSettings(ctx, "alice", service.Settings{BodyCapMB: 10, HistoryLimit: 300})
	require.NoError(t, err)
	events, seen := rec.got()
	assert.Equal(t, []string{service.EventAuditAppended, service.EventSettingsChanged}, events)
	assert.Equal(t, []int{300, 300}, seen, "each event comes after the change is committed")

	t.Run("a refused change emits nothing", func(t *testing.T) {
		rec.mu.Lock()
		rec.events = nil
		rec.mu.Unlock()
		_, err := svc.SaveSettings(ctx, "ghost", service.Settings{BodyCapMB: 10, HistoryLimit: 400})
		assert.Equal(t, domain.EPermission, domain.ErrorCode(err))
		_, err = svc.CreateConnector(ctx, "alice", service.ConnectorInput{Key: "Not A Key", Name: "X"})
		assert.Equal(t, domain.EValidation, domain.ErrorCode(err))
		events, _ := rec.got()
		assert.Empty(t, events)
	})
}

func TestService_StartClose(t *testing.T) {
	svc, err := service.Open(service.Config{DBPath: filepath.Join(t.TempDir(), "junction.db"), KeyPath: filepath.Join(t.TempDir(), "secret.key")})
	require.NoError(t, err)
	assert.Error(t, service.Background(svc, func(context.Context) {}), "nothing runs before Start")

	require.NoError(t, svc.Start(context.Background()))
	assert.Error(t, svc.Start(context.Background()), "it starts once")
	var stopped atomic.Bool
	running := make(chan struct{})
	require.NoError(t, service.Background(svc, func(ctx context.Context) {
		close(running)
		<-ctx.Done()
		time.Sleep(20 * time.Millisecond) // work that takes a moment to wind down
		stopped.Store(true)
	}))
	<-running
	require.NoError(t, svc.Close())
	assert.True(t, stopped.Load(), "Close cancels what Start began and waits for it")
	assert.NoError(t, svc.Close(), "closing twice is a no-op")
	assert.Error(t, svc.Start(context.Background()), "a closed service does not start")
	assert.Error(t, service.Background(svc, func(context.Context) {}))
}

func TestOpen_Instance(t *testing.T) {
	dir := t.TempDir()
	cfg := service.Config{DBPath: filepath.Join(dir, "junction.db"), KeyPath: filepath.Join(dir, "secret.key"), Instance: true, Mode: service.HolderWindow}
	_, ok := service.ReadHolder(cfg.DBPath)
	assert.False(t, ok, "no note before anyone holds the lock")

	svc, err := service.Open(cfg)
	require.NoError(t, err)
	h, ok := service.ReadHolder(cfg.DBPath)
	require.True(t, ok)
	assert.Equal(t, service.Holder{Mode: service.HolderWindow, PID: os.Getpid()}, h)

	t.Run("a second instance is refused, naming the holder", func(t *testing.T) {
		_, err := service.Open(cfg)
		require.Error(t, err)
		assert.Equal(t, domain.ERule, domain.ErrorCode(err))
		assert.Equal(t, domain.ROpenInWindow, domain.ErrorReason(err))
		assert.Contains(t, err.Error(), fmt.Sprintf("already open on %s (in a desktop window, process %d)", cfg.DBPath, os.Getpid()))
	})
	t.Run("headless opens need no lock", func(t *testing.T) {
		other, err := service.Open(service.Config{DBPath: cfg.DBPath, KeyPath: cfg.KeyPath})
		require.NoError(t, err)
		require.NoError(t, other.Close())
	})
	require.NoError(t, svc.Close())
	_, ok = service.ReadHolder(cfg.DBPath)
	assert.False(t, ok, "the note goes with the lock")
	again, err := service.Open(cfg)
	require.NoError(t, err, "the lock is free again")
	require.NoError(t, again.Close())

	t.Run("browser mode names its address", func(t *testing.T) {
		browser := cfg
		browser.Mode = service.HolderBrowser
		held, err := service.Open(browser)
		require.NoError(t, err)
		held.Announce("http://127.0.0.1:5173")
		h, ok := service.ReadHolder(cfg.DBPath)
		require.True(t, ok)
		assert.Equal(t, "http://127.0.0.1:5173", h.Addr)
		_, err = service.Open(cfg)
		assert.Equal(t, domain.ROpenInBrowser, domain.ErrorReason(err))
		assert.Equal(t, "http://127.0.0.1:5173", domain.ErrorParams(err)["addr"])
		require.NoError(t, held.Close())
	})
	t.Run("a holder that has not written its note yet", func(t *testing.T) {
		held, err := service.Open(cfg)
		require.NoError(t, err)
		t.Cleanup(func() { held.Close() })
		require.NoError(t, os.Remove(cfg.DBPath+".lock.holder"))
		_, err = service.Open(cfg)
		assert.Equal(t, domain.RInstanceTaken, domain.ErrorReason(err))
	})

	// A note of something else is not trusted.
	require.NoError(t, os.WriteFile(cfg.DBPath+".lock.holder", []byte(`{"mode":"toaster","pid":1}`), 0o600))
	_, ok = service.ReadHolder(cfg.DBPath)
	assert.False(t, ok)
}
