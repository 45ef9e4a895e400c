package service_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"junction/backend/access"
	"junction/backend/audit"
	"junction/backend/domain"
	"junction/backend/service"
)

// auditMatrix builds the roles of the audit log's rule and audited changes
// by several actors on several connectors, one of them deleted afterwards:
//
//	admin      every permission (first run)
//	manager    connectors.view + connectors.manage
//	useradmin  users.admin only
//	owner      connectors.view + connectors.create: owns crm, erp, gone
//	maintainer connectors.view: maintain on crm, view on erp
//	viewer     connectors.view: view on crm and on gone (before it went)
//	stranger   connectors.view, no grant; created its own connector
//	blind      maintain on crm, owns its own connector, then lost
//	           connectors.view and connectors.create
func auditMatrix(t *testing.T) *env {
	t.Helper()
	e := newEnv(t)
	e.addUser("manager", domain.PermConnectorsView, domain.PermConnectorsManage)
	e.addUser("useradmin", domain.PermUsersAdmin)
	e.addUser(owner, domain.PermConnectorsView, domain.PermConnectorsCreate)
	e.addUser(maintainer, domain.PermConnectorsView)
	e.addUser(viewer, domain.PermConnectorsView)
	e.addUser(stranger, domain.PermConnectorsView, domain.PermConnectorsCreate)
	e.addUser("blind", domain.PermConnectorsView, domain.PermConnectorsCreate)
	ok := func(err error) {
		t.Helper()
		require.NoError(t, err)
	}
	create := func(who, key string) {
		t.Helper()
		_, err := e.svc.CreateConnector(e.ctx, who, connectorIn(key))
		ok(err)
	}
	for _, key := range []string{"crm", "erp", "gone"} {
		create(owner, key)
	}
	create(stranger, "own")
	create("blind", "blinds")
	create(admin, "adminc")
	ok(e.svc.Grant(e.ctx, owner, "crm", maintainer, domain.LevelMaintain))
	ok(e.svc.Grant(e.ctx, owner, "crm", viewer, domain.LevelView))
	ok(e.svc.Grant(e.ctx, owner, "crm", "blind", domain.LevelMaintain))
	ok(e.svc.Grant(e.ctx, owner, "erp", maintainer, domain.LevelView))
	ok(e.svc.Grant(e.ctx, owner, "gone", viewer, domain.LevelView))
	_, err := e.svc.CreateConnection(e.ctx, maintainer, "crm", httpConnIn("prod"))
	ok(err)
	ok(e.svc.SealConnection(e.ctx, "blind", "crm", "prod"))
	ok(e.svc.SealConnector(e.ctx, "manager", "erp"))
	ok(e.svc.UnsealConnector(e.ctx, admin, "erp"))
	ok(e.svc.SealConnector(e.ctx, stranger, "own"))
	ok(e.svc.DeleteConnector(e.ctx, owner, "gone"))
	_, err = e.svc.SaveSettings(e.ctx, admin, service.Settings{BodyCapMB: 20})
	ok(err)
	_, err = e.svc.UpdateUser(e.ctx, admin, "blind", service.UserInput{})
	ok(err)
	return e
}

// auditRule is the Go form of the operation log's rule: an entry is
// visible to u when u holds users.admin, or u's scope sees every connector,
// or u wrote it, or its connector exists and u's rights on it include view.
type auditRule struct {
	owners map[string]string            // connector id -> owner id
	grants map[string]map[string]string // connector id -> user id -> level
}

func loadAuditRule(t *testing.T, e *env) auditRule {
	t.Helper()
	r := auditRule{owners: map[string]string{}, grants: map[string]map[string]string{}}
	var cs []domain.Connector
	require.NoError(t, e.st.DB.Select("id", "owner_id").Find(&cs).Error)
	for _, c := range cs {
		r.owners[c.ID] = c.OwnerID
	}
	var gs []domain.Grant
	require.NoError(t, e.st.DB.Find(&gs).Error)
	for _, g := range gs {
		if r.grants[g.ConnectorID] == nil {
			r.grants[g.ConnectorID] = map[string]string{}
		}
		r.grants[g.ConnectorID][g.UserID] = g.Level
	}
	return r
}

func (r auditRule) visible(u *domain.User, e *domain.AuditEntry) bool {
	scope := access.VisibleTo(u)
	if u.HasPerm(domain.PermUsersAdmin) || scope.All || e.Actor == u.Name {
		return true
	}
	ownerID, exists := r.owners[e.ConnectorID]
	return exists && scope.Rights(ownerID, r.grants[e.ConnectorID][u.ID]).View
}

// views are the stored entries, newest first, as ListAudit shows them.
func views(entries []domain.AuditEntry) []service.AuditView {
	out := []service.AuditView{}
	for i := len(entries) - 1; i >= 0; i-- {
		x := entries[i]
		out = append(out, service.AuditView{Seq: x.Seq, At: x.At, Actor: x.Actor, Action: x.Action,
			TargetType: x.TargetType, TargetID: x.TargetID, TargetKey: x.TargetKey, ConnectorID: x.ConnectorID,
			Summary: x.Summary, Params: audit.Params(x.Details), Details: x.Details, PrevHash: x.PrevHash, Hash: x.Hash})
	}
	return out
}

