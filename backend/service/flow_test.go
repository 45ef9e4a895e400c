package service_test

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"junction/backend/domain"
	"junction/backend/service"
	"junction/backend/store"
)

// flowIn is a two-step flow over the fixture's crm/get-user: b reads a's
// output name.
func flowIn(key string) service.FlowInput {
	return service.FlowInput{
		Key: key, Name: "Flow " + key,
		Trigger: domain.Trigger{Type: domain.TriggerInterval, EverySec: 300},
		Inputs:  []domain.Param{{Name: "uid", Type: "string", Required: true}},
		Steps: []domain.Step{
			{Key: "a", Invoke: "crm/get-user", Inputs: map[string]any{"id": "{{input.uid}}"}},
			{Key: "b", Invoke: "crm/get-user", Inputs: map[string]any{"id": "{{steps.a.outputs.name}}"},
				RunIf: &domain.Condition{Field: "steps.a.outputs.code", Op: "eq", Value: float64(0)}},
		},
		Outputs: map[string]string{"name": "{{steps.b.outputs.name}}"},
	}
}

// withFlow gives withRoles the flow sync, created by owner, with a
// maintain grant to maintainer and a view grant to viewer (flow grants have
// no use case yet: written through the store).
func withFlow(e *env) []byte { return withFlowOf(e, flowIn("sync")) }

// withFlowOf is withFlow with the flow in.
func withFlowOf(e *env, in service.FlowInput) []byte {
	e.t.Helper()
	v, err := e.svc.CreateFlow(e.ctx, owner, in)
	require.NoError(e.t, err)
	require.NoError(e.t, e.st.Write(e.ctx, func(tx *store.Tx) error {
		for who, level := range map[string]string{maintainer: domain.LevelMaintain, viewer: domain.LevelView} {
			u, err := tx.UserByName(who)
			if err != nil {
				return err
			}
			if err := tx.SaveFlowGrant(&domain.FlowGrant{FlowID: v.ID, UserID: u.ID, Level: level}); err != nil {
				return err
			}
		}
		return nil
	}))
	return nil
}

func TestFlow_Lifecycle(t *testing.T) {
	e := withRoles(t)
	var v *service.FlowView
	e.expectAudit(func() {
		var err error
		v, err = e.svc.CreateFlow(e.ctx, owner, flowIn("sync"))
		require.NoError(t, err)
	}, "flow.create")
	assert.Equal(t, 1, v.Revision)
	assert.True(t, v.Enabled, "a new flow is enabled")
	assert.Equal(t, owner, v.Owner)
	assert.Equal(t, "maintain", v.Access.Level)
	assert.Equal(t, domain.OnFailureStop, v.Steps[0].OnFailure)
	assert.Equal(t, domain.DefaultFlowTimeoutSec, v.TimeoutSec)
	assert.Equal(t, "flow", e.lastAudit().TargetType)
	assert.Equal(t, "sync", e.lastAudit().TargetKey)

	list, err := e.svc.ListFlows(e.ctx, owner)
	require.NoError(t, err)
	require.Len(t, list, 1)
	assert.Equal(t, 2, list[0].StepCount)
	others, err := e.svc.ListFlows(e.ctx, stranger)
	require.NoError(t, err)
	assert.Empty(t, others, "a flow is not visible without a grant")
	all, err := e.svc.ListFlows(e.ctx, admin)
	require.NoError(t, err)
	assert.Len(t, all, 1)

	in := flowIn("sync")
	in.Name = "Renamed"
	e.expectAudit(func() {
		v, err = e.svc.UpdateFlow(e.ctx, owner, "sync", in)
		require.NoError(t, err)
	}, "flow.update")
	assert.Equal(t, 2, v.Revision)
	assert.Equal(t, "Renamed", v.Name)
	var details struct {
		Changes map[string]json.RawMessage `json:"changes"`
	}
	require.NoError(t, json.Unmarshal([]byte(e.lastAudit().Details), &details))
	assert.Contains(t, details.Changes, "name")
	assert.NotContains(t, details.Changes, "steps", "an unchanged field is not in the diff")

	in.Key = "other"
	_, err = e.svc.UpdateFlow(e.ctx, owner, "sync", in)
	requireCode(t, err, domain.EValidation, "key")

	e.expectAudit(func() {
		v, err = e.svc.DisableFlow(e.ctx, owner, "sync")
		require.NoError(t, err)
	}, "flow.disable")
	assert.False(t, v.Enabled)
	e.expectAudit(func() {
		_, err = e.svc.DisableFlow(e.ctx, owner, "sync")
		require.NoError(t, err)
	}) // already disabled: nothing changes, nothing is logged
	e.expectAudit(func() {
		v, err = e.svc.EnableFlow(e.ctx, owner, "sync")
		require.NoError(t, err)
	}, "flow.enable")
	assert.True(t, v.Enabled)
	assert.Equal(t, 2, v.Revision, "enable and disable keep the revision")

	e.expectAudit(func() { require.NoError(t, e.svc.DeleteFlow(e.ctx, owner, "sync")) }, "flow.delete")
	_, err = e.svc.GetFlow(e.ctx, owner, "sync")
	requireCode(t, err, domain.ENotFound)
}

