package bridge

import (
	"encoding/json"
	"fmt"
	"net/http"
	"sync"
	"time"
)

// Browser mode's events: GET /api/events is a Server-Sent Events stream of
// what the service emits (backend/service/events.go), behind the same Host,
// Origin and token guards as the calls. Events is the service.Emitter the
// serving process opens the service with; each stream gets every event
// emitted while it is open.

// eventsPath is the stream's path.
const eventsPath = apiPrefix + "events"

// streamBuffer is how many events a slow stream may fall behind by before
// it drops the newest: Emit never blocks the service.
const streamBuffer = 64

// keepAlive is how often an idle stream sends a comment, so that proxies and
// the browser keep it open.
const keepAlive = 30 * time.Second

// Events fans emitted events out to the open streams.
type Events struct {
	mu      sync.Mutex
	streams map[chan []byte]struct{}
}

// NewEvents returns an emitter with no stream open yet.
func NewEvents() *Events {
	return &Events{streams: map[chan []byte]struct{}{}}
}

// Emit sends one event to every open stream; data is marshalled as JSON.
// A stream whose buffer is full misses it.
func (e *Events) Emit(name string, data any) {
	b, err := json.Marshal(data)
	if err != nil {
		b = []byte("null")
	}
	msg := []byte(fmt.Sprintf("event: %s\ndata: %s\n\n", name, b))
	e.mu.Lock()
	defer e.mu.Unlock()
	for ch := range e.streams {
		select {
		case ch <- msg:
		default:
		}
	}
}

func (e *Events) open() chan []byte {
	ch := make(chan []byte, streamBuffer)
	e.mu.Lock()
	e.streams[ch] = struct{}{}
	e.mu.Unlock()
	return ch
}

func (e *Events) close(ch chan []byte) {
	e.mu.Lock()
	delete(e.streams, ch)
	e.mu.Unlock()
}

// serveEvents streams events until the page goes away or the server shuts
// down.
func (s *Server) serveEvents(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet {
		w.Header().Set("Allow", "GET")
		writeError(w, http.StatusMethodNotAllowed, codeBadInput, reasonPageGet, "", "The event stream is read with GET.")
		return
	}
	if s.events == nil {
		writeError(w, http.StatusNotFound, codeNotFound, reasonNoMethod, "", "There is no event stream here.", "method", "events")
		return
	}
	rc := http.NewResponseController(w)
	// The stream outlives the server's read timeout, which would otherwise
	// end it (the timeout bounds how long a request takes to arrive).
	_ = rc.SetReadDeadline(time.Time{})
	ch := s.events.open()
	defer s.events.close(ch)
	h := w.Header()
	h.Set("Content-Type", "text/event-stream")
	h.Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusOK)
	// A first comment tells the page (and a test) that the stream is open.
	if _, err := fmt.Fprint(w, ": open\n\n"); err != nil || rc.Flush() != nil {
		return
	}
	tick := time.NewTicker(keepAlive)
	defer tick.Stop()
	for {
		var msg []byte
		select {
		case <-r.Context().Done():
			return
		case <-s.closing:
			return
		case <-tick.C:
			msg = []byte(": keep-alive\n\n")
		case msg = <-ch:
		}
		if _, err := w.Write(msg); err != nil || rc.Flush() != nil {
			return
		}
	}
}
