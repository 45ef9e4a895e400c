package invoke

import (
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"net/textproto"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/tidwall/gjson"
)

// Templates and paths (DESIGN.md "Templates and paths"): `{{ path }}` where
// path is a gjson path into the evaluation context {input, system, account,
// request, response, status, headers, outputs, steps, item} (and cause, the
// plain-words reason of a timeout or error, for messages). A template that is
// exactly one placeholder keeps the JSON type of its value; any other is
// interpolated as text. Templates are compiled once per plan.

// rootKind names the first element of a path.
type rootKind uint8

const (
	rootInput rootKind = iota
	rootSystem
	rootAccount
	rootRequest
	rootResponse
	rootStatus
	rootHeaders
	rootOutputs
	rootSteps
	rootItem
	rootCause
	numRoots
)

var rootNames = [numRoots]string{"input", "system", "account", "request", "response", "status", "headers", "outputs", "steps", "item", "cause"}

func rootOf(name string) (rootKind, bool) {
	for i, n := range rootNames {
		if n == name {
			return rootKind(i), true
		}
	}
	return 0, false
}

// ref is a compiled path into the evaluation context.
type ref struct {
	path string   // as written, e.g. "response.data.list"
	root rootKind // "response"
	rest string   // "data.list"; "" for the root itself
	// segs is rest split at dots when rest is a plain dotted path (keys and
	// array indexes only): Go values are then walked directly, without
	// marshalling them for gjson.
	segs []string
	// header is the canonical header name of headers.<name>.
	header string
}

// gjsonSpecial are the characters that make a path more than plain keys.
const gjsonSpecial = "*?#@|\\!=<>[]{}\"%~`'(),: "

func compileRef(path string) (*ref, error) {
	path = strings.TrimSpace(path)
	if path == "" {
		return nil, fmt.Errorf("an empty {{ }} placeholder")
	}
	head, rest, _ := strings.Cut(path, ".")
	root, ok := rootOf(head)
	if !ok {
		return nil, fmt.Errorf("{{%s}}: %q is not one of %s", path, head, strings.Join(rootNames[:], ", "))
	}
	r := &ref{path: path, root: root, rest: rest}
	switch {
	case root == rootHeaders && rest != "":
		r.header = textproto.CanonicalMIMEHeaderKey(rest)
	case root == rootStatus || root == rootCause:
		if rest != "" {
			return nil, fmt.Errorf("{{%s}}: %s has no fields", path, head)
		}
	case rest != "" && !strings.ContainsAny(rest, gjsonSpecial):
		segs := strings.Split(rest, ".")
		if !slices.Contains(segs, "") {
			r.segs = segs
		}
	}
	return r, nil
}

// template is a compiled `{{ path }}` template: lits[0] refs[0] lits[1] ...
type template struct {
	src  string
	lits []string
	refs []*ref
}

func compileTemplate(src string) (*template, error) {
	t := &template{src: src}
	rest := src
	for {
		i := strings.Index(rest, "{{")
		if i < 0 {
			t.lits = append(t.lits, rest)
			return t, nil
		}
		j := strings.Index(rest[i+2:], "}}")
		if j < 0 {
			return nil, fmt.Errorf("%q has a {{ without its }}", src)
		}
		r, err := compileRef(rest[i+2 : i+2+j])
		if err != nil {
			return nil, err
		}
		t.lits = append(t.lits, rest[:i])
		t.refs = append(t.refs, r)
		rest = rest[i+2+j+2:]
	}
}

// single reports whether the template is exactly one placeholder.
func (t *template) single() bool {
	return len(t.refs) == 1 && t.lits[0] == "" && t.lits[1] == ""
}

// value is the template's value: the typed value of a single placeholder,
// the interpolated text otherwise.
func (t *template) value(c *evalCtx) any {
	if t.single() {
		return c.lookup(t.refs[0])
	}
	return t.text(c)
}

// text is the template interpolated as text.
func (t *template) text(c *evalCtx) string {
	if len(t.refs) == 0 {
		return t.lits[0]
	}
	var b strings.Builder
	for i, r := range t.refs {
		b.WriteString(t.lits[i])
		b.WriteString(textOf(c.lookup(r)))
	}
	b.WriteString(t.lits[len(t.lits)-1])
	return b.String()
}

// sysFields are the {{system.*}} fields of one invocation; now, timestamp,
// date and uuid are fixed once per invocation, so two uses agree.
type sysFields struct {
	sys System
	now time.Time
	id  string
}

