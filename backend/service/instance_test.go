package service_test

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"junction/backend/domain"
	"junction/backend/service"
)

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
