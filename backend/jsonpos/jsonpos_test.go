package jsonpos

import (
	"encoding/json"
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"junction/backend/domain"
)

func TestAt(t *testing.T) {
	doc := []byte("{\r\n  \"名前\": 1,\n  x\n}")
	for _, c := range []struct {
		name      string
		offset    int
		line, col int
	}{
		{"the first byte", 0, 1, 1},
		{"before the CRLF, the \\r not counted", 2, 1, 2},
		{"a line's first byte", 3, 2, 1},
		{"columns count characters, not bytes", 3 + len("  \"名前\""), 2, 7},
		{"the third line", len("{\r\n  \"名前\": 1,\n  "), 3, 3},
		{"a negative offset is the start", -4, 1, 1},
		{"an offset past the end is the end", 1000, 4, 2},
	} {
		t.Run(c.name, func(t *testing.T) {
			line, col := At(doc, c.offset)
			assert.Equal(t, [2]int{c.line, c.col}, [2]int{line, col})
		})
	}
}

func TestOfSyntaxError(t *testing.T) {
	doc := []byte("{\n  \"a\": 1,\n  x\n}")
	var syn *json.SyntaxError
	require.True(t, errors.As(json.Unmarshal(doc, new(any)), &syn))
	line, col := OfSyntaxError(doc, syn)
	assert.Equal(t, [2]int{3, 3}, [2]int{line, col}, "the x itself")
}

func TestCause(t *testing.T) {
	for _, tc := range []struct {
		data   string
		reason domain.Reason
		char   string
	}{
		{`this is not JSON`, domain.RJSONUnexpectedChar, "h"},
		{`{"a": 1,}`, domain.RJSONUnexpectedChar, "}"},
		{`{"a": `, domain.RJSONEndsEarly, ""},
	} {
		var serr *json.SyntaxError
		require.True(t, errors.As(json.Unmarshal([]byte(tc.data), new(any)), &serr), tc.data)
		n := Cause(serr)
		assert.Equal(t, tc.reason, n.Reason, tc.data)
		assert.Equal(t, tc.char, n.Params["char"], tc.data)
		assert.Equal(t, serr.Error(), n.Text, "the English text stays the decoder's")
	}
}
