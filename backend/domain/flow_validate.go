package domain

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/robfig/cron/v3"
)

// Flow shape limits.
const (
	MinIntervalSec     = 60
	MaxFlowTimeoutSec  = 86400
	MaxStepConcurrency = 32
	MaxRetryAttempts   = 10
	MaxRetryBackoffMs  = 600000
)

// CronParser reads a cron trigger's five fields (the scheduler uses the same).
var CronParser = cron.NewParser(cron.Minute | cron.Hour | cron.Dom | cron.Month | cron.Dow | cron.Descriptor)

// NormalizeFlow fills a flow's defaults; creating says whether the flow is
// new (a new flow is enabled).
func NormalizeFlow(f *Flow, creating bool) {
	f.Key = strings.TrimSpace(f.Key)
	f.Name = strings.TrimSpace(f.Name)
	if creating {
		f.Enabled = true
	}
	orDefault(&f.Trigger.Type, TriggerManual)
	orDefault(&f.Overlap, OverlapSkip)
	orDefault(&f.CatchUp, CatchUpSkip)
	orDefault(&f.TimeoutSec, DefaultFlowTimeoutSec)
	if f.Inputs == nil {
		f.Inputs = []Param{}
	}
	for i := range f.Inputs {
		// A flow input is given by whoever runs the flow.
		orDefault(&f.Inputs[i].Source.Kind, SourceInput)
	}
	if f.Steps == nil {
		f.Steps = []Step{}
	}
	if f.Outputs == nil {
		f.Outputs = map[string]string{}
	}
	for i := range f.Steps {
		s := &f.Steps[i]
		s.Key = strings.TrimSpace(s.Key)
		s.Invoke = strings.TrimSpace(s.Invoke)
		orDefault(&s.OnFailure, OnFailureStop)
		orDefault(&s.Concurrency, 1)
		if s.Inputs == nil {
			s.Inputs = map[string]any{}
		}
	}
}

// FlowExprs are the compilers ValidateFlow checks templates and conditions
// with (the invoke engine's: domain imports nothing of Junction's). Each
// returns the paths the expression reads.
type FlowExprs struct {
	Template  func(src string) ([]string, error)
	Condition func(c Condition, field string) ([]string, error)
}

// SplitInvoke splits a step's "connector/interface".
func SplitInvoke(invoke string) (connector, iface string, ok bool) {
	connector, iface, ok = strings.Cut(invoke, "/")
	return connector, iface, ok && ValidateKey("", connector) == nil && ValidateKey("", iface) == nil
}

