package bridge

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"junction/backend/local"
	"junction/backend/testkit"
)

// codedError stands in for backend/domain's error: the bridge knows it only
// through the formatter.
type codedError struct {
	Code    string `json:"code"`
	Message string `json:"message"`
	Field   string `json:"field,omitempty"`
}

func (e *codedError) Error() string { return e.Message }

// formatLikeApp formats as app.FormatError does: JSON text, "internal" for an
// error without a code.
func formatLikeApp(err error) any {
	var ce *codedError
	if !errors.As(err, &ce) {
		ce = &codedError{Code: "internal", Message: "Internal error; the details are in the log."}
	}
	b, _ := json.Marshal(ce)
	return string(b)
}

type Input struct {
	Name string   `json:"name"`
	Tags []string `json:"tags"`
}

type Calc struct {
	mu    sync.Mutex
	calls []string
}

func (c *Calc) Add(a, b int) (int, error) { return a + b, nil }

func (c *Calc) Echo(in Input) (*Input, error) { return &in, nil }

func (c *Calc) Touch(name string) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.calls = append(c.calls, name)
	return nil
}

func (c *Calc) Nothing() {}

func (c *Calc) Missing() (*Input, error) { return nil, nil }

func (c *Calc) Fail(code string) error {
	if code == "plain" {
		return errors.New("disk on fire")
	}
	return &codedError{Code: code, Message: "refused: " + code, Field: "key"}
}

func (c *Calc) Explode() (string, error) { panic("boom") }

func (c *Calc) Sum(xs ...int) int { return len(xs) } // variadic: not exposed

type Session struct{}

func (Session) Profile() string { return "alice" }

func newServer(t *testing.T, opts Options) (*Server, *httptest.Server) {
	t.Helper()
	if opts.Objects == nil {
		opts.Objects = Named(&Calc{}, Session{})
	}
	if opts.FormatError == nil {
		opts.FormatError = formatLikeApp
	}
	if opts.Token == "" {
		opts.Token = "secret-token"
	}
	ts := httptest.NewUnstartedServer(nil)
	_, port, err := net.SplitHostPort(ts.Listener.Addr().String())
	require.NoError(t, err)
	opts.Port = port
	s, err := New(opts)
	require.NoError(t, err)
	ts.Config.Handler = s
	ts.Start()
	t.Cleanup(ts.Close)
	return s, ts
}

type answer struct {
	status int
	header http.Header
	body   string
}

func (a answer) doc(t *testing.T) codedError {
	t.Helper()
	var d codedError
	require.NoError(t, json.Unmarshal([]byte(a.body), &d), a.body)
	return d
}

type req struct {
	method, path, body, token, host, origin string
	noToken                                 bool
}

func do(t *testing.T, ts *httptest.Server, r req) answer {
	t.Helper()
	if r.method == "" {
		r.method = http.MethodPost
	}
	hr, err := http.NewRequest(r.method, ts.URL+r.path, strings.NewReader(r.body))
	require.NoError(t, err)
	if !r.noToken {
		tok := r.token
		if tok == "" {
			tok = "secret-token"
		}
		hr.Header.Set(TokenHeader, tok)
	}
	if r.host != "" {
		hr.Host = r.host
	}
	if r.origin != "" {
		hr.Header.Set("Origin", r.origin)
	}
	res, err := ts.Client().Do(hr)
	require.NoError(t, err)
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	require.NoError(t, err)
	return answer{status: res.StatusCode, header: res.Header, body: string(b)}
}

func call(t *testing.T, ts *httptest.Server, path, body string) answer {
	t.Helper()
	return do(t, ts, req{path: path, body: body})
}

func TestNamed(t *testing.T) {
	c := &Calc{}
	m := Named(c, Session{}, &Session{})
	assert.Len(t, m, 2)
	assert.Same(t, c, m["Calc"])
	assert.Contains(t, m, "Session")
}

