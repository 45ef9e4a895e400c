package secret

import (
	"os"
	"path/filepath"
	"strings"
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
