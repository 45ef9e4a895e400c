package service_test

import (
	"encoding/json"
	"fmt"
	"net/url"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"junction/backend/domain"
	"junction/backend/service"
	"junction/backend/testkit"
)

// accountPackage is the open platform's connector with the app key and
// secret on the connection's account, as the studio's demo has them: the
// token call reads {{account.appKey}} and {{account.appSecret}}.
func accountPackage(t *testing.T, base string) []byte {
	t.Helper()
	u, err := url.Parse(base)
	require.NoError(t, err)
	tmpl := func(name, value string) string {
		return fmt.Sprintf(`{"name":%q,"in":"body","type":"string","required":true,"source":{"kind":"template","value":%q}}`, name, value)
	}
	return []byte(`{"format":"junction-package","version":1,"connectors":[{"key":"open-platform","name":"Open platform",
	 "connections":[{"key":"prod","name":"Production","protocol":"http","host":"` + u.Host + `",
	   "accounts":[{"name":"default","default":true,"fields":{"appKey":"app-key-1"},"secretFields":["appSecret"]}]}],
	 "interfaces":[
	  {"key":"get-code","name":"Get a code","connection":"prod","method":"GET","path":"/code",
	   "response":[{"name":"code","type":"string","path":"code"}],"success":{"all":[{"field":"status","op":"eq","value":200}]}},
	  {"key":"get-token","name":"Get a user token","connection":"prod","method":"POST","path":"/token","bodyType":"json",
	   "request":[{"name":"code","in":"body","type":"string","required":true,"source":{"kind":"input"}},` +
		tmpl("appKey", "{{account.appKey}}") + `,` + tmpl("appSecret", "{{account.appSecret}}") + `],
	   "response":[{"name":"token","type":"string","path":"access_token"},{"name":"errmsg","type":"string","path":"errmsg"}],
	   "success":{"all":[{"field":"status","op":"eq","value":200},{"field":"response.errcode","op":"eq","value":0}]},
	   "messages":{"unmet":"The platform refused the token: {{response.errmsg}}"}},
	  {"key":"list-departments","name":"List departments","connection":"prod","method":"GET","path":"/departments",
	   "request":[{"name":"Authorization","in":"header","type":"string","required":true,"source":{"kind":"input"}}],
	   "response":[{"name":"departments","type":"array","path":"departments","children":[{"name":"id","type":"integer","path":"id"},{"name":"name","type":"string","path":"name"}]}],
	   "success":{"all":[{"field":"status","op":"eq","value":200}]}}]}]}`)
}

// accountFlow is the demo flow over accountPackage: no inputs, the token
// step maps the code only.
func accountFlow() service.FlowInput {
	in := demoFlow()
	in.Inputs = nil
	delete(in.Steps[1].Inputs, "appKey")
	delete(in.Steps[1].Inputs, "appSecret")
	return in
}

// The detail of a run holds every step attempt with its request as sent,
// its response and outputs, and never the app secret: not in the request
// body that carried it, not anywhere in the detail.
func TestFlowRunDetail_EveryAttemptRecordedWithoutTheSecret(t *testing.T) {
	e := newEnv(t)
	p := testkit.NewOpenPlatform(t)
	_, err := e.svc.Import(e.ctx, admin, accountPackage(t, p.URL), service.ImportOptions{})
	require.NoError(t, err)
	require.NoError(t, e.svc.SetSecret(e.ctx, admin, "open-platform", "prod", "default", "appSecret", p.AppSecret))
	_, err = e.svc.CreateFlow(e.ctx, admin, accountFlow())
	require.NoError(t, err)

	run, err := e.svc.RunFlow(e.ctx, admin, "sync-departments", service.FlowRunInput{})
	require.NoError(t, err)
	require.Equal(t, "ok", run.Verdict, run.Message)

	d, err := e.svc.FlowRunDetail(e.ctx, admin, run.RunID)
	require.NoError(t, err)
	assert.Equal(t, "sync-departments", d.Flow)
	assert.Equal(t, "ok", d.Verdict)
	assert.NotNil(t, d.EndedAt)
	require.Len(t, d.Attempts, 3)
	for i, key := range []string{"code", "token", "departments"} {
		a := d.Attempts[i]
		assert.Equal(t, key, a.Step)
		assert.Equal(t, -1, a.Item)
		assert.Equal(t, 1, a.Attempt)
		assert.Equal(t, 200, a.Status)
		assert.Equal(t, "ok", a.Verdict)
		assert.NotEmpty(t, a.Request.URL, key)
		assert.NotEmpty(t, a.Response.Body, key)
		// The call runner's timing, kept with the attempt: first byte within the total.
		assert.Positive(t, a.Timing.FirstByteMs, key)
		assert.LessOrEqual(t, a.Timing.FirstByteMs, a.Timing.TotalMs, key)
	}
	assert.Equal(t, "POST", d.Attempts[1].Request.Method)
	assert.Contains(t, d.Attempts[1].Request.Body, "app-key-1", "the request as sent")
	assert.Contains(t, d.Attempts[0].Outputs, "code")
	assert.Len(t, d.Outputs["departments"], len(testkit.Departments))

	whole, err := json.Marshal(d)
	require.NoError(t, err)
	assert.NotContains(t, string(whole), p.AppSecret)
}

