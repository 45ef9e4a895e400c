package domain_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"junction/backend/domain"
	"junction/backend/invoke"
)

// openPlatformFlow is the seed's demo: code, then token, then departments.
func openPlatformFlow() (*domain.Flow, []*domain.Interface) {
	f := &domain.Flow{
		Key: "sync-depts", Name: "Sync departments",
		Trigger: domain.Trigger{Type: domain.TriggerCron, Cron: "0 9 * * *", Timezone: "Asia/Shanghai"},
		Inputs:  []domain.Param{{Name: "corp", Type: "string"}},
		Steps: []domain.Step{
			{Key: "code", Invoke: "open/code", Inputs: map[string]any{"corp": "{{input.corp}}"}},
			{Key: "token", Invoke: "open/token", Inputs: map[string]any{"code": "{{steps.code.outputs.code}}", "ts": "{{system.timestamp}}"},
				RunIf: &domain.Condition{Field: "steps.code.status", Op: "eq", Value: 200}},
			{Key: "depts", Invoke: "open/depts", ForEach: "{{steps.token.outputs.units}}", Concurrency: 2,
				Inputs: map[string]any{"token": "Bearer {{steps.token.outputs.token}}", "unit": "{{item.id}}", "page": 1}},
		},
		Outputs: map[string]string{"departments": "{{steps.depts.outputs}}"},
	}
	resp := func(names ...string) *domain.Interface {
		it := &domain.Interface{Request: []domain.Param{{Name: "corp"}, {Name: "code"}, {Name: "ts"}, {Name: "token"}, {Name: "unit"}, {Name: "page"}}}
		for _, n := range names {
			it.Response = append(it.Response, domain.ResponseParam{Name: n, Type: "string", Path: n})
		}
		return it
	}
	return f, []*domain.Interface{resp("code"), resp("token", "units"), resp("list")}
}

func TestNormalizeFlowDefaults(t *testing.T) {
	f := &domain.Flow{Key: " k ", Steps: []domain.Step{{Key: "a"}}}
	domain.NormalizeFlow(f, true)
	assert.Equal(t, "k", f.Key)
	assert.True(t, f.Enabled)
	assert.Equal(t, domain.TriggerManual, f.Trigger.Type)
	assert.Equal(t, domain.OverlapSkip, f.Overlap)
	assert.Equal(t, domain.CatchUpSkip, f.CatchUp)
	assert.Equal(t, domain.DefaultFlowTimeoutSec, f.TimeoutSec)
	assert.Equal(t, domain.OnFailureStop, f.Steps[0].OnFailure)
	assert.Equal(t, 1, f.Steps[0].Concurrency)

	g := &domain.Flow{Enabled: false}
	domain.NormalizeFlow(g, false)
	assert.False(t, g.Enabled, "an update keeps enabled as it is")
}

func TestValidateFlowAcceptsTheDemo(t *testing.T) {
	f, ifaces := openPlatformFlow()
	domain.NormalizeFlow(f, true)
	require.NoError(t, domain.ValidateFlow(f, ifaces, invoke.FlowChecks))
}

