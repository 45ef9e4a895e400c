package cli

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"junction/backend/domain"
	"junction/backend/service"
	"junction/backend/service/servicetest"
)

// withFlow imports crm and creates, through the service over the same
// files, the flow lookup calling crm/get-customer (the CLI has no flow
// create: flows come from packages).
func (e *env) withFlow() {
	e.t.Helper()
	e.importFixture("crm.junction.json")
	svc := servicetest.Open(e.t, e.db, e.key, "alice")
	_, err := svc.CreateFlow(e.t.Context(), "alice", service.FlowInput{
		Key: "lookup", Name: "Look up a customer",
		Trigger: domain.Trigger{Type: domain.TriggerCron, Cron: "0 9 * * *", Timezone: "Asia/Shanghai"},
		Inputs:  []domain.Param{{Name: "id", Type: "string", Required: true}},
		Steps:   []domain.Step{{Key: "get", Invoke: "crm/get-customer", Inputs: map[string]any{"id": "{{input.id}}"}}},
		Outputs: map[string]string{"name": "{{steps.get.outputs.name}}"},
	})
	require.NoError(e.t, err)
	require.NoError(e.t, svc.Close())
}

func TestRun_FlowListShowEnableDisable(t *testing.T) {
	e := newEnv(t)
	e.withFlow()

	var rows []map[string]any
	e.json(&rows, "flow", "list")
	require.Len(t, rows, 1)
	assert.Equal(t, map[string]any{"key": "lookup", "name": "Look up a customer", "enabled": true,
		"trigger": "cron", "nextRunAt": nil, "lastVerdict": ""}, rows[0])
	assertContainsAll(t, e.ok("flow", "list"), "KEY", "lookup", "Look up a customer", "yes", "cron")

	var f map[string]any
	e.json(&f, "flow", "show", "lookup")
	assert.Equal(t, "lookup", f["key"])
	assert.Equal(t, map[string]any{"type": "cron", "cron": "0 9 * * *", "timezone": "Asia/Shanghai"}, f["trigger"])
	steps := f["steps"].([]any)
	require.Len(t, steps, 1)
	assert.Equal(t, "crm/get-customer", steps[0].(map[string]any)["invoke"])
	assertContainsAll(t, e.ok("flow", "show", "lookup"), "lookup  Look up a customer", `cron "0 9 * * *" (Asia/Shanghai)`, "get", "crm/get-customer", "id")

	var done map[string]any
	e.json(&done, "flow", "disable", "lookup")
	assert.Equal(t, map[string]any{"key": "lookup", "enabled": false}, done)
	e.json(&rows, "flow", "list")
	assert.Equal(t, false, rows[0]["enabled"])
	assert.Equal(t, "flow lookup is enabled\n", e.ok("flow", "enable", "lookup"))
	e.json(&rows, "flow", "list")
	assert.Equal(t, true, rows[0]["enabled"])

	var audit []map[string]any
	e.json(&audit, "audit", "--action", "flow.disable")
	assert.Len(t, audit, 1)
}

func TestRun_FlowUnknownIsExit5(t *testing.T) {
	e := newEnv(t)
	e.withFlow()
	for _, args := range [][]string{{"flow", "show", "nope"}, {"flow", "enable", "nope"}, {"flow", "disable", "nope"}} {
		r := e.run(args...)
		assert.Equal(t, ExitNotFound, r.code, "%v", args)
		assert.Contains(t, oneErrorLine(t, r), "nope")
		r = e.run(append(args, "--json")...)
		assert.Equal(t, ExitNotFound, r.code)
		assert.Equal(t, "not_found", decodeError(t, r).Error.Code)
	}
}

func TestRun_FlowListEmpty(t *testing.T) {
	e := newEnv(t)
	e.importFixture("crm.junction.json")
	assert.Equal(t, "[]\n", e.ok("flow", "list", "--json"))
}

// flow run and flow history: a missing input is exit 2 naming it and runs
// nothing; an unknown flow or run is exit 5; the history lists what ran.
func TestRun_FlowRunExitCodesAndHistory(t *testing.T) {
	e := newEnv(t)
	e.withFlow()
	r := e.run("flow", "run", "lookup", "--json")
	assert.Equal(t, ExitUsage, r.code)
	assert.Equal(t, "inputs.id", decodeError(t, r).Error.Field)
	for _, args := range [][]string{{"flow", "run", "nope"}, {"flow", "history", "nope"}, {"flow", "rerun", "no-such-run"}} {
		assert.Equal(t, ExitNotFound, e.run(args...).code, "%v", args)
	}
	assert.Equal(t, "[]\n", e.ok("flow", "history", "lookup", "--json"))
	assert.Equal(t, ExitUsage, e.run("flow", "history", "lookup", "--limit", "-1").code)
}
