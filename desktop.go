//go:build desktop || bindings

package main

// The desktop window: in build/bin/junction (tags desktop,production) and in
// the build Wails runs to generate the bindings (tag bindings).

import (
	"context"
	_ "embed"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"

	"github.com/wailsapp/wails/v2"
	"github.com/wailsapp/wails/v2/pkg/options"
	"github.com/wailsapp/wails/v2/pkg/options/assetserver"
	"github.com/wailsapp/wails/v2/pkg/options/linux"
	"github.com/wailsapp/wails/v2/pkg/options/mac"
	"github.com/wailsapp/wails/v2/pkg/runtime"

	"junction/app"
	"junction/backend/bridge"
	"junction/backend/cli"
	"junction/backend/domain"
	"junction/backend/service"
)

//go:embed build/appicon.png
var icon []byte

// The window opens on the light theme's background, the frontend's default.
var background = &options.RGBA{R: 246, G: 247, B: 249, A: 255}

// generatingBindings is set in the build that Wails runs to generate the
// frontend bindings (see bindings.go).
var generatingBindings bool

// runDesktop opens the desktop window and returns the process exit code.
func runDesktop() int {
	if generatingBindings {
		return runWindow(app.New(nil, app.Options{}), nil, slog.Default())
	}
	dbPath, err := service.DefaultDBPath()
	if err != nil {
		return fail(err)
	}
	log, logPath, closeLog := cli.OpenLog(filepath.Dir(dbPath))
	defer closeLog()

	events := app.NewWindowEvents()
	svc, err := service.Open(service.Config{DBPath: dbPath, Instance: true, Mode: service.HolderWindow, Log: log, Events: events})
	if err != nil {
		fmt.Fprintln(os.Stderr, "junction:", domain.ErrorMessage(err))
		switch {
		case instanceTaken(err):
			holder, known := service.ReadHolder(dbPath)
			showMessage(secondInstanceMessage(uiLanguage(os.Getenv), dbPath, holder, known))
		case domain.ErrorCode(err) == domain.ERule:
			// A refused key file: say what to do where a window user looks.
			log.Error("open database", "db", dbPath, "err", err)
			showMessage("Junction", domain.ErrorMessage(err))
		default:
			log.Error("open database", "db", dbPath, "err", err)
		}
		return 1
	}
	defer svc.Close()

	facade := app.New(svc, app.Options{Log: log, LogPath: logPath, Events: events})
	if err := facade.Enter(); err != nil {
		log.Error("enter the profile", "err", err)
		return fail(err)
	}
	return runWindow(facade, svc, log)
}

// runWindow opens the window over the facade and returns the exit code. The
// service (nil when generating bindings) starts with the window, and with it
// the flow scheduler (the store's lease decides whether this window or
// another process schedules); runDesktop's Close stops it when the window
// closes, waiting for running flows up to the grace period.
func runWindow(facade *app.App, svc *service.Service, log *slog.Logger) int {
	startup := facade.Startup
	if svc != nil {
		startup = func(ctx context.Context) {
			facade.Startup(ctx)
			if err := svc.Start(ctx); err != nil {
				log.Error("start the service", "err", err)
			}
		}
	}
	// The window's assets: the handler `serve` uses, ETags and cache headers
	// included; compression is no use between memory and the webview.
	dist, err := fs.Sub(assets, "frontend/dist")
	if err != nil {
		return fail(fmt.Errorf("the embedded frontend: %w", err))
	}
	pages, err := bridge.NewAssets(dist)
	if err != nil {
		return fail(err)
	}
	err = wails.Run(&options.App{
		Title:            "Junction",
		Width:            1280,
		Height:           800,
		MinWidth:         1024,
		MinHeight:        680,
		BackgroundColour: background,
		AssetServer:      &assetserver.Options{Handler: bridge.WithoutCompression(pages)},
		OnStartup:        startup,
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

func fail(err error) int {
	fmt.Fprintln(os.Stderr, "junction:", err)
	return 1
}

// instanceTaken reports whether err is service.Open's refusal of a store
// another window or junction serve holds.
func instanceTaken(err error) bool {
	switch domain.ErrorReason(err) {
	case domain.ROpenInWindow, domain.ROpenInBrowser, domain.ROpenInBrowserNoAddr, domain.RInstanceTaken:
		return true
	}
	return false
}
