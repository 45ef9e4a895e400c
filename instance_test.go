package main

import (
	"bufio"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"junction/backend/service"
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
