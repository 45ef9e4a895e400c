// Package flow runs action flows (DESIGN.md "Flow"): the steps in order,
// each step's inputs from templates over the flow's inputs and the steps
// before it, runIf, forEach, retries with backoff, onFailure, the flow's
// timeout and cancel, and re-runs from a failed step. The calls themselves
// go through a Caller (the service's call runner); the time through a Clock.
package flow

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"golang.org/x/sync/errgroup"

	"junction/backend/domain"
	"junction/backend/invoke"
)

// StepOutcome is what one call of a step's interface gave, as the call
// runner recorded it (Request and Response redacted).
type StepOutcome struct {
	Verdict  string
	Status   int
	Outputs  map[string]any
	Message  string
	Request  json.RawMessage
	Response json.RawMessage
	// Timing is the call's timing as the call runner measured it.
	Timing json.RawMessage
	// RetryAfter is what the server's Retry-After asked, 0 when it asked nothing.
	RetryAfter time.Duration
	// Method is the HTTP method the call used (retries depend on it).
	Method string
}

// Caller calls a step's interface with the step's evaluated inputs. An
// error means the call could not even be prepared; it fails the step with
// verdict error and no retry. A caller that has a verdict of its own for
// such a case (the actor lost access) returns it in the outcome with a nil
// error: a verdict other than timeout or error is kept and not retried
// unless its status is 408, 429 or 5xx.
type Caller interface {
	Call(ctx context.Context, step *domain.Step, inputs map[string]any) (StepOutcome, error)
}

// Recorder receives every step attempt (and every skipped step) as it ends;
// the service stores them (ID and RunID are its to set) and tells the UI.
type Recorder interface {
	Step(sr domain.StepRun)
}

// RunInput is what a run starts from.
type RunInput struct {
	Inputs map[string]any
	// System holds the run's system.* fields.
	System map[string]any
	// Previous, for a re-run from the failed step, holds the step records of
	// the run that failed and FailedAt the key of the step that failed it:
	// the steps before it reuse their recorded outputs.
	Previous []domain.StepRun
	FailedAt string
}

// Result is how a run ended.
type Result struct {
	Verdict string
	Message string
	// FailedAt is the key of the first step that failed, "" when none did.
	FailedAt string
	Outputs  map[string]any
	// Reused lists the steps whose outputs a re-run took from the run before.
	Reused []string
	// Steps holds each step's scope entry: outputs, status, response (for a
	// forEach step each an array in the items' order).
	Steps map[string]any
	// StartedAt and EndedAt are the run's times on its clock.
	StartedAt, EndedAt time.Time
}

// Errors the run context is cancelled with, to tell a timeout from a cancel.
var errFlowTimeout = errors.New("the flow's timeout passed")

// Run runs f once. It returns when the run ends, by itself, by the flow's
// timeout (verdict timeout) or by ctx (verdict cancelled).
func Run(ctx context.Context, f *domain.Flow, in RunInput, call Caller, clock Clock, rec Recorder) *Result {
	timeout := time.Duration(f.TimeoutSec) * time.Second
	if timeout <= 0 {
		timeout = domain.DefaultFlowTimeoutSec * time.Second
	}
	runCtx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	deadline := clock.After(timeout) // asked before any step, so a test sees it first
	go func() {
		select {
		case <-deadline:
			cancel(errFlowTimeout)
		case <-runCtx.Done():
		}
	}()

	r := &runner{flow: f, call: call, clock: clock, rec: rec, steps: map[string]any{}}
	r.scope = map[string]any{"input": in.Inputs, "system": in.System, "steps": r.steps}
	res := &Result{Verdict: invoke.VerdictOK, Steps: r.steps, StartedAt: clock.Now()}
	reuse := reusable(f, in)
	for i := range f.Steps {
		step := &f.Steps[i]
		if entry, ok := reuse[step.Key]; ok {
			r.steps[step.Key] = entry
			res.Reused = append(res.Reused, step.Key)
			continue
		}
		if runCtx.Err() != nil {
			stopped(res, runCtx, timeout, step.Key)
			break
		}
		verdict, message := r.runStep(runCtx, i)
		if runCtx.Err() != nil {
			stopped(res, runCtx, timeout, step.Key)
			break
		}
		if verdict == invoke.VerdictOK || verdict == domain.VerdictSkipped {
			continue
		}
		if res.FailedAt == "" {
			res.Verdict, res.Message, res.FailedAt = verdict, message, step.Key
		}
		if step.OnFailure != domain.OnFailureContinue {
			break
		}
	}
	res.Outputs = r.outputs()
	res.EndedAt = clock.Now()
	return res
}

