package service_test

import (
	"context"
	"encoding/json"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"junction/backend/domain"
	"junction/backend/secret"
	"junction/backend/service"
	"junction/backend/store"
	"junction/backend/store/storetest"
)

// fixedNow is the clock of every test service.
var fixedNow = time.Date(2026, 11, 23, 8, 0, 0, 0, time.UTC)

func fixedClock() time.Time { return fixedNow }

// The profiles of the permission fixture (see withRoles).
const (
	admin      = "admin"      // first-run profile: every system permission
	owner      = "owner"      // connectors.view + connectors.create; created the fixture connectors
	maintainer = "maintainer" // connectors.view + a maintain grant
	viewer     = "viewer"     // connectors.view + a view grant
	stranger   = "stranger"   // connectors.view, no grant
)

var roles = []string{admin, owner, maintainer, viewer, stranger}

// env is one service over a fresh store, with a fixed clock.
type env struct {
	t   *testing.T
	ctx context.Context
	svc *service.Service
	st  *store.Store
	box *secret.Box
}

// newEnv opens a fresh store and key file and creates the first-run profile
// "admin" (which writes one user.add audit entry).
func newEnv(t *testing.T) *env {
	t.Helper()
	st := storetest.Open(t)
	box, err := secret.OpenKeyFile(filepath.Join(t.TempDir(), "key"))
	require.NoError(t, err)
	e := &env{t: t, ctx: context.Background(), svc: service.New(st, box, service.Options{Now: fixedClock}), st: st, box: box}
	_, err = e.svc.EnsureProfile(e.ctx, admin)
	require.NoError(t, err)
	return e
}

// addUser adds a profile as admin.
func (e *env) addUser(name string, perms ...string) {
	e.t.Helper()
	_, err := e.svc.AddUser(e.ctx, admin, service.UserInput{Name: name, Perms: perms})
	require.NoError(e.t, err)
}

// withRoles builds the permission fixture: the five profiles, and two
// connectors created by owner, each granting maintain to maintainer and view
// to viewer:
//
//	crm:  connections prod (https, account "main" with a password) and spare
//	      (unused), interface get-user on prod
//	bare: nothing in it (deletable)
func withRoles(t *testing.T) *env {
	t.Helper()
	e := newEnv(t)
	e.addUser(owner, domain.PermConnectorsView, domain.PermConnectorsCreate)
	e.addUser(maintainer, domain.PermConnectorsView)
	e.addUser(viewer, domain.PermConnectorsView)
	e.addUser(stranger, domain.PermConnectorsView)
	for _, key := range []string{"crm", "bare"} {
		_, err := e.svc.CreateConnector(e.ctx, owner, connectorIn(key))
		require.NoError(t, err)
		require.NoError(t, e.svc.Grant(e.ctx, owner, key, maintainer, domain.LevelMaintain))
		require.NoError(t, e.svc.Grant(e.ctx, owner, key, viewer, domain.LevelView))
	}
	e.fillConnector(owner, "crm", httpsConnIn("prod"), "spare", "fixture-password", "get-user")
	return e
}

// fillConnector gives the connector key, as actor, the connection main with
// the account "main" (username bot and the password), an http connection
// spare, and the interface iface on main.
func (e *env) fillConnector(actor, key string, main service.ConnectionInput, spare, password, iface string) {
	e.t.Helper()
	for _, in := range []service.ConnectionInput{main, httpConnIn(spare)} {
		_, err := e.svc.CreateConnection(e.ctx, actor, key, in)
		require.NoError(e.t, err)
	}
	_, err := e.svc.SaveAccount(e.ctx, actor, key, main.Key, service.AccountInput{
		Name: "main", Fields: map[string]string{"username": "bot"}, Secrets: map[string]*string{"password": ptr(password)}})
	require.NoError(e.t, err)
	_, err = e.svc.CreateInterface(e.ctx, actor, key, interfaceIn(iface, main.Key))
	require.NoError(e.t, err)
}

func ptr[T any](v T) *T { return &v }

func connectorIn(key string) service.ConnectorInput {
	return service.ConnectorInput{Key: key, Name: "Connector " + key, Description: "for tests", Tags: []string{"test"}}
}

func httpConnIn(key string) service.ConnectionInput {
	return service.ConnectionInput{Key: key, Name: "Connection " + key, Protocol: "http", Host: "api.example.com"}
}

func httpsConnIn(key string) service.ConnectionInput {
	return service.ConnectionInput{
		Key: key, Name: "Connection " + key, Protocol: "https", Host: "api.example.com:8443", BasePath: "/v1",
		Auth: domain.Auth{Type: domain.AuthBasic},
	}
}

// interfaceIn is a valid GET /users/{id} on the connection conn.
func interfaceIn(key, conn string) service.InterfaceInput {
	return service.InterfaceInput{
		Key: key, Name: "Interface " + key, ConnectionKey: conn, Method: "GET", Path: "/users/{id}",
		Request: []domain.Param{
			{Name: "id", In: domain.InPath, Type: "string", Required: true, Source: domain.Source{Kind: domain.SourceInput}},
			{Name: "lang", In: domain.InQuery, Type: "string", Source: domain.Source{Kind: domain.SourceStatic, Value: "en"}},
		},
		Response: []domain.ResponseParam{{Name: "code", Type: "integer", Path: "code"}, {Name: "name", Type: "string", Path: "data.name"}},
		Success: domain.Condition{All: []domain.Condition{
			{Field: "status", Op: "eq", Value: float64(200)},
			{Field: "outputs.code", Op: "eq", Value: float64(0)},
		}},
		Messages: domain.Messages{Unmet: "failed: {{response.msg}}", Timeout: "too slow", Error: "unreachable"},
	}
}

