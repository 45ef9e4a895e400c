package store

// The SQLite-specific parts of the store, in one place: a second database
// (PostgreSQL) writes its own version of each of these. Only this file
// imports the SQLite driver.

import (
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"

	sqlite3 "github.com/mattn/go-sqlite3"
	"gorm.io/driver/sqlite"
	"gorm.io/gorm"
)

// requireFTS5 fails a binary whose SQLite lacks FTS5, which the connector
// search's index needs (migration 0009), before anything is created on disk:
// go-sqlite3 compiles it in only with the build tag sqlite_fts5, which the
// Makefile passes to every build. It asks an in-memory database.
func requireFTS5() error {
	db, err := sql.Open("sqlite3", ":memory:")
	if err != nil {
		return fmt.Errorf("open SQLite: %w", err)
	}
	defer db.Close()
	var built bool
	if err := db.QueryRow("SELECT sqlite_compileoption_used('ENABLE_FTS5')").Scan(&built); err != nil {
		return fmt.Errorf("ask SQLite for FTS5: %w", err)
	}
	if !built {
		return errors.New("this binary's SQLite has no FTS5, which the connector search needs: build it with -tags sqlite_fts5, as make build does")
	}
	return nil
}

// dialector opens dsn with the SQLite driver whose connections keep their
// prepared statements (stmtcache_sqlite.go).
func dialector(dsn string) gorm.Dialector {
	return sqlite.New(sqlite.Config{DriverName: cachingDriverName, DSN: dsn})
}

// fileDSN is the connection string of the database file at path. Pragmas
// go in it because they are per connection: WAL, foreign keys, the busy
// timeout, and a 32 MiB page cache that holds the connector table of a
// large store (docs/benchmarks.md).
func fileDSN(path string, busy time.Duration) string {
	return "file:" + (&url.URL{Path: path}).EscapedPath() +
		"?_foreign_keys=on&_journal_mode=WAL&_synchronous=NORMAL&_cache_size=-32768&_busy_timeout=" +
		strconv.FormatInt(busy.Milliseconds(), 10)
}

// checkpoint folds the WAL into the database file on the way out, unless
// another process is writing: TRUNCATE waits for other writers, and a
// command that only read must not wait out the busy timeout. db is closed
// next, so its busy timeout need not be restored.
func checkpoint(db *gorm.DB) {
	_ = db.Exec("PRAGMA busy_timeout = 0").Error
	_ = db.Exec("PRAGMA wal_checkpoint(TRUNCATE)").Error
}

// migrationsTableSQL counts the schema_migrations tables (0 for a new
// database).
const migrationsTableSQL = `SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'`

// writerTxLock makes every write transaction take the write lock at BEGIN
// (BEGIN IMMEDIATE), so that it waits for another process's (the busy
// timeout) instead of failing when it upgrades from read to write. It is
// also what serialises audit appends: two transactions never read the same
// last entry of the chain, because the second BEGIN waits for the first
// COMMIT (the primary key on seq would refuse a fork anyway). A dialect
// without a database-wide write lock takes a lock on the chain's head row
// in the append instead (SELECT ... FOR UPDATE).
const writerTxLock = "&_txlock=immediate"

// readerTxLock: readers never take the write lock at BEGIN.
const readerTxLock = "&_txlock=deferred"

// trimHistorySQL deletes an interface's invocation rows beyond the newest
// ones (args: interface id, interface id, how many to keep). rowid breaks
// ties between rows of the same instant, newest last.
const trimHistorySQL = `DELETE FROM invocations WHERE interface_id = ? AND rowid NOT IN
	(SELECT rowid FROM invocations WHERE interface_id = ? ORDER BY at DESC, rowid DESC LIMIT ?)`

// trimFlowRunsSQL deletes a flow's ended runs beyond its newest ones (args:
// flow id, flow id, how many to keep); a running run is never deleted.
// The keep-th newest run is found on the index (flow_id, started_at) and
// only the runs older than it are visited: a flow that keeps 500 runs
// trims after each run, mostly nothing.
const trimFlowRunsSQL = `DELETE FROM flow_runs WHERE flow_id = ? AND verdict <> '' AND (started_at, rowid) <
	(SELECT started_at, rowid FROM flow_runs WHERE flow_id = ? ORDER BY started_at DESC, rowid DESC LIMIT 1 OFFSET ? - 1)`

// flowRunOrder lists a flow's runs newest first, ties by insertion.
const flowRunOrder = "flow_runs.started_at DESC, flow_runs.rowid DESC"

// historyOrder lists invocation rows newest first, ties by insertion.
const historyOrder = "invocations.at DESC, invocations.rowid DESC"

// connectorOrder lists connectors by name, case folded (ASCII, as SQLite's
// NOCASE does), then key, over the columns name and key (the connector's
// own, or their copies in connector_tags); the indexes of 0007 serve it.
func connectorOrder(name, key string) string { return name + " COLLATE NOCASE, " + key }

// connectorAfter is the condition "after (name, key)" in connectorOrder,
// with its three arguments: spelled out rather than as a row value, since
// SQLite seeks the index for name >= ? but would scan it from the start for
// (name, key) > (?, ?).
func connectorAfter(name, key string) string {
	return name + " >= ? COLLATE NOCASE AND (" + name + " > ? COLLATE NOCASE OR " + key + " > ?)"
}

// containsPattern is a LIKE pattern of one argument that matches text
// containing it, LIKE's wildcards and escape character escaped (with ESCAPE
// '\'). LIKE folds ASCII case, as the search does; over the already folded
// search_text it costs 40% less a row than instr(search_text, lower(?)).
const containsPattern = `'%' || replace(replace(replace(?, '\', '\\'), '%', '\%'), '_', '\_') || '%' ESCAPE '\'`

// trigramPhrase is an FTS5 phrase of one argument, the search term folded
// as search_text is (lower()) and quoted, so that the trigram tokenizer
// matches it as a substring; trigramLength is the shortest term it can
// match (its tokens are three characters).
const (
	trigramPhrase = `'"' || replace(lower(?), '"', '""') || '"'`
	trigramLength = 3
)

// unindexed is column in a term that no index may serve (SQLite's unary
// plus), so that the planner keeps the index of the order.
func unindexed(column string) string { return "+" + column }

// fault is what the store makes of a database error, in any dialect.
type fault int

const (
	faultOther      fault = iota
	faultUnique           // a unique or primary key constraint
	faultForeignKey       // a foreign key constraint
	faultBusy             // gave up waiting for another connection's lock
	faultFull             // the disk (or max_page_count) has no room
)

// classify names the fault of a SQLite error (through wrapping).
func classify(err error) fault {
	var se sqlite3.Error
	if errors.As(err, &se) {
		switch se.ExtendedCode {
		case sqlite3.ErrConstraintUnique, sqlite3.ErrConstraintPrimaryKey:
			return faultUnique
		case sqlite3.ErrConstraintForeignKey:
			return faultForeignKey
		}
		switch se.Code {
		case sqlite3.ErrBusy, sqlite3.ErrLocked:
			return faultBusy
		case sqlite3.ErrFull:
			return faultFull
		}
	}
	// GORM's SQLite driver reports some violations as text only.
	if err != nil && strings.Contains(err.Error(), "UNIQUE constraint failed") {
		return faultUnique
	}
	return faultOther
}
