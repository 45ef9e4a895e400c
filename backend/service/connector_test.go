package service_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"junction/backend/domain"
	"junction/backend/service"
)

func TestService_CreateConnector(t *testing.T) {
	t.Run("creates an active connector owned by the actor", func(t *testing.T) {
		e := newEnv(t)
		e.addUser("alice", domain.PermConnectorsView, domain.PermConnectorsCreate)
		var d *service.ConnectorDetail
		e.expectAudit(func() {
			var err error
			d, err = e.svc.CreateConnector(e.ctx, "alice", service.ConnectorInput{
				Key: "crm", Name: "  CRM  ", Description: "customers", Icon: "users", Tags: []string{"sales", "eu"}})
			require.NoError(t, err)
		}, "connector.create")
		assert.Equal(t, "crm", d.Key)
		assert.Equal(t, "CRM", d.Name)
		assert.Equal(t, "1.0.0", d.Version)
		assert.Equal(t, domain.StatusActive, d.Status)
		assert.Equal(t, "alice", d.Owner)
		assert.Equal(t, "alice", d.CreatedBy)
		assert.Equal(t, fixedNow, d.CreatedAt)
		assert.Equal(t, []string{"sales", "eu"}, d.Tags)
		assert.Equal(t, service.Access{Level: domain.LevelMaintain, CanManage: true, CanDelete: true}, d.Access)
		assert.Empty(t, d.ConnectionList)
		assert.Empty(t, d.InterfaceList)

		last := e.lastAudit()
		assert.Equal(t, "alice", last.Actor)
		assert.Equal(t, d.ID, last.ConnectorID)
		assert.Equal(t, "crm", last.TargetKey)
		assert.Equal(t, change{After: "CRM"}, auditChanges(t, last)["name"])
	})

	t.Run("refuses invalid input and changes nothing", func(t *testing.T) {
		cases := []struct {
			name  string
			in    service.ConnectorInput
			field string
		}{
			{"missing key", service.ConnectorInput{Name: "X"}, "key"},
			{"key not a slug", service.ConnectorInput{Key: "My CRM", Name: "X"}, "key"},
			{"key with upper case", service.ConnectorInput{Key: "CRM", Name: "X"}, "key"},
			{"key starting with a dash", service.ConnectorInput{Key: "-crm", Name: "X"}, "key"},
			{"key longer than 64", service.ConnectorInput{Key: repeat("k", 65), Name: "X"}, "key"},
			{"missing name", service.ConnectorInput{Key: "crm", Name: "   "}, "name"},
			{"name longer than 200", service.ConnectorInput{Key: "crm", Name: repeat("n", 201)}, "name"},
			{"version not semver", service.ConnectorInput{Key: "crm", Name: "X", Version: "1.0"}, "version"},
			{"empty tag", service.ConnectorInput{Key: "crm", Name: "X", Tags: []string{"ok", " "}}, "tags[1]"},
		}
		e := newEnv(t)
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				before := snapshot(t, e.svc)
				_, err := e.svc.CreateConnector(e.ctx, admin, tc.in)
				requireCode(t, err, domain.EValidation, tc.field)
				assert.Equal(t, before, snapshot(t, e.svc))
			})
		}
	})

	t.Run("refuses a taken key as a conflict on key", func(t *testing.T) {
		e := newEnv(t)
		_, err := e.svc.CreateConnector(e.ctx, admin, connectorIn("crm"))
		require.NoError(t, err)
		before := snapshot(t, e.svc)
		_, err = e.svc.CreateConnector(e.ctx, admin, connectorIn("crm"))
		requireCode(t, err, domain.EConflict, "key")
		assert.Equal(t, before, snapshot(t, e.svc))
	})

	t.Run("needs connectors.create", func(t *testing.T) {
		e := newEnv(t)
		e.addUser("bob", domain.PermConnectorsView)
		before := snapshot(t, e.svc)
		_, err := e.svc.CreateConnector(e.ctx, "bob", connectorIn("crm"))
		requireCode(t, err, domain.EPermission)
		assert.Equal(t, before, snapshot(t, e.svc))
	})
}

