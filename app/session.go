package app

import (
	"context"
	"os"
	"sync"

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

// current returns the context and actor for one call.
func (s *Session) current() (context.Context, string) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.ctx, s.profile
}

// Profile returns the name of the profile the window acts as.
func (s *Session) Profile() string {
	_, actor := s.current()
	return actor
}

// Me returns the current profile with its permissions.
func (s *Session) Me() (*service.UserView, error) {
	ctx, actor := s.current()
	return s.svc.Me(ctx, actor)
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
	s.profile = u.Name
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
