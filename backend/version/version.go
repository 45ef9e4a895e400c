// Package version names the build: its product version and the commit it
// was built from, as `junction version` prints them and the window's footer
// shows them. It imports nothing of Junction's.
package version

import (
	"fmt"
	"runtime/debug"
)

// Release builds set these with -ldflags (see the Makefile), e.g.
// -X junction/backend/version.Version=1.2.3. Each one left empty is read
// from the build info Go records: the main module's version, vcs.revision
// and vcs.modified.
var (
	Version  string
	Commit   string
	Modified string // "true" or "false"
)

// Info is the build's version, commit and whether the work tree had
// uncommitted changes.
type Info struct {
	Version  string `json:"version"`
	Commit   string `json:"commit"`
	Modified bool   `json:"modified"`
}

// Get returns the build's Info: the ldflags values where set, else the build
// info, else version "dev" and no commit.
func Get() Info {
	return resolve(Version, Commit, Modified, debug.ReadBuildInfo)
}

func resolve(version, commit, modified string, read func() (*debug.BuildInfo, bool)) Info {
	info := Info{Version: version, Commit: commit, Modified: modified == "true"}
	bi, ok := read()
	if ok {
		// (devel) is what a plain build without a VCS stamp reports.
		if info.Version == "" && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
			info.Version = bi.Main.Version
		}
		for _, s := range bi.Settings {
			switch {
			case s.Key == "vcs.revision" && info.Commit == "":
				info.Commit = s.Value
			case s.Key == "vcs.modified" && modified == "":
				info.Modified = s.Value == "true"
			}
		}
	}
	if info.Version == "" {
		info.Version = "dev"
	}
	return info
}

// ShortCommit is the commit's first 7 hex digits, as git abbreviates it.
func (i Info) ShortCommit() string {
	if len(i.Commit) > 7 {
		return i.Commit[:7]
	}
	return i.Commit
}

// String is the line `junction version` prints:
// "junction 1.2.3 (commit abc1234, modified)".
func (i Info) String() string {
	s := "junction " + i.Version
	switch {
	case i.Commit != "" && i.Modified:
		s += fmt.Sprintf(" (commit %s, modified)", i.ShortCommit())
	case i.Commit != "":
		s += fmt.Sprintf(" (commit %s)", i.ShortCommit())
	case i.Modified:
		s += " (modified)"
	}
	return s
}