func (s *sysFields) get(name string) any {
	switch name {
	case "userId":
		return s.sys.UserID
	case "userName":
		return s.sys.UserName
	case "orgId":
		return s.sys.OrgID
	case "now":
		return s.now.Format(time.RFC3339)
	case "timestamp":
		return s.now.UnixMilli()
	case "date":
		return s.now.Format(time.DateOnly)
	case "uuid":
		if s.id == "" {
			s.id = uuid.NewString()
		}
		return s.id
	}
	return nil
}

func (s *sysFields) all() map[string]any {
	m := make(map[string]any, 7)
	for _, f := range []string{"userId", "userName", "orgId", "now", "timestamp", "uuid", "date"} {
		m[f] = s.get(f)
	}
	return m
}

// evalCtx is the evaluation context of one invocation. It is used by one
// goroutine at a time.
type evalCtx struct {
	inputs  map[string]any
	sys     *sysFields
	account map[string]string
	request map[string]any
	body    string // the decoded response body
	// bodyJSON says whether body is JSON; response.<path> reads nothing
	// from a body that is not.
	bodyJSON bool
	status   int
	header   http.Header
	outputs  map[string]any
	steps    map[string]any
	item     any
	cause    string
	// js caches roots marshalled to JSON for paths that need gjson.
	js [numRoots]*string
}

func (c *evalCtx) lookup(r *ref) any {
	switch r.root {
	case rootInput:
		return c.walk(r, c.inputs)
	case rootSystem:
		if c.sys == nil {
			return nil
		}
		if r.rest == "" {
			return c.sys.all()
		}
		if len(r.segs) == 1 {
			return c.sys.get(r.segs[0])
		}
		return c.walk(r, c.sys.all())
	case rootAccount:
		return c.walk(r, c.account)
	case rootRequest:
		return c.walk(r, c.request)
	case rootResponse:
		if r.rest == "" {
			if c.bodyJSON {
				return fromResult(gjson.Parse(c.body))
			}
			if c.body == "" {
				return nil
			}
			return c.body
		}
		if !c.bodyJSON {
			return nil
		}
		return fromResult(gjson.Get(c.body, r.rest))
	case rootStatus:
		if c.status == 0 {
			return nil
		}
		return int64(c.status)
	case rootHeaders:
		if c.header == nil {
			return nil
		}
		if r.rest == "" {
			m := make(map[string]any, len(c.header))
			for k, v := range c.header {
				m[k] = strings.Join(v, ", ")
			}
			return m
		}
		v := c.header[r.header]
		if v == nil {
			return nil
		}
		if len(v) == 1 {
			return v[0]
		}
		return strings.Join(v, ", ")
	case rootOutputs:
		return c.walk(r, c.outputs)
	case rootSteps:
		return c.walk(r, c.steps)
	case rootItem:
		return c.walk(r, c.item)
	case rootCause:
		if c.cause == "" {
			return nil
		}
		return c.cause
	}
	return nil
}

// walk follows r's path from v: directly for plain dotted paths, by gjson
// over v marshalled to JSON otherwise.
func (c *evalCtx) walk(r *ref, v any) any {
	if r.rest == "" {
		return normalize(v)
	}
	if r.segs != nil {
		for _, seg := range r.segs {
			var ok bool
			if v, ok = step(v, seg); !ok {
				return nil
			}
		}
		return normalize(v)
	}
	var js string
	if r.root != rootItem && c.js[r.root] != nil {
		js = *c.js[r.root]
	} else {
		js = string(appendJSON(nil, v))
		if r.root != rootItem { // item changes from element to element
			c.js[r.root] = &js
		}
	}
	return fromResult(gjson.Get(js, r.rest))
}

// step goes one key (or array index) down from v.
func step(v any, key string) (any, bool) {
	switch m := v.(type) {
	case map[string]any:
		x, ok := m[key]
		return x, ok
	case map[string]string:
		x, ok := m[key]
		return x, ok
	case []any:
		i, err := strconv.Atoi(key)
		if err != nil || i < 0 || i >= len(m) {
			return nil, false
		}
		return m[i], true
	case nil, bool, string, int64, float64:
		return nil, false
	}
	n := normalize(v)
	switch n.(type) {
	case map[string]any, []any:
		return step(n, key)
	}
	return nil, false
}

