package service

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"os/user"
	"path/filepath"
	"sync"

	"junction/backend/audit"
	"junction/backend/domain"
	"junction/backend/store"
)

// Config is what a door gives Open: every door (the window, `junction
// serve`, each CLI command) opens the store and key through it, so paths,
// key policy, lock, log and events are decided in one place.
type Config struct {
	// DBPath is the SQLite store; DefaultDBPath when "".
	DBPath string
	// KeyPath is the secret key file; DefaultKeyPath when "".
	KeyPath string
	// WithoutKey opens the store without reading its key file, for
	// `secret rekey --new` alone: nothing else may be called on the Service
	// before RekeyNew succeeds.
	WithoutKey bool
	// Instance takes the single-instance lock (instance.go) before the store
	// is opened, as holder Mode (HolderWindow or HolderBrowser).
	Instance bool
	Mode     string
	// Log receives what the service notices but does not fail for (Open's
	// warnings); without one the door reads Warnings.
	Log *slog.Logger
	// Events receives the service's events (events.go); nil drops them.
	Events Emitter
}

// lifecycle is the part of the Service that Start begins and Close ends.
type lifecycle struct {
	mu      sync.Mutex
	ctx     context.Context
	cancel  context.CancelFunc
	running sync.WaitGroup
	closed  bool
}

// DefaultDBPath is $JUNCTION_DB, else <user config dir>/junction/junction.db.
func DefaultDBPath() (string, error) {
	return envOrConfigPath("JUNCTION_DB", "junction.db")
}

// DefaultKeyPath is $JUNCTION_KEY_FILE, else <user config dir>/junction/secret.key.
func DefaultKeyPath() (string, error) {
	return envOrConfigPath("JUNCTION_KEY_FILE", "secret.key")
}

// envOrConfigPath is $env when set, else <user config dir>/junction/<file>.
func envOrConfigPath(env, file string) (string, error) {
	if p := os.Getenv(env); p != "" {
		return p, nil
	}
	dir, err := os.UserConfigDir()
	if err != nil {
		return "", fmt.Errorf("find the user config folder (set %s): %w", env, err)
	}
	return filepath.Join(dir, "junction", file), nil
}

// DefaultProfile is the profile a door acts as when none is named:
// $JUNCTION_USER, else the OS user name.
func DefaultProfile() string {
	if name := os.Getenv("JUNCTION_USER"); name != "" {
		return name
	}
	if u, err := user.Current(); err == nil && u.Username != "" {
		// Windows reports DOMAIN\name.
		return filepath.Base(filepath.ToSlash(u.Username))
	}
	return "me"
}

// Open opens the store and the key file of cfg (creating both on first run)
// and returns a Service over them. A key file is created only for a store
// that never had one: a missing, unreadable or different key of a store that
// holds secrets or a key fingerprint is refused (see openKey). With
// cfg.Instance a store another window or serve holds is refused first.
func Open(cfg Config) (*Service, error) {
	var err error
	if cfg.DBPath == "" {
		if cfg.DBPath, err = DefaultDBPath(); err != nil {
			return nil, err
		}
	}
	if cfg.KeyPath == "" {
		if cfg.KeyPath, err = DefaultKeyPath(); err != nil {
			return nil, err
		}
	}
	var lock *instance
	if cfg.Instance {
		if lock, err = lockInstance(cfg.DBPath, cfg.Mode); err != nil {
			return nil, err
		}
	}
	s, err := open(cfg)
	if err != nil {
		if lock != nil {
			_ = lock.release()
		}
		return nil, err
	}
	s.lock = lock
	return s, nil
}

func open(cfg Config) (*Service, error) {
	st, err := store.Open(cfg.DBPath)
	if err != nil {
		return nil, err
	}
	s := New(st, nil, Options{})
	s.keyPath = cfg.KeyPath
	s.anchorPath = audit.AnchorPath(cfg.KeyPath, cfg.DBPath)
	s.events = cfg.Events
	s.log = cfg.Log
	if cfg.WithoutKey {
		return s, nil
	}
	box, warning, err := openKey(st, cfg.KeyPath)
	if err != nil {
		_ = st.Close()
		return nil, err
	}
	s.box, s.auditKey = box, box.AuditKey()
	if warning != "" {
		s.warnings = append(s.warnings, warning)
		if s.log != nil {
			s.log.Warn("open the key file", "key", cfg.KeyPath, "warning", warning)
		}
	}
	return s, nil
}

// Announce adds browser mode's address to the single-instance lock's holder
// note, so that a second instance can name it. It does nothing without the
// lock.
func (s *Service) Announce(addr string) {
	if s.lock != nil {
		s.lock.announce(addr)
	}
}

// Enter decides which profile a door acts as and whether it may: name, else
// DefaultProfile; on the first run of a store that profile is created with
// every permission. A profile with a password needs it: without one the
// answer is a permission error with reason door.password_needed (the door
// asks for it: the window's dialog, the terminal, JUNCTION_PASSWORD), a
// wrong one is refused and throttled as Login does.
func (s *Service) Enter(ctx context.Context, name, password string) (*UserView, error) {
	if name == "" {
		name = DefaultProfile()
	}
	me, err := s.EnsureProfile(ctx, name)
	if err != nil {
		return nil, err
	}
	if !me.HasPassword {
		return me, nil
	}
	if password == "" {
		return nil, domain.Errorf(domain.EPermission, "profile %s has a password: give it to act as %s", name, name).
			With(domain.RPasswordNeeded, "profile", name)
	}
	return s.Login(ctx, name, password)
}

// Start begins what runs beside the doors' calls until Close: the place of
// the flow scheduler. It fails when the service was started or closed.
func (s *Service) Start(ctx context.Context) error {
	l := &s.life
	l.mu.Lock()
	defer l.mu.Unlock()
	switch {
	case l.closed:
		return errors.New("start the service: it is closed")
	case l.ctx != nil:
		return errors.New("start the service: it is running")
	}
	l.ctx, l.cancel = context.WithCancel(ctx)
	s.startScheduler(l)
	return nil
}

// background runs fn on its own goroutine until the service's context ends;
// Close waits for it. It fails before Start and after Close.
func (s *Service) background(fn func(ctx context.Context)) error {
	l := &s.life
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.ctx == nil || l.closed {
		return errors.New("run in the background: the service is not running")
	}
	l.running.Add(1)
	go func() {
		defer l.running.Done()
		fn(l.ctx)
	}()
	return nil
}

// Close stops what Start began and waits for it, then closes the store and
// releases the single-instance lock. Closing twice is a no-op.
func (s *Service) Close() error {
	l := &s.life
	l.mu.Lock()
	if l.closed {
		l.mu.Unlock()
		return nil
	}
	l.closed = true
	if l.cancel != nil {
		l.cancel()
	}
	l.mu.Unlock()
	l.running.Wait()
	err := s.st.Close()
	if s.lock != nil {
		if lerr := s.lock.release(); err == nil && lerr != nil {
			err = fmt.Errorf("release the single-instance lock: %w", lerr)
		}
	}
	return err
}
