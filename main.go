// Command junction is Junction's studio. With any argument it runs the
// command line (backend/cli, spec/CLI.md) headless. Built with the desktop
// tags it is build/bin/junction and, with no arguments, opens the desktop
// window on the profile's database (desktop.go); built without them it is
// build/bin/junction-cli, which links no GTK or WebKit and runs on a bare
// server (headless.go).
package main

import (
	"embed"
	"os"
	"runtime/debug"

	"junction/backend/cli"
	// Its init runs before the heavy packages' inits: a CLI run continues in
	// a child process whose fatal errors exit 70, not Go's 2 (see its doc).
	"junction/backend/supervise"
)

// The frontend: the window's assets and what `serve` serves.
//
//go:embed all:frontend/dist
var assets embed.FS

func main() {
	if pipe := supervise.CrashPipe(); pipe != nil {
		// The supervising parent reads the crash report from here.
		debug.SetCrashOutput(pipe, debug.CrashOptions{})
	}
	if len(os.Args) > 1 {
		os.Exit(cli.Run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr, serveBrowser))
	}
	os.Exit(runDesktop())
}
