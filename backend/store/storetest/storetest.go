// Package storetest opens real, migrated SQLite databases for tests, and
// puts them in the states of a machine under stress: another process
// writing, a full disk.
package storetest

import (
	"bufio"
	"context"
	"database/sql"
	"fmt"
	"io"
	"net/url"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"
	"gorm.io/gorm"

	"junction/backend/store"
)

// Open opens t.TempDir()/junction.db through the production Open, so migrations
// and pragmas run, and closes it when the test ends.
func Open(t testing.TB) *store.Store {
	t.Helper()
	return OpenWith(t, filepath.Join(t.TempDir(), "junction.db"), store.Options{})
}

// OpenWith opens path through store.OpenWith and closes it when the test ends.
func OpenWith(t testing.TB, path string, opts store.Options) *store.Store {
	t.Helper()
	st, err := store.OpenWith(path, opts)
	require.NoError(t, err)
	t.Cleanup(func() { _ = st.Close() })
	return st
}

// HoldWriteLock starts another process (the holdlock command, built for the
// test) that takes the write lock of the database at path with BEGIN
// IMMEDIATE, and returns once it holds it. release ends the transaction and
// waits for the process to exit; it may be called from any goroutine, and
// the test's end calls it too.
func HoldWriteLock(t testing.TB, path string) (release func()) {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "holdlock")
	build := exec.Command("go", "build", "-o", bin, "junction/backend/store/storetest/holdlock")
	out, err := build.CombinedOutput()
	require.NoError(t, err, "build holdlock: %s", out)

	cmd := exec.Command(bin, path)
	stdin, err := cmd.StdinPipe()
	require.NoError(t, err)
	stdout, err := cmd.StdoutPipe()
	require.NoError(t, err)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	require.NoError(t, cmd.Start())
	var once sync.Once
	release = func() {
		once.Do(func() {
			_ = stdin.Close()
			_, _ = io.Copy(io.Discard, stdout)
			if err := cmd.Wait(); err != nil {
				t.Errorf("holdlock: %v: %s", err, stderr.String())
			}
		})
	}
	t.Cleanup(release)
	line, err := bufio.NewReader(stdout).ReadString('\n')
	require.Equal(t, "locked\n", line, "holdlock did not take the lock: %v %s", err, stderr.String())
	return release
}

// Fill makes the database "full" for st's write transactions: no write may
// grow the file past its current size (PRAGMA max_page_count on the writer
// connection, which SQLite answers with SQLITE_FULL, as on a full disk). A
// write that fits in the pages already there still succeeds; one that
// carries a few kilobytes does not.
func Fill(t testing.TB, st *store.Store) {
	t.Helper()
	err := st.Tx(context.Background(), func(tx *gorm.DB) error {
		var pages int
		if err := tx.Raw("PRAGMA page_count").Scan(&pages).Error; err != nil {
			return err
		}
		return tx.Exec(fmt.Sprintf("PRAGMA max_page_count = %d", pages)).Error
	})
	require.NoError(t, err)
}

// Rows reads every row of every table of the database file at path, as
// "valid:text" per column (so NULL and ” differ), in rowid order, through a
// connection of its own: tests compare it before and after a step.
func Rows(t testing.TB, path string) map[string][]map[string]string {
	t.Helper()
	db, err := sql.Open("sqlite3", "file:"+(&url.URL{Path: path}).EscapedPath()+"?_busy_timeout=10000")
	require.NoError(t, err)
	defer db.Close()
	var tables []string
	// Not the search's FTS5 index (0009) and its shadow tables: what they hold
	// follows connectors.search_text, which is compared.
	rows, err := db.Query(`SELECT name FROM sqlite_master WHERE type = 'table'
		AND name NOT IN (SELECT name FROM pragma_table_list WHERE type IN ('virtual', 'shadow')) ORDER BY name`)
	require.NoError(t, err)
	for rows.Next() {
		var name string
		require.NoError(t, rows.Scan(&name))
		tables = append(tables, name)
	}
	require.NoError(t, rows.Err())
	require.NoError(t, rows.Close())
	require.NotEmpty(t, tables, "tables of %s", path)
	out := map[string][]map[string]string{}
	for _, table := range tables {
		rows, err := db.Query(fmt.Sprintf(`SELECT * FROM %q ORDER BY rowid`, table))
		require.NoError(t, err)
		cols, err := rows.Columns()
		require.NoError(t, err)
		out[table] = []map[string]string{}
		for rows.Next() {
			vals := make([]sql.NullString, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			require.NoError(t, rows.Scan(ptrs...))
			row := map[string]string{}
			for i, v := range vals {
				row[cols[i]] = fmt.Sprintf("%v:%s", v.Valid, v.String)
			}
			out[table] = append(out[table], row)
		}
		require.NoError(t, rows.Err())
		require.NoError(t, rows.Close())
	}
	return out
}
