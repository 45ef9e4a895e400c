package audit_test

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"junction/backend/audit"
)

// encodingJSON is what Details has always written: the document through
// encoding/json without HTML escapes, without the final newline.
func encodingJSON(t *testing.T, doc map[string]any) string {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	require.NoError(t, enc.Encode(doc))
	return strings.TrimSuffix(buf.String(), "\n")
}

// Details writes its changes itself; the bytes must stay those of
// encoding/json, which the hashes of stored entries cover.
func TestDetails_MatchesEncodingJSON(t *testing.T) {
	changes := map[string]audit.Change{}
	for i, s := range append(trickyStrings, "\u007f", "a\u2028b\u2029c", "\xe2\x80", "tab\tend") {
		changes[s] = audit.Change{Before: s, After: nil}
		changes["k"+s+string(rune('a'+i))] = audit.Change{Before: i%2 == 0, After: []any{s, json.Number("12"), map[string]any{s: true}}}
	}
	changes["numbers"] = audit.Change{Before: json.Number("-1.5e3"), After: 42}
	changes["both nil"] = audit.Change{}
	changes["a struct"] = audit.Change{After: struct {
		Name string `json:"name"`
	}{"x<y>"}}
	extra := map[string]any{"params": map[string]string{"connections": "1", "<b>": "&"}, "changes": "lost to changes", "n": 3}

	got := audit.Details(changes, extra)
	doc := map[string]any{"params": extra["params"], "n": 3, "changes": changes}
	assert.Equal(t, encodingJSON(t, doc), got)
	assert.True(t, json.Valid([]byte(got)))

	assert.Equal(t, encodingJSON(t, map[string]any{"params": extra["params"], "n": 3, "changes": "lost to changes"}), audit.Details(nil, extra), "no changes: the extra key stays")
	assert.Equal(t, `{"changes":{}}`, audit.Details(map[string]audit.Change{}, nil))
	assert.Equal(t, `{}`, audit.Details(nil, nil))

	// A value that is not JSON: the entry keeps its changes and says why.
	bad := audit.Details(map[string]audit.Change{"name": {Before: "a", After: "b"}}, map[string]any{"f": func() {}})
	assert.Equal(t, `{"changes":{"name":{"before":"a","after":"b"}},"error":"details could not be rendered: json: unsupported type: func()"}`, bad)
}
