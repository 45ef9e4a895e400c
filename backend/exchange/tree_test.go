package exchange

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// tree stands in for json.Unmarshal into an any on what checkTokens passes:
// the schema and the checksum must see the same values either way.
func TestTree_MatchesUnmarshal(t *testing.T) {
	docs := []string{
		`{}`, `[]`, `null`, `true`, `"x"`, `0`, `-0`, `1e3`, `1.5E-7`, `9007199254740993`, `123456789012345678901234567890`,
		`{"key":"a","n":60.0,"f":false,"nil":null,"list":[1,"two",{"three":[3]},[],{}],"empty":{}}`,
		`{"s":"quote \" backslash \\ slash \/ tab \t nl \n uni \u00e9 pair \ud83d\ude00 lone \ud800 x \u0000"}`,
		`{"s":"中文 ünï 😀 \u2028\u2029 <html> & 'x'"}`,
		` { "spaced" : [ 1 , 2 ] , "k\u0041y" : { } } `,
		`{"deep":{"a":{"b":{"c":{"d":[{"e":[{"f":-1.25e+2}]}]}}}}}`,
	}
	for _, doc := range docs {
		var want any
		require.NoError(t, json.Unmarshal([]byte(doc), &want), doc)
		assert.Equal(t, want, tree([]byte(doc)), doc)
	}
}
