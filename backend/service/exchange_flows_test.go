package service_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/jonboulle/clockwork"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"junction/backend/domain"
	"junction/backend/schedule"
	"junction/backend/service"
	"junction/backend/store"
)

// richFlowIn is a flow over richStore's shop/create-order using every field
// a flow has: a cron trigger with a zone, inputs with a default, a step on
// a named connection and account with retry and onFailure continue, literal
// and template inputs (an object literal too), runIf, forEach with
// concurrency, outputs, the run policies.
func richFlowIn() service.FlowInput {
	return service.FlowInput{
		Key: "place-orders", Name: "Place orders", Description: "every <field> & more",
		Trigger: domain.Trigger{Type: domain.TriggerCron, Cron: "30 8 * * 1-5", Timezone: "Asia/Shanghai"},
		Inputs: []domain.Param{
			{Name: "shop", Type: "string", Required: true, Description: "which shop"},
			{Name: "pages", Type: "array", Default: json.RawMessage(`[1,2]`)},
		},
		Steps: []domain.Step{
			{Key: "first", Name: "First order", Invoke: "shop/create-order", Connection: "prod", Account: "backup",
				Inputs: map[string]any{"shop": "{{input.shop}}", "page": float64(1), "order": map[string]any{"note": "n & <b>"}},
				Retry:  &domain.Retry{Attempts: 3, BackoffMs: 250}, OnFailure: domain.OnFailureContinue},
			{Key: "pages", Name: "Each page", Invoke: "shop/create-order", Inputs: map[string]any{"shop": "{{input.shop}}", "page": "{{item}}"},
				ForEach: "{{input.pages}}", Concurrency: 2,
				RunIf: &domain.Condition{All: []domain.Condition{
					{Field: "steps.first.status", Op: "eq", Value: float64(200)},
					{Any: []domain.Condition{{Field: "steps.first.outputs.code", Op: "in", Value: []any{float64(0), "OK"}}}},
				}}},
		},
		Outputs:    map[string]string{"orderId": "{{steps.first.outputs.order.id}}", "pages": "{{steps.pages.outputs}}"},
		TimeoutSec: 900, Overlap: domain.OverlapQueue, CatchUp: domain.CatchUpOnce, CatchUpWindowSec: 7200,
	}
}

// simpleFlowIn is an enabled interval flow of one step over shop/create-order.
func simpleFlowIn(key string) service.FlowInput {
	return service.FlowInput{Key: key, Name: "Flow " + key, Trigger: domain.Trigger{Type: domain.TriggerInterval, EverySec: 300},
		Steps: []domain.Step{{Key: "order", Invoke: "shop/create-order", Inputs: map[string]any{"shop": "s1"}}}}
}

// flowStore is richStore with the flows place-orders (disabled) and nightly
// over shop, and mixed, which calls shop and the connector other too.
func flowStore(t *testing.T, e *env) {
	t.Helper()
	richStore(t, e)
	_, err := e.svc.CreateFlow(e.ctx, admin, richFlowIn())
	require.NoError(t, err)
	_, err = e.svc.DisableFlow(e.ctx, admin, "place-orders")
	require.NoError(t, err)
	_, err = e.svc.CreateFlow(e.ctx, admin, simpleFlowIn("nightly"))
	require.NoError(t, err)
	_, err = e.svc.CreateConnector(e.ctx, admin, connectorIn("other"))
	require.NoError(t, err)
	_, err = e.svc.CreateConnection(e.ctx, admin, "other", httpConnIn("main"))
	require.NoError(t, err)
	_, err = e.svc.CreateInterface(e.ctx, admin, "other", interfaceIn("get-user", "main"))
	require.NoError(t, err)
	mixed := simpleFlowIn("mixed")
	mixed.Steps = append(mixed.Steps, domain.Step{Key: "user", Invoke: "other/get-user", Inputs: map[string]any{"id": "u1"}})
	_, err = e.svc.CreateFlow(e.ctx, admin, mixed)
	require.NoError(t, err)
}