func TestFlow_Permissions(t *testing.T) {
	e := withRoles(t)
	withFlow(e)

	t.Run("create needs connectors.create", func(t *testing.T) {
		before := snapshot(t, e.svc)
		_, err := e.svc.CreateFlow(e.ctx, viewer, flowIn("mine"))
		requireCode(t, err, domain.EPermission)
		assert.Equal(t, before, snapshot(t, e.svc))
	})

	t.Run("a viewer of the flow sees it and cannot edit, switch or delete it", func(t *testing.T) {
		got, err := e.svc.GetFlow(e.ctx, viewer, "sync")
		require.NoError(t, err)
		assert.Equal(t, "view", got.Access.Level)
		before := snapshot(t, e.svc)
		_, err = e.svc.UpdateFlow(e.ctx, viewer, "sync", flowIn("sync"))
		requireCode(t, err, domain.EPermission)
		_, err = e.svc.DisableFlow(e.ctx, viewer, "sync")
		requireCode(t, err, domain.EPermission)
		requireCode(t, e.svc.DeleteFlow(e.ctx, viewer, "sync"), domain.EPermission)
		assert.Equal(t, before, snapshot(t, e.svc))
	})

	t.Run("a profile without a grant cannot see it", func(t *testing.T) {
		_, err := e.svc.GetFlow(e.ctx, stranger, "sync")
		requireCode(t, err, domain.EPermission)
	})

	t.Run("without connectors.view no flow is seen, whatever the grants", func(t *testing.T) {
		e.addUser("nobody")
		v, err := e.svc.GetFlow(e.ctx, owner, "sync")
		require.NoError(t, err)
		require.NoError(t, e.st.Write(e.ctx, func(tx *store.Tx) error {
			u, err := tx.UserByName("nobody")
			if err != nil {
				return err
			}
			return tx.SaveFlowGrant(&domain.FlowGrant{FlowID: v.ID, UserID: u.ID, Level: domain.LevelMaintain})
		}))
		_, err = e.svc.ListFlows(e.ctx, "nobody")
		requireCode(t, err, domain.EPermission)
		_, err = e.svc.GetFlow(e.ctx, "nobody", "sync")
		requireCode(t, err, domain.EPermission)
		_, err = e.svc.DisableFlow(e.ctx, "nobody", "sync")
		requireCode(t, err, domain.EPermission)
	})

	t.Run("a step needs view on the connector it calls", func(t *testing.T) {
		e.addUser("maker", domain.PermConnectorsView, domain.PermConnectorsCreate)
		before := snapshot(t, e.svc)
		_, err := e.svc.CreateFlow(e.ctx, "maker", flowIn("theirs"))
		requireCode(t, err, domain.EPermission)
		assert.Equal(t, before, snapshot(t, e.svc))
	})
}

func TestFlow_ValidationRefusesAndChangesNothing(t *testing.T) {
	e := withRoles(t)
	cases := []struct {
		name   string
		edit   func(in *service.FlowInput)
		field  string
		reason domain.Reason
	}{
		{"a later step", func(in *service.FlowInput) { in.Steps[0].Inputs["id"] = "{{steps.b.outputs.name}}" }, "steps[0].inputs.id", domain.RFlowStepLater},
		{"an output the interface does not declare", func(in *service.FlowInput) { in.Steps[1].Inputs["id"] = "{{steps.a.outputs.email}}" }, "steps[1].inputs.id", domain.RFlowOutputUnknown},
		{"an input the interface lacks", func(in *service.FlowInput) { in.Steps[1].Inputs["nope"] = "x" }, "steps[1].inputs.nope", domain.RFlowNoInput},
		{"an unknown interface", func(in *service.FlowInput) { in.Steps[1].Invoke = "crm/nope" }, "steps[1].invoke", domain.RFlowInterfaceUnknown},
		{"an unknown connector", func(in *service.FlowInput) { in.Steps[0].Invoke = "nope/get-user" }, "steps[0].invoke", domain.RFlowInterfaceUnknown},
		{"an unknown connection", func(in *service.FlowInput) { in.Steps[0].Connection = "nope" }, "steps[0].connection", domain.RFlowStepConnectionUnknown},
		{"a cron of six fields", func(in *service.FlowInput) {
			in.Trigger = domain.Trigger{Type: domain.TriggerCron, Cron: "0 0 9 * * *"}
		}, "trigger.cron", domain.RFlowCronFields},
		{"runIf on an undeclared input", func(in *service.FlowInput) {
			in.Steps[1].RunIf = &domain.Condition{Field: "input.tenant", Op: "notEmpty"}
		}, "steps[1].runIf.field", domain.RFlowInputUnknown},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			in := flowIn("sync")
			c.edit(&in)
			before := snapshot(t, e.svc)
			_, err := e.svc.CreateFlow(e.ctx, owner, in)
			requireCode(t, err, domain.EValidation, c.field)
			assert.Equal(t, c.reason, domain.ErrorReason(err), err.Error())
			assert.Equal(t, before, snapshot(t, e.svc))
		})
	}
}

