package main

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"junction/app"
	"junction/backend/bridge"
	"junction/backend/domain"
	"junction/backend/service"
	"junction/backend/version"
)

func TestUILanguage(t *testing.T) {
	for _, c := range []struct {
		env  map[string]string
		want string
	}{
		{map[string]string{}, "en"},
		{map[string]string{"LANG": "zh_CN.UTF-8"}, "zh-CN"},
		{map[string]string{"LANG": "zh_TW.UTF-8"}, "zh-CN"},
		{map[string]string{"LANG": "en_US.UTF-8"}, "en"},
		{map[string]string{"LANG": "C.UTF-8"}, "en"},
		// LC_ALL overrides LC_MESSAGES, which overrides LANG.
		{map[string]string{"LANG": "en_US.UTF-8", "LC_MESSAGES": "zh_CN.UTF-8"}, "zh-CN"},
		{map[string]string{"LANG": "zh_CN.UTF-8", "LC_ALL": "en_GB.UTF-8"}, "en"},
		{map[string]string{"LC_ALL": "zh_CN.GB18030"}, "zh-CN"},
	} {
		assert.Equal(t, c.want, uiLanguage(func(k string) string { return c.env[k] }), "%v", c.env)
	}
}

func TestSecondInstanceMessage(t *testing.T) {
	db := "/home/a/.config/junction/junction.db"
	window := service.Holder{Mode: service.HolderWindow, PID: 4242}
	browser := service.Holder{Mode: service.HolderBrowser, PID: 77, Addr: "http://127.0.0.1:5173"}

	title, msg := secondInstanceMessage("zh-CN", db, window, true)
	assert.Equal(t, "Junction 已在运行", title)
	assert.Contains(t, msg, "桌面窗口，进程 4242")
	assert.Contains(t, msg, db)
	assert.Contains(t, msg, "请切换到已打开的窗口")

	_, msg = secondInstanceMessage("zh-CN", db, browser, true)
	assert.Contains(t, msg, "浏览器模式 junction serve，地址 http://127.0.0.1:5173，进程 77")
	assert.Contains(t, msg, "Ctrl+C")

	title, msg = secondInstanceMessage("en", db, window, true)
	assert.Equal(t, "Junction is already running", title)
	assert.Contains(t, msg, "(in a desktop window, process 4242)")
	assert.Contains(t, msg, "Switch to that window")

	_, msg = secondInstanceMessage("en", db, browser, true)
	assert.Contains(t, msg, "(in browser mode, junction serve at http://127.0.0.1:5173, process 77)")

	// No note (the holder is still starting): no guess at who it is.
	_, msg = secondInstanceMessage("en", db, service.Holder{}, false)
	assert.NotContains(t, msg, "process")
	assert.Contains(t, msg, db)
	for _, m := range []string{msg, func() string { _, m := secondInstanceMessage("zh-CN", db, window, true); return m }()} {
		assert.NotContains(t, m, "%!", "no formatting mistakes")
	}
}

// A second `junction serve` names the first one, browser mode and its address.
func TestServe_RefusalNamesTheHolder(t *testing.T) {
	s := newStore(t)
	serve, _, _, line := s.startServe(t, "127.0.0.1:0")
	addr := strings.SplitN(strings.TrimSpace(line), "/#", 2)[0]
	addr = strings.SplitN(addr, "?", 2)[0]
	code, _, stderr := s.run(t, "serve", "--no-open")
	assert.Equal(t, 6, code)
	assert.Contains(t, stderr, fmt.Sprintf("(in browser mode, junction serve at %s, process %d)", strings.TrimRight(addr, "/"), serve.Process.Pid), "line %q", line)
}

