package invoke

import (
	"bytes"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/textproto"
	"net/url"
	"slices"
	"strings"

	"junction/backend/domain"
)

// userAgent is sent unless the interface sets its own User-Agent header.
const userAgent = "Junction/1"

// outgoing is a request being built: the request stage fills it, the auth
// stage adds to it, the transport stage sends it.
type outgoing struct {
	Method string
	// base is scheme://host plus the escaped path, without the query.
	base string
	// query is the encoded query string, without '?'.
	query []byte
	// Header keeps the case of the names as the interface writes them
	// (legacy servers are not always case-insensitive); the well-known
	// headers Go writes itself are canonical.
	Header http.Header
	// host overrides the Host header when the interface sets one.
	host string
	Body []byte
	// BodyText is the body as UTF-8 text, for the record.
	BodyText string
}

// url is the request URL as sent.
func (o *outgoing) url() string {
	if len(o.query) == 0 {
		return o.base
	}
	return o.base + "?" + string(o.query)
}

// pval is one top-level param's value; ok is false when it is absent.
type pval struct {
	v  any
	ok bool
}

// wellKnown are the headers whose names are sent canonical whatever case
// the interface writes, because Go writes or reads them itself.
var wellKnown = map[string]bool{
	"Host": true, "User-Agent": true, "Content-Type": true, "Content-Length": true,
	"Transfer-Encoding": true, "Authorization": true, "Accept": true, "Cookie": true,
	"Accept-Encoding": true, "Connection": true, "Trailer": true,
}

// setHeader sets a header, replacing any value under the same name in
// another case.
func setHeader(h http.Header, name, value string) {
	canon := textproto.CanonicalMIMEHeaderKey(name)
	if wellKnown[canon] {
		name = canon
	}
	for k := range h {
		if k != name && strings.EqualFold(k, name) {
			delete(h, k)
		}
	}
	h[name] = []string{value}
}

// hasHeader reports whether h holds name in any case.
func hasHeader(h http.Header, name string) bool {
	if _, ok := h[name]; ok {
		return true
	}
	for k := range h {
		if strings.EqualFold(k, name) {
			return true
		}
	}
	return false
}

// buildRequest makes the request from the plan and the param values: URL
// with escaped path params, query, headers and body, all text written in the
// connection's charset.
func buildRequest(p *plan, ci *connInfo, vals []pval) (*outgoing, error) {
	cs := ci.cs
	out := &outgoing{Method: p.method, Header: make(http.Header, 6)}

	// URL: protocol://host + basePath + path.
	var u strings.Builder
	u.Grow(len(ci.origin) + len(ci.basePath) + 32)
	u.WriteString(ci.origin)
	if err := writeLiteralPath(&u, cs, ci.basePath); err != nil {
		return nil, domain.Invalid("connection.basePath", "%v", err)
	}
	for _, part := range p.path {
		if part.param < 0 {
			if part.ascii {
				u.WriteString(part.lit)
			} else if err := writeLiteralPath(&u, cs, part.lit); err != nil {
				return nil, domain.Invalid("interface.path", "%v", err)
			}
			continue
		}
		n := p.params[part.param]
		enc, err := cs.encode(textOf(vals[part.param].v))
		if err != nil {
			return nil, domain.Invalid("inputs."+n.name, "%v", err)
		}
		u.WriteString(url.PathEscape(enc))
	}
	out.base = u.String()

	// Query, in definition order.
	for i, n := range p.params {
		if !vals[i].ok || n.in != domain.InQuery {
			continue
		}
		var err error
		if out.query, err = appendQueryValue(out.query, cs, n.name, vals[i].v); err != nil {
			return nil, domain.Invalid("inputs."+n.name, "%v", err)
		}
	}
	// Headers: the caller's inputs first, then the ones the definition
	// fixes (static, system, template), which replace an input of the same
	// name in any case: a caller must not override X-User-Id from the
	// login user.
	for _, fromInput := range []bool{true, false} {
		for i, n := range p.params {
			if !vals[i].ok || n.in != domain.InHeader || (n.kind == domain.SourceInput) != fromInput {
				continue
			}
			text := headerText(vals[i].v)
			if strings.ContainsAny(text, "\r\n") {
				return nil, domain.Invalid("inputs."+n.name, "a header value must not contain line breaks")
			}
			enc, err := cs.encode(text)
			if err != nil {
				return nil, domain.Invalid("inputs."+n.name, "%v", err)
			}
			if strings.EqualFold(n.name, "Host") {
				out.host = enc
				continue
			}
			setHeader(out.Header, n.name, enc)
		}
	}

	// Body.
	if err := buildBody(out, p, cs, vals); err != nil {
		return nil, err
	}
	if !hasHeader(out.Header, "User-Agent") {
		out.Header["User-Agent"] = []string{userAgent}
	}
	if !hasHeader(out.Header, "Accept") {
		out.Header["Accept"] = []string{"*/*"}
	}
	return out, nil
}

