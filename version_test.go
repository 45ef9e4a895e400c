package main

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"junction/backend/version"
)

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
	assert.Equal(t, strings.TrimSpace(string(head)), info.Commit)
	assert.Equal(t, len(status) > 0, info.Modified)
	assert.NotEqual(t, "dev", info.Version, "Go stamps the main module's version from the VCS")
	assert.Regexp(t, regexp.MustCompile(`^junction \S+ \(commit `+info.Commit[:7]+`(, modified)?\)\n$`), text)
}
