// These tests run `junction serve` and stop it with SIGINT or a kill, which
// Windows cannot send to a child.

//go:build !windows

package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"junction/app"
	"junction/backend/bridge"
	"junction/backend/domain"
	"junction/backend/service"
	"junction/backend/testkit"
)

// The real binary (plain go build: browser mode and the CLI need no desktop
// tags), built once for the tests of this file.
var (
	binOnce sync.Once
	binPath string
	binErr  error
)

func junctionBin(t *testing.T) string {
	t.Helper()
	binOnce.Do(func() {
		dir, err := os.MkdirTemp("", "junction-serve-test")
		if err != nil {
			binErr = err
			return
		}
		binPath = filepath.Join(dir, "junction")
		out, err := exec.Command("go", "build", "-o", binPath, ".").CombinedOutput()
		if err != nil {
			binErr = errors.New("go build: " + err.Error() + "\n" + string(out))
		}
	})
	require.NoError(t, binErr)
	return binPath
}

func TestMain(m *testing.M) {
	code := m.Run()
	if binPath != "" {
		os.RemoveAll(filepath.Dir(binPath))
	}
	os.Exit(code)
}

type tempStore struct{ db, key string }

func newStore(t *testing.T) tempStore {
	dir := t.TempDir()
	return tempStore{db: filepath.Join(dir, "junction.db"), key: filepath.Join(dir, "secret.key")}
}

func (s tempStore) cmd(t *testing.T, args ...string) *exec.Cmd {
	cmd := exec.Command(junctionBin(t), args...)
	cmd.Env = append(os.Environ(), "JUNCTION_DB="+s.db, "JUNCTION_KEY_FILE="+s.key, "JUNCTION_USER=alice")
	return cmd
}

// run runs the binary to its end and returns its exit code, stdout and stderr.
func (s tempStore) run(t *testing.T, args ...string) (int, string, string) {
	cmd := s.cmd(t, args...)
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	done := make(chan error, 1)
	require.NoError(t, cmd.Start())
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		var exit *exec.ExitError
		if errors.As(err, &exit) {
			return exit.ExitCode(), out.String(), errOut.String()
		}
		require.NoError(t, err)
		return 0, out.String(), errOut.String()
	case <-time.After(30 * time.Second):
		_ = cmd.Process.Kill()
		t.Fatalf("junction %v did not end", args)
		return 0, "", ""
	}
}

func TestServe_RefusesANonLoopbackAddress(t *testing.T) {
	s := newStore(t)
	for _, addr := range []string{"0.0.0.0:0", ":0", "[::]:0", "192.0.2.1:8080", "example.com:80"} {
		code, out, stderr := s.run(t, "serve", "--no-open", "--addr", addr)
		assert.Equal(t, 2, code, addr)
		assert.Empty(t, out, addr)
		assert.Contains(t, stderr, "loopback", addr)
	}
	_, err := os.Stat(s.db)
	assert.True(t, os.IsNotExist(err), "the refusal comes before the store is opened")
}

// startServe starts `junction serve --no-open --addr addr` on the store and
// returns the process and the URL line it printed.
func (s tempStore) startServe(t *testing.T, addr string) (*exec.Cmd, <-chan error, *bytes.Buffer, string) {
	t.Helper()
	serve := s.cmd(t, "serve", "--no-open", "--addr", addr)
	stdout, err := serve.StdoutPipe()
	require.NoError(t, err)
	var stderr bytes.Buffer
	serve.Stderr = &stderr
	require.NoError(t, serve.Start())
	exited := make(chan error, 1)
	go func() { exited <- serve.Wait() }()
	t.Cleanup(func() { _ = serve.Process.Kill() })
	return serve, exited, &stderr, firstLine(t, stdout, &stderr)
}

// firstLine waits for the URL line serve prints first, then drains the rest
// of stdout so the process never blocks on a full pipe.
func firstLine(t *testing.T, stdout io.Reader, stderr fmt.Stringer) string {
	t.Helper()
	lines := make(chan string, 1)
	go func() {
		line, _ := bufio.NewReader(stdout).ReadString('\n')
		lines <- line
		_, _ = io.Copy(io.Discard, stdout)
	}()
	select {
	case line := <-lines:
		return line
	case <-time.After(20 * time.Second):
		t.Fatalf("serve printed no URL; stderr: %s", stderr.String())
		return ""
	}
}

