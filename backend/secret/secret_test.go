package secret

import (
	"bytes"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestOpenKeyFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "sub", "secret.key")

	box, err := OpenKeyFile(path)
	require.NoError(t, err)
	info, err := os.Stat(path)
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o600), info.Mode().Perm(), "key file must be private")
	assert.Equal(t, int64(KeySize), info.Size())

	sealed, err := box.Seal("s3cr3t-密码")
	require.NoError(t, err)
	assert.NotContains(t, sealed, "s3cr3t")

	t.Run("reopening reads the same key", func(t *testing.T) {
		again, err := OpenKeyFile(path)
		require.NoError(t, err)
		plain, err := again.Open(sealed)
		require.NoError(t, err)
		assert.Equal(t, "s3cr3t-密码", plain)
	})
	t.Run("another key cannot open it", func(t *testing.T) {
		other, err := OpenKeyFile(filepath.Join(t.TempDir(), "other.key"))
		require.NoError(t, err)
		_, err = other.Open(sealed)
		assert.ErrorContains(t, err, "cannot be decrypted")
	})
	t.Run("a short key file is refused", func(t *testing.T) {
		bad := filepath.Join(t.TempDir(), "bad.key")
		require.NoError(t, os.WriteFile(bad, []byte("short"), 0o600))
		_, err := OpenKeyFile(bad)
		assert.ErrorContains(t, err, "holds 5 bytes; a key file holds exactly 32")
	})
}

func TestSealIsRandomised(t *testing.T) {
	box, err := NewBox(make([]byte, KeySize))
	require.NoError(t, err)
	a, err := box.Seal("same")
	require.NoError(t, err)
	b, err := box.Seal("same")
	require.NoError(t, err)
	assert.NotEqual(t, a, b, "two seals of one value must differ (random nonce)")
	for _, bad := range []string{"", "v1:!!", "v1:AAAA", "v2:" + strings.TrimPrefix(a, "v1:")} {
		_, err := box.Open(bad)
		assert.Error(t, err, bad)
	}
}

func TestMask(t *testing.T) {
	for in, want := range map[string]string{"": "", "abc": "***", "abcdefghij": "ab******ij"} {
		assert.Equal(t, want, Mask(in))
	}
}

func TestReadKeyFile_TrailingWhitespaceIsReadWithAWarning(t *testing.T) {
	dir := t.TempDir()
	key := bytes.Repeat([]byte{7}, KeySize)
	want, err := NewBox(key)
	require.NoError(t, err)
	for name, tail := range map[string]string{"newline": "\n", "crlf": "\r\n", "spaces": "  \t\n"} {
		t.Run(name, func(t *testing.T) {
			path := filepath.Join(dir, name+".key")
			require.NoError(t, os.WriteFile(path, append(append([]byte{}, key...), tail...), 0o600))
			box, warning, err := ReadKeyFile(path)
			require.NoError(t, err)
			assert.Equal(t, want.Fingerprint(), box.Fingerprint(), "the 32 bytes before the whitespace are the key")
			assert.Contains(t, warning, path)
			assert.Contains(t, warning, "trailing whitespace")
		})
	}
	t.Run("a key whose own last byte is whitespace is kept whole", func(t *testing.T) {
		k := bytes.Repeat([]byte{9}, KeySize)
		k[KeySize-1] = '\n'
		path := filepath.Join(dir, "nl-in-key.key")
		require.NoError(t, os.WriteFile(path, k, 0o600))
		box, warning, err := ReadKeyFile(path)
		require.NoError(t, err)
		assert.Empty(t, warning)
		exact, err := NewBox(k)
		require.NoError(t, err)
		assert.Equal(t, exact.Fingerprint(), box.Fingerprint())
	})
	t.Run("33 bytes that are not whitespace are refused", func(t *testing.T) {
		path := filepath.Join(dir, "long.key")
		require.NoError(t, os.WriteFile(path, append(append([]byte{}, key...), 'x'), 0o600))
		_, _, err := ReadKeyFile(path)
		assert.ErrorContains(t, err, "holds 33 bytes")
	})
}

func TestReadKeyFile_RefusesWithoutCreating(t *testing.T) {
	dir := t.TempDir()
	missing := filepath.Join(dir, "missing.key")
	_, _, err := ReadKeyFile(missing)
	assert.True(t, errors.Is(err, fs.ErrNotExist), "%v", err)
	assert.NoFileExists(t, missing)

	_, _, err = ReadKeyFile(dir)
	assert.ErrorContains(t, err, "is not a regular file")
}

func TestCreateKeyFile_AFailedWriteLeavesNoFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "secret.key")
	orig := writeKey
	t.Cleanup(func() { writeKey = orig })
	// A full disk: half the key reaches the file, then the write fails.
	writeKey = func(w io.Writer, key []byte) error {
		if _, err := w.Write(key[:KeySize/2]); err != nil {
			return err
		}
		return syscall.ENOSPC
	}
	_, err := CreateKeyFile(path)
	require.ErrorIs(t, err, syscall.ENOSPC)
	assert.ErrorContains(t, err, path)
	left, err := os.ReadDir(dir)
	require.NoError(t, err)
	assert.Empty(t, left, "neither the key file nor its temporary file may stay")

	writeKey = orig
	box, err := CreateKeyFile(path)
	require.NoError(t, err)
	again, warning, err := ReadKeyFile(path)
	require.NoError(t, err)
	assert.Empty(t, warning)
	assert.Equal(t, box.Fingerprint(), again.Fingerprint())
	info, err := os.Stat(path)
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o600), info.Mode().Perm())
	left, err = os.ReadDir(dir)
	require.NoError(t, err)
	assert.Len(t, left, 1, "only the key file remains")
}

func TestCreateKeyFile_KeepsAKeyCreatedMeanwhile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "secret.key")
	first, err := CreateKeyFile(path)
	require.NoError(t, err)
	second, err := CreateKeyFile(path)
	require.NoError(t, err)
	assert.Equal(t, first.Fingerprint(), second.Fingerprint(), "an existing key file is never replaced")
}

func TestDerivedKeysDiffer(t *testing.T) {
	a, err := NewBox(bytes.Repeat([]byte{1}, KeySize))
	require.NoError(t, err)
	b, err := NewBox(bytes.Repeat([]byte{2}, KeySize))
	require.NoError(t, err)
	assert.Len(t, a.Fingerprint(), 64)
	assert.NotEqual(t, a.Fingerprint(), b.Fingerprint())
	assert.NotEqual(t, a.AuditKey(), b.AuditKey())
	assert.NotContains(t, a.Fingerprint(), "0101010101", "the fingerprint is not the key")
}
