package service_test

import (
	"bytes"
	"context"
	"path/filepath"
	"reflect"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"junction/backend/domain"
	"junction/backend/invoke/invoketest"
	"junction/backend/service"
)

// ghost names no profile at all: every call refuses it.
const ghost = "ghost"

// Who may do what on the fixture connectors of withRoles.
var (
	everyone    = []string{admin, owner, maintainer, viewer, stranger}
	canView     = []string{admin, owner, maintainer, viewer}
	canMaintain = []string{admin, owner, maintainer}
	canManage   = []string{admin, owner}
	canCreate   = []string{admin, owner}
	adminOnly   = []string{admin}
)

// permCase calls one service method as a given actor on a fresh withRoles
// fixture. prep runs first (as admin) and its result reaches call.
type permCase struct {
	method string // the service method called, for the coverage check
	name   string // a variant, when a method has several rows
	allow  []string
	prep   func(e *env) []byte
	call   func(e *env, actor string, data []byte) error
}

func permCases() []permCase {
	// A connection "local" to a refused local port: a check answers at once,
	// without the network.
	localConn := func(e *env) []byte {
		_, err := e.svc.CreateConnection(e.ctx, admin, "crm", connTo("local", invoketest.RefusedAddr(e.t)))
		require.NoError(e.t, err)
		return nil
	}
	return []permCase{
		{method: "ListConnectors", allow: everyone, call: func(e *env, who string, _ []byte) error {
			_, err := e.svc.ListConnectors(e.ctx, who, service.ConnectorQuery{})
			return err
		}},
		{method: "EachConnector", allow: everyone, call: func(e *env, who string, _ []byte) error {
			return e.svc.EachConnector(e.ctx, who, service.ConnectorQuery{}, 10, func([]service.ConnectorSummary) error { return nil })
		}},
		{method: "GetConnector", allow: canView, call: func(e *env, who string, _ []byte) error {
			_, err := e.svc.GetConnector(e.ctx, who, "crm")
			return err
		}},
		{method: "CreateConnector", allow: canCreate, call: func(e *env, who string, _ []byte) error {
			_, err := e.svc.CreateConnector(e.ctx, who, connectorIn("new"))
			return err
		}},
		{method: "UpdateConnector", allow: canMaintain, call: func(e *env, who string, _ []byte) error {
			_, err := e.svc.UpdateConnector(e.ctx, who, "crm", connectorIn(""))
			return err
		}},
		{method: "SealConnector", allow: canMaintain, call: func(e *env, who string, _ []byte) error {
			return e.svc.SealConnector(e.ctx, who, "crm")
		}},
		{method: "UnsealConnector", allow: canMaintain,
			prep: func(e *env) []byte { require.NoError(e.t, e.svc.SealConnector(e.ctx, admin, "crm")); return nil },
			call: func(e *env, who string, _ []byte) error { return e.svc.UnsealConnector(e.ctx, who, "crm") }},
		{method: "DeleteConnector", allow: canMaintain, call: func(e *env, who string, _ []byte) error {
			return e.svc.DeleteConnector(e.ctx, who, "bare")
		}},
		{method: "ListGrants", allow: canView, call: func(e *env, who string, _ []byte) error {
			_, err := e.svc.ListGrants(e.ctx, who, "crm")
			return err
		}},
		{method: "Grant", allow: canManage, call: func(e *env, who string, _ []byte) error {
			return e.svc.Grant(e.ctx, who, "crm", stranger, domain.LevelView)
		}},
		{method: "Revoke", allow: canManage, call: func(e *env, who string, _ []byte) error {
			return e.svc.Revoke(e.ctx, who, "crm", viewer)
		}},
		{method: "GetConnection", allow: canView, call: func(e *env, who string, _ []byte) error {
			_, err := e.svc.GetConnection(e.ctx, who, "crm", "prod")
			return err
		}},
		{method: "CreateConnection", allow: canMaintain, call: func(e *env, who string, _ []byte) error {
			_, err := e.svc.CreateConnection(e.ctx, who, "crm", httpConnIn("new"))
			return err
		}},
		{method: "UpdateConnection", allow: canMaintain, call: func(e *env, who string, _ []byte) error {
			_, err := e.svc.UpdateConnection(e.ctx, who, "crm", "prod", httpsConnIn(""))
			return err
		}},
		{method: "SealConnection", allow: canMaintain, call: func(e *env, who string, _ []byte) error {
			return e.svc.SealConnection(e.ctx, who, "crm", "spare")
		}},
		{method: "UnsealConnection", allow: canMaintain,
			prep: func(e *env) []byte {
				require.NoError(e.t, e.svc.SealConnection(e.ctx, admin, "crm", "spare"))
				return nil
			},
			call: func(e *env, who string, _ []byte) error { return e.svc.UnsealConnection(e.ctx, who, "crm", "spare") }},
		{method: "DeleteConnection", allow: canMaintain, call: func(e *env, who string, _ []byte) error {
			return e.svc.DeleteConnection(e.ctx, who, "crm", "spare")
		}},
		{method: "CheckConnection", allow: canView, prep: localConn, call: func(e *env, who string, _ []byte) error {
			_, err := e.svc.CheckConnection(e.ctx, who, "crm", "local")
			return err
		}},
		{method: "CheckConnectionAs", allow: canView, prep: localConn, call: func(e *env, who string, _ []byte) error {
			_, err := e.svc.CheckConnectionAs(e.ctx, who, "crm", "local", "")
			return err
		}},
		{method: "SaveAccount", allow: canMaintain, call: func(e *env, who string, _ []byte) error {
			_, err := e.svc.SaveAccount(e.ctx, who, "crm", "prod", service.AccountInput{Name: "main", Secrets: map[string]*string{"password": ptr("x")}})
			return err
		}},
		{method: "DeleteAccount", allow: canMaintain, call: func(e *env, who string, _ []byte) error {
			return e.svc.DeleteAccount(e.ctx, who, "crm", "prod", "main")
		}},
		{method: "SetSecret", allow: canMaintain, call: func(e *env, who string, _ []byte) error {
			return e.svc.SetSecret(e.ctx, who, "crm", "prod", "main", "password", "new-password")
		}},
		{method: "SetSecret", name: "client certificate password", allow: canMaintain, call: func(e *env, who string, _ []byte) error {
			return e.svc.SetSecret(e.ctx, who, "crm", "prod", "", "tls.clientCertPassword", "cert-password")
		}},
		{method: "ListInterfaces", allow: canView, call: func(e *env, who string, _ []byte) error {
			_, err := e.svc.ListInterfaces(e.ctx, who, "crm")
			return err
		}},
		{method: "GetInterface", allow: canView, call: func(e *env, who string, _ []byte) error {
			_, err := e.svc.GetInterface(e.ctx, who, "crm", "get-user")
			return err
		}},
		{method: "CreateInterface", allow: canMaintain, call: func(e *env, who string, _ []byte) error {
			_, err := e.svc.CreateInterface(e.ctx, who, "crm", interfaceIn("new", "prod"))
			return err
		}},
		{method: "UpdateInterface", allow: canMaintain, call: func(e *env, who string, _ []byte) error {
			_, err := e.svc.UpdateInterface(e.ctx, who, "crm", "get-user", interfaceIn("", "spare"))
			return err
		}},
		{method: "DeleteInterface", allow: canMaintain, call: func(e *env, who string, _ []byte) error {
			return e.svc.DeleteInterface(e.ctx, who, "crm", "get-user")
		}},
		{method: "Invoke", allow: canView, prep: localProd, call: func(e *env, who string, _ []byte) error {
			_, err := e.svc.Invoke(e.ctx, who, "crm", "get-user", service.InvokeInput{Inputs: map[string]any{"id": "1"}})
			return err
		}},
		{method: "InvokeRepeat", allow: canView, prep: localProd, call: func(e *env, who string, _ []byte) error {
			_, err := e.svc.InvokeRepeat(e.ctx, who, "crm", "get-user", service.InvokeInput{Inputs: map[string]any{"id": "1"}}, 2, 1)
			return err
		}},
		{method: "PrepareCall", allow: canView, prep: localProd, call: func(e *env, who string, _ []byte) error {
			_, err := e.svc.PrepareCall(e.ctx, who, "crm", "get-user", service.InvokeInput{Inputs: map[string]any{"id": "1"}})
			return err
		}},
		{method: "ListHistory", allow: canView, prep: invokedOnce, call: func(e *env, who string, _ []byte) error {
			_, err := e.svc.ListHistory(e.ctx, who, "crm", "get-user", 0)
			return err
		}},
		{method: "GetHistory", allow: canView, prep: invokedOnce, call: func(e *env, who string, id []byte) error {
			_, err := e.svc.GetHistory(e.ctx, who, string(id))
			return err
		}},
		{method: "CheckHistoryView", allow: canView, prep: invokedOnce, call: func(e *env, who string, id []byte) error {
			return e.svc.CheckHistoryView(e.ctx, who, string(id))
		}},
		{method: "ViewHistoryAs", allow: canView, prep: invokedOnce, call: func(e *env, who string, id []byte) error {
			_, err := e.svc.ViewHistoryAs(e.ctx, who, string(id), "GBK")
			return err
		}},
		{method: "ListAudit", name: "everything", allow: everyone, call: func(e *env, who string, _ []byte) error {
			_, err := e.svc.ListAudit(e.ctx, who, service.AuditQuery{})
			return err
		}},
		{method: "ListAudit", name: "of a connector", allow: canView, call: func(e *env, who string, _ []byte) error {
			_, err := e.svc.ListAudit(e.ctx, who, service.AuditQuery{Connector: "crm"})
			return err
		}},
		{method: "EachAudit", name: "everything", allow: everyone, call: func(e *env, who string, _ []byte) error {
			return e.svc.EachAudit(e.ctx, who, service.AuditQuery{}, 10, func([]service.AuditView) error { return nil })
		}},
		{method: "EachAudit", name: "of a connector", allow: canView, call: func(e *env, who string, _ []byte) error {
			return e.svc.EachAudit(e.ctx, who, service.AuditQuery{Connector: "crm"}, 10, func([]service.AuditView) error { return nil })
		}},
		{method: "VerifyAudit", allow: everyone, call: func(e *env, who string, _ []byte) error {
			_, err := e.svc.VerifyAudit(e.ctx, who)
			return err
		}},
		{method: "RekeyNew", allow: adminOnly, call: func(e *env, who string, _ []byte) error {
			svc, err := service.Open(service.Config{DBPath: e.st.Path, KeyPath: filepath.Join(e.t.TempDir(), "secret.key"), WithoutKey: true})
			if err != nil {
				return err
			}
			defer svc.Close()
			_, err = svc.RekeyNew(e.ctx, who)
			return err
		}},
		{method: "Export", allow: canView, call: func(e *env, who string, _ []byte) error {
			_, err := e.svc.Export(e.ctx, who, []string{"crm"}, service.ExportOptions{})
			return err
		}},
		{method: "ExportTo", name: "streamed into a writer", allow: canView, call: func(e *env, who string, _ []byte) error {
			var out bytes.Buffer
			return e.svc.ExportTo(e.ctx, who, []string{"crm"}, service.ExportOptions{}, &out, func() error { out.Reset(); return nil })
		}},
		{method: "Import", name: "a new connector", allow: canCreate, prep: exportAsAdmin("crm"),
			call: func(e *env, who string, pkg []byte) error {
				_, err := e.svc.Import(e.ctx, who, pkg, service.ImportOptions{Connector: "crm-imported"})
				return err
			}},
		{method: "Import", name: "over an existing connector", allow: canMaintain, prep: exportAsAdmin("crm"),
			call: func(e *env, who string, pkg []byte) error {
				_, err := e.svc.Import(e.ctx, who, pkg, service.ImportOptions{OnConflict: service.OnConflictOverwrite})
				return err
			}},
		{method: "ImportFrom", name: "a new connector, read from a file", allow: canCreate, prep: exportAsAdmin("crm"),
			call: func(e *env, who string, pkg []byte) error {
				_, err := e.svc.ImportFrom(e.ctx, who, bytes.NewReader(pkg), service.ImportOptions{Connector: "crm-imported"})
				return err
			}},
		{method: "Me", allow: everyone, call: func(e *env, who string, _ []byte) error {
			_, err := e.svc.Me(e.ctx, who)
			return err
		}},
		{method: "Login", allow: everyone, call: func(e *env, who string, _ []byte) error {
			_, err := e.svc.Login(e.ctx, who, "")
			return err
		}},
		{method: "ListUsers", allow: everyone, call: func(e *env, who string, _ []byte) error {
			_, err := e.svc.ListUsers(e.ctx, who)
			return err
		}},
		{method: "AddUser", allow: adminOnly, call: func(e *env, who string, _ []byte) error {
			_, err := e.svc.AddUser(e.ctx, who, service.UserInput{Name: "newbie", Perms: []string{domain.PermConnectorsView}})
			return err
		}},
		{method: "UpdateUser", allow: adminOnly, call: func(e *env, who string, _ []byte) error {
			_, err := e.svc.UpdateUser(e.ctx, who, stranger, service.UserInput{DisplayName: "Strange", Perms: []string{domain.PermConnectorsView, domain.PermConnectorsCreate}})
			return err
		}},
		{method: "GetSettings", allow: everyone, call: func(e *env, who string, _ []byte) error {
			_, err := e.svc.GetSettings(e.ctx, who)
			return err
		}},
		{method: "SaveSettings", allow: adminOnly, call: func(e *env, who string, _ []byte) error {
			_, err := e.svc.SaveSettings(e.ctx, who, service.Settings{BodyCapMB: 20})
			return err
		}},
		{method: "ListFlows", allow: everyone, prep: withFlow, call: func(e *env, who string, _ []byte) error {
			_, err := e.svc.ListFlows(e.ctx, who)
			return err
		}},
		{method: "GetFlow", allow: canView, prep: withFlow, call: func(e *env, who string, _ []byte) error {
			_, err := e.svc.GetFlow(e.ctx, who, "sync")
			return err
		}},
		{method: "CreateFlow", allow: canCreate, call: func(e *env, who string, _ []byte) error {
			_, err := e.svc.CreateFlow(e.ctx, who, flowIn("new"))
			return err
		}},
		{method: "UpdateFlow", allow: canMaintain, prep: withFlow, call: func(e *env, who string, _ []byte) error {
			_, err := e.svc.UpdateFlow(e.ctx, who, "sync", flowIn("sync"))
			return err
		}},
		{method: "DisableFlow", allow: canMaintain, prep: withFlow, call: func(e *env, who string, _ []byte) error {
			_, err := e.svc.DisableFlow(e.ctx, who, "sync")
			return err
		}},
		{method: "EnableFlow", allow: canMaintain,
			prep: func(e *env) []byte {
				withFlow(e)
				_, err := e.svc.DisableFlow(e.ctx, owner, "sync")
				require.NoError(e.t, err)
				return nil
			},
			call: func(e *env, who string, _ []byte) error {
				_, err := e.svc.EnableFlow(e.ctx, who, "sync")
				return err
			}},
		{method: "DeleteFlow", allow: canMaintain, prep: withFlow, call: func(e *env, who string, _ []byte) error {
			return e.svc.DeleteFlow(e.ctx, who, "sync")
		}},
		{method: "RunFlow", allow: canView, prep: withQuietFlow, call: func(e *env, who string, _ []byte) error {
			_, err := e.svc.RunFlow(e.ctx, who, "sync", service.FlowRunInput{Inputs: map[string]any{"uid": "u1"}})
			return err
		}},
		{method: "RerunFlow", allow: canView,
			prep: func(e *env) []byte {
				withQuietFlow(e)
				run, err := e.svc.RunFlow(e.ctx, owner, "sync", service.FlowRunInput{Inputs: map[string]any{"uid": "u1"}})
				require.NoError(e.t, err)
				return []byte(run.RunID)
			},
			call: func(e *env, who string, runID []byte) error {
				_, err := e.svc.RerunFlow(e.ctx, who, string(runID), false)
				return err
			}},
		{method: "FlowHistory", allow: canView, prep: withFlow, call: func(e *env, who string, _ []byte) error {
			_, err := e.svc.FlowHistory(e.ctx, who, "sync", 0)
			return err
		}},
		{method: "SchedulerStatus", allow: everyone, call: func(e *env, who string, _ []byte) error {
			_, err := e.svc.SchedulerStatus(e.ctx, who)
			return err
		}},
		// The run is viewer's: its actor may cancel it without maintain.
		{method: "CancelFlowRun", allow: canView, prep: func(e *env) []byte { withFlow(e); return []byte(runningRun(e, "sync", viewer)) },
			call: func(e *env, who string, runID []byte) error { return e.svc.CancelFlowRun(e.ctx, who, string(runID)) }},
		{method: "FlowRunDetail", allow: canView,
			prep: func(e *env) []byte {
				withQuietFlow(e)
				run, err := e.svc.RunFlow(e.ctx, owner, "sync", service.FlowRunInput{Inputs: map[string]any{"uid": "u1"}})
				require.NoError(e.t, err)
				return []byte(run.RunID)
			},
			call: func(e *env, who string, runID []byte) error {
				_, err := e.svc.FlowRunDetail(e.ctx, who, string(runID))
				return err
			}},
	}
}

