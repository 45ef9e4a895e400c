package bridge

import (
	"net"
	"net/http"
	"time"

	"golang.org/x/net/netutil"
)

// Bounds of browser mode, so that a page or a local process cannot hold the
// server's memory, goroutines or sockets without end: a request must arrive
// within its timeouts, an idle connection is closed, headers and bodies are
// capped (MaxBodyBytes), and so are the calls served at once and the
// connections open at once.
const (
	// DefaultMaxCalls is how many API calls are served at once; the page makes
	// a handful in parallel.
	DefaultMaxCalls = 32
	// DefaultMaxConns is how many connections are open at once; one more waits
	// to be accepted until another closes.
	DefaultMaxConns = 64
	// DefaultReadHeaderTimeout, DefaultReadTimeout and DefaultIdleTimeout
	// bound a request's header, the whole request with its body (64 MiB on
	// loopback takes well under a second) and a kept-alive connection between
	// requests. There is no write timeout: a call may run as long as the
	// invocation it makes.
	DefaultReadHeaderTimeout = 10 * time.Second
	DefaultReadTimeout       = 60 * time.Second
	DefaultIdleTimeout       = 2 * time.Minute
	// MaxHeaderBytes caps a request's header block.
	MaxHeaderBytes = 64 << 10
)

// Limits override the bounds of Serve; zero fields keep the defaults.
type Limits struct {
	MaxConns          int
	ReadHeaderTimeout time.Duration
	ReadTimeout       time.Duration
	IdleTimeout       time.Duration
}

func orDefault[T int | time.Duration](v, def T) T {
	if v <= 0 {
		return def
	}
	return v
}

// httpServer is the http.Server of Serve over h, with the bounds of l.
func httpServer(h http.Handler, l Limits) *http.Server {
	return &http.Server{
		Handler:           h,
		ReadHeaderTimeout: orDefault(l.ReadHeaderTimeout, DefaultReadHeaderTimeout),
		ReadTimeout:       orDefault(l.ReadTimeout, DefaultReadTimeout),
		IdleTimeout:       orDefault(l.IdleTimeout, DefaultIdleTimeout),
		MaxHeaderBytes:    MaxHeaderBytes,
	}
}

// limitListener caps the connections ln has open at once.
func limitListener(ln net.Listener, l Limits) net.Listener {
	return netutil.LimitListener(ln, orDefault(l.MaxConns, DefaultMaxConns))
}
