package invoke

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/tidwall/gjson"
	"golang.org/x/sync/singleflight"

	"junction/backend/domain"
)

// Token exchange.
//
// A token is cached per connection ID + account name + a hash of the
// exchange settings, the connection's base URL and the account's field
// values, so that changed settings or credentials never reuse an old token.
// Concurrent callers that find no usable token share one fetch
// (golang.org/x/sync/singleflight). Expiry: the answer's expiresInPath (seconds, a number or
// a numeric string) when present and positive, else ttlSec when set, else
// one hour (defaultTokenTTL). A token is refreshed ahead of its expiry: it
// is not used any more once less than a tenth of its lifetime, and at most
// 30 seconds, remains. When an answer says the token is dead (HTTP 401, or
// the exchange's refreshWhen condition holds) the token is dropped, one new
// token is fetched and the call is retried once.

// defaultTokenTTL is a token's lifetime when neither the answer nor the
// settings say.
const defaultTokenTTL = time.Hour

// maxRefreshMargin bounds how long before its expiry a token is refreshed.
const maxRefreshMargin = 30 * time.Second

// tokenBodyCap is the most of a token answer read.
const tokenBodyCap = 1 << 20

type tokenEntry struct {
	token    string
	obtained time.Time
	expires  time.Time
}

// usable reports whether the token may still be used at now.
func (t *tokenEntry) usable(now time.Time) bool {
	margin := min(t.expires.Sub(t.obtained)/10, maxRefreshMargin)
	return now.Before(t.expires.Add(-margin))
}

type tokenCache struct {
	mu      sync.Mutex
	entries map[string]*tokenEntry // guarded by mu
	group   singleflight.Group     // one fetch per key for all concurrent callers
	specs   sync.Map               // settings hash -> *exchangeSpec
	fetches atomic.Int64
}

func newTokenCache() *tokenCache {
	return &tokenCache{entries: map[string]*tokenEntry{}}
}

// drop forgets the tokens of a connection.
func (c *tokenCache) drop(connectionID string) {
	prefix := connectionID + "\x00"
	c.mu.Lock()
	defer c.mu.Unlock()
	for k := range c.entries {
		if strings.HasPrefix(k, prefix) {
			delete(c.entries, k)
		}
	}
}

// invalidate drops the cached token of key when it is still dead: callers
// that saw the same dead token cause one refresh, not one each.
func (c *tokenCache) invalidate(key, dead string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if e := c.entries[key]; e != nil && e.token == dead {
		delete(c.entries, key)
	}
}

// fetchResult is what one shared flight hands its callers: the token, and
// the step of the token request when the flight made one.
type fetchResult struct {
	entry   *tokenEntry
	step    *TokenStep
	fetched bool
}

// TokenStep is a token request as a call or a connection check made it,
// before redaction: what was sent, what came back, how long it took and
// what was read from the answer. A call carries it when it fetched a token
// (Result.TokenStep), a check always (ProbeResult.Token).
type TokenStep struct {
	Request RequestRecord `json:"request"`
	// Status is the answer's HTTP status, 0 when none came.
	Status          int               `json:"status"`
	ResponseHeaders map[string]string `json:"responseHeaders"`
	// ResponseBody is the answer decoded with the connection's charset.
	ResponseBody string  `json:"responseBody"`
	Ms           float64 `json:"ms"`
	// TokenPath is where the token is read; TokenFound says a token was there.
	TokenPath  string `json:"tokenPath"`
	TokenFound bool   `json:"tokenFound"`
	// ExpiresInSec is the token's lifetime, ExpiresFrom where it came from:
	// "answer" (expiresInPath), "ttl" (the ttlSec setting) or "default" (one hour).
	ExpiresInSec float64 `json:"expiresInSec"`
	ExpiresFrom  string  `json:"expiresFrom"`
	// Error says why the token request failed; empty when a token came.
	Error string `json:"error,omitempty"`
	// Note is Error with its reason and params, for the UI's language.
	Note *domain.Note `json:"note,omitempty"`
}

// clone copies a step, so that each caller of a shared fetch redacts its own.
func (t *TokenStep) clone() *TokenStep {
	if t == nil {
		return nil
	}
	c := *t
	c.Request.Headers = maps.Clone(t.Request.Headers)
	c.ResponseHeaders = maps.Clone(t.ResponseHeaders)
	return &c
}

