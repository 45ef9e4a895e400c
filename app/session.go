package app

import (
	"context"
	"os"
	"slices"
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
	calls    calls
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

// Cancelling calls. A facade method that may run long (the console's call of
// an interface) takes a call id from the frontend and runs on s.call(id):
// the window's Cancel button calls Session.Cancel(id); in browser mode the
// page also aborts the request, whose context the bridge attaches to the id
// (App.AttachCall), so closing the tab cancels the call too.

// recentCancels bounds the ids remembered as cancelled before their call
// began (Cancel can overtake the call it cancels).
const recentCancels = 16

// calls are the cancellable calls in flight, by id.
type calls struct {
	mu       sync.Mutex
	running  map[string]context.CancelFunc
	attached map[string]context.Context
	early    []string // cancelled before they began, oldest first
}

// call returns the context and actor of call id, and done to run when it
// returned. The context ends with the session's, on Cancel(id), and when
// the request attached to id ends.
func (s *Session) call(id string) (ctx context.Context, actor string, done func()) {
	base, actor := s.current()
	ctx, cancel := context.WithCancel(base)
	c := &s.calls
	c.mu.Lock()
	defer c.mu.Unlock()
	stop := func() bool { return false }
	if req, ok := c.attached[id]; ok {
		stop = context.AfterFunc(req, cancel)
	}
	if i := slices.Index(c.early, id); i >= 0 {
		c.early = slices.Delete(c.early, i, i+1)
		cancel()
	}
	if id == "" {
		return ctx, actor, func() { stop(); cancel() }
	}
	if c.running == nil {
		c.running = map[string]context.CancelFunc{}
	}
	c.running[id] = cancel
	return ctx, actor, func() {
		stop()
		cancel()
		c.mu.Lock()
		delete(c.running, id)
		c.mu.Unlock()
	}
}

// Cancel cancels the call id: its backend work stops as soon as it notices
// (an invocation closes its connection). An id whose call has not begun yet
// begins cancelled; an id of a call that has ended is ignored.
func (s *Session) Cancel(id string) {
	c := &s.calls
	c.mu.Lock()
	defer c.mu.Unlock()
	if cancel, ok := c.running[id]; ok {
		cancel()
		return
	}
	if id != "" && !slices.Contains(c.early, id) {
		c.early = append(c.early, id)
		if len(c.early) > recentCancels {
			c.early = c.early[1:]
		}
	}
}

// AttachCall runs call id on ctx as well, the context of the browser-mode
// request that carries it (bridge.Options.Attach): until detach, the call
// ends when ctx does.
func (a *App) AttachCall(ctx context.Context, id string) (detach func()) {
	c := &a.Session.calls
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.attached == nil {
		c.attached = map[string]context.Context{}
	}
	c.attached[id] = ctx
	return func() {
		c.mu.Lock()
		defer c.mu.Unlock()
		if c.attached[id] == ctx {
			delete(c.attached, id)
		}
	}
}
