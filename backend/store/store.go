// Package store opens Junction's SQLite database through GORM, migrates it,
// runs transactions and translates database errors into domain errors.
//
// A store holds two pools on one file, so that no call can wait on another
// in a cycle: one writer connection that every write transaction (Tx) takes
// in turn, with BEGIN IMMEDIATE, and a pool of readers (DB) that never take
// the write lock at BEGIN and, in WAL mode, never wait for the writer. A
// write transaction waits only for the writer connection (the previous
// transaction of this process) and for another process's write lock (the
// busy timeout); it never needs a reader. The old single pool of four
// connections cycled: GORM's prepared-statement cache made a transaction
// that held the write lock wait for a statement being prepared, which
// waited for a pooled connection, held by transactions waiting for that
// lock (issue 7 point 5). GORM's cache is gone: each connection keeps the
// statements it prepared itself (stmtcache_sqlite.go), so no statement
// ever waits for a connection.
package store

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"github.com/gofrs/flock"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"

	"junction/backend/domain"
)

// DefaultBusyTimeout is how long a write waits for another process's write
// lock before it fails with the busy error.
const DefaultBusyTimeout = 10 * time.Second

// EnvBusyTimeout overrides DefaultBusyTimeout for Open: a Go duration
// ("500ms", "1m"). Scripts that run two Junction processes on one database
// may want a longer one; tests a short one.
const EnvBusyTimeout = "JUNCTION_BUSY_TIMEOUT"

// Options tune OpenWith.
type Options struct {
	// BusyTimeout is how long a write waits for another process's write
	// lock; DefaultBusyTimeout when 0.
	BusyTimeout time.Duration
}

// Store is an open database.
type Store struct {
	// DB is the reader pool, for plain reads. Write through Tx: a write
	// here works but waits on the writer's lock like another process's.
	DB   *gorm.DB
	Path string
	// writer is the one connection write transactions take in turn.
	writer *gorm.DB
	busy   time.Duration
	// now is the clock a Tx reads once; time.Now unless SetClock.
	now func() time.Time
}

// Tx is one unit of work on the store: a write transaction (Write) or a
// consistent read (Read). It carries the one clock reading the whole unit
// stamps its rows and audit entries with. Callers use its typed methods
// (one file per aggregate); nothing outside backend/store sees SQL.
type Tx struct {
	db  *gorm.DB
	now time.Time
	// auditHead is the newest audit entry as this unit last saw it, read
	// once and then kept by AppendAudit: a write unit holds the write lock
	// from BEGIN, so no other writer can append meanwhile.
	auditHead *auditLink
}

// auditLink is where the next audit entry hangs: the newest seq and hash.
type auditLink struct {
	seq  int64
	hash string
}

// Now is the unit's clock reading: UTC, truncated to the microsecond the
// store keeps.
func (t *Tx) Now() time.Time { return t.now }

// Context is the context the unit runs under.
func (t *Tx) Context() context.Context { return t.db.Statement.Context }

// SetClock sets the clock every later Tx reads once (tests inject a fixed one).
func (s *Store) SetClock(now func() time.Time) { s.now = now }

func (s *Store) reading() time.Time { return s.now().UTC().Truncate(time.Microsecond) }

// unit is a Tx over db stamped now; GORM's own updated_at stamps read the
// same clock.
func unit(db *gorm.DB, now time.Time) *Tx {
	return &Tx{db: db.Session(&gorm.Session{NowFunc: func() time.Time { return now }}), now: now}
}

// Write runs fn in one write transaction on the writer connection, like
// Tx: committed when fn returns nil, rolled back otherwise. Its statements
// run from the ones the connection keeps (stmtcache_sqlite.go).
func (s *Store) Write(ctx context.Context, fn func(tx *Tx) error) error {
	now := s.reading()
	return s.translateFault(s.writer.WithContext(ctx).Transaction(func(db *gorm.DB) error {
		return fn(unit(db, now))
	}))
}