// fromResult converts a gjson result to a Go value; integral numbers stay
// int64 (exactly, beyond 2^53), other numbers are float64.
func fromResult(r gjson.Result) any {
	switch r.Type {
	case gjson.False:
		return false
	case gjson.True:
		return true
	case gjson.String:
		return r.Str
	case gjson.Number:
		return numberOf(r.Raw, r.Num)
	case gjson.JSON:
		if r.IsArray() {
			list := []any{}
			r.ForEach(func(_, v gjson.Result) bool {
				list = append(list, fromResult(v))
				return true
			})
			return list
		}
		obj := map[string]any{}
		r.ForEach(func(k, v gjson.Result) bool {
			obj[k.String()] = fromResult(v)
			return true
		})
		return obj
	}
	return nil
}

func numberOf(raw string, f float64) any {
	if raw != "" && !strings.ContainsAny(raw, ".eE") {
		if i, err := strconv.ParseInt(raw, 10, 64); err == nil {
			return i
		}
	}
	if f == math.Trunc(f) && math.Abs(f) < 1<<53 {
		return int64(f)
	}
	return f
}

// normalize brings Go values a caller may pass (int, []string, ...) to the
// pipeline's value set: nil, bool, string, int64, float64, []any,
// map[string]any.
func normalize(v any) any {
	switch x := v.(type) {
	case nil, bool, string, int64, float64, []any, map[string]any:
		return v
	case int:
		return int64(x)
	case int8:
		return int64(x)
	case int16:
		return int64(x)
	case int32:
		return int64(x)
	case uint:
		return int64(x)
	case uint8:
		return int64(x)
	case uint16:
		return int64(x)
	case uint32:
		return int64(x)
	case uint64:
		if x > math.MaxInt64 {
			return float64(x)
		}
		return int64(x)
	case float32:
		return numberOf("", float64(x))
	case json.Number:
		f, _ := x.Float64()
		return numberOf(string(x), f)
	case map[string]string:
		m := make(map[string]any, len(x))
		for k, s := range x {
			m[k] = s
		}
		return m
	case []string:
		l := make([]any, len(x))
		for i, s := range x {
			l[i] = s
		}
		return l
	case json.RawMessage:
		return fromResult(gjson.ParseBytes(x))
	}
	// Anything else (structs, typed slices and maps): through JSON.
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	return fromResult(gjson.ParseBytes(b))
}

// textOf is a value as text: strings as they are, numbers in plain decimal,
// null as "", objects and arrays as JSON.
func textOf(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return x
	case bool:
		return strconv.FormatBool(x)
	case int64:
		return strconv.FormatInt(x, 10)
	case int:
		return strconv.Itoa(x)
	case float64:
		return formatFloat(x)
	case json.Number:
		return string(x)
	}
	return string(appendJSON(nil, v))
}

func formatFloat(f float64) string {
	if a := math.Abs(f); a != 0 && (a < 1e-6 || a >= 1e21) {
		return strconv.FormatFloat(f, 'g', -1, 64)
	}
	return strconv.FormatFloat(f, 'f', -1, 64)
}

// appendJSON writes v as compact JSON: no HTML escaping, non-ASCII as is
// (the request stage encodes the whole text in the connection's charset),
// map keys sorted.
func appendJSON(b []byte, v any) []byte {
	switch x := v.(type) {
	case nil:
		return append(b, "null"...)
	case bool:
		return strconv.AppendBool(b, x)
	case string:
		return appendJSONString(b, x)
	case int64:
		return strconv.AppendInt(b, x, 10)
	case int:
		return strconv.AppendInt(b, int64(x), 10)
	case float64:
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return append(b, "null"...)
		}
		return append(b, formatFloat(x)...)
	case json.Number:
		return append(b, x...)
	case []any:
		b = append(b, '[')
		for i, e := range x {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendJSON(b, e)
		}
		return append(b, ']')
	case map[string]any:
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		b = append(b, '{')
		for i, k := range keys {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendJSONString(b, k)
			b = append(b, ':')
			b = appendJSON(b, x[k])
		}
		return append(b, '}')
	}
	return appendJSON(b, normalize(v))
}

// appendJSONString appends s as a JSON string, escaped as encoding/json
// does without HTML escaping.
func appendJSONString(b []byte, s string) []byte {
	b = appendJSONEscaped(append(b, '"'), s, jsonStyle{escapeInvalid: true})
	return append(b, '"')
}