// snapshot dumps every table of the service's database, read through a
// connection of its own, so that a refused call can be shown to have changed
// nothing.
func snapshot(t *testing.T, svc *service.Service) map[string][]map[string]string {
	t.Helper()
	return storetest.Rows(t, svc.DBPath())
}

// auditActions returns the action of every audit entry, in seq order.
func (e *env) auditActions() []string {
	e.t.Helper()
	var actions []string
	require.NoError(e.t, e.st.DB.Raw(`SELECT action FROM audit_entries ORDER BY seq`).Scan(&actions).Error)
	return actions
}

// allRows reads every row of T's table, ordered by the column order.
func allRows[T any](e *env, order string) []T {
	e.t.Helper()
	var rows []T
	require.NoError(e.t, e.st.DB.Order(order).Find(&rows).Error)
	return rows
}

// auditEntries returns every audit entry, in seq order.
func (e *env) auditEntries() []domain.AuditEntry {
	e.t.Helper()
	return allRows[domain.AuditEntry](e, "seq")
}

// expectAudit runs fn and asserts that it wrote exactly the audit entries
// with the actions want, in order (none when want is empty).
func (e *env) expectAudit(fn func(), want ...string) {
	e.t.Helper()
	before := len(e.auditActions())
	fn()
	after := e.auditActions()
	if want == nil {
		want = []string{}
	}
	assert.Equal(e.t, want, after[before:], "audit entries written")
}

// lastAudit returns the newest audit entry.
func (e *env) lastAudit() domain.AuditEntry {
	e.t.Helper()
	entries := e.auditEntries()
	require.NotEmpty(e.t, entries)
	return entries[len(entries)-1]
}

// history returns the history entry id as admin reads it.
func (e *env) history(t *testing.T, id string) *service.HistoryDetail {
	t.Helper()
	d, err := e.svc.GetHistory(e.ctx, admin, id)
	require.NoError(t, err)
	return d
}

// requireCode asserts err carries the domain code (and field, when given).
func requireCode(t *testing.T, err error, code string, field ...string) {
	t.Helper()
	require.Error(t, err)
	require.Equal(t, code, domain.ErrorCode(err), "error code of %v", err)
	assert.NotEmpty(t, domain.ErrorMessage(err))
	if len(field) > 0 {
		assert.Equal(t, field[0], domain.ErrorField(err), "error field of %v", err)
	}
}

// jsonOf renders v as the doors would send it.
func jsonOf(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	require.NoError(t, err)
	return string(b)
}

// change is one field of an audit entry's details.
type change struct {
	Before any `json:"before"`
	After  any `json:"after"`
}

// auditChanges decodes the field-level changes of an audit entry's details.
func auditChanges(t *testing.T, ae domain.AuditEntry) map[string]change {
	t.Helper()
	var doc struct {
		Changes map[string]change `json:"changes"`
	}
	require.NoError(t, json.Unmarshal([]byte(ae.Details), &doc), "details %s", ae.Details)
	return doc.Changes
}

// errOf keeps the error of a call that also returns a value.
func errOf[T any](_ T, err error) error { return err }

// expectRefused runs call and asserts that it fails with the domain code (and
// field, when given) and leaves every table as it was.
func (e *env) expectRefused(t *testing.T, call func() error, code string, field ...string) {
	t.Helper()
	before := snapshot(t, e.svc)
	requireCode(t, call(), code, field...)
	assert.Equal(t, before, snapshot(t, e.svc))
}

// refusal is one edit of a valid input that a call must refuse.
type refusal[In any] struct {
	name  string
	key   string // the key the call names
	edit  func(in *In)
	code  string
	field string
}

// expectRefusals runs each case as a subtest: a fresh valid() input (fresh,
// as edits reach into its slices) edited by the case and sent through call
// with the case's key must be refused with the case's code and field, changing nothing.
func expectRefusals[In any](t *testing.T, e *env, valid func() In, call func(key string, in In) error, cases []refusal[In]) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			in := valid()
			tc.edit(&in)
			e.expectRefused(t, func() error { return call(tc.key, in) }, tc.code, tc.field)
		})
	}
}

// badInput is an input that a call naming key must refuse.
type badInput[In any] struct {
	name  string
	key   string
	in    In
	code  string
	field string
}

// expectBadInputs runs each case as a subtest: call with the case's key and
// input must be refused with the case's code and field, changing nothing.
func expectBadInputs[In any](t *testing.T, e *env, call func(key string, in In) error, cases []badInput[In]) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			e.expectRefused(t, func() error { return call(tc.key, tc.in) }, tc.code, tc.field)
		})
	}
}

// crmUpdate binds an update of the fixture connector crm, as owner, to the
// call that expectRefusals takes.
func crmUpdate[In, V any](e *env, update func(ctx context.Context, actor, connector, key string, in In) (V, error)) func(key string, in In) error {
	return func(key string, in In) error { return errOf(update(e.ctx, owner, "crm", key, in)) }
}

// audited runs call, which must succeed and write exactly the audit entries
// with the actions want, and returns its result.
func audited[T any](t *testing.T, e *env, call func() (T, error), want ...string) T {
	t.Helper()
	var v T
	e.expectAudit(func() {
		var err error
		v, err = call()
		require.NoError(t, err)
	}, want...)
	return v
}

// pluck returns f of every item, in order (empty, not nil, for no items).
func pluck[T any](items []T, f func(T) string) []string {
	out := []string{}
	for _, it := range items {
		out = append(out, f(it))
	}
	return out
}
