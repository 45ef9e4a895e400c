// Package invoke is the invocation pipeline: it takes an interface definition,
// a resolved connection and account and the caller's inputs, calls the remote
// system and judges the answer. It never opens the store; the service resolves
// and records around it.
//
// The stages (DESIGN.md "The invocation pipeline") live in files named after
// them: plan.go (resolve: the compiled plan, cached per interface ID and
// Revision), inputs.go, request.go, charset.go, auth.go and token.go,
// transport.go, decode.go, extract.go, judge.go, redact.go; run.go
// orchestrates them and template.go holds the {{ path }} templates.
//
// Decisions a caller may need to know:
//
//   - Plans are cached by interface ID and Revision: an edited definition
//     must come with a new Revision, and an unsaved draft with an empty ID
//     (compiled on every call).
//   - Inputs: an absent or null input takes the default; "" is a value,
//     except for path params, which are always required and never empty.
//     Coercion converts without loss only ("42" -> 42 for an integer, 123
//     -> "123" for a string, "true"/"1" -> true); anything else is a
//     validation error on "inputs.<param path>".
//   - Query strings and form bodies are form-encoded (space as '+') from the
//     charset's bytes; a list repeats its name, an object is sent as JSON
//     text; params keep their definition order. Path params are
//     url.PathEscape'd from the charset's bytes. Header values are sent as
//     the charset's bytes. Header names keep the case the interface writes,
//     except the headers Go itself writes (Host, Content-Type, ...).
//   - Bodies: json (definition order, integers stay integers), form,
//     multipart, text (the one body param's text), xml (see appendBodyXML).
//     json, form, text and xml declare "; charset=<connection charset>".
//   - Basic auth writes user:password in the connection's charset.
//   - TLS: a CA bundle is added to the system roots (it does not replace
//     them). Client certificates: see loadClientCert. Go's default TLS
//     versions and ciphers (TLS 1.2+) apply.
//   - Timeouts: the connect timeout covers DNS, TCP, proxy CONNECT and the
//     TLS handshake together; the response timeout runs from the moment a
//     connection is obtained to the end of the body (redirect hops
//     included). Both end the call with verdict timeout and a cause naming
//     the phase.
//   - Conditions compare numerically when both sides read as numbers, as
//     text otherwise (see judge.go). Condition values beyond 2^53 compare
//     exactly only when decoded as json.Number.
//   - Tokens: see token.go (cache key, expiry, refresh margin, retry).
package invoke

import (
	"context"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	"junction/backend/domain"
)

// Verdicts of one call.
const (
	VerdictOK      = "ok"      // the success condition held
	VerdictUnmet   = "unmet"   // the system answered, the condition did not hold
	VerdictTimeout = "timeout" // connect or response timeout
	VerdictError   = "error"   // the call could not be made or completed
)

// DefaultBodyCap is the most of a response body read by default.
const DefaultBodyCap = 10 << 20

// Account is an auth account with its secrets decrypted.
type Account struct {
	Name string
	// Fields holds the plain and the secret fields together, in clear text.
	Fields map[string]string
	// Secret names the fields of Fields that are secrets; their values are
	// redacted from everything the pipeline returns.
	Secret []string
}

// Target is where a call goes: a connection (with its client-certificate
// password decrypted) and an optional account.
type Target struct {
	Connection   domain.Connection
	CertPassword string
	Account      *Account
}

// System holds the caller's fields that templates read as {{system.*}}.
type System struct {
	UserID   string
	UserName string
	OrgID    string
}

// Call is one invocation.
type Call struct {
	// Interface must carry its ID and Revision: compiled plans are cached by them.
	Interface *domain.Interface
	Target
	Inputs map[string]any
	System System
	// Steps holds the outputs of earlier flow steps, read as {{steps.*}}.
	Steps map[string]any
}

// RequestRecord is the request as sent, secrets redacted.
type RequestRecord struct {
	Method  string            `json:"method"`
	URL     string            `json:"url"`
	Headers map[string]string `json:"headers"`
	Body    string            `json:"body"`
}

// ResponseRecord is the answer as received. Body is the text decoded from the
// connection's declared charset; Raw keeps the bytes as they came.
type ResponseRecord struct {
	Headers map[string]string `json:"headers"`
	Body    string            `json:"body"`
	// Raw is the body as received (up to the cap), for "view as" another charset.
	Raw       []byte `json:"-"`
	Truncated bool   `json:"truncated"`
	Size      int64  `json:"size"`
	// Charset is the charset the body was decoded with (the connection's).
	Charset string `json:"charset"`
	// ContentType is what the response's Content-Type header claimed.
	ContentType string `json:"contentType"`
}

// Timing is where the time of a call went, in milliseconds. TotalMs is the
// whole invocation (a token fetch and a retry included); the others are of
// the last request sent, summed over its redirect hops.
type Timing struct {
	TotalMs     float64 `json:"totalMs"`
	DNSMs       float64 `json:"dnsMs"`
	ConnectMs   float64 `json:"connectMs"`
	TLSMs       float64 `json:"tlsMs"`
	FirstByteMs float64 `json:"firstByteMs"`
}

