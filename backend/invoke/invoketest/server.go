// Package invoketest provides real servers for tests of the invocation
// pipeline and its callers: TLS and mutual-TLS servers with a throw-away CA,
// servers that answer in legacy charsets, servers that are slow, silent,
// refused or reset, redirect chains, big bodies, and auth servers (token
// exchange, basic, API key, bearer, APPCODE).
//
// Every server listens on 127.0.0.1 only, records every request it receives
// (see Recorder) and is closed by t.Cleanup; nothing has to be stopped by
// hand. Helpers that wait do so on channels, never by sleeping.
package invoketest

import (
	"crypto/tls"
	"encoding/json"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// Server is a running httptest server on 127.0.0.1 that records every
// request. From the embedded httptest.Server it has URL ("http://127.0.0.1:port"
// or "https://..."), Client() (trusting the server's certificate, without a
// client certificate) and Certificate(); from the embedded Recorder it has
// Count(), Last(), All(), Reset() and Await().
type Server struct {
	*httptest.Server
	*Recorder
	conns atomic.Int64
	ca    *CA
	mtls  bool
}

// Host is the server's "127.0.0.1:port", the value of a connection's host.
func (s *Server) Host() string { return s.Listener.Addr().String() }

// Requests is the number of requests that reached the handler (Count).
func (s *Server) Requests() int { return s.Count() }

// Conns is the number of connections the server accepted, to tell whether
// a client reused its pooled connections.
func (s *Server) Conns() int { return int(s.conns.Load()) }

// HTTPServer starts a plain-HTTP server running handler.
func HTTPServer(t testing.TB, handler http.Handler) *Server {
	t.Helper()
	return start(t, handler, nil)
}

// TLSServer starts an HTTPS server (HTTP/1.1) running handler, with a
// certificate for 127.0.0.1 and localhost issued by ca. A client trusts it
// with ca.Pool(), ca.WritePEM(t) as a CA bundle, or ca.Client(t, nil).
func TLSServer(t testing.TB, ca *CA, handler http.Handler) *Server {
	t.Helper()
	s := start(t, handler, &tls.Config{Certificates: []tls.Certificate{ca.ServerCert(t)}})
	s.ca = ca
	return s
}

// MutualTLSServer is TLSServer that also requires a client certificate
// issued by ca and refuses the handshake without one. The handler reads the
// client's name from r.TLS.PeerCertificates[0].Subject.CommonName (and the
// Recorder keeps it as Request.ClientCN).
func MutualTLSServer(t testing.TB, ca *CA, handler http.Handler) *Server {
	t.Helper()
	s := start(t, handler, &tls.Config{
		Certificates: []tls.Certificate{ca.ServerCert(t)},
		ClientAuth:   tls.RequireAndVerifyClientCert,
		ClientCAs:    ca.Pool(),
	})
	s.ca, s.mtls = ca, true
	return s
}

// AssertCertRequired checks that a MutualTLSServer refuses a client that
// trusts the CA but presents no certificate: it fails t if such a client
// gets an HTTP answer, and returns the client's error.
func (s *Server) AssertCertRequired(t testing.TB) error {
	t.Helper()
	if !s.mtls {
		t.Fatalf("invoketest: AssertCertRequired on a server that is not a MutualTLSServer")
	}
	resp, err := s.ca.Client(t, nil).Get(s.URL)
	if err == nil {
		resp.Body.Close()
		t.Errorf("invoketest: mutual-TLS server answered %s to a client without a certificate", resp.Status)
	}
	return err
}

// start runs handler behind a Recorder on a fresh 127.0.0.1 listener, with
// TLS when cfg is not nil, and closes it when the test ends.
func start(t testing.TB, handler http.Handler, cfg *tls.Config) *Server {
	t.Helper()
	rec := NewRecorder()
	hs := httptest.NewUnstartedServer(rec.Wrap(handler))
	hs.Listener.Close()
	hs.Listener = listen(t)
	s := &Server{Server: hs, Recorder: rec}
	hs.Config.ConnState = func(_ net.Conn, st http.ConnState) {
		if st == http.StateNew {
			s.conns.Add(1)
		}
	}
	// Refused handshakes and reset connections are what these servers are
	// for; keep their log lines out of the test output.
	hs.Config.ErrorLog = log.New(io.Discard, "", 0)
	if cfg != nil {
		hs.TLS = cfg
		hs.StartTLS()
	} else {
		hs.Start()
	}
	t.Cleanup(hs.Close)
	return s
}

// listen opens a TCP listener on 127.0.0.1 with a free port.
func listen(t testing.TB) net.Listener {
	t.Helper()
	ln, err := net.Listen("tcp4", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("invoketest: listening on 127.0.0.1: %v", err)
	}
	return ln
}

// JSONHandler answers status with body as application/json: a string,
// []byte or json.RawMessage is sent as is, anything else is marshalled
// with encoding/json.
func JSONHandler(status int, body any) http.Handler {
	var data []byte
	switch b := body.(type) {
	case string:
		data = []byte(b)
	case []byte:
		data = b
	case json.RawMessage:
		data = b
	default:
		var err error
		if data, err = json.Marshal(body); err != nil {
			panic("invoketest: JSONHandler: " + err.Error())
		}
	}
	return bodyHandler(status, "application/json", data)
}

// JSONServer starts a server answering every request with JSONHandler(status, body).
func JSONServer(t testing.TB, status int, body any) *Server {
	t.Helper()
	return HTTPServer(t, JSONHandler(status, body))
}

// TextServer starts a server answering every request 200 with body and the
// Content-Type contentType, for non-JSON answers (HTML error pages, XML,
// text). body is sent byte for byte: string(Encode("GBK", s)) sends GBK
// bytes under whatever Content-Type the test chooses.
func TextServer(t testing.TB, contentType, body string) *Server {
	t.Helper()
	return HTTPServer(t, bodyHandler(http.StatusOK, contentType, []byte(body)))
}

func bodyHandler(status int, contentType string, body []byte) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", contentType)
		w.Header().Set("Content-Length", strconv.Itoa(len(body)))
		w.WriteHeader(status)
		w.Write(body)
	})
}

