package flow_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"junction/backend/domain"
	"junction/backend/flow"
	"junction/backend/flow/flowtest"
	"junction/backend/invoke"
	"junction/backend/testkit"
)

// platformCaller calls the test open platform over HTTP as the service's
// call runner would call the demo connector's interfaces.
type platformCaller struct{ base string }

func (c platformCaller) Call(ctx context.Context, step *domain.Step, in map[string]any) (flow.StepOutcome, error) {
	method, path, header := http.MethodGet, "", ""
	var body []byte
	var pick func(map[string]any) map[string]any
	switch step.Invoke {
	case "open/code":
		path = "/code"
		pick = func(b map[string]any) map[string]any { return map[string]any{"code": b["code"]} }
	case "open/token":
		method, path = http.MethodPost, "/token"
		body, _ = json.Marshal(map[string]any{"code": in["code"], "appKey": in["appKey"], "appSecret": in["appSecret"]})
		pick = func(b map[string]any) map[string]any { return map[string]any{"token": b["access_token"]} }
	case "open/departments":
		path, header = "/departments", fmt.Sprint(in["token"])
		pick = func(b map[string]any) map[string]any { return map[string]any{"departments": b["departments"]} }
	case "open/department":
		path, header = fmt.Sprintf("/departments/%v", in["id"]), fmt.Sprint(in["token"])
		pick = func(b map[string]any) map[string]any {
			return map[string]any{"name": b["name"], "members": b["members"]}
		}
	default:
		return flow.StepOutcome{}, fmt.Errorf("no interface %s", step.Invoke)
	}
	req, err := http.NewRequestWithContext(ctx, method, c.base+path, bytes.NewReader(body))
	if err != nil {
		return flow.StepOutcome{}, err
	}
	if header != "" {
		req.Header.Set("Authorization", "Bearer "+header)
	}
	// The record names what was sent, never the secret or the token.
	sent, _ := json.Marshal(map[string]any{"method": method, "path": path})
	o := flow.StepOutcome{Method: method, Request: sent}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		o.Verdict, o.Message = invoke.VerdictError, err.Error()
		return o, nil
	}
	defer res.Body.Close()
	var b map[string]any
	_ = json.NewDecoder(res.Body).Decode(&b)
	o.Status = res.StatusCode
	o.Response, _ = json.Marshal(map[string]any{"status": res.StatusCode, "body": b})
	if s, err := strconv.Atoi(res.Header.Get("Retry-After")); err == nil {
		o.RetryAfter = time.Duration(s) * time.Second
	}
	if res.StatusCode/100 != 2 {
		o.Verdict, o.Message = invoke.VerdictUnmet, fmt.Sprintf("%d: %v", res.StatusCode, b["errmsg"])
		return o, nil
	}
	o.Verdict, o.Outputs = invoke.VerdictOK, pick(b)
	return o, nil
}

// records keeps the step records a run reports.
type records struct {
	mu   sync.Mutex
	runs []domain.StepRun
}

func (r *records) Step(sr domain.StepRun) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.runs = append(r.runs, sr)
}

func (r *records) of(key string) []domain.StepRun {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []domain.StepRun
	for _, sr := range r.runs {
		if sr.StepKey == key {
			out = append(out, sr)
		}
	}
	return out
}

// demoFlow is the seed's demo: code, then a user token from the code and
// the app's key and secret, then the departments with the token.
func demoFlow() *domain.Flow {
	return &domain.Flow{
		Key: "departments", Name: "Departments", TimeoutSec: 600,
		Steps: []domain.Step{
			{Key: "code", Invoke: "open/code"},
			{Key: "token", Invoke: "open/token", Inputs: map[string]any{
				"code": "{{steps.code.outputs.code}}", "appKey": "{{input.appKey}}", "appSecret": "{{input.appSecret}}"}},
			{Key: "departments", Invoke: "open/departments", Inputs: map[string]any{"token": "{{steps.token.outputs.token}}"}},
		},
		Outputs: map[string]string{
			"departments": "{{steps.departments.outputs.departments}}",
			"first":       "first is {{steps.departments.outputs.departments.0.name}}",
		},
	}
}