// writeLiteralPath writes a literal part of a path, its non-ASCII text in
// the charset and percent-encoded; '/' and characters already allowed in a
// path (and '%', taken as an escape already made) are kept.
func writeLiteralPath(b *strings.Builder, cs *charset, lit string) error {
	if isASCII(lit) {
		b.WriteString(lit)
		return nil
	}
	enc, err := cs.encode(lit)
	if err != nil {
		return err
	}
	const hex = "0123456789ABCDEF"
	for i := 0; i < len(enc); i++ {
		c := enc[i]
		if c < 0x80 && c > ' ' {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('%')
		b.WriteByte(hex[c>>4])
		b.WriteByte(hex[c&15])
	}
	return nil
}

// appendQueryValue appends name=value pairs in form encoding of the
// charset's bytes; a list repeats the name for each element, an object is
// sent as JSON text.
func appendQueryValue(b []byte, cs *charset, name string, v any) ([]byte, error) {
	if list, ok := v.([]any); ok {
		for _, e := range list {
			var err error
			if b, err = appendQueryPair(b, cs, name, textOf(e)); err != nil {
				return nil, err
			}
		}
		return b, nil
	}
	return appendQueryPair(b, cs, name, textOf(v))
}

func appendQueryPair(b []byte, cs *charset, name, value string) ([]byte, error) {
	encName, err := cs.encode(name)
	if err != nil {
		return nil, err
	}
	encValue, err := cs.encode(value)
	if err != nil {
		return nil, err
	}
	if len(b) > 0 {
		b = append(b, '&')
	}
	b = append(b, url.QueryEscape(encName)...)
	b = append(b, '=')
	return append(b, url.QueryEscape(encValue)...), nil
}

func headerText(v any) string {
	if list, ok := v.([]any); ok {
		parts := make([]string, len(list))
		for i, e := range list {
			parts[i] = textOf(e)
		}
		return strings.Join(parts, ", ")
	}
	return textOf(v)
}

// buildBody writes the body params as the interface's body type.
func buildBody(out *outgoing, p *plan, cs *charset, vals []pval) error {
	var text []byte
	var ctype string
	switch p.bodyType {
	case "none":
		return nil
	case "json":
		text = appendBodyJSON(nil, p, vals)
		ctype = "application/json; charset=" + cs.name
	case "form":
		for i, n := range p.params {
			if n.in != domain.InBody || !vals[i].ok {
				continue
			}
			var err error
			if text, err = appendQueryValue(text, cs, n.name, vals[i].v); err != nil {
				return domain.Invalid("inputs."+n.name, "%v", err)
			}
		}
		out.Body = text
		out.BodyText = string(text)
		setContentType(out, "application/x-www-form-urlencoded; charset="+cs.name, false)
		return nil
	case "multipart":
		var buf bytes.Buffer
		w := multipart.NewWriter(&buf)
		for i, n := range p.params {
			if n.in != domain.InBody || !vals[i].ok {
				continue
			}
			items := []any{vals[i].v}
			if list, ok := vals[i].v.([]any); ok {
				items = list
			}
			for _, item := range items {
				name, err := cs.encode(n.name)
				if err != nil {
					return domain.Invalid("inputs."+n.name, "%v", err)
				}
				value, err := cs.encode(textOf(item))
				if err != nil {
					return domain.Invalid("inputs."+n.name, "%v", err)
				}
				if err := w.WriteField(name, value); err != nil {
					return err
				}
			}
		}
		if err := w.Close(); err != nil {
			return err
		}
		out.Body = buf.Bytes()
		out.BodyText = cs.decode(out.Body)
		setContentType(out, w.FormDataContentType(), true)
		return nil
	case "text":
		for i, n := range p.params {
			if n.in == domain.InBody && vals[i].ok {
				text = append(text, textOf(vals[i].v)...)
			}
		}
		ctype = "text/plain; charset=" + cs.name
	case "xml":
		text = appendBodyXML(nil, p, cs, vals)
		ctype = "application/xml; charset=" + cs.name
	}
	out.BodyText = string(text)
	enc, err := cs.encode(out.BodyText)
	if err != nil {
		return domain.Invalid(unencodableParam(p, cs, vals), "%v", err)
	}
	out.Body = []byte(enc)
	setContentType(out, ctype, false)
	return nil
}

// setContentType sets the body's Content-Type unless the interface sets its
// own (always for multipart, whose boundary only the writer knows).
func setContentType(out *outgoing, ctype string, force bool) {
	if force || !hasHeader(out.Header, "Content-Type") {
		setHeader(out.Header, "Content-Type", ctype)
	}
}

// unencodableParam names the first body param holding text the charset
// cannot write ("inputs.user.name").
func unencodableParam(p *plan, cs *charset, vals []pval) string {
	var find func(v any, field string) string
	find = func(v any, field string) string {
		switch x := v.(type) {
		case string:
			if _, err := cs.encode(x); err != nil {
				return field
			}
		case map[string]any:
			for k, e := range x {
				if _, err := cs.encode(k); err != nil {
					return field
				}
				if f := find(e, field+"."+k); f != "" {
					return f
				}
			}
		case []any:
			for i, e := range x {
				if f := find(e, fmt.Sprintf("%s[%d]", field, i)); f != "" {
					return f
				}
			}
		}
		return ""
	}
	for i, n := range p.params {
		if n.in != domain.InBody || !vals[i].ok {
			continue
		}
		if _, err := cs.encode(n.name); err != nil {
			return "inputs." + n.name
		}
		if f := find(vals[i].v, "inputs."+n.name); f != "" {
			return f
		}
	}
	return "inputs"
}

// appendBodyJSON writes the top-level body params as one JSON object, keys
// in definition order, integers as integers.
func appendBodyJSON(b []byte, p *plan, vals []pval) []byte {
	b = append(b, '{')
	first := true
	for i, n := range p.params {
		if n.in != domain.InBody || !vals[i].ok {
			continue
		}
		b = appendMemberName(b, first, n.name)
		first = false
		b = appendParamJSON(b, n, vals[i].v)
	}
	return append(b, '}')
}

// appendParamJSON writes a value built from a param: objects with children
// in the children's order, everything else as appendJSON does.
func appendParamJSON(b []byte, n *paramNode, v any) []byte {
	if len(n.children) == 0 {
		return appendJSON(b, v)
	}
	switch x := v.(type) {
	case []any:
		b = append(b, '[')
		for i, e := range x {
			if i > 0 {
				b = append(b, ',')
			}
			if m, ok := e.(map[string]any); ok {
				b = appendFieldsJSON(b, n.children, m)
			} else {
				b = appendJSON(b, e)
			}
		}
		return append(b, ']')
	case map[string]any:
		return appendFieldsJSON(b, n.children, x)
	}
	return appendJSON(b, v)
}

func appendFieldsJSON(b []byte, children []*paramNode, m map[string]any) []byte {
	b = append(b, '{')
	first := true
	for _, c := range children {
		cv, ok := m[c.name]
		if !ok {
			continue
		}
		b = appendMemberName(b, first, c.name)
		first = false
		b = appendParamJSON(b, c, cv)
	}
	return append(b, '}')
}

// appendMemberName starts an object member: a comma unless it is the
// first, then the quoted name and the colon.
func appendMemberName(b []byte, first bool, name string) []byte {
	if !first {
		b = append(b, ',')
	}
	b = appendJSONString(b, name)
	return append(b, ':')
}

// appendBodyXML writes the body params as a simple element tree: the root
// element is the single top-level object param when there is exactly one
// body param and it is an object, <request> otherwise; a list repeats its
// element for each item.
func appendBodyXML(b []byte, p *plan, cs *charset, vals []pval) []byte {
	b = append(b, `<?xml version="1.0" encoding="`...)
	b = append(b, cs.name...)
	b = append(b, `"?>`...)
	var body, defined []int
	for i, n := range p.params {
		if n.in == domain.InBody {
			defined = append(defined, i)
			if vals[i].ok {
				body = append(body, i)
			}
		}
	}
	if len(defined) == 1 && p.params[defined[0]].typ == "object" {
		i := defined[0]
		return appendXMLElement(b, p.params[i].name, p.params[i], vals[i].v)
	}
	b = append(b, "<request>"...)
	for _, i := range body {
		b = appendXMLElement(b, p.params[i].name, p.params[i], vals[i].v)
	}
	return append(b, "</request>"...)
}

func appendXMLElement(b []byte, name string, n *paramNode, v any) []byte {
	switch x := v.(type) {
	case []any:
		for _, e := range x {
			b = appendXMLElement(b, name, n, e)
		}
		return b
	case nil:
		b = append(b, '<')
		b = append(b, name...)
		return append(b, "/>"...)
	}
	b = append(b, '<')
	b = append(b, name...)
	b = append(b, '>')
	if m, ok := v.(map[string]any); ok {
		if n != nil && len(n.children) > 0 {
			for _, c := range n.children {
				if cv, ok := m[c.name]; ok {
					b = appendXMLElement(b, c.name, c, cv)
				}
			}
		} else {
			keys := make([]string, 0, len(m))
			for k := range m {
				keys = append(keys, k)
			}
			slices.Sort(keys)
			for _, k := range keys {
				b = appendXMLElement(b, k, nil, m[k])
			}
		}
	} else {
		b = appendXMLText(b, textOf(v))
	}
	b = append(b, "</"...)
	b = append(b, name...)
	return append(b, '>')
}

func appendXMLText(b []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '&':
			b = append(b, "&amp;"...)
		case '<':
			b = append(b, "&lt;"...)
		case '>':
			b = append(b, "&gt;"...)
		case '"':
			b = append(b, "&quot;"...)
		case '\'':
			b = append(b, "&apos;"...)
		default:
			b = append(b, c)
		}
	}
	return b
}