// Redirects starts a server where a request to any path outside /hop/
// answers 302 to /hop/1, /hop/i answers 302 to /hop/i+1 while i < n, and
// /hop/n (or the first request, when n is 0) is served by final. Each
// redirect keeps the query string. A client that follows them all makes
// n+1 requests.
func Redirects(t testing.TB, n int, final http.Handler) *Server {
	t.Helper()
	return HTTPServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		step := 0
		if rest, ok := strings.CutPrefix(r.URL.Path, "/hop/"); ok {
			step, _ = strconv.Atoi(rest)
		}
		if step >= n {
			final.ServeHTTP(w, r)
			return
		}
		loc := fmt.Sprintf("/hop/%d", step+1)
		if r.URL.RawQuery != "" {
			loc += "?" + r.URL.RawQuery
		}
		http.Redirect(w, r, loc, http.StatusFound)
	}))
}

// BigBody starts a server answering every request 200 with exactly size
// bytes, streamed in chunks with a Content-Length: {"data":"xxx…"} as
// application/json when size is at least 11, size 'x's as text/plain
// otherwise. It stops writing when the client goes away.
func BigBody(t testing.TB, size int64) *Server {
	t.Helper()
	return HTTPServer(t, http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		head, tail := `{"data":"`, `"}`
		fill := size - int64(len(head)+len(tail))
		w.Header().Set("Content-Type", "application/json")
		if fill < 0 {
			head, tail, fill = "", "", size
			w.Header().Set("Content-Type", "text/plain")
		}
		w.Header().Set("Content-Length", strconv.FormatInt(size, 10))
		if _, err := io.WriteString(w, head); err != nil {
			return
		}
		chunk := []byte(strings.Repeat("x", 32<<10))
		for fill > 0 {
			n := min(fill, int64(len(chunk)))
			if _, err := w.Write(chunk[:n]); err != nil {
				return
			}
			fill -= n
		}
		io.WriteString(w, tail)
	}))
}

// SlowServer starts a server that reads (and records) each request, then
// answers 200 {"code":0,"slow":true} only after delay, or at once when the
// test ends, or not at all when the client gives up first. Await(t, 1)
// tells when a request has arrived. Nothing is left running after the test.
func SlowServer(t testing.TB, delay time.Duration) *Server {
	t.Helper()
	release := make(chan struct{})
	s := HTTPServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !stall(r, delay, release) {
			return
		}
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, `{"code":0,"slow":true}`)
	}))
	// Cleanups run last-in first-out: release the handlers before the
	// server's Close waits for them.
	t.Cleanup(func() { close(release) })
	return s
}

// SlowBodyServer starts a server that answers 200 at once with its headers
// and the first bytes of a JSON body ({"code":0,), then stalls and sends
// the rest ("slow":true}) only after delay or when the test ends: for
// response timeouts that must cover reading the body.
func SlowBodyServer(t testing.TB, delay time.Duration) *Server {
	t.Helper()
	release := make(chan struct{})
	s := HTTPServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, `{"code":0,`)
		http.NewResponseController(w).Flush()
		if !stall(r, delay, release) {
			return
		}
		io.WriteString(w, `"slow":true}`)
	}))
	t.Cleanup(func() { close(release) })
	return s
}

// stall waits for delay, or until release is closed when the test ends; it
// reports false when the client gave up first, so the handler answers nothing.
func stall(r *http.Request, delay time.Duration, release <-chan struct{}) bool {
	timer := time.NewTimer(delay)
	defer timer.Stop()
	select {
	case <-timer.C:
		return true
	case <-release:
		return true
	case <-r.Context().Done():
		return false
	}
}
