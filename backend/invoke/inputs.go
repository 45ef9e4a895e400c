package invoke

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/tidwall/gjson"

	"junction/backend/domain"
)

// paramNode is a compiled request param.
type paramNode struct {
	name     string
	in       string // the top-level param's location; children inherit it
	typ      string
	required bool
	kind     string
	static   any       // static: the literal, typed
	sysField string    // system: the field
	tmpl     *template // template and map: the template
	def      any       // the default, typed
	hasDef   bool
	children []*paramNode
	// readsInput says whether some child reads the caller's inputs: an
	// object without a value of its own is then absent, not built from
	// its other children.
	readsInput bool
}

// compileParam compiles one param; field names it in the interface
// definition ("request[0].children[1]") for definition errors.
func compileParam(p *domain.Param, in, field string) (*paramNode, error) {
	n := &paramNode{name: p.Name, in: in, typ: p.Type, required: p.Required, kind: p.Source.Kind}
	if n.kind == "" { // what a definition without a source means
		n.kind = domain.SourceInput
	}
	if n.in == "" {
		n.in = p.In
	}
	switch n.kind {
	case domain.SourceInput:
	case domain.SourceStatic:
		v, err := literal(p.Source.Value, p.Type, len(p.Children) > 0)
		if err != nil {
			return nil, domain.Invalid(field+".source.value", "%v", err)
		}
		n.static = v
	case domain.SourceSystem:
		n.sysField = p.Source.Value
	case domain.SourceTemplate, domain.SourceMap:
		t, err := compileTemplate(p.Source.Value)
		if err != nil {
			return nil, domain.Invalid(field+".source.value", "%v", err)
		}
		n.tmpl = t
	}
	if len(p.Default) > 0 && string(p.Default) != "null" {
		v := fromResult(gjson.ParseBytes(p.Default))
		if len(p.Children) == 0 {
			cv, msg := coerce(v, p.Type)
			if msg != "" {
				return nil, domain.Invalid(field+".default", "%s", msg)
			}
			v = cv
		}
		n.def, n.hasDef = v, true
	}
	for i := range p.Children {
		c, err := compileParam(&p.Children[i], n.in, fmt.Sprintf("%s.children[%d]", field, i))
		if err != nil {
			return nil, err
		}
		n.children = append(n.children, c)
		if c.kind == domain.SourceInput || c.readsInput {
			n.readsInput = true
		}
	}
	return n, nil
}

// literal types a static value's text by the param type: "1" for an
// integer is 1, "true" for a boolean is true, JSON for objects and arrays.
func literal(s, typ string, hasChildren bool) (any, error) {
	switch typ {
	case "object", "array":
		if !gjson.Valid(s) {
			return nil, fmt.Errorf("%q is not a JSON %s", s, typ)
		}
		v := fromResult(gjson.Parse(s))
		if hasChildren {
			return v, nil
		}
		cv, msg := coerce(v, typ)
		if msg != "" {
			return nil, fmt.Errorf("%s", msg)
		}
		return cv, nil
	}
	v, msg := coerce(s, typ)
	if msg != "" {
		return nil, fmt.Errorf("%s", msg)
	}
	return v, nil
}

// coerce checks v against a param type and converts what converts without
// loss: a numeric string for a number, a number for a string, "true" for a
// boolean. It returns a message for a value that does not fit.
func coerce(v any, typ string) (any, string) {
	v = normalize(v)
	switch typ {
	case "string":
		switch x := v.(type) {
		case string:
			return x, ""
		case int64, float64, bool:
			return textOf(x), ""
		}
		return nil, "must be text, not " + describe(v)
	case "integer":
		switch x := v.(type) {
		case int64:
			return x, ""
		case float64:
			if x == math.Trunc(x) && math.Abs(x) <= 1<<63 {
				return int64(x), ""
			}
		case string:
			t := strings.TrimSpace(x)
			if i, err := strconv.ParseInt(t, 10, 64); err == nil {
				return i, ""
			}
			if isDecimal(t) {
				if f, err := strconv.ParseFloat(t, 64); err == nil && f == math.Trunc(f) && math.Abs(f) < 1<<63 {
					return int64(f), ""
				}
			}
		}
		return nil, "must be an integer, not " + describe(v)
	case "number":
		switch x := v.(type) {
		case int64, float64:
			return x, ""
		case string:
			t := strings.TrimSpace(x)
			if isDecimal(t) {
				if f, err := strconv.ParseFloat(t, 64); err == nil {
					return numberOf(t, f), ""
				}
			}
		}
		return nil, "must be a number, not " + describe(v)
	case "boolean":
		switch x := v.(type) {
		case bool:
			return x, ""
		case string:
			switch strings.ToLower(strings.TrimSpace(x)) {
			case "true", "1":
				return true, ""
			case "false", "0":
				return false, ""
			}
		case int64:
			if x == 0 || x == 1 {
				return x == 1, ""
			}
		}
		return nil, "must be true or false, not " + describe(v)
	case "object":
		if m, ok := v.(map[string]any); ok {
			return m, ""
		}
		return nil, "must be an object, not " + describe(v)
	case "array":
		if l, ok := v.([]any); ok {
			return l, ""
		}
		return nil, "must be a list, not " + describe(v)
	}
	return v, ""
}

