package store

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"

	sqlite3 "github.com/mattn/go-sqlite3"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gorm.io/gorm"
)

// kept is the statement the pool's one idle connection keeps for text (nil
// for none) and how many it keeps.
func kept(t *testing.T, db *gorm.DB, text string) (*sqlite3.SQLiteStmt, int) {
	t.Helper()
	sqlDB, err := db.DB()
	require.NoError(t, err)
	conn, err := sqlDB.Conn(context.Background())
	require.NoError(t, err)
	defer conn.Close()
	var st *sqlite3.SQLiteStmt
	var n int
	require.NoError(t, conn.Raw(func(dc any) error {
		c := dc.(*cachingConn)
		c.mu.Lock()
		defer c.mu.Unlock()
		if el, ok := c.byText[text]; ok {
			st = el.Value.(*keptStmt).st
		}
		n = c.order.Len()
		return nil
	}))
	return st, n
}

func openTemp(t *testing.T) *Store {
	t.Helper()
	s, err := Open(filepath.Join(t.TempDir(), "j.db"))
	require.NoError(t, err)
	t.Cleanup(func() { _ = s.Close() })
	return s
}

// A connection prepares a SQL text once and runs it from there in every
// later unit, reads and writes; text holding several statements is run
// whole, never kept (a prepared statement would run only its first).
func TestConnection_KeepsItsStatementsAcrossUnits(t *testing.T) {
	s := openTemp(t)
	ctx := context.Background()
	const sum = "SELECT ? + 1"
	var first *sqlite3.SQLiteStmt
	for round := 0; round < 2; round++ {
		require.NoError(t, s.Write(ctx, func(tx *Tx) error {
			for i := 1; i <= 3; i++ {
				var got int
				require.NoError(t, tx.db.Raw(sum, i).Scan(&got).Error)
				assert.Equal(t, i+1, got)
			}
			require.NoError(t, tx.db.Exec("CREATE TEMP TABLE several(x); INSERT INTO several VALUES (1); INSERT INTO several VALUES (2)").Error)
			var n int
			require.NoError(t, tx.db.Raw("SELECT count(*) FROM several").Scan(&n).Error)
			assert.Equal(t, 2, n, "every statement of the text ran")
			return tx.db.Exec("DROP TABLE several").Error
		}))
		st, _ := kept(t, s.writer, sum)
		require.NotNil(t, st, "the writer keeps the statement")
		if first == nil {
			first = st
		}
		assert.Same(t, first, st, "the next unit runs the statement the connection kept")
		several, _ := kept(t, s.writer, "CREATE TEMP TABLE several(x); INSERT INTO several VALUES (1); INSERT INTO several VALUES (2)")
		assert.Nil(t, several, "the text of several statements is not kept")
	}
}

// A kept query holds no snapshot once its rows are closed: a reader sees
// what was written after its statement last ran. The same text run while
// its rows are still open runs on a statement of its own, both right.
func TestConnection_KeptStatementsAreReset(t *testing.T) {
	s := openTemp(t)
	ctx := context.Background()
	require.NoError(t, s.Write(ctx, func(tx *Tx) error {
		return tx.db.Exec("CREATE TABLE nums(x INTEGER)").Error
	}))
	count := func() (n int) {
		require.NoError(t, s.Read(ctx, func(tx *Tx) error { return tx.db.Raw("SELECT count(*) FROM nums").Scan(&n).Error }))
		return n
	}
	for want := 0; want < 3; want++ {
		assert.Equal(t, want, count())
		require.NoError(t, s.Write(ctx, func(tx *Tx) error { return tx.db.Exec("INSERT INTO nums(x) VALUES (?)", want+1).Error }))
	}

	const list = "SELECT x FROM nums WHERE x >= ? ORDER BY x"
	require.NoError(t, s.Read(ctx, func(tx *Tx) error {
		rows, err := tx.db.Raw(list, 1).Rows()
		require.NoError(t, err)
		defer rows.Close()
		var outer []int
		for rows.Next() {
			var x int
			require.NoError(t, rows.Scan(&x))
			outer = append(outer, x)
			var inner []int
			require.NoError(t, tx.db.Raw(list, x).Scan(&inner).Error)
			assert.Len(t, inner, 4-x, "the inner run of the same text while the outer rows are open")
		}
		assert.Equal(t, []int{1, 2, 3}, outer)
		return rows.Err()
	}))
}

// A connection keeps at most stmtsPerConn statements, the least recently
// used dropped first; every text still runs right.
func TestConnection_KeepsABoundedNumberOfStatements(t *testing.T) {
	s := openTemp(t)
	ctx := context.Background()
	require.NoError(t, s.Write(ctx, func(tx *Tx) error {
		for i := range stmtsPerConn + 10 {
			var got int
			require.NoError(t, tx.db.Raw(fmt.Sprintf("SELECT %d + ?", i), 1).Scan(&got).Error)
			require.Equal(t, i+1, got)
		}
		return nil
	}))
	oldest, n := kept(t, s.writer, "SELECT 0 + ?")
	assert.Equal(t, stmtsPerConn, n)
	assert.Nil(t, oldest, "the least recently used is dropped")
	newest, _ := kept(t, s.writer, fmt.Sprintf("SELECT %d + ?", stmtsPerConn+9))
	assert.NotNil(t, newest)
}
