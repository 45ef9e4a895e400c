package invoketest

import (
	"crypto/subtle"
	"encoding/json"
	"fmt"
	"mime"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"junction/backend/jsontree"
)

// TokenOptions configure a TokenServer. Every zero field takes the default
// its comment names.
type TokenOptions struct {
	// TokenPath is the token endpoint's path, "/token" by default. Every
	// other path is the API.
	TokenPath string
	// TokenMethod is the method the token endpoint accepts, "POST" by
	// default; another method gets 405.
	TokenMethod string
	// KeyField and SecretField name the credentials in the token request,
	// "appKey" and "appSecret" by default. They are read from the query, a
	// JSON body or a form body, whichever has them.
	KeyField, SecretField string
	// AppKey and AppSecret are the credentials expected, "app-key" and
	// "app-secret" by default. Wrong ones get 401
	// {"code":401,"msg":"invalid appKey or appSecret"}.
	AppKey, AppSecret string
	// TokenField and ExpiresField are the dotted paths of the token and of
	// its lifetime in the answer, "data.access_token" and "data.expires_in"
	// by default: {"data":{"access_token":"tok-1","expires_in":7200}}.
	// ExpiresField "-" leaves the lifetime out.
	TokenField, ExpiresField string
	// ExpiresIn is the lifetime announced, in seconds, 7200 by default. The
	// server itself never expires a token by time: call Expire.
	ExpiresIn int
	// InjectIn says where the API expects the token: "header" (default) or
	// "query".
	InjectIn string
	// InjectName is the header or query param carrying the token,
	// "X-Access-Token" by default.
	InjectName string
	// Prefix must precede the token in that value, literally (e.g.
	// "Bearer "); empty means none.
	Prefix string
	// StaleStatus and StaleBody are the API's answer to a missing, wrong or
	// stale token: 401 and {"errcode":40001,"errmsg":"invalid access_token"}
	// by default. StaleStatus 200 makes the body the only sign, for
	// pipelines that refresh on a body condition such as errcode == 40001.
	StaleStatus int
	StaleBody   string
	// TokenDelay holds each token answer back this long (cut short when the
	// test ends), so that concurrent callers surely overlap.
	TokenDelay time.Duration
}

func (o *TokenOptions) defaults() {
	def := func(s *string, v string) {
		if *s == "" {
			*s = v
		}
	}
	def(&o.TokenPath, "/token")
	def(&o.TokenMethod, "POST")
	def(&o.KeyField, "appKey")
	def(&o.SecretField, "appSecret")
	def(&o.AppKey, "app-key")
	def(&o.AppSecret, "app-secret")
	def(&o.TokenField, "data.access_token")
	def(&o.ExpiresField, "data.expires_in")
	def(&o.InjectIn, "header")
	def(&o.InjectName, "X-Access-Token")
	def(&o.StaleBody, `{"errcode":40001,"errmsg":"invalid access_token"}`)
	if o.ExpiresIn == 0 {
		o.ExpiresIn = 7200
	}
	if o.StaleStatus == 0 {
		o.StaleStatus = http.StatusUnauthorized
	}
}

// TokenServer is a token-exchange system: a token endpoint that issues
// tok-1, tok-2, … for the right app key and secret, and an API (every other
// path) that answers 200 {"code":0,"msg":"ok","data":{"token":…,"path":…}}
// when it carries the current token and the stale answer otherwise. Only
// the most recently issued token is current: a new fetch makes the previous
// token stale, and Expire makes the current one stale. It is safe for any
// number of concurrent requests.
type TokenServer struct {
	*Server
	opts     TokenOptions
	fetches  atomic.Int64
	calls    atomic.Int64
	rejected atomic.Int64

	mu      sync.Mutex
	issued  int
	current string // "" when expired
}

// NewTokenServer starts a TokenServer.
func NewTokenServer(t testing.TB, opts TokenOptions) *TokenServer {
	t.Helper()
	opts.defaults()
	if opts.InjectIn != "header" && opts.InjectIn != "query" {
		t.Fatalf("invoketest: TokenOptions.InjectIn %q: want header or query", opts.InjectIn)
	}
	ts := &TokenServer{opts: opts}
	release := make(chan struct{})
	ts.Server = HTTPServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == opts.TokenPath {
			ts.token(w, r, release)
		} else {
			ts.api(w, r)
		}
	}))
	t.Cleanup(func() { close(release) })
	return ts
}

// TokenURL is the token endpoint's absolute URL.
func (ts *TokenServer) TokenURL() string { return ts.URL + ts.opts.TokenPath }

// Fetches is the number of requests to the token endpoint, good or bad.
func (ts *TokenServer) Fetches() int { return int(ts.fetches.Load()) }

// Calls is the number of requests to the API, accepted or not.
func (ts *TokenServer) Calls() int { return int(ts.calls.Load()) }

// Rejected is the number of API requests answered as stale.
func (ts *TokenServer) Rejected() int { return int(ts.rejected.Load()) }

// Current is the token the API accepts now, "" after Expire until the next
// fetch.
func (ts *TokenServer) Current() string {
	ts.mu.Lock()
	defer ts.mu.Unlock()
	return ts.current
}

// Expire makes the current token stale server-side; the next fetch issues a
// new one.
func (ts *TokenServer) Expire() {
	ts.mu.Lock()
	ts.current = ""
	ts.mu.Unlock()
}

