// Package service holds Junction's use cases, the only API the doors call.
// Each use case checks permission, validates, and changes the store in one
// transaction together with its audit entry.
package service

import (
	"fmt"
	"os"
	"path/filepath"
	"sync/atomic"
	"time"

	"github.com/google/uuid"

	"junction/backend/audit"
	"junction/backend/domain"
	"junction/backend/invoke"
	"junction/backend/secret"
	"junction/backend/store"
)

// Options tune a Service.
type Options struct {
	// Now is the clock; time.Now when nil. Tests inject a fixed one.
	Now func() time.Time
	// HistoryLimit is how many invocation history rows are kept per
	// interface; DefaultHistoryLimit when 0 or less.
	HistoryLimit int
	// BodyCap is the most of a response body the invocation engine reads;
	// invoke.DefaultBodyCap when 0.
	BodyCap int64
}

// Service implements the use cases over one store.
type Service struct {
	st  *store.Store
	box *secret.Box
	now func() time.Time
	// engine runs every invocation of this process: it caches compiled
	// plans, pooled transports and tokens across calls.
	engine *invoke.Engine
	// historyLimit is read by every recorded call and changed by SaveSettings.
	historyLimit atomic.Int64
	// keyPath is the secret key file Open read ("" when built with New).
	keyPath string
	// auditKey signs audit entries (derived from the key; nil without a box).
	auditKey []byte
	// anchorPath is the audit anchor file, beside the key file ("" when
	// built with New: no anchor is kept).
	anchorPath string
	// warnings are what Open noticed but accepted, for the door to show.
	warnings []string
	// logins throttles password guesses per profile (login_throttle.go).
	logins loginThrottle
}

// New returns a Service over an open store and secret box.
func New(st *store.Store, box *secret.Box, opts Options) *Service {
	now := opts.Now
	if now == nil {
		now = time.Now
	}
	limit := opts.HistoryLimit
	if limit <= 0 {
		limit = DefaultHistoryLimit
	}
	s := &Service{st: st, box: box, now: now,
		engine: invoke.NewEngine(invoke.Options{BodyCap: opts.BodyCap})}
	if box != nil {
		s.auditKey = box.AuditKey()
	}
	// The store's units stamp their rows with the service's clock.
	st.SetClock(now)
	s.historyLimit.Store(int64(limit))
	s.applyStoredSettings(opts)
	return s
}

// DefaultDBPath is $JUNCTION_DB, else <user config dir>/junction/junction.db.
func DefaultDBPath() (string, error) {
	if p := os.Getenv("JUNCTION_DB"); p != "" {
		return p, nil
	}
	dir, err := os.UserConfigDir()
	if err != nil {
		return "", fmt.Errorf("find the user config folder (set JUNCTION_DB): %w", err)
	}
	return filepath.Join(dir, "junction", "junction.db"), nil
}

// DefaultKeyPath is $JUNCTION_KEY_FILE, else <user config dir>/junction/secret.key.
func DefaultKeyPath() (string, error) {
	if p := os.Getenv("JUNCTION_KEY_FILE"); p != "" {
		return p, nil
	}
	dir, err := os.UserConfigDir()
	if err != nil {
		return "", fmt.Errorf("find the user config folder (set JUNCTION_KEY_FILE): %w", err)
	}
	return filepath.Join(dir, "junction", "secret.key"), nil
}

// Open opens the store at dbPath and the key file at keyPath (creating both on
// first run) and returns a Service over them. A key file is created only for
// a store that never had one: a missing, unreadable or different key of a
// store that holds secrets or a key fingerprint is refused (see openKey).
func Open(dbPath, keyPath string) (*Service, error) {
	st, err := store.Open(dbPath)
	if err != nil {
		return nil, err
	}
	box, warning, err := openKey(st, keyPath)
	if err != nil {
		_ = st.Close()
		return nil, err
	}
	s := New(st, box, Options{})
	s.keyPath = keyPath
	s.anchorPath = audit.AnchorPath(keyPath, dbPath)
	if warning != "" {
		s.warnings = append(s.warnings, warning)
	}
	return s, nil
}

// Warnings are what Open noticed and accepted (a key file with a trailing
// newline): the CLI prints them on stderr, the window logs them.
func (s *Service) Warnings() []string { return s.warnings }

// Close closes the store.
func (s *Service) Close() error { return s.st.Close() }

// DBPath is the path of the open database file.
func (s *Service) DBPath() string { return s.st.Path }

func (s *Service) stamp() time.Time { return s.now().UTC().Truncate(time.Microsecond) }

func newID() string { return uuid.NewString() }

// appended is the newest audit entry a transaction appended; run.log sets it
// through the transaction's context, and change anchors it once committed.
type appended struct {
	seq  int64
	hash string
}

type appendedKey struct{}

// anchor moves the audit anchor to the newest entry a committed transaction
// appended.
func (s *Service) anchor(last *appended) {
	if s.anchorPath != "" && last.seq > 0 {
		// The change is committed: a failed anchor write (a full disk) must
		// not report it as failed. The anchor then lags, which verify accepts;
		// the next append moves it on.
		_ = audit.WriteAnchor(s.anchorPath, s.auditKey, last.seq, last.hash)
	}
}

func keyUnchanged(stored, given string) error {
	if given != "" && given != stored {
		return domain.Invalid("key", "cannot be changed (it is %q); create a new one instead", stored)
	}
	return nil
}