func repeat(s string, n int) string {
	out := ""
	for range n {
		out += s
	}
	return out
}

func TestService_UpdateConnector(t *testing.T) {
	t.Run("edits the connector's own fields", func(t *testing.T) {
		e := withRoles(t)
		var d *service.ConnectorDetail
		e.expectAudit(func() {
			var err error
			d, err = e.svc.UpdateConnector(e.ctx, maintainer, "crm", service.ConnectorInput{
				Name: "CRM v2", Description: "new", Icon: "star", Tags: []string{"b", "a"}, Version: "2.0.0"})
			require.NoError(t, err)
		}, "connector.update")
		assert.Equal(t, "crm", d.Key)
		assert.Equal(t, "CRM v2", d.Name)
		assert.Equal(t, "2.0.0", d.Version)
		assert.Equal(t, []string{"b", "a"}, d.Tags)
		assert.Equal(t, maintainer, d.UpdatedBy)
		assert.Equal(t, owner, d.Owner, "editing does not change the owner")
		assert.Equal(t, change{Before: "1.0.0", After: "2.0.0"}, auditChanges(t, e.lastAudit())["version"])

		got, err := e.svc.GetConnector(e.ctx, viewer, "crm")
		require.NoError(t, err)
		assert.Equal(t, "CRM v2", got.Name)
	})

	t.Run("refuses a changed key, bad fields and unknown connectors", func(t *testing.T) {
		e := withRoles(t)
		cases := []struct {
			name  string
			key   string
			in    service.ConnectorInput
			code  string
			field string
		}{
			{"changed key", "crm", service.ConnectorInput{Key: "crm2", Name: "X"}, domain.EValidation, "key"},
			{"missing name", "crm", service.ConnectorInput{Name: ""}, domain.EValidation, "name"},
			{"bad version", "crm", service.ConnectorInput{Name: "X", Version: "v2"}, domain.EValidation, "version"},
			{"unknown connector", "nope", service.ConnectorInput{Name: "X"}, domain.ENotFound, ""},
		}
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				before := snapshot(t, e.svc)
				_, err := e.svc.UpdateConnector(e.ctx, owner, tc.key, tc.in)
				requireCode(t, err, tc.code, tc.field)
				assert.Equal(t, before, snapshot(t, e.svc))
			})
		}
	})
}

func TestService_GetConnector(t *testing.T) {
	t.Run("shows connections, accounts and interfaces with counts", func(t *testing.T) {
		e := withRoles(t)
		d, err := e.svc.GetConnector(e.ctx, viewer, "crm")
		require.NoError(t, err)
		assert.Equal(t, 2, d.ConnectorSummary.Connections)
		assert.Equal(t, 1, d.ConnectorSummary.Interfaces)
		assert.Equal(t, service.Access{Level: domain.LevelView}, d.Access)
		require.Len(t, d.ConnectionList, 2)
		assert.Equal(t, "prod", d.ConnectionList[0].Key)
		assert.Equal(t, 1, d.ConnectionList[0].Interfaces)
		require.Len(t, d.ConnectionList[0].Accounts, 1)
		assert.Equal(t, []service.SecretState{{Name: "password", Set: true}}, d.ConnectionList[0].Accounts[0].Secrets)
		assert.Equal(t, "spare", d.ConnectionList[1].Key)
		assert.Equal(t, 0, d.ConnectionList[1].Interfaces)
		require.Len(t, d.InterfaceList, 1)
		assert.Equal(t, service.InterfaceSummary{ID: d.InterfaceList[0].ID, Key: "get-user", Name: "Interface get-user", Method: "GET",
			Path: "/users/{id}", ConnectionKey: "prod", ConnectionStatus: domain.StatusActive, UpdatedAt: fixedNow}, d.InterfaceList[0])
	})

	t.Run("access says what the actor may do", func(t *testing.T) {
		e := withRoles(t)
		want := map[string]service.Access{
			admin:      {Level: domain.LevelMaintain, CanManage: true},
			owner:      {Level: domain.LevelMaintain, CanManage: true},
			maintainer: {Level: domain.LevelMaintain},
			viewer:     {Level: domain.LevelView},
		}
		for who, access := range want {
			d, err := e.svc.GetConnector(e.ctx, who, "crm")
			require.NoError(t, err, who)
			assert.Equal(t, access, d.Access, who)
			b, err := e.svc.GetConnector(e.ctx, who, "bare")
			require.NoError(t, err, who)
			access.CanDelete = access.Level == domain.LevelMaintain
			assert.Equal(t, access, b.Access, "%s on the empty connector", who)
		}
	})

	t.Run("an unknown key is not found", func(t *testing.T) {
		e := withRoles(t)
		_, err := e.svc.GetConnector(e.ctx, admin, "nope")
		requireCode(t, err, domain.ENotFound)
	})
}