// listAll reads every page of the log as actor, three entries a page, and
// checks that EachAudit's keyset walk (two a page, whole and cut short by a
// limit) reads the same entries.
func listAll(t *testing.T, e *env, actor string, q service.AuditQuery) []service.AuditView {
	t.Helper()
	out := []service.AuditView{}
	walk := q
	q.Limit = 3
	for q.Offset = 0; ; q.Offset += q.Limit {
		p, err := e.svc.ListAudit(e.ctx, actor, q)
		require.NoError(t, err)
		out = append(out, p.Items...)
		if len(p.Items) < q.Limit {
			require.Equal(t, int64(len(out)), p.Total, "the total of %s's pages", actor)
			break
		}
	}
	for _, limit := range []int{0, len(out) - 1} {
		walk.Limit = limit
		walked := []service.AuditView{}
		require.NoError(t, e.svc.EachAudit(e.ctx, actor, walk, 2, func(page []service.AuditView) error {
			walked = append(walked, page...)
			return nil
		}))
		want := out
		if limit > 0 {
			want = out[:limit]
		}
		require.Equal(t, want, walked, "%s's walk, limit %d", actor, limit)
	}
	return out
}

func TestListAudit_Matrix(t *testing.T) {
	e := auditMatrix(t)
	rule := loadAuditRule(t, e)
	all := e.auditEntries()
	var users []domain.User
	require.NoError(t, e.st.DB.Order("name").Find(&users).Error)
	require.Len(t, users, 8)
	// Every connector ever created, the deleted one too, by id and key.
	var connectorIDs []string
	keys := map[string]string{}
	for _, x := range all {
		if x.Action == string(domain.ActionConnectorCreate) {
			connectorIDs = append(connectorIDs, x.ConnectorID)
			keys[x.ConnectorID] = x.TargetKey
		}
	}

	for i := range users {
		u := &users[i]
		t.Run(u.Name, func(t *testing.T) {
			// The rule over the whole log, and over each filter the query offers.
			filters := []struct {
				name string
				q    service.AuditQuery
				keep func(*domain.AuditEntry) bool
			}{
				{"everything", service.AuditQuery{}, func(*domain.AuditEntry) bool { return true }},
				{"an action", service.AuditQuery{Action: string(domain.ActionConnectorSeal)},
					func(x *domain.AuditEntry) bool { return x.Action == string(domain.ActionConnectorSeal) }},
				{"an actor", service.AuditQuery{Actor: owner}, func(x *domain.AuditEntry) bool { return x.Actor == owner }},
			}
			for _, f := range filters {
				var want []domain.AuditEntry
				for j := range all {
					if f.keep(&all[j]) && rule.visible(u, &all[j]) {
						want = append(want, all[j])
					}
				}
				assert.Equal(t, views(want), listAll(t, e, u.Name, f.q), f.name)
			}

			// With a connector: every entry of it when u may view it, else refused.
			for _, id := range connectorIDs {
				key := keys[id]
				ownerID, exists := rule.owners[id]
				q := service.AuditQuery{Connector: key}
				if !exists {
					_, err := e.svc.ListAudit(e.ctx, u.Name, q)
					requireCode(t, err, domain.ENotFound)
					continue
				}
				if !access.VisibleTo(u).Rights(ownerID, rule.grants[id][u.ID]).View {
					_, err := e.svc.ListAudit(e.ctx, u.Name, q)
					requireCode(t, err, domain.EPermission)
					continue
				}
				var want []domain.AuditEntry
				for _, x := range all {
					if x.ConnectorID == id {
						want = append(want, x)
					}
				}
				assert.Equal(t, views(want), listAll(t, e, u.Name, q), "connector %s", key)
			}
		})
	}

	// The fixture reaches every case of the rule.
	seen := func(name string) int {
		return len(listAll(t, e, name, service.AuditQuery{}))
	}
	assert.Equal(t, len(all), seen("manager"), "connectors.manage reads the whole log")
	assert.Equal(t, len(all), seen("useradmin"), "users.admin reads the whole log")
	assert.Less(t, seen(viewer), seen(maintainer), "grants differ")
	blind := listAll(t, e, "blind", service.AuditQuery{})
	require.NotEmpty(t, blind)
	for _, v := range blind {
		assert.Equal(t, "blind", v.Actor, "without connectors.view only one's own entries")
	}
	for _, v := range listAll(t, e, viewer, service.AuditQuery{}) {
		assert.NotEqual(t, "gone", v.TargetKey, "entry %d of a deleted connector", v.Seq)
	}
}

func TestListAudit_Params(t *testing.T) {
	e := newEnv(t)
	p, err := e.svc.ListAudit(e.ctx, admin, service.AuditQuery{})
	require.NoError(t, err)
	require.Len(t, p.Items, 1)
	first := p.Items[0]
	assert.Equal(t, string(domain.ActionUserAdd), first.Action)
	assert.Equal(t, map[string]string{"firstRun": "true"}, first.Params, "from the entry's details")
	assert.Equal(t, "first-run profile admin created with every permission", first.Summary, "the CLI's summary stays")

	e.addUser("carol")
	p, err = e.svc.ListAudit(e.ctx, admin, service.AuditQuery{Page: service.Page{Limit: 1}})
	require.NoError(t, err)
	assert.Equal(t, map[string]string{}, p.Items[0].Params, "an entry without params has none, not null")
	assert.JSONEq(t, `{}`, jsonOf(t, p.Items[0].Params))
}