// signIn spends the one-time code of a printed URL and returns the session
// cookie the server set.
func signIn(t *testing.T, link string) *http.Cookie {
	t.Helper()
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	res, err := client.Get(link)
	require.NoError(t, err)
	res.Body.Close()
	require.Equal(t, http.StatusSeeOther, res.StatusCode)
	require.Len(t, res.Cookies(), 1)
	return res.Cookies()[0]
}

func TestServe(t *testing.T) {
	s := newStore(t)
	serve, exited, stderr, line := s.startServe(t, "127.0.0.1:0")
	require.Regexp(t, `^http://127\.0\.0\.1:\d+/\?code=[0-9a-f]{64}\n$`, line, "the URL line")
	u, err := url.Parse(strings.TrimSpace(line))
	require.NoError(t, err)
	cookie := signIn(t, u.String())
	origin := "http://" + u.Host

	// post calls the facade as the page does (the session cookie and its
	// Origin), or without either when signedIn is false.
	post := func(path, body string, signedIn bool, host string) (int, string) {
		req, err := http.NewRequest(http.MethodPost, origin+path, strings.NewReader(body))
		require.NoError(t, err)
		if signedIn {
			req.AddCookie(cookie)
			req.Header.Set("Origin", origin)
		}
		if host != "" {
			req.Host = host
		}
		res, err := http.DefaultClient.Do(req)
		require.NoError(t, err)
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return res.StatusCode, string(b)
	}

	t.Run("the facade answers a signed-in browser", func(t *testing.T) {
		code, body := post("/api/Session/Profile", "[]", true, "")
		assert.Equal(t, http.StatusOK, code)
		assert.Equal(t, `"alice"`, body)
		code, body = post("/api/Connectors/Create", `[{"key":"Bad Key","name":"CRM","version":"1.0.0"}]`, true, "")
		assert.Equal(t, http.StatusBadRequest, code)
		assert.Contains(t, body, `"code":"validation"`)
		assert.Contains(t, body, `"field":"key"`)
		code, body = post("/api/Connectors/Create", `[{"key":"crm","name":"CRM","version":"1.0.0"}]`, true, "")
		assert.Equal(t, http.StatusOK, code, body)
	})
	t.Run("the guards", func(t *testing.T) {
		code, _ := post("/api/Session/Profile", "[]", false, "")
		assert.Equal(t, http.StatusUnauthorized, code)
		code, _ = post("/api/Session/Profile", "[]", true, "evil.example:"+u.Port())
		assert.Equal(t, http.StatusForbidden, code)
		res, err := http.Get(u.String())
		require.NoError(t, err)
		res.Body.Close()
		assert.Equal(t, http.StatusUnauthorized, res.StatusCode, "the printed code works once")
	})
	t.Run("file dialogs are refused, not fatal", func(t *testing.T) {
		code, body := post("/api/Exchange/ExportToFile", `[["crm"],""]`, true, "")
		assert.Equal(t, http.StatusConflict, code)
		assert.Contains(t, body, "desktop window")
		code, body = post("/api/Exchange/Export", `[["crm"],""]`, true, "")
		assert.Equal(t, http.StatusOK, code)
		assert.Contains(t, body, "junction-package")
	})
	t.Run("serves the page", func(t *testing.T) {
		res, err := http.Get("http://" + u.Host + "/")
		require.NoError(t, err)
		res.Body.Close()
		// 503 when this checkout's frontend/dist is not built.
		assert.Contains(t, []int{http.StatusOK, http.StatusServiceUnavailable}, res.StatusCode)
	})
	t.Run("the CLI works beside it", func(t *testing.T) {
		code, out, stderr := s.run(t, "connector", "list", "--json")
		assert.Equal(t, 0, code, stderr)
		assert.Contains(t, out, `"key": "crm"`)
	})
	t.Run("a second serve on the same store is refused", func(t *testing.T) {
		code, _, stderr := s.run(t, "serve", "--no-open")
		assert.Equal(t, 6, code)
		assert.Contains(t, stderr, "already open")
	})

	interruptServe(t, serve, exited, stderr)
}