func TestService_ListConnectors(t *testing.T) {
	// setup creates connectors as admin, who sees them all.
	setup := func(t *testing.T) *env {
		e := newEnv(t)
		for _, in := range []service.ConnectorInput{
			{Key: "crm", Name: "Customer records", Tags: []string{"sales", "eu"}},
			{Key: "hr-core", Name: "People", Tags: []string{"hr"}},
			{Key: "payroll", Name: "Payroll 100%", Tags: []string{"hr", "finance"}},
			{Key: "wiki", Name: "alpha wiki"},
			{Key: "billing", Name: "Billing", Tags: []string{"finance"}},
		} {
			_, err := e.svc.CreateConnector(e.ctx, admin, in)
			require.NoError(t, err)
		}
		require.NoError(t, e.svc.SealConnector(e.ctx, admin, "wiki"))
		return e
	}
	keys := func(p *service.ConnectorPage) []string {
		out := []string{}
		for _, it := range p.Items {
			out = append(out, it.Key)
		}
		return out
	}

	t.Run("filters by search, tag and status", func(t *testing.T) {
		e := setup(t)
		cases := []struct {
			name string
			q    service.ConnectorQuery
			want []string
		}{
			{"everything, ordered by name", service.ConnectorQuery{}, []string{"wiki", "billing", "crm", "payroll", "hr-core"}},
			{"search by name, any case", service.ConnectorQuery{Search: "RECORD"}, []string{"crm"}},
			{"search by key", service.ConnectorQuery{Search: "hr-co"}, []string{"hr-core"}},
			{"search by tag", service.ConnectorQuery{Search: "finance"}, []string{"billing", "payroll"}},
			{"search treats % literally", service.ConnectorQuery{Search: "100%"}, []string{"payroll"}},
			{"search treats _ literally", service.ConnectorQuery{Search: "_"}, []string{}},
			{"tag filter", service.ConnectorQuery{Tag: "hr"}, []string{"payroll", "hr-core"}},
			{"tag filter matches whole tags", service.ConnectorQuery{Tag: "h"}, []string{}},
			{"sealed only", service.ConnectorQuery{Status: "sealed"}, []string{"wiki"}},
			{"active with a tag", service.ConnectorQuery{Status: "active", Tag: "finance"}, []string{"billing", "payroll"}},
			{"no match", service.ConnectorQuery{Search: "zzz"}, []string{}},
		}
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				p, err := e.svc.ListConnectors(e.ctx, admin, tc.q)
				require.NoError(t, err)
				assert.Equal(t, tc.want, keys(p))
				assert.Equal(t, int64(len(tc.want)), p.Total)
				assert.Equal(t, []string{"eu", "finance", "hr", "sales"}, p.Tags, "every tag in use, whatever the filter")
			})
		}
	})

	t.Run("search matches tags as written, not as stored", func(t *testing.T) {
		e := newEnv(t)
		_, err := e.svc.CreateConnector(e.ctx, admin, service.ConnectorInput{Key: "lab", Name: "Lab", Tags: []string{"R&D", "研发"}})
		require.NoError(t, err)
		_, err = e.svc.CreateConnector(e.ctx, admin, service.ConnectorInput{Key: "quotes", Name: "Quotes", Tags: []string{"a", "b"}})
		require.NoError(t, err)
		for _, search := range []string{"r&d", "研发"} {
			p, err := e.svc.ListConnectors(e.ctx, admin, service.ConnectorQuery{Search: search})
			require.NoError(t, err)
			assert.Equal(t, []string{"lab"}, keys(p), search)
		}
		// The stored JSON's punctuation is not searchable text.
		p, err := e.svc.ListConnectors(e.ctx, admin, service.ConnectorQuery{Search: `","`})
		require.NoError(t, err)
		assert.Empty(t, keys(p))
	})

	t.Run("pages", func(t *testing.T) {
		e := setup(t)
		var got []string
		for offset := 0; offset < 6; offset += 2 {
			p, err := e.svc.ListConnectors(e.ctx, admin, service.ConnectorQuery{Page: service.Page{Offset: offset, Limit: 2}})
			require.NoError(t, err)
			assert.Equal(t, int64(5), p.Total)
			assert.LessOrEqual(t, len(p.Items), 2)
			got = append(got, keys(p)...)
		}
		assert.Equal(t, []string{"wiki", "billing", "crm", "payroll", "hr-core"}, got)

		p, err := e.svc.ListConnectors(e.ctx, admin, service.ConnectorQuery{Search: "hr", Page: service.Page{Offset: 1, Limit: 1}})
		require.NoError(t, err)
		assert.Equal(t, int64(2), p.Total, "total counts every match, not the page")
		assert.Equal(t, []string{"hr-core"}, keys(p))
	})

	t.Run("shows only what the actor may see", func(t *testing.T) {
		e := withRoles(t)
		_, err := e.svc.CreateConnector(e.ctx, admin, connectorIn("private"))
		require.NoError(t, err)
		want := map[string][]string{
			admin: {"bare", "crm", "private"}, owner: {"bare", "crm"}, maintainer: {"bare", "crm"},
			viewer: {"bare", "crm"}, stranger: {},
		}
		for who, keysWanted := range want {
			p, err := e.svc.ListConnectors(e.ctx, who, service.ConnectorQuery{})
			require.NoError(t, err, who)
			assert.Equal(t, keysWanted, keys(p), who)
			assert.Equal(t, int64(len(keysWanted)), p.Total, who)
		}
		p, err := e.svc.ListConnectors(e.ctx, stranger, service.ConnectorQuery{})
		require.NoError(t, err)
		assert.Empty(t, p.Tags, "tags of hidden connectors stay hidden")

		p, err = e.svc.ListConnectors(e.ctx, viewer, service.ConnectorQuery{})
		require.NoError(t, err)
		require.Len(t, p.Items, 2)
		crm := p.Items[1]
		assert.Equal(t, owner, crm.Owner)
		assert.Equal(t, 2, crm.Connections)
		assert.Equal(t, 1, crm.Interfaces)
		assert.Equal(t, service.Access{Level: domain.LevelView}, crm.Access)
	})

	t.Run("refuses a bad query and a profile without connectors.view", func(t *testing.T) {
		e := newEnv(t)
		e.addUser("nobody")
		_, err := e.svc.ListConnectors(e.ctx, admin, service.ConnectorQuery{Status: "gone"})
		requireCode(t, err, domain.EValidation, "status")
		_, err = e.svc.ListConnectors(e.ctx, admin, service.ConnectorQuery{Page: service.Page{Offset: -1}})
		requireCode(t, err, domain.EValidation, "offset")
		_, err = e.svc.ListConnectors(e.ctx, "nobody", service.ConnectorQuery{})
		requireCode(t, err, domain.EPermission)
	})
}