func TestFlow_SealedInterfacesOnlyForExistingSteps(t *testing.T) {
	e := withRoles(t)
	_, err := e.svc.CreateFlow(e.ctx, owner, flowIn("old"))
	require.NoError(t, err)
	require.NoError(t, e.svc.SealConnection(e.ctx, owner, "crm", "prod"))

	before := snapshot(t, e.svc)
	_, err = e.svc.CreateFlow(e.ctx, owner, flowIn("new"))
	requireCode(t, err, domain.ERule)
	assert.Equal(t, domain.RFlowInterfaceSealed, domain.ErrorReason(err))
	assert.Contains(t, domain.ErrorMessage(err), "connection prod")
	assert.Equal(t, before, snapshot(t, e.svc))

	in := flowIn("old")
	in.Name = "Still works"
	v, err := e.svc.UpdateFlow(e.ctx, owner, "old", in)
	require.NoError(t, err, "steps that already called the sealed interface keep it")
	assert.Equal(t, "Still works", v.Name)

	in.Steps = append(in.Steps, domain.Step{Key: "c", Invoke: "crm/get-user", Inputs: map[string]any{"id": "{{input.uid}}"}})
	_, err = e.svc.UpdateFlow(e.ctx, owner, "old", in)
	requireCode(t, err, domain.ERule)
	assert.Equal(t, domain.RFlowInterfaceSealed, domain.ErrorReason(err))
}

func TestFlow_InterfaceUsedByAFlowCannotBeDeleted(t *testing.T) {
	e := withRoles(t)
	for _, k := range []string{"sync", "audit-pull"} {
		_, err := e.svc.CreateFlow(e.ctx, owner, flowIn(k))
		require.NoError(t, err)
	}
	before := snapshot(t, e.svc)
	err := e.svc.DeleteInterface(e.ctx, owner, "crm", "get-user")
	requireCode(t, err, domain.ERule)
	assert.Equal(t, domain.RInterfaceUsedByFlows, domain.ErrorReason(err))
	assert.Equal(t, domain.Params{"interface": "crm/get-user", "flows": "audit-pull, sync"}, domain.ErrorParams(err))
	assert.Equal(t, before, snapshot(t, e.svc))

	for _, k := range []string{"sync", "audit-pull"} {
		require.NoError(t, e.svc.DeleteFlow(e.ctx, owner, k))
	}
	require.NoError(t, e.svc.DeleteInterface(e.ctx, owner, "crm", "get-user"))
}

// ListFlows gives each flow its next run (from the schedule, none for a
// manual or disabled flow) and its newest run's verdict.
func TestListFlows_NextRunAndLastVerdict(t *testing.T) {
	e := newSchedEnv(t)
	e.timedFlow("timed", every(60))
	e.timedFlow("manual", domain.Trigger{Type: domain.TriggerManual})
	e.timedFlow("off", every(60))
	_, err := e.svc.DisableFlow(e.ctx, admin, "off")
	require.NoError(t, err)
	list := func() map[string]service.FlowSummary {
		flows, err := e.svc.ListFlows(e.ctx, admin)
		require.NoError(t, err)
		out := map[string]service.FlowSummary{}
		for _, f := range flows {
			out[f.Key] = f
		}
		return out
	}
	before := list()
	assert.Nil(t, before["timed"].NextRunAt, "not scheduled before a scheduler ran")
	e.schedule(e.svc, "first")
	e.waiting(1)
	flows := list()
	require.NotNil(t, flows["timed"].NextRunAt)
	assert.True(t, s0.Add(time.Minute).Equal(*flows["timed"].NextRunAt))
	assert.Equal(t, "", flows["timed"].LastVerdict)
	assert.Nil(t, flows["manual"].NextRunAt)
	assert.Nil(t, flows["off"].NextRunAt)

	e.advance(1, time.Minute)
	e.awaitEnded("timed", 1)
	_, err = e.svc.RunFlow(e.ctx, admin, "manual", service.FlowRunInput{Inputs: map[string]any{"appSecret": "wrong"}})
	require.NoError(t, err)
	flows = list()
	assert.Equal(t, "ok", flows["timed"].LastVerdict)
	assert.True(t, s0.Add(2*time.Minute).Equal(*flows["timed"].NextRunAt))
	assert.Equal(t, "unmet", flows["manual"].LastVerdict)
	assert.Equal(t, "", flows["off"].LastVerdict)
}
