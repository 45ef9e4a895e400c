package bridge

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strconv"
	"time"

	"junction/backend/local"
)

// Config is one run of browser mode.
type Config struct {
	Options
	// Open opens the URL in the user's browser once the server listens.
	Open bool
	// Stdout receives the sign-in URL, with its one-time code, as one line.
	Stdout io.Writer
	// Stderr receives notes for the person at the terminal; nil drops them.
	Stderr io.Writer
	// Opener opens a URL; nil uses the operating system's opener.
	Opener func(url string) error
	// Limits override the server's bounds (limits.go).
	Limits Limits
}

// ShutdownGrace is how long calls in flight may take to finish at shutdown.
const ShutdownGrace = 5 * time.Second

// Serve serves the bridge on ln until ctx ends, then shuts down, letting calls
// in flight finish. It prints a sign-in URL first and, when cfg.Open is set,
// opens another (each carries a one-time code, never the token: the opener's
// command line is visible to every local user); a browser that cannot be
// opened is only a note on Stderr. It closes ln.
func Serve(ctx context.Context, ln net.Listener, cfg Config) error {
	tcp, ok := ln.Addr().(*net.TCPAddr)
	if !ok || !local.IsLoopbackHost(tcp.IP.String()) {
		ln.Close()
		return fmt.Errorf("%w: listening on %s", local.ErrNotLoopback, ln.Addr())
	}
	port := strconv.Itoa(tcp.Port)
	cfg.Port = port
	s, err := New(cfg.Options)
	if err != nil {
		ln.Close()
		return err
	}
	base := "http://" + net.JoinHostPort(tcp.IP.String(), port) + "/"
	signIn := func() (string, error) {
		code, err := s.NewCode()
		return base + "?code=" + code, err
	}
	url, err := signIn()
	if err != nil {
		ln.Close()
		return err
	}
	if _, err := fmt.Fprintln(cfg.Stdout, url); err != nil {
		ln.Close()
		return fmt.Errorf("print the URL: %w", err)
	}
	stderr := cfg.Stderr
	if stderr == nil {
		stderr = io.Discard
	}

	srv := httpServer(s, cfg.Limits)
	served := make(chan error, 1)
	go func() { served <- srv.Serve(limitListener(ln, cfg.Limits)) }()

	if cfg.Open {
		opener := cfg.Opener
		if opener == nil {
			opener = local.Open
		}
		// Its own code, so that the printed URL still signs in another browser.
		openURL, err := signIn()
		if err != nil {
			openURL = url
		}
		go func() {
			if err := opener(openURL); err != nil {
				fmt.Fprintf(stderr, "junction: could not open a browser (%v); open the URL above yourself.\n", err)
			}
		}()
	}
	fmt.Fprintln(stderr, "junction: serving the studio on", ln.Addr(), "- press Ctrl+C to stop.")
	fmt.Fprintf(stderr, "junction: the link above signs one browser in, once, within %s.\n", CodeTTL)

	select {
	case err := <-served:
		return fmt.Errorf("browser mode stopped: %w", err)
	case <-ctx.Done():
	}
	s.closeStreams()
	shutdown, cancel := context.WithTimeout(context.Background(), ShutdownGrace)
	defer cancel()
	if err := srv.Shutdown(shutdown); err != nil {
		return fmt.Errorf("shut browser mode down: %w", err)
	}
	if err := <-served; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}