// stopped sets the verdict of a run its context ended.
func stopped(res *Result, runCtx context.Context, timeout time.Duration, at string) {
	res.FailedAt = at
	res.Verdict, res.Message = endedBy(runCtx)
	if res.Verdict == invoke.VerdictTimeout {
		res.Message = fmt.Sprintf("the flow ran longer than its timeout of %s", timeout)
	}
}

// endedBy is the verdict and message of what ended the run's context.
func endedBy(runCtx context.Context) (verdict, message string) {
	if errors.Is(context.Cause(runCtx), errFlowTimeout) {
		return invoke.VerdictTimeout, errFlowTimeout.Error()
	}
	return domain.VerdictCancelled, "the run was cancelled"
}

// reusable is, for a re-run, the scope entries of the steps before the one
// that failed, rebuilt from the previous run's records (the last attempt of
// each step and item). A step the flow no longer has before the failed one
// runs again.
func reusable(f *domain.Flow, in RunInput) map[string]map[string]any {
	if in.FailedAt == "" {
		return nil
	}
	last := map[string]map[int]domain.StepRun{}
	for _, sr := range in.Previous {
		items := last[sr.StepKey]
		if items == nil {
			items = map[int]domain.StepRun{}
			last[sr.StepKey] = items
		}
		if prev, ok := items[sr.Item]; !ok || sr.Attempt >= prev.Attempt {
			items[sr.Item] = sr
		}
	}
	reuse := map[string]map[string]any{}
	for _, step := range f.Steps {
		if step.Key == in.FailedAt {
			break
		}
		items, ok := last[step.Key]
		if !ok {
			break // not run before: from here on everything runs
		}
		if step.ForEach == "" {
			sr := items[-1]
			reuse[step.Key] = entry(decode(sr.Outputs), sr.Status, decode(sr.Response))
			continue
		}
		outs, statuses, responses := make([]any, len(items)), make([]any, len(items)), make([]any, len(items))
		for i := range len(items) {
			sr := items[i]
			outs[i], statuses[i], responses[i] = decode(sr.Outputs), sr.Status, decode(sr.Response)
		}
		reuse[step.Key] = map[string]any{"outputs": outs, "status": statuses, "response": responses}
	}
	return reuse
}

func decode(raw json.RawMessage) any {
	if len(raw) == 0 {
		return nil
	}
	var v any
	if json.Unmarshal(raw, &v) != nil {
		return nil
	}
	return v
}

func entry(outputs any, status int, response any) map[string]any {
	return map[string]any{"outputs": outputs, "status": status, "response": response}
}

type runner struct {
	flow  *domain.Flow
	call  Caller
	clock Clock
	rec   Recorder
	// mu serialises the recorder's calls from concurrent forEach items;
	// steps is written only between steps, never while items read it.
	mu    sync.Mutex
	steps map[string]any
	scope map[string]any
}

// runStep runs step i (every forEach item) and puts its entry in scope.
func (r *runner) runStep(ctx context.Context, i int) (verdict, message string) {
	step := &r.flow.Steps[i]
	if step.RunIf != nil {
		cond, err := invoke.CompileCondition(*step.RunIf, fmt.Sprintf("steps[%d].runIf", i))
		if err != nil {
			return r.fail(step, fmt.Sprintf("runIf: %v", err))
		}
		if !cond.Holds(r.scope) {
			r.steps[step.Key] = entry(map[string]any{}, 0, nil)
			r.record(domain.StepRun{StepKey: step.Key, Item: -1, Verdict: domain.VerdictSkipped,
				Message: "runIf did not hold", StartedAt: r.clock.Now()})
			return domain.VerdictSkipped, ""
		}
	}
	if step.ForEach == "" {
		o := r.attempts(ctx, step, -1, r.scope)
		r.steps[step.Key] = entry(o.Outputs, o.Status, decode(o.Response))
		return o.Verdict, o.Message
	}
	return r.forEach(ctx, i)
}

