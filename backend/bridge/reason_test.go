package bridge

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The bridge's own refusals carry a reason and its params, in the shape of
// backend/domain's Error, so the page shows them in its language.
func TestServer_RefusalsCarryReasons(t *testing.T) {
	_, ts := newServer(t, Options{})
	for name, tc := range map[string]struct {
		r      req
		status int
		want   string
	}{
		"no such method": {req{path: "/api/Calc/Nope", body: `[]`}, http.StatusNotFound,
			`{"code":"not_found","reason":"door.no_method","message":"There is no method Calc.Nope.","params":{"method":"Calc.Nope"}}`},
		"too few arguments": {req{path: "/api/Calc/Add", body: `[1]`}, http.StatusBadRequest,
			`{"code":"bad_input","reason":"door.args_count","message":"Calc.Add takes 2 argument(s), got 1","params":{"method":"Calc.Add","want":"2","got":"1"}}`},
		"not signed in": {req{path: "/api/Calc/Add", body: `[1,2]`, noToken: true}, http.StatusUnauthorized, ""},
	} {
		t.Run(name, func(t *testing.T) {
			a := do(t, ts, tc.r)
			assert.Equal(t, tc.status, a.status)
			if tc.want != "" {
				assert.JSONEq(t, tc.want, a.body)
			}
			assert.Contains(t, a.body, `"reason":"door.`)
		})
	}
	t.Run("an argument of the wrong type names its field", func(t *testing.T) {
		a := call(t, ts, "/api/Calc/Add", `["one", 2]`)
		require.Equal(t, http.StatusBadRequest, a.status)
		assert.Contains(t, a.body, `"reason":"door.arg_unreadable"`)
		assert.Contains(t, a.body, `"field":"args[0]"`)
		assert.Contains(t, a.body, `"index":"1"`)
	})
}

// A method's error reaches the page as the formatter made it, reason and
// params included.
func TestServer_FormattedErrorKeepsReason(t *testing.T) {
	doc := `{"code":"validation","reason":"key.invalid","message":"\"A B\" is not a valid key","field":"key","params":{"key":"A B"}}`
	_, ts := newServer(t, Options{FormatError: func(error) any { return doc }})
	a := call(t, ts, "/api/Calc/Fail", `["validation"]`)
	assert.Equal(t, http.StatusBadRequest, a.status)
	assert.JSONEq(t, doc, a.body)
}
