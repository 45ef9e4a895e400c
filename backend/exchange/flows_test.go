package exchange_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"junction/backend/domain"
	"junction/backend/exchange"
)

// Export, import and export again give the same bytes with flows using
// every field, and import gives back the flows as the store held them.
func TestFlows_RoundTrip(t *testing.T) {
	first := exportRich(t, fixedMeta)
	dec, err := exchange.Import(first)
	require.NoError(t, err)
	want := richFlows()
	for i := range want {
		want[i].ID, want[i].OwnerID, want[i].Revision, want[i].CreatedBy = "", "", 0, ""
		if len(want[i].Inputs) == 0 {
			want[i].Inputs = []domain.Param{}
		}
	}
	assert.Equal(t, want, dec.Flows)

	second, err := exchange.Export(dec.Meta, dec.Connectors, dec.Flows)
	require.NoError(t, err)
	assert.Equal(t, string(first), string(second))
}

// A flow is written with every field in the spec's order, its trigger in
// the shape of its type, and nothing of the store (owner, revision).
func TestFlows_ExportLayout(t *testing.T) {
	var doc struct {
		Flows []json.RawMessage `json:"flows"`
	}
	require.NoError(t, json.Unmarshal(exportRich(t, fixedMeta), &doc))
	require.Len(t, doc.Flows, 3)
	assert.Equal(t, []string{"key", "name", "description", "enabled", "trigger", "inputs", "steps", "outputs",
		"timeoutSec", "overlap", "catchUp", "catchUpWindowSec"}, objectKeys(t, doc.Flows[0]))

	var flows []struct {
		Trigger json.RawMessage   `json:"trigger"`
		Steps   []json.RawMessage `json:"steps"`
		Inputs  []map[string]any  `json:"inputs"`
	}
	for _, raw := range doc.Flows {
		var f struct {
			Trigger json.RawMessage   `json:"trigger"`
			Steps   []json.RawMessage `json:"steps"`
			Inputs  []map[string]any  `json:"inputs"`
		}
		require.NoError(t, json.Unmarshal(raw, &f))
		flows = append(flows, f)
	}
	assert.JSONEq(t, `{"type":"cron","cron":"0 9 * * 1-5","timezone":"Asia/Shanghai"}`, string(flows[0].Trigger))
	assert.JSONEq(t, `{"type":"interval","everySec":300}`, string(flows[1].Trigger))
	assert.JSONEq(t, `{"type":"manual"}`, string(flows[2].Trigger))
	assert.Equal(t, []string{"key", "name", "invoke", "connection", "account", "inputs", "runIf", "forEach", "concurrency", "retry", "onFailure"},
		objectKeys(t, flows[0].Steps[0]))
	assert.JSONEq(t, `{"key":"ping","name":"","invoke":"open-platform/ping","connection":"","account":"","inputs":{},"runIf":null,
		"forEach":"","concurrency":1,"retry":null,"onFailure":"stop"}`, string(flows[1].Steps[0]))
	assert.NotContains(t, flows[0].Inputs[0], "in", "a flow input has no location")
}

// A hand-written flow needs only key, name, trigger and steps (each with
// key and invoke); the rest takes the defaults of PACKAGE.md.
func TestFlows_ImportDefaults(t *testing.T) {
	pkg := withFlows(t, `{"key": "f", "name": "F", "trigger": {"type": "manual"}, "steps": [{"key": "s", "invoke": "crm/ping"}]}`)
	dec, err := exchange.Import(pkg)
	require.NoError(t, err)
	assert.Equal(t, []domain.Flow{{
		Key: "f", Name: "F", Enabled: true, Trigger: domain.Trigger{Type: domain.TriggerManual},
		Inputs:     []domain.Param{},
		Steps:      []domain.Step{{Key: "s", Invoke: "crm/ping", Inputs: map[string]any{}, Concurrency: 1, OnFailure: domain.OnFailureStop}},
		Outputs:    map[string]string{},
		TimeoutSec: domain.DefaultFlowTimeoutSec, Overlap: domain.OverlapSkip, CatchUp: domain.CatchUpSkip,
	}}, dec.Flows)

	off, err := exchange.Import(withFlows(t, `{"key": "f", "name": "F", "enabled": false, "trigger": {"type": "manual"}, "steps": [{"key": "s", "invoke": "crm/ping"}]}`))
	require.NoError(t, err)
	assert.False(t, off.Flows[0].Enabled, "enabled false stays false")
}

