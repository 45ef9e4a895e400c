package cli

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// --json errors carry the reason and params beside code, message and field:
// {"error":{"code","reason","message","field","params"}} (docs/cli.md).
func TestRun_JSONErrorCarriesReason(t *testing.T) {
	e := newEnv(t)
	t.Setenv("JUNCTION_TEST_UNSET_VARIABLE", "")
	r := e.run("secret", "set", "crm/prod/default", "token", "--from-env", "JUNCTION_TEST_UNSET_VARIABLE", "--json")
	assert.Equal(t, ExitUsage, r.code)
	var doc struct {
		Error map[string]json.RawMessage `json:"error"`
	}
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &doc), r.stdout)
	for _, k := range []string{"code", "reason", "message", "field", "params"} {
		assert.Contains(t, doc.Error, k)
	}
	assert.JSONEq(t, `"door.env_empty"`, string(doc.Error["reason"]))
	assert.JSONEq(t, `{"name":"JUNCTION_TEST_UNSET_VARIABLE"}`, string(doc.Error["params"]))
	assert.JSONEq(t, `"from-env"`, string(doc.Error["field"]))
}

// An error without params still has the params object, so readers need not
// test for it.
func TestRun_JSONErrorHasParamsAlways(t *testing.T) {
	e := newEnv(t)
	r := e.run("connector", "show", "nosuch", "--json")
	require.NotEqual(t, 0, r.code)
	var doc struct {
		Error map[string]json.RawMessage `json:"error"`
	}
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &doc), r.stdout)
	assert.Contains(t, doc.Error, "reason")
	assert.Contains(t, doc.Error, "params")
}
