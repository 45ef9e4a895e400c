package invoke

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/tidwall/gjson"

	"junction/backend/domain"
)

// respNode is a compiled response param.
type respNode struct {
	name     string
	typ      string
	path     string
	children []*respNode
}

// compileResponse builds the response tree; its paths are read with gjson
// as they are, so nothing here can fail.
func compileResponse(ps []domain.ResponseParam) []*respNode {
	nodes := make([]*respNode, 0, len(ps))
	for i := range ps {
		p := &ps[i]
		nodes = append(nodes, &respNode{name: p.Name, typ: p.Type, path: p.Path, children: compileResponse(p.Children)})
	}
	return nodes
}

// extractor collects outputs and the notes about values that did not fit
// their declared type.
type extractor struct {
	notes []domain.Note
}

// extract reads the response params from a JSON body.
func (x *extractor) extract(nodes []*respNode, body string) map[string]any {
	out := make(map[string]any, len(nodes))
	for _, n := range nodes {
		out[n.name] = x.value(n, gjson.Get(body, n.path), "outputs", n.name)
	}
	return out
}

// value reads n from r. Its field in notes is parent.name, joined only when
// needed: most values fit, and a call should not pay for the names.
func (x *extractor) value(n *respNode, r gjson.Result, parent, name string) any {
	if !r.Exists() || r.Type == gjson.Null {
		return nil
	}
	field := func() string { return parent + "." + name }
	if len(n.children) > 0 {
		switch n.typ {
		case "array":
			var elems []gjson.Result
			if r.IsArray() {
				elems = r.Array()
			} else {
				// Some systems answer a lone object where a list of one is meant.
				elems = []gjson.Result{r}
				x.note(domain.Notef(domain.RNoteOutputList, "%s: expected a list, got %s; read as a list of one", "field", field(), "got", kindOf(r)))
			}
			list := make([]any, 0, len(elems))
			at := field()
			for i, e := range elems {
				list = append(list, x.object(n.children, e, fmt.Sprintf("%s[%d]", at, i)))
			}
			return list
		case "object":
			if !r.IsObject() {
				x.note(domain.Notef(domain.RNoteOutputObject, "%s: expected an object, got %s", "field", field(), "got", kindOf(r)))
				return fromResult(r)
			}
			return x.object(n.children, r, field())
		}
	}
	v, ok := typed(r, n.typ)
	if !ok {
		x.note(domain.Notef(domain.RNoteOutputType, "%s: expected %s, got %s %s; kept as it came", "field", field(), "want", n.typ, "got", kindOf(r), "raw", clip(r.Raw, 60)))
	}
	return v
}

func (x *extractor) object(children []*respNode, elem gjson.Result, field string) map[string]any {
	obj := make(map[string]any, len(children))
	for _, c := range children {
		obj[c.name] = x.value(c, elem.Get(c.path), field, c.name)
	}
	return obj
}

func (x *extractor) note(n domain.Note) {
	if len(x.notes) < 20 {
		x.notes = append(x.notes, n)
	}
}

func kindOf(r gjson.Result) string {
	switch r.Type {
	case gjson.String:
		return "text"
	case gjson.Number:
		return "a number"
	case gjson.True, gjson.False:
		return "a boolean"
	case gjson.JSON:
		if r.IsArray() {
			return "a list"
		}
		return "an object"
	}
	return "null"
}

// typed converts a JSON value to a response param's type; ok is false when
// it does not fit (the value is then kept as it came).
func typed(r gjson.Result, typ string) (any, bool) {
	switch typ {
	case "string":
		switch r.Type {
		case gjson.String:
			return r.Str, true
		case gjson.Number, gjson.True, gjson.False:
			return r.Raw, true
		}
		return r.Raw, false
	case "integer":
		switch r.Type {
		case gjson.Number:
			switch v := numberOf(r.Raw, r.Num).(type) {
			case int64:
				return v, true
			case float64:
				return v, false
			}
		case gjson.String:
			t := strings.TrimSpace(r.Str)
			if i, err := strconv.ParseInt(t, 10, 64); err == nil {
				return i, true
			}
			if isDecimal(t) {
				if f, err := strconv.ParseFloat(t, 64); err == nil && f == math.Trunc(f) {
					return int64(f), true
				}
			}
		}
		return fromResult(r), false
	case "number":
		switch r.Type {
		case gjson.Number:
			return numberOf(r.Raw, r.Num), true
		case gjson.String:
			t := strings.TrimSpace(r.Str)
			if isDecimal(t) {
				if f, err := strconv.ParseFloat(t, 64); err == nil {
					return numberOf(t, f), true
				}
			}
		}
		return fromResult(r), false
	case "boolean":
		switch r.Type {
		case gjson.True:
			return true, true
		case gjson.False:
			return false, true
		case gjson.String:
			switch strings.ToLower(strings.TrimSpace(r.Str)) {
			case "true", "1", "y", "yes":
				return true, true
			case "false", "0", "n", "no":
				return false, true
			}
		case gjson.Number:
			if r.Num == 0 || r.Num == 1 {
				return r.Num == 1, true
			}
		}
		return fromResult(r), false
	case "object":
		return fromResult(r), r.IsObject()
	case "array":
		return fromResult(r), r.IsArray()
	}
	return fromResult(r), true
}