func TestServer_Dispatch(t *testing.T) {
	calc := &Calc{}
	s, ts := newServer(t, Options{Objects: Named(calc, Session{})})

	t.Run("lists the exposed methods", func(t *testing.T) {
		assert.Equal(t, []string{
			"Calc.Add", "Calc.Echo", "Calc.Explode", "Calc.Fail", "Calc.Missing", "Calc.Nothing", "Calc.Touch",
			"Session.Profile",
		}, s.Methods())
	})
	t.Run("returns the result as JSON", func(t *testing.T) {
		a := call(t, ts, "/api/Calc/Add", "[2, 40]")
		assert.Equal(t, http.StatusOK, a.status)
		assert.Equal(t, "application/json", a.header.Get("Content-Type"))
		assert.Equal(t, "no-store", a.header.Get("Cache-Control"))
		assert.Equal(t, "42", a.body)
	})
	t.Run("decodes a struct argument", func(t *testing.T) {
		a := call(t, ts, "/api/Calc/Echo", `[{"name":"crm","tags":["a","b"],"extra":1}]`)
		assert.Equal(t, http.StatusOK, a.status)
		assert.JSONEq(t, `{"name":"crm","tags":["a","b"]}`, a.body)
	})
	t.Run("null is the zero value", func(t *testing.T) {
		a := call(t, ts, "/api/Calc/Echo", `[null]`)
		assert.Equal(t, http.StatusOK, a.status)
		assert.JSONEq(t, `{"name":"","tags":null}`, a.body)
	})
	t.Run("a method with only an error answers null", func(t *testing.T) {
		a := call(t, ts, "/api/Calc/Touch", `["x"]`)
		assert.Equal(t, http.StatusOK, a.status)
		assert.Equal(t, "null", a.body)
		assert.Equal(t, []string{"x"}, calc.calls)
	})
	t.Run("a method without results answers null", func(t *testing.T) {
		a := call(t, ts, "/api/Calc/Nothing", "")
		assert.Equal(t, http.StatusOK, a.status)
		assert.Equal(t, "null", a.body)
		a = call(t, ts, "/api/Calc/Missing", "[]")
		assert.Equal(t, "null", a.body)
	})
	t.Run("a value receiver's method", func(t *testing.T) {
		a := call(t, ts, "/api/Session/Profile", "[]")
		assert.Equal(t, http.StatusOK, a.status)
		assert.Equal(t, `"alice"`, a.body)
	})
	t.Run("unknown struct or method is not_found", func(t *testing.T) {
		for _, path := range []string{"/api/Nope/Add", "/api/Calc/Nope", "/api/Calc/Sum", "/api/Calc", "/api/", "/api/Calc/add", "/api/Calc/Add/x"} {
			a := call(t, ts, path, "[]")
			assert.Equal(t, http.StatusNotFound, a.status, path)
			assert.Equal(t, "not_found", a.doc(t).Code, path)
		}
	})
	t.Run("only POST calls", func(t *testing.T) {
		a := do(t, ts, req{method: http.MethodGet, path: "/api/Calc/Add"})
		assert.Equal(t, http.StatusMethodNotAllowed, a.status)
		assert.Equal(t, "POST", a.header.Get("Allow"))
	})
}