// serve --addr 127.0.0.2:0 prints a URL that its own Host check accepts.
func TestServe_AnotherLoopbackAddress(t *testing.T) {
	s := newStore(t)
	serve, exited, stderr, line := s.startServe(t, "127.0.0.2:0")
	require.Regexp(t, `^http://127\.0\.0\.2:\d+/\?code=[0-9a-f]{64}\n$`, line)
	u, err := url.Parse(strings.TrimSpace(line))
	require.NoError(t, err)
	cookie := signIn(t, u.String())
	status, body := postAPI(t, u, cookie, "/api/Session/Profile", "[]")
	assert.Equal(t, http.StatusOK, status, body)
	assert.Equal(t, `"alice"`, body)

	interruptServe(t, serve, exited, stderr)
}

// interruptServe sends serve (started by startServe) SIGINT and asserts that
// it exits 0 within 10 seconds.
func interruptServe(t *testing.T, serve *exec.Cmd, exited <-chan error, stderr *bytes.Buffer) {
	t.Helper()
	require.NoError(t, serve.Process.Signal(os.Interrupt))
	select {
	case err := <-exited:
		assert.NoError(t, err, "exit 0 on SIGINT; stderr: %s", stderr.String())
	case <-time.After(10 * time.Second):
		t.Fatal("serve did not stop on SIGINT")
	}
}

// withCarol gives the store the first-run profile alice and carol, whose
// password is pw.
func (s tempStore) withCarol(t *testing.T, pw string) {
	t.Helper()
	svc, err := service.Open(service.Config{DBPath: s.db, KeyPath: s.key})
	require.NoError(t, err)
	defer svc.Close()
	ctx := context.Background()
	_, err = svc.Enter(ctx, "alice", "")
	require.NoError(t, err)
	_, err = svc.AddUser(ctx, "alice", service.UserInput{Name: "carol", Perms: []string{domain.PermConnectorsView}, Password: &pw})
	require.NoError(t, err)
}

// runEnv runs the binary to its end with extra environment and returns its
// exit code and stdout.
func (s tempStore) runEnv(t *testing.T, env []string, args ...string) (int, string) {
	t.Helper()
	cmd := s.cmd(t, args...)
	cmd.Env = append(cmd.Env, env...)
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	err := cmd.Run()
	if exit, ok := err.(*exec.ExitError); ok {
		return exit.ExitCode(), out.String()
	}
	require.NoError(t, err, errOut.String())
	return 0, out.String()
}

// jsonReason reads the reason of a --json error document.
func jsonReason(t *testing.T, out string) domain.Reason {
	t.Helper()
	var doc struct {
		Error struct {
			Reason domain.Reason `json:"reason"`
		} `json:"error"`
	}
	require.NoError(t, json.Unmarshal([]byte(out), &doc), out)
	return doc.Error.Reason
}

