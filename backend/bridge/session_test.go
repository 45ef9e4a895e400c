package bridge

import (
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// noRedirects is a client that shows redirects instead of following them.
var noRedirects = &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}

// signInWith spends the code of a sign-in link and returns the session
// cookie it set, after checking the redirect to the clean URL.
func signInWith(t *testing.T, link string) *http.Cookie {
	t.Helper()
	res, err := noRedirects.Get(link)
	require.NoError(t, err)
	defer res.Body.Close()
	require.Equal(t, http.StatusSeeOther, res.StatusCode)
	assert.Equal(t, "/", res.Header.Get("Location"), "the redirect drops the code from the address bar")
	cookies := res.Cookies()
	require.Len(t, cookies, 1)
	return cookies[0]
}

// callWithCookie calls Calc.Add on base as the page does: the session cookie
// and the page's Origin.
func callWithCookie(t *testing.T, base string, cookie *http.Cookie, args string) string {
	t.Helper()
	hr, err := http.NewRequest(http.MethodPost, base+"/api/Calc/Add", strings.NewReader(args))
	require.NoError(t, err)
	hr.AddCookie(cookie)
	hr.Header.Set("Origin", base)
	res, err := http.DefaultClient.Do(hr)
	require.NoError(t, err)
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	require.Equal(t, http.StatusOK, res.StatusCode, string(b))
	return string(b)
}

// manualClock is a clock the test moves.
type manualClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *manualClock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *manualClock) advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

func TestServer_SignIn(t *testing.T) {
	clock := &manualClock{t: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)}
	s, ts := newServer(t, Options{Assets: page(), Now: clock.now})
	port := ts.URL[strings.LastIndex(ts.URL, ":")+1:]
	code, err := s.NewCode()
	require.NoError(t, err)
	assert.Regexp(t, `^[0-9a-f]{64}$`, code)
	assert.NotEqual(t, s.Token(), code)

	t.Run("a code becomes the session cookie once", func(t *testing.T) {
		c := signInWith(t, ts.URL+"/?code="+code)
		assert.Equal(t, "junction_session_"+port, c.Name)
		assert.Equal(t, s.Token(), c.Value)
		assert.True(t, c.HttpOnly)
		assert.Equal(t, http.SameSiteStrictMode, c.SameSite)
		assert.Equal(t, "/", c.Path)
		assert.Equal(t, "3", callWithCookie(t, ts.URL, c, "[1,2]"))

		res, err := noRedirects.Get(ts.URL + "/?code=" + code)
		require.NoError(t, err)
		b, _ := io.ReadAll(res.Body)
		res.Body.Close()
		assert.Equal(t, http.StatusUnauthorized, res.StatusCode, "spent")
		assert.Empty(t, res.Cookies())
		assert.Contains(t, string(b), "already used or has expired")
	})
	t.Run("a code expires", func(t *testing.T) {
		late, err := s.NewCode()
		require.NoError(t, err)
		clock.advance(CodeTTL)
		res, err := noRedirects.Get(ts.URL + "/?code=" + late)
		require.NoError(t, err)
		res.Body.Close()
		assert.Equal(t, http.StatusUnauthorized, res.StatusCode)
		assert.Empty(t, res.Cookies())
	})
	t.Run("made-up codes and the old token link sign nobody in", func(t *testing.T) {
		for _, q := range []string{"?code=", "?code=" + strings.Repeat("0", 64), "?code=" + s.Token(), "?token=" + s.Token()} {
			res, err := noRedirects.Get(ts.URL + "/" + q)
			require.NoError(t, err)
			res.Body.Close()
			assert.Empty(t, res.Cookies(), q)
			assert.NotEqual(t, http.StatusSeeOther, res.StatusCode, q)
		}
	})
	t.Run("the cookie needs the page's Origin", func(t *testing.T) {
		fresh, err := s.NewCode()
		require.NoError(t, err)
		c := signInWith(t, ts.URL+"/?code="+fresh)
		for name, tc := range map[string]struct {
			origin string
			cookie *http.Cookie
			status int
		}{
			"no Origin (not a browser's POST)": {"", c, http.StatusUnauthorized},
			"another port's page":              {"http://127.0.0.1:1", c, http.StatusForbidden},
			"another site":                     {"http://evil.example", c, http.StatusForbidden},
			"a wrong cookie":                   {ts.URL, &http.Cookie{Name: c.Name, Value: "x" + c.Value[1:]}, http.StatusUnauthorized},
			"another serve's cookie name":      {ts.URL, &http.Cookie{Name: "junction_session_1", Value: c.Value}, http.StatusUnauthorized},
		} {
			hr, err := http.NewRequest(http.MethodPost, ts.URL+"/api/Calc/Add", strings.NewReader("[1,2]"))
			require.NoError(t, err)
			hr.AddCookie(tc.cookie)
			if tc.origin != "" {
				hr.Header.Set("Origin", tc.origin)
			}
			res, err := http.DefaultClient.Do(hr)
			require.NoError(t, err)
			res.Body.Close()
			assert.Equal(t, tc.status, res.StatusCode, name)
		}
	})
	t.Run("a sign-in link must name this server", func(t *testing.T) {
		fresh, err := s.NewCode()
		require.NoError(t, err)
		hr, err := http.NewRequest(http.MethodGet, ts.URL+"/?code="+fresh, nil)
		require.NoError(t, err)
		hr.Host = "evil.example:" + port
		res, err := noRedirects.Do(hr)
		require.NoError(t, err)
		res.Body.Close()
		assert.Equal(t, http.StatusForbidden, res.StatusCode)
		assert.Empty(t, res.Cookies())
	})
}

// startServe runs Serve on ln and returns the printed URL; the server stops
// at the end of the test.
func startServe(t *testing.T, ln net.Listener, cfg Config) string {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	var stdout syncBuffer
	cfg.Stdout = &stdout
	if cfg.Objects == nil {
		cfg.Objects = Named(&Calc{})
	}
	if cfg.FormatError == nil {
		cfg.FormatError = formatLikeApp
	}
	done := make(chan error, 1)
	go func() { done <- Serve(ctx, ln, cfg) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil && !errors.Is(err, http.ErrServerClosed) {
			t.Errorf("Serve: %v", err)
		}
	})
	require.Eventually(t, func() bool { return strings.HasSuffix(stdout.String(), "\n") }, 5*time.Second, 5*time.Millisecond)
	return strings.TrimSpace(stdout.String())
}

// serve --addr 127.0.0.2:0 prints a URL that its own Host check accepts.
func TestServe_AnotherLoopbackAddress(t *testing.T) {
	ln, err := Listen("127.0.0.2:0")
	require.NoError(t, err)
	link := startServe(t, ln, Config{})
	require.True(t, strings.HasPrefix(link, "http://127.0.0.2:"), link)
	c := signInWith(t, link)
	u, err := url.Parse(link)
	require.NoError(t, err)
	assert.Equal(t, "3", callWithCookie(t, "http://"+u.Host, c, "[1,2]"))
}
