package service_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

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

// openShared opens the store file and key of dir as one process does; two
// calls are two processes' view of one store.
func openShared(t *testing.T, dir string, events service.Emitter) *service.Service {
	t.Helper()
	svc, err := service.Open(service.Config{DBPath: filepath.Join(dir, "junction.db"), KeyPath: filepath.Join(dir, "secret.key"), Events: events})
	require.NoError(t, err)
	t.Cleanup(func() { svc.Close() })
	return svc
}

// withDemo makes admin the first-run profile of svc and imports the demo
// connector of p; it returns the demo flow's good inputs.
func withDemo(t *testing.T, svc *service.Service, p *testkit.OpenPlatform) map[string]any {
	t.Helper()
	ctx := context.Background()
	_, err := svc.Enter(ctx, admin, "")
	require.NoError(t, err)
	_, err = svc.Import(ctx, admin, openPlatformPackage(t, p.URL), service.ImportOptions{})
	require.NoError(t, err)
	_, err = svc.CreateFlow(ctx, admin, demoFlow())
	require.NoError(t, err)
	return map[string]any{"appKey": p.AppKey, "appSecret": p.AppSecret}
}

// runHeld starts a run of the demo flow on svc that waits in step 1 (the
// platform holds /code) and returns its id and the run's outcome to come.
func runHeld(t *testing.T, svc *service.Service, p *testkit.OpenPlatform, inputs map[string]any) (string, <-chan *service.FlowRunView) {
	t.Helper()
	p.Hold("/code")
	out := make(chan *service.FlowRunView, 1)
	go func() {
		v, err := svc.RunFlow(context.Background(), admin, "sync-departments", service.FlowRunInput{Inputs: inputs})
		assert.NoError(t, err)
		out <- v
	}()
	<-p.Held()
	runs, err := svc.FlowHistory(context.Background(), admin, "sync-departments", 1)
	require.NoError(t, err)
	require.Len(t, runs, 1)
	require.Equal(t, "", runs[0].Verdict, "the run is running")
	return runs[0].RunID, out
}

// A cancel asked by another process on the store (another service.Open of
// the file) reaches the run through the store: it ends cancelled, not
// error, and its steps after the cancel never run. A second cancel is a
// rule refusal (flow.run_ended); an unknown run is not found. The cancel is
// audited.
func TestCancelFlowRun_FromAnotherProcess(t *testing.T) {
	dir := t.TempDir()
	p := testkit.NewOpenPlatform(t)
	running := openShared(t, dir, nil)
	inputs := withDemo(t, running, p)
	other := openShared(t, dir, nil)
	ctx := context.Background()

	runID, out := runHeld(t, running, p, inputs)
	require.NoError(t, other.CancelFlowRun(ctx, admin, runID))
	var v *service.FlowRunView
	select {
	case v = <-out:
	case <-time.After(10 * time.Second):
		t.Fatal("the run did not end after the cancel")
	}
	require.NotNil(t, v)
	assert.Equal(t, domain.VerdictCancelled, v.Verdict, v.Message)
	assert.Zero(t, p.Calls("/token"), "no step ran after the cancel")
	history, err := other.FlowHistory(ctx, admin, "sync-departments", 1)
	require.NoError(t, err)
	assert.Equal(t, domain.VerdictCancelled, history[0].Verdict)

	err = other.CancelFlowRun(ctx, admin, runID)
	requireCode(t, err, domain.ERule)
	assert.Equal(t, domain.RFlowRunEnded, domain.ErrorReason(err))
	requireCode(t, other.CancelFlowRun(ctx, admin, "no-such-run"), domain.ENotFound)

	entries, err := other.ListAudit(ctx, admin, service.AuditQuery{Action: string(domain.ActionFlowCancel)})
	require.NoError(t, err)
	require.Len(t, entries.Items, 1)
	assert.Equal(t, "sync-departments", entries.Items[0].TargetKey)
}

// In the process that runs it, a cancel ends the run at once (no poll).
func TestCancelFlowRun_InTheSameProcess(t *testing.T) {
	p := testkit.NewOpenPlatform(t)
	svc := openShared(t, t.TempDir(), nil)
	runID, out := runHeld(t, svc, p, withDemo(t, svc, p))
	require.NoError(t, svc.CancelFlowRun(context.Background(), admin, runID))
	select {
	case v := <-out:
		assert.Equal(t, domain.VerdictCancelled, v.Verdict)
	case <-time.After(cancelPollEveryBound):
		t.Fatal("the run was not cancelled at once")
	}
}

// cancelPollEveryBound is less than the cancel poll's period: a run of the
// same process that ends sooner was cancelled directly.
const cancelPollEveryBound = 900 * time.Millisecond

// flowEvents is an Emitter that keeps the EventFlowRun events.
type flowEvents struct {
	mu  sync.Mutex
	got []service.FlowRunEvent
}

