package app

import (
	"context"
	"os"
	"sync"

	"junction/backend/domain"
	"junction/backend/service"
)

// ReadyFileEnv names the environment variable that asks Ready to write a file,
// so a desktop smoke test can tell that the frontend reached the backend.
const ReadyFileEnv = "JUNCTION_READY_FILE"

// Session holds the window's context and the profile it acts as.
type Session struct {
	svc *service.Service

	mu      sync.RWMutex
	ctx     context.Context
	profile string
	// locked is set while the profile's password is not given yet: the
	// session acts as nobody, so every use case is refused.
	locked bool
	// switched run after a switch to another profile: what the last
	// profile's calls left in memory goes with it.
	switched []func()
}

// NewSession returns a session acting as profile.
func NewSession(svc *service.Service, profile string) *Session {
	return &Session{svc: svc, ctx: context.Background(), profile: profile}
}

func (s *Session) start(ctx context.Context) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.ctx = ctx
}

// enter applies the profile policy of every door (service.Enter) to the
// session's profile, "" for the default one. A profile with a password does
// not fail the start: the session stays locked until Enter is given the
// password (the window's password dialog).
func (s *Session) enter() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.profile == "" {
		s.profile = service.DefaultProfile()
	}
	_, err := s.svc.Enter(s.ctx, s.profile, "")
	if domain.ErrorReason(err) == domain.RPasswordNeeded {
		s.locked = true
		return nil
	}
	return err
}

// current returns the context and actor for one call; the actor is "", whom
// the service refuses, while the session is locked.
func (s *Session) current() (context.Context, string) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if s.locked {
		return s.ctx, ""
	}
	return s.ctx, s.profile
}

// Profile returns the name of the profile the window acts as (or waits for
// the password of).
func (s *Session) Profile() string {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.profile
}

// Me returns the current profile with its permissions. While the profile's
// password is not given it fails with reason door.password_needed, which the
// frontend answers with its password dialog.
func (s *Session) Me() (*service.UserView, error) {
	s.mu.RLock()
	ctx, profile, locked := s.ctx, s.profile, s.locked
	s.mu.RUnlock()
	if locked {
		return s.svc.Enter(ctx, profile, "")
	}
	return s.svc.Me(ctx, profile)
}

// Enter gives the password of the profile the window started as: the right
// one unlocks the session (service.Enter decides, as for the other doors).
func (s *Session) Enter(password string) (*service.UserView, error) {
	s.mu.RLock()
	ctx, profile := s.ctx, s.profile
	s.mu.RUnlock()
	u, err := s.svc.Enter(ctx, profile, password)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	if s.profile == profile {
		s.locked = false
	}
	s.mu.Unlock()
	return u, nil
}

// Switch makes the window act as the profile name from now on, after
// checking its password when it has one (a profile without a password takes
// ""). A wrong password is a permission error and keeps the current profile.
func (s *Session) Switch(name, password string) (*service.UserView, error) {
	ctx, _ := s.current()
	u, err := s.svc.Login(ctx, name, password)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	changed := s.profile != u.Name
	s.profile, s.locked = u.Name, false
	hooks := s.switched
	s.mu.Unlock()
	if changed {
		for _, f := range hooks {
			f()
		}
	}
	return u, nil
}

// onSwitch registers f to run after each switch to another profile.
func (s *Session) onSwitch(f func()) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.switched = append(s.switched, f)
}

// Ready is called once by the frontend after it has mounted. When
// JUNCTION_READY_FILE is set it writes that file with the profile name.
func (s *Session) Ready() error {
	path := os.Getenv(ReadyFileEnv)
	if path == "" {
		return nil
	}
	return os.WriteFile(path, []byte(s.Profile()+"\n"), 0o600)
}