func demoInput(p *testkit.OpenPlatform, secret string) flow.RunInput {
	return flow.RunInput{Inputs: map[string]any{"appKey": p.AppKey, "appSecret": secret}}
}

func start() *flowtest.Clock { return flowtest.NewClock(time.Date(2026, 12, 3, 9, 0, 0, 0, time.UTC)) }

func TestRun_PassesWithTheRightSecret(t *testing.T) {
	p := testkit.NewOpenPlatform(t)
	rec := &records{}
	res := flow.Run(context.Background(), demoFlow(), demoInput(p, p.AppSecret), platformCaller{p.URL}, start(), rec)

	require.Equal(t, invoke.VerdictOK, res.Verdict, res.Message)
	assert.Empty(t, res.FailedAt)
	deps := res.Outputs["departments"].([]any)
	require.Len(t, deps, 3)
	assert.Equal(t, "first is Engineering", res.Outputs["first"])
	assert.Equal(t, 1, p.Calls("/code"))
	assert.Equal(t, 1, p.Calls("/token"))
	assert.Equal(t, 1, p.Calls("/departments"))
	for _, key := range []string{"code", "token", "departments"} {
		srs := rec.of(key)
		require.Len(t, srs, 1, key)
		assert.Equal(t, invoke.VerdictOK, srs[0].Verdict)
		assert.Equal(t, 1, srs[0].Attempt)
		assert.Equal(t, -1, srs[0].Item)
		assert.NotContains(t, string(srs[0].Request), p.AppSecret)
	}
}

func TestRun_WrongSecretStopsAtStep2_ThenRerunFromTheFailedStepSkipsStep1(t *testing.T) {
	p := testkit.NewOpenPlatform(t)
	f := demoFlow()
	rec := &records{}
	res := flow.Run(context.Background(), f, demoInput(p, "wrong"), platformCaller{p.URL}, start(), rec)

	require.Equal(t, invoke.VerdictUnmet, res.Verdict)
	require.Equal(t, "token", res.FailedAt)
	assert.Equal(t, "401: invalid app key or app secret", res.Message)
	assert.Equal(t, 0, p.Calls("/departments"), "step 3 never runs")
	assert.Empty(t, rec.of("departments"))
	// a 401 is not retried, even for a step without retry settings
	assert.Equal(t, 1, p.Calls("/token"))

	// The platform's code is good for one exchange, and it was not used
	// up by the refused one here; the re-run reuses it.
	rerun := &records{}
	in := demoInput(p, p.AppSecret)
	in.Previous, in.FailedAt = rec.runs, res.FailedAt
	res2 := flow.Run(context.Background(), f, in, platformCaller{p.URL}, start(), rerun)

	require.Equal(t, invoke.VerdictOK, res2.Verdict, res2.Message)
	assert.Equal(t, []string{"code"}, res2.Reused)
	assert.Equal(t, 1, p.Calls("/code"), "step 1 is not called again")
	assert.Equal(t, 2, p.Calls("/token"))
	assert.Equal(t, 1, p.Calls("/departments"))
	assert.Empty(t, rerun.of("code"), "a reused step is not recorded again")
	assert.Len(t, res2.Outputs["departments"].([]any), 3)
}

func forEachFlow(concurrency int) *domain.Flow {
	f := demoFlow()
	f.Steps = append(f.Steps, domain.Step{
		Key: "detail", Invoke: "open/department", ForEach: "{{steps.departments.outputs.departments}}", Concurrency: concurrency,
		Inputs: map[string]any{"id": "{{item.id}}", "token": "{{steps.token.outputs.token}}"},
	})
	f.Outputs = map[string]string{"details": "{{steps.detail.outputs}}"}
	return f
}