func (ts *TokenServer) token(w http.ResponseWriter, r *http.Request, release <-chan struct{}) {
	ts.fetches.Add(1)
	o := ts.opts
	if r.Method != o.TokenMethod {
		writeJSON(w, http.StatusMethodNotAllowed, fmt.Sprintf(`{"code":405,"msg":"token endpoint wants %s"}`, o.TokenMethod))
		return
	}
	creds := credentials(r)
	if !equal(creds.Get(o.KeyField), o.AppKey) || !equal(creds.Get(o.SecretField), o.AppSecret) {
		writeJSON(w, http.StatusUnauthorized, `{"code":401,"msg":"invalid appKey or appSecret"}`)
		return
	}
	if o.TokenDelay > 0 && !stall(r, o.TokenDelay, release) {
		return
	}
	ts.mu.Lock()
	ts.issued++
	tok := fmt.Sprintf("tok-%d", ts.issued)
	ts.current = tok
	ts.mu.Unlock()
	answer := map[string]any{}
	setPath(answer, o.TokenField, tok)
	if o.ExpiresField != "-" {
		setPath(answer, o.ExpiresField, o.ExpiresIn)
	}
	b, _ := json.Marshal(answer)
	writeJSON(w, http.StatusOK, string(b))
}

func (ts *TokenServer) api(w http.ResponseWriter, r *http.Request) {
	ts.calls.Add(1)
	o := ts.opts
	var got string
	if o.InjectIn == "query" {
		got = r.URL.Query().Get(o.InjectName)
	} else {
		got = r.Header.Get(o.InjectName)
	}
	tok, ok := strings.CutPrefix(got, o.Prefix)
	cur := ts.Current()
	if !ok || cur == "" || !equal(tok, cur) {
		ts.rejected.Add(1)
		writeJSON(w, o.StaleStatus, o.StaleBody)
		return
	}
	b, _ := json.Marshal(map[string]any{"code": 0, "msg": "ok", "data": map[string]any{"token": tok, "path": r.URL.Path}})
	writeJSON(w, http.StatusOK, string(b))
}

// credentials merges the query, a JSON object body and a form body.
func credentials(r *http.Request) url.Values {
	v := r.URL.Query()
	ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	switch {
	case strings.HasSuffix(ct, "json"):
		var m map[string]any
		if json.NewDecoder(r.Body).Decode(&m) == nil {
			for k, x := range m {
				if s, ok := x.(string); ok {
					v.Set(k, s)
				} else {
					v.Set(k, fmt.Sprint(x))
				}
			}
		}
	case ct == "application/x-www-form-urlencoded":
		r.ParseForm()
	case ct == "multipart/form-data":
		r.ParseMultipartForm(1 << 20)
	}
	for k, xs := range r.PostForm {
		v[k] = xs
	}
	return v
}

// setPath sets a dotted path ("data.access_token") in m, creating the
// objects on the way.
func setPath(m map[string]any, path string, v any) {
	jsontree.Set(m, strings.Split(path, "."), v)
}

func equal(a, b string) bool { return subtle.ConstantTimeCompare([]byte(a), []byte(b)) == 1 }

func writeJSON(w http.ResponseWriter, status int, body string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	w.Write([]byte(body))
}

// BasicAuthServer starts a server that answers 200 {"code":0} to requests
// with HTTP basic auth user:pass, and 401 {"code":401} (with a
// WWW-Authenticate challenge) otherwise.
func BasicAuthServer(t testing.TB, user, pass string) *Server {
	t.Helper()
	return authServer(t, `Basic realm="invoketest"`, func(r *http.Request) bool {
		u, p, ok := r.BasicAuth()
		return ok && equal(u, user) && equal(p, pass)
	})
}

// APIKeyServer starts a server that answers 200 {"code":0} to requests
// carrying key in the header (in "header") or query param (in "query")
// name, and 401 {"code":401} otherwise.
func APIKeyServer(t testing.TB, name, in, key string) *Server {
	t.Helper()
	switch in {
	case "header":
		return authServer(t, "", func(r *http.Request) bool {
			v := r.Header.Values(name)
			return len(v) == 1 && equal(v[0], key)
		})
	case "query":
		return authServer(t, "", func(r *http.Request) bool {
			v := r.URL.Query()[name]
			return len(v) == 1 && equal(v[0], key)
		})
	}
	t.Fatalf("invoketest: APIKeyServer in %q: want header or query", in)
	return nil
}

// BearerServer starts a server that answers 200 {"code":0} to requests
// with exactly "Authorization: Bearer <token>", and 401 {"code":401}
// otherwise.
func BearerServer(t testing.TB, token string) *Server {
	t.Helper()
	return authServer(t, "Bearer", func(r *http.Request) bool {
		return equal(r.Header.Get("Authorization"), "Bearer "+token)
	})
}

// AppCodeServer starts a server that answers 200 {"code":0} to requests
// with exactly "Authorization: APPCODE <code>" (the API-gateway scheme),
// and 401 {"code":401} otherwise.
func AppCodeServer(t testing.TB, code string) *Server {
	t.Helper()
	return authServer(t, "", func(r *http.Request) bool {
		return equal(r.Header.Get("Authorization"), "APPCODE "+code)
	})
}

func authServer(t testing.TB, challenge string, ok func(*http.Request) bool) *Server {
	t.Helper()
	return HTTPServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if ok(r) {
			writeJSON(w, http.StatusOK, `{"code":0}`)
			return
		}
		if challenge != "" {
			w.Header().Set("WWW-Authenticate", challenge)
		}
		writeJSON(w, http.StatusUnauthorized, `{"code":401,"msg":"unauthorized"}`)
	}))
}
