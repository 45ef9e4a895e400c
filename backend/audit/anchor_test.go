package audit_test

import (
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"junction/backend/audit"
)

func TestWriteAnchor_NeverMovesBack(t *testing.T) {
	path := filepath.Join(t.TempDir(), "audit.anchor")
	require.NoError(t, audit.WriteAnchor(path, key, 5, "h5"))
	require.NoError(t, audit.WriteAnchor(path, key, 3, "h3"))
	a, err := audit.ReadAnchor(path)
	require.NoError(t, err)
	assert.Equal(t, int64(5), a.Seq)
	assert.Equal(t, "h5", a.Hash)
	assert.True(t, a.Valid(key))
	assert.False(t, a.Valid([]byte("another key")))
	info, err := os.Stat(path)
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o600), info.Mode().Perm())

	// Writers racing end at the highest seq, whatever their order.
	var wg sync.WaitGroup
	for i := 6; i <= 40; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			assert.NoError(t, audit.WriteAnchor(path, key, int64(i), fmt.Sprintf("h%d", i)))
		}()
	}
	wg.Wait()
	a, err = audit.ReadAnchor(path)
	require.NoError(t, err)
	assert.Equal(t, audit.Anchor{Seq: 40, Hash: "h40", MAC: a.MAC}, a)
	assert.True(t, a.Valid(key))
	left, err := filepath.Glob(filepath.Join(filepath.Dir(path), ".*new-*"))
	require.NoError(t, err)
	assert.Empty(t, left, "no temporary file stays")
}

func TestAnchorPath_PerStore(t *testing.T) {
	a := audit.AnchorPath("/keys/secret.key", "/data/one.db")
	assert.Equal(t, "/keys", filepath.Dir(a))
	assert.NotEqual(t, a, audit.AnchorPath("/keys/secret.key", "/data/two.db"), "stores sharing a key keep their own anchors")
}

func TestVerify_MACs(t *testing.T) {
	t.Run("another key fails the first entry", func(t *testing.T) {
		db := openDB(t)
		seed(t, db, 3)
		res, err := verifyWith(db, []byte("another key"))
		require.NoError(t, err)
		assert.Equal(t, int64(1), res.FirstBad)
	})
	t.Run("entries without a MAC are accepted only before the first with one", func(t *testing.T) {
		db := openDB(t)
		seed(t, db, 5)
		require.NoError(t, db.DB.Exec(`UPDATE audit_entries SET mac = '' WHERE seq <= 2`).Error)
		res, err := verifyWith(db, key)
		require.NoError(t, err)
		assert.Zero(t, res.FirstBad)
		assert.Equal(t, int64(2), res.Unsigned)
		assert.Equal(t, int64(5), res.LastSeq)

		require.NoError(t, db.DB.Exec(`UPDATE audit_entries SET mac = '' WHERE seq = 4`).Error)
		res, err = verifyWith(db, key)
		require.NoError(t, err)
		assert.Equal(t, int64(4), res.FirstBad)
	})
	t.Run("entries before the last rekey are checked by hash", func(t *testing.T) {
		db := openDB(t)
		old := []byte("the old key")
		for i := 1; i <= 3; i++ {
			require.NoError(t, appendEntry(db, entry(i), old))
		}
		rekey := entry(4)
		rekey.Action = audit.ActionRekey
		require.NoError(t, appendEntry(db, rekey, key))
		require.NoError(t, appendEntry(db, entry(5), key))
		res, err := verifyWith(db, key)
		require.NoError(t, err)
		assert.Zero(t, res.FirstBad)
		assert.Equal(t, int64(4), res.Resigned)

		// A forged rekey entry at the end cannot lower the bar: its own MAC fails.
		forged := entry(6)
		forged.Action = audit.ActionRekey
		require.NoError(t, appendEntry(db, forged, []byte("forger")))
		res, err = verifyWith(db, key)
		require.NoError(t, err)
		assert.Equal(t, int64(6), res.FirstBad)
	})
}
