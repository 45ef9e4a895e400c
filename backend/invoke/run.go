package invoke

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/tidwall/gjson"

	"junction/backend/domain"
)

// connInfo is a connection read for one call, with its defaults applied
// (the caller's Connection is never modified).
type connInfo struct {
	id           string
	protocol     string
	host         string
	origin       string // protocol://host
	basePath     string // "" or "/a/b"
	cs           *charset
	connectTO    time.Duration
	responseTO   time.Duration
	tls          domain.TLSOptions
	certPassword string
	proxy        string
	auth         domain.Auth
}

func newConnInfo(c *domain.Connection, certPassword string) (*connInfo, error) {
	ci := &connInfo{
		id:           c.ID,
		protocol:     strings.ToLower(strings.TrimSpace(c.Protocol)),
		host:         strings.TrimSpace(c.Host),
		certPassword: certPassword,
		proxy:        strings.TrimSpace(c.Proxy),
		auth:         c.Auth,
		connectTO:    seconds(c.ConnectTimeoutSec),
		responseTO:   seconds(c.ResponseTimeoutSec),
	}
	switch ci.protocol {
	case "http":
	case "https":
		ci.tls = c.TLS
	default:
		return nil, domain.Invalid("connection.protocol", "%q is not http or https", c.Protocol)
	}
	if ci.host == "" {
		return nil, domain.Invalid("connection.host", "is required")
	}
	cs, err := lookupCharset(c.Charset)
	if err != nil {
		return nil, domain.Prefix("connection", err)
	}
	ci.cs = cs
	ci.origin = ci.protocol + "://" + ci.host
	if bp := strings.TrimRight(strings.TrimSpace(c.BasePath), "/"); bp != "" {
		if !strings.HasPrefix(bp, "/") {
			bp = "/" + bp
		}
		ci.basePath = bp
	}
	if ci.auth.Type == "" {
		ci.auth.Type = domain.AuthNone
	}
	return ci, nil
}

func seconds(n int) time.Duration {
	if n <= 0 {
		n = 60
	}
	return time.Duration(n) * time.Second
}

// call is the state of one invocation.
type call struct {
	p     *plan
	ci    *connInfo
	ec    *evalCtx
	red   *redactor
	res   *Result
	start time.Time
	out   *outgoing // the request as sent, for record
	in    *incoming // the answer, nil without one: record flattens its headers
}

// run makes the call and answers its whole, redacted result.
func (e *Engine) run(ctx context.Context, c *Call) (*Result, error) {
	if c == nil || c.Interface == nil {
		return nil, domain.Invalid("interface", "is required")
	}
	ci, err := connectionOf(c)
	if err != nil {
		return nil, err
	}
	k, err := e.exec(ctx, c, ci)
	if err != nil {
		return nil, err
	}
	return k.record(), nil
}

// connectionOf reads c's connection and checks its account against it: once
// per call, or once for all the calls of a Repeat (it never changes).
func connectionOf(c *Call) (*connInfo, error) {
	ci, err := newConnInfo(&c.Connection, c.CertPassword)
	if err != nil {
		return nil, err
	}
	if err := checkAccount(ci, c.Account); err != nil {
		return nil, err
	}
	return ci, nil
}