func TestServer_Arguments(t *testing.T) {
	_, ts := newServer(t, Options{})
	cases := []struct {
		name, path, body, field string
		contains                []string
	}{
		{"a body that is not an array", "/api/Calc/Add", `{"a":1}`, "", []string{"Calc.Add", "JSON array"}},
		{"a body that is not JSON", "/api/Calc/Add", `[1,`, "", []string{"Calc.Add", "JSON array"}},
		{"too few arguments", "/api/Calc/Add", `[1]`, "", []string{"Calc.Add takes 2 argument(s), got 1"}},
		{"too many arguments", "/api/Calc/Touch", `["a","b"]`, "", []string{"Calc.Touch takes 1 argument(s), got 2"}},
		{"no body for a method that takes arguments", "/api/Calc/Add", ``, "", []string{"got 0"}},
		{"the second argument has the wrong type", "/api/Calc/Add", `[1,"two"]`, "args[1]", []string{"Argument 2 of Calc.Add (int)"}},
		{"a struct field has the wrong type", "/api/Calc/Echo", `[{"tags":"x"}]`, "args[0]", []string{"Argument 1 of Calc.Echo (bridge.Input)", "Input.tags"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			a := call(t, ts, c.path, c.body)
			assert.Equal(t, http.StatusBadRequest, a.status)
			d := a.doc(t)
			assert.Equal(t, "bad_input", d.Code)
			assert.Equal(t, c.field, d.Field)
			for _, s := range c.contains {
				assert.Contains(t, d.Message, s)
			}
		})
	}
	t.Run("a body over the limit", func(t *testing.T) {
		const limit = 1 << 20
		_, small := newServer(t, Options{MaxBodyBytes: limit})
		big := `["` + strings.Repeat("x", limit) + `"]`
		a := call(t, small, "/api/Calc/Touch", big)
		assert.Equal(t, http.StatusRequestEntityTooLarge, a.status)
		assert.Equal(t, "bad_input", a.doc(t).Code)
	})
}

// The cap says itself when hit, with a reason the page words in English and
// Chinese (door.args_too_large), and by default fits the package of 10,000
// connectors that bench/exchange.sh imports (430 MB, as a JSON string about
// 500 MB).
func TestServer_BodyLimitSaysItself(t *testing.T) {
	assert.GreaterOrEqual(t, int64(MaxBodyBytes), int64(600<<20), "room for a 10,000-connector package")
	const limit = 3 << 19 // 1.5 MiB
	_, ts := newServer(t, Options{MaxBodyBytes: limit})
	a := call(t, ts, "/api/Calc/Touch", `["`+strings.Repeat("x", limit)+`"]`)
	require.Equal(t, http.StatusRequestEntityTooLarge, a.status)
	assert.JSONEq(t, `{"code":"bad_input","reason":"door.args_too_large","message":"The arguments of Calc.Touch exceed 1.5 MiB.","params":{"method":"Calc.Touch","max":"1.5"}}`, a.body)
	a = call(t, ts, "/api/Calc/Touch", `["`+strings.Repeat("x", limit-16)+`"]`)
	assert.Equal(t, http.StatusOK, a.status, "a body under the cap is served")
}

func TestServer_Errors(t *testing.T) {
	_, ts := newServer(t, Options{})
	for code, status := range map[string]int{
		"validation": 400, "bad_input": 400, "permission": 403, "not_found": 404,
		"conflict": 409, "rule": 409, "transport": 502, "timeout": 504, "internal": 500, "odd": 500,
	} {
		t.Run(code, func(t *testing.T) {
			a := call(t, ts, "/api/Calc/Fail", fmt.Sprintf("[%q]", code))
			assert.Equal(t, status, a.status)
			assert.Equal(t, "application/json", a.header.Get("Content-Type"))
			assert.JSONEq(t, fmt.Sprintf(`{"code":%q,"message":"refused: %s","field":"key"}`, code, code), a.body)
		})
	}
	t.Run("an error without a code goes through the formatter", func(t *testing.T) {
		a := call(t, ts, "/api/Calc/Fail", `["plain"]`)
		assert.Equal(t, http.StatusInternalServerError, a.status)
		assert.Equal(t, codedError{Code: "internal", Message: "Internal error; the details are in the log."}, a.doc(t))
	})
	t.Run("a panic is an internal error", func(t *testing.T) {
		var got error
		_, ts := newServer(t, Options{FormatError: func(err error) any { got = err; return formatLikeApp(err) }})
		a := call(t, ts, "/api/Calc/Explode", `[]`)
		assert.Equal(t, http.StatusInternalServerError, a.status)
		assert.Equal(t, "internal", a.doc(t).Code)
		require.Error(t, got)
		assert.Contains(t, got.Error(), "panic in Calc.Explode: boom")
	})
	t.Run("formatters of other shapes", func(t *testing.T) {
		for name, format := range map[string]FormatError{
			"a value":      func(err error) any { return &codedError{Code: "rule", Message: err.Error()} },
			"bytes":        func(err error) any { return []byte(`{"code":"rule","message":"refused: rule","field":"key"}`) },
			"plain text":   func(err error) any { return err.Error() },
			"nothing":      func(error) any { return nil },
			"no formatter": nil,
		} {
			_, ts := newServer(t, Options{FormatError: format})
			if format == nil {
				// newServer fills in a formatter; make one without.
				s, err := New(Options{Objects: Named(&Calc{}), Token: "secret-token"})
				require.NoError(t, err)
				ts.Config.Handler = s
			}
			a := call(t, ts, "/api/Calc/Fail", `["rule"]`)
			d := a.doc(t)
			assert.Contains(t, d.Message, "refused: rule", name)
			if d.Code == "rule" {
				assert.Equal(t, http.StatusConflict, a.status, name)
			} else {
				assert.Equal(t, "internal", d.Code, name)
				assert.Equal(t, http.StatusInternalServerError, a.status, name)
			}
		}
	})
}