func TestService_SealConnector(t *testing.T) {
	t.Run("seals and unseals, once each", func(t *testing.T) {
		e := withRoles(t)
		e.expectAudit(func() { require.NoError(t, e.svc.SealConnector(e.ctx, maintainer, "crm")) }, "connector.seal")
		d, err := e.svc.GetConnector(e.ctx, viewer, "crm")
		require.NoError(t, err)
		assert.Equal(t, domain.StatusSealed, d.Status)
		assert.Equal(t, map[string]change{"status": {Before: "active", After: "sealed"}}, auditChanges(t, e.lastAudit()))

		e.expectAudit(func() { require.NoError(t, e.svc.SealConnector(e.ctx, maintainer, "crm")) })

		e.expectAudit(func() { require.NoError(t, e.svc.UnsealConnector(e.ctx, maintainer, "crm")) }, "connector.unseal")
		d, err = e.svc.GetConnector(e.ctx, viewer, "crm")
		require.NoError(t, err)
		assert.Equal(t, domain.StatusActive, d.Status)
		e.expectAudit(func() { require.NoError(t, e.svc.UnsealConnector(e.ctx, maintainer, "crm")) })
	})

	t.Run("a sealed connector takes no new connections or interfaces", func(t *testing.T) {
		e := withRoles(t)
		require.NoError(t, e.svc.SealConnector(e.ctx, owner, "crm"))
		before := snapshot(t, e.svc)
		_, err := e.svc.CreateConnection(e.ctx, owner, "crm", httpConnIn("more"))
		requireCode(t, err, domain.ERule)
		_, err = e.svc.CreateInterface(e.ctx, owner, "crm", interfaceIn("more", "prod"))
		requireCode(t, err, domain.ERule)
		assert.Equal(t, before, snapshot(t, e.svc))

		// What it has keeps working and stays editable.
		_, err = e.svc.GetInterface(e.ctx, viewer, "crm", "get-user")
		require.NoError(t, err)
		in := interfaceIn("get-user", "prod")
		in.Name = "Renamed"
		_, err = e.svc.UpdateInterface(e.ctx, owner, "crm", "get-user", in)
		require.NoError(t, err)

		require.NoError(t, e.svc.UnsealConnector(e.ctx, owner, "crm"))
		_, err = e.svc.CreateConnection(e.ctx, owner, "crm", httpConnIn("more"))
		require.NoError(t, err)
	})

	t.Run("an unknown connector is not found", func(t *testing.T) {
		e := newEnv(t)
		requireCode(t, e.svc.SealConnector(e.ctx, admin, "nope"), domain.ENotFound)
		requireCode(t, e.svc.UnsealConnector(e.ctx, admin, "nope"), domain.ENotFound)
	})
}

