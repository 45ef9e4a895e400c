package exchange

import (
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestTokensPlain_AgreesWithTheTokenWalk holds the byte scan to the token
// walk it stands in for: whatever the walk refuses, the scan must not call
// plain (a false "not plain" only costs the walk).
func TestTokensPlain_AgreesWithTheTokenWalk(t *testing.T) {
	golden, err := os.ReadFile("testdata/rich.golden.json")
	require.NoError(t, err)
	many := `{`
	for i := 0; i < 70; i++ {
		many += `"k` + strings.Repeat("x", i) + `":1,`
	}
	many = strings.TrimSuffix(many, ",") + `}`
	docs := []struct {
		doc   string
		plain bool
	}{
		{string(golden), true},
		{`{"a":1,"b":{"a":2},"c":[{"a":3},{"a":4}]}`, true},
		{`{"a":"x\"y","b":"\\"}`, true},
		{`{"a":1e308,"b":-0.5E-3,"c":123456789012345678901234567890}`, true},
		{`[{"a":[1,2,{"a":{}}]},"a","a"]`, true},
		{`{"a":1,"a":2}`, false},
		{`{"x":{"b":1,"c":[],"b":2}}`, false},
		{`[{"k":1},{"k":1,"k":2}]`, false},
		{`{"a":1,"\u0061":2}`, false},
		{`{"n":1e400}`, false},
		{`{"n":-1E309}`, false},
		{`{"n":` + strings.Repeat("9", 400) + `}`, false},
		{many, false},
	}
	for _, d := range docs {
		walked := walkTokens([]byte(d.doc), 0, "") == nil
		if !walked {
			assert.False(t, tokensPlain([]byte(d.doc)), "%.80s: the walk refuses it", d.doc)
		}
		if d.plain {
			assert.True(t, walked, "%.80s", d.doc)
			assert.True(t, tokensPlain([]byte(d.doc)), "%.80s", d.doc)
		} else {
			assert.False(t, tokensPlain([]byte(d.doc)), "%.80s", d.doc)
		}
		assert.Equal(t, described(walkTokens([]byte(d.doc), 0, "r")), described(checkTokens([]byte(d.doc), 0, "r")), "%.80s", d.doc)
	}
}

// described is an error of walkTokens as its user sees it: the message,
// with the offset it is located at.
func described(err error) string {
	if l, ok := err.(*located); ok {
		return fmt.Sprint(l.offset, ": ", l.build(1, 1))
	}
	return fmt.Sprint(err)
}
