// These tests run `junction serve`, stopped by a kill; serve_test.go's
// helpers are not built on Windows.

//go:build !windows

package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
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
)

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
	stderr := &lockedBuffer{}
	serve.Stderr = stderr
	require.NoError(t, serve.Start())
	t.Cleanup(func() {
		_ = serve.Process.Kill()
		_ = serve.Wait()
	})
	lines := make(chan string, 1)
	go func() {
		line, _ := bufio.NewReader(stdout).ReadString('\n')
		lines <- line
		_, _ = io.Copy(io.Discard, stdout)
	}()
	select {
	case line := <-lines:
		u, err := url.Parse(strings.TrimSpace(line))
		require.NoError(t, err, "line %q; stderr: %s", line, stderr.String())
		return u
	case <-time.After(20 * time.Second):
		t.Fatalf("serve printed no URL; stderr: %s", stderr.String())
		return nil
	}
}

// lockedBuffer is a bytes.Buffer that a process writes while the test reads it.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// postAPI calls the facade as the page does: the session cookie and its Origin.
func postAPI(t *testing.T, link *url.URL, cookie *http.Cookie, path, body string) (int, string) {
	t.Helper()
	origin := "http://" + link.Host
	req, err := http.NewRequest(http.MethodPost, origin+path, strings.NewReader(body))
	require.NoError(t, err)
	req.AddCookie(cookie)
	req.Header.Set("Origin", origin)
	res, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(b)
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