func TestServer_Token(t *testing.T) {
	_, ts := newServer(t, Options{})
	for name, r := range map[string]req{
		"no token":            {path: "/api/Calc/Add", body: "[1,2]", noToken: true},
		"a wrong token":       {path: "/api/Calc/Add", body: "[1,2]", token: "secret-tokem"},
		"a prefix of it":      {path: "/api/Calc/Add", body: "[1,2]", token: "secret"},
		"unknown method too":  {path: "/api/Nope/Nope", body: "[]", noToken: true},
		"a GET without token": {method: http.MethodGet, path: "/api/Calc/Add", noToken: true},
	} {
		t.Run(name, func(t *testing.T) {
			a := do(t, ts, r)
			assert.Equal(t, http.StatusUnauthorized, a.status)
			d := a.doc(t)
			assert.Equal(t, "permission", d.Code)
			assert.Contains(t, d.Message, "junction serve")
		})
	}
	t.Run("the token in the query string is not enough", func(t *testing.T) {
		a := do(t, ts, req{path: "/api/Calc/Add?token=secret-token", body: "[1,2]", noToken: true})
		assert.Equal(t, http.StatusUnauthorized, a.status)
	})
	t.Run("the right token", func(t *testing.T) {
		assert.Equal(t, http.StatusOK, call(t, ts, "/api/Calc/Add", "[1,2]").status)
	})
	t.Run("New makes a token when given none", func(t *testing.T) {
		s1, err := New(Options{Objects: Named(&Calc{})})
		require.NoError(t, err)
		s2, err := New(Options{Objects: Named(&Calc{})})
		require.NoError(t, err)
		assert.Regexp(t, `^[0-9a-f]{64}$`, s1.Token())
		assert.NotEqual(t, s1.Token(), s2.Token())
	})
}