func TestValidateFlowFieldPaths(t *testing.T) {
	cases := []struct {
		name   string
		edit   func(f *domain.Flow)
		field  string
		reason domain.Reason
	}{
		{"bad key", func(f *domain.Flow) { f.Key = "Bad Key" }, "key", domain.RKeyInvalid},
		{"no steps", func(f *domain.Flow) { f.Steps = nil }, "steps", domain.RFieldRequired},
		{"duplicate step key", func(f *domain.Flow) { f.Steps[2].Key = "code" }, "steps[2].key", domain.RFieldDuplicate},
		{"step key", func(f *domain.Flow) { f.Steps[1].Key = "" }, "steps[1].key", domain.RFieldRequired},
		{"interval too short", func(f *domain.Flow) { f.Trigger = domain.Trigger{Type: domain.TriggerInterval, EverySec: 59} }, "trigger.everySec", domain.RFlowEveryMin},
		{"cron six fields", func(f *domain.Flow) { f.Trigger.Cron = "0 0 9 * * *" }, "trigger.cron", domain.RFlowCronFields},
		{"cron bad field", func(f *domain.Flow) { f.Trigger.Cron = "61 9 * * *" }, "trigger.cron", domain.RFlowCronInvalid},
		{"timezone", func(f *domain.Flow) { f.Trigger.Timezone = "Mars/Olympus" }, "trigger.timezone", domain.RFlowTimezone},
		{"trigger type", func(f *domain.Flow) { f.Trigger.Type = "hourly" }, "trigger.type", domain.RFieldNotOneOf},
		{"invoke", func(f *domain.Flow) { f.Steps[0].Invoke = "open" }, "steps[0].invoke", domain.RFlowInvoke},
		{"unknown interface input", func(f *domain.Flow) { f.Steps[0].Inputs["nope"] = "x" }, "steps[0].inputs.nope", domain.RFlowNoInput},
		{"template unclosed", func(f *domain.Flow) { f.Steps[1].Inputs["code"] = "{{steps.code.outputs.code" }, "steps[1].inputs.code", domain.RFlowTemplate},
		{"template root", func(f *domain.Flow) { f.Steps[1].Inputs["code"] = "{{response.code}}" }, "steps[1].inputs.code", domain.RFlowTemplate},
		{"undeclared input", func(f *domain.Flow) { f.Steps[0].Inputs["corp"] = "{{input.tenant}}" }, "steps[0].inputs.corp", domain.RFlowInputUnknown},
		{"system field", func(f *domain.Flow) { f.Steps[1].Inputs["ts"] = "{{system.clock}}" }, "steps[1].inputs.ts", domain.RFlowSystemUnknown},
		{"item outside forEach", func(f *domain.Flow) { f.Steps[1].Inputs["ts"] = "{{item.id}}" }, "steps[1].inputs.ts", domain.RFlowItemOutside},
		{"item in forEach source", func(f *domain.Flow) { f.Steps[2].ForEach = "{{item.list}}" }, "steps[2].forEach", domain.RFlowItemOutside},
		{"later step", func(f *domain.Flow) { f.Steps[1].Inputs["code"] = "{{steps.depts.outputs.list}}" }, "steps[1].inputs.code", domain.RFlowStepLater},
		{"itself", func(f *domain.Flow) { f.Steps[1].Inputs["code"] = "{{steps.token.status}}" }, "steps[1].inputs.code", domain.RFlowStepLater},
		{"unknown step", func(f *domain.Flow) { f.Steps[1].Inputs["code"] = "{{steps.nope.status}}" }, "steps[1].inputs.code", domain.RFlowStepUnknown},
		{"undeclared output", func(f *domain.Flow) { f.Steps[1].Inputs["code"] = "{{steps.code.outputs.secret}}" }, "steps[1].inputs.code", domain.RFlowOutputUnknown},
		{"step part", func(f *domain.Flow) { f.Steps[1].Inputs["code"] = "{{steps.code.headers}}" }, "steps[1].inputs.code", domain.RFlowStepField},
		{"runIf later step", func(f *domain.Flow) {
			f.Steps[1].RunIf = &domain.Condition{All: []domain.Condition{{Field: "input.corp", Op: "notEmpty"}, {Field: "steps.depts.status", Op: "eq", Value: 200}}}
		}, "steps[1].runIf.all[1].field", domain.RFlowStepLater},
		{"runIf root", func(f *domain.Flow) { f.Steps[1].RunIf = &domain.Condition{Field: "status", Op: "eq", Value: 200} }, "steps[1].runIf.field", domain.RCondFieldInvalid},
		{"runIf op", func(f *domain.Flow) { f.Steps[1].RunIf = &domain.Condition{Field: "input.corp", Op: "like"} }, "steps[1].runIf.op", domain.RFieldNotOneOf},
		{"flow output reads item", func(f *domain.Flow) { f.Outputs["x"] = "{{item}}" }, "outputs.x", domain.RFlowItemOutside},
		{"concurrency", func(f *domain.Flow) { f.Steps[2].Concurrency = 0 }, "steps[2].concurrency", domain.RFlowRange},
		{"retry attempts", func(f *domain.Flow) { f.Steps[0].Retry = &domain.Retry{Attempts: 0} }, "steps[0].retry.attempts", domain.RFlowRange},
		{"onFailure", func(f *domain.Flow) { f.Steps[0].OnFailure = "ignore" }, "steps[0].onFailure", domain.RFieldNotOneOf},
		{"overlap", func(f *domain.Flow) { f.Overlap = "parallel" }, "overlap", domain.RFieldNotOneOf},
		{"timeout", func(f *domain.Flow) { f.TimeoutSec = -1 }, "timeoutSec", domain.RFlowRange},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f, ifaces := openPlatformFlow()
			domain.NormalizeFlow(f, true)
			c.edit(f)
			err := domain.ValidateFlow(f, ifaces, invoke.FlowChecks)
			require.Error(t, err)
			assert.Equal(t, domain.EValidation, domain.ErrorCode(err))
			assert.Equal(t, c.field, domain.ErrorField(err), err.Error())
			assert.Equal(t, c.reason, domain.ErrorReason(err), err.Error())
		})
	}
}