// exportWarned exports keys as admin and returns the package and the warnings.
func exportWarned(t *testing.T, e *env, keys ...string) ([]byte, []string) {
	t.Helper()
	var warnings []string
	pkg, err := e.svc.Export(e.ctx, admin, keys, service.ExportOptions{Warn: func(m string) { warnings = append(warnings, m) }})
	require.NoError(t, err)
	return pkg, warnings
}

func TestFlowPackage_ExportImportExport(t *testing.T) {
	src := newEnv(t)
	flowStore(t, src)
	first, warnings := exportWarned(t, src, "shop", "archive")
	assert.Equal(t, []string{"flow mixed is not in the package: it also calls other, which is not exported (export other with it to include the flow)"}, warnings)
	var doc struct {
		Flows []struct {
			Key string `json:"key"`
		} `json:"flows"`
	}
	require.NoError(t, json.Unmarshal(first, &doc))
	require.Len(t, doc.Flows, 2)
	assert.Equal(t, "nightly", doc.Flows[0].Key, "flows by key")
	assert.Equal(t, "place-orders", doc.Flows[1].Key)
	for _, s := range []string{`"ownerId":`, `"revision":`, `"createdBy":`, `"id":`} {
		assert.NotContains(t, string(first), s)
	}

	dst := newEnv(t)
	dst.addUser("carol", domain.PermConnectorsView, domain.PermConnectorsCreate)
	var report *service.ImportReport
	dst.expectAudit(func() {
		var err error
		report, err = dst.svc.Import(dst.ctx, "carol", first, service.ImportOptions{})
		require.NoError(t, err)
	}, "connector.import", "connector.import", "flow.create", "flow.create")
	assert.Equal(t, []string{"archive", "shop", "shop/create-order", "shop/get-user", "flow:nightly", "flow:place-orders"}, report.Created)
	assert.Equal(t, "flow place-orders imported", dst.lastAudit().Summary)

	second, err := dst.svc.Export(dst.ctx, "carol", []string{"archive", "shop"}, service.ExportOptions{})
	require.NoError(t, err)
	assert.Equal(t, withoutMeta(t, first), withoutMeta(t, second), "the same bytes but exportedAt and exportedBy")

	v, err := dst.svc.GetFlow(dst.ctx, "carol", "place-orders")
	require.NoError(t, err)
	assert.Equal(t, "carol", v.Owner, "the importer owns what it imports")
	assert.False(t, v.Enabled)
	assert.Equal(t, 1, v.Revision)
	want, err := src.svc.GetFlow(src.ctx, admin, "place-orders")
	require.NoError(t, err)
	assert.Equal(t, want.Steps, v.Steps)
	assert.Equal(t, want.Inputs, v.Inputs)
	assert.Equal(t, want.Outputs, v.Outputs)
	assert.Equal(t, want.Trigger, v.Trigger)

	full, warnings := exportWarned(t, src, "shop", "archive", "other")
	assert.Empty(t, warnings)
	assert.Contains(t, string(full), `"key": "mixed"`)

	// A profile that sees the connector but not the flows exports the
	// connector alone, and hears of no flow.
	src.addUser("vic", domain.PermConnectorsView)
	require.NoError(t, src.svc.Grant(src.ctx, admin, "shop", "vic", domain.LevelView))
	var heard []string
	theirs, err := src.svc.Export(src.ctx, "vic", []string{"shop"}, service.ExportOptions{Warn: func(m string) { heard = append(heard, m) }})
	require.NoError(t, err)
	assert.Contains(t, string(theirs), "\n  \"flows\": [],\n")
	assert.Empty(t, heard)
}

// withoutMeta drops the exportedAt and exportedBy lines of a package.
func withoutMeta(t *testing.T, pkg []byte) string {
	t.Helper()
	var keep []string
	for _, line := range strings.Split(string(pkg), "\n") {
		if !strings.HasPrefix(line, `  "exportedAt": `) && !strings.HasPrefix(line, `  "exportedBy": `) {
			keep = append(keep, line)
		}
	}
	require.Len(t, keep, strings.Count(string(pkg), "\n")+1-2)
	return strings.Join(keep, "\n")
}