func TestServer_Host(t *testing.T) {
	_, ts := newServer(t, Options{Assets: page()})
	port := ts.URL[strings.LastIndex(ts.URL, ":")+1:]
	for _, host := range []string{"evil.example", "evil.example:" + port, "127.0.0.1.evil.example:" + port,
		"localhost.evil.example:" + port, "10.0.0.1:" + port, "127.0.0.1:1", "0.0.0.0:" + port} {
		t.Run("refuses "+host, func(t *testing.T) {
			for _, path := range []string{"/api/Calc/Add", "/", "/assets/app.js"} {
				a := do(t, ts, req{path: path, body: "[1,2]", host: host})
				assert.Equal(t, http.StatusForbidden, a.status, path)
				assert.Equal(t, "permission", a.doc(t).Code, path)
			}
		})
	}
	for _, host := range []string{"127.0.0.1:" + port, "localhost:" + port, "LocalHost:" + port, "[::1]:" + port, "127.0.0.2:" + port} {
		t.Run("accepts "+host, func(t *testing.T) {
			assert.Equal(t, http.StatusOK, do(t, ts, req{path: "/api/Calc/Add", body: "[1,2]", host: host}).status)
		})
	}
	t.Run("refuses a call from a page of another site", func(t *testing.T) {
		for _, origin := range []string{"http://evil.example", "https://127.0.0.1:" + port, "null", "http://127.0.0.1:1"} {
			a := do(t, ts, req{path: "/api/Calc/Add", body: "[1,2]", origin: origin})
			assert.Equal(t, http.StatusForbidden, a.status, origin)
		}
		assert.Equal(t, http.StatusOK, do(t, ts, req{path: "/api/Calc/Add", body: "[1,2]", origin: "http://127.0.0.1:" + port}).status)
	})
	t.Run("without a port to hold to, any loopback port", func(t *testing.T) {
		s, err := New(Options{Objects: Named(&Calc{}), Token: "t"})
		require.NoError(t, err)
		assert.True(t, s.loopbackHost("127.0.0.1:9"))
		assert.True(t, s.loopbackHost("localhost"))
		assert.True(t, s.loopbackHost("[::1]"))
		assert.False(t, s.loopbackHost("example.com"))
		assert.False(t, s.loopbackHost(""), "HTTP/1.0 without a Host header")
	})
}

func page() fstest.MapFS {
	return fstest.MapFS{
		"index.html":    {Data: []byte("<!doctype html><title>Junction</title>")},
		"assets/app.js": {Data: []byte("console.log(1)")},
	}
}

func TestServer_Page(t *testing.T) {
	_, ts := newServer(t, Options{Assets: page()})
	t.Run("serves index.html without a token", func(t *testing.T) {
		a := do(t, ts, req{method: http.MethodGet, path: "/?token=whatever", noToken: true})
		assert.Equal(t, http.StatusOK, a.status)
		assert.Contains(t, a.body, "<title>Junction</title>")
		assert.Equal(t, "no-cache", a.header.Get("Cache-Control"))
		assert.Contains(t, a.header.Get("Content-Security-Policy"), "default-src 'self'")
		assert.Equal(t, "no-referrer", a.header.Get("Referrer-Policy"))
	})
	t.Run("serves the assets", func(t *testing.T) {
		a := do(t, ts, req{method: http.MethodGet, path: "/assets/app.js", noToken: true})
		assert.Equal(t, http.StatusOK, a.status)
		assert.Equal(t, "console.log(1)", a.body)
	})
	t.Run("unknown files are 404", func(t *testing.T) {
		assert.Equal(t, http.StatusNotFound, do(t, ts, req{method: http.MethodGet, path: "/nope.js", noToken: true}).status)
	})
	t.Run("the page is read-only", func(t *testing.T) {
		assert.Equal(t, http.StatusMethodNotAllowed, do(t, ts, req{method: http.MethodPost, path: "/", noToken: true}).status)
	})
	t.Run("a build without the frontend says so", func(t *testing.T) {
		_, ts := newServer(t, Options{Assets: fstest.MapFS{".gitkeep": {}}})
		a := do(t, ts, req{method: http.MethodGet, path: "/", noToken: true})
		assert.Equal(t, http.StatusServiceUnavailable, a.status)
		assert.Contains(t, a.body, "without its frontend")
		assert.Equal(t, http.StatusOK, call(t, ts, "/api/Calc/Add", "[1,2]").status)
	})
}

func TestNew_RefusesAnObjectWithoutMethods(t *testing.T) {
	_, err := New(Options{Objects: map[string]any{"Empty": &struct{}{}}})
	assert.ErrorContains(t, err, "no method")
}

// The address rule itself is backend/local's (TestCheckListenAddr).
func TestListen_RefusesANonLoopbackAddress(t *testing.T) {
	for _, addr := range []string{"0.0.0.0:0", ":0", "[::]:0", "192.0.2.1:0", "example.com:80", "127.0.0.1", ""} {
		_, lerr := Listen(addr)
		assert.ErrorIs(t, lerr, local.ErrNotLoopback, addr)
	}
}

