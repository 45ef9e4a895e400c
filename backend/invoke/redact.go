package invoke

import (
	"encoding/base64"
	"encoding/hex"
	"html"
	"net/url"
	"slices"
	"strings"
	"unicode/utf8"

	"junction/backend/domain"
)

// Redaction: what the pipeline returns never holds a secret. The request
// record's Authorization, Proxy-Authorization and Cookie headers, and the
// header that carries an API key or an exchanged token, read "[redacted]";
// every secret value (the account's secret fields and the fields its scheme
// reads as secrets, the basic user:password pair, obtained tokens, the
// client-certificate password) is replaced by "[redacted]" wherever it
// appears in the record's URL, headers and body, in the response record,
// the redirects, the outputs, the message, the cause and the notes, in every
// form a server echoes it (see secretForms). The raw response bytes are
// dropped from the result when they hold a secret in any of these forms.
//
// Redactor is the one implementation: the call runner (service.PrepareCall)
// redacts the caller's inputs for the history with it.

var alwaysRedacted = []string{"Authorization", "Proxy-Authorization", "Cookie"}

// minDerived is the shortest secret whose base64 and hex forms are redacted:
// those of shorter ones are a few characters that ordinary text holds.
const minDerived = 6

// Redactor replaces secrets, in every form a server echoes them, with
// "[redacted]". The zero value redacts nothing; it is not safe for
// concurrent use while secrets are added.
type Redactor struct {
	forms []string
	rep   *strings.Replacer
}

// NewRedactor returns a Redactor of the given secrets ("" is ignored).
func NewRedactor(secrets ...string) *Redactor {
	r := &Redactor{}
	for _, s := range secrets {
		r.Add(s)
	}
	return r
}

// Add registers a secret in every form it may take (see secretForms).
func (r *Redactor) Add(secret string) {
	if secret == "" {
		return
	}
	for _, f := range secretForms(secret) {
		if f != "" && !slices.Contains(r.forms, f) {
			r.forms = append(r.forms, f)
			r.rep = nil
		}
	}
}

// Empty reports whether no secret is registered.
func (r *Redactor) Empty() bool { return len(r.forms) == 0 }

// String returns s with every form of every secret replaced.
func (r *Redactor) String(s string) string {
	if len(r.forms) == 0 || s == "" {
		return s
	}
	if r.rep == nil {
		// Longer forms first, so a form that contains another wins.
		forms := slices.Clone(r.forms)
		slices.SortStableFunc(forms, func(a, b string) int { return len(b) - len(a) })
		pairs := make([]string, 0, 2*len(forms))
		for _, f := range forms {
			pairs = append(pairs, f, domain.Redacted)
		}
		r.rep = strings.NewReplacer(pairs...)
	}
	return r.rep.Replace(s)
}

// Holds reports whether b contains a secret in any form.
func (r *Redactor) Holds(b []byte) bool {
	if len(r.forms) == 0 || len(b) == 0 {
		return false
	}
	// One pass of the replacer beats a search per form (there are dozens).
	s := string(b)
	return r.String(s) != s
}

// secretForms are the forms a secret takes when a server echoes it, in its
// UTF-8 bytes and in the bytes of every charset Junction knows (so that
// "view as" another charset cannot show it either):
//   - as is, and HTML/XML-escaped (&amp; &#39; ...);
//   - JSON-escaped, minimal and in the escapes servers add: \/ (PHP's
//     escaped slashes), \u0026 \u003c \u003e (Go's HTML-safe JSON), \uXXXX
//     for every non-ASCII character (PHP's default), in lower- and
//     upper-case hex;
//   - percent-encoded, space as + and as %20, path-style, in upper- and
//     lower-case hex;
//   - for secrets of minDerived bytes or more: base64 (standard and URL,
//     padded or not, also with escaped slashes and percent-encoded) and hex
//     of the bytes, lower- and upper-case.
func secretForms(secret string) []string {
	var out []string
	add := func(fs ...string) {
		for _, f := range fs {
			if f != "" && !slices.Contains(out, f) {
				out = append(out, f)
			}
		}
	}
	add(secret, string(appendXMLText(nil, secret)), html.EscapeString(secret))
	add(jsonForms(secret)...)
	encs := []string{secret}
	for _, cs := range knownCharsets {
		if enc, err := cs.encode(secret); err == nil && !slices.Contains(encs, enc) {
			encs = append(encs, enc)
		}
	}
	for _, b := range encs {
		add(b)
		add(percentForms(b)...)
		if len(b) < minDerived {
			continue
		}
		add(hex.EncodeToString([]byte(b)), strings.ToUpper(hex.EncodeToString([]byte(b))))
		for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.URLEncoding, base64.RawStdEncoding, base64.RawURLEncoding} {
			e := enc.EncodeToString([]byte(b))
			add(e, strings.ReplaceAll(e, "/", `\/`))
			add(percentForms(e)...)
		}
	}
	return out
}

