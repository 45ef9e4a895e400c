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
	"regexp"
	"runtime"
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
		if runtime.GOOS == "windows" {
			binPath += ".exe"
		}
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

func TestServe(t *testing.T) {
	s := newStore(t)
	serve := s.cmd(t, "serve", "--no-open", "--addr", "127.0.0.1:0")
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
	var line string
	select {
	case line = <-lines:
	case <-time.After(20 * time.Second):
		t.Fatalf("serve printed no URL; stderr: %s", stderr.String())
	}
	m := regexp.MustCompile(`^http://127\.0\.0\.1:\d+/\?token=([0-9a-f]{64})\n$`).FindStringSubmatch(line)
	require.NotNil(t, m, "the URL line: %q", line)
	u, err := url.Parse(strings.TrimSpace(line))
	require.NoError(t, err)
	token := m[1]

	post := func(path, body, token, host string) (int, string) {
		req, err := http.NewRequest(http.MethodPost, "http://"+u.Host+path, strings.NewReader(body))
		require.NoError(t, err)
		if token != "" {
			req.Header.Set("X-Junction-Token", token)
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

	t.Run("the facade answers with the token", func(t *testing.T) {
		code, body := post("/api/Session/Profile", "[]", token, "")
		assert.Equal(t, http.StatusOK, code)
		assert.Equal(t, `"alice"`, body)
		code, body = post("/api/Connectors/Create", `[{"key":"Bad Key","name":"CRM","version":"1.0.0"}]`, token, "")
		assert.Equal(t, http.StatusBadRequest, code)
		assert.Contains(t, body, `"code":"validation"`)
		assert.Contains(t, body, `"field":"key"`)
		code, body = post("/api/Connectors/Create", `[{"key":"crm","name":"CRM","version":"1.0.0"}]`, token, "")
		assert.Equal(t, http.StatusOK, code, body)
	})
	t.Run("the guards", func(t *testing.T) {
		code, _ := post("/api/Session/Profile", "[]", "", "")
		assert.Equal(t, http.StatusUnauthorized, code)
		code, _ = post("/api/Session/Profile", "[]", token, "evil.example:"+u.Port())
		assert.Equal(t, http.StatusForbidden, code)
	})
	t.Run("file dialogs are refused, not fatal", func(t *testing.T) {
		code, body := post("/api/Exchange/ExportToFile", `[["crm"],""]`, token, "")
		assert.Equal(t, http.StatusConflict, code)
		assert.Contains(t, body, "desktop window")
		code, body = post("/api/Exchange/Export", `[["crm"],""]`, token, "")
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
