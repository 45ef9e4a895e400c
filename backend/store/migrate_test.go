package store_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"junction/backend/store"
	"junction/backend/store/storetest"
)

// copyFixture copies a testdata database into a fresh folder.
func copyFixture(t *testing.T, name string) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", name))
	require.NoError(t, err)
	path := filepath.Join(t.TempDir(), "junction.db")
	require.NoError(t, os.WriteFile(path, data, 0o600))
	return path
}

// TestOpen_MigratesTheCurrentRelease opens a database written by the
// release before the embedded migrations (testdata/README.md) and checks
// that every row of every table is still there with the same values.
func TestOpen_MigratesTheCurrentRelease(t *testing.T) {
	path := copyFixture(t, "schema4.db")
	before := storetest.Rows(t, path)
	require.Len(t, before["schema_migrations"], 4, "the fixture is at schema 4")
	for _, table := range []string{"users", "connectors", "grants", "connections", "auth_accounts", "interfaces", "audit_entries", "invocations", "settings", "key_fingerprint"} {
		require.NotEmpty(t, before[table], "the fixture has rows in %s", table)
	}

	st, err := store.Open(path)
	require.NoError(t, err)
	v, err := st.SchemaVersion()
	require.NoError(t, err)
	require.NoError(t, st.Close())
	after := storetest.Rows(t, path)

	for table, rows := range before {
		if table == "schema_migrations" {
			continue
		}
		require.Len(t, after[table], len(rows), "rows of %s", table)
		for i, row := range rows {
			for col, val := range row {
				if table == "connectors" && col == "tags" {
					continue // moved to connector_tags (0005), checked below
				}
				assert.Equal(t, val, after[table][i][col], "%s row %d column %s", table, i, col)
			}
		}
	}
	// Every connector's tags, in order, are rows of connector_tags now.
	tagRows := after["connector_tags"]
	sort.SliceStable(tagRows, func(i, j int) bool {
		pi, _ := strconv.Atoi(strings.TrimPrefix(tagRows[i]["position"], "true:"))
		pj, _ := strconv.Atoi(strings.TrimPrefix(tagRows[j]["position"], "true:"))
		return pi < pj
	})
	tagsAfter := map[string][]string{}
	for _, row := range tagRows {
		tagsAfter[row["connector_id"]] = append(tagsAfter[row["connector_id"]], row["tag"])
	}
	for _, row := range before["connectors"] {
		var tags []string
		require.NoError(t, json.Unmarshal([]byte(strings.TrimPrefix(row["tags"], "true:")), &tags))
		want := []string{}
		for _, tag := range tags {
			want = append(want, "true:"+tag)
		}
		got := tagsAfter[row["id"]]
		if got == nil {
			got = []string{}
		}
		assert.Equal(t, want, got, "tags of connector %s", row["key"])
	}
	assert.NotContains(t, after["connectors"][0], "tags", "the JSON column is gone")
	assert.Len(t, after["schema_migrations"], v, "one row per applied migration")
	for i, row := range before["schema_migrations"] {
		assert.Equal(t, row, after["schema_migrations"][i], "the old version rows are kept")
	}
}

func TestMigrations_MatchTheReleasedNames(t *testing.T) {
	// The names the release before the .sql files recorded; a new database
	// records the same.
	st, err := store.Open(filepath.Join(t.TempDir(), "junction.db"))
	require.NoError(t, err)
	var names []string
	require.NoError(t, st.DB.Raw(`SELECT name FROM schema_migrations WHERE version <= 4 ORDER BY version`).Scan(&names).Error)
	require.NoError(t, st.Close())
	assert.Equal(t, []string{"initial schema", "invocation history", "settings", "audit entry mac and key fingerprint"}, names)
	assert.False(t, strings.Contains(strings.Join(names, ""), "_"))
}