var knownCharsets = []*charset{csUTF8, csGBK, csBig5, csLatin1}

// percentForms are the percent-encodings of b: query (space as + and as
// %20) and path style, each in upper- and lower-case hex.
func percentForms(b string) []string {
	q := url.QueryEscape(b)
	forms := []string{q, strings.ReplaceAll(q, "+", "%20"), url.PathEscape(b)}
	for _, f := range forms[:3] {
		forms = append(forms, lowerPercent(f))
	}
	return forms
}

// lowerPercent writes the hex digits of %XX escapes in lower case.
func lowerPercent(s string) string {
	b := []byte(s)
	for i := 0; i+2 < len(b); i++ {
		if b[i] == '%' {
			b[i+1], b[i+2] = lowerHex(b[i+1]), lowerHex(b[i+2])
			i += 2
		}
	}
	return string(b)
}

func lowerHex(c byte) byte {
	if c >= 'A' && c <= 'F' {
		return c + 'a' - 'A'
	}
	return c
}

// jsonForms are the JSON string contents (without quotes) a server may
// write for s: every combination of escaped slashes, HTML-safe escapes and
// ASCII-only output, with \u escapes in lower- and upper-case hex.
func jsonForms(s string) []string {
	var out []string
	for _, slash := range []bool{false, true} {
		for _, htmlSafe := range []bool{false, true} {
			for _, ascii := range []bool{false, true} {
				for _, upper := range []bool{false, true} {
					f := string(appendJSONEscaped(nil, s, jsonStyle{slash: slash, htmlSafe: htmlSafe, ascii: ascii, upper: upper}))
					if !slices.Contains(out, f) {
						out = append(out, f)
					}
				}
			}
		}
	}
	return out
}

// jsonStyle is how an encoder escapes a string: '/' as \/, <>& as \u
// escapes, non-ASCII as \u escapes (surrogate pairs above U+FFFF), upper-case
// hex, and invalid UTF-8 as the escape \ufffd rather than the raw U+FFFD.
// The zero value writes what encoding/json does without HTML escaping, but
// for invalid UTF-8.
type jsonStyle struct {
	slash, htmlSafe, ascii, upper, escapeInvalid bool
}

// appendJSONEscaped appends s's JSON string contents, without the quotes,
// as st escapes them.
func appendJSONEscaped(b []byte, s string, st jsonStyle) []byte {
	digits := "0123456789abcdef"
	if st.upper {
		digits = "0123456789ABCDEF"
	}
	u := func(b []byte, r rune) []byte {
		return append(b, '\\', 'u', digits[r>>12&15], digits[r>>8&15], digits[r>>4&15], digits[r&15])
	}
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		switch {
		case r == '"' || r == '\\':
			b = append(b, '\\', byte(r))
		case r == '/' && st.slash:
			b = append(b, '\\', '/')
		case r == '\n':
			b = append(b, '\\', 'n')
		case r == '\r':
			b = append(b, '\\', 'r')
		case r == '\t':
			b = append(b, '\\', 't')
		case r < 0x20, st.htmlSafe && (r == '<' || r == '>' || r == '&'), r == '\u2028' || r == '\u2029',
			r == utf8.RuneError && size == 1 && st.escapeInvalid:
			b = u(b, r)
		case r >= utf8.RuneSelf && st.ascii:
			if r > 0xFFFF {
				r -= 0x10000
				b = u(u(b, 0xD800+(r>>10)), 0xDC00+(r&0x3FF))
			} else {
				b = u(b, r)
			}
		default:
			b = utf8.AppendRune(b, r)
		}
	}
	return b
}

// redactor is a call's Redactor and the headers it blanks by name.
type redactor struct {
	Redactor
	headers []string
}

func newRedactor(authHeaders []string) *redactor {
	return &redactor{headers: append(slices.Clip(alwaysRedacted), authHeaders...)}
}