func TestServe(t *testing.T) {
	ln, err := Listen("127.0.0.1:0")
	require.NoError(t, err)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var stdout, stderr testkit.LockedBuffer
	opened := make(chan string, 1)
	done := make(chan error, 1)
	go func() {
		done <- Serve(ctx, ln, Config{
			Options: Options{Objects: Named(&Calc{}), FormatError: formatLikeApp, Assets: page(), Token: "the-token"},
			Open:    true,
			Stdout:  &stdout,
			Stderr:  &stderr,
			Opener: func(u string) error {
				opened <- u
				return errors.New("no browser here")
			},
		})
	}()

	var u string
	select {
	case u = <-opened:
	case <-time.After(5 * time.Second):
		t.Fatal("Serve did not open the URL")
	}
	printed := strings.TrimSuffix(stdout.String(), "\n")
	codeURL := regexp.MustCompile(`^http://127\.0\.0\.1:(\d+)/\?code=([0-9a-f]{64})$`)
	require.Regexp(t, codeURL, printed, "stdout holds the URL alone")
	require.Regexp(t, codeURL, u)
	assert.NotEqual(t, printed, u, "the browser gets a code of its own; the printed one stays good")
	assert.NotContains(t, printed+u, "the-token", "the token is on no command line")
	parsed, err := url.Parse(u)
	require.NoError(t, err)
	for _, link := range []string{u, printed} {
		cookie := signInWith(t, link)
		assert.Equal(t, "7", callWithCookie(t, "http://"+parsed.Host, cookie, "[3,4]"))
	}

	cancel()
	select {
	case err := <-done:
		assert.NoError(t, err)
	case <-time.After(ShutdownGrace + time.Second):
		t.Fatal("Serve did not stop")
	}
	assert.Eventually(t, func() bool { return strings.Contains(stderr.String(), "could not open a browser (no browser here)") },
		time.Second, 10*time.Millisecond)
	_, err = net.Dial("tcp", parsed.Host)
	assert.Error(t, err, "the listener is closed")
}

func TestServe_RefusesANonLoopbackListener(t *testing.T) {
	ln, err := net.Listen("tcp", "0.0.0.0:0")
	require.NoError(t, err)
	err = Serve(context.Background(), ln, Config{Options: Options{Objects: Named(&Calc{})}, Stdout: io.Discard})
	assert.ErrorIs(t, err, local.ErrNotLoopback)
}

// Gate holds its calls until the test opens it.
type Gate struct {
	entered chan struct{}
	open    chan struct{}
}

func (g *Gate) Hold() error {
	g.entered <- struct{}{}
	<-g.open
	return nil
}

// rawConn dials the server of a printed URL.
func rawConn(t *testing.T, link string) (net.Conn, string) {
	t.Helper()
	u, err := url.Parse(link)
	require.NoError(t, err)
	conn, err := net.Dial("tcp", u.Host)
	require.NoError(t, err)
	t.Cleanup(func() { conn.Close() })
	return conn, u.Host
}

