package fsx_test

import (
	"bytes"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sync"
	"syscall"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"junction/backend/fsx"
)

// onlyFiles lists the names in dir, so a test can tell that no temporary file stayed.
func onlyFiles(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	names := []string{}
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names
}

func TestWriteFile_ReplacesWhole(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "out.json")
	require.NoError(t, os.WriteFile(path, []byte("a much longer old content"), 0o644))
	require.NoError(t, fsx.WriteFile(path, []byte("new"), 0o644))
	got, err := os.ReadFile(path)
	require.NoError(t, err)
	assert.Equal(t, "new", string(got))
	assert.Equal(t, []string{"out.json"}, onlyFiles(t, dir), "no temporary file stays")

	require.NoError(t, fsx.WriteFile(path, []byte("unsynced"), 0o644, fsx.NoSync))
	got, err = os.ReadFile(path)
	require.NoError(t, err)
	assert.Equal(t, "unsynced", string(got))
	assert.Equal(t, []string{"out.json"}, onlyFiles(t, dir))
}

func TestWrite_AFailedWriteLeavesTheOldFileAndNoTemporary(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "out.json")
	require.NoError(t, os.WriteFile(path, []byte("old"), 0o644))
	// A full disk: half the content reaches the temporary file, then the write fails.
	err := fsx.Write(path, 0o644, func(w io.Writer) error {
		if _, err := w.Write([]byte("ne")); err != nil {
			return err
		}
		return syscall.ENOSPC
	})
	require.ErrorIs(t, err, syscall.ENOSPC)
	assert.ErrorContains(t, err, path, "the error names the file asked for")
	got, rerr := os.ReadFile(path)
	require.NoError(t, rerr)
	assert.Equal(t, "old", string(got))
	assert.Equal(t, []string{"out.json"}, onlyFiles(t, dir))

	t.Run("with no old file nothing stays", func(t *testing.T) {
		dir := t.TempDir()
		err := fsx.Write(filepath.Join(dir, "new.key"), 0o600, func(io.Writer) error { return syscall.ENOSPC }, fsx.NoReplace)
		require.ErrorIs(t, err, syscall.ENOSPC)
		assert.Empty(t, onlyFiles(t, dir))
	})
	t.Run("a failed rename removes the temporary file", func(t *testing.T) {
		dir := t.TempDir()
		// A folder with files in it cannot be renamed over.
		target := filepath.Join(dir, "taken")
		require.NoError(t, os.MkdirAll(filepath.Join(target, "inside"), 0o700))
		err := fsx.WriteFile(target, []byte("x"), 0o644)
		require.Error(t, err)
		assert.ErrorContains(t, err, target)
		assert.Equal(t, []string{"taken"}, onlyFiles(t, dir))
	})
	t.Run("a missing folder is an error, not a new folder", func(t *testing.T) {
		dir := t.TempDir()
		err := fsx.WriteFile(filepath.Join(dir, "missing", "out.json"), []byte("x"), 0o644)
		require.ErrorIs(t, err, fs.ErrNotExist)
		assert.Empty(t, onlyFiles(t, dir))
	})
}

func TestWriteFile_NoReplaceKeepsAnExistingFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "secret.key")
	require.NoError(t, fsx.WriteFile(path, []byte("first"), 0o600, fsx.NoReplace))
	err := fsx.WriteFile(path, []byte("second"), 0o600, fsx.NoReplace)
	require.ErrorIs(t, err, fs.ErrExist)
	assert.ErrorContains(t, err, path)
	got, rerr := os.ReadFile(path)
	require.NoError(t, rerr)
	assert.Equal(t, "first", string(got), "the file created first stays")
	assert.Equal(t, []string{"secret.key"}, onlyFiles(t, dir), "only the one name of the file remains")
	assert.NoError(t, fsx.WriteFile(filepath.Join(dir, "other.key"), []byte("x"), 0o600, fsx.NoReplace))
}

func TestWriteFile_NoReplaceRacersLeaveOneWinner(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "secret.key")
	const racers = 8
	errs := make(chan error, racers)
	var wg sync.WaitGroup
	for i := range racers {
		wg.Go(func() { errs <- fsx.WriteFile(path, []byte{byte('a' + i)}, 0o600, fsx.NoReplace) })
	}
	wg.Wait()
	close(errs)
	won := 0
	for err := range errs {
		if err == nil {
			won++
		} else {
			require.ErrorIs(t, err, fs.ErrExist)
		}
	}
	assert.Equal(t, 1, won, "exactly one writer creates the file")
	assert.Equal(t, []string{"secret.key"}, onlyFiles(t, dir))
}

func TestRewind_AFillStartsOver(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "out.json")
	require.NoError(t, fsx.Write(path, 0o644, func(w io.Writer) error {
		if _, err := w.Write([]byte("first attempt, longer")); err != nil {
			return err
		}
		if err := fsx.Rewind(w); err != nil {
			return err
		}
		_, err := w.Write([]byte("second"))
		return err
	}))
	got, err := os.ReadFile(path)
	require.NoError(t, err)
	assert.Equal(t, "second", string(got))
	assert.Equal(t, []string{"out.json"}, onlyFiles(t, dir))

	var notAFill bytes.Buffer
	assert.Error(t, fsx.Rewind(&notAFill), "only the writer Write gives a fill rewinds")
}