func (r *redactor) sensitiveHeader(name string) bool {
	for _, h := range r.headers {
		if strings.EqualFold(h, name) {
			return true
		}
	}
	return false
}

// apply redacts a result in place.
func (r *redactor) apply(res *Result) {
	for k, v := range res.Request.Headers {
		if r.sensitiveHeader(k) {
			res.Request.Headers[k] = domain.Redacted
		} else {
			res.Request.Headers[k] = r.String(v)
		}
	}
	r.tokenStep(res.TokenStep)
	if r.Empty() {
		return
	}
	res.Request.URL = r.String(res.Request.URL)
	res.Request.Body = r.String(res.Request.Body)
	for k, v := range res.Response.Headers {
		res.Response.Headers[k] = r.String(v)
	}
	// The raw bytes are kept only when they hold no secret and decode to
	// the body as returned, so "view as" never shows what the text hides.
	body := res.Response.Body
	res.Response.Body = r.String(body)
	if res.Response.Body != body || r.Holds(res.Response.Raw) {
		res.Response.Raw = nil
	}
	res.Message = r.String(res.Message)
	res.Cause = r.String(res.Cause)
	if res.CauseNote != nil {
		n := r.Note(*res.CauseNote)
		res.CauseNote = &n
	}
	for i, h := range res.Redirects {
		res.Redirects[i].From, res.Redirects[i].To = r.String(h.From), r.String(h.To)
	}
	for i, n := range res.Notes {
		res.Notes[i] = r.String(n)
	}
	for i, n := range res.NoteList {
		res.NoteList[i] = r.Note(n)
	}
	for k, v := range res.Outputs {
		res.Outputs[k] = r.Value(v)
	}
}

// Note returns n with every secret in its text and params replaced.
func (r *Redactor) Note(n domain.Note) domain.Note {
	out := domain.Note{Reason: n.Reason, Text: r.String(n.Text)}
	if n.Params != nil {
		out.Params = make(domain.Params, len(n.Params))
		for k, v := range n.Params {
			out.Params[k] = r.String(v)
		}
	}
	return out
}

// Value returns a copy of a JSON-like value (the caller's inputs, a call's
// outputs) with every secret in its strings replaced.
func (r *Redactor) Value(v any) any {
	switch x := v.(type) {
	case string:
		return r.String(x)
	case map[string]any:
		return r.Inputs(x)
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = r.Value(e)
		}
		return out
	}
	return v
}

// Inputs returns a redacted copy of a call's inputs.
func (r *Redactor) Inputs(m map[string]any) map[string]any {
	out := make(map[string]any, len(m))
	for k, v := range m {
		out[k] = r.Value(v)
	}
	return out
}

// tokenStep redacts a token request in place: the credential headers by
// name, every secret (the account's, the token) wherever it appears.
func (r *redactor) tokenStep(t *TokenStep) {
	if t == nil {
		return
	}
	for k, v := range t.Request.Headers {
		if r.sensitiveHeader(k) {
			t.Request.Headers[k] = domain.Redacted
		} else {
			t.Request.Headers[k] = r.String(v)
		}
	}
	t.Request.URL, t.Request.Body = r.String(t.Request.URL), r.String(t.Request.Body)
	for k, v := range t.ResponseHeaders {
		t.ResponseHeaders[k] = r.String(v)
	}
	t.ResponseBody, t.Error = r.String(t.ResponseBody), r.String(t.Error)
	if t.Note != nil {
		n := r.Note(*t.Note)
		t.Note = &n
	}
}

// AddAccountSecrets registers an account's secrets with r: its secret
// fields, the fields its auth scheme (scheme) holds secret, and the pair a
// basic Authorization header carries and its base64, which is what servers
// echo (a pair too short for the derived forms included).
func AddAccountSecrets(r *Redactor, scheme string, a *Account) {
	if a == nil {
		return
	}
	for _, f := range a.Secret {
		r.Add(a.Fields[f])
	}
	for _, f := range domain.SecretFieldsOf(scheme) {
		r.Add(a.Fields[f])
	}
	if scheme == domain.AuthBasic {
		pair := a.Fields[domain.FieldUsername] + ":" + a.Fields[domain.FieldPassword]
		r.Add(pair)
		if a.Fields[domain.FieldPassword] != "" {
			r.Add(base64.StdEncoding.EncodeToString([]byte(pair)))
		}
	}
}