func (c *tokenCache) usable(key string, now time.Time) *tokenEntry {
	c.mu.Lock()
	defer c.mu.Unlock()
	if e := c.entries[key]; e != nil && e.usable(now) {
		return e
	}
	return nil
}

// get returns a usable token for key, fetching one (once for all concurrent
// callers) when the cache has none. fetched says whether this call waited
// on a fetch; step is that fetch's token request (a copy of its own), also
// when it failed.
func (c *tokenCache) get(ctx context.Context, now func() time.Time, key string, fetch func(context.Context) (*tokenEntry, *TokenStep, *failure)) (*tokenEntry, *TokenStep, bool, *failure) {
	if e := c.usable(key, now()); e != nil {
		return e, nil, false, nil
	}
	ch := c.group.DoChan(key, func() (any, error) {
		// A fetch that finished between the check above and this flight
		// already left a token: use it rather than fetch twice.
		if e := c.usable(key, now()); e != nil {
			return fetchResult{entry: e}, nil
		}
		c.fetches.Add(1)
		// One caller's cancellation must not fail the others' shared fetch.
		e, step, f := fetch(context.WithoutCancel(ctx))
		if f != nil {
			return fetchResult{step: step}, f
		}
		c.mu.Lock()
		c.entries[key] = e
		c.mu.Unlock()
		return fetchResult{entry: e, step: step, fetched: true}, nil
	})
	select {
	case r := <-ch:
		res, _ := r.Val.(fetchResult)
		if r.Err != nil {
			return nil, res.step.clone(), false, r.Err.(*failure)
		}
		return res.entry, res.step.clone(), res.fetched, nil
	case <-ctx.Done():
		return nil, nil, false, fail(VerdictError, domain.RCallCancelledToken, "the call was cancelled while waiting for a token")
	}
}

func (f *failure) Error() string { return f.cause }

// exchangeSpec is a compiled token exchange.
type exchangeSpec struct {
	hash        string
	method      string
	url         *template
	absolute    bool
	bodyType    string
	body        any // the body with every string compiled as a template
	headers     []headerTemplate
	tokenPath   string
	expiresPath string
	ttl         time.Duration
	ttlDefault  bool // ttl is defaultTokenTTL: the settings give none
	refreshWhen *cond
	inject      domain.TokenInject
}

type headerTemplate struct {
	name string
	t    *template
}

// spec returns the compiled exchange of a connection, cached by a hash of
// its settings.
func (c *tokenCache) spec(te *domain.TokenExchange) (*exchangeSpec, error) {
	raw, err := json.Marshal(te)
	if err != nil {
		return nil, err
	}
	sum := sha256.Sum256(raw)
	hash := hex.EncodeToString(sum[:12])
	if v, ok := c.specs.Load(hash); ok {
		return v.(*exchangeSpec), nil
	}
	s, err := compileExchange(te)
	if err != nil {
		return nil, domain.Prefix("connection.auth.tokenExchange", err)
	}
	s.hash = hash
	c.specs.Store(hash, s)
	return s, nil
}

func compileExchange(te *domain.TokenExchange) (*exchangeSpec, error) {
	s := &exchangeSpec{
		method:      strings.ToUpper(strings.TrimSpace(te.Method)),
		bodyType:    te.BodyType,
		tokenPath:   te.TokenPath,
		expiresPath: te.ExpiresInPath,
		ttl:         time.Duration(te.TTLSec) * time.Second,
		inject:      te.Inject,
	}
	if s.method == "" {
		s.method = http.MethodPost
	}
	if s.bodyType == "" {
		s.bodyType = "json"
	}
	if s.inject.In == "" {
		s.inject.In = domain.InHeader
	}
	if s.ttl <= 0 {
		s.ttl, s.ttlDefault = defaultTokenTTL, true
	}
	u := strings.TrimSpace(te.URL)
	s.absolute = strings.HasPrefix(u, "http://") || strings.HasPrefix(u, "https://")
	var err error
	if s.url, err = compileTemplate(u); err != nil {
		return nil, domain.Invalid("url", "%v", err)
	}
	if s.body, err = compileTree(te.Body); err != nil {
		return nil, domain.Invalid("body", "%v", err)
	}
	names := make([]string, 0, len(te.Headers))
	for name := range te.Headers {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		t, err := compileTemplate(te.Headers[name])
		if err != nil {
			return nil, domain.Invalid("headers."+name, "%v", err)
		}
		s.headers = append(s.headers, headerTemplate{name: name, t: t})
	}
	if te.RefreshWhen != nil {
		if s.refreshWhen, err = compileCond(te.RefreshWhen, "refreshWhen"); err != nil {
			return nil, err
		}
	}
	return s, nil
}