func TestRun_ForEachCallsOncePerDepartmentInOrder(t *testing.T) {
	for _, concurrency := range []int{1, 2} {
		t.Run(fmt.Sprintf("concurrency %d", concurrency), func(t *testing.T) {
			p := testkit.NewOpenPlatform(t)
			rec := &records{}
			res := flow.Run(context.Background(), forEachFlow(concurrency), demoInput(p, p.AppSecret), platformCaller{p.URL}, start(), rec)

			require.Equal(t, invoke.VerdictOK, res.Verdict, res.Message)
			for id := 1; id <= 3; id++ {
				assert.Equal(t, 1, p.Calls(fmt.Sprintf("/departments/%d", id)))
			}
			details := res.Outputs["details"].([]any)
			require.Len(t, details, 3)
			for i, name := range []string{"Engineering", "Sales", "Support"} {
				assert.Equal(t, name, details[i].(map[string]any)["name"], "results in order")
			}
			items := map[int]bool{}
			for _, sr := range rec.of("detail") {
				items[sr.Item] = true
			}
			assert.Equal(t, map[int]bool{0: true, 1: true, 2: true}, items)
		})
	}
}

func TestRun_ForEachConcurrencyTwoRunsTwoAtATime(t *testing.T) {
	p := testkit.NewOpenPlatform(t)
	release := p.Hold("/departments/1")
	release2 := p.Hold("/departments/2")
	done := make(chan *flow.Result)
	go func() {
		done <- flow.Run(context.Background(), forEachFlow(2), demoInput(p, p.AppSecret), platformCaller{p.URL}, start(), &records{})
	}()
	held := map[string]bool{<-p.Held(): true, <-p.Held(): true}
	assert.Equal(t, map[string]bool{"/departments/1": true, "/departments/2": true}, held, "two items call at once")
	assert.Equal(t, 0, p.Calls("/departments/3"), "the third waits for a free slot")
	release()
	release2()
	res := <-done
	require.Equal(t, invoke.VerdictOK, res.Verdict, res.Message)
	assert.Equal(t, 1, p.Calls("/departments/3"))
}

func TestRun_A503ThenA200SucceedsOnAttempt2(t *testing.T) {
	p := testkit.NewOpenPlatform(t)
	p.FailNext("/departments", testkit.Fault{Status: http.StatusServiceUnavailable})
	f := demoFlow()
	f.Steps[2].Retry = &domain.Retry{Attempts: 3, BackoffMs: 1000}
	clock := start()
	rec := &records{}
	done := make(chan *flow.Result)
	go func() {
		done <- flow.Run(context.Background(), f, demoInput(p, p.AppSecret), platformCaller{p.URL}, clock, rec)
	}()

	waits := clock.AwaitWaits(2) // the flow's timeout and the backoff
	backoff := waits[1]
	assert.GreaterOrEqual(t, backoff, 500*time.Millisecond, "1 s with jitter")
	assert.LessOrEqual(t, backoff, 1500*time.Millisecond)
	assert.Equal(t, 1, p.Calls("/departments"), "no second attempt before the backoff passes")
	clock.Advance(backoff)
	res := <-done

	require.Equal(t, invoke.VerdictOK, res.Verdict, res.Message)
	srs := rec.of("departments")
	require.Len(t, srs, 2)
	assert.Equal(t, []int{1, 2}, []int{srs[0].Attempt, srs[1].Attempt})
	assert.Equal(t, http.StatusServiceUnavailable, srs[0].Status)
	assert.Equal(t, invoke.VerdictOK, srs[1].Verdict)
}

func TestRun_RetryAfterIsHonoured(t *testing.T) {
	p := testkit.NewOpenPlatform(t)
	p.FailNext("/departments", testkit.Fault{Status: http.StatusTooManyRequests, RetryAfter: "30"})
	f := demoFlow()
	f.Steps[2].Retry = &domain.Retry{Attempts: 2, BackoffMs: 100}
	clock := start()
	done := make(chan *flow.Result)
	go func() {
		done <- flow.Run(context.Background(), f, demoInput(p, p.AppSecret), platformCaller{p.URL}, clock, &records{})
	}()

	waits := clock.AwaitWaits(2)
	assert.Equal(t, 30*time.Second, waits[1], "the server's 30 s, not the 100 ms backoff")
	clock.Advance(29 * time.Second)
	assert.Equal(t, 1, p.Calls("/departments"))
	clock.Advance(time.Second)
	res := <-done
	require.Equal(t, invoke.VerdictOK, res.Verdict, res.Message)
	assert.Equal(t, 2, p.Calls("/departments"))
}