// forEach runs the step once per element of its forEach array, at most
// Concurrency at a time; the step's outputs, statuses and responses are
// arrays in the elements' order, and it fails with the first item (in
// order) that failed. Items not started when one fails are not started.
func (r *runner) forEach(ctx context.Context, i int) (verdict, message string) {
	step := &r.flow.Steps[i]
	expr, err := invoke.CompileExpr(step.ForEach)
	if err != nil {
		return r.fail(step, fmt.Sprintf("forEach: %v", err))
	}
	items, ok := expr.Eval(r.scope).([]any)
	if !ok {
		return r.fail(step, fmt.Sprintf("forEach %s does not give an array", step.ForEach))
	}
	outcomes := make([]StepOutcome, len(items))
	var g errgroup.Group
	g.SetLimit(max(step.Concurrency, 1))
	// A failed item keeps the later ones from starting; the ones already
	// calling finish, so that their records are whole.
	var failed atomic.Bool
	for n, item := range items {
		if failed.Load() || ctx.Err() != nil {
			break
		}
		scope := map[string]any{"input": r.scope["input"], "system": r.scope["system"], "steps": r.steps, "item": item}
		g.Go(func() error {
			if failed.Load() {
				return nil
			}
			outcomes[n] = r.attempts(ctx, step, n, scope)
			if outcomes[n].Verdict != invoke.VerdictOK {
				failed.Store(true)
			}
			return nil
		})
	}
	_ = g.Wait() // the items report through outcomes
	outs, statuses, responses := make([]any, len(items)), make([]any, len(items)), make([]any, len(items))
	verdict = invoke.VerdictOK
	for n, o := range outcomes {
		outs[n], statuses[n], responses[n] = o.Outputs, o.Status, decode(o.Response)
		if verdict == invoke.VerdictOK && o.Verdict != invoke.VerdictOK && o.Verdict != "" {
			verdict, message = o.Verdict, fmt.Sprintf("item %d: %s", n, o.Message)
		}
	}
	r.steps[step.Key] = map[string]any{"outputs": outs, "status": statuses, "response": responses}
	return verdict, message
}

// attempts calls the step for one item until an attempt passes, fails for
// good, or the retries are spent, recording each attempt.
func (r *runner) attempts(ctx context.Context, step *domain.Step, item int, scope map[string]any) StepOutcome {
	inputs, err := evalInputs(step, scope)
	if err != nil {
		r.record(domain.StepRun{StepKey: step.Key, Item: item, Verdict: invoke.VerdictError, Message: err.Error(), StartedAt: r.clock.Now()})
		return StepOutcome{Verdict: invoke.VerdictError, Message: err.Error()}
	}
	policy := newRetryPolicy(step.Retry)
	for attempt := 1; ; attempt++ {
		started := r.clock.Now()
		o, err := r.call.Call(ctx, step, inputs)
		if err != nil {
			o = StepOutcome{Verdict: invoke.VerdictError, Message: err.Error()}
		}
		if ctx.Err() != nil { // the call ended because the run did
			o.Verdict, o.Message = endedBy(ctx)
		}
		r.record(domain.StepRun{StepKey: step.Key, Item: item, Attempt: attempt, Verdict: o.Verdict,
			Message: o.Message, Status: o.Status, Request: o.Request, Response: o.Response,
			Timing: o.Timing, Outputs: encode(o.Outputs), StartedAt: started,
			TotalMs: float64(r.clock.Now().Sub(started)) / float64(time.Millisecond)})
		if o.Verdict == invoke.VerdictOK || err != nil || !retryable(o) || attempt >= policy.attempts(o.Method) {
			return o
		}
		select {
		case <-r.clock.After(policy.wait(o)):
		case <-ctx.Done():
			return o
		}
	}
}

// fail records a step that failed before any call.
func (r *runner) fail(step *domain.Step, message string) (verdict, msg string) {
	r.record(domain.StepRun{StepKey: step.Key, Item: -1, Verdict: invoke.VerdictError, Message: message, StartedAt: r.clock.Now()})
	r.steps[step.Key] = entry(map[string]any{}, 0, nil)
	return invoke.VerdictError, message
}

func (r *runner) record(sr domain.StepRun) {
	if r.rec == nil {
		return
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	r.rec.Step(sr)
}

// evalInputs evaluates a step's input mappings: a string is a template,
// anything else a literal.
func evalInputs(step *domain.Step, scope map[string]any) (map[string]any, error) {
	inputs := make(map[string]any, len(step.Inputs))
	for name, v := range step.Inputs {
		src, ok := v.(string)
		if !ok {
			inputs[name] = v
			continue
		}
		expr, err := invoke.CompileExpr(src)
		if err != nil {
			return nil, fmt.Errorf("inputs.%s: %w", name, err)
		}
		inputs[name] = expr.Eval(scope)
	}
	return inputs, nil
}

// outputs evaluates the flow's output templates over the run's scope.
func (r *runner) outputs() map[string]any {
	out := make(map[string]any, len(r.flow.Outputs))
	for name, src := range r.flow.Outputs {
		expr, err := invoke.CompileExpr(src)
		if err != nil {
			continue // validation refuses such a flow when it is saved
		}
		out[name] = expr.Eval(r.scope)
	}
	return out
}

func encode(v map[string]any) json.RawMessage {
	if v == nil {
		return nil
	}
	b, err := json.Marshal(v)
	if err != nil {
		return nil
	}
	return b
}
