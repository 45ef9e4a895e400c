//go:build unix

package store_test

import (
	"os"
	"path/filepath"
	"syscall"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"junction/backend/store"
)

// The database and the -wal and -shm files SQLite makes beside it are the
// owner's only, whatever the umask.
func TestOpen_FilesArePrivate(t *testing.T) {
	defer syscall.Umask(syscall.Umask(0))
	path := filepath.Join(t.TempDir(), "junction.db")
	st, err := store.Open(path)
	require.NoError(t, err)
	defer st.Close()
	require.NoError(t, addUser(st, "u1"))
	for _, name := range []string{path, path + "-wal", path + "-shm"} {
		fi, err := os.Stat(name)
		require.NoError(t, err)
		assert.Equal(t, os.FileMode(0o600), fi.Mode().Perm(), name)
	}
}

// Files an older Junction left readable by others are narrowed at open.
func TestOpen_NarrowsOlderFiles(t *testing.T) {
	path := filepath.Join(t.TempDir(), "junction.db")
	st, err := store.Open(path)
	require.NoError(t, err)
	require.NoError(t, addUser(st, "u1"))
	for _, name := range []string{path + "-wal", path + "-shm"} {
		require.NoError(t, os.Chmod(name, 0o644))
	}
	again, err := store.Open(path)
	require.NoError(t, err)
	defer again.Close()
	defer st.Close()
	for _, name := range []string{path + "-wal", path + "-shm"} {
		fi, err := os.Stat(name)
		require.NoError(t, err)
		assert.Equal(t, os.FileMode(0o600), fi.Mode().Perm(), name)
	}
}
