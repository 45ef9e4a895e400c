// Command holdlock holds the write lock of a Junction database for tests:
// it opens the file named by its argument, runs BEGIN IMMEDIATE, prints
// "locked" and keeps the lock until its standard input ends. It stands for
// another Junction process that is writing (storetest.HoldWriteLock).
package main

import (
	"context"
	"database/sql"
	"fmt"
	"io"
	"net/url"
	"os"

	_ "github.com/mattn/go-sqlite3"
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: holdlock DATABASE")
		os.Exit(2)
	}
	if err := hold(os.Args[1]); err != nil {
		fmt.Fprintln(os.Stderr, "holdlock:", err)
		os.Exit(1)
	}
}

func hold(path string) error {
	db, err := sql.Open("sqlite3", "file:"+(&url.URL{Path: path}).EscapedPath()+"?_journal_mode=WAL&_busy_timeout=10000")
	if err != nil {
		return err
	}
	defer db.Close()
	ctx := context.Background()
	conn, err := db.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, "BEGIN IMMEDIATE"); err != nil {
		return fmt.Errorf("take the write lock of %s: %w", path, err)
	}
	fmt.Println("locked")
	_, _ = io.Copy(io.Discard, os.Stdin)
	_, err = conn.ExecContext(ctx, "ROLLBACK")
	return err
}