// flowsOnly is the package of shop and its flows with the connectors left
// out: its flows call an interface of the store.
func flowsOnly(t *testing.T, pkg []byte) []byte {
	t.Helper()
	return mustEdit(t, pkg, func(doc map[string]any) { doc["connectors"] = []any{} })
}

// A flow that breaks a rule only the store can check refuses the whole
// package, its connectors included, and changes nothing.
func TestFlowPackage_ABadFlowRefusesThePackage(t *testing.T) {
	src := newEnv(t)
	flowStore(t, src)
	pkg, _ := exportWarned(t, src, "shop", "archive")
	step := func(doc map[string]any, flow, i int) map[string]any {
		return doc["flows"].([]any)[flow].(map[string]any)["steps"].([]any)[i].(map[string]any)
	}
	cases := []struct {
		name, field, message string
		edit                 func(doc map[string]any)
	}{
		{"an interface in neither the store nor the package", "flows[0].steps[0].invoke", "names no interface",
			func(doc map[string]any) { step(doc, 0, 0)["invoke"] = "shop/nope" }},
		{"a connector in neither", "flows[1].steps[1].invoke", "names no interface",
			func(doc map[string]any) { step(doc, 1, 1)["invoke"] = "crm/get-user" }},
		{"an input the interface lacks", "flows[0].steps[0].inputs.qty", "has no input named qty",
			func(doc map[string]any) { step(doc, 0, 0)["inputs"] = map[string]any{"qty": 1} }},
		{"an output the interface lacks", "flows[1].outputs.orderId", `has no output "nope"`,
			func(doc map[string]any) {
				doc["flows"].([]any)[1].(map[string]any)["outputs"] = map[string]any{"orderId": "{{steps.first.outputs.nope}}"}
			}},
		{"a connection the connector lacks", "flows[1].steps[0].connection", "has no connection staging",
			func(doc map[string]any) { step(doc, 1, 0)["connection"] = "staging" }},
		{"a sealed connection", "flows[0]", "is sealed",
			func(doc map[string]any) { step(doc, 0, 0)["invoke"] = "shop/get-user" }},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			dst := newEnv(t)
			before := snapshot(t, dst.svc)
			_, err := dst.svc.Import(dst.ctx, admin, mustEdit(t, pkg, tc.edit), service.ImportOptions{})
			require.Error(t, err)
			assert.Equal(t, tc.field, domain.ErrorField(err), "error: %v", err)
			assert.Contains(t, domain.ErrorMessage(err), tc.message)
			assert.Equal(t, before, snapshot(t, dst.svc), "nothing written: not the connectors, not the other flow")
		})
	}
	t.Run("a new flow needs connectors.create", func(t *testing.T) {
		e := newEnv(t)
		flowStore(t, e)
		e.addUser("vic", domain.PermConnectorsView)
		require.NoError(t, e.svc.Grant(e.ctx, admin, "shop", "vic", domain.LevelView))
		before := snapshot(t, e.svc)
		_, err := e.svc.Import(e.ctx, "vic", flowsOnly(t, pkg), service.ImportOptions{OnConflict: service.OnConflictCopy})
		requireCode(t, err, domain.EPermission)
		assert.Equal(t, before, snapshot(t, e.svc))
	})
}