// withFlows is minimalPackage with the flows given as JSON objects.
func withFlows(t *testing.T, flows ...string) []byte {
	t.Helper()
	return mutate(t, func(d map[string]any) {
		list := make([]any, 0, len(flows))
		for _, f := range flows {
			var v any
			require.NoError(t, json.Unmarshal([]byte(f), &v))
			list = append(list, v)
		}
		d["flows"] = list
	})
}

// A flow that breaks the schema or a rule of CreateFlow is refused with the
// field path of the mistake in the package.
func TestFlows_ImportRefuses(t *testing.T) {
	flow := func(edit string) string {
		base := `{"key": "f", "name": "F", "trigger": {"type": "manual"}, "inputs": [{"name": "id", "type": "string"}],
			"steps": [{"key": "a", "invoke": "crm/ping", "inputs": {"q": "{{input.id}}"}}, {"key": "b", "invoke": "crm/ping"}]}`
		if edit == "" {
			return base
		}
		var doc map[string]any
		require.NoError(t, json.Unmarshal([]byte(base), &doc))
		var patch map[string]any
		require.NoError(t, json.Unmarshal([]byte(edit), &patch))
		for k, v := range patch {
			doc[k] = v
		}
		out, err := json.Marshal(doc)
		require.NoError(t, err)
		return string(out)
	}
	cases := []struct {
		name, field, message string
		flows                []string
	}{
		{"no steps key", "flows[0].steps", "is required", []string{`{"key": "f", "name": "F", "trigger": {"type": "manual"}}`}},
		{"no steps", "flows[0].steps", "is required", []string{flow(`{"steps": []}`)}},
		{"no trigger", "flows[0].trigger", "is required", []string{`{"key": "f", "name": "F", "steps": [{"key": "a", "invoke": "crm/ping"}]}`}},
		{"a step without invoke", "flows[0].steps[1].invoke", "is required", []string{flow(`{"steps": [{"key": "a", "invoke": "crm/ping"}, {"key": "b"}]}`)}},
		{"invoke not connector/interface", "flows[0].steps[1].invoke", "is not connector/interface", []string{flow(`{"steps": [{"key": "a", "invoke": "crm/ping"}, {"key": "b", "invoke": "ping"}]}`)}},
		{"an unknown field in a step", "flows[0].steps[0].retries", "check the spelling", []string{flow(`{"steps": [{"key": "a", "invoke": "crm/ping", "retries": 3}]}`)}},
		{"an interval without everySec", "flows[0].trigger.everySec", "is required", []string{flow(`{"trigger": {"type": "interval"}}`)}},
		{"an interval too short", "flows[0].trigger.everySec", "at least 60 seconds", []string{flow(`{"trigger": {"type": "interval", "everySec": 30}}`)}},
		{"a manual trigger with a cron", "flows[0].trigger.cron", "does not belong here", []string{flow(`{"trigger": {"type": "manual", "cron": "0 9 * * *"}}`)}},
		{"a cron of four fields", "flows[0].trigger.cron", "five fields", []string{flow(`{"trigger": {"type": "cron", "cron": "0 9 * *"}}`)}},
		{"an unknown time zone", "flows[0].trigger.timezone", "not a known time zone", []string{flow(`{"trigger": {"type": "cron", "cron": "0 9 * * *", "timezone": "Mars/Olympus"}}`)}},
		{"an unknown trigger type", "flows[0].trigger.type", "is not one of manual, interval, cron", []string{flow(`{"trigger": {"type": "hourly"}}`)}},
		{"a flow input with a location", "flows[0].inputs[0].in", "does not belong here", []string{flow(`{"inputs": [{"name": "id", "in": "query", "type": "string"}]}`)}},
		{"a step reading a later step", "flows[0].steps[0].inputs.q", "runs later", []string{flow(`{"steps": [{"key": "a", "invoke": "crm/ping", "inputs": {"q": "{{steps.b.outputs.x}}"}}, {"key": "b", "invoke": "crm/ping"}]}`)}},
		{"a template reading an unknown input", "flows[0].steps[0].inputs.q", "no input named", []string{flow(`{"steps": [{"key": "a", "invoke": "crm/ping", "inputs": {"q": "{{input.nope}}"}}]}`)}},
		{"an output reading an unknown step", "flows[0].outputs.x", "no step", []string{flow(`{"outputs": {"x": "{{steps.zz.outputs.y}}"}}`)}},
		{"a runIf with an unknown op", "flows[0].steps[0].runIf.all[0].op", "is not one of", []string{flow(`{"steps": [{"key": "a", "invoke": "crm/ping", "runIf": {"all": [{"field": "input.id", "op": "equals", "value": 1}]}}]}`)}},
		{"retry without attempts", "flows[0].steps[0].retry.attempts", "is required", []string{flow(`{"steps": [{"key": "a", "invoke": "crm/ping", "retry": {"backoffMs": 10}}]}`)}},
		{"retry of 0 attempts", "flows[0].steps[0].retry.attempts", "between 1 and 10", []string{flow(`{"steps": [{"key": "a", "invoke": "crm/ping", "retry": {"attempts": 0}}]}`)}},
		{"a concurrency of 100", "flows[0].steps[0].concurrency", "between 1 and 32", []string{flow(`{"steps": [{"key": "a", "invoke": "crm/ping", "concurrency": 100}]}`)}},
		{"an unknown onFailure", "flows[0].steps[0].onFailure", "is not one of stop, continue", []string{flow(`{"steps": [{"key": "a", "invoke": "crm/ping", "onFailure": "retry"}]}`)}},
		{"an unknown overlap", "flows[0].overlap", "is not one of skip, queue", []string{flow(`{"overlap": "parallel"}`)}},
		{"a timeout over a day", "flows[0].timeoutSec", "between 1 and 86400", []string{flow(`{"timeoutSec": 90000}`)}},
		{"two steps with one key", "flows[0].steps[1].key", "appears twice", []string{flow(`{"steps": [{"key": "a", "invoke": "crm/ping"}, {"key": "a", "invoke": "crm/ping"}]}`)}},
		{"two flows with one key", "flows[1].key", "is also the key of flows[0]", []string{flow(""), flow("")}},
		{"a bad flow key", "flows[0].key", "not a valid key", []string{flow(`{"key": "Sync Departments"}`)}},
		{"a timeout written as text", "flows[0].timeoutSec", "must be integer, not string", []string{flow(`{"timeoutSec": "60"}`)}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			dec, err := exchange.Import(withFlows(t, tc.flows...))
			assert.Nil(t, dec)
			require.Error(t, err)
			assert.Equal(t, tc.field, domain.ErrorField(err), "error: %v", err)
			assert.Contains(t, domain.ErrorMessage(err), tc.message)
		})
	}
}

// The checksum covers the flows: a package whose flow was edited after the
// export is refused, and one whose flows were only reformatted is not.
func TestFlows_Checksum(t *testing.T) {
	out := exportRich(t, fixedMeta)
	_, err := exchange.Import([]byte(strings.Replace(string(out), `"name": "By hand"`, `"name": "By foot"`, 1)))
	assertCode(t, err, domain.EValidation, "checksum")

	var doc map[string]any
	require.NoError(t, json.Unmarshal(out, &doc))
	compact, err := json.Marshal(doc)
	require.NoError(t, err)
	dec, err := exchange.Import(compact)
	require.NoError(t, err)
	assert.Len(t, dec.Flows, 3)
}