// exec makes the call c (its interface set) over ci, connectionOf(c), and
// judges the answer: the result has its verdict, outputs, messages and
// timing, but neither the record of the request nor redaction until record
// runs. Repeat records only the sample it keeps.
func (e *Engine) exec(ctx context.Context, c *Call, ci *connInfo) (*call, error) {
	start := time.Now()
	p, err := e.plan(c.Interface)
	if err != nil {
		return nil, err
	}
	var spec *exchangeSpec
	if ci.auth.Type == domain.AuthTokenExchange {
		if spec, err = e.tokens.spec(ci.auth.TokenExchange); err != nil {
			return nil, err
		}
	}

	// inputs
	ec := &evalCtx{inputs: c.Inputs, sys: &sysFields{sys: c.System, now: e.opts.Now()}, steps: c.Steps}
	if c.Account != nil {
		ec.account = c.Account.Fields
	}
	rs := resolver{ctx: ec}
	vals := make([]pval, len(p.params))
	ec.request = make(map[string]any, len(p.params))
	for i, n := range p.params {
		v, ok, err := rs.resolve(n, c.Inputs, "inputs."+n.name)
		if err != nil {
			return nil, err
		}
		vals[i] = pval{v: v, ok: ok}
		if ok {
			ec.request[n.name] = v
		}
	}

	// request
	out, err := buildRequest(p, ci, vals)
	if err != nil {
		return nil, err
	}
	k := &call{p: p, ci: ci, ec: ec, start: start,
		red: newRedactor(authHeaders(ci)),
		res: newResult(p.notes),
	}
	AddAccountSecrets(&k.red.Redactor, ci.auth.Type, c.Account)
	k.red.Add(c.CertPassword)
	if spec == nil {
		if err := applyAuth(out, ci, c.Account, ""); err != nil {
			return nil, err
		}
		k.redactHeaders(out)
	}

	// transport
	tre, f := e.transports.get(ci)
	if f != nil {
		k.res.NotSent = true
		return k.failed(out, Timing{}, f), nil
	}
	var (
		tokKey string
		tok    *tokenEntry
	)
	// The body's budget is held until the call ends (decode, extract and
	// redact copy it); a retry gives back the first answer's.
	lease := &bodyLease{b: e.bodies}
	defer lease.release()
	for attempt := 0; ; attempt++ {
		lease.release() // a retry holds nothing of the first answer while it waits
		if spec != nil {
			if tokKey == "" {
				tokKey = tokenKey(ci, c.Account, spec)
			}
			var fetched bool
			// The fetch may outlive this call (it is shared): give it its own context.
			sys := *ec.sys
			tec := &evalCtx{account: ec.account, sys: &sys}
			var step *TokenStep
			tok, step, fetched, f = e.tokens.get(ctx, e.opts.Now, tokKey, func(fctx context.Context) (*tokenEntry, *TokenStep, *failure) {
				return fetchToken(fctx, e.opts.Now(), ci, tre, spec, tec, e.bodies)
			})
			if step != nil {
				k.res.TokenStep = step
			}
			if f != nil {
				k.res.NotSent = true
				return k.failed(out, Timing{}, f), nil
			}
			k.red.Add(tok.token)
			if fetched {
				k.res.addNote(domain.NoteOf(domain.RNoteTokenNew, "a new token was obtained"))
			}
			if err := applyAuth(out, ci, c.Account, tok.token); err != nil {
				return nil, err
			}
			k.redactHeaders(out)
		}
		g := callGuard(ci)
		in, timing, f := send(ctx, tre, ci, out, e.BodyCap(), g, lease)
		k.res.Redirects = g.hops
		k.res.addNote(g.notes()...)
		if f != nil {
			return k.failed(out, timing, f), nil
		}
		rec, text, note := decodeResponse(in, ci.cs)
		ec.status, ec.header, ec.body = in.Status, in.Header, text
		ec.bodyJSON = isJSON(text)
		if spec != nil && attempt == 0 {
			var dead domain.Note
			switch {
			case in.Status == http.StatusUnauthorized:
				dead = domain.NoteOf(domain.RNoteTokenRefused401, "the token was refused (the system answered HTTP 401); a new one was obtained and the call retried once")
			case spec.refreshWhen != nil && spec.refreshWhen.eval(ec):
				dead = domain.NoteOf(domain.RNoteTokenRefusedWhen, "the token was refused (the answer met the token's refreshWhen condition); a new one was obtained and the call retried once")
			}
			if dead.Reason != "" {
				e.tokens.invalidate(tokKey, tok.token)
				k.res.addNote(dead)
				continue
			}
		}
		if note != nil {
			k.res.addNote(*note)
		}
		return k.answered(out, in, rec, timing), nil
	}
}

// redactHeaders registers the credential headers' values as secrets, so
// that an echo of them (a base64 basic pair, "Bearer x") is redacted too.
func (k *call) redactHeaders(out *outgoing) {
	for name, vals := range out.Header {
		if !k.red.sensitiveHeader(name) {
			continue
		}
		for _, v := range vals {
			k.red.Add(v)
			if _, cred, ok := strings.Cut(v, " "); ok && len(cred) >= 8 {
				k.red.Add(cred)
			}
		}
	}
}