// ValidateFlow checks a normalised flow. ifaces holds the interface each
// step calls, by step index (nil when unresolved: the service reports
// that); a reference to a step's outputs is checked against its
// interface's response params.
func ValidateFlow(f *Flow, ifaces []*Interface, x FlowExprs) error {
	if err := firstError(
		ValidateKey("key", f.Key),
		checkName("name", f.Name, 200),
		checkText("description", f.Description, true),
		ValidateTrigger(f.Trigger),
		flowRange("timeoutSec", f.TimeoutSec, 1, MaxFlowTimeoutSec),
		oneOf("overlap", f.Overlap, []string{OverlapSkip, OverlapQueue}),
		oneOf("catchUp", f.CatchUp, []string{CatchUpSkip, CatchUpOnce}),
		flowRange("catchUpWindowSec", f.CatchUpWindowSec, 0, MaxFlowTimeoutSec*7),
		validateParams("inputs", f.Inputs, false),
	); err != nil {
		return err
	}
	if len(f.Steps) == 0 {
		return Invalid("steps", "is required").With(RFieldRequired)
	}
	inputs := make([]string, 0, len(f.Inputs))
	for _, p := range f.Inputs {
		inputs = append(inputs, p.Name)
	}
	seen := map[string]int{}
	for i := range f.Steps {
		s := &f.Steps[i]
		field := fmt.Sprintf("steps[%d]", i)
		if err := ValidateKey(field+".key", s.Key); err != nil {
			return err
		}
		if _, dup := seen[s.Key]; dup {
			return Invalid(field+".key", "%s appears twice", s.Key).With(RFieldDuplicate, "name", s.Key)
		}
		seen[s.Key] = i
	}
	for i := range f.Steps {
		s := &f.Steps[i]
		field := fmt.Sprintf("steps[%d]", i)
		var it *Interface
		if i < len(ifaces) {
			it = ifaces[i]
		}
		if err := validateStep(field, s, it); err != nil {
			return err
		}
		sc := refScope{flow: f, ifaces: ifaces, inputs: inputs, before: i, item: s.ForEach != ""}
		if s.ForEach != "" {
			fe := sc
			fe.item = false
			if err := fe.template(field+".forEach", s.ForEach, x); err != nil {
				return err
			}
		}
		for _, name := range sortedKeys(s.Inputs) {
			src, ok := s.Inputs[name].(string)
			if !ok {
				continue // a literal of another JSON type
			}
			if err := sc.template(field+".inputs."+name, src, x); err != nil {
				return err
			}
		}
		if s.RunIf != nil {
			refs, err := x.Condition(*s.RunIf, field+".runIf")
			if err != nil {
				return err
			}
			paths := rulePaths(*s.RunIf, field+".runIf", nil)
			for j, r := range refs {
				at := field + ".runIf"
				if j < len(paths) {
					at = paths[j]
				}
				if err := sc.check(at, r); err != nil {
					return err
				}
			}
		}
	}
	all := refScope{flow: f, ifaces: ifaces, inputs: inputs, before: len(f.Steps)}
	for _, name := range sortedKeys(f.Outputs) {
		if err := checkName("outputs."+name, name, 200); err != nil {
			return err
		}
		if err := all.template("outputs."+name, f.Outputs[name], x); err != nil {
			return err
		}
	}
	return nil
}

