package service

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"junction/backend/access"
	"junction/backend/domain"
	"junction/backend/flow"
	"junction/backend/invoke"
	"junction/backend/store"
)

// Runs of action flows (issue 11 point 3): the flow engine (backend/flow)
// runs the steps; the service authorises the run, makes each step's call
// through the one call path (PrepareCall, Run), and records the run and its
// step attempts.

// FlowRunInput starts a run: the flow's inputs, and for a scheduled run its
// trigger and the time it was due ("" and nil for a manual run).
type FlowRunInput struct {
	Inputs      map[string]any `json:"inputs"`
	Trigger     string         `json:"trigger"`
	ScheduledAt *time.Time     `json:"scheduledAt"`
}

// FlowStepView is one step of a run, in spec/CLI.md's shape: its last
// attempt (of each forEach item in Items).
type FlowStepView struct {
	Key      string         `json:"key"`
	Verdict  string         `json:"verdict"`
	Attempts int            `json:"attempts"`
	Status   int            `json:"status"`
	Outputs  any            `json:"outputs"`
	Message  string         `json:"message"`
	Items    []FlowStepView `json:"items"`
}

// FlowRunView is one run as `flow run` prints it (spec/CLI.md).
type FlowRunView struct {
	RunID   string         `json:"runId"`
	Flow    string         `json:"flow"`
	Trigger string         `json:"trigger"`
	Verdict string         `json:"verdict"`
	OK      bool           `json:"ok"`
	Message string         `json:"message"`
	Reused  []string       `json:"reused"`
	Steps   []FlowStepView `json:"steps"`
	Outputs map[string]any `json:"outputs"`
	Timing  struct {
		TotalMs float64 `json:"totalMs"`
	} `json:"timing"`
}

// FlowRunSummary is one line of a flow's history (spec/CLI.md).
type FlowRunSummary struct {
	RunID       string     `json:"runId"`
	Trigger     string     `json:"trigger"`
	ScheduledAt *time.Time `json:"scheduledAt"`
	StartedAt   time.Time  `json:"startedAt"`
	Verdict     string     `json:"verdict"`
	Message     string     `json:"message"`
}

// RunFlow runs a flow once and waits for it to end. The actor needs view on
// the flow and on every connector its steps call; a scheduled run acts as
// the flow's owner (the scheduler passes the owner's name).
func (s *Service) RunFlow(ctx context.Context, actor, key string, in FlowRunInput) (*FlowRunView, error) {
	trigger := in.Trigger
	if trigger == "" {
		trigger = domain.TriggerManual
	}
	return s.runFlow(ctx, actor, key, trigger, in, nil)
}