// compileTree compiles every string of a JSON-like value as a template.
func compileTree(v any) (any, error) {
	switch x := v.(type) {
	case string:
		return compileTemplate(x)
	case map[string]any:
		m := make(map[string]any, len(x))
		for k, e := range x {
			c, err := compileTree(e)
			if err != nil {
				return nil, fmt.Errorf("%s: %w", k, err)
			}
			m[k] = c
		}
		return m, nil
	case []any:
		l := make([]any, len(x))
		for i, e := range x {
			c, err := compileTree(e)
			if err != nil {
				return nil, err
			}
			l[i] = c
		}
		return l, nil
	}
	return v, nil
}

func renderTree(v any, c *evalCtx) any {
	switch x := v.(type) {
	case *template:
		return x.value(c)
	case map[string]any:
		m := make(map[string]any, len(x))
		for k, e := range x {
			m[k] = renderTree(e, c)
		}
		return m
	case []any:
		l := make([]any, len(x))
		for i, e := range x {
			l[i] = renderTree(e, c)
		}
		return l
	}
	return normalize(v)
}

// tokenKey is the cache key of an account's token.
func tokenKey(ci *connInfo, acct *Account, s *exchangeSpec) string {
	h := sha256.New()
	h.Write([]byte(ci.origin + ci.basePath + "\x00"))
	if acct != nil {
		names := make([]string, 0, len(acct.Fields))
		for k := range acct.Fields {
			names = append(names, k)
		}
		slices.Sort(names)
		for _, k := range names {
			h.Write([]byte(k + "\x00" + acct.Fields[k] + "\x00"))
		}
	}
	name := ""
	if acct != nil {
		name = acct.Name
	}
	return ci.id + "\x00" + name + "\x00" + s.hash + "\x00" + hex.EncodeToString(h.Sum(nil)[:12])
}

// renderURL renders the token URL; each placeholder's value is written in
// the charset and percent-encoded (query form), so templates can fill query
// params such as ?corpsecret={{account.corpSecret}}.
func renderURL(t *template, c *evalCtx, cs *charset) (string, error) {
	var b strings.Builder
	for i, r := range t.refs {
		b.WriteString(t.lits[i])
		enc, err := cs.encode(textOf(c.lookup(r)))
		if err != nil {
			return "", err
		}
		b.WriteString(url.QueryEscape(enc))
	}
	b.WriteString(t.lits[len(t.lits)-1])
	return b.String(), nil
}

