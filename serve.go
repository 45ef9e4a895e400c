package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"

	"junction/app"
	"junction/backend/bridge"
	"junction/backend/cli"
	"junction/backend/domain"
	"junction/backend/service"
)

// serveBrowser is browser mode (`junction serve`, cli.ServeFunc): the bridge
// over the same facade the window binds, serving the embedded frontend, until
// ctx ends.
//
// It opens the store as the window does, holding the single-instance lock
// (backend/service/instance.go), with the bridge's event stream as the
// service's emitter; the CLI's enter applies the one profile policy.
func serveBrowser(ctx context.Context, enter cli.Enter, addr string, open bool, stdout io.Writer) error {
	events := bridge.NewEvents()
	svc, profile, err := enter(service.Config{Instance: true, Mode: service.HolderBrowser, Events: events})
	if err != nil {
		return err
	}
	ln, err := bridge.Listen(addr)
	if err != nil {
		if errors.Is(err, syscall.EADDRINUSE) {
			return domain.Errorf(domain.EConflict, "cannot listen on %s: the address is in use", addr).With(domain.RListenInUse, "addr", addr)
		}
		return domain.Errorf(domain.EBadInput, "cannot listen on %s: %v", addr, err).With(domain.RListenFailed, "addr", addr, "detail", err.Error())
	}
	// Once the address is known, so that a second instance can name it.
	svc.Announce("http://" + ln.Addr().String())

	log, logPath, closeLog := cli.OpenLog(filepath.Dir(svc.DBPath()))
	defer closeLog()
	facade := app.New(svc, app.Options{Profile: profile, Log: log, LogPath: logPath})
	// The facade's calls outlive ctx by the shutdown grace: calls in flight finish.
	session, cancel := context.WithCancel(context.WithoutCancel(ctx))
	defer cancel()
	facade.Startup(session)
	defer facade.Shutdown(session)
	if err := svc.Start(session); err != nil {
		ln.Close()
		return err
	}

	dist, err := fs.Sub(assets, "frontend/dist")
	if err != nil {
		ln.Close()
		return fmt.Errorf("the embedded frontend: %w", err)
	}
	return bridge.Serve(ctx, ln, bridge.Config{
		Options: bridge.Options{
			Objects:     bridge.Named(facade.Bind()...),
			FormatError: facade.FormatError,
			Assets:      dist,
			Events:      events,
			Attach:      facade.AttachCall,
		},
		Open:   open,
		Stdout: stdout,
		Stderr: os.Stderr,
	})
}