// A body that drips in slower than the read timeout is answered 408 and the
// method is never called; a header that drips is cut off.
func TestServe_SlowDripTimesOut(t *testing.T) {
	ln, err := Listen("127.0.0.1:0")
	require.NoError(t, err)
	calc := &Calc{}
	link := startServe(t, ln, Config{
		Options: Options{Objects: Named(calc), Token: "tok"},
		Limits:  Limits{ReadTimeout: 300 * time.Millisecond, ReadHeaderTimeout: 300 * time.Millisecond},
	})

	t.Run("the body", func(t *testing.T) {
		conn, host := rawConn(t, link)
		_, err := fmt.Fprintf(conn, "POST /api/Calc/Touch HTTP/1.1\r\nHost: %s\r\n%s: tok\r\nContent-Length: 100\r\n\r\n[\"dr", host, TokenHeader)
		require.NoError(t, err)
		require.NoError(t, conn.SetReadDeadline(time.Now().Add(10*time.Second)))
		res, err := http.ReadResponse(bufio.NewReader(conn), nil)
		require.NoError(t, err, "the server answers before the test's own deadline")
		b, _ := io.ReadAll(res.Body)
		res.Body.Close()
		assert.Equal(t, http.StatusRequestTimeout, res.StatusCode, string(b))
		assert.Contains(t, string(b), "did not arrive in time")
		assert.Contains(t, string(b), `"code":"timeout"`)
		calc.mu.Lock()
		assert.Empty(t, calc.calls, "the method was not called")
		calc.mu.Unlock()
	})
	t.Run("the header", func(t *testing.T) {
		conn, host := rawConn(t, link)
		_, err := fmt.Fprintf(conn, "POST /api/Calc/Touch HTTP/1.1\r\nHost: %s\r\n", host)
		require.NoError(t, err)
		require.NoError(t, conn.SetReadDeadline(time.Now().Add(10*time.Second)))
		_, err = io.ReadAll(conn)
		var ne net.Error
		assert.False(t, errors.As(err, &ne) && ne.Timeout(), "the server closed the connection, not the test's deadline: %v", err)
	})
}

func TestServe_HeaderTooLarge(t *testing.T) {
	ln, err := Listen("127.0.0.1:0")
	require.NoError(t, err)
	link := startServe(t, ln, Config{Options: Options{Token: "tok"}})
	u, err := url.Parse(link)
	require.NoError(t, err)
	hr, err := http.NewRequest(http.MethodPost, "http://"+u.Host+"/api/Calc/Add", strings.NewReader("[1,2]"))
	require.NoError(t, err)
	hr.Header.Set(TokenHeader, "tok")
	hr.Header.Set("X-Pad", strings.Repeat("a", MaxHeaderBytes+4096))
	res, err := http.DefaultClient.Do(hr)
	require.NoError(t, err)
	res.Body.Close()
	assert.Equal(t, http.StatusRequestHeaderFieldsTooLarge, res.StatusCode)
}

// One call more than MaxCalls is refused at once with a clear 503; once a
// call ends, the next is served.
func TestServer_TooManyCalls(t *testing.T) {
	gate := &Gate{entered: make(chan struct{}), open: make(chan struct{})}
	_, ts := newServer(t, Options{Objects: Named(&Calc{}, gate), MaxCalls: 2})
	var wg sync.WaitGroup
	for range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			hr, _ := http.NewRequest(http.MethodPost, ts.URL+"/api/Gate/Hold", strings.NewReader("[]"))
			hr.Header.Set(TokenHeader, "secret-token")
			if res, err := ts.Client().Do(hr); err == nil {
				res.Body.Close()
			}
		}()
	}
	for range 2 {
		select {
		case <-gate.entered:
		case <-time.After(5 * time.Second):
			t.Fatal("the held calls did not start")
		}
	}
	a := call(t, ts, "/api/Calc/Add", "[1,2]")
	assert.Equal(t, http.StatusServiceUnavailable, a.status)
	d := a.doc(t)
	assert.Equal(t, "conflict", d.Code)
	assert.Contains(t, d.Message, "Junction is busy: 2 calls are in progress")
	assert.Contains(t, d.Message, "Calc.Add")

	close(gate.open)
	wg.Wait()
	assert.Equal(t, "3", call(t, ts, "/api/Calc/Add", "[1,2]").body)
}

