package invoketest

import (
	"bytes"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"
)

// AwaitTimeout is how long Recorder.Await waits before it fails the test.
const AwaitTimeout = 5 * time.Second

// Request is one request as a server received it, kept for exact-byte
// assertions.
type Request struct {
	Method string
	// RequestURI is the request target exactly as sent on the wire
	// ("/a%20b?q=%D6%D0").
	RequestURI string
	// Path is the part of RequestURI before '?', still percent-encoded as
	// received ("/a%20b").
	Path string
	// RawQuery is the part of RequestURI after '?', exactly as received,
	// without the '?' ("q=%D6%D0").
	RawQuery string
	// Host is the Host header (or the request target's authority).
	Host   string
	Header http.Header
	// Body is the request body as raw bytes (nil when there was none).
	Body []byte
	// ClientCN is the Subject CommonName of the client certificate the
	// client presented over TLS, "" without one.
	ClientCN string
}

func (q Request) clone() Request {
	q.Header = q.Header.Clone()
	if q.Body != nil {
		q.Body = bytes.Clone(q.Body)
	}
	return q
}

// Recorder is a thread-safe list of the requests a server received. Every
// server of this package embeds one; Wrap makes one record any handler.
type Recorder struct {
	mu   sync.Mutex
	reqs []Request
	// changed is closed (and replaced) each time a request is recorded.
	changed chan struct{}
}

// NewRecorder returns an empty Recorder.
func NewRecorder() *Recorder {
	return &Recorder{changed: make(chan struct{})}
}

// Wrap returns a handler that records each request (reading its body in
// full) and then calls h with the body restored, so h can read it again.
func (r *Recorder) Wrap(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		rec := Request{
			Method:     req.Method,
			RequestURI: req.RequestURI,
			Host:       req.Host,
			Header:     req.Header.Clone(),
		}
		rec.Path, rec.RawQuery, _ = strings.Cut(req.RequestURI, "?")
		if req.TLS != nil && len(req.TLS.PeerCertificates) > 0 {
			rec.ClientCN = req.TLS.PeerCertificates[0].Subject.CommonName
		}
		if req.Body != nil && req.Body != http.NoBody {
			body, err := io.ReadAll(req.Body)
			req.Body.Close()
			if err != nil {
				http.Error(w, "invoketest: reading the request body: "+err.Error(), http.StatusBadRequest)
				return
			}
			rec.Body = body
			req.Body = io.NopCloser(bytes.NewReader(body))
		}
		r.add(rec)
		h.ServeHTTP(w, req)
	})
}

func (r *Recorder) add(q Request) {
	r.mu.Lock()
	r.reqs = append(r.reqs, q)
	close(r.changed)
	r.changed = make(chan struct{})
	r.mu.Unlock()
}

// Count is the number of requests recorded so far.
func (r *Recorder) Count() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.reqs)
}

// Last is a copy of the most recent request, the zero Request when none
// has been recorded.
func (r *Recorder) Last() Request {
	r.mu.Lock()
	defer r.mu.Unlock()
	if len(r.reqs) == 0 {
		return Request{}
	}
	return r.reqs[len(r.reqs)-1].clone()
}

// All is a copy of every request recorded, oldest first.
func (r *Recorder) All() []Request {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := make([]Request, len(r.reqs))
	for i, q := range r.reqs {
		out[i] = q.clone()
	}
	return out
}

// Reset forgets the requests recorded so far.
func (r *Recorder) Reset() {
	r.mu.Lock()
	r.reqs = nil
	r.mu.Unlock()
}

// Await blocks until at least n requests have been recorded (counted since
// the last Reset) and fails the test if that takes longer than
// AwaitTimeout. It waits on a channel, not a sleep. Call it from the test's
// goroutine.
func (r *Recorder) Await(t testing.TB, n int) {
	t.Helper()
	timer := time.NewTimer(AwaitTimeout)
	defer timer.Stop()
	for {
		r.mu.Lock()
		got, ch := len(r.reqs), r.changed
		r.mu.Unlock()
		if got >= n {
			return
		}
		select {
		case <-ch:
		case <-timer.C:
			t.Fatalf("invoketest: waited %s for %d requests, got %d", AwaitTimeout, n, got)
		}
	}
}