// While the second instance's dialog blocks, SIGTERM ends the process with
// 143. The child is this test binary in the mode below: it installs the
// handler and blocks as the dialog does.
func TestExitOnSignal(t *testing.T) {
	if os.Getenv("JUNCTION_TEST_BLOCKED_DIALOG") == "1" {
		exitOnSignal()
		fmt.Println("blocked")
		select {}
	}
	if runtime.GOOS == "windows" {
		t.Log("Windows has no SIGTERM to send to a child")
		return
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestExitOnSignal$")
	cmd.Env = append(os.Environ(), "JUNCTION_TEST_BLOCKED_DIALOG=1")
	out, err := cmd.StdoutPipe()
	require.NoError(t, err)
	require.NoError(t, cmd.Start())
	t.Cleanup(func() { _ = cmd.Process.Kill() })
	ready := make(chan string, 1)
	go func() {
		line, _ := bufio.NewReader(out).ReadString('\n')
		ready <- line
	}()
	select {
	case line := <-ready:
		require.Equal(t, "blocked\n", line)
	case <-time.After(20 * time.Second):
		t.Fatal("the child did not start")
	}
	require.NoError(t, cmd.Process.Signal(syscall.SIGTERM))
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	select {
	case err := <-exited:
		var exit *exec.ExitError
		require.True(t, errors.As(err, &exit), "%v", err)
		assert.Equal(t, 143, exit.ExitCode())
	case <-time.After(10 * time.Second):
		t.Fatal("SIGTERM did not end the blocked process")
	}
}

// The bridge does not import backend/domain, so it spells its reasons as
// text: each must be a reason of backend/domain (which has their UI texts).
func TestBridgeReasonsAreDomainReasons(t *testing.T) {
	all := domain.Reasons()
	for _, r := range bridge.Reasons() {
		assert.True(t, slices.Contains(all, domain.Reason(r)), "bridge reason %s is not in domain.Reasons()", r)
	}
}

// Failer is a facade object whose method fails with a domain error.
type Failer struct{}

func (Failer) Save(key string) error { return domain.ValidateKey("key", key) }

// A method's error reaches the browser through the window's own formatter
// with its reason and params.
func TestBridgeErrorCarriesReason(t *testing.T) {
	s, err := bridge.New(bridge.Options{Objects: bridge.Named(Failer{}), FormatError: (&app.App{}).FormatError, Token: "t"})
	require.NoError(t, err)
	ts := httptest.NewServer(s)
	t.Cleanup(ts.Close)
	req, err := http.NewRequest(http.MethodPost, ts.URL+"/api/Failer/Save", strings.NewReader(`["Not A Key"]`))
	require.NoError(t, err)
	req.Header.Set(bridge.TokenHeader, "t")
	res, err := ts.Client().Do(req)
	require.NoError(t, err)
	defer res.Body.Close()
	assert.Equal(t, http.StatusBadRequest, res.StatusCode)
	var got domain.Error
	require.NoError(t, json.NewDecoder(res.Body).Decode(&got))
	assert.Equal(t, domain.RKeyInvalid, got.Reason)
	assert.Equal(t, domain.Params{"key": "Not A Key"}, got.Params)
	assert.Equal(t, "key", got.Field)
}

// buildJunction builds this program into a fresh folder with extra go build
// arguments (tags, ldflags) and returns the binary's path.
func buildJunction(t *testing.T, args ...string) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "junction")
	if runtime.GOOS == "windows" {
		bin += ".exe"
	}
	cmd := exec.Command("go", append(append([]string{"build", "-o", bin}, args...), ".")...)
	out, err := cmd.CombinedOutput()
	require.NoError(t, err, "go build %v: %s", args, out)
	return bin
}

// runVersion runs `junction version` and `junction version --json`.
func runVersion(t *testing.T, bin string) (string, version.Info) {
	t.Helper()
	env := append(os.Environ(), "JUNCTION_DB="+filepath.Join(t.TempDir(), "junction.db"))
	cmd := exec.Command(bin, "version")
	cmd.Env = env
	text, err := cmd.Output()
	require.NoError(t, err)
	cmd = exec.Command(bin, "version", "--json")
	cmd.Env = env
	doc, err := cmd.Output()
	require.NoError(t, err)
	var info version.Info
	require.NoError(t, json.Unmarshal(doc, &info), string(doc))
	var keys map[string]any
	require.NoError(t, json.Unmarshal(doc, &keys))
	assert.Len(t, keys, 3, "version, commit, modified: %s", doc)
	return string(text), info
}

func TestVersion_Ldflags(t *testing.T) {
	bin := buildJunction(t, "-ldflags", "-X junction/backend/version.Version=9.8.7 "+
		"-X junction/backend/version.Commit=abcdef0123456789abcdef0123456789abcdef01 -X junction/backend/version.Modified=false")
	text, info := runVersion(t, bin)
	assert.Equal(t, "junction 9.8.7 (commit abcdef0)\n", text)
	assert.Equal(t, version.Info{Version: "9.8.7", Commit: "abcdef0123456789abcdef0123456789abcdef01", Modified: false}, info)
}

// Without ldflags the binary reports what go build stamped from the checkout:
// the commit at HEAD and whether the work tree had changes. -buildvcs=true
// because GOFLAGS may turn the stamp off (the Makefile's ldflags do not
// depend on it).
func TestVersion_BuildInfo(t *testing.T) {
	head, err := exec.Command("git", "rev-parse", "HEAD").Output()
	require.NoError(t, err, "the tests run in the git checkout")
	status, err := exec.Command("git", "status", "--porcelain").Output()
	require.NoError(t, err)

	text, info := runVersion(t, buildJunction(t, "-buildvcs=true"))
	// go build stamps only when it finds a .git directory; a `git worktree`
	// checkout has a .git file instead and gets no stamp at all.
	require.Len(t, info.Commit, 40, "go build stamped no VCS commit: the tests must run in a git checkout with a .git directory (a git worktree is not stamped)")
	assert.Equal(t, strings.TrimSpace(string(head)), info.Commit)
	assert.Equal(t, len(status) > 0, info.Modified)
	assert.NotEqual(t, "dev", info.Version, "Go stamps the main module's version from the VCS")
	assert.Regexp(t, regexp.MustCompile(`^junction \S+ \(commit `+info.Commit[:7]+`(, modified)?\)\n$`), text)
}