// withQuietFlow is withFlow with a flow whose steps never call (their
// runIf does not hold for uid u1): a run of it makes no request.
func withQuietFlow(e *env) []byte {
	in := flowIn("sync")
	for i := range in.Steps {
		in.Steps[i].RunIf = &domain.Condition{Field: "input.uid", Op: "eq", Value: "never"}
	}
	return withFlowOf(e, in)
}

func exportAsAdmin(keys ...string) func(e *env) []byte {
	return func(e *env) []byte {
		pkg, err := e.svc.Export(e.ctx, admin, keys, service.ExportOptions{})
		require.NoError(e.t, err)
		return pkg
	}
}

// TestService_Permissions calls every service method that takes an actor as
// each role, each call on a fresh fixture, and checks it is allowed (no error
// at all) or refused with code permission and nothing changed.
func TestService_Permissions(t *testing.T) {
	for _, pc := range permCases() {
		name := pc.method
		if pc.name != "" {
			name += "/" + pc.name
		}
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			for _, who := range append(slices.Clone(roles), ghost) {
				t.Run(who, func(t *testing.T) {
					t.Parallel()
					e := withRoles(t)
					var data []byte
					if pc.prep != nil {
						data = pc.prep(e)
					}
					before := snapshot(t, e.svc)
					err := pc.call(e, who, data)
					if slices.Contains(pc.allow, who) {
						require.NoError(t, err, "%s may call %s", who, pc.method)
						return
					}
					requireCode(t, err, domain.EPermission)
					assert.Equal(t, before, snapshot(t, e.svc), "a refused call changes nothing")
				})
			}
		})
	}
}

