//go:build unix

// Windows has no permission bits beyond read-only, so the mode test is for
// unix systems only (a build constraint, not a skip).
package fsx_test

import (
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"junction/backend/fsx"
)

func TestWriteFile_WritesWithTheModeGiven(t *testing.T) {
	dir := t.TempDir()
	for _, perm := range []fs.FileMode{0o600, 0o644} {
		path := filepath.Join(dir, perm.String())
		require.NoError(t, fsx.WriteFile(path, []byte("data"), perm))
		info, err := os.Stat(path)
		require.NoError(t, err)
		assert.Equal(t, perm, info.Mode().Perm())
		got, err := os.ReadFile(path)
		require.NoError(t, err)
		assert.Equal(t, "data", string(got))
	}
	t.Run("a replaced file takes the new mode", func(t *testing.T) {
		path := filepath.Join(dir, "replaced")
		require.NoError(t, os.WriteFile(path, []byte("old"), 0o644))
		require.NoError(t, fsx.WriteFile(path, []byte("new"), 0o600))
		info, err := os.Stat(path)
		require.NoError(t, err)
		assert.Equal(t, fs.FileMode(0o600), info.Mode().Perm())
	})
}
