package testkit

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
)

// OpenPlatform is a test server that plays the open platform of the seed's
// demo flow (issue 11): GET /code gives a code; POST /token exchanges the
// code, the app key and the app secret for a user token; GET /departments
// lists three departments with that token (Authorization: Bearer); GET
// /departments/{id} gives one. It counts the calls of each path and can be
// told to answer a path with an error or hold it.
type OpenPlatform struct {
	URL    string
	AppKey string
	// AppSecret is the secret /token accepts with AppKey.
	AppSecret string

	mu     sync.Mutex
	calls  map[string]int
	faults map[string][]Fault
	holds  map[string]chan struct{}
	held   chan string
	codes  map[string]bool
	tokens map[string]bool
	seq    int
	srv    *httptest.Server
}

// Fault is one answer the server gives instead of the real one.
type Fault struct {
	Status     int
	RetryAfter string // the Retry-After header, "" for none
}

// Departments are what GET /departments lists.
var Departments = []map[string]any{
	{"id": 1, "name": "Engineering"},
	{"id": 2, "name": "Sales"},
	{"id": 3, "name": "Support"},
}

// NewOpenPlatform starts the server for the test; it stops with the test.
func NewOpenPlatform(t testing.TB) *OpenPlatform {
	t.Helper()
	p := &OpenPlatform{
		AppKey: "app-key-1", AppSecret: "app-secret-1",
		calls: map[string]int{}, faults: map[string][]Fault{}, holds: map[string]chan struct{}{},
		held: make(chan string, 16), codes: map[string]bool{}, tokens: map[string]bool{},
	}
	srv := httptest.NewServer(http.HandlerFunc(p.serve))
	p.srv = srv
	t.Cleanup(func() {
		p.mu.Lock()
		for path, ch := range p.holds {
			close(ch)
			delete(p.holds, path)
		}
		p.mu.Unlock()
		srv.Close()
	})
	p.URL = srv.URL
	return p
}

// Close stops the server before the test ends, for a call that finds
// nothing listening.
func (p *OpenPlatform) Close() { p.srv.Close() }

// Calls is how many requests path has had (faults and holds included).
func (p *OpenPlatform) Calls(path string) int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.calls[path]
}

// FailNext makes the next requests of path get faults, one each, in order.
func (p *OpenPlatform) FailNext(path string, faults ...Fault) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.faults[path] = append(p.faults[path], faults...)
}

// Hold makes requests of path wait until release is called or the client
// gives up; Held receives the path when such a request arrives.
func (p *OpenPlatform) Hold(path string) (release func()) {
	p.mu.Lock()
	defer p.mu.Unlock()
	ch := make(chan struct{})
	p.holds[path] = ch
	var once sync.Once
	return func() {
		once.Do(func() {
			p.mu.Lock()
			defer p.mu.Unlock()
			if p.holds[path] == ch {
				delete(p.holds, path)
				close(ch)
			}
		})
	}
}

// Held receives the path of each held request as it arrives.
func (p *OpenPlatform) Held() <-chan string { return p.held }

func (p *OpenPlatform) serve(w http.ResponseWriter, r *http.Request) {
	p.mu.Lock()
	p.calls[r.URL.Path]++
	var fault *Fault
	if fs := p.faults[r.URL.Path]; len(fs) > 0 {
		fault, p.faults[r.URL.Path] = &fs[0], fs[1:]
	}
	hold := p.holds[r.URL.Path]
	p.mu.Unlock()

	if hold != nil {
		p.held <- r.URL.Path
		select {
		case <-hold:
		case <-r.Context().Done():
			return
		}
	}
	if fault != nil {
		if fault.RetryAfter != "" {
			w.Header().Set("Retry-After", fault.RetryAfter)
		}
		writeJSON(w, fault.Status, map[string]any{"errcode": fault.Status, "errmsg": http.StatusText(fault.Status)})
		return
	}
	switch {
	case r.Method == http.MethodGet && r.URL.Path == "/code":
		writeJSON(w, http.StatusOK, map[string]any{"code": p.issue(p.codes, "code")})
	case r.Method == http.MethodPost && r.URL.Path == "/token":
		p.token(w, r)
	case r.Method == http.MethodGet && r.URL.Path == "/departments":
		if !p.authorized(r) {
			writeJSON(w, http.StatusUnauthorized, map[string]any{"errcode": 40014, "errmsg": "invalid access token"})
			return
		}
		writeJSON(w, http.StatusOK, map[string]any{"errcode": 0, "departments": Departments})
	case r.Method == http.MethodGet && strings.HasPrefix(r.URL.Path, "/departments/"):
		if !p.authorized(r) {
			writeJSON(w, http.StatusUnauthorized, map[string]any{"errcode": 40014, "errmsg": "invalid access token"})
			return
		}
		id, _ := strconv.Atoi(strings.TrimPrefix(r.URL.Path, "/departments/"))
		if id < 1 || id > len(Departments) {
			writeJSON(w, http.StatusNotFound, map[string]any{"errcode": 60003, "errmsg": "department not found"})
			return
		}
		d := Departments[id-1]
		writeJSON(w, http.StatusOK, map[string]any{"errcode": 0, "id": d["id"], "name": d["name"], "members": 10 * id})
	default:
		http.NotFound(w, r)
	}
}

func (p *OpenPlatform) token(w http.ResponseWriter, r *http.Request) {
	var body struct {
		Code      string `json:"code"`
		AppKey    string `json:"appKey"`
		AppSecret string `json:"appSecret"`
	}
	if err := json.NewDecoder(r.Body).Decode(&body); err != nil {
		writeJSON(w, http.StatusBadRequest, map[string]any{"errcode": 40000, "errmsg": "the body is not JSON"})
		return
	}
	p.mu.Lock()
	keyOK := body.AppKey == p.AppKey && body.AppSecret == p.AppSecret
	known := p.codes[body.Code]
	if keyOK {
		delete(p.codes, body.Code) // a code is good for one exchange by the app
	}
	p.mu.Unlock()
	switch {
	case !keyOK:
		writeJSON(w, http.StatusUnauthorized, map[string]any{"errcode": 40001, "errmsg": "invalid app key or app secret"})
	case !known:
		writeJSON(w, http.StatusBadRequest, map[string]any{"errcode": 40029, "errmsg": "invalid code"})
	default:
		writeJSON(w, http.StatusOK, map[string]any{"errcode": 0, "access_token": p.issue(p.tokens, "token"), "expires_in": 7200})
	}
}

func (p *OpenPlatform) authorized(r *http.Request) bool {
	tok, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	p.mu.Lock()
	defer p.mu.Unlock()
	return ok && p.tokens[tok]
}

// issue makes a new value for set, remembered in it.
func (p *OpenPlatform) issue(set map[string]bool, prefix string) string {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.seq++
	v := fmt.Sprintf("%s-%d", prefix, p.seq)
	set[v] = true
	return v
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}