func TestService_DeleteConnector(t *testing.T) {
	t.Run("deletes an empty connector and its grants", func(t *testing.T) {
		e := withRoles(t)
		e.expectAudit(func() { require.NoError(t, e.svc.DeleteConnector(e.ctx, maintainer, "bare")) }, "connector.delete")
		_, err := e.svc.GetConnector(e.ctx, admin, "bare")
		requireCode(t, err, domain.ENotFound)
		var grants int64
		require.NoError(t, e.st.DB.Table("grants").Where("connector_id NOT IN (SELECT id FROM connectors)").Count(&grants).Error)
		assert.Zero(t, grants)
		// The key is free again.
		_, err = e.svc.CreateConnector(e.ctx, owner, connectorIn("bare"))
		require.NoError(t, err)
	})

	t.Run("refuses while it has connections or interfaces", func(t *testing.T) {
		e := withRoles(t)
		before := snapshot(t, e.svc)
		requireCode(t, e.svc.DeleteConnector(e.ctx, owner, "crm"), domain.ERule)
		assert.Equal(t, before, snapshot(t, e.svc))

		// Only connections left: still refused.
		require.NoError(t, e.svc.DeleteInterface(e.ctx, owner, "crm", "get-user"))
		before = snapshot(t, e.svc)
		requireCode(t, e.svc.DeleteConnector(e.ctx, owner, "crm"), domain.ERule)
		assert.Equal(t, before, snapshot(t, e.svc))

		require.NoError(t, e.svc.DeleteConnection(e.ctx, owner, "crm", "prod"))
		require.NoError(t, e.svc.DeleteConnection(e.ctx, owner, "crm", "spare"))
		require.NoError(t, e.svc.DeleteConnector(e.ctx, owner, "crm"))
	})

	t.Run("an unknown connector is not found", func(t *testing.T) {
		e := newEnv(t)
		requireCode(t, e.svc.DeleteConnector(e.ctx, admin, "nope"), domain.ENotFound)
	})
}

