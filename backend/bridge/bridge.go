// Package bridge is browser mode's door (DESIGN.md "Browser mode"): a generic
// HTTP + JSON transport on 127.0.0.1 that serves the built frontend and exposes
// the exported methods of the objects it is given — the same app/ facade
// structs the desktop window binds — as POST /api/<Struct>/<Method>.
//
// A call's body is the JSON array of its arguments; the answer is 200 with the
// JSON result, or 4xx/5xx with the {code, message, field} document that the
// given error formatter makes (the window's formatter, so both doors speak the
// same errors). Every request must name a loopback host (a guard against DNS
// rebinding) and every API call must carry the server's token: in the session
// cookie a one-time code signed the browser in with (session.go), or in the
// X-Junction-Token header. Calls, connections, bodies and the time a request
// may take to arrive are bounded (limits.go).
//
// The package imports nothing of Junction's but backend/local (what counts as
// loopback): main.go hands it the objects and the formatter.
package bridge

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net"
	"net/http"
	"reflect"
	"runtime/debug"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
)

// TokenHeader is the request header that carries the server's token.
const TokenHeader = "X-Junction-Token"

// apiPrefix is where the methods live: /api/<Struct>/<Method>.
const apiPrefix = "/api/"

// MaxBodyBytes caps the body of one call by default; a package import is the
// largest. A package of 10,000 connectors (1 connection and 10 interfaces
// each) is 430 MB, and about 500 MB as the JSON string argument of
// Exchange.Import; the cap leaves it half again as much room. A call over
// it is refused with door.args_too_large, which names the cap in MiB.
const MaxBodyBytes = 768 << 20

// Error codes of the bridge's own refusals, the same words backend/domain uses.
const (
	codeBadInput   = "bad_input"
	codeNotFound   = "not_found"
	codePermission = "permission"
	codeInternal   = "internal"
	codeTimeout    = "timeout"
	codeBusy       = "conflict"
)

// Reasons of the bridge's own refusals: the keys of backend/domain's
// reasons_door.go (the root package's tests check that each is one), so the
// page shows them in its language.
const (
	reasonNotLoopback       = "door.not_loopback"
	reasonForeignOrigin     = "door.foreign_origin"
	reasonPageGet           = "door.page_get"
	reasonNotSignedIn       = "door.not_signed_in"
	reasonPostOnly          = "door.post_only"
	reasonNoMethod          = "door.no_method"
	reasonBusy              = "door.busy"
	reasonArgsTooLarge      = "door.args_too_large"
	reasonArgsTimeout       = "door.args_timeout"
	reasonRequestUnreadable = "door.request_unreadable"
	reasonArgsNotArray      = "door.args_not_array"
	reasonArgsCount         = "door.args_count"
	reasonArgUnreadable     = "door.arg_unreadable"
	reasonInternal          = "door.internal"
)

// Reasons lists the reasons of the bridge's own refusals.
func Reasons() []string {
	return []string{reasonNotLoopback, reasonForeignOrigin, reasonPageGet, reasonNotSignedIn, reasonPostOnly,
		reasonNoMethod, reasonBusy, reasonArgsTooLarge, reasonArgsTimeout, reasonRequestUnreadable,
		reasonArgsNotArray, reasonArgsCount, reasonArgUnreadable, reasonInternal}
}

// FormatError turns an error a method returned into the document the frontend
// receives: JSON text or a value that marshals to {code, message, field}.
// It has the shape of Wails' options.ErrorFormatter.
type FormatError func(error) any