func (r *flowEvents) Emit(name string, data any) {
	if name != service.EventFlowRun {
		return
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	r.got = append(r.got, data.(service.FlowRunEvent))
}

// A run emits started, one step event per attempt and forEach item as it
// ends, then ended with the verdict and time; no event carries a request,
// an answer or an input (the app secret).
func TestRunFlow_EmitsItsProgress(t *testing.T) {
	rec := &flowEvents{}
	p := testkit.NewOpenPlatform(t)
	svc := openShared(t, t.TempDir(), rec)
	inputs := withDemo(t, svc, p)
	in := demoFlow()
	in.Key = "with-detail"
	in.Steps = append(in.Steps, domain.Step{Key: "detail", Invoke: "open-platform/get-department",
		ForEach: "{{steps.departments.outputs.departments}}",
		Inputs:  map[string]any{"id": "{{item.id}}", "Authorization": "Bearer {{steps.token.outputs.token}}"}})
	_, err := svc.CreateFlow(context.Background(), admin, in)
	require.NoError(t, err)
	assert.Contains(t, service.Events, service.EventFlowRun, "the doors forward it")

	v, err := svc.RunFlow(context.Background(), admin, "with-detail", service.FlowRunInput{Inputs: inputs})
	require.NoError(t, err)
	require.Equal(t, "ok", v.Verdict, v.Message)
	rec.mu.Lock()
	got := append([]service.FlowRunEvent(nil), rec.got...)
	rec.mu.Unlock()
	require.Len(t, got, 1+3+3+1)
	assert.Equal(t, service.FlowRunEvent{RunID: v.RunID, Flow: "with-detail", Phase: service.FlowPhaseStarted, Item: -1}, got[0])
	var steps []string
	for _, ev := range got[1:7] {
		assert.Equal(t, service.FlowPhaseStep, ev.Phase)
		assert.Equal(t, v.RunID, ev.RunID)
		assert.Equal(t, "ok", ev.Verdict)
		assert.Equal(t, 200, ev.Status)
		assert.Equal(t, 1, ev.Attempt)
		steps = append(steps, fmt.Sprintf("%s/%d", ev.Step, ev.Item))
	}
	assert.Equal(t, []string{"code/-1", "token/-1", "departments/-1"}, steps[:3])
	assert.ElementsMatch(t, []string{"detail/0", "detail/1", "detail/2"}, steps[3:])
	end := got[7]
	assert.Equal(t, service.FlowPhaseEnded, end.Phase)
	assert.Equal(t, "ok", end.Verdict)
	assert.Equal(t, v.Timing.TotalMs, end.TotalMs)
	raw, err := json.Marshal(got)
	require.NoError(t, err)
	assert.NotContains(t, string(raw), p.AppSecret)
	assert.NotContains(t, string(raw), "token-", "no answer reaches an event")
}

// A flow keeps the newest flowRunsKept runs, whatever the per-interface
// history limit: with the limit at its least (10) and 12 kept, 13 runs
// leave 12; lowered to 2, the next run leaves 2. The setting is validated.
func TestRunFlow_KeepsFlowRunsKept(t *testing.T) {
	e := newEnv(t)
	p := testkit.NewOpenPlatform(t)
	_, err := e.svc.Import(e.ctx, admin, openPlatformPackage(t, p.URL), service.ImportOptions{})
	require.NoError(t, err)
	_, err = e.svc.CreateFlow(e.ctx, admin, demoFlow())
	require.NoError(t, err)
	good := map[string]any{"appKey": p.AppKey, "appSecret": p.AppSecret}

	v, err := e.svc.GetSettings(e.ctx, admin)
	require.NoError(t, err)
	assert.Equal(t, domain.DefaultFlowRunsKept, v.FlowRunsKept)
	for _, bad := range []int{-1, service.MaxFlowRunsKept + 1} {
		_, err := e.svc.SaveSettings(e.ctx, admin, service.Settings{BodyCapMB: 10, HistoryLimit: 10, FlowRunsKept: bad})
		requireCode(t, err, domain.EValidation, "flowRunsKept")
	}
	_, err = e.svc.SaveSettings(e.ctx, admin, service.Settings{BodyCapMB: 10, HistoryLimit: 10, FlowRunsKept: 12})
	require.NoError(t, err)
	run := func(n int) {
		for range n {
			_, err := e.svc.RunFlow(e.ctx, admin, "sync-departments", service.FlowRunInput{Inputs: good})
			require.NoError(t, err)
		}
	}
	run(13)
	history, err := e.svc.FlowHistory(e.ctx, admin, "sync-departments", 0)
	require.NoError(t, err)
	assert.Len(t, history, 12, "more runs than the history limit are kept")

	_, err = e.svc.SaveSettings(e.ctx, admin, service.Settings{BodyCapMB: 10, HistoryLimit: 10, FlowRunsKept: 2})
	require.NoError(t, err)
	run(1)
	history, err = e.svc.FlowHistory(e.ctx, admin, "sync-departments", 0)
	require.NoError(t, err)
	assert.Len(t, history, 2)
}