// A wrong secret: the detail shows step 2's refusal and no attempt of step
// 3; a re-run from the failed step records step 1 as reused, not called.
func TestFlowRunDetail_AFailedRunAndItsRerun(t *testing.T) {
	e := newEnv(t)
	p := testkit.NewOpenPlatform(t)
	_, err := e.svc.Import(e.ctx, admin, accountPackage(t, p.URL), service.ImportOptions{})
	require.NoError(t, err)
	require.NoError(t, e.svc.SetSecret(e.ctx, admin, "open-platform", "prod", "default", "appSecret", "wrong-secret"))
	_, err = e.svc.CreateFlow(e.ctx, admin, accountFlow())
	require.NoError(t, err)

	failed, err := e.svc.RunFlow(e.ctx, admin, "sync-departments", service.FlowRunInput{})
	require.NoError(t, err)
	d, err := e.svc.FlowRunDetail(e.ctx, admin, failed.RunID)
	require.NoError(t, err)
	assert.Equal(t, "unmet", d.Verdict)
	assert.Equal(t, "token", d.FailedAt)
	require.Len(t, d.Attempts, 2, "step 3 never ran")
	assert.Equal(t, 401, d.Attempts[1].Status)
	assert.Contains(t, d.Attempts[1].Message, "invalid app key or app secret")
	whole, err := json.Marshal(d)
	require.NoError(t, err)
	assert.NotContains(t, string(whole), "wrong-secret")

	require.NoError(t, e.svc.SetSecret(e.ctx, admin, "open-platform", "prod", "default", "appSecret", p.AppSecret))
	again, err := e.svc.RerunFlow(e.ctx, admin, failed.RunID, true)
	require.NoError(t, err)
	require.Equal(t, "ok", again.Verdict, again.Message)
	rd, err := e.svc.FlowRunDetail(e.ctx, admin, again.RunID)
	require.NoError(t, err)
	assert.Equal(t, []string{"code"}, rd.Reused)
	assert.Equal(t, failed.RunID, rd.RerunOf)
	assert.Equal(t, domain.TriggerRerun, rd.Trigger)
	require.Len(t, rd.Attempts, 2, "step 1 reused, not called")
	assert.Equal(t, "token", rd.Attempts[0].Step)
	assert.Equal(t, 1, p.Calls("/code"))

	rows, err := e.svc.FlowHistory(e.ctx, admin, "sync-departments", 0)
	require.NoError(t, err)
	require.Len(t, rows, 2)
	assert.Equal(t, again.RunID, rows[0].RunID, "newest first")
	assert.Equal(t, []string{"code"}, rows[0].Reused)
	assert.Equal(t, failed.RunID, rows[0].RerunOf)
	assert.Equal(t, "token", rows[1].FailedAt)
	assert.NotNil(t, rows[1].EndedAt)
}

// Only those who may view the flow read its runs; an unknown run is not found.
func TestFlowRunDetail_NeedsViewOnTheFlow(t *testing.T) {
	e := newEnv(t)
	p := testkit.NewOpenPlatform(t)
	_, err := e.svc.Import(e.ctx, admin, accountPackage(t, p.URL), service.ImportOptions{})
	require.NoError(t, err)
	_, err = e.svc.CreateFlow(e.ctx, admin, accountFlow())
	require.NoError(t, err)
	run, err := e.svc.RunFlow(e.ctx, admin, "sync-departments", service.FlowRunInput{})
	require.NoError(t, err)

	e.addUser(stranger, domain.PermConnectorsView)
	_, err = e.svc.FlowRunDetail(e.ctx, stranger, run.RunID)
	assert.Equal(t, domain.EPermission, domain.ErrorCode(err))

	_, err = e.svc.FlowRunDetail(e.ctx, admin, "no-such-run")
	assert.Equal(t, domain.ENotFound, domain.ErrorCode(err))
}