func TestFlowPackage_ImportConflicts(t *testing.T) {
	fixture := func(t *testing.T) (*env, []byte) {
		e := newEnv(t)
		flowStore(t, e)
		pkg, _ := exportWarned(t, e, "shop")
		// The stored flow moves on after the export.
		in := simpleFlowIn("nightly")
		in.Name = "Nightly (edited)"
		_, err := e.svc.UpdateFlow(e.ctx, admin, "nightly", in)
		require.NoError(t, err)
		return e, flowsOnly(t, pkg)
	}

	t.Run("fail refuses the whole import", func(t *testing.T) {
		e, pkg := fixture(t)
		before := snapshot(t, e.svc)
		_, err := e.svc.Import(e.ctx, admin, pkg, service.ImportOptions{})
		requireCode(t, err, domain.EConflict, "flows[0].key")
		assert.Equal(t, domain.RFlowKeyTaken, domain.ErrorReason(err))
		assert.Equal(t, before, snapshot(t, e.svc))
	})

	t.Run("skip leaves the stored flows alone", func(t *testing.T) {
		e, pkg := fixture(t)
		before := snapshot(t, e.svc)
		report, err := e.svc.Import(e.ctx, admin, pkg, service.ImportOptions{OnConflict: service.OnConflictSkip})
		require.NoError(t, err)
		assert.Equal(t, []string{"flow:nightly", "flow:place-orders"}, report.Skipped)
		assert.Empty(t, report.Created)
		assert.Equal(t, before, snapshot(t, e.svc))
	})

	t.Run("overwrite makes the stored flow the package's, as its next revision", func(t *testing.T) {
		e, pkg := fixture(t)
		e.addUser("mia", domain.PermConnectorsView, domain.PermConnectorsCreate)
		require.NoError(t, e.svc.Grant(e.ctx, admin, "shop", "mia", domain.LevelView))
		before := snapshot(t, e.svc)
		_, err := e.svc.Import(e.ctx, "mia", pkg, service.ImportOptions{OnConflict: service.OnConflictOverwrite})
		requireCode(t, err, domain.EPermission)
		assert.Equal(t, before, snapshot(t, e.svc), "overwriting needs maintain on the flow")

		pkg = mustEdit(t, pkg, func(doc map[string]any) { doc["flows"].([]any)[1].(map[string]any)["enabled"] = true })
		report := audited(t, e, func() (*service.ImportReport, error) {
			return e.svc.Import(e.ctx, admin, pkg, service.ImportOptions{OnConflict: service.OnConflictOverwrite})
		}, "flow.update", "flow.update")
		assert.Equal(t, []string{"flow:nightly", "flow:place-orders"}, report.Updated)
		v, err := e.svc.GetFlow(e.ctx, admin, "nightly")
		require.NoError(t, err)
		assert.Equal(t, "Flow nightly", v.Name, "the package's definition wins")
		assert.Equal(t, 3, v.Revision)
		assert.Equal(t, admin, v.Owner)
		p, err := e.svc.GetFlow(e.ctx, admin, "place-orders")
		require.NoError(t, err)
		assert.True(t, p.Enabled, "the package's enabled applies")
		assert.Contains(t, e.lastAudit().Summary, "flow place-orders overwritten from a package")
	})

	t.Run("copy imports under a free key", func(t *testing.T) {
		e, pkg := fixture(t)
		report, err := e.svc.Import(e.ctx, admin, pkg, service.ImportOptions{OnConflict: service.OnConflictCopy})
		require.NoError(t, err)
		assert.Equal(t, []string{"flow:nightly-copy", "flow:place-orders-copy"}, report.Created)
		report, err = e.svc.Import(e.ctx, admin, pkg, service.ImportOptions{OnConflict: service.OnConflictCopy})
		require.NoError(t, err)
		assert.Equal(t, []string{"flow:nightly-copy-2", "flow:place-orders-copy-2"}, report.Created)
		v, err := e.svc.GetFlow(e.ctx, admin, "nightly-copy")
		require.NoError(t, err)
		assert.Equal(t, "Flow nightly (copy)", v.Name)
		orig, err := e.svc.GetFlow(e.ctx, admin, "nightly")
		require.NoError(t, err)
		assert.Equal(t, "Nightly (edited)", orig.Name, "the original is untouched")
	})

	t.Run("a copied connector takes its flows along", func(t *testing.T) {
		e := newEnv(t)
		flowStore(t, e)
		pkg, _ := exportWarned(t, e, "shop")
		report, err := e.svc.Import(e.ctx, admin, pkg, service.ImportOptions{OnConflict: service.OnConflictCopy})
		require.NoError(t, err)
		assert.Equal(t, []string{"shop-copy", "shop-copy/create-order", "shop-copy/get-user", "flow:nightly-copy", "flow:place-orders-copy"}, report.Created)
		v, err := e.svc.GetFlow(e.ctx, admin, "nightly-copy")
		require.NoError(t, err)
		assert.Equal(t, "shop-copy/create-order", v.Steps[0].Invoke)
	})

	t.Run("a connector imported under another key takes its flows along", func(t *testing.T) {
		e := newEnv(t)
		flowStore(t, e)
		pkg, _ := exportWarned(t, e, "shop")
		pkg = mustEdit(t, pkg, func(doc map[string]any) {
			for _, f := range doc["flows"].([]any) {
				f.(map[string]any)["key"] = "eu-" + f.(map[string]any)["key"].(string)
			}
		})
		report, err := e.svc.Import(e.ctx, admin, pkg, service.ImportOptions{Connector: "shop-eu"})
		require.NoError(t, err)
		assert.Equal(t, []string{"shop-eu", "shop-eu/create-order", "shop-eu/get-user", "flow:eu-nightly", "flow:eu-place-orders"}, report.Created)
		v, err := e.svc.GetFlow(e.ctx, admin, "eu-place-orders")
		require.NoError(t, err)
		assert.Equal(t, []string{"shop-eu/create-order", "shop-eu/create-order"}, []string{v.Steps[0].Invoke, v.Steps[1].Invoke})
	})

	t.Run("a dry run reports what the import would do and writes nothing", func(t *testing.T) {
		for _, strategy := range []string{service.OnConflictSkip, service.OnConflictOverwrite, service.OnConflictCopy} {
			e, pkg := fixture(t)
			real, _ := fixture(t)
			want, err := real.svc.Import(real.ctx, admin, pkg, service.ImportOptions{OnConflict: strategy})
			require.NoError(t, err)
			before := snapshot(t, e.svc)
			dry, err := e.svc.Import(e.ctx, admin, pkg, service.ImportOptions{OnConflict: strategy, DryRun: true})
			require.NoError(t, err)
			assert.Equal(t, want, dry, strategy)
			assert.Equal(t, before, snapshot(t, e.svc), strategy)
		}
		into := newEnv(t)
		src := newEnv(t)
		flowStore(t, src)
		pkg, _ := exportWarned(t, src, "shop")
		dry, err := into.svc.Import(into.ctx, admin, pkg, service.ImportOptions{DryRun: true})
		require.NoError(t, err)
		assert.Equal(t, []string{"shop", "shop/create-order", "shop/get-user", "flow:nightly", "flow:place-orders"}, dry.Created)
	})
}

