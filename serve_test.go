// These tests stop `junction serve` with SIGINT, which Windows cannot send to a child.

//go:build !windows

package main

import (
	"bufio"
	"bytes"
	"errors"
	"io"
	"net/http"
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

	lines := make(chan string, 1)
	go func() {
		line, _ := bufio.NewReader(stdout).ReadString('\n')
		lines <- line
		_, _ = io.Copy(io.Discard, stdout)
	}()
	select {
	case line := <-lines:
		return serve, exited, &stderr, line
	case <-time.After(20 * time.Second):
		t.Fatalf("serve printed no URL; stderr: %s", stderr.String())
		return nil, nil, nil, ""
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

	require.NoError(t, serve.Process.Signal(os.Interrupt))
	select {
	case err := <-exited:
		assert.NoError(t, err, "exit 0 on SIGINT; stderr: %s", stderr.String())
	case <-time.After(10 * time.Second):
		t.Fatal("serve did not stop on SIGINT")
	}
}

// serve --addr 127.0.0.2:0 prints a URL that its own Host check accepts.
func TestServe_AnotherLoopbackAddress(t *testing.T) {
	s := newStore(t)
	serve, exited, stderr, line := s.startServe(t, "127.0.0.2:0")
	require.Regexp(t, `^http://127\.0\.0\.2:\d+/\?code=[0-9a-f]{64}\n$`, line)
	u, err := url.Parse(strings.TrimSpace(line))
	require.NoError(t, err)
	cookie := signIn(t, u.String())
	req, err := http.NewRequest(http.MethodPost, "http://"+u.Host+"/api/Session/Profile", strings.NewReader("[]"))
	require.NoError(t, err)
	req.AddCookie(cookie)
	req.Header.Set("Origin", "http://"+u.Host)
	res, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	b, _ := io.ReadAll(res.Body)
	res.Body.Close()
	assert.Equal(t, http.StatusOK, res.StatusCode, string(b))
	assert.Equal(t, `"alice"`, string(b))

	require.NoError(t, serve.Process.Signal(os.Interrupt))
	select {
	case err := <-exited:
		assert.NoError(t, err, "stderr: %s", stderr.String())
	case <-time.After(10 * time.Second):
		t.Fatal("serve did not stop on SIGINT")
	}
}