func TestRun_NoRetryByDefaultForPOST_DefaultRetryForGET(t *testing.T) {
	p := testkit.NewOpenPlatform(t)
	p.FailNext("/token", testkit.Fault{Status: http.StatusServiceUnavailable})
	res := flow.Run(context.Background(), demoFlow(), demoInput(p, p.AppSecret), platformCaller{p.URL}, start(), &records{})
	assert.Equal(t, invoke.VerdictUnmet, res.Verdict)
	assert.Equal(t, "token", res.FailedAt)
	assert.Equal(t, 1, p.Calls("/token"), "a POST is not retried unless the step says so")

	p.FailNext("/departments", testkit.Fault{Status: http.StatusBadGateway})
	clock := start()
	done := make(chan *flow.Result)
	go func() {
		done <- flow.Run(context.Background(), demoFlow(), demoInput(p, p.AppSecret), platformCaller{p.URL}, clock, &records{})
	}()
	clock.Advance(clock.AwaitWaits(2)[1])
	res = <-done
	require.Equal(t, invoke.VerdictOK, res.Verdict, res.Message)
	assert.Equal(t, 2, p.Calls("/departments"), "a GET is retried by default")
}

func TestRun_RetriesSpentFailsTheStep(t *testing.T) {
	p := testkit.NewOpenPlatform(t)
	p.FailNext("/departments", testkit.Fault{Status: 500}, testkit.Fault{Status: 500})
	f := demoFlow()
	f.Steps[2].Retry = &domain.Retry{Attempts: 2, BackoffMs: 10}
	clock := start()
	done := make(chan *flow.Result)
	go func() {
		done <- flow.Run(context.Background(), f, demoInput(p, p.AppSecret), platformCaller{p.URL}, clock, &records{})
	}()
	clock.Advance(clock.AwaitWaits(2)[1])
	res := <-done
	assert.Equal(t, invoke.VerdictUnmet, res.Verdict)
	assert.Equal(t, "departments", res.FailedAt)
	assert.Equal(t, 2, p.Calls("/departments"))
}

func TestRun_TheFlowTimeoutEndsTheRun(t *testing.T) {
	p := testkit.NewOpenPlatform(t)
	p.Hold("/departments")
	f := demoFlow()
	f.TimeoutSec = 60
	clock := start()
	rec := &records{}
	done := make(chan *flow.Result)
	go func() {
		done <- flow.Run(context.Background(), f, demoInput(p, p.AppSecret), platformCaller{p.URL}, clock, rec)
	}()
	<-p.Held()
	assert.Equal(t, 60*time.Second, clock.AwaitWaits(1)[0])
	clock.Advance(60 * time.Second)
	res := <-done
	assert.Equal(t, invoke.VerdictTimeout, res.Verdict)
	assert.Equal(t, "departments", res.FailedAt)
	assert.Contains(t, res.Message, "timeout of 1m0s")
	assert.Equal(t, 60*time.Second, res.EndedAt.Sub(res.StartedAt))
	srs := rec.of("departments")
	require.Len(t, srs, 1)
	assert.Equal(t, invoke.VerdictTimeout, srs[0].Verdict, "the step the timeout cut says so")
}

func TestRun_CancelEndsTheRun(t *testing.T) {
	p := testkit.NewOpenPlatform(t)
	p.Hold("/token")
	ctx, cancel := context.WithCancel(context.Background())
	rec := &records{}
	done := make(chan *flow.Result)
	go func() {
		done <- flow.Run(ctx, demoFlow(), demoInput(p, p.AppSecret), platformCaller{p.URL}, start(), rec)
	}()
	<-p.Held()
	cancel()
	res := <-done
	assert.Equal(t, domain.VerdictCancelled, res.Verdict)
	assert.Equal(t, domain.VerdictCancelled, rec.of("token")[0].Verdict)
	assert.Equal(t, "token", res.FailedAt)
	assert.Equal(t, 0, p.Calls("/departments"))
}

