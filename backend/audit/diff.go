package audit

import (
	"bytes"
	"encoding/json"
	"reflect"
	"strconv"
	"strings"
	"sync"

	"github.com/tidwall/gjson"

	"junction/backend/domain"
)

// Change is one field's value before and after an operation; a side is nil when
// the field did not exist (or was null or empty) on that side.
type Change struct {
	Before any `json:"before"`
	After  any `json:"after"`
}

// Diff compares two values and returns the changed fields by path. Both are
// marshalled to JSON and flattened to dotted paths such as "tls.skipVerify" and
// "request[0].name"; keys that are not plain names are quoted, as in
// `headers["X.Trace"]`. An array whose elements are all objects is compared
// element by element; any other array (scalars, arrays, a mix) compares as a
// whole. Null, an empty array and an empty object count as absent, so a nil
// slice that became an empty one is no change.
//
// Either side may be nil: a create has no before, a delete no after.
//
// secretNames lists key names ("password", matched case-insensitively against
// every key of a path, so a secret object hides all it holds) and full paths
// ("auth.tokenExchange.body.client_secret", which hide that path and all below
// it). The values of such paths are replaced by domain.Redacted on each side that
// has one; the change itself is still recorded, and a side that is absent stays
// nil. Keys named in secretNames are redacted inside whole-compared arrays too.
func Diff(before, after any, secretNames ...string) map[string]Change {
	s := newSecrets(secretNames)
	b, a := s.flatten(before), s.flatten(after)
	changes := map[string]Change{}
	for path, bl := range b {
		al, ok := a[path]
		if ok && reflect.DeepEqual(bl.value, al.value) {
			continue
		}
		c := Change{Before: bl.shown()}
		if ok {
			c.After = al.shown()
		}
		if bl.secret || al.secret {
			c = redact(c)
		}
		changes[path] = c
	}
	for path, al := range a {
		if _, ok := b[path]; ok {
			continue
		}
		c := Change{After: al.shown()}
		if al.secret {
			c = redact(c)
		}
		changes[path] = c
	}
	return changes
}

// ParamsKey is the key of Details under which an entry keeps the values its
// summary names beside the target (a JSON object of strings).
const ParamsKey = "params"

// Params reads the ParamsKey object of an entry's details; an entry without
// one (or with details that are not such JSON) has none: an empty map.
func Params(details string) map[string]string {
	var doc map[string]json.RawMessage
	var params map[string]string
	if json.Unmarshal([]byte(details), &doc) != nil || json.Unmarshal(doc[ParamsKey], &params) != nil || params == nil {
		return map[string]string{}
	}
	return params
}

// Details renders {"changes": changes, ...extra} as compact JSON for
// AuditEntry.Details. "changes" is left out when changes is nil and wins over an
// extra key of the same name. Extra values are rendered as given: redacting
// them is the caller's job.
func Details(changes map[string]Change, extra map[string]any) string {
	doc := make(map[string]any, len(extra)+1)
	for k, v := range extra {
		doc[k] = v
	}
	if changes != nil {
		doc["changes"] = changes
	}
	out, err := compactJSON(doc)
	if err != nil {
		// An extra value that cannot be JSON must not lose the entry: keep what
		// renders and say what did not.
		fallback := map[string]any{"error": "details could not be rendered: " + err.Error()}
		if changes != nil {
			fallback["changes"] = changes
		}
		if out, err = compactJSON(fallback); err != nil {
			out, _ = compactJSON(map[string]any{"error": "details could not be rendered: " + err.Error()})
		}
	}
	return out
}

// detailBuffers are compactJSON's buffers, kept between entries: an
// import writes one of tens of kilobytes per connector.
var detailBuffers = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// maxPooledDetails is the largest buffer kept for the next entry.
const maxPooledDetails = 1 << 20

func compactJSON(v any) (string, error) {
	buf := detailBuffers.Get().(*bytes.Buffer)
	defer func() {
		if buf.Cap() <= maxPooledDetails {
			buf.Reset()
			detailBuffers.Put(buf)
		}
	}()
	enc := json.NewEncoder(buf)
	// Details are read by people in the log viewer; "<" beats "\u003c".
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return "", err
	}
	return string(bytes.TrimSuffix(buf.Bytes(), []byte{'\n'})), nil
}