// isDecimal reports whether s is a JSON-style decimal number: no hex, no
// Inf or NaN, no underscores.
func isDecimal(s string) bool {
	i := skipSign(s, 0)
	i, digits := skipDigits(s, i)
	if i < len(s) && s[i] == '.' {
		var fraction int
		i, fraction = skipDigits(s, i+1)
		digits += fraction
	}
	if digits == 0 {
		return false
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		var exp int
		i, exp = skipDigits(s, skipSign(s, i+1))
		if exp == 0 {
			return false
		}
	}
	return i == len(s)
}

// skipSign steps over one '-' or '+' at s[i].
func skipSign(s string, i int) int {
	if i < len(s) && (s[i] == '-' || s[i] == '+') {
		i++
	}
	return i
}

// skipDigits steps over the decimal digits from s[i] on and counts them.
func skipDigits(s string, i int) (next, count int) {
	start := i
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	return i, i - start
}

// describe names a value for a message: "\"abc\"", "an object", "a list".
func describe(v any) string {
	switch x := v.(type) {
	case nil:
		return "null"
	case string:
		if len(x) > 60 {
			x = x[:60] + "…"
		}
		return strconv.Quote(x)
	case map[string]any:
		return "an object"
	case []any:
		return "a list"
	}
	return textOf(v)
}

// resolver computes param values for one invocation.
type resolver struct {
	ctx *evalCtx
}

// resolve computes n's value in scope (the caller's inputs for a top-level
// param, the parent's value for a child). ok is false when the param is
// absent and has no default: it is then left out of the request. field is
// the param's path for errors ("inputs.users[1].name").
func (rs *resolver) resolve(n *paramNode, scope map[string]any, field string) (v any, ok bool, err error) {
	switch n.kind {
	case domain.SourceInput:
		v = scope[n.name]
	case domain.SourceStatic:
		v = n.static
	case domain.SourceSystem:
		v = rs.ctx.sys.get(n.sysField)
	default: // template, map
		v = n.tmpl.value(rs.ctx)
	}
	v = normalize(v)
	if v == nil && n.hasDef {
		v = n.def
	}
	if len(n.children) > 0 {
		return rs.build(n, v, field)
	}
	if v == nil {
		if n.required || n.in == domain.InPath {
			return nil, false, domain.Invalid(field, "is required%s", n.hint())
		}
		return nil, false, nil
	}
	if n.in == domain.InPath && v == "" {
		return nil, false, domain.Invalid(field, "is required and must not be empty: it fills {%s} in the path", n.name)
	}
	cv, msg := coerce(v, n.typ)
	if msg != "" {
		return nil, false, domain.Invalid(field, "%s", msg)
	}
	return cv, true, nil
}

func (n *paramNode) hint() string {
	switch n.kind {
	case domain.SourceInput:
		if n.in == domain.InPath {
			return fmt.Sprintf(": give the input %s (it fills {%s} in the path)", n.name, n.name)
		}
		return fmt.Sprintf(": give the input %s", n.name)
	case domain.SourceTemplate, domain.SourceMap:
		return fmt.Sprintf(": its template %s gave no value", n.tmpl.src)
	}
	return ""
}

// build makes an object or a list of objects from n's children.
func (rs *resolver) build(n *paramNode, v any, field string) (any, bool, error) {
	if n.typ == "array" {
		if v == nil {
			if n.required {
				return nil, false, domain.Invalid(field, "is required%s", n.hint())
			}
			return nil, false, nil
		}
		list, isList := v.([]any)
		if !isList {
			if n.kind == domain.SourceMap {
				return nil, false, domain.Invalid(field, "%s must give a list, not %s", n.tmpl.src, describe(v))
			}
			return nil, false, domain.Invalid(field, "must be a list, not %s", describe(v))
		}
		saved := rs.ctx.item
		defer func() { rs.ctx.item = saved }()
		out := make([]any, 0, len(list))
		for i, e := range list {
			e = normalize(e)
			rs.ctx.item = e
			scope, _ := e.(map[string]any)
			obj, err := rs.children(n, scope, fmt.Sprintf("%s[%d]", field, i))
			if err != nil {
				return nil, false, err
			}
			out = append(out, obj)
		}
		return out, true, nil
	}
	// An object param with children.
	scope, isMap := v.(map[string]any)
	if v != nil && !isMap {
		return nil, false, domain.Invalid(field, "must be an object, not %s", describe(v))
	}
	if v == nil && n.readsInput {
		if n.required {
			return nil, false, domain.Invalid(field, "is required%s", n.hint())
		}
		return nil, false, nil
	}
	obj, err := rs.children(n, scope, field)
	if err != nil {
		return nil, false, err
	}
	if v == nil && len(obj) == 0 {
		if n.required {
			return nil, false, domain.Invalid(field, "is required%s", n.hint())
		}
		return nil, false, nil
	}
	return obj, true, nil
}

func (rs *resolver) children(n *paramNode, scope map[string]any, field string) (map[string]any, error) {
	obj := make(map[string]any, len(n.children))
	for _, c := range n.children {
		cv, ok, err := rs.resolve(c, scope, field+"."+c.name)
		if err != nil {
			return nil, err
		}
		if ok {
			obj[c.name] = cv
		}
	}
	return obj, nil
}
