package audit

import (
	"bytes"
	"encoding/json"
	"maps"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

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
	out, err := detailsJSON(doc, changes)
	if err != nil {
		// An extra value that cannot be JSON must not lose the entry: keep what
		// renders and say what did not.
		fallback := map[string]any{"error": "details could not be rendered: " + err.Error()}
		if changes != nil {
			fallback["changes"] = changes
		}
		if out, err = detailsJSON(fallback, changes); err != nil {
			out, _ = detailsJSON(map[string]any{"error": "details could not be rendered: " + err.Error()}, nil)
		}
	}
	return out
}

// detailBuffers are detailsJSON's buffers, kept between entries: an
// import writes one of tens of kilobytes per connector.
var detailBuffers = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// maxPooledDetails is the largest buffer kept for the next entry.
const maxPooledDetails = 1 << 20

// detailsJSON is doc as encoding/json writes it without HTML escapes, keys
// sorted. Its "changes" member, changes, is written here rather than by
// reflection: an import's entry holds hundreds of changes of plain values.
func detailsJSON(doc map[string]any, changes map[string]Change) (string, error) {
	buf := detailBuffers.Get().(*bytes.Buffer)
	defer func() {
		if buf.Cap() <= maxPooledDetails {
			buf.Reset()
			detailBuffers.Put(buf)
		}
	}()
	w := detailsWriter{buf: buf, enc: json.NewEncoder(buf)}
	// Details are read by people in the log viewer; "<" beats "\u003c".
	w.enc.SetEscapeHTML(false)
	buf.WriteByte('{')
	for i, k := range slices.Sorted(maps.Keys(doc)) {
		if i > 0 {
			buf.WriteByte(',')
		}
		w.string(k)
		buf.WriteByte(':')
		var err error
		if k == "changes" && changes != nil {
			err = w.changes(changes)
		} else {
			err = w.value(doc[k])
		}
		if err != nil {
			return "", err
		}
	}
	buf.WriteByte('}')
	return buf.String(), nil
}

// detailsWriter writes the parts of an entry's details into buf: strings,
// booleans and nulls itself, anything else through enc.
type detailsWriter struct {
	buf *bytes.Buffer
	enc *json.Encoder
}

func (w detailsWriter) changes(changes map[string]Change) error {
	w.buf.WriteByte('{')
	for i, path := range slices.Sorted(maps.Keys(changes)) {
		if i > 0 {
			w.buf.WriteByte(',')
		}
		w.string(path)
		w.buf.WriteString(`:{"before":`)
		if err := w.value(changes[path].Before); err != nil {
			return err
		}
		w.buf.WriteString(`,"after":`)
		if err := w.value(changes[path].After); err != nil {
			return err
		}
		w.buf.WriteByte('}')
	}
	w.buf.WriteByte('}')
	return nil
}

func (w detailsWriter) value(v any) error {
	switch x := v.(type) {
	case nil:
		w.buf.WriteString("null")
	case string:
		w.string(x)
	case bool:
		w.buf.WriteString(strconv.FormatBool(x))
	default:
		if err := w.enc.Encode(v); err != nil {
			return err
		}
		w.buf.Truncate(w.buf.Len() - 1) // Encode's newline
	}
	return nil
}

// string writes s quoted as encoding/json does without HTML escapes: '"',
// '\\' and control characters escaped (\b \f \n \r \t by name), invalid
// UTF-8 as \ufffd, U+2028 and U+2029 escaped. TestDetails_MatchesEncodingJSON
// holds it to encoding/json.
func (w detailsWriter) string(s string) {
	const hex = "0123456789abcdef"
	b := w.buf
	b.WriteByte('"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' {
				i++
				continue
			}
			b.WriteString(s[start:i])
			switch c {
			case '"', '\\':
				b.WriteByte('\\')
				b.WriteByte(c)
			case '\b':
				b.WriteString(`\b`)
			case '\f':
				b.WriteString(`\f`)
			case '\n':
				b.WriteString(`\n`)
			case '\r':
				b.WriteString(`\r`)
			case '\t':
				b.WriteString(`\t`)
			default:
				b.Write([]byte{'\\', 'u', '0', '0', hex[c>>4], hex[c&0xf]})
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			b.WriteString(s[start:i])
			b.WriteString(`\ufffd`)
		case r == '\u2028' || r == '\u2029':
			b.WriteString(s[start:i])
			b.Write([]byte{'\\', 'u', '2', '0', '2', hex[r&0xf]})
		default:
			i += size
			continue
		}
		i += size
		start = i
	}
	b.WriteString(s[start:])
	b.WriteByte('"')
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