// The CLI, browser mode and the window apply one profile policy
// (service.Enter): a profile with a password is refused by each door without
// it, with the same reason, and accepted by each with it.
func TestDoors_AgreeOnThePasswordPolicy(t *testing.T) {
	s := newStore(t)
	const pw = "correct horse"
	s.withCarol(t, pw)
	asCarol := []string{"JUNCTION_USER=carol", "JUNCTION_PASSWORD="}
	withPassword := []string{"JUNCTION_USER=carol", "JUNCTION_PASSWORD=" + pw}

	t.Run("the command line", func(t *testing.T) {
		code, out := s.runEnv(t, asCarol, "connector", "list", "--json")
		assert.Equal(t, 3, code)
		assert.Equal(t, domain.RPasswordNeeded, jsonReason(t, out))
		code, out = s.runEnv(t, withPassword, "connector", "list", "--json")
		assert.Equal(t, 0, code, out)
	})

	t.Run("browser mode", func(t *testing.T) {
		code, out := s.runEnv(t, asCarol, "serve", "--no-open", "--json")
		assert.Equal(t, 3, code)
		assert.Equal(t, domain.RPasswordNeeded, jsonReason(t, out))

		serve := s.cmd(t, "serve", "--no-open")
		serve.Env = append(serve.Env, withPassword...)
		link := startedURL(t, serve)
		cookie := signIn(t, link.String())
		status, body := postAPI(t, link, cookie, "/api/Session/Me", "[]")
		assert.Equal(t, http.StatusOK, status, body)
		assert.Contains(t, body, `"name":"carol"`)
	})

	t.Run("the window", func(t *testing.T) {
		svc, err := service.Open(service.Config{DBPath: s.db, KeyPath: s.key, Instance: true, Mode: service.HolderWindow})
		require.NoError(t, err)
		defer svc.Close()
		facade := app.New(svc, app.Options{Profile: "carol", Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
		require.NoError(t, facade.Enter(), "a locked profile does not fail the start")
		facade.Startup(context.Background())

		_, err = facade.Session.Me()
		assert.Equal(t, domain.RPasswordNeeded, formatted(t, facade, err).Reason)
		_, err = facade.Connectors.List(service.ConnectorQuery{})
		assert.Equal(t, domain.EPermission, domain.ErrorCode(err), "nothing is served while locked")
		_, err = facade.Session.Enter("wrong")
		assert.Equal(t, domain.EPermission, domain.ErrorCode(err))

		me, err := facade.Session.Enter(pw)
		require.NoError(t, err)
		assert.Equal(t, "carol", me.Name)
		_, err = facade.Connectors.List(service.ConnectorQuery{})
		assert.NoError(t, err)
	})
}

// formatted is err as the window's error formatter sends it.
func formatted(t *testing.T, facade *app.App, err error) domain.Error {
	t.Helper()
	require.Error(t, err)
	var got domain.Error
	require.NoError(t, json.Unmarshal([]byte(facade.FormatError(err).(string)), &got))
	return got
}

// startedURL starts serve and returns the sign-in URL it printed; the
// process is killed at the end of the test.
func startedURL(t *testing.T, serve *exec.Cmd) *url.URL {
	t.Helper()
	stdout, err := serve.StdoutPipe()
	require.NoError(t, err)
	stderr := &testkit.LockedBuffer{}
	serve.Stderr = stderr
	require.NoError(t, serve.Start())
	t.Cleanup(func() { stopServe(serve) })
	line := firstLine(t, stdout, stderr)
	u, err := url.Parse(strings.TrimSpace(line))
	require.NoError(t, err, "line %q; stderr: %s", line, stderr.String())
	return u
}

// stopServe ends serve as a user does, with an interrupt, and waits for it.
// A kill would end only the supervising parent: the child that holds the
// store's lock dies a moment later (Pdeathsig), and a test that opens the
// store next would find it still held. Kill stays the fallback.
func stopServe(serve *exec.Cmd) {
	exited := make(chan struct{})
	go func() { _ = serve.Wait(); close(exited) }()
	if serve.Process.Signal(os.Interrupt) == nil {
		select {
		case <-exited:
			return
		case <-time.After(20 * time.Second):
		}
	}
	_ = serve.Process.Kill()
	<-exited
}

// postAPI calls the facade as the page does: the session cookie and its Origin.
func postAPI(t *testing.T, link *url.URL, cookie *http.Cookie, path, body string) (int, string) {
	t.Helper()
	return testkit.PostAsPage(t, "http://"+link.Host, path, cookie, body)
}

// A page's event stream on a real `junction serve` receives the events of a
// change made through the API; the stream has the calls' guards.
func TestServe_Events(t *testing.T) {
	s := newStore(t)
	link := startedURL(t, s.cmd(t, "serve", "--no-open"))
	cookie := signIn(t, link.String())
	origin := "http://" + link.Host

	stream := func(ctx context.Context, withCookie bool, header ...string) *http.Response {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, origin+"/api/events", nil)
		require.NoError(t, err)
		if withCookie {
			req.AddCookie(cookie)
		}
		for i := 0; i+1 < len(header); i += 2 {
			req.Header.Set(header[i], header[i+1])
		}
		res, err := http.DefaultClient.Do(req)
		require.NoError(t, err)
		return res
	}

	t.Run("the guards", func(t *testing.T) {
		for name, res := range map[string]*http.Response{
			"no cookie":                      stream(context.Background(), false, "Sec-Fetch-Site", "same-origin"),
			"not the page's own request":     stream(context.Background(), true, "Sec-Fetch-Site", "cross-site"),
			"no word of where it comes from": stream(context.Background(), true),
		} {
			res.Body.Close()
			assert.Equal(t, http.StatusUnauthorized, res.StatusCode, name)
		}
		res := stream(context.Background(), true, "Origin", "http://evil.example")
		res.Body.Close()
		assert.Equal(t, http.StatusForbidden, res.StatusCode, "a foreign Origin")
	})

	t.Run("a change reaches the stream", func(t *testing.T) {
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		defer cancel()
		res := stream(ctx, true, "Sec-Fetch-Site", "same-origin")
		defer res.Body.Close()
		require.Equal(t, http.StatusOK, res.StatusCode)
		assert.Equal(t, "text/event-stream", res.Header.Get("Content-Type"))
		lines := bufio.NewReader(res.Body)
		first, err := lines.ReadString('\n')
		require.NoError(t, err)
		require.Equal(t, ": open\n", first, "the stream is open before the change")

		status, body := postAPI(t, link, cookie, "/api/Settings/Save", `[{"bodyCapMB":10,"historyLimit":300}]`)
		require.Equal(t, http.StatusOK, status, body)
		var events []string
		for len(events) < 2 {
			line, err := lines.ReadString('\n')
			require.NoError(t, err)
			if name, ok := strings.CutPrefix(line, "event: "); ok {
				events = append(events, strings.TrimSpace(name))
			}
		}
		assert.Equal(t, []string{service.EventAuditAppended, service.EventSettingsChanged}, events)
	})
}

// A console call to a slow server, cancelled by the page (it aborts the
// request), ends: the slow server sees its connection closed within a
// second. In the window the same call ends on Session.Cancel.
func TestConsole_CancelClosesTheConnection(t *testing.T) {
	closed := make(chan struct{}, 4)
	started := make(chan struct{}, 4)
	slow := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		started <- struct{}{}
		<-r.Context().Done() // the client went away
		closed <- struct{}{}
	}))
	t.Cleanup(slow.Close)

	dir := t.TempDir()
	svc, err := service.Open(service.Config{DBPath: filepath.Join(dir, "junction.db"), KeyPath: filepath.Join(dir, "secret.key")})
	require.NoError(t, err)
	t.Cleanup(func() { svc.Close() })
	facade := app.New(svc, app.Options{Profile: "alice", Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
	require.NoError(t, facade.Enter())
	facade.Startup(context.Background())
	_, err = facade.Connectors.Create(service.ConnectorInput{Key: "crm", Name: "CRM"})
	require.NoError(t, err)
	host := strings.TrimPrefix(slow.URL, "http://")
	_, err = facade.Connections.Create("crm", service.ConnectionInput{Key: "slow", Name: "slow", Protocol: "http", Host: host})
	require.NoError(t, err)
	_, err = facade.Interfaces.Create("crm", service.InterfaceInput{Key: "wait", Name: "wait", ConnectionKey: "slow", Method: "GET", Path: "/",
		Success: domain.Condition{Field: "status", Op: "eq", Value: float64(200)}})
	require.NoError(t, err)

	waitFor := func(ch chan struct{}, within time.Duration, what string) {
		t.Helper()
		select {
		case <-ch:
		case <-time.After(within):
			t.Fatalf("%s within %s", what, within)
		}
	}

	t.Run("browser mode: the page aborts the request", func(t *testing.T) {
		srv, err := bridge.New(bridge.Options{Objects: bridge.Named(facade.Bind()...), FormatError: facade.FormatError, Token: "t", Attach: facade.AttachCall})
		require.NoError(t, err)
		ts := httptest.NewServer(srv)
		t.Cleanup(ts.Close)
		ctx, cancel := context.WithCancel(context.Background())
		req, err := http.NewRequestWithContext(ctx, http.MethodPost, ts.URL+"/api/Interfaces/Test", strings.NewReader(`["call-1","crm","wait",{}]`))
		require.NoError(t, err)
		req.Header.Set(bridge.TokenHeader, "t")
		req.Header.Set(bridge.CallHeader, "call-1")
		done := make(chan error, 1)
		go func() {
			res, err := ts.Client().Do(req)
			if err == nil {
				res.Body.Close()
			}
			done <- err
		}()
		waitFor(started, 10*time.Second, "the call reached the slow server")
		cancel()
		waitFor(closed, time.Second, "the slow server saw its connection closed")
		assert.ErrorIs(t, <-done, context.Canceled)
	})

	t.Run("the window: Session.Cancel", func(t *testing.T) {
		done := make(chan error, 1)
		go func() {
			_, err := facade.Interfaces.Test("call-2", "crm", "wait", service.InvokeInput{})
			done <- err
		}()
		waitFor(started, 10*time.Second, "the call reached the slow server")
		facade.Session.Cancel("call-2")
		waitFor(closed, time.Second, "the slow server saw its connection closed")
		select {
		case <-done:
		case <-time.After(5 * time.Second):
			t.Fatal("the cancelled call did not return")
		}
	})
}
