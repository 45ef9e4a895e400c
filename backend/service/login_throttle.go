package service

import (
	"strconv"
	"sync"
	"time"

	"junction/backend/domain"
)

// Password guesses are throttled per profile, in memory: the window and
// browser mode are one process that may take guesses without end through the
// profile switch, while a CLI process takes one password and pays bcrypt for
// it. After freeLoginFailures wrong passwords in a row, each further one locks
// the profile's login for a delay that doubles, from loginBaseDelay up to
// loginMaxDelay; while locked, every password (the right one too) is refused
// without being checked. The right password after the delay clears the count.
const (
	freeLoginFailures = 5
	loginBaseDelay    = time.Second
	loginMaxDelay     = 15 * time.Minute
)

type loginThrottle struct {
	mu    sync.Mutex
	state map[string]*loginFailures
}

type loginFailures struct {
	count int
	until time.Time // no password is checked before this
}

// check refuses a login of name while it is locked, saying how long to wait.
func (t *loginThrottle) check(name string, now time.Time) error {
	t.mu.Lock()
	defer t.mu.Unlock()
	f := t.state[name]
	if f == nil || !now.Before(f.until) {
		return nil
	}
	wait := f.until.Sub(now).Round(time.Second)
	if wait < time.Second {
		wait = time.Second
	}
	secs := strconv.Itoa(int(wait / time.Second))
	return domain.Errorf(domain.EPermission, "too many wrong passwords for profile %s; try again in %ss", name, secs).
		With(domain.RLoginThrottled, "name", name, "seconds", secs)
}

// failed counts a wrong password for name and, past the free ones, locks it.
func (t *loginThrottle) failed(name string, now time.Time) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.state == nil {
		t.state = map[string]*loginFailures{}
	}
	f := t.state[name]
	if f == nil {
		f = &loginFailures{}
		t.state[name] = f
	}
	f.count++
	if over := f.count - freeLoginFailures; over > 0 {
		delay := loginMaxDelay
		if over <= 20 { // 2^20 s is past the cap already; no overflow
			delay = min(loginBaseDelay<<(over-1), loginMaxDelay)
		}
		f.until = now.Add(delay)
	}
}

// succeeded forgets name's wrong passwords.
func (t *loginThrottle) succeeded(name string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	delete(t.state, name)
}