// fetchToken makes the token request over the connection's transport and
// reads the token and its lifetime from the answer. The step records the
// request as far as it got, unredacted: the caller redacts it.
func fetchToken(ctx context.Context, now time.Time, ci *connInfo, tre *transportEntry, s *exchangeSpec, ec *evalCtx, budget *bodyBudget) (*tokenEntry, *TokenStep, *failure) {
	step := &TokenStep{TokenPath: s.tokenPath, Request: RequestRecord{Method: s.method, Headers: map[string]string{}}, ResponseHeaders: map[string]string{}}
	failed := func(f *failure) (*tokenEntry, *TokenStep, *failure) {
		step.Error, step.Note = f.cause, f.note
		return nil, step, f
	}
	u, err := renderURL(s.url, ec, ci.cs)
	if err != nil {
		return failed(fail(VerdictError, domain.RTokenURL, "the token request could not be made: its URL: %s", "detail", err.Error()))
	}
	if !s.absolute {
		if !strings.HasPrefix(u, "/") {
			u = "/" + u
		}
		u = ci.origin + ci.basePath + u
	}
	out := &outgoing{Method: s.method, Header: make(http.Header, 4)}
	out.base, _, _ = strings.Cut(u, "?")
	if _, q, ok := strings.Cut(u, "?"); ok {
		out.query = []byte(q)
	}
	for _, h := range s.headers {
		v, err := ci.cs.encode(h.t.text(ec))
		if err != nil {
			return failed(fail(VerdictError, domain.RTokenHeader, "the token request could not be made: header %s: %s", "name", h.name, "detail", err.Error()))
		}
		setHeader(out.Header, h.name, v)
	}
	body, _ := renderTree(s.body, ec).(map[string]any)
	keys := make([]string, 0, len(body))
	for k := range body {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	switch {
	case len(body) == 0:
	case s.method == http.MethodGet || s.method == http.MethodHead || s.bodyType == "none":
		// A GET token request carries its fields in the query.
		for _, k := range keys {
			if out.query, err = appendQueryValue(out.query, ci.cs, k, body[k]); err != nil {
				return failed(fail(VerdictError, domain.RTokenField, "the token request could not be made: %s: %s", "field", k, "detail", err.Error()))
			}
		}
	case s.bodyType == "form":
		var form []byte
		for _, k := range keys {
			if form, err = appendQueryValue(form, ci.cs, k, body[k]); err != nil {
				return failed(fail(VerdictError, domain.RTokenField, "the token request could not be made: %s: %s", "field", k, "detail", err.Error()))
			}
		}
		out.Body = form
		setContentType(out, "application/x-www-form-urlencoded; charset="+ci.cs.name, false)
	default: // json
		enc, err := ci.cs.encode(string(appendJSON(nil, body)))
		if err != nil {
			return failed(fail(VerdictError, domain.RTokenBody, "the token request could not be made: %s", "detail", err.Error()))
		}
		out.Body = []byte(enc)
		setContentType(out, "application/json; charset="+ci.cs.name, false)
	}
	if !hasHeader(out.Header, "User-Agent") {
		out.Header["User-Agent"] = []string{userAgent}
	}
	where := s.method + " " + out.base
	g := &redirectGuard{cs: ci.cs, noBodyResend: true}
	for _, h := range s.headers {
		g.headers = append(g.headers, h.name)
	}
	lease := &bodyLease{b: budget}
	defer lease.release()
	step.Request.URL, step.Request.Body = out.url(), ci.cs.decode(out.Body)
	step.Request.Headers = flatHeaders(out.Header)
	started := time.Now()
	in, _, f := send(ctx, tre, ci, out, tokenBodyCap, g, lease)
	step.Ms = ms(time.Since(started))
	if f != nil {
		n := domain.Notef(domain.RTokenSendFailed, "the token request (%s) failed: %s", "where", where, "detail", f.cause)
		if f.note != nil {
			n.Params = n.Params.Nest("detail", *f.note)
		}
		return failed(noteFailure(VerdictError, n))
	}
	text := ci.cs.decode(in.Raw)
	step.Status, step.ResponseHeaders, step.ResponseBody = in.Status, flatHeaders(in.Header), text
	if in.Status < 200 || in.Status > 299 {
		return failed(fail(VerdictError, domain.RTokenStatus, "the token request (%s) failed: HTTP %s: %s", "where", where, "status", strconv.Itoa(in.Status), "excerpt", excerpt(text)))
	}
	tok := gjson.Get(text, s.tokenPath)
	if !tok.Exists() || tok.String() == "" || tok.IsObject() || tok.IsArray() {
		return failed(fail(VerdictError, domain.RTokenMissing, "the token request (%s) failed: it answered HTTP %s without a token at %s: %s", "where", where, "status", strconv.Itoa(in.Status), "path", s.tokenPath, "excerpt", excerpt(text)))
	}
	step.TokenFound = true
	ttl, from := s.ttl, "ttl"
	if s.ttlDefault {
		from = "default"
	}
	if s.expiresPath != "" {
		if r := gjson.Get(text, s.expiresPath); r.Exists() {
			if secs, err := strconv.ParseFloat(strings.TrimSpace(r.String()), 64); err == nil && secs > 0 {
				ttl, from = time.Duration(secs*float64(time.Second)), "answer"
			}
		}
	}
	step.ExpiresInSec, step.ExpiresFrom = ttl.Seconds(), from
	return &tokenEntry{token: tok.String(), obtained: now, expires: now.Add(ttl)}, step, nil
}

// excerpt is the start of a body for a message.
func excerpt(s string) string {
	s = strings.TrimSpace(s)
	if s == "" {
		return "(empty body)"
	}
	const max = 300
	if len(s) > max {
		cut := max
		for cut > 0 && !utf8Start(s[cut]) {
			cut--
		}
		s = s[:cut] + "…"
	}
	return s
}

func utf8Start(b byte) bool { return b&0xC0 != 0x80 }