// Result is the outcome of one call.
type Result struct {
	Verdict  string         `json:"verdict"`
	OK       bool           `json:"ok"`
	Message  string         `json:"message"`
	Status   int            `json:"status"`
	Outputs  map[string]any `json:"outputs"`
	Request  RequestRecord  `json:"request"`
	Response ResponseRecord `json:"response"`
	Timing   Timing         `json:"timing"`
	// Redirects are the redirects the last request followed, in order, and
	// the credentials each did not carry to another origin (see redirect.go).
	// ts_type spells the shape for the frontend's generated models: Wails
	// writes no model for a struct met only inside an embedded struct, as
	// this one is in service.InvokeResult, and the models would not compile.
	Redirects []Redirect `json:"redirects" ts_type:"{ from: string; to: string; status: number; stripped?: string[] }[]"`
	// TokenStep is the token request this call made (a token-exchange
	// connection without a usable cached token), redacted; nil when none was
	// made. When it failed, the call's own request was never sent.
	TokenStep *TokenStep `json:"tokenStep,omitempty" ts_type:"{ request: { method: string; url: string; headers: Record<string, string>; body: string }; status: number; responseHeaders: Record<string, string>; responseBody: string; ms: number; tokenPath: string; tokenFound: boolean; expiresInSec: number; expiresFrom: string; error?: string; note?: domain.Note }"`
	// NotSent says the call's own request was never sent (its token request
	// failed, or no transport could be built): Request is what it would have
	// been and Timing holds the total only.
	NotSent bool `json:"notSent,omitempty"`
	// Notes are remarks that are not failures: a non-JSON body, a token
	// refresh, an output that did not fit its type, a charset disagreement.
	Notes []string `json:"notes"`
	// NoteList holds the same notes as Notes with their reasons and params,
	// for a UI to say them in its language (addNote writes both).
	NoteList []domain.Note `json:"noteList"`
	// Cause says in plain words why a call timed out or failed, e.g.
	// "connect timeout: no connection within 3s (TLS handshake with
	// hr.corp:443 not completed)", or, for verdict unmet, which rule of the
	// success condition did not hold ("response.code is 40001, expected eq 0").
	Cause string `json:"cause,omitempty"`
	// CauseNote is Cause with its reason and params, for a UI to say in its
	// language; nil when the cause has no reason yet.
	CauseNote *domain.Note `json:"causeNote,omitempty"`
	// DefaultMessage says Message is Junction's stock wording for the verdict
	// (the interface sets no template for it), so a UI may say it in its own
	// language from Verdict, Status and Cause.
	DefaultMessage bool `json:"defaultMessage"`
}

// newResult starts a result with the plan's notes. Its Outputs stay nil
// until extracted (record makes them empty when there are none).
func newResult(notes []domain.Note) *Result {
	r := &Result{}
	r.addNote(notes...)
	return r
}

// addNote records remarks in both forms: the English of Notes and NoteList.
func (r *Result) addNote(ns ...domain.Note) {
	for _, n := range ns {
		r.Notes = append(r.Notes, n.Text)
		r.NoteList = append(r.NoteList, n)
	}
}

// Options tune an Engine.
type Options struct {
	// BodyCap is the most of a response body read; DefaultBodyCap when 0.
	BodyCap int64
	// Now is the clock for system fields and token expiry; time.Now when nil.
	Now func() time.Time
	// BodyBudget is the most response-body memory the engine's calls hold at
	// once; concurrent calls wait for it (as long as their context allows).
	// When 0, DefaultBodyBudget or 8 times BodyCap, whichever is larger.
	BodyBudget int64
}

// Engine runs calls. It caches compiled plans per interface revision, one
// pooled transport per connection settings and tokens per account; it is safe
// for concurrent use, and one Engine should serve the whole process.
type Engine struct {
	opts       Options
	plans      sync.Map // interface ID -> *plan (of the revision last seen)
	transports *transportCache
	tokens     *tokenCache
	bodies     *bodyBudget
	// compiles counts plan compilations, for tests of the plan cache.
	compiles atomic.Int64
}

// NewEngine returns an Engine.
func NewEngine(opts Options) *Engine {
	if opts.BodyCap <= 0 {
		opts.BodyCap = DefaultBodyCap
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.BodyBudget <= 0 {
		opts.BodyBudget = max(DefaultBodyBudget, 8*opts.BodyCap)
	}
	return &Engine{opts: opts, transports: newTransportCache(), tokens: newTokenCache(), bodies: newBodyBudget(opts.BodyBudget)}
}

// incoming is a response as the transport stage read it.
type incoming struct {
	Status    int
	Header    http.Header
	Raw       []byte
	Truncated bool
	Size      int64
}

// Invoke runs one call through the pipeline. Inputs that break the
// interface's rules (a missing required param, a wrong type) return a
// validation error naming the param; everything that happens on the wire
// (refused, timed out, TLS, unmet condition) is a Result with its verdict.
func (e *Engine) Invoke(ctx context.Context, call *Call) (*Result, error) {
	return e.run(ctx, call)
}

// Drop forgets the cached tokens and transports of a connection, after its
// settings or accounts change.
func (e *Engine) Drop(connectionID string) {
	e.tokens.drop(connectionID)
	e.transports.drop(connectionID)
}
