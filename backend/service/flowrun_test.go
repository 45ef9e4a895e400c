package service_test

import (
	"fmt"
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"junction/backend/domain"
	"junction/backend/service"
	"junction/backend/testkit"
)

// openPlatformPackage is a package of one connector that plays the open
// platform of testkit.OpenPlatform at base: a code, a user token from the
// code and the app's key and secret, the departments with the token, one
// department by id.
func openPlatformPackage(t *testing.T, base string) []byte {
	t.Helper()
	u, err := url.Parse(base)
	require.NoError(t, err)
	ok := `{"all":[{"field":"status","op":"eq","value":200},{"field":"response.errcode","op":"eq","value":0}]}`
	in := func(name, where string) string {
		return fmt.Sprintf(`{"name":%q,"in":%q,"type":"string","required":true,"source":{"kind":"input"}}`, name, where)
	}
	return []byte(`{"format":"junction-package","version":1,"connectors":[{"key":"open-platform","name":"Open platform",
	 "connections":[{"key":"prod","name":"Production","protocol":"http","host":"` + u.Host + `"}],
	 "interfaces":[
	  {"key":"get-code","name":"Get a code","connection":"prod","method":"GET","path":"/code",
	   "response":[{"name":"code","type":"string","path":"code"}],"success":{"all":[{"field":"status","op":"eq","value":200}]}},
	  {"key":"get-token","name":"Get a user token","connection":"prod","method":"POST","path":"/token","bodyType":"json",
	   "request":[` + in("code", "body") + `,` + in("appKey", "body") + `,` + in("appSecret", "body") + `],
	   "response":[{"name":"token","type":"string","path":"access_token"},{"name":"errmsg","type":"string","path":"errmsg"}],
	   "success":` + ok + `,"messages":{"unmet":"The platform refused the token: {{response.errmsg}}"}},
	  {"key":"list-departments","name":"List departments","connection":"prod","method":"GET","path":"/departments",
	   "request":[` + in("Authorization", "header") + `],
	   "response":[{"name":"departments","type":"array","path":"departments","children":[{"name":"id","type":"integer","path":"id"},{"name":"name","type":"string","path":"name"}]}],
	   "success":` + ok + `},
	  {"key":"get-department","name":"Get a department","connection":"prod","method":"GET","path":"/departments/{id}",
	   "request":[{"name":"id","in":"path","type":"integer","required":true,"source":{"kind":"input"}},` + in("Authorization", "header") + `],
	   "response":[{"name":"name","type":"string","path":"name"},{"name":"members","type":"integer","path":"members"}],
	   "success":` + ok + `}]}]}`)
}

// demoFlow chains the three interfaces.
func demoFlow() service.FlowInput {
	return service.FlowInput{
		Key: "sync-departments", Name: "Sync departments", Trigger: domain.Trigger{Type: domain.TriggerManual},
		Inputs: []domain.Param{{Name: "appKey", Type: "string", Required: true}, {Name: "appSecret", Type: "string", Required: true}},
		Steps: []domain.Step{
			{Key: "code", Invoke: "open-platform/get-code", Inputs: map[string]any{}},
			{Key: "token", Invoke: "open-platform/get-token", Inputs: map[string]any{
				"code": "{{steps.code.outputs.code}}", "appKey": "{{input.appKey}}", "appSecret": "{{input.appSecret}}"}},
			{Key: "departments", Invoke: "open-platform/list-departments", Inputs: map[string]any{
				"Authorization": "Bearer {{steps.token.outputs.token}}"}},
		},
		Outputs: map[string]string{"departments": "{{steps.departments.outputs.departments}}"},
	}
}

// The headline scenario through the service: the flow passes with the
// right secret; with a wrong one it stops at step 2 with step 2's message
// and step 3 never runs; re-run from the failed step, on the flow fixed,
// does not call step 1 again. Every run is in the flow's history.
func TestRunFlow_TheOpenPlatformDemo(t *testing.T) {
	e := newEnv(t)
	p := testkit.NewOpenPlatform(t)
	_, err := e.svc.Import(e.ctx, admin, openPlatformPackage(t, p.URL), service.ImportOptions{})
	require.NoError(t, err)
	_, err = e.svc.CreateFlow(e.ctx, admin, demoFlow())
	require.NoError(t, err)

	good := map[string]any{"appKey": p.AppKey, "appSecret": p.AppSecret}
	run, err := e.svc.RunFlow(e.ctx, admin, "sync-departments", service.FlowRunInput{Inputs: good})
	require.NoError(t, err)
	require.Equal(t, "ok", run.Verdict, run.Message)
	assert.True(t, run.OK)
	require.Len(t, run.Steps, 3)
	assert.Len(t, run.Outputs["departments"], len(testkit.Departments))

	bad := map[string]any{"appKey": p.AppKey, "appSecret": "wrong"}
	failed, err := e.svc.RunFlow(e.ctx, admin, "sync-departments", service.FlowRunInput{Inputs: bad})
	require.NoError(t, err)
	assert.Equal(t, "unmet", failed.Verdict)
	assert.Contains(t, failed.Message, "invalid app key or app secret")
	require.Len(t, failed.Steps, 2, "step 3 never ran")
	assert.Equal(t, "token", failed.Steps[1].Key)
	assert.Equal(t, 1, p.Calls("/departments"))

	codes := p.Calls("/code")
	_, err = e.svc.RerunFlow(e.ctx, admin, failed.RunID, true)
	require.NoError(t, err) // the same wrong secret: fails again at step 2, without a new code
	assert.Equal(t, codes, p.Calls("/code"), "the re-run reused step 1's code")

	history, err := e.svc.FlowHistory(e.ctx, admin, "sync-departments", 0)
	require.NoError(t, err)
	require.Len(t, history, 3)
	assert.Equal(t, domain.TriggerRerun, history[0].Trigger)
	for _, h := range history {
		assert.NotContains(t, strings.ToLower(h.Message), strings.ToLower(p.AppSecret))
	}
}

// A run refuses inputs the flow does not declare and a missing required
// one, naming the input, and records no run.
func TestRunFlow_RefusesBadInputs(t *testing.T) {
	e := newEnv(t)
	p := testkit.NewOpenPlatform(t)
	_, err := e.svc.Import(e.ctx, admin, openPlatformPackage(t, p.URL), service.ImportOptions{})
	require.NoError(t, err)
	_, err = e.svc.CreateFlow(e.ctx, admin, demoFlow())
	require.NoError(t, err)
	for name, inputs := range map[string]map[string]any{
		"inputs.appSecret": {"appKey": "k"},
		"inputs.extra":     {"appKey": "k", "appSecret": "s", "extra": 1},
	} {
		_, err := e.svc.RunFlow(e.ctx, admin, "sync-departments", service.FlowRunInput{Inputs: inputs})
		var de *domain.Error
		require.ErrorAs(t, err, &de, name)
		assert.Equal(t, name, de.Field)
	}
	history, err := e.svc.FlowHistory(e.ctx, admin, "sync-departments", 0)
	require.NoError(t, err)
	assert.Empty(t, history)
	assert.Zero(t, p.Calls("/code"))
}