// Past MaxConns open connections, a new one waits to be served until one
// closes.
func TestServe_ConnectionCap(t *testing.T) {
	ln, err := Listen("127.0.0.1:0")
	require.NoError(t, err)
	link := startServe(t, ln, Config{Options: Options{Token: "tok"}, Limits: Limits{MaxConns: 2}})
	request := func(conn net.Conn, host string) {
		_, err := fmt.Fprintf(conn, "POST /api/Calc/Add HTTP/1.1\r\nHost: %s\r\n%s: tok\r\nContent-Length: 5\r\n\r\n[1,2]", host, TokenHeader)
		require.NoError(t, err)
	}
	answer := func(r *bufio.Reader) (string, error) {
		res, err := http.ReadResponse(r, nil)
		if err != nil {
			return "", err
		}
		defer res.Body.Close()
		b, err := io.ReadAll(res.Body)
		return string(b), err
	}
	var open []net.Conn
	for range 2 {
		conn, host := rawConn(t, link)
		request(conn, host)
		got, err := answer(bufio.NewReader(conn))
		require.NoError(t, err)
		require.Equal(t, "3", got)
		open = append(open, conn) // kept alive: it still counts
	}
	third, host := rawConn(t, link)
	request(third, host)
	r := bufio.NewReader(third)
	require.NoError(t, third.SetReadDeadline(time.Now().Add(300*time.Millisecond)))
	_, err = answer(r)
	var ne net.Error
	require.True(t, errors.As(err, &ne) && ne.Timeout(), "the third connection is not served while two are open: %v", err)

	open[0].Close()
	require.NoError(t, third.SetReadDeadline(time.Now().Add(10*time.Second)))
	got, err := answer(r)
	require.NoError(t, err)
	assert.Equal(t, "3", got, "served once a connection closed")
}

// The bridge's own refusals carry a reason and its params, in the shape of
// backend/domain's Error, so the page shows them in its language.
func TestServer_RefusalsCarryReasons(t *testing.T) {
	_, ts := newServer(t, Options{})
	for name, tc := range map[string]struct {
		r      req
		status int
		want   string
	}{
		"no such method": {req{path: "/api/Calc/Nope", body: `[]`}, http.StatusNotFound,
			`{"code":"not_found","reason":"door.no_method","message":"There is no method Calc.Nope.","params":{"method":"Calc.Nope"}}`},
		"too few arguments": {req{path: "/api/Calc/Add", body: `[1]`}, http.StatusBadRequest,
			`{"code":"bad_input","reason":"door.args_count","message":"Calc.Add takes 2 argument(s), got 1","params":{"method":"Calc.Add","want":"2","got":"1"}}`},
		"not signed in": {req{path: "/api/Calc/Add", body: `[1,2]`, noToken: true}, http.StatusUnauthorized, ""},
	} {
		t.Run(name, func(t *testing.T) {
			a := do(t, ts, tc.r)
			assert.Equal(t, tc.status, a.status)
			if tc.want != "" {
				assert.JSONEq(t, tc.want, a.body)
			}
			assert.Contains(t, a.body, `"reason":"door.`)
		})
	}
	t.Run("an argument of the wrong type names its field", func(t *testing.T) {
		a := call(t, ts, "/api/Calc/Add", `["one", 2]`)
		require.Equal(t, http.StatusBadRequest, a.status)
		assert.Contains(t, a.body, `"reason":"door.arg_unreadable"`)
		assert.Contains(t, a.body, `"field":"args[0]"`)
		assert.Contains(t, a.body, `"index":"1"`)
	})
}

// A method's error reaches the page as the formatter made it, reason and
// params included.
func TestServer_FormattedErrorKeepsReason(t *testing.T) {
	doc := `{"code":"validation","reason":"key.invalid","message":"\"A B\" is not a valid key","field":"key","params":{"key":"A B"}}`
	_, ts := newServer(t, Options{FormatError: func(error) any { return doc }})
	a := call(t, ts, "/api/Calc/Fail", `["validation"]`)
	assert.Equal(t, http.StatusBadRequest, a.status)
	assert.JSONEq(t, doc, a.body)
}

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
	status, body := testkit.PostAsPage(t, base, "/api/Calc/Add", cookie, args)
	require.Equal(t, http.StatusOK, status, body)
	return body
}

func TestServer_SignIn(t *testing.T) {
	clock := testkit.NewClock(time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC))
	s, ts := newServer(t, Options{Assets: page(), Now: clock.Now})
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
		clock.Advance(CodeTTL)
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
	var stdout testkit.LockedBuffer
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