func TestService_Grant(t *testing.T) {
	t.Run("grants, changes and revokes access", func(t *testing.T) {
		e := withRoles(t)
		_, err := e.svc.GetConnector(e.ctx, stranger, "crm")
		requireCode(t, err, domain.EPermission)

		e.expectAudit(func() { require.NoError(t, e.svc.Grant(e.ctx, owner, "crm", stranger, domain.LevelView)) }, "connector.grant")
		d, err := e.svc.GetConnector(e.ctx, stranger, "crm")
		require.NoError(t, err)
		assert.Equal(t, domain.LevelView, d.Access.Level)
		requireCode(t, e.svc.SealConnector(e.ctx, stranger, "crm"), domain.EPermission)

		e.expectAudit(func() { require.NoError(t, e.svc.Grant(e.ctx, admin, "crm", stranger, domain.LevelMaintain)) }, "connector.grant")
		assert.Equal(t, map[string]change{"grants.stranger": {Before: "view", After: "maintain"}}, auditChanges(t, e.lastAudit()))
		require.NoError(t, e.svc.SealConnector(e.ctx, stranger, "crm"))

		grants, err := e.svc.ListGrants(e.ctx, viewer, "crm")
		require.NoError(t, err)
		assert.Equal(t, []service.GrantView{
			{User: owner, Level: "owner"},
			{User: maintainer, Level: domain.LevelMaintain},
			{User: stranger, Level: domain.LevelMaintain},
			{User: viewer, Level: domain.LevelView},
		}, grants)

		e.expectAudit(func() { require.NoError(t, e.svc.Revoke(e.ctx, owner, "crm", stranger)) }, "connector.revoke")
		_, err = e.svc.GetConnector(e.ctx, stranger, "crm")
		requireCode(t, err, domain.EPermission)
	})

	t.Run("refuses bad grants and changes nothing", func(t *testing.T) {
		e := withRoles(t)
		cases := []struct {
			name  string
			call  func() error
			code  string
			field string
		}{
			{"unknown level", func() error { return e.svc.Grant(e.ctx, owner, "crm", stranger, "admin") }, domain.EValidation, "level"},
			{"the owner", func() error { return e.svc.Grant(e.ctx, admin, "crm", owner, domain.LevelView) }, domain.ERule, ""},
			{"unknown profile", func() error { return e.svc.Grant(e.ctx, owner, "crm", "ghost", domain.LevelView) }, domain.ENotFound, ""},
			{"unknown connector", func() error { return e.svc.Grant(e.ctx, owner, "nope", stranger, domain.LevelView) }, domain.ENotFound, ""},
			{"maintainers may not grant", func() error { return e.svc.Grant(e.ctx, maintainer, "crm", stranger, domain.LevelView) }, domain.EPermission, ""},
			{"revoke without a grant", func() error { return e.svc.Revoke(e.ctx, owner, "crm", stranger) }, domain.ENotFound, ""},
			{"maintainers may not revoke", func() error { return e.svc.Revoke(e.ctx, maintainer, "crm", viewer) }, domain.EPermission, ""},
		}
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				before := snapshot(t, e.svc)
				requireCode(t, tc.call(), tc.code, tc.field)
				assert.Equal(t, before, snapshot(t, e.svc))
			})
		}
	})
}
