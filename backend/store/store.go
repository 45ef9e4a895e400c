// Package store opens Junction's SQLite database through GORM, migrates it,
// runs transactions and translates database errors into domain errors.
package store

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"

	"github.com/gofrs/flock"
	sqlite3 "github.com/mattn/go-sqlite3"
	"gorm.io/driver/sqlite"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"

	"junction/backend/domain"
)

// Store is an open database.
type Store struct {
	DB   *gorm.DB
	Path string
}

// Open opens (creating if needed) the database file at path, with WAL, foreign
// keys and a busy timeout on every pooled connection, and applies pending migrations.
func Open(path string) (*Store, error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, fmt.Errorf("create database folder: %w", err)
	}
	// Pragmas go in the DSN because they are per connection. _txlock=immediate
	// makes every transaction take the write lock at BEGIN, so two writers wait
	// for each other (busy timeout) instead of failing on lock upgrade. A 32 MiB
	// page cache holds the connector table of a large store (docs/benchmarks.md).
	dsn := "file:" + (&url.URL{Path: path}).EscapedPath() +
		"?_foreign_keys=on&_journal_mode=WAL&_busy_timeout=10000&_txlock=immediate&_synchronous=NORMAL&_cache_size=-32768"
	db, err := gorm.Open(sqlite.Open(dsn), &gorm.Config{
		Logger:                 logger.Discard,
		SkipDefaultTransaction: true,
		PrepareStmt:            true,
	})
	if err != nil {
		return nil, fmt.Errorf("open database %s: %w", path, err)
	}
	sqlDB, err := db.DB()
	if err != nil {
		return nil, fmt.Errorf("open database %s: %w", path, err)
	}
	sqlDB.SetMaxOpenConns(4)
	sqlDB.SetMaxIdleConns(4)
	if err := migrate(db); err != nil {
		_ = sqlDB.Close()
		return nil, fmt.Errorf("migrate database %s: %w", path, err)
	}
	return &Store{DB: db, Path: path}, nil
}

// Close checkpoints the WAL and closes the database.
func (s *Store) Close() error {
	sqlDB, err := s.DB.DB()
	if err != nil {
		return err
	}
	_ = s.DB.Exec("PRAGMA wal_checkpoint(TRUNCATE)").Error
	return sqlDB.Close()
}

// Tx runs fn in one transaction: committed when fn returns nil, rolled back otherwise.
func (s *Store) Tx(ctx context.Context, fn func(tx *gorm.DB) error) error {
	return s.DB.WithContext(ctx).Transaction(fn)
}

// Translate turns GORM and SQLite errors into domain errors: a missing row into
// not_found, a unique violation into conflict, a foreign key violation into rule.
// what names the thing looked for, for the message.
func Translate(err error, what string) error {
	if err == nil {
		return nil
	}
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return domain.Errorf(domain.ENotFound, "%s not found", what)
	}
	var se sqlite3.Error
	if errors.As(err, &se) {
		switch se.ExtendedCode {
		case sqlite3.ErrConstraintUnique, sqlite3.ErrConstraintPrimaryKey:
			return domain.Errorf(domain.EConflict, "%s already exists", what)
		case sqlite3.ErrConstraintForeignKey:
			return domain.Errorf(domain.ERule, "%s is still referenced", what)
		}
		if se.Code == sqlite3.ErrBusy || se.Code == sqlite3.ErrLocked {
			return domain.Errorf(domain.EConflict, "the database is busy; try again")
		}
	}
	if strings.Contains(err.Error(), "UNIQUE constraint failed") {
		return domain.Errorf(domain.EConflict, "%s already exists", what)
	}
	return err
}

// Lock takes the single-instance lock beside the database file, so that two
// windows never work on one database. It fails with a rule error when another
// process holds it.
func Lock(dbPath string) (release func() error, err error) {
	if err := os.MkdirAll(filepath.Dir(dbPath), 0o700); err != nil {
		return nil, fmt.Errorf("create database folder: %w", err)
	}
	fl := flock.New(dbPath + ".lock")
	ok, err := fl.TryLock()
	if err != nil {
		return nil, fmt.Errorf("lock %s: %w", fl.Path(), err)
	}
	if !ok {
		return nil, domain.Errorf(domain.ERule, "Junction is already open on %s", dbPath)
	}
	return fl.Unlock, nil
}