// notActorMethods are the exported methods that take a context but no actor:
// the start-up's (Enter decides who the actor is, as EnsureProfile does) and
// the scheduler's (each run acts as its flow's owner).
var notActorMethods = []string{"EnsureProfile", "Enter", "Start", "RunScheduler"}

// TestService_PermissionsCoverEveryMethod keeps the table above complete: a
// new exported method that takes a context needs a row (or a place in
// notActorMethods).
func TestService_PermissionsCoverEveryMethod(t *testing.T) {
	covered := map[string]bool{}
	for _, pc := range permCases() {
		covered[pc.method] = true
	}
	ctxType := reflect.TypeFor[context.Context]()
	typ := reflect.TypeFor[*service.Service]()
	for i := range typ.NumMethod() {
		m := typ.Method(i)
		if m.Type.NumIn() < 2 || m.Type.In(1) != ctxType || slices.Contains(notActorMethods, m.Name) {
			continue
		}
		assert.True(t, covered[m.Name], "TestService_Permissions has no row for %s", m.Name)
		delete(covered, m.Name)
	}
	assert.Empty(t, covered, "rows for methods that do not exist")
}

func TestService_PermissionsNeedConnectorsView(t *testing.T) {
	t.Run("a grant without connectors.view gives nothing", func(t *testing.T) {
		e := withRoles(t)
		e.addUser("nobody")
		require.NoError(t, e.svc.Grant(e.ctx, owner, "crm", "nobody", domain.LevelMaintain))
		_, err := e.svc.GetConnector(e.ctx, "nobody", "crm")
		requireCode(t, err, domain.EPermission)
		requireCode(t, e.svc.SealConnector(e.ctx, "nobody", "crm"), domain.EPermission)
		_, err = e.svc.ListConnectors(e.ctx, "nobody", service.ConnectorQuery{})
		requireCode(t, err, domain.EPermission)
	})

	t.Run("connectors.manage maintains and manages every connector", func(t *testing.T) {
		e := withRoles(t)
		e.addUser("boss", domain.PermConnectorsManage)
		d, err := e.svc.GetConnector(e.ctx, "boss", "crm")
		require.NoError(t, err)
		assert.Equal(t, service.Access{Level: domain.LevelMaintain, CanManage: true}, d.Access)
		require.NoError(t, e.svc.Grant(e.ctx, "boss", "crm", stranger, domain.LevelView))
		require.NoError(t, e.svc.DeleteConnector(e.ctx, "boss", "bare"))
		p, err := e.svc.ListConnectors(e.ctx, "boss", service.ConnectorQuery{})
		require.NoError(t, err)
		assert.Equal(t, int64(1), p.Total)
	})

	t.Run("the owner keeps maintaining after the grants change", func(t *testing.T) {
		e := withRoles(t)
		requireCode(t, e.svc.Grant(e.ctx, admin, "crm", owner, domain.LevelView), domain.ERule)
		require.NoError(t, e.svc.SealConnector(e.ctx, owner, "crm"))
	})
}
