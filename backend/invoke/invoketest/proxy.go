package invoketest

import (
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"sync"
	"testing"
	"time"
)

// ProxyServer starts a forward HTTP proxy on 127.0.0.1 for a connection's
// proxy URL (http://<Host()>): it forwards plain-http requests (which
// arrive in absolute form, so Request.RequestURI and Path hold
// "http://127.0.0.1:port/…") and tunnels https through CONNECT (recorded
// with Method "CONNECT" and RequestURI "127.0.0.1:port"). It only reaches
// 127.0.0.1 or localhost and answers 403 for any other target. Note that
// http.ProxyFromEnvironment never proxies loopback targets; use
// http.ProxyURL. Tunnels are closed when the test ends.
func ProxyServer(t testing.TB) *Server {
	t.Helper()
	tr := &http.Transport{
		Proxy: nil,
		DialContext: func(ctx context.Context, _, addr string) (net.Conn, error) {
			a, ok := loopbackAddr(addr, "")
			if !ok {
				return nil, errors.New("invoketest proxy: only 127.0.0.1 is reachable")
			}
			return (&net.Dialer{}).DialContext(ctx, "tcp4", a)
		},
	}
	var (
		mu      sync.Mutex
		tunnels []net.Conn
		closed  bool
		wg      sync.WaitGroup
	)
	// keep registers a tunnel's two ends and its two copiers, under mu so
	// that the cleanup's wg.Wait never races a late wg.Add: once the cleanup
	// has begun, a tunnel is refused.
	keep := func(cs ...net.Conn) bool {
		mu.Lock()
		defer mu.Unlock()
		if closed {
			return false
		}
		tunnels = append(tunnels, cs...)
		wg.Add(2)
		return true
	}
	s := HTTPServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		target := r.Host
		if r.Method != http.MethodConnect {
			if !r.URL.IsAbs() {
				http.Error(w, "invoketest proxy: not a proxy request", http.StatusBadRequest)
				return
			}
			target = r.URL.Host
		}
		addr, ok := loopbackAddr(target, r.URL.Scheme)
		if !ok {
			http.Error(w, "invoketest proxy: only 127.0.0.1 is reachable", http.StatusForbidden)
			return
		}
		if r.Method != http.MethodConnect {
			out := r.Clone(r.Context())
			out.RequestURI = ""
			out.Header.Del("Proxy-Authorization")
			out.Header.Del("Proxy-Connection")
			resp, err := tr.RoundTrip(out)
			if err != nil {
				http.Error(w, "invoketest proxy: "+err.Error(), http.StatusBadGateway)
				return
			}
			defer resp.Body.Close()
			for k, vs := range resp.Header {
				w.Header()[k] = vs
			}
			w.WriteHeader(resp.StatusCode)
			io.Copy(w, resp.Body)
			return
		}
		dst, err := net.DialTimeout("tcp4", addr, 5*time.Second)
		if err != nil {
			http.Error(w, "invoketest proxy: "+err.Error(), http.StatusBadGateway)
			return
		}
		conn, brw, err := http.NewResponseController(w).Hijack()
		if err != nil {
			dst.Close()
			http.Error(w, "invoketest proxy: "+err.Error(), http.StatusInternalServerError)
			return
		}
		if !keep(conn, dst) {
			conn.Close()
			dst.Close()
			return
		}
		if _, err := conn.Write([]byte("HTTP/1.1 200 Connection Established\r\n\r\n")); err != nil {
			conn.Close()
			dst.Close()
			wg.Add(-2)
			return
		}
		go func() {
			defer wg.Done()
			io.Copy(dst, brw) // brw holds what the client sent after CONNECT
			dst.Close()
		}()
		go func() {
			defer wg.Done()
			io.Copy(conn, dst)
			conn.Close()
		}()
	}))
	// Runs before the server's Close (cleanups run last-in first-out).
	t.Cleanup(func() {
		mu.Lock()
		closed = true
		for _, c := range tunnels {
			c.Close()
		}
		mu.Unlock()
		wg.Wait()
		tr.CloseIdleConnections()
	})
	return s
}

// loopbackAddr is "127.0.0.1:port" for a target host[:port] on 127.0.0.1
// or localhost.
func loopbackAddr(hostport, scheme string) (string, bool) {
	host, port, err := net.SplitHostPort(hostport)
	if err != nil {
		host, port = hostport, "80"
		if scheme == "https" {
			port = "443"
		}
	}
	if host != "127.0.0.1" && host != "localhost" {
		return "", false
	}
	return net.JoinHostPort("127.0.0.1", port), true
}
