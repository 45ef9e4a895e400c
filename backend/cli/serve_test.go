package cli

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"junction/backend/domain"
	"junction/backend/service"
)

func TestRun_Serve(t *testing.T) {
	e := newEnv(t)
	var got struct {
		profile, addr string
		open          bool
	}
	serve := func(ctx context.Context, enter Enter, addr string, open bool, stdout io.Writer) error {
		svc, profile, err := enter(service.Config{})
		if err != nil {
			return err
		}
		got.profile, got.addr, got.open = profile, addr, open
		if _, err := svc.Me(ctx, profile); err != nil {
			return err
		}
		fmt.Fprintln(stdout, "http://127.0.0.1:4321/?token=t")
		return nil
	}
	var out, errOut bytes.Buffer
	code := Run([]string{"--db", e.db, "serve", "--no-open"}, strings.NewReader(""), &out, &errOut, serve)
	require.Equal(t, 0, code, errOut.String())
	assert.Equal(t, "http://127.0.0.1:4321/?token=t\n", out.String())
	assert.Equal(t, "alice", got.profile)
	assert.Equal(t, "127.0.0.1:0", got.addr)
	assert.False(t, got.open)

	code = Run([]string{"--db", e.db, "serve", "--addr", "127.0.0.1:8080"}, strings.NewReader(""), &out, &errOut, serve)
	require.Equal(t, 0, code)
	assert.Equal(t, "127.0.0.1:8080", got.addr)
	assert.True(t, got.open)

	failing := func(context.Context, Enter, string, bool, io.Writer) error {
		return domain.Errorf(domain.ERule, "the port is taken")
	}
	errOut.Reset()
	assert.Equal(t, ExitConflict, Run([]string{"--db", e.db, "serve"}, strings.NewReader(""), &out, &errOut, failing))
	assert.Equal(t, "junction: the port is taken\n", errOut.String())

	broken := func(context.Context, Enter, string, bool, io.Writer) error {
		return errors.New("listener exploded")
	}
	assert.Equal(t, ExitInternal, Run([]string{"--db", e.db, "serve"}, strings.NewReader(""), &out, &errOut, broken))

	t.Run("refuses an address that is not loopback", func(t *testing.T) {
		for _, addr := range []string{"0.0.0.0:0", ":8080", "[::]:0", "192.0.2.1:0", "example.com:80", "127.0.0.1"} {
			called := false
			spy := func(context.Context, Enter, string, bool, io.Writer) error {
				called = true
				return nil
			}
			var out, errOut bytes.Buffer
			code := Run([]string{"--db", e.db, "serve", "--no-open", "--addr", addr}, strings.NewReader(""), &out, &errOut, spy)
			assert.Equal(t, ExitUsage, code, addr)
			assert.False(t, called, addr)
			assert.Contains(t, errOut.String(), "serve --addr", addr)
		}
		for _, addr := range []string{"127.0.0.1:0", "localhost:0", "[::1]:0", "127.1.2.3:9"} {
			code := Run([]string{"--db", e.db, "serve", "--no-open", "--addr", addr}, strings.NewReader(""), &out, &errOut, serve)
			assert.Equal(t, 0, code, addr)
		}
	})
}

// TestBinary builds the real junction binary (plain go build: the CLI path
// needs no desktop tags and no GTK) and runs it as a script would.
func TestBinary(t *testing.T) {
	e := newEnv(t)
	bin := filepath.Join(t.TempDir(), "junction")
	build := exec.Command("go", "build", "-o", bin, ".")
	build.Dir = filepath.Join("..", "..")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	run := func(args ...string) (int, string, string) {
		cmd := exec.Command(bin, args...)
		cmd.Env = append(os.Environ(), "JUNCTION_DB="+e.db)
		var out, errOut bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &errOut
		err := cmd.Run()
		var exit *exec.ExitError
		if errors.As(err, &exit) {
			return exit.ExitCode(), out.String(), errOut.String()
		}
		require.NoError(t, err)
		return 0, out.String(), errOut.String()
	}
	code, out, _ := run("version")
	assert.Equal(t, 0, code)
	assert.Equal(t, "junction dev\n", out)

	fixture, err := filepath.Abs(filepath.Join("testdata", "crm.junction.json"))
	require.NoError(t, err)
	code, _, stderr := run("import", fixture, "--json")
	require.Equal(t, 0, code, stderr)
	code, out, _ = run("connector", "list", "--json")
	assert.Equal(t, 0, code)
	assert.Contains(t, out, `"key": "crm"`)

	code, _, stderr = run("connector", "show", "nope")
	assert.Equal(t, ExitNotFound, code)
	assert.True(t, strings.HasPrefix(stderr, "junction: "), stderr)
	code, _, _ = run("connector", "frob")
	assert.Equal(t, ExitUsage, code)
	// Browser mode is wired in main.go; a non-loopback address is refused
	// before the store is opened (the root package's serve_test.go runs it).
	for _, addr := range []string{"0.0.0.0:0", ":0", "192.0.2.1:8080"} {
		code, _, stderr = run("serve", "--no-open", "--addr", addr)
		assert.Equal(t, ExitUsage, code, addr)
		assert.Contains(t, stderr, "loopback", addr)
	}
}