func TestRun_OnFailureContinueRunsTheNextSteps(t *testing.T) {
	p := testkit.NewOpenPlatform(t)
	f := demoFlow()
	f.Steps[1].OnFailure = domain.OnFailureContinue
	f.Steps[2].OnFailure = domain.OnFailureContinue
	f.Steps = append(f.Steps, domain.Step{Key: "after", Invoke: "open/code"})
	rec := &records{}
	res := flow.Run(context.Background(), f, demoInput(p, "wrong"), platformCaller{p.URL}, start(), rec)

	assert.Equal(t, invoke.VerdictUnmet, res.Verdict, "the run still says a step failed")
	assert.Equal(t, "token", res.FailedAt)
	assert.Equal(t, 1, p.Calls("/departments"), "step 3 runs (and is refused without a token)")
	assert.Equal(t, 2, p.Calls("/code"), "and so does step 4")
	assert.Equal(t, invoke.VerdictOK, rec.of("after")[0].Verdict)
}

func TestRun_RunIfFalseSkipsTheStep(t *testing.T) {
	p := testkit.NewOpenPlatform(t)
	f := demoFlow()
	f.Steps[2].RunIf = &domain.Condition{Field: "input.listDepartments", Op: "eq", Value: true}
	in := demoInput(p, p.AppSecret)
	in.Inputs["listDepartments"] = false
	rec := &records{}
	res := flow.Run(context.Background(), f, in, platformCaller{p.URL}, start(), rec)

	require.Equal(t, invoke.VerdictOK, res.Verdict, res.Message)
	assert.Equal(t, 0, p.Calls("/departments"))
	srs := rec.of("departments")
	require.Len(t, srs, 1)
	assert.Equal(t, domain.VerdictSkipped, srs[0].Verdict)

	in.Inputs["listDepartments"] = true
	res = flow.Run(context.Background(), f, in, platformCaller{p.URL}, start(), &records{})
	require.Equal(t, invoke.VerdictOK, res.Verdict, res.Message)
	assert.Equal(t, 1, p.Calls("/departments"))
}

func TestRun_RunIfReadsAnEarlierStepsStatus(t *testing.T) {
	p := testkit.NewOpenPlatform(t)
	f := demoFlow()
	f.Steps[1].OnFailure = domain.OnFailureContinue
	// departments only when the token step answered 200; here it answers 401
	f.Steps[2].RunIf = &domain.Condition{Field: "steps.token.status", Op: "eq", Value: 200}
	rec := &records{}
	res := flow.Run(context.Background(), f, demoInput(p, "wrong"), platformCaller{p.URL}, start(), rec)

	assert.Equal(t, "token", res.FailedAt)
	assert.Equal(t, 0, p.Calls("/departments"))
	assert.Equal(t, domain.VerdictSkipped, rec.of("departments")[0].Verdict)
	assert.Equal(t, 401, mustGet(t, res.Steps, "token")["status"])
}

func mustGet(t *testing.T, steps map[string]any, key string) map[string]any {
	t.Helper()
	e, ok := steps[key].(map[string]any)
	require.True(t, ok, key)
	return e
}

func TestRun_AForEachThatIsNotAnArrayFailsTheStep(t *testing.T) {
	p := testkit.NewOpenPlatform(t)
	f := demoFlow()
	f.Steps[2].ForEach = "{{steps.token.outputs.token}}"
	res := flow.Run(context.Background(), f, demoInput(p, p.AppSecret), platformCaller{p.URL}, start(), &records{})
	assert.Equal(t, invoke.VerdictError, res.Verdict)
	assert.Equal(t, "departments", res.FailedAt)
	assert.Equal(t, "forEach {{steps.token.outputs.token}} does not give an array", res.Message)
	assert.Equal(t, 0, p.Calls("/departments"))
}

func TestRun_AFailedForEachItemFailsTheStepAndLaterItemsDoNotStart(t *testing.T) {
	p := testkit.NewOpenPlatform(t)
	f := demoFlow()
	f.Steps = append(f.Steps, domain.Step{
		Key: "detail", Invoke: "open/department", ForEach: "{{input.ids}}", Concurrency: 1,
		Inputs: map[string]any{"id": "{{item}}", "token": "{{steps.token.outputs.token}}"},
	})
	in := demoInput(p, p.AppSecret)
	in.Inputs["ids"] = []any{1, 99, 3}
	rec := &records{}
	res := flow.Run(context.Background(), f, in, platformCaller{p.URL}, start(), rec)

	assert.Equal(t, invoke.VerdictUnmet, res.Verdict)
	assert.Equal(t, "detail", res.FailedAt)
	assert.Equal(t, "item 1: 404: department not found", res.Message)
	assert.Equal(t, 1, p.Calls("/departments/1"))
	assert.Equal(t, 1, p.Calls("/departments/99"))
	assert.Equal(t, 0, p.Calls("/departments/3"), "an item after the failed one does not start")
	assert.Len(t, rec.of("detail"), 2)
}