// RerunFlow runs the flow of an ended run again with the run's inputs, on
// the flow as it is now. fromFailed starts at the step that failed the run,
// reusing the recorded outputs of the steps before it.
func (s *Service) RerunFlow(ctx context.Context, actor, runID string, fromFailed bool) (*FlowRunView, error) {
	var prev *domain.FlowRun
	var key string
	var steps []domain.StepRun
	err := s.look(ctx, actor, withPerm(""), func(r *run) error {
		var err error
		if prev, err = r.tx.FlowRunByID(runID); err != nil {
			return err
		}
		f, err := r.tx.FlowByID(prev.FlowID)
		if err != nil {
			return err
		}
		key = f.Key
		if fromFailed {
			steps, err = r.tx.StepRuns(runID)
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	if prev.Verdict == "" {
		return nil, domain.Errorf(domain.ERule, "flow run %s is still running", runID).With(domain.RFlowRunRunning, "run", runID)
	}
	var inputs map[string]any
	if len(prev.Inputs) > 0 {
		if err := json.Unmarshal(prev.Inputs, &inputs); err != nil {
			return nil, fmt.Errorf("read the inputs of flow run %s: %w", runID, err)
		}
	}
	again := &rerun{of: prev}
	if fromFailed && prev.FailedAt != "" {
		again.steps, again.failedAt = steps, prev.FailedAt
	}
	return s.runFlow(ctx, actor, key, domain.TriggerRerun, FlowRunInput{Inputs: inputs}, again)
}

// rerun is what a re-run takes from the run before it.
type rerun struct {
	of       *domain.FlowRun
	steps    []domain.StepRun
	failedAt string
}

// FlowRunRow is one line of a flow's history: the summary of spec/CLI.md
// with how long the run took and how it relates to others (the studio's
// 运行记录 shows them; the CLI's JSON carries them as added fields).
type FlowRunRow struct {
	FlowRunSummary
	EndedAt  *time.Time `json:"endedAt" ts_type:"string | null"`
	TotalMs  float64    `json:"totalMs"`
	FailedAt string     `json:"failedAt"`
	RerunOf  string     `json:"rerunOf"`
	Reused   []string   `json:"reused"`
}

// FlowHistory lists a flow's runs newest first (limit 0: all it keeps).
func (s *Service) FlowHistory(ctx context.Context, actor, key string, limit int) ([]FlowRunRow, error) {
	out := []FlowRunRow{}
	err := s.look(ctx, actor, withPerm(""), func(r *run) error {
		f, _, err := r.flow(key, access.NeedView)
		if err != nil {
			return err
		}
		runs, err := r.tx.FlowRuns(f.ID, limit)
		for _, fr := range runs {
			out = append(out, FlowRunRow{
				FlowRunSummary: FlowRunSummary{RunID: fr.ID, Trigger: fr.Trigger, ScheduledAt: fr.ScheduledAt,
					StartedAt: fr.StartedAt, Verdict: fr.Verdict, Message: fr.Message},
				EndedAt: fr.EndedAt, TotalMs: fr.TotalMs, FailedAt: fr.FailedAt, RerunOf: fr.RerunOf,
				Reused: append([]string{}, fr.Reused...),
			})
		}
		return err
	})
	return out, err
}

func (s *Service) runFlow(ctx context.Context, actor, key, trigger string, in FlowRunInput, again *rerun) (*FlowRunView, error) {
	p, err := s.prepareFlowRun(ctx, actor, key, in)
	if err != nil {
		return nil, err
	}
	return s.execFlowRun(ctx, p, runHow{trigger: trigger, again: again, clock: flow.SystemClock{}})
}

// flowPrep is a run authorised and its inputs settled, not yet started.
type flowPrep struct {
	actor       string
	flow        *domain.Flow
	user        *domain.User
	inputs      map[string]any
	scheduledAt *time.Time
	// calls are the steps' calls, prepared when the run was authorised.
	calls map[string]stepCall
}

// stepCall is a step's call prepared without inputs, or why it could not
// be: that step's attempts fail with it, as a call that cannot be made
// does, and the steps before it still run.
type stepCall struct {
	call *PreparedCall
	err  error
}

// runHow is how a run goes: its trigger, the run it re-runs, the clock of
// its timeout, backoff and cancel polling, and whether it is a scheduler's
// fire (then the fire records its run).
type runHow struct {
	trigger string
	again   *rerun
	clock   flow.Clock
	fire    bool
}

// prepareFlowRun authorises actor to run flow key (view on the flow and on
// every connector its steps call), prepares every step's call in the same
// read (one snapshot of interfaces, connections and accounts for the whole
// run) and settles the inputs.
func (s *Service) prepareFlowRun(ctx context.Context, actor, key string, in FlowRunInput) (*flowPrep, error) {
	p := &flowPrep{actor: actor, scheduledAt: in.ScheduledAt}
	err := s.look(ctx, actor, withPerm(""), func(r *run) error {
		var err error
		if p.flow, _, err = r.flow(key, access.NeedView); err != nil {
			return err
		}
		p.user = r.user
		p.calls = make(map[string]stepCall, len(p.flow.Steps))
		on := map[string]*run{} // connector key -> the read authorised on it
		shared := callTargets{}
		for i := range p.flow.Steps {
			step := &p.flow.Steps[i]
			ck, ik, _ := domain.SplitInvoke(step.Invoke)
			cr := on[ck]
			if cr == nil {
				cr = &run{s: s, tx: r.tx, user: r.user}
				if cr.conn, cr.rights, err = r.connector(ck, access.NeedView); err != nil {
					return domain.Prefix(fmt.Sprintf("steps[%d]", i), err)
				}
				on[ck] = cr
			}
			call, err := s.prepare(cr, ik, InvokeInput{Connection: step.Connection, Account: step.Account}, shared)
			p.calls[step.Key] = stepCall{call: call, err: err}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if p.inputs, err = flowInputs(p.flow, in.Inputs); err != nil {
		return nil, err
	}
	return p, nil
}

// execFlowRun records the run as it starts, runs it until it ends, is
// cancelled (CancelFlowRun, here or from another process) or its caller
// goes, and records how it ended. It emits EventFlowRun as it goes.
func (s *Service) execFlowRun(ctx context.Context, p *flowPrep, how runHow) (*FlowRunView, error) {
	f, u := p.flow, p.user
	started := s.stamp()
	fr := &domain.FlowRun{ID: newID(), FlowID: f.ID, Revision: f.Revision, Trigger: how.trigger, ScheduledAt: p.scheduledAt,
		StartedAt: started, Actor: u.Name, Inputs: mustRaw(p.inputs), Outputs: json0, Reused: []string{}}
	if how.again != nil {
		fr.RerunOf = how.again.of.ID
	}
	err := s.write(ctx, func(tx *store.Tx) error {
		if err := tx.CreateFlowRun(fr); err != nil {
			return err
		}
		if how.fire {
			return tx.SetFireRun(f.ID, *p.scheduledAt, fr.ID)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	s.emit(EventFlowRun, FlowRunEvent{RunID: fr.ID, Flow: f.Key, Phase: FlowPhaseStarted, Item: -1})

	runCtx, cancel := context.WithCancel(ctx)
	defer cancel()
	s.flows.track(fr.ID, cancel)
	defer s.flows.untrack(fr.ID)
	stopWatch := s.watchRun(runCtx, fr.ID, how.clock, cancel)
	rec := &stepRecorder{runID: fr.ID, ended: func(sr domain.StepRun) {
		s.emit(EventFlowRun, FlowRunEvent{RunID: fr.ID, Flow: f.Key, Phase: FlowPhaseStep, Step: sr.StepKey, Item: sr.Item,
			Attempt: sr.Attempt, Status: sr.Status, Verdict: sr.Verdict, Message: sr.Message, TotalMs: sr.TotalMs})
	}}
	caller := &flowCaller{calls: p.calls}
	runIn := flow.RunInput{Inputs: p.inputs, System: invoke.SystemScope(invoke.System{UserID: u.ID, UserName: u.Name, OrgID: u.OrgID}, started)}
	if how.again != nil {
		runIn.Previous, runIn.FailedAt = how.again.steps, how.again.failedAt
	}
	res := flow.Run(runCtx, f, runIn, caller, how.clock, rec)
	stopWatch()
	ended := s.stamp()
	fr.EndedAt, fr.Verdict, fr.Message, fr.FailedAt = &ended, res.Verdict, res.Message, res.FailedAt
	fr.Outputs, fr.Reused = mustRaw(res.Outputs), append([]string{}, res.Reused...)
	fr.TotalMs = float64(ended.Sub(started).Microseconds()) / 1000
	steps := rec.all()
	// The run's end is recorded even when the caller has gone (a cancelled
	// command still leaves its run ended, not running). The run was
	// authorised as it started: its end needs only the profile that ran it.
	err = s.write(context.WithoutCancel(ctx), func(tx *store.Tx) error {
		r := &run{s: s, tx: tx, user: u}
		if err := r.tx.FinishFlowRun(fr, steps); err != nil {
			return err
		}
		if err := r.trimRuns(f.ID); err != nil {
			return err
		}
		return r.log(flowRunEntry(f, fr))
	})
	if err != nil {
		return nil, err
	}
	s.emit(EventFlowRun, FlowRunEvent{RunID: fr.ID, Flow: f.Key, Phase: FlowPhaseEnded, Item: -1,
		Verdict: fr.Verdict, Message: fr.Message, TotalMs: fr.TotalMs})
	return flowRunViewOf(f, fr, steps), nil
}

// trimRuns keeps the flow's newest runs, as many as the setting
// flowRunsKept says (the per-interface history limit is not theirs).
func (r *run) trimRuns(flowID string) error {
	st, err := loadSettings(r.tx)
	if err != nil {
		return err
	}
	return r.tx.TrimFlowRuns(flowID, st.FlowRunsKept)
}

// flowRunEntry is the audit entry of a run that ended.
func flowRunEntry(f *domain.Flow, fr *domain.FlowRun) logged {
	return logged{action: domain.ActionFlowRun, targetType: "flow", targetID: f.ID, targetKey: f.Key,
		summary: fmt.Sprintf("flow %s run (%s): %s", f.Key, fr.Trigger, fr.Verdict),
		params:  map[string]string{"verdict": fr.Verdict, "trigger": fr.Trigger},
		extra: map[string]any{"runId": fr.ID, "trigger": fr.Trigger, "verdict": fr.Verdict, "failedAt": fr.FailedAt,
			"totalMs": fr.TotalMs, "scheduledAt": fr.ScheduledAt}}
}

// json0 is an empty JSON object, what a run records before it has outputs.
var json0 = json.RawMessage("{}")

// flowInputs applies the flow's input defaults and refuses a missing
// required input or one the flow does not declare.
func flowInputs(f *domain.Flow, given map[string]any) (map[string]any, error) {
	out := make(map[string]any, len(f.Inputs))
	declared := map[string]bool{}
	for _, p := range f.Inputs {
		declared[p.Name] = true
		if v, ok := given[p.Name]; ok {
			out[p.Name] = v
			continue
		}
		if len(p.Default) > 0 {
			var v any
			if err := json.Unmarshal(p.Default, &v); err == nil {
				out[p.Name] = v
				continue
			}
		}
		if p.Required {
			return nil, domain.Invalid("inputs."+p.Name, "the flow needs the input %s", p.Name).With(domain.RFlowRunInputMissing, "name", p.Name)
		}
	}
	for name := range given {
		if !declared[name] {
			return nil, domain.Invalid("inputs."+name, "the flow has no input %s", name).With(domain.RFlowRunInputUnknown, "name", name)
		}
	}
	return out, nil
}

// flowCaller makes a step's call through the one call path: the call the
// run prepared for the step, bound to the attempt's inputs; the result
// comes back redacted by the call's own redactor.
type flowCaller struct {
	calls map[string]stepCall
}

func (c *flowCaller) Call(ctx context.Context, step *domain.Step, inputs map[string]any) (flow.StepOutcome, error) {
	sc, ok := c.calls[step.Key]
	if !ok {
		return flow.StepOutcome{}, fmt.Errorf("step %s was not prepared with its run", step.Key)
	}
	if sc.err != nil {
		return flow.StepOutcome{}, sc.err
	}
	p, err := sc.call.withInputs(inputs)
	if err != nil {
		return flow.StepOutcome{}, err
	}
	res, err := p.Run(ctx)
	if err != nil {
		return flow.StepOutcome{}, err
	}
	view := invokeResultOf(res, "")
	return flow.StepOutcome{
		Verdict: res.Verdict, Status: res.Status, Outputs: res.Outputs, Message: res.Message,
		Request: mustRaw(view.Request), Response: mustRaw(view.Response), Timing: mustRaw(view.Timing),
		RetryAfter: retryAfter(view.Response.Headers, time.Now()), Method: p.it.Method,
	}, nil
}

// retryAfter reads a Retry-After header: seconds or an HTTP date.
func retryAfter(headers map[string]string, now time.Time) time.Duration {
	for name, v := range headers {
		if !strings.EqualFold(name, "Retry-After") {
			continue
		}
		if secs, err := strconv.Atoi(strings.TrimSpace(v)); err == nil && secs > 0 {
			return time.Duration(secs) * time.Second
		}
		if at, err := http.ParseTime(v); err == nil && at.After(now) {
			return at.Sub(now)
		}
	}
	return 0
}

// stepRecorder keeps a run's step attempts as they end (forEach items may
// end at once) and tells ended of each.
type stepRecorder struct {
	runID string
	ended func(domain.StepRun)
	mu    sync.Mutex
	steps []domain.StepRun
}

func (r *stepRecorder) Step(sr domain.StepRun) {
	sr.ID, sr.RunID = newID(), r.runID
	// A skipped step, or a call never made, has no request, answer, outputs or
	// timing: recorded as empty objects, as the columns hold.
	for _, raw := range []*json.RawMessage{&sr.Request, &sr.Response, &sr.Outputs, &sr.Timing} {
		if len(*raw) == 0 {
			*raw = json.RawMessage("{}")
		}
	}
	r.mu.Lock()
	r.steps = append(r.steps, sr)
	r.mu.Unlock()
	r.ended(sr)
}

func (r *stepRecorder) all() []domain.StepRun {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]domain.StepRun(nil), r.steps...)
}

// flowRunViewOf builds the run's view: each step in the flow's order, its
// last attempt, forEach items in order.
func flowRunViewOf(f *domain.Flow, fr *domain.FlowRun, steps []domain.StepRun) *FlowRunView {
	v := &FlowRunView{RunID: fr.ID, Flow: f.Key, Trigger: fr.Trigger, Verdict: fr.Verdict, OK: fr.Verdict == invoke.VerdictOK,
		Message: fr.Message, Reused: fr.Reused, Steps: []FlowStepView{}, Outputs: map[string]any{}}
	_ = json.Unmarshal(fr.Outputs, &v.Outputs)
	v.Timing.TotalMs = fr.TotalMs
	reused := map[string]bool{}
	for _, k := range fr.Reused {
		reused[k] = true
	}
	for _, st := range f.Steps {
		if reused[st.Key] {
			v.Steps = append(v.Steps, FlowStepView{Key: st.Key, Verdict: invoke.VerdictOK, Items: []FlowStepView{}})
			continue
		}
		var whole *FlowStepView
		items := map[int]*FlowStepView{}
		order := []int{}
		for _, sr := range steps {
			if sr.StepKey != st.Key {
				continue
			}
			one := FlowStepView{Key: st.Key, Verdict: sr.Verdict, Attempts: sr.Attempt, Status: sr.Status, Message: sr.Message, Items: []FlowStepView{}}
			_ = json.Unmarshal(sr.Outputs, &one.Outputs)
			if sr.Item < 0 {
				whole = &one
				continue
			}
			if _, seen := items[sr.Item]; !seen {
				order = append(order, sr.Item)
			}
			items[sr.Item] = &one
		}
		if whole == nil && len(items) == 0 {
			continue // the step never ran: the run stopped before it
		}
		if whole == nil {
			whole = &FlowStepView{Key: st.Key, Verdict: invoke.VerdictOK, Items: []FlowStepView{}}
			outputs := []any{}
			slices.Sort(order)
			for _, i := range order {
				it := items[i]
				whole.Items = append(whole.Items, *it)
				outputs = append(outputs, it.Outputs)
				if it.Verdict != invoke.VerdictOK && whole.Verdict == invoke.VerdictOK {
					whole.Verdict, whole.Message, whole.Status = it.Verdict, it.Message, it.Status
				}
				whole.Attempts = max(whole.Attempts, it.Attempts)
			}
			whole.Outputs = outputs
		}
		v.Steps = append(v.Steps, *whole)
	}
	return v
}

// mustRaw is v as JSON; the values recorded here are JSON already (decoded
// answers, inputs), so a failure is a bug of ours.
func mustRaw(v any) json.RawMessage {
	b, err := json.Marshal(v)
	if err != nil {
		panic(fmt.Sprintf("flow record: %v", err))
	}
	return b
}
