// Package service holds Junction's use cases, the only API the doors call.
// Each use case checks permission, validates, and changes the store in one
// transaction together with its audit entry.
package service

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync/atomic"
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"junction/backend/access"
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
	db  *gorm.DB
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
	s := &Service{st: st, db: st.DB, box: box, now: now,
		engine: invoke.NewEngine(invoke.Options{BodyCap: opts.BodyCap})}
	if box != nil {
		s.auditKey = box.AuditKey()
	}
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
// of all it appended; record and run.log set it through the transaction's
// context, and tx and change anchor it and emit its events once committed.
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

// tx runs fn in one write transaction, then moves the audit anchor to the
// newest entry fn appended.
func (s *Service) tx(ctx context.Context, fn func(tx *gorm.DB) error) error {
	last := &appended{}
	if err := s.st.Tx(context.WithValue(ctx, appendedKey{}, last), fn); err != nil {
		return err
	}
	s.anchor(last)
	return nil
}

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

// actor loads the acting profile; an unknown name is a permission error.
func (s *Service) actor(db *gorm.DB, name string) (*domain.User, error) {
	var u domain.User
	err := db.Where("name = ?", name).Take(&u).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, domain.Errorf(domain.EPermission, "there is no profile named %q", name)
	}
	if err != nil {
		return nil, fmt.Errorf("load profile %s: %w", name, err)
	}
	return &u, nil
}

// connectorFor loads the connector key and the actor's rights on it, and
// refuses the call unless the rights include need ("view", "maintain" or "manage").
func (s *Service) connectorFor(db *gorm.DB, actor, key, need string) (*domain.User, *domain.Connector, access.Rights, error) {
	u, err := s.actor(db, actor)
	if err != nil {
		return nil, nil, access.Rights{}, err
	}
	var c domain.Connector
	if err := db.Where("key = ?", key).Take(&c).Error; err != nil {
		return nil, nil, access.Rights{}, store.Translate(err, fmt.Sprintf("connector %q", key))
	}
	r, err := s.rights(db, u, &c)
	if err != nil {
		return nil, nil, r, err
	}
	ok := map[string]bool{"view": r.View, "maintain": r.Maintain, "manage": r.Manage}[need]
	if !ok {
		what := map[string]string{
			"view":     "view connector " + key,
			"maintain": "maintain connector " + key,
			"manage":   "change the permissions of connector " + key,
		}[need]
		return nil, nil, r, access.Denied(u, what)
	}
	return u, &c, r, nil
}

func (s *Service) rights(db *gorm.DB, u *domain.User, c *domain.Connector) (access.Rights, error) {
	var level string
	err := db.Model(&domain.Grant{}).Select("level").
		Where("connector_id = ? AND user_id = ?", c.ID, u.ID).Limit(1).Scan(&level).Error
	if err != nil {
		return access.Rights{}, fmt.Errorf("load grant: %w", err)
	}
	return access.ConnectorRights(u, c, level), nil
}

// entry describes one audit entry; record fills in the rest.
type entry struct {
	action     string
	targetType string
	targetID   string
	targetKey  string
	connector  string // connector id
	summary    string
	details    string
}

func (s *Service) record(tx *gorm.DB, u *domain.User, e entry) error {
	ae := &domain.AuditEntry{
		At: s.stamp(), Actor: u.Name, Action: e.action,
		TargetType: e.targetType, TargetID: e.targetID, TargetKey: e.targetKey,
		ConnectorID: e.connector, Summary: e.summary, Details: e.details,
	}
	if s.auditKey == nil {
		return errors.New("write audit entry: no key file is open to sign it")
	}
	if err := audit.Append(tx, ae, s.auditKey); err != nil {
		return fmt.Errorf("write audit entry: %w", err)
	}
	if last, ok := tx.Statement.Context.Value(appendedKey{}).(*appended); ok {
		last.note(ae)
	}
	return nil
}

// likePattern escapes % and _ for a LIKE ... ESCAPE '\' search.
func likePattern(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)
	return "%" + r.Replace(s) + "%"
}

func keyUnchanged(stored, given string) error {
	if given != "" && given != stored {
		return domain.Invalid("key", "cannot be changed (it is %q); create a new one instead", stored)
	}
	return nil
}