// rulePaths are the field paths of c's rules, depth first: the order of
// the refs a compiled condition reports.
func rulePaths(c Condition, path string, out []string) []string {
	if !c.IsGroup() {
		return append(out, path+".field")
	}
	kind, items := "all", c.All
	if c.Any != nil {
		kind, items = "any", c.Any
	}
	for i, it := range items {
		out = rulePaths(it, fmt.Sprintf("%s.%s[%d]", path, kind, i), out)
	}
	return out
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

func flowRange(field string, v, lo, hi int) error {
	if v < lo || v > hi {
		return Invalid(field, "must be between %d and %d", lo, hi).With(RFlowRange, "min", strconv.Itoa(lo), "max", strconv.Itoa(hi))
	}
	return nil
}

// ValidateTrigger checks a trigger alone (the editor's next fire times).
func ValidateTrigger(t Trigger) error {
	if err := oneOf("trigger.type", t.Type, TriggerTypes); err != nil {
		return err
	}
	switch t.Type {
	case TriggerInterval:
		if t.EverySec < MinIntervalSec {
			return Invalid("trigger.everySec", "must be at least %d seconds", MinIntervalSec).With(RFlowEveryMin, "min", strconv.Itoa(MinIntervalSec))
		}
	case TriggerCron:
		if len(strings.Fields(t.Cron)) != 5 {
			return Invalid("trigger.cron", "%q must have five fields: minute hour day-of-month month day-of-week", t.Cron).With(RFlowCronFields, "cron", t.Cron)
		}
		if _, err := CronParser.Parse(t.Cron); err != nil {
			return Invalid("trigger.cron", "is not a valid cron expression: %v", err).With(RFlowCronInvalid, "detail", err.Error())
		}
		if t.Timezone != "" {
			if _, err := time.LoadLocation(t.Timezone); err != nil {
				return Invalid("trigger.timezone", "%q is not a known time zone", t.Timezone).With(RFlowTimezone, "timezone", t.Timezone)
			}
		}
	}
	return nil
}

func validateStep(field string, s *Step, it *Interface) error {
	if err := checkText(field+".name", s.Name, false); err != nil {
		return err
	}
	if s.Invoke == "" {
		return Invalid(field+".invoke", "is required").With(RFieldRequired)
	}
	if _, _, ok := SplitInvoke(s.Invoke); !ok {
		return Invalid(field+".invoke", "%q is not connector/interface", s.Invoke).With(RFlowInvoke, "invoke", s.Invoke)
	}
	if s.Connection != "" {
		if err := ValidateKey(field+".connection", s.Connection); err != nil {
			return err
		}
	}
	if err := PlainText(field+".account", s.Account); err != nil {
		return err
	}
	if err := firstError(
		oneOf(field+".onFailure", s.OnFailure, []string{OnFailureStop, OnFailureContinue}),
		flowRange(field+".concurrency", s.Concurrency, 1, MaxStepConcurrency),
	); err != nil {
		return err
	}
	if s.Retry != nil {
		if err := firstError(
			flowRange(field+".retry.attempts", s.Retry.Attempts, 1, MaxRetryAttempts),
			flowRange(field+".retry.backoffMs", s.Retry.BackoffMs, 0, MaxRetryBackoffMs),
		); err != nil {
			return err
		}
	}
	if it != nil {
		for _, name := range sortedKeys(s.Inputs) {
			if !hasParam(it.Request, name) {
				return Invalid(field+".inputs."+name, "%s has no input named %s", s.Invoke, name).With(RFlowNoInput, "invoke", s.Invoke, "name", name)
			}
		}
	}
	return nil
}

// refScope is what an expression at one place of a flow may read.
type refScope struct {
	flow   *Flow
	ifaces []*Interface
	inputs []string
	before int  // steps before this index are readable
	item   bool // item is in scope (a forEach step)
}

func (sc refScope) template(field, src string, x FlowExprs) error {
	refs, err := x.Template(src)
	if err != nil {
		return Invalid(field, "%v", err).With(RFlowTemplate, "detail", err.Error())
	}
	for _, r := range refs {
		if err := sc.check(field, r); err != nil {
			return err
		}
	}
	return nil
}

// head is the first segment of a gjson path ("name" of "name.x", "list" of "list.#").
func head(path string) (first, rest string) {
	i := strings.IndexAny(path, ".|#*?@")
	if i < 0 {
		return path, ""
	}
	return path[:i], strings.TrimPrefix(path[i:], ".")
}

func (sc refScope) check(field, ref string) error {
	root, rest := head(ref)
	switch root {
	case "input":
		name, _ := head(rest)
		if !slices.Contains(sc.inputs, name) {
			return Invalid(field, "{{%s}}: the flow has no input named %q", ref, name).With(RFlowInputUnknown, "ref", ref, "name", name)
		}
	case "system":
		name, _ := head(rest)
		if !slices.Contains(SystemFields, name) {
			return Invalid(field, "{{%s}}: system has no field %q", ref, name).With(RFlowSystemUnknown, "ref", ref, "name", name)
		}
	case "item":
		if !sc.item {
			return Invalid(field, "{{%s}}: item exists only in a forEach step's inputs and runIf", ref).With(RFlowItemOutside, "ref", ref)
		}
	case "steps":
		key, sub := head(rest)
		at := slices.IndexFunc(sc.flow.Steps, func(s Step) bool { return s.Key == key })
		if at < 0 {
			return Invalid(field, "{{%s}}: the flow has no step %q", ref, key).With(RFlowStepUnknown, "ref", ref, "step", key)
		}
		if at >= sc.before {
			return Invalid(field, "{{%s}}: step %s runs later; a step reads only the steps before it", ref, key).With(RFlowStepLater, "ref", ref, "step", key)
		}
		part, name := head(sub)
		switch part {
		case "status", "response":
		case "outputs":
			output, _ := head(name)
			if output != "" && at < len(sc.ifaces) && sc.ifaces[at] != nil && !hasResponseParam(sc.ifaces[at].Response, output) {
				return Invalid(field, "{{%s}}: step %s (%s) has no output %q", ref, key, sc.flow.Steps[at].Invoke, output).With(RFlowOutputUnknown, "ref", ref, "step", key, "name", output)
			}
		default:
			return Invalid(field, "{{%s}}: a step is read as steps.%s.outputs.<name>, .status or .response", ref, key).With(RFlowStepField, "ref", ref, "step", key)
		}
	default:
		return Invalid(field, "{{%s}}: a flow reads input, system, steps and item", ref).With(RFlowRoot, "ref", ref)
	}
	return nil
}
