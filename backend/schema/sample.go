// Package schema works on parameter trees: it builds response params from a
// pasted JSON sample and merges a rebuilt tree into one the user has edited.
package schema

import (
	"encoding/json"
	"errors"
	"strconv"
	"strings"

	"github.com/tidwall/gjson"

	"junction/backend/domain"
	"junction/backend/jsonpos"
)

// Param types as FromSample infers them.
const (
	typeString  = "string"
	typeInteger = "integer"
	typeNumber  = "number"
	typeBoolean = "boolean"
	typeObject  = "object"
	typeArray   = "array"
	typeNull    = "null" // only while building: a null names no type yet
)

// FromSample builds response params from a pasted JSON sample.
//
// For an object sample, each key becomes a param, in sample order, whose path
// is the key escaped for gjson (so "a.b" is `a\.b`). Types are inferred:
// string, integer (a number written without fraction or exponent), number,
// boolean, object and array; a key that is only ever null is a string. Object
// params get their keys as children, with paths relative to the object. An
// array of objects gets as children the union of its elements' keys, in the
// order first seen, with paths relative to one element; a key whose elements
// disagree takes the first non-null type (integer and number make number). An
// array of arrays gets one child {name: "items", path: "@this"} describing the
// inner elements when those hold objects; an array of scalars gets no children.
//
// For an array sample, the result is one param {name: "items", type: "array",
// path: "@this"} whose children describe the elements as above.
//
// An empty sample, malformed JSON (the message names the line and column) or a
// lone scalar is a validation error on field "sample". Keys that are empty
// strings are skipped: a param needs a name.
func FromSample(sample string) ([]domain.ResponseParam, error) {
	// Pasted text often carries a byte-order mark that JSON does not allow.
	sample = strings.TrimPrefix(sample, "\uFEFF")
	if strings.TrimSpace(sample) == "" {
		return nil, domain.Invalid("sample", "is empty").With(domain.RSampleEmpty)
	}
	if err := checkJSON(sample); err != nil {
		return nil, err
	}
	root := gjson.Parse(sample)
	switch {
	case root.IsObject():
		return toParams(fieldsOf(root)), nil
	case root.IsArray():
		items := &node{name: "items", path: "@this", kind: typeArray}
		items.children, items.index = elementFields(root)
		return toParams([]*node{items}), nil
	}
	return nil, domain.Invalid("sample", "is a single %s; paste a JSON object or array", kindOf(root)).With(domain.RSampleScalar, "kind", kindOf(root))
}

// checkJSON reports malformed JSON with the line and column of the problem.
// gjson does not validate, so encoding/json does; it also refuses text after
// the value and reports a truncated sample at its end.
func checkJSON(sample string) error {
	err := json.Unmarshal([]byte(sample), new(json.RawMessage))
	var syn *json.SyntaxError
	if !errors.As(err, &syn) {
		return err // nil: a RawMessage takes any valid JSON
	}
	line, col := jsonpos.OfSyntaxError([]byte(sample), syn)
	msg, reason := syn.Error(), domain.RSampleNotJSON
	if int(syn.Offset) >= len(sample) && strings.Contains(msg, "end of JSON input") {
		msg, reason = "the JSON ends too early (a bracket or quote is not closed)", domain.RSampleEndsEarly
		line, col = jsonpos.At([]byte(sample), len(strings.TrimRight(sample, " \t\r\n")))
	}
	e := domain.Invalid("sample", "is not valid JSON: line %d, column %d: %s", line, col, msg).
		With(reason, "line", strconv.Itoa(line), "column", strconv.Itoa(col), "detail", msg)
	if reason == domain.RSampleNotJSON {
		e.Params = e.Params.Nest("detail", jsonpos.Cause(syn))
	}
	return e
}

// node is a param under construction: it can still learn keys and types from
// later array elements.
type node struct {
	name     string
	path     string
	kind     string
	children []*node
	index    map[string]*node // children by name
}

func kindOf(v gjson.Result) string {
	switch v.Type {
	case gjson.String:
		return typeString
	case gjson.True, gjson.False:
		return typeBoolean
	case gjson.Number:
		if strings.ContainsAny(v.Raw, ".eE") {
			return typeNumber
		}
		return typeInteger
	case gjson.JSON:
		if v.IsArray() {
			return typeArray
		}
		return typeObject
	}
	return typeNull
}

// fieldsOf returns the keys of an object value as nodes, in sample order; a key
// that appears twice is merged into its first appearance.
func fieldsOf(obj gjson.Result) []*node {
	var out []*node
	index := map[string]*node{}
	obj.ForEach(func(k, v gjson.Result) bool {
		out = addField(out, index, newNode(k.String(), v))
		return true
	})
	return out
}

// addField adds n to fields, or merges it into the field of the same name.
func addField(fields []*node, index map[string]*node, n *node) []*node {
	if n == nil {
		return fields
	}
	if have, ok := index[n.name]; ok {
		merge(have, n)
		return fields
	}
	index[n.name] = n
	return append(fields, n)
}

// newNode builds the node for one key and its value; nil for an empty key.
func newNode(name string, v gjson.Result) *node {
	if name == "" {
		return nil
	}
	n := &node{name: name, path: gjson.Escape(name), kind: kindOf(v)}
	switch n.kind {
	case typeObject:
		n.children = fieldsOf(v)
	case typeArray:
		n.children, n.index = elementFields(v)
	}
	return n
}

// elementFields describes one element of an array: the union of the keys of
// its object elements, or a single "items" child for the elements of its array
// elements when those hold objects.
func elementFields(arr gjson.Result) ([]*node, map[string]*node) {
	var fields []*node
	index := map[string]*node{}
	var inner *node
	arr.ForEach(func(_, el gjson.Result) bool {
		switch kindOf(el) {
		case typeObject:
			el.ForEach(func(k, v gjson.Result) bool {
				fields = addField(fields, index, newNode(k.String(), v))
				return true
			})
		case typeArray:
			n := &node{name: "items", path: "@this", kind: typeArray}
			n.children, n.index = elementFields(el)
			if inner == nil {
				inner = n
			} else {
				merge(inner, n)
			}
		}
		return true
	})
	if len(fields) == 0 && inner != nil && len(inner.children) > 0 {
		return []*node{inner}, map[string]*node{inner.name: inner}
	}
	return fields, index
}

// merge folds what a later sighting b of a key says into its first sighting a.
func merge(a, b *node) {
	switch {
	case a.kind == typeNull:
		a.kind = b.kind
	case a.kind == typeInteger && b.kind == typeNumber:
		a.kind = typeNumber
	}
	if a.kind != b.kind || (a.kind != typeObject && a.kind != typeArray) {
		return
	}
	if a.index == nil {
		a.index = map[string]*node{}
		for _, c := range a.children {
			a.index[c.name] = c
		}
	}
	for _, c := range b.children {
		a.children = addField(a.children, a.index, c)
	}
}

func toParams(nodes []*node) []domain.ResponseParam {
	if len(nodes) == 0 {
		return nil
	}
	out := make([]domain.ResponseParam, 0, len(nodes))
	for _, n := range nodes {
		kind := n.kind
		if kind == typeNull {
			kind = typeString
		}
		var children []domain.ResponseParam
		if kind == typeObject || kind == typeArray {
			children = toParams(n.children)
		}
		out = append(out, domain.ResponseParam{Name: n.name, Type: kind, Path: n.path, Children: children})
	}
	return out
}