// Read runs fn in one read transaction on the reader pool: every query of
// fn sees the same snapshot (WAL), so a page and its total, or an export's
// connectors, agree with each other. It never takes the write lock.
func (s *Store) Read(ctx context.Context, fn func(tx *Tx) error) error {
	now := s.reading()
	return s.translateFault(s.DB.WithContext(ctx).Transaction(func(db *gorm.DB) error {
		return fn(unit(db, now))
	}))
}

// Open opens (creating if needed) the database file at path with the busy
// timeout of $JUNCTION_BUSY_TIMEOUT (else DefaultBusyTimeout) and applies
// pending migrations.
func Open(path string) (*Store, error) {
	var opts Options
	if v := os.Getenv(EnvBusyTimeout); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil || d < 0 {
			return nil, domain.Errorf(domain.EBadInput, "%s=%q is not a duration such as 500ms or 30s", EnvBusyTimeout, v)
		}
		opts.BusyTimeout = d
	}
	return OpenWith(path, opts)
}

// OpenWith opens (creating if needed) the database file at path, with WAL,
// foreign keys and the busy timeout on every connection, and applies
// pending migrations. Opening a database that needs no migration takes no
// write lock, so it works while another process is writing.
func OpenWith(path string, opts Options) (*Store, error) {
	busy := opts.BusyTimeout
	if busy <= 0 {
		busy = DefaultBusyTimeout
	}
	if err := requireFTS5(); err != nil {
		return nil, err
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, fmt.Errorf("create database folder: %w", err)
	}
	if err := createPrivate(path); err != nil {
		return nil, err
	}
	dsn := fileDSN(path, busy)
	// The writer takes the write lock at BEGIN (writerTxLock).
	writer, err := openPoolRetrying(dsn+writerTxLock, 1, busy)
	if err != nil {
		return nil, fmt.Errorf("open database %s: %w", path, err)
	}
	readers, err := openPoolRetrying(dsn+readerTxLock, max(4, runtime.NumCPU()), busy)
	if err != nil {
		closePool(writer)
		return nil, fmt.Errorf("open database %s: %w", path, err)
	}
	st := &Store{DB: readers, Path: path, writer: writer, busy: busy, now: time.Now}
	if err := migrate(writer); err != nil {
		_ = st.closePools()
		return nil, fmt.Errorf("migrate database %s: %w", path, st.translateFault(err))
	}
	// SQLite gives -wal and -shm the database file's mode; files left by an
	// older Junction may be wider.
	for _, suffix := range []string{"-wal", "-shm"} {
		if err := os.Chmod(path+suffix, 0o600); err != nil && !errors.Is(err, os.ErrNotExist) {
			_ = st.closePools()
			return nil, fmt.Errorf("restrict %s%s to its owner: %w", path, suffix, err)
		}
	}
	return st, nil
}

// createPrivate creates the database file, readable by its owner only,
// when it does not exist yet: SQLite would create it by the umask.
func createPrivate(path string) error {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, os.ErrExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("create database %s: %w", path, err)
	}
	// O_CREATE's mode passes through the umask; set it exactly.
	err = f.Chmod(0o600)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("create database %s: %w", path, err)
	}
	return nil
}

// openPool opens conns connections on dsn.
func openPool(dsn string, conns int) (*gorm.DB, error) {
	db, err := gorm.Open(dialector(dsn), &gorm.Config{
		Logger:                 logger.Discard,
		SkipDefaultTransaction: true,
	})
	if err != nil {
		return nil, err
	}
	sqlDB, err := db.DB()
	if err != nil {
		return nil, err
	}
	sqlDB.SetMaxOpenConns(conns)
	sqlDB.SetMaxIdleConns(conns)
	return db, nil
}

