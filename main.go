// Command junction is Junction's desktop studio. With no arguments it opens the
// desktop window on the profile's database; with any argument it runs the
// command line (backend/cli, spec/CLI.md) headless.
package main

import (
	"context"
	"embed"
	"fmt"
	"log/slog"
	"os"
	"os/user"
	"path/filepath"
	"runtime/debug"

	"github.com/wailsapp/wails/v2"
	"github.com/wailsapp/wails/v2/pkg/options"
	"github.com/wailsapp/wails/v2/pkg/options/assetserver"
	"github.com/wailsapp/wails/v2/pkg/options/linux"
	"github.com/wailsapp/wails/v2/pkg/options/mac"
	"github.com/wailsapp/wails/v2/pkg/runtime"

	"junction/app"
	"junction/backend/cli"
	"junction/backend/domain"
	"junction/backend/service"
	// Its init runs before the heavy packages' inits: a CLI run continues in
	// a child process whose fatal errors exit 70, not Go's 2 (see its doc).
	"junction/backend/supervise"
)

//go:embed all:frontend/dist
var assets embed.FS

//go:embed build/appicon.png
var icon []byte

// The window opens on the light theme's background, the frontend's default.
var background = &options.RGBA{R: 246, G: 247, B: 249, A: 255}

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

// generatingBindings is set in the build that Wails runs to generate the
// frontend bindings (see bindings.go).
var generatingBindings bool

// runDesktop opens the desktop window and returns the process exit code.
func runDesktop() int {
	if generatingBindings {
		return runWindow(app.New(nil, app.Options{}), slog.Default())
	}
	dbPath, err := service.DefaultDBPath()
	if err != nil {
		return fail(err)
	}
	keyPath, err := service.DefaultKeyPath()
	if err != nil {
		return fail(err)
	}
	release, err := takeLock(dbPath, lockHolder{Mode: holderWindow})
	if err != nil {
		if domain.ErrorCode(err) == domain.ERule {
			fmt.Fprintln(os.Stderr, "junction:", domain.ErrorMessage(err))
			holder, known := readHolder(dbPath)
			showMessage(secondInstanceMessage(uiLanguage(os.Getenv), dbPath, holder, known))
			return 1
		}
		return fail(err)
	}
	defer release()

	log, logPath, closeLog := cli.OpenLog(filepath.Dir(dbPath))
	defer closeLog()

	svc, err := service.Open(dbPath, keyPath)
	if err != nil {
		log.Error("open database", "db", dbPath, "err", err)
		if domain.ErrorCode(err) == domain.ERule {
			// A refused key file: say what to do where a window user looks.
			showMessage("Junction", domain.ErrorMessage(err))
		}
		return fail(err)
	}
	defer svc.Close()
	for _, w := range svc.Warnings() {
		log.Warn("open database", "db", dbPath, "warning", w)
	}

	profile := profileName()
	if _, err := svc.EnsureProfile(context.Background(), profile); err != nil {
		log.Error("ensure profile", "profile", profile, "err", err)
		return fail(err)
	}

	return runWindow(app.New(svc, app.Options{Profile: profile, Log: log, LogPath: logPath}), log)
}

// runWindow opens the window over the facade and returns the exit code.
func runWindow(facade *app.App, log *slog.Logger) int {
	err := wails.Run(&options.App{
		Title:            "Junction",
		Width:            1280,
		Height:           800,
		MinWidth:         1024,
		MinHeight:        680,
		BackgroundColour: background,
		AssetServer:      &assetserver.Options{Assets: assets},
		OnStartup:        facade.Startup,
		OnShutdown:       facade.Shutdown,
		ErrorFormatter:   facade.FormatError,
		Bind:             facade.Bind(),
		EnumBind:         app.Enums(),
		Linux:            &linux.Options{Icon: icon, ProgramName: "junction"},
		Mac:              &mac.Options{About: &mac.AboutInfo{Title: "Junction", Message: "Design, test, run and share HTTP connectors.", Icon: icon}},
	})
	if err != nil {
		log.Error("window", "err", err)
		return fail(err)
	}
	return 0
}

// profileName is the profile the window acts as: $JUNCTION_USER, else the OS user.
func profileName() string {
	if name := os.Getenv("JUNCTION_USER"); name != "" {
		return name
	}
	if u, err := user.Current(); err == nil && u.Username != "" {
		// Windows reports DOMAIN\name.
		return filepath.Base(filepath.ToSlash(u.Username))
	}
	return "me"
}

func fail(err error) int {
	fmt.Fprintln(os.Stderr, "junction:", err)
	return 1
}

// showMessage shows a native error box before any window exists: a hidden
// Wails application whose only act is the dialog. SIGTERM or Ctrl+C end the
// process while the dialog waits for its click.
func showMessage(title, message string) {
	defer exitOnSignal()()
	_ = wails.Run(&options.App{
		Title:       "Junction",
		Width:       400,
		Height:      200,
		StartHidden: true,
		AssetServer: &assetserver.Options{Assets: assets},
		OnStartup: func(ctx context.Context) {
			_, _ = runtime.MessageDialog(ctx, runtime.MessageDialogOptions{
				Type:    runtime.ErrorDialog,
				Title:   title,
				Message: message,
			})
			runtime.Quit(ctx)
		},
	})
}
