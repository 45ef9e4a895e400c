// Package storetest opens real, migrated SQLite databases for tests.
package storetest

import (
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"junction/backend/store"
)

// Open opens t.TempDir()/junction.db through the production Open, so migrations
// and pragmas run, and closes it when the test ends.
func Open(t testing.TB) *store.Store {
	t.Helper()
	st, err := store.Open(filepath.Join(t.TempDir(), "junction.db"))
	require.NoError(t, err)
	t.Cleanup(func() { _ = st.Close() })
	return st
}
