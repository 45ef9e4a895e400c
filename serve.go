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
	"junction/backend/store"
)

// serveBrowser is browser mode (`junction serve`, cli.ServeFunc): the bridge
// over the same facade the window binds, serving the embedded frontend, until
// ctx ends.
//
// It takes the single-instance lock as the window does: browser mode is the
// studio in another shape, with the same in-process state (the token cache of
// auth accounts, and the flow scheduler that must fire each trigger once), so
// a window and a browser session — or two browser sessions — on one database
// are refused alike. The headless commands take no lock and keep working
// beside either.
func serveBrowser(ctx context.Context, svc *service.Service, profile, addr string, open bool, stdout io.Writer) error {
	unlock, err := store.Lock(svc.DBPath())
	if err != nil {
		return lockRefusal(err, svc.DBPath())
	}
	defer func() { _ = unlock() }()

	ln, err := bridge.Listen(addr)
	if err != nil {
		if errors.Is(err, syscall.EADDRINUSE) {
			return domain.Errorf(domain.EConflict, "cannot listen on %s: the address is in use", addr).With(domain.RListenInUse, "addr", addr)
		}
		return domain.Errorf(domain.EBadInput, "cannot listen on %s: %v", addr, err).With(domain.RListenFailed, "addr", addr, "detail", err.Error())
	}
	// Written once the address is known, so that a second instance can name it.
	defer writeHolder(svc.DBPath(), lockHolder{Mode: holderBrowser, PID: userPID(), Addr: "http://" + ln.Addr().String()})()

	log, logPath, closeLog := cli.OpenLog(filepath.Dir(svc.DBPath()))
	defer closeLog()
	facade := app.New(svc, app.Options{Profile: profile, Log: log, LogPath: logPath})
	// The facade's calls outlive ctx by the shutdown grace: calls in flight finish.
	session, cancel := context.WithCancel(context.WithoutCancel(ctx))
	defer cancel()
	facade.Startup(session)
	defer facade.Shutdown(session)

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
		},
		Open:   open,
		Stdout: stdout,
		Stderr: os.Stderr,
	})
}