// Options configure a Server.
type Options struct {
	// Objects maps a struct name to the object whose exported methods it
	// exposes (see Named).
	Objects map[string]any
	// FormatError formats the errors methods return; nil sends
	// {"code":"internal","message":err.Error()}.
	FormatError FormatError
	// Assets is the built frontend, with index.html at its root. Without an
	// index.html the page answers 503 with a note that the build lacks it.
	Assets fs.FS
	// Token is the secret every API call must carry; empty makes a new one.
	Token string
	// Port, when set, is the only port a request's Host header may name.
	Port string
	// MaxCalls caps the API calls served at once (DefaultMaxCalls when 0);
	// one more is refused with 503.
	MaxCalls int
	// MaxBodyBytes caps the body of a call (MaxBodyBytes when 0).
	MaxBodyBytes int64
	// Now is the clock of the one-time codes; time.Now when nil.
	Now func() time.Time
	// Events, when set, is streamed on GET /api/events (events.go).
	Events *Events
	// Attach, when set, is told the context of each call that names a call
	// id in its CallHeader, before the method runs: the facade runs that
	// call on it, so that a page that aborts the request (or goes away)
	// cancels the call. detach runs when the method returned.
	Attach func(ctx context.Context, id string) (detach func())
}

// CallHeader names a call the page may cancel by aborting its request; the
// same id is the call's argument that the facade keys its cancel on.
const CallHeader = "X-Junction-Call"

// Server is the bridge's http.Handler.
type Server struct {
	token   string
	port    string
	format  FormatError
	methods map[string]map[string]*method
	assets  *Assets
	hasPage bool
	now     func() time.Time
	codes   codes
	calls   chan struct{} // one slot per call in flight
	maxBody int64
	events  *Events
	attach  func(ctx context.Context, id string) (detach func())
	// closing ends the event streams at shutdown, which would otherwise
	// wait for them.
	closing   chan struct{}
	closeOnce sync.Once
}

// method is one exposed method and what its results mean.
type method struct {
	name   string // Struct.Method, for messages
	fn     reflect.Value
	in     []reflect.Type
	result bool // it returns a value besides a possible error
	err    bool // its last result is an error
}

var errorType = reflect.TypeOf((*error)(nil)).Elem()

// Named maps each object to the name of its type (without package or
// pointer), the name Wails binds it under: Named(&app.Connectors{}) gives
// {"Connectors": ...}.
func Named(objects ...any) map[string]any {
	m := make(map[string]any, len(objects))
	for _, o := range objects {
		t := reflect.TypeOf(o)
		for t != nil && t.Kind() == reflect.Pointer {
			t = t.Elem()
		}
		if t != nil {
			m[t.Name()] = o
		}
	}
	return m
}

// New builds a server over opts. It fails when an object has no method it
// can expose, or when no token was given and none can be made.
func New(opts Options) (*Server, error) {
	s := &Server{token: opts.Token, port: opts.Port, format: opts.FormatError, methods: map[string]map[string]*method{},
		now: opts.Now, codes: codes{until: map[string]time.Time{}}, events: opts.Events, attach: opts.Attach,
		closing: make(chan struct{}), maxBody: opts.MaxBodyBytes}
	if s.maxBody <= 0 {
		s.maxBody = MaxBodyBytes
	}
	if s.now == nil {
		s.now = time.Now
	}
	maxCalls := opts.MaxCalls
	if maxCalls <= 0 {
		maxCalls = DefaultMaxCalls
	}
	s.calls = make(chan struct{}, maxCalls)
	if s.token == "" {
		t, err := NewToken()
		if err != nil {
			return nil, err
		}
		s.token = t
	}
	for name, obj := range opts.Objects {
		ms := exposed(name, obj)
		if len(ms) == 0 {
			return nil, fmt.Errorf("bridge: %s (%T) has no method to expose", name, obj)
		}
		s.methods[name] = ms
	}
	if opts.Assets != nil {
		if _, err := fs.Stat(opts.Assets, "index.html"); err == nil {
			s.hasPage = true
		}
		assets, err := NewAssets(opts.Assets)
		if err != nil {
			return nil, err
		}
		s.assets = assets
	}
	return s, nil
}

