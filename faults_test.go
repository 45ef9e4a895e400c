// The supervisor is Unix-only, and the out-of-memory fault relies on Linux
// refusing a 1 TiB mapping.

//go:build linux

package main

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Panics and Go's fatal errors never exit with the usage code 2: a real
// binary (built with the testhooks tag, which adds the hidden __fault
// command) exits 70 with one line naming junction.log, and the log holds the
// report. A plain exit 2 still passes through the supervising parent.
func TestFaults_ExitInternal(t *testing.T) {
	bin := buildJunction(t, "-tags", "testhooks")
	for _, c := range []struct {
		fault, line, logged string
	}{
		// Recovered in cli.Run.
		{"panic", "junction: internal error: panic: test fault: a panic in a command", "test fault: a panic in a command"},
		// Not recoverable by us: the runtime's exit 2, turned into 70 by the parent.
		{"goroutine-panic", "junction: internal error: panic: test fault: a panic in a goroutine", "goroutine"},
		{"oom", "junction: internal error: fatal error: out of memory", "runtime.sysMap"},
	} {
		t.Run(c.fault, func(t *testing.T) {
			dir := t.TempDir()
			log := filepath.Join(dir, "junction.log")
			code, stdout, stderr := runFault(t, bin, dir, c.fault)
			assert.Equal(t, 70, code, stderr)
			assert.Empty(t, stdout)
			lines := bytes.Split(bytes.TrimRight([]byte(stderr), "\n"), []byte("\n"))
			assert.Equal(t, c.line+" (details in "+log+")", string(lines[len(lines)-1]), "the last line names the log")
			b, err := os.ReadFile(log)
			require.NoError(t, err)
			assert.Contains(t, string(b), c.logged)
			assert.Contains(t, string(b), "__fault "+c.fault)

			code, stdout, _ = runFault(t, bin, dir, c.fault, "--json")
			assert.Equal(t, 70, code)
			assert.Contains(t, stdout, `"code": "internal"`)
			assert.Contains(t, stdout, "details in "+log)
		})
	}
	t.Run("a usage exit passes through", func(t *testing.T) {
		code, _, stderr := runFault(t, bin, t.TempDir(), "exit2")
		assert.Equal(t, 2, code)
		assert.Empty(t, stderr)
	})
}

func runFault(t *testing.T, bin, dir string, args ...string) (int, string, string) {
	t.Helper()
	cmd := exec.Command(bin, append([]string{"__fault"}, args...)...)
	cmd.Env = append(os.Environ(), "JUNCTION_DB="+filepath.Join(dir, "junction.db"), "JUNCTION_KEY_FILE="+filepath.Join(dir, "secret.key"))
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	err := cmd.Run()
	var exit *exec.ExitError
	if err != nil && !errors.As(err, &exit) {
		require.NoError(t, err)
	}
	return cmd.ProcessState.ExitCode(), out.String(), errOut.String()
}
