// Package service holds Junction's use cases, the only API the doors call.
// Each use case checks permission, validates, and changes the store in one
// transaction together with its audit entry.
package service

import (
	"log/slog"
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
	// lock is the single-instance lock Open took (nil without Config.Instance).
	lock *instance
	// events receives what committed changes tell the doors (events.go).
	events Emitter
	log    *slog.Logger
	// life is what Start began and Close ends (open.go).
	life lifecycle
	// flows is this process's running flow runs and schedulers (scheduler.go).
	flows flowProcess
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

// Warnings are what Open noticed and accepted (a key file with a trailing
// newline): the CLI prints them on stderr, the window logs them.
func (s *Service) Warnings() []string { return s.warnings }

// DBPath is the path of the open database file.
func (s *Service) DBPath() string { return s.st.Path }

func (s *Service) stamp() time.Time { return s.now().UTC().Truncate(time.Microsecond) }

func newID() string { return uuid.NewString() }

// appended is the newest audit entry a transaction appended and the actions
// of all it appended; run.log sets it through the transaction's context, and
// change anchors it and emits its events once committed.
type appended struct {
	seq     int64
	hash    string
	actions []domain.Action
}

// note counts an appended entry in.
func (last *appended) note(e *domain.AuditEntry) {
	if e.Seq > last.seq {
		last.seq, last.hash = e.Seq, e.Hash
	}
	last.actions = append(last.actions, domain.Action(e.Action))
}

type appendedKey struct{}

// anchor moves the audit anchor to the newest entry a committed transaction
// appended, and tells the doors.
func (s *Service) anchor(last *appended) {
	defer s.emitCommitted(last)
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