// exposed lists obj's exported methods that a JSON call can reach: not
// variadic, with at most two results of which only the last may be an error.
func exposed(structName string, obj any) map[string]*method {
	v := reflect.ValueOf(obj)
	if !v.IsValid() {
		return nil
	}
	t := v.Type()
	ms := map[string]*method{}
	for i := 0; i < t.NumMethod(); i++ {
		mt := t.Method(i)
		ft := mt.Type // the receiver is its first input
		if ft.IsVariadic() || ft.NumOut() > 2 {
			continue
		}
		m := &method{name: structName + "." + mt.Name, fn: v.Method(i)}
		for j := 1; j < ft.NumIn(); j++ {
			m.in = append(m.in, ft.In(j))
		}
		switch ft.NumOut() {
		case 1:
			m.err = ft.Out(0) == errorType
			m.result = !m.err
		case 2:
			if ft.Out(1) != errorType || ft.Out(0) == errorType {
				continue
			}
			m.result, m.err = true, true
		}
		ms[mt.Name] = m
	}
	return ms
}

// closeStreams ends the open event streams (Serve calls it at shutdown).
func (s *Server) closeStreams() {
	s.closeOnce.Do(func() { close(s.closing) })
}

// Token is the secret the API calls must carry.
func (s *Server) Token() string { return s.token }

// Methods lists the exposed methods as Struct.Method, sorted.
func (s *Server) Methods() []string {
	var out []string
	for _, ms := range s.methods {
		for _, m := range ms {
			out = append(out, m.name)
		}
	}
	sort.Strings(out)
	return out
}

// ServeHTTP checks the host, then answers an API call or serves the page.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("X-Content-Type-Options", "nosniff")
	// The sign-in URL holds a code: never send it on as a referrer.
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("X-Frame-Options", "DENY")
	if !s.loopbackHost(r.Host) {
		writeError(w, http.StatusForbidden, codePermission, reasonNotLoopback, "", "Refused: Junction's browser mode answers only requests to 127.0.0.1, localhost or [::1].")
		return
	}
	if origin := r.Header.Get("Origin"); origin != "" && !s.loopbackOrigin(origin) {
		writeError(w, http.StatusForbidden, codePermission, reasonForeignOrigin, "", "Refused: the request comes from a page of another site.")
		return
	}
	if strings.HasPrefix(r.URL.Path, apiPrefix) {
		s.serveAPI(w, r)
		return
	}
	if r.URL.Path == "/" && r.Method == http.MethodGet && r.URL.Query().Has("code") {
		s.signIn(w, r)
		return
	}
	s.servePage(w, r)
}

func (s *Server) servePage(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		writeError(w, http.StatusMethodNotAllowed, codeBadInput, reasonPageGet, "", "The page is read with GET.")
		return
	}
	if !s.hasPage {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.WriteHeader(http.StatusServiceUnavailable)
		_, _ = io.WriteString(w, "This junction binary was built without its frontend (frontend/dist had no index.html).\n"+
			"Build it with `make build`; the API under /api/ works all the same.\n")
		return
	}
	w.Header().Set("Content-Security-Policy", contentSecurityPolicy)
	s.assets.ServeHTTP(w, r)
}

// contentSecurityPolicy keeps the page to its own scripts and its own origin.
// Inline styles stay allowed: Naive UI injects its styles at run time.
const contentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; " +
	"img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; object-src 'none'; " +
	"base-uri 'none'; form-action 'none'; frame-ancestors 'none'"

