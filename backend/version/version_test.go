package version

import (
	"runtime/debug"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestResolve(t *testing.T) {
	stamped := func() (*debug.BuildInfo, bool) {
		return &debug.BuildInfo{Main: debug.Module{Version: "v1.4.0"}, Settings: []debug.BuildSetting{
			{Key: "vcs.revision", Value: "0123456789abcdef0123456789abcdef01234567"},
			{Key: "vcs.modified", Value: "true"},
		}}, true
	}
	plain := func() (*debug.BuildInfo, bool) {
		return &debug.BuildInfo{Main: debug.Module{Version: "(devel)"}}, true
	}
	none := func() (*debug.BuildInfo, bool) { return nil, false }

	for _, c := range []struct {
		name                      string
		version, commit, modified string
		read                      func() (*debug.BuildInfo, bool)
		want                      Info
		line                      string
	}{
		{"build info only", "", "", "", stamped,
			Info{"v1.4.0", "0123456789abcdef0123456789abcdef01234567", true}, "junction v1.4.0 (commit 0123456, modified)"},
		{"ldflags win over build info", "1.2.3", "abcdef0123", "false", stamped,
			Info{"1.2.3", "abcdef0123", false}, "junction 1.2.3 (commit abcdef0)"},
		{"ldflags version only", "1.2.3", "", "", stamped,
			Info{"1.2.3", "0123456789abcdef0123456789abcdef01234567", true}, "junction 1.2.3 (commit 0123456, modified)"},
		{"no VCS stamp", "", "", "", plain, Info{"dev", "", false}, "junction dev"},
		{"no build info", "", "", "", none, Info{"dev", "", false}, "junction dev"},
	} {
		got := resolve(c.version, c.commit, c.modified, c.read)
		assert.Equal(t, c.want, got, c.name)
		assert.Equal(t, c.line, got.String(), c.name)
	}
}
