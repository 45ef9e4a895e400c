package invoketest

import (
	"net"
	"sync"
	"testing"
)

// BlackholeTLS opens a TCP listener on 127.0.0.1 that accepts connections
// and never sends a byte, and returns its "127.0.0.1:port". An https client
// dials it fine but its TLS handshake never completes, so only a connect
// timeout that covers dial and TLS ends the call. (A plain-http client
// instead waits for an answer that never comes: a response timeout.) The
// listener and every accepted connection are closed when the test ends.
func BlackholeTLS(t testing.TB) string {
	t.Helper()
	return serveRaw(t, func(net.Conn) bool { return true })
}

// ResetServer opens a TCP listener on 127.0.0.1 that accepts each
// connection and at once closes it with a reset (SO_LINGER 0), and returns
// its "127.0.0.1:port". A client sees "connection reset by peer" or EOF.
func ResetServer(t testing.TB) string {
	t.Helper()
	return serveRaw(t, func(c net.Conn) bool {
		if tc, ok := c.(*net.TCPConn); ok {
			tc.SetLinger(0)
		}
		c.Close()
		return false
	})
}

// RefusedAddr returns a "127.0.0.1:port" with nothing listening: a port
// that was free a moment ago (listened on, then closed), so a dial is
// refused at once.
func RefusedAddr(t testing.TB) string {
	t.Helper()
	ln := listen(t)
	addr := ln.Addr().String()
	if err := ln.Close(); err != nil {
		t.Fatalf("invoketest: closing a listener: %v", err)
	}
	return addr
}

// serveRaw accepts connections on a fresh 127.0.0.1 listener and hands each
// to handle; the connections for which handle returns true are kept open
// until the test ends. The cleanup closes the listener, waits for the
// accept loop to end and closes the kept connections.
func serveRaw(t testing.TB, handle func(net.Conn) bool) string {
	t.Helper()
	ln := listen(t)
	var (
		mu   sync.Mutex
		kept []net.Conn
		done = make(chan struct{})
	)
	go func() {
		defer close(done)
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			if handle(c) {
				mu.Lock()
				kept = append(kept, c)
				mu.Unlock()
			}
		}
	}()
	t.Cleanup(func() {
		ln.Close()
		<-done
		mu.Lock()
		defer mu.Unlock()
		for _, c := range kept {
			c.Close()
		}
	})
	return ln.Addr().String()
}