func TestRun_RerunReusesAForEachStepsOutputsInOrder(t *testing.T) {
	p := testkit.NewOpenPlatform(t)
	f := forEachFlow(2)
	f.Steps = append(f.Steps, domain.Step{Key: "last", Invoke: "open/department",
		Inputs: map[string]any{"id": "{{input.lastId}}", "token": "{{steps.token.outputs.token}}"}})
	f.Outputs = map[string]string{"second": "{{steps.detail.outputs.1.name}}", "last": "{{steps.last.outputs.name}}"}
	in := demoInput(p, p.AppSecret)
	in.Inputs["lastId"] = 99
	rec := &records{}
	res := flow.Run(context.Background(), f, in, platformCaller{p.URL}, start(), rec)
	require.Equal(t, "last", res.FailedAt)

	in.Inputs["lastId"] = 3
	in.Previous, in.FailedAt = rec.runs, res.FailedAt
	res2 := flow.Run(context.Background(), f, in, platformCaller{p.URL}, start(), &records{})

	require.Equal(t, invoke.VerdictOK, res2.Verdict, res2.Message)
	assert.Equal(t, []string{"code", "token", "departments", "detail"}, res2.Reused)
	assert.Equal(t, "Sales", res2.Outputs["second"], "the reused forEach outputs keep their order")
	assert.Equal(t, "Support", res2.Outputs["last"])
	assert.Equal(t, 1, p.Calls("/departments/1"), "reused items are not called again")
	assert.Equal(t, 2, p.Calls("/departments/3"), "item 3 once, the last step once")
}

func TestRun_ACallThatCannotBePreparedFailsWithoutRetry(t *testing.T) {
	p := testkit.NewOpenPlatform(t)
	f := demoFlow()
	f.Steps[0].Invoke = "open/missing"
	f.Steps[0].Retry = &domain.Retry{Attempts: 3, BackoffMs: 10}
	rec := &records{}
	res := flow.Run(context.Background(), f, demoInput(p, p.AppSecret), platformCaller{p.URL}, start(), rec)

	assert.Equal(t, invoke.VerdictError, res.Verdict)
	assert.Equal(t, "code", res.FailedAt)
	assert.Equal(t, "no interface open/missing", res.Message)
	assert.Len(t, rec.of("code"), 1)
}

func TestRun_ANetworkErrorIsRetried(t *testing.T) {
	closed := testkit.NewOpenPlatform(t)
	dead := closed.URL
	p := testkit.NewOpenPlatform(t)
	f := &domain.Flow{Key: "net", Name: "net", Steps: []domain.Step{{Key: "code", Invoke: "open/code", Retry: &domain.Retry{Attempts: 2, BackoffMs: 10}}}}
	clock := start()
	done := make(chan *flow.Result)
	// The first attempt goes to a server that is gone, the second to a live one.
	caller := &switchingCaller{first: platformCaller{dead}, then: platformCaller{p.URL}}
	closed.Close()
	go func() { done <- flow.Run(context.Background(), f, flow.RunInput{}, caller, clock, &records{}) }()
	clock.Advance(clock.AwaitWaits(2)[1])
	res := <-done
	require.Equal(t, invoke.VerdictOK, res.Verdict, res.Message)
	assert.Equal(t, 1, p.Calls("/code"))
}

// switchingCaller calls first once and then for the rest.
type switchingCaller struct {
	mu          sync.Mutex
	calls       int
	first, then flow.Caller
}

func (c *switchingCaller) Call(ctx context.Context, step *domain.Step, in map[string]any) (flow.StepOutcome, error) {
	c.mu.Lock()
	c.calls++
	next := c.then
	if c.calls == 1 {
		next = c.first
	}
	c.mu.Unlock()
	return next.Call(ctx, step, in)
}