func redact(c Change) Change {
	if c.Before != nil {
		c.Before = domain.Redacted
	}
	if c.After != nil {
		c.After = domain.Redacted
	}
	return c
}

// leaf is one flattened value and whether it is secret. Scrubbed, when set, is
// the value to show: a whole-compared array with its secret keys redacted. The
// comparison uses value, so a change hidden by scrubbing is still a change.
type leaf struct {
	value    any
	scrubbed any
	secret   bool
}

func (l leaf) shown() any {
	if l.scrubbed != nil {
		return l.scrubbed
	}
	return l.value
}

// secrets holds the caller's secret key names (lower-cased) and paths.
type secrets struct {
	names map[string]bool
	paths map[string]bool
}

func newSecrets(list []string) secrets {
	s := secrets{names: map[string]bool{}, paths: map[string]bool{}}
	for _, n := range list {
		s.names[strings.ToLower(n)] = true
		s.paths[n] = true
	}
	return s
}

// flatten marshals v to JSON and returns its leaves by path. The JSON is
// walked where it lies (gjson) rather than decoded into maps first: an
// import's entry flattens a whole connector.
func (s secrets) flatten(v any) map[string]leaf {
	out := map[string]leaf{}
	raw, err := json.Marshal(v)
	if err != nil {
		// Diff has no error to return; the failure is the recorded value. It
		// names the type, never the value.
		out[""] = leaf{value: "[unrenderable: " + err.Error() + "]"}
		return out
	}
	s.walk(out, "", gjson.ParseBytes(raw), false)
	return out
}

// walk records the leaves of the JSON value v at path. Numbers are kept as
// written (json.Number: 64-bit integers stay exact); an array compared as a
// whole is decoded as encoding/json would, with numbers as json.Number.
func (s secrets) walk(out map[string]leaf, path string, v gjson.Result, secret bool) {
	secret = secret || s.paths[path] && path != ""
	switch {
	case v.Type == gjson.Null:
		return
	case v.IsObject():
		v.ForEach(func(k, child gjson.Result) bool {
			s.walk(out, joinKey(path, k.Str), child, secret || s.names[strings.ToLower(k.Str)])
			return true
		})
		return
	case v.IsArray():
		elems := v.Array()
		if len(elems) == 0 {
			return
		}
		if allObjects(elems) {
			for i, child := range elems {
				s.walk(out, path+"["+strconv.Itoa(i)+"]", child, secret)
			}
			return
		}
		dec := json.NewDecoder(strings.NewReader(v.Raw))
		dec.UseNumber()
		var whole []any
		if err := dec.Decode(&whole); err != nil {
			out[path] = leaf{value: "[unrenderable: " + err.Error() + "]", secret: secret}
			return
		}
		out[path] = leaf{value: whole, scrubbed: s.scrub(whole), secret: secret}
		return
	case v.Type == gjson.String:
		out[path] = leaf{value: v.Str, secret: secret}
	case v.Type == gjson.Number:
		out[path] = leaf{value: json.Number(v.Raw), secret: secret}
	default: // true, false
		out[path] = leaf{value: v.Bool(), secret: secret}
	}
}

// scrub returns v with the values of secret-named keys replaced, at any depth.
func (s secrets) scrub(v any) any {
	switch x := v.(type) {
	case map[string]any:
		cp := make(map[string]any, len(x))
		for k, child := range x {
			if s.names[strings.ToLower(k)] && child != nil {
				cp[k] = domain.Redacted
				continue
			}
			cp[k] = s.scrub(child)
		}
		return cp
	case []any:
		cp := make([]any, len(x))
		for i, child := range x {
			cp[i] = s.scrub(child)
		}
		return cp
	}
	return v
}

func allObjects(xs []gjson.Result) bool {
	for _, x := range xs {
		if !x.IsObject() {
			return false
		}
	}
	return true
}

// joinKey appends an object key to a path: dotted when the key is a plain name,
// quoted in brackets otherwise, so a path always reads back unambiguously.
func joinKey(path, key string) string {
	if key == "" || strings.ContainsAny(key, `.[]"`) {
		return path + "[" + strconv.Quote(key) + "]"
	}
	if path == "" {
		return key
	}
	return path + "." + key
}