// An imported enabled flow with a timed trigger is planned by the scheduler
// as a created one is (CreateFlow writes no schedule row: the scheduler
// schedules a flow from the moment it first sees it); a disabled one is not.
func TestFlowPackage_ImportedTimedFlowsAreScheduled(t *testing.T) {
	src := newEnv(t)
	flowStore(t, src)
	pkg, _ := exportWarned(t, src, "shop")
	dst := newEnv(t)
	_, err := dst.svc.Import(dst.ctx, admin, pkg, service.ImportOptions{})
	require.NoError(t, err)

	t0 := time.Date(2026, 12, 1, 8, 0, 0, 0, time.UTC)
	clock := clockwork.NewFakeClockAt(t0)
	ctx, cancel := context.WithCancel(dst.ctx)
	done := make(chan struct{})
	go func() {
		defer close(done)
		schedule.New(schedule.Config{Store: dst.st, Clock: clock, Holder: "test"}).Run(ctx, func(context.Context, schedule.Fire) {})
	}()
	require.NoError(t, clock.BlockUntilContext(dst.ctx, 1), "the first tick has planned and waits")
	cancel()
	<-done

	next := map[string]time.Time{}
	require.NoError(t, dst.st.Read(dst.ctx, func(tx *store.Tx) error {
		timed, err := tx.TimedFlows()
		for _, f := range timed {
			if f.NextFireAt != nil {
				next[f.ID] = *f.NextFireAt
			}
		}
		return err
	}))
	nightly, err := dst.svc.GetFlow(dst.ctx, admin, "nightly")
	require.NoError(t, err)
	assert.Equal(t, map[string]time.Time{nightly.ID: t0.Add(300 * time.Second)}, next, "nightly fires 300 s on; place-orders is disabled")
}
