package invoke

import (
	"net/url"
	"slices"
	"strings"

	"junction/backend/domain"
)

// Redaction: what the pipeline returns never holds a secret. The request
// record's Authorization, Proxy-Authorization and Cookie headers, and the
// header that carries an API key or an exchanged token, read "[redacted]";
// every secret value (the account's secret fields and the fields its scheme
// reads as secrets, obtained tokens, the client-certificate password) is
// replaced by "[redacted]" wherever it appears in the record's URL, headers
// and body, in the response record, the outputs, the message, the cause and
// the notes, in the forms it takes there: as is, percent-encoded (query and
// path, also from the connection's charset), JSON- and XML-escaped.

var alwaysRedacted = []string{"Authorization", "Proxy-Authorization", "Cookie"}

type redactor struct {
	cs      *charset
	values  []string
	headers []string
	rep     *strings.Replacer
}

func newRedactor(cs *charset, authHeaders []string) *redactor {
	return &redactor{cs: cs, headers: append(slices.Clip(alwaysRedacted), authHeaders...)}
}

// add registers a secret value in every form it may take on the wire.
func (r *redactor) add(secret string) {
	if secret == "" {
		return
	}
	forms := []string{secret, url.QueryEscape(secret), url.PathEscape(secret)}
	if js := string(appendJSONString(nil, secret)); len(js) > 2 {
		forms = append(forms, js[1:len(js)-1])
	}
	forms = append(forms, string(appendXMLText(nil, secret)))
	if enc, err := r.cs.encode(secret); err == nil && enc != secret {
		forms = append(forms, url.QueryEscape(enc), url.PathEscape(enc), enc)
	}
	for _, f := range forms {
		if f != "" && !slices.Contains(r.values, f) {
			r.values = append(r.values, f)
		}
	}
	r.rep = nil
}

func (r *redactor) str(s string) string {
	if len(r.values) == 0 || s == "" {
		return s
	}
	if r.rep == nil {
		// Longer forms first, so a form that contains another wins.
		vals := slices.Clone(r.values)
		slices.SortFunc(vals, func(a, b string) int { return len(b) - len(a) })
		pairs := make([]string, 0, 2*len(vals))
		for _, v := range vals {
			pairs = append(pairs, v, domain.Redacted)
		}
		r.rep = strings.NewReplacer(pairs...)
	}
	return r.rep.Replace(s)
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
			res.Request.Headers[k] = r.str(v)
		}
	}
	if len(r.values) == 0 {
		return
	}
	res.Request.URL = r.str(res.Request.URL)
	res.Request.Body = r.str(res.Request.Body)
	for k, v := range res.Response.Headers {
		res.Response.Headers[k] = r.str(v)
	}
	res.Response.Body = r.str(res.Response.Body)
	res.Message = r.str(res.Message)
	res.Cause = r.str(res.Cause)
	for i, h := range res.Redirects {
		res.Redirects[i].From, res.Redirects[i].To = r.str(h.From), r.str(h.To)
	}
	for i, n := range res.Notes {
		res.Notes[i] = r.str(n)
	}
	for k, v := range res.Outputs {
		res.Outputs[k] = r.value(v)
	}
}

func (r *redactor) value(v any) any {
	switch x := v.(type) {
	case string:
		return r.str(x)
	case map[string]any:
		for k, e := range x {
			x[k] = r.value(e)
		}
	case []any:
		for i, e := range x {
			x[i] = r.value(e)
		}
	}
	return v
}