// isJSON reports whether a body is a JSON document (objects and arrays
// only: a bare number or string is not an answer to read outputs from).
func isJSON(s string) bool {
	t := strings.TrimLeft(s, " \t\r\n")
	if t == "" || (t[0] != '{' && t[0] != '[') {
		return false
	}
	return gjson.Valid(s)
}

// answered finishes a call that got an answer: extract, judge, message.
func (k *call) answered(out *outgoing, in *incoming, rec ResponseRecord, timing Timing) *call {
	res, ec := k.res, k.ec
	res.Status = in.Status
	res.Response, k.in = rec, in
	if ec.bodyJSON {
		x := extractor{}
		res.Outputs = x.extract(k.p.response, ec.body)
		res.addNote(x.notes...)
	} else if len(k.p.response) > 0 || strings.TrimSpace(ec.body) != "" {
		if in.Truncated {
			res.addNote(domain.NoteOf(domain.RNoteCutNotJSON, "the response was cut at the body cap and is not whole JSON; no outputs extracted"))
		} else {
			res.addNote(domain.NoteOf(domain.RNoteNotJSON, "the response is not JSON; no outputs extracted"))
		}
	}
	ec.outputs = res.Outputs
	if k.p.success.eval(ec) {
		res.Verdict, res.OK = VerdictOK, true
		res.Message, res.DefaultMessage = fmt.Sprintf("The call succeeded (HTTP %d)", in.Status), true
	} else {
		res.Verdict = VerdictUnmet
		why := k.p.success.explain(ec)
		res.Cause, res.CauseNote = why.Text, &why
		ec.cause = res.Cause
		if k.p.msgUnmet != nil {
			res.Message = k.p.msgUnmet.text(ec)
		} else {
			res.Message, res.DefaultMessage = fmt.Sprintf("The call answered but the success condition did not hold (HTTP %d): %s", in.Status, res.Cause), true
		}
	}
	return k.finish(out, timing)
}

// failed finishes a call that got no answer: verdict timeout or error.
func (k *call) failed(out *outgoing, timing Timing, f *failure) *call {
	res, ec := k.res, k.ec
	res.Verdict, res.Cause, res.CauseNote = f.verdict, f.cause, f.note
	ec.cause = f.cause
	switch f.verdict {
	case VerdictTimeout:
		if k.p.msgTimeout != nil {
			res.Message = k.p.msgTimeout.text(ec)
		} else {
			res.Message, res.DefaultMessage = "The system did not answer in time: "+f.cause, true
		}
	default:
		if k.p.msgError != nil {
			res.Message = k.p.msgError.text(ec)
		} else {
			res.Message, res.DefaultMessage = "The call could not be completed: "+f.cause, true
		}
	}
	res.Response = ResponseRecord{Headers: map[string]string{}, Charset: k.ci.cs.name}
	return k.finish(out, timing)
}

// finish stops the call's clock; record does the rest.
func (k *call) finish(out *outgoing, timing Timing) *call {
	timing.TotalMs = ms(time.Since(k.start))
	k.res.Timing, k.out = timing, out
	return k
}

// record adds the request as sent and redacts the result.
func (k *call) record() *Result {
	res, out := k.res, k.out
	if res.Outputs == nil {
		res.Outputs = map[string]any{}
	}
	res.Request = RequestRecord{
		Method:  out.Method,
		URL:     out.url(),
		Headers: flatHeaders(out.Header),
		Body:    out.BodyText,
	}
	if out.host != "" {
		res.Request.Headers["Host"] = out.host
	}
	if k.in != nil {
		res.Response.Headers = flatHeaders(k.in.Header)
	}
	if res.Notes == nil {
		res.Notes, res.NoteList = []string{}, []domain.Note{}
	}
	if res.Redirects == nil {
		res.Redirects = []Redirect{}
	}
	k.red.apply(res)
	return res
}
