package bridge

import (
	"crypto/subtle"
	"net/http"
	"sync"
	"time"
)

// Signing a browser in. The token never travels on a command line (where
// every local user's ps reads it): the URL that junction serve prints and
// opens carries a one-time code instead. GET /?code=<code> spends the code,
// sets the session cookie — the token, HttpOnly so the page's scripts never
// hold it, SameSite=Strict, Path=/ — and redirects to the clean URL. API
// calls then carry the cookie; the X-Junction-Token header stays for API
// clients given the token in-process (tests, embedders).

// CodeTTL is how long a one-time code stays good when nobody spends it.
const CodeTTL = 5 * time.Minute

// cookiePrefix starts the session cookie's name. Browsers keep cookies by
// host, not port: the name carries the port so that two serve runs on
// 127.0.0.1 do not sign each other's tabs out.
const cookiePrefix = "junction_session"

// codes are the one-time codes not spent yet, with when each expires.
type codes struct {
	mu    sync.Mutex
	until map[string]time.Time
}

// NewCode issues a one-time code good for one sign-in within CodeTTL.
func (s *Server) NewCode() (string, error) {
	c, err := NewToken()
	if err != nil {
		return "", err
	}
	now := s.now()
	s.codes.mu.Lock()
	defer s.codes.mu.Unlock()
	for k, until := range s.codes.until {
		if !now.Before(until) {
			delete(s.codes.until, k)
		}
	}
	s.codes.until[c] = now.Add(CodeTTL)
	return c, nil
}

// spend reports whether code is a live one-time code, and makes it the last use.
func (s *Server) spend(code string) bool {
	if code == "" {
		return false
	}
	now := s.now()
	s.codes.mu.Lock()
	defer s.codes.mu.Unlock()
	for k, until := range s.codes.until {
		if subtle.ConstantTimeCompare([]byte(k), []byte(code)) == 1 {
			delete(s.codes.until, k)
			return now.Before(until)
		}
	}
	return false
}

func (s *Server) cookieName() string {
	if s.port == "" {
		return cookiePrefix
	}
	return cookiePrefix + "_" + s.port
}

// signIn answers GET /?code=: a live code becomes the session cookie and a
// redirect to the clean URL (the fragment, the page's route, stays); any
// other code is refused with a page that says what to do.
func (s *Server) signIn(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Cache-Control", "no-store")
	if !s.spend(r.URL.Query().Get("code")) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.WriteHeader(http.StatusUnauthorized)
		_, _ = w.Write([]byte("This sign-in link of junction serve was already used or has expired (a link works once, within " +
			CodeTTL.String() + ").\nA tab that signed in with it keeps working; for another browser, stop junction serve and start it again.\n"))
		return
	}
	http.SetCookie(w, &http.Cookie{Name: s.cookieName(), Value: s.token, Path: "/", HttpOnly: true, SameSite: http.SameSiteStrictMode})
	http.Redirect(w, r, "/", http.StatusSeeOther)
}

// authorized accepts an API call that carries the token in its header, or the
// session cookie together with an Origin header: a browser sends Origin on
// every POST, and the host guard has already checked that it names this
// server, so a page of another origin on 127.0.0.1 (which SameSite counts as
// the same site) cannot ride on the cookie. The page's EventSource is a
// same-origin GET, which carries no Origin: the event stream takes the
// cookie when the browser marks the request as its own page's
// (Sec-Fetch-Site: same-origin), which a page of another origin cannot fake.
func (s *Server) authorized(r *http.Request) bool {
	if s.validToken(r.Header.Get(TokenHeader)) {
		return true
	}
	c, err := r.Cookie(s.cookieName())
	if err != nil || !s.validToken(c.Value) {
		return false
	}
	if r.Header.Get("Origin") != "" {
		return true
	}
	return r.Method == http.MethodGet && r.URL.Path == eventsPath && r.Header.Get("Sec-Fetch-Site") == "same-origin"
}