// openPoolRetrying is openPool that waits out another process opening a new
// database at the same moment. Switching a fresh file to WAL takes an
// exclusive lock, and SQLite answers SQLITE_BUSY at once there instead of
// calling the busy handler, so the busy timeout has to be honoured here.
func openPoolRetrying(dsn string, conns int, busy time.Duration) (*gorm.DB, error) {
	deadline := time.Now().Add(busy)
	for wait := time.Millisecond; ; wait = min(2*wait, 50*time.Millisecond) {
		db, err := openPool(dsn, conns)
		if err == nil || !IsBusy(err) || time.Now().After(deadline) {
			return db, err
		}
		time.Sleep(wait)
	}
}

func closePool(db *gorm.DB) {
	if sqlDB, err := db.DB(); err == nil {
		_ = sqlDB.Close()
	}
}

func (s *Store) closePools() error {
	var errs []error
	for _, db := range []*gorm.DB{s.DB, s.writer} {
		sqlDB, err := db.DB()
		if err == nil {
			err = sqlDB.Close()
		}
		errs = append(errs, err)
	}
	return errors.Join(errs...)
}

// Close checkpoints the WAL, unless another process is writing, and closes
// the database.
func (s *Store) Close() error {
	checkpoint(s.writer)
	return s.closePools()
}

// BusyTimeout is how long a write waits for another process's write lock.
func (s *Store) BusyTimeout() time.Duration { return s.busy }

// Tx runs fn in one write transaction on the writer connection: committed
// when fn returns nil, rolled back otherwise. It waits for this process's
// previous write transaction, then up to the busy timeout for another
// process's; a database still busy or a full disk fail with a domain error.
// fn reads and writes through tx only.
func (s *Store) Tx(ctx context.Context, fn func(tx *gorm.DB) error) error {
	return s.translateFault(s.writer.WithContext(ctx).Transaction(fn))
}

// translateFault turns a busy or full database into its domain error, with
// the database's path for a full disk; other errors pass through.
func (s *Store) translateFault(err error) error {
	switch {
	case IsBusy(err):
		return busyError()
	case isFull(err):
		return domain.Errorf(domain.EInternal, fullMessage+": the database %s cannot grow; free some space and try again", s.Path)
	}
	return err
}

// IsBusy tells whether err is a write that gave up waiting for another
// connection's write lock, raw or translated.
func IsBusy(err error) bool {
	if classify(err) == faultBusy {
		return true
	}
	var de *domain.Error
	return errors.As(err, &de) && de.Code == domain.EConflict && de.Message == busyMessage
}

func isFull(err error) bool { return classify(err) == faultFull }

const fullMessage = "the disk is full"

// IsFull tells whether err is a write the disk had no room for, raw or
// translated.
func IsFull(err error) bool {
	var de *domain.Error
	return isFull(err) || errors.As(err, &de) && de.Code == domain.EInternal && strings.HasPrefix(de.Message, fullMessage+":")
}

const busyMessage = "the database is busy (another Junction process is writing); try again"

func busyError() error { return domain.Errorf(domain.EConflict, busyMessage) }

// Translate turns GORM and SQLite errors into domain errors: a missing row into
// not_found, a unique violation into conflict, a foreign key violation into rule,
// a busy database into conflict and a full disk into a message that says so.
// what names the thing looked for, for the message.
func Translate(err error, what string) error {
	if err == nil {
		return nil
	}
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return domain.Errorf(domain.ENotFound, "%s not found", what)
	}
	switch classify(err) {
	case faultUnique:
		return domain.Errorf(domain.EConflict, "%s already exists", what)
	case faultForeignKey:
		return domain.Errorf(domain.ERule, "%s is still referenced", what)
	case faultBusy:
		return busyError()
	case faultFull:
		// Keeps the SQLite error so that Tx can name the database.
		return fmt.Errorf("%w: %w", domain.Errorf(domain.EInternal, "the disk is full: %s cannot be written; free some space and try again", what), err)
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