func (s *Server) serveAPI(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Cache-Control", "no-store")
	if !s.authorized(r) {
		writeError(w, http.StatusUnauthorized, codePermission, reasonNotSignedIn, "",
			"This browser is not signed in to this junction serve: open the link it printed (each link works once; restart junction serve for a new one).")
		return
	}
	if r.URL.Path == eventsPath {
		s.serveEvents(w, r)
		return
	}
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", "POST")
		writeError(w, http.StatusMethodNotAllowed, codeBadInput, reasonPostOnly, "", "Call a method with POST and a JSON array of its arguments.")
		return
	}
	structName, methodName, ok := strings.Cut(strings.TrimPrefix(r.URL.Path, apiPrefix), "/")
	m := s.methods[structName][methodName]
	if !ok || m == nil {
		writeError(w, http.StatusNotFound, codeNotFound, reasonNoMethod, "", fmt.Sprintf("There is no method %s.%s.", structName, methodName), "method", structName+"."+methodName)
		return
	}
	select {
	case s.calls <- struct{}{}:
		defer func() { <-s.calls }()
	default:
		writeError(w, http.StatusServiceUnavailable, codeBusy, reasonBusy, "", fmt.Sprintf(
			"Junction is busy: %d calls are in progress, the most browser mode serves at once. Try %s again when one has finished.", cap(s.calls), m.name),
			"max", strconv.Itoa(cap(s.calls)), "method", m.name)
		return
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, s.maxBody))
	if err != nil {
		var tooLarge *http.MaxBytesError
		var netErr net.Error
		switch {
		case errors.As(err, &tooLarge):
			writeError(w, http.StatusRequestEntityTooLarge, codeBadInput, reasonArgsTooLarge, "", fmt.Sprintf("The arguments of %s exceed %s MiB.", m.name, mib(s.maxBody)),
				"method", m.name, "max", mib(s.maxBody))
		case errors.As(err, &netErr) && netErr.Timeout():
			writeError(w, http.StatusRequestTimeout, codeTimeout, reasonArgsTimeout, "", fmt.Sprintf("The arguments of %s did not arrive in time; the call was not made.", m.name), "method", m.name)
		default:
			writeError(w, http.StatusBadRequest, codeBadInput, reasonRequestUnreadable, "", "Cannot read the request: "+err.Error(), "detail", err.Error())
		}
		return
	}
	// The arguments are in: from here the call may run as long as its
	// invocation, and the server's read timeout must not cancel its context
	// (a closed connection still does).
	_ = http.NewResponseController(w).SetReadDeadline(time.Time{})
	args, status, err := m.decode(body)
	if err != nil {
		var ae *argError
		if !errors.As(err, &ae) {
			ae = &argError{msg: err.Error()}
		}
		writeError(w, status, codeBadInput, ae.reason, ae.field, ae.msg, ae.params...)
		return
	}
	if id := r.Header.Get(CallHeader); id != "" && s.attach != nil {
		defer s.attach(r.Context(), id)()
	}
	result, err := m.call(args)
	if err != nil {
		s.writeFormatted(w, err)
		return
	}
	out, err := json.Marshal(result)
	if err != nil {
		s.writeFormatted(w, fmt.Errorf("encode the result of %s: %w", m.name, err))
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(out)
}

// mib says a size in MiB, with a fraction when it is not a whole number.
func mib(n int64) string { return strconv.FormatFloat(float64(n)/(1<<20), 'f', -1, 64) }

// argError is a call's arguments that do not decode: not an array, too few
// or too many, or one that does not fit its parameter's type (field names it).
type argError struct {
	field  string
	msg    string
	reason string
	params []string
}

func (e *argError) Error() string { return e.msg }

// decode reads the JSON array of arguments: as many as the method takes, each
// into its parameter's type. An empty body means no arguments.
func (m *method) decode(body []byte) ([]reflect.Value, int, error) {
	var raw []json.RawMessage
	if len(bytes.TrimSpace(body)) > 0 {
		if err := json.Unmarshal(body, &raw); err != nil {
			return nil, http.StatusBadRequest, &argError{reason: reasonArgsNotArray, params: []string{"method", m.name, "detail", err.Error()},
				msg: fmt.Sprintf("the body of a call to %s must be a JSON array of its arguments: %v", m.name, err)}
		}
	}
	if len(raw) != len(m.in) {
		return nil, http.StatusBadRequest, &argError{reason: reasonArgsCount,
			params: []string{"method", m.name, "want", strconv.Itoa(len(m.in)), "got", strconv.Itoa(len(raw))},
			msg:    fmt.Sprintf("%s takes %d argument(s), got %d", m.name, len(m.in), len(raw))}
	}
	args := make([]reflect.Value, len(m.in))
	for i, t := range m.in {
		p := reflect.New(t)
		if err := json.Unmarshal(raw[i], p.Interface()); err != nil {
			return nil, http.StatusBadRequest, &argError{
				field:  fmt.Sprintf("args[%d]", i),
				msg:    fmt.Sprintf("Argument %d of %s (%s) cannot be read: %v.", i+1, m.name, t, err),
				reason: reasonArgUnreadable,
				params: []string{"index", strconv.Itoa(i + 1), "method", m.name, "type", t.String(), "detail", err.Error()},
			}
		}
		args[i] = p.Elem()
	}
	return args, 0, nil
}

// call runs the method; a panic becomes an error, as in the window.
func (m *method) call(args []reflect.Value) (result any, err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("panic in %s: %v\n%s", m.name, p, debug.Stack())
		}
	}()
	out := m.fn.Call(args)
	if m.err {
		if e, _ := out[len(out)-1].Interface().(error); e != nil {
			return nil, e
		}
	}
	if m.result {
		return out[0].Interface(), nil
	}
	return nil, nil
}

// writeFormatted answers with the formatter's document for err, with the
// HTTP status of its code.
func (s *Server) writeFormatted(w http.ResponseWriter, err error) {
	doc := s.formatted(err)
	var head struct {
		Code string `json:"code"`
	}
	_ = json.Unmarshal(doc, &head)
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(statusOf(head.Code))
	_, _ = w.Write(doc)
}

// formatted is the formatter's answer as a JSON object.
func (s *Server) formatted(err error) []byte {
	if s.format == nil {
		return errorDoc(codeInternal, reasonInternal, "", err.Error())
	}
	switch v := s.format(err).(type) {
	case string:
		if isJSONObject([]byte(v)) {
			return []byte(v)
		}
		return errorDoc(codeInternal, reasonInternal, "", v)
	case []byte:
		if isJSONObject(v) {
			return v
		}
		return errorDoc(codeInternal, reasonInternal, "", string(v))
	case nil:
		return errorDoc(codeInternal, reasonInternal, "", err.Error())
	default:
		b, jerr := json.Marshal(v)
		if jerr != nil || !isJSONObject(b) {
			return errorDoc(codeInternal, reasonInternal, "", fmt.Sprint(v))
		}
		return b
	}
}

func isJSONObject(b []byte) bool {
	b = bytes.TrimSpace(b)
	return len(b) > 0 && b[0] == '{' && json.Valid(b)
}

// statusOf is the HTTP status for an error code of backend/domain.
func statusOf(code string) int {
	switch code {
	case "validation", codeBadInput:
		return http.StatusBadRequest
	case codePermission:
		return http.StatusForbidden
	case codeNotFound:
		return http.StatusNotFound
	case "conflict", "rule":
		return http.StatusConflict
	case "transport":
		return http.StatusBadGateway
	case "timeout":
		return http.StatusGatewayTimeout
	default:
		return http.StatusInternalServerError
	}
}

// errorDoc is the error document of a refusal of the bridge's own, in the
// shape of backend/domain's Error: {code, reason, message, field, params}.
// params are key, value pairs.
func errorDoc(code, reason, field, message string, params ...string) []byte {
	var ps map[string]string
	if len(params) > 0 {
		ps = make(map[string]string, len(params)/2)
		for i := 0; i+1 < len(params); i += 2 {
			ps[params[i]] = params[i+1]
		}
	}
	b, _ := json.Marshal(struct {
		Code    string            `json:"code"`
		Reason  string            `json:"reason,omitempty"`
		Message string            `json:"message"`
		Field   string            `json:"field,omitempty"`
		Params  map[string]string `json:"params,omitempty"`
	}{code, reason, message, field, ps})
	return b
}

func writeError(w http.ResponseWriter, status int, code, reason, field, message string, params ...string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = w.Write(errorDoc(code, reason, field, message, params...))
}
