package service_test

import (
	"encoding/json"
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
		d := audited(t, e, func() (*service.ConnectorDetail, error) {
			return e.svc.CreateConnector(e.ctx, "alice", service.ConnectorInput{
				Key: "crm", Name: "  CRM  ", Description: "customers", Icon: "users", Tags: []string{"sales", "eu"}})
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
		d := audited(t, e, func() (*service.ConnectorDetail, error) {
			return e.svc.UpdateConnector(e.ctx, maintainer, "crm", service.ConnectorInput{
				Name: "CRM v2", Description: "new", Icon: "star", Tags: []string{"b", "a"}, Version: "2.0.0"})
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
		cases := []badInput[service.ConnectorInput]{
			{"changed key", "crm", service.ConnectorInput{Key: "crm2", Name: "X"}, domain.EValidation, "key"},
			{"missing name", "crm", service.ConnectorInput{Name: ""}, domain.EValidation, "name"},
			{"bad version", "crm", service.ConnectorInput{Name: "X", Version: "v2"}, domain.EValidation, "version"},
			{"unknown connector", "nope", service.ConnectorInput{Name: "X"}, domain.ENotFound, ""},
		}
		expectBadInputs(t, e, func(key string, in service.ConnectorInput) error {
			return errOf(e.svc.UpdateConnector(e.ctx, owner, key, in))
		}, cases)
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
		return pluck(p.Items, func(it service.ConnectorSummary) string { return it.Key })
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

// fullConnIn is an https connection with every field set.
func fullConnIn(key string) service.ConnectionInput {
	return service.ConnectionInput{
		Key: key, Name: "Full", Description: "every field", Protocol: "HTTPS", Host: "10.0.0.5:8443", BasePath: "api/v2/",
		Charset: "gbk", ConnectTimeoutSec: 5, ResponseTimeoutSec: 3600,
		TLS:                domain.TLSOptions{ClientCertPath: "/certs/client.p12", CACertPath: "/certs/ca.pem"},
		ClientCertPassword: ptr("cert-pass"),
		Proxy:              "socks5://proxy.local:1080",
		Auth: domain.Auth{Type: domain.AuthTokenExchange, TokenExchange: &domain.TokenExchange{
			URL: "/oauth/token", Body: map[string]any{"appKey": "{{account.appKey}}"}, TokenPath: "data.token",
			ExpiresInPath: "data.expires", Inject: domain.TokenInject{Name: "x-token"},
			RefreshWhen: &domain.Condition{Field: "response.errcode", Op: "eq", Value: float64(40001)},
		}},
	}
}

func TestService_CreateConnection(t *testing.T) {
	t.Run("stores every field, normalised", func(t *testing.T) {
		e := withRoles(t)
		v := audited(t, e, func() (*service.ConnectionView, error) {
			return e.svc.CreateConnection(e.ctx, maintainer, "crm", fullConnIn("full"))
		}, "connection.create")
		got, err := e.svc.GetConnection(e.ctx, viewer, "crm", "full")
		require.NoError(t, err)
		assert.Equal(t, v.ID, got.ID)

		c := got
		assert.Equal(t, "full", c.Key)
		assert.Equal(t, "Full", c.Name)
		assert.Equal(t, "every field", c.Description)
		assert.Equal(t, "REST", c.ResourceType)
		assert.Equal(t, "https", c.Protocol)
		assert.Equal(t, "10.0.0.5:8443", c.Host)
		assert.Equal(t, "/api/v2", c.BasePath)
		assert.Equal(t, "GBK", c.Charset)
		assert.Equal(t, 5, c.ConnectTimeoutSec)
		assert.Equal(t, 3600, c.ResponseTimeoutSec)
		assert.Equal(t, domain.TLSOptions{ClientCertPath: "/certs/client.p12", CACertPath: "/certs/ca.pem"}, c.TLS)
		assert.Equal(t, "socks5://proxy.local:1080", c.Proxy)
		assert.Equal(t, domain.StatusActive, c.Status)
		require.NotNil(t, c.Auth.TokenExchange)
		te := c.Auth.TokenExchange
		assert.Equal(t, "POST", te.Method, "default method")
		assert.Equal(t, "json", te.BodyType, "default body type")
		assert.Equal(t, domain.InHeader, te.Inject.In, "default injection")
		assert.Equal(t, "data.token", te.TokenPath)
		assert.Equal(t, &domain.Condition{Field: "response.errcode", Op: "eq", Value: float64(40001)}, te.RefreshWhen)
		assert.True(t, got.ClientCertPasswordSet)
		assert.Equal(t, maintainer, c.CreatedBy)
		assert.Equal(t, fixedNow, c.CreatedAt)
		assert.Empty(t, got.Accounts)

		ch := auditChanges(t, e.lastAudit())
		assert.Equal(t, change{After: domain.Redacted}, ch["clientCertPassword"])
		assert.Equal(t, change{After: "10.0.0.5:8443"}, ch["host"])

		d, err := e.svc.GetConnector(e.ctx, viewer, "crm")
		require.NoError(t, err)
		assert.Equal(t, maintainer, d.UpdatedBy, "the connector is marked as edited")
	})

	t.Run("fills defaults", func(t *testing.T) {
		e := withRoles(t)
		v, err := e.svc.CreateConnection(e.ctx, owner, "crm", service.ConnectionInput{Key: "min", Protocol: "http", Host: "example.com"})
		require.NoError(t, err)
		c := v
		assert.Equal(t, "UTF-8", c.Charset)
		assert.Equal(t, 60, c.ConnectTimeoutSec)
		assert.Equal(t, 60, c.ResponseTimeoutSec)
		assert.Equal(t, "none", c.Proxy)
		assert.Equal(t, domain.Auth{Type: domain.AuthNone}, c.Auth)
		assert.Equal(t, "REST", c.ResourceType)
	})

	t.Run("ignores and clears https-only fields for http", func(t *testing.T) {
		e := withRoles(t)
		in := fullConnIn("plain")
		in.Protocol = "http"
		in.TLS.SkipVerify = true
		e.expectAudit(func() {
			_, err := e.svc.CreateConnection(e.ctx, owner, "crm", in)
			require.NoError(t, err)
		}, "connection.create")
		got, err := e.svc.GetConnection(e.ctx, owner, "crm", "plain")
		require.NoError(t, err)
		assert.Equal(t, domain.TLSOptions{}, got.TLS)
		assert.False(t, got.ClientCertPasswordSet)
		var stored string
		require.NoError(t, e.st.DB.Raw(`SELECT client_cert_password FROM connections WHERE id = ?`, got.ID).Scan(&stored).Error)
		assert.Empty(t, stored, "no certificate password is stored for http")
		_, logged := auditChanges(t, e.lastAudit())["clientCertPassword"]
		assert.False(t, logged)
	})

	t.Run("skipping verification drops the CA bundle", func(t *testing.T) {
		e := withRoles(t)
		in := fullConnIn("skip")
		in.TLS.SkipVerify = true
		v, err := e.svc.CreateConnection(e.ctx, owner, "crm", in)
		require.NoError(t, err)
		assert.Equal(t, domain.TLSOptions{SkipVerify: true, ClientCertPath: "/certs/client.p12"}, v.TLS)
	})

	t.Run("accepts the edges of the timeout range and every charset", func(t *testing.T) {
		e := withRoles(t)
		for i, cs := range domain.Charsets {
			in := httpConnIn("c" + string(rune('a'+i)))
			in.Charset, in.ConnectTimeoutSec, in.ResponseTimeoutSec = cs, 1, 3600
			_, err := e.svc.CreateConnection(e.ctx, owner, "crm", in)
			require.NoError(t, err, cs)
		}
	})

	t.Run("accepts host names, IPs and ports", func(t *testing.T) {
		e := withRoles(t)
		for i, host := range []string{"localhost", "api.example.com", "api-1.example.com:80", "127.0.0.1", "127.0.0.1:65535", "::1", "[::1]:8080"} {
			in := httpConnIn("h" + string(rune('a'+i)))
			in.Host = host
			_, err := e.svc.CreateConnection(e.ctx, owner, "crm", in)
			require.NoError(t, err, host)
		}
	})

	t.Run("refuses invalid input with the field and changes nothing", func(t *testing.T) {
		cases := []struct {
			name  string
			edit  func(in *service.ConnectionInput)
			field string
		}{
			{"missing key", func(in *service.ConnectionInput) { in.Key = "" }, "key"},
			{"key not a slug", func(in *service.ConnectionInput) { in.Key = "Prod Env" }, "key"},
			{"unknown protocol", func(in *service.ConnectionInput) { in.Protocol = "ftp" }, "protocol"},
			{"missing protocol", func(in *service.ConnectionInput) { in.Protocol = "" }, "protocol"},
			{"missing host", func(in *service.ConnectionInput) { in.Host = " " }, "host"},
			{"host with a scheme", func(in *service.ConnectionInput) { in.Host = "http://api.example.com" }, "host"},
			{"host with a path", func(in *service.ConnectionInput) { in.Host = "api.example.com/v1" }, "host"},
			{"host with a space", func(in *service.ConnectionInput) { in.Host = "api example.com" }, "host"},
			{"host with an underscore", func(in *service.ConnectionInput) { in.Host = "api_1.example.com" }, "host"},
			{"port out of range", func(in *service.ConnectionInput) { in.Host = "api.example.com:70000" }, "host"},
			{"port zero", func(in *service.ConnectionInput) { in.Host = "api.example.com:0" }, "host"},
			{"empty port", func(in *service.ConnectionInput) { in.Host = "api.example.com:" }, "host"},
			{"base path with a query", func(in *service.ConnectionInput) { in.BasePath = "/v1?x=1" }, "basePath"},
			{"unknown charset", func(in *service.ConnectionInput) { in.Charset = "KOI8-R" }, "charset"},
			{"connect timeout below 1", func(in *service.ConnectionInput) { in.ConnectTimeoutSec = -1 }, "connectTimeoutSec"},
			{"connect timeout above 3600", func(in *service.ConnectionInput) { in.ConnectTimeoutSec = 3601 }, "connectTimeoutSec"},
			{"response timeout below 1", func(in *service.ConnectionInput) { in.ResponseTimeoutSec = -5 }, "responseTimeoutSec"},
			{"response timeout above 3600", func(in *service.ConnectionInput) { in.ResponseTimeoutSec = 86400 }, "responseTimeoutSec"},
			{"proxy not a URL", func(in *service.ConnectionInput) { in.Proxy = "proxy.local" }, "proxy"},
			{"proxy of another scheme", func(in *service.ConnectionInput) { in.Proxy = "ftp://proxy.local" }, "proxy"},
			{"unknown auth scheme", func(in *service.ConnectionInput) { in.Auth = domain.Auth{Type: "oauth1"} }, "auth.type"},
			{"apiKey without settings", func(in *service.ConnectionInput) { in.Auth = domain.Auth{Type: domain.AuthAPIKey} }, "auth.apiKey"},
			{"apiKey without a name", func(in *service.ConnectionInput) {
				in.Auth = domain.Auth{Type: domain.AuthAPIKey, APIKey: &domain.APIKeyAuth{In: "header"}}
			}, "auth.apiKey.name"},
			{"apiKey in the body", func(in *service.ConnectionInput) {
				in.Auth = domain.Auth{Type: domain.AuthAPIKey, APIKey: &domain.APIKeyAuth{Name: "k", In: "body"}}
			}, "auth.apiKey.in"},
			{"tokenExchange without a token path", func(in *service.ConnectionInput) {
				in.Auth = domain.Auth{Type: domain.AuthTokenExchange, TokenExchange: &domain.TokenExchange{URL: "/t", Inject: domain.TokenInject{Name: "x"}}}
			}, "auth.tokenExchange.tokenPath"},
			{"tokenExchange with a bad method", func(in *service.ConnectionInput) {
				in.Auth = domain.Auth{Type: domain.AuthTokenExchange, TokenExchange: &domain.TokenExchange{Method: "PO ST", URL: "/t", TokenPath: "t", Inject: domain.TokenInject{Name: "x"}}}
			}, "auth.tokenExchange.method"},
			{"tokenExchange with a bad refresh condition", func(in *service.ConnectionInput) {
				in.Auth = domain.Auth{Type: domain.AuthTokenExchange, TokenExchange: &domain.TokenExchange{URL: "/t", TokenPath: "t", Inject: domain.TokenInject{Name: "x"},
					RefreshWhen: &domain.Condition{Field: "response.errcode", Op: "approx", Value: 1.0}}}
			}, "auth.tokenExchange.refreshWhen.op"},
		}
		e := withRoles(t)
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				in := fullConnIn("new")
				tc.edit(&in)
				e.expectRefused(t, func() error { return errOf(e.svc.CreateConnection(e.ctx, owner, "crm", in)) }, domain.EValidation, tc.field)
			})
		}
	})

	t.Run("refuses a taken key in the connector, not in another", func(t *testing.T) {
		e := withRoles(t)
		before := snapshot(t, e.svc)
		_, err := e.svc.CreateConnection(e.ctx, owner, "crm", httpConnIn("prod"))
		requireCode(t, err, domain.EConflict, "key")
		assert.Equal(t, before, snapshot(t, e.svc))

		_, err = e.svc.CreateConnection(e.ctx, owner, "bare", httpConnIn("prod"))
		require.NoError(t, err, "keys are unique per connector")
	})

	t.Run("an unknown connector or connection is not found", func(t *testing.T) {
		e := withRoles(t)
		_, err := e.svc.CreateConnection(e.ctx, admin, "nope", httpConnIn("x"))
		requireCode(t, err, domain.ENotFound)
		_, err = e.svc.GetConnection(e.ctx, admin, "crm", "nope")
		requireCode(t, err, domain.ENotFound)
		_, err = e.svc.GetConnection(e.ctx, admin, "bare", "prod")
		requireCode(t, err, domain.ENotFound, "")
	})
}

func TestService_UpdateConnection(t *testing.T) {
	t.Run("edits every field and keeps the key, status and password", func(t *testing.T) {
		e := withRoles(t)
		_, err := e.svc.CreateConnection(e.ctx, owner, "crm", fullConnIn("full"))
		require.NoError(t, err)
		require.NoError(t, e.svc.SealConnection(e.ctx, owner, "crm", "full"))

		in := fullConnIn("")
		in.ClientCertPassword = nil // keep
		in.Name, in.Host, in.Charset, in.ConnectTimeoutSec = "Renamed", "api.example.org", "BIG5", 10
		in.Auth = domain.Auth{Type: domain.AuthAPIKey, APIKey: &domain.APIKeyAuth{Name: "X-Key", In: "query"}}
		var v *service.ConnectionView
		e.expectAudit(func() {
			v, err = e.svc.UpdateConnection(e.ctx, maintainer, "crm", "full", in)
			require.NoError(t, err)
		}, "connection.update")
		assert.Equal(t, "full", v.Key)
		assert.Equal(t, "Renamed", v.Name)
		assert.Equal(t, "api.example.org", v.Host)
		assert.Equal(t, "BIG5", v.Charset)
		assert.Equal(t, domain.StatusSealed, v.Status, "editing does not unseal")
		assert.Equal(t, domain.Auth{Type: domain.AuthAPIKey, APIKey: &domain.APIKeyAuth{Name: "X-Key", In: "query"}}, v.Auth,
			"settings of the old scheme are dropped")
		assert.True(t, v.ClientCertPasswordSet)
		assert.Equal(t, owner, v.CreatedBy)
		assert.Equal(t, maintainer, v.UpdatedBy)

		ch := auditChanges(t, e.lastAudit())
		assert.Equal(t, change{Before: "10.0.0.5:8443", After: "api.example.org"}, ch["host"])
		assert.Equal(t, change{Before: "GBK", After: "BIG5"}, ch["charset"])
		_, logged := ch["clientCertPassword"]
		assert.False(t, logged, "a kept password is no change")
		_, logged = ch["key"]
		assert.False(t, logged)
	})

	t.Run("replaces or clears the certificate password", func(t *testing.T) {
		e := withRoles(t)
		_, err := e.svc.CreateConnection(e.ctx, owner, "crm", fullConnIn("full"))
		require.NoError(t, err)

		in := fullConnIn("full")
		in.ClientCertPassword = ptr("another")
		_, err = e.svc.UpdateConnection(e.ctx, owner, "crm", "full", in)
		require.NoError(t, err)
		assert.Equal(t, change{Before: domain.Redacted, After: domain.Redacted}, auditChanges(t, e.lastAudit())["clientCertPassword"])

		in.ClientCertPassword = ptr("")
		v, err := e.svc.UpdateConnection(e.ctx, owner, "crm", "full", in)
		require.NoError(t, err)
		assert.False(t, v.ClientCertPasswordSet)
		assert.Equal(t, change{Before: domain.Redacted}, auditChanges(t, e.lastAudit())["clientCertPassword"])
	})

	t.Run("switching to http clears the https-only fields", func(t *testing.T) {
		e := withRoles(t)
		_, err := e.svc.CreateConnection(e.ctx, owner, "crm", fullConnIn("full"))
		require.NoError(t, err)
		in := fullConnIn("full")
		in.Protocol, in.ClientCertPassword = "http", nil
		v, err := e.svc.UpdateConnection(e.ctx, owner, "crm", "full", in)
		require.NoError(t, err)
		assert.Equal(t, domain.TLSOptions{}, v.TLS)
		assert.False(t, v.ClientCertPasswordSet, "the kept password goes with the TLS settings")
	})

	t.Run("refuses a changed key and bad fields, changing nothing", func(t *testing.T) {
		e := withRoles(t)
		cases := []refusal[service.ConnectionInput]{
			{"changed key", "prod", func(in *service.ConnectionInput) { in.Key = "live" }, domain.EValidation, "key"},
			{"bad host", "prod", func(in *service.ConnectionInput) { in.Host = "https://x" }, domain.EValidation, "host"},
			{"unknown charset", "prod", func(in *service.ConnectionInput) { in.Charset = "UTF-16" }, domain.EValidation, "charset"},
			{"timeout above 3600", "prod", func(in *service.ConnectionInput) { in.ResponseTimeoutSec = 3601 }, domain.EValidation, "responseTimeoutSec"},
			{"unknown connection", "nope", func(in *service.ConnectionInput) {}, domain.ENotFound, ""},
		}
		expectRefusals(t, e, func() service.ConnectionInput { return httpsConnIn("") }, crmUpdate(e, e.svc.UpdateConnection), cases)
	})
}

func TestService_SealConnection(t *testing.T) {
	t.Run("seals and unseals, once each", func(t *testing.T) {
		e := withRoles(t)
		e.expectAudit(func() { require.NoError(t, e.svc.SealConnection(e.ctx, maintainer, "crm", "spare")) }, "connection.seal")
		assert.Equal(t, map[string]change{"status": {Before: "active", After: "sealed"}}, auditChanges(t, e.lastAudit()))
		v, err := e.svc.GetConnection(e.ctx, viewer, "crm", "spare")
		require.NoError(t, err)
		assert.Equal(t, domain.StatusSealed, v.Status)
		e.expectAudit(func() { require.NoError(t, e.svc.SealConnection(e.ctx, maintainer, "crm", "spare")) })

		e.expectAudit(func() { require.NoError(t, e.svc.UnsealConnection(e.ctx, maintainer, "crm", "spare")) }, "connection.unseal")
		v, err = e.svc.GetConnection(e.ctx, viewer, "crm", "spare")
		require.NoError(t, err)
		assert.Equal(t, domain.StatusActive, v.Status)
		e.expectAudit(func() { require.NoError(t, e.svc.UnsealConnection(e.ctx, maintainer, "crm", "spare")) })
	})

	t.Run("a new interface cannot choose a sealed connection", func(t *testing.T) {
		e := withRoles(t)
		require.NoError(t, e.svc.SealConnection(e.ctx, owner, "crm", "spare"))
		before := snapshot(t, e.svc)
		_, err := e.svc.CreateInterface(e.ctx, owner, "crm", interfaceIn("new", "spare"))
		requireCode(t, err, domain.ERule, "connectionKey")
		assert.Equal(t, before, snapshot(t, e.svc))
	})

	t.Run("an edit cannot move an interface to a sealed connection", func(t *testing.T) {
		e := withRoles(t)
		require.NoError(t, e.svc.SealConnection(e.ctx, owner, "crm", "spare"))
		before := snapshot(t, e.svc)
		_, err := e.svc.UpdateInterface(e.ctx, owner, "crm", "get-user", interfaceIn("get-user", "spare"))
		requireCode(t, err, domain.ERule, "connectionKey")
		assert.Equal(t, before, snapshot(t, e.svc))
	})

	t.Run("interfaces already on a sealed connection keep working and stay editable", func(t *testing.T) {
		e := withRoles(t)
		require.NoError(t, e.svc.SealConnection(e.ctx, owner, "crm", "prod"))

		list, err := e.svc.ListInterfaces(e.ctx, viewer, "crm")
		require.NoError(t, err)
		require.Len(t, list, 1)
		assert.Equal(t, domain.StatusSealed, list[0].ConnectionStatus)
		it, err := e.svc.GetInterface(e.ctx, viewer, "crm", "get-user")
		require.NoError(t, err)
		assert.Equal(t, "prod", it.ConnectionKey)

		in := interfaceIn("get-user", "prod")
		in.Description = "edited while sealed"
		e.expectAudit(func() {
			v, err := e.svc.UpdateInterface(e.ctx, maintainer, "crm", "get-user", in)
			require.NoError(t, err)
			assert.Equal(t, 2, v.Revision)
		}, "interface.update")

		// Moving it off the sealed connection is fine too; moving back is not.
		_, err = e.svc.UpdateInterface(e.ctx, maintainer, "crm", "get-user", interfaceIn("get-user", "spare"))
		require.NoError(t, err)
		_, err = e.svc.UpdateInterface(e.ctx, maintainer, "crm", "get-user", interfaceIn("get-user", "prod"))
		requireCode(t, err, domain.ERule, "connectionKey")

		// Its accounts can still be managed.
		_, err = e.svc.SaveAccount(e.ctx, maintainer, "crm", "prod", service.AccountInput{Name: "second"})
		require.NoError(t, err)
	})

	t.Run("unsealed, it can be chosen again", func(t *testing.T) {
		e := withRoles(t)
		require.NoError(t, e.svc.SealConnection(e.ctx, owner, "crm", "spare"))
		require.NoError(t, e.svc.UnsealConnection(e.ctx, owner, "crm", "spare"))
		_, err := e.svc.CreateInterface(e.ctx, owner, "crm", interfaceIn("new", "spare"))
		require.NoError(t, err)
	})

	t.Run("an unknown connection is not found", func(t *testing.T) {
		e := withRoles(t)
		requireCode(t, e.svc.SealConnection(e.ctx, owner, "crm", "nope"), domain.ENotFound)
		requireCode(t, e.svc.UnsealConnection(e.ctx, owner, "crm", "nope"), domain.ENotFound)
	})
}

func TestService_DeleteConnection(t *testing.T) {
	t.Run("refuses while an interface references it", func(t *testing.T) {
		e := withRoles(t)
		before := snapshot(t, e.svc)
		requireCode(t, e.svc.DeleteConnection(e.ctx, owner, "crm", "prod"), domain.ERule)
		assert.Equal(t, before, snapshot(t, e.svc))
	})

	t.Run("deletes an unreferenced connection with its accounts", func(t *testing.T) {
		e := withRoles(t)
		require.NoError(t, e.svc.DeleteInterface(e.ctx, owner, "crm", "get-user"))
		e.expectAudit(func() { require.NoError(t, e.svc.DeleteConnection(e.ctx, maintainer, "crm", "prod")) }, "connection.delete")
		_, err := e.svc.GetConnection(e.ctx, owner, "crm", "prod")
		requireCode(t, err, domain.ENotFound)
		var accounts int64
		require.NoError(t, e.st.DB.Table("auth_accounts").Count(&accounts).Error)
		assert.Zero(t, accounts)
		assert.Equal(t, change{Before: "prod"}, auditChanges(t, e.lastAudit())["key"])
	})

	t.Run("an unknown connection is not found", func(t *testing.T) {
		e := withRoles(t)
		requireCode(t, e.svc.DeleteConnection(e.ctx, owner, "crm", "nope"), domain.ENotFound)
	})
}

// richInterfaceIn is a POST with a body tree, an array mapped from a list,
// nested response params, a nested condition and every message.
func richInterfaceIn(key, conn string) service.InterfaceInput {
	return service.InterfaceInput{
		Key: key, Name: "Create order", Description: "places an order", ConnectionKey: conn,
		Method: "post", Path: "orders/{shop}/{region}", BodyType: "json",
		Request: []domain.Param{
			{Name: "shop", In: domain.InPath, Type: "string", Required: true, Source: domain.Source{Kind: domain.SourceInput}},
			{Name: "region", In: domain.InPath, Type: "string", Source: domain.Source{Kind: domain.SourceStatic, Value: "eu"}},
			{Name: "X-User", In: domain.InHeader, Type: "string", Source: domain.Source{Kind: domain.SourceSystem, Value: "userId"}},
			{Name: "page", In: domain.InQuery, Type: "integer", Default: json.RawMessage(`1`), Source: domain.Source{Kind: domain.SourceInput}},
			{Name: "order", In: domain.InBody, Type: "object", Source: domain.Source{Kind: domain.SourceInput}, Children: []domain.Param{
				{Name: "note", Type: "string", Source: domain.Source{Kind: domain.SourceTemplate, Value: "by {{system.userName}}"}},
				{Name: "lines", Type: "array", Source: domain.Source{Kind: domain.SourceMap, Value: "{{input.items}}"}, Children: []domain.Param{
					{Name: "sku", Type: "string", Required: true, Source: domain.Source{Kind: domain.SourceTemplate, Value: "{{item.sku}}"}},
					{Name: "qty", Type: "integer", Source: domain.Source{Kind: domain.SourceTemplate, Value: "{{item.qty}}"}},
				}},
			}},
		},
		Response: []domain.ResponseParam{
			{Name: "code", Type: "integer", Path: "code"},
			{Name: "order", Type: "object", Path: "data", Children: []domain.ResponseParam{
				{Name: "id", Type: "string", Path: "id"},
				{Name: "lines", Type: "array", Path: "lines", Children: []domain.ResponseParam{{Name: "sku", Type: "string", Path: "sku"}}},
			}},
		},
		Success: domain.Condition{All: []domain.Condition{
			{Field: "status", Op: "in", Value: []any{float64(200), float64(201)}},
			{Any: []domain.Condition{
				{Field: "outputs.code", Op: "eq", Value: float64(0)},
				{Field: "response.msg", Op: "matches", Value: "^ok"},
				{Field: "headers.X-Result", Op: "notEmpty"},
				{Field: "request.shop", Op: "ne", Value: "closed"},
			}},
		}},
		Messages: domain.Messages{Unmet: "refused: {{response.msg}}", Timeout: "the shop is slow", Error: "the shop is down"},
	}
}

func TestService_CreateInterface(t *testing.T) {
	t.Run("stores the whole definition", func(t *testing.T) {
		e := withRoles(t)
		in := richInterfaceIn("create-order", "prod")
		v := audited(t, e, func() (*service.InterfaceView, error) {
			return e.svc.CreateInterface(e.ctx, maintainer, "crm", in)
		}, "interface.create")
		got, err := e.svc.GetInterface(e.ctx, viewer, "crm", "create-order")
		require.NoError(t, err)
		assert.Equal(t, v.ID, got.ID)
		assert.Equal(t, "prod", got.ConnectionKey)
		assert.Equal(t, "POST", got.Method)
		assert.Equal(t, "/orders/{shop}/{region}", got.Path)
		assert.Equal(t, "json", got.BodyType)
		assert.Equal(t, 1, got.Revision)
		assert.Equal(t, maintainer, got.CreatedBy)
		assert.Equal(t, fixedNow, got.CreatedAt)
		assert.Equal(t, in.Request, got.Request)
		assert.Equal(t, in.Response, got.Response)
		assert.Equal(t, in.Success, got.Success)
		assert.Equal(t, in.Messages, got.Messages)
		assert.Equal(t, "crm/create-order", e.lastAudit().TargetKey)
		assert.Equal(t, change{After: "prod"}, auditChanges(t, e.lastAudit())["connection"])

		list, err := e.svc.ListInterfaces(e.ctx, viewer, "crm")
		require.NoError(t, err)
		assert.Len(t, list, 2)
	})

	t.Run("fills defaults and accepts any method token", func(t *testing.T) {
		e := withRoles(t)
		v, err := e.svc.CreateInterface(e.ctx, owner, "crm", service.InterfaceInput{
			Key: "purge", Name: "Purge", ConnectionKey: "spare", Method: "purge", Path: "",
			Success: domain.Condition{Field: "status", Op: "lt", Value: float64(300)},
		})
		require.NoError(t, err)
		assert.Equal(t, "PURGE", v.Method)
		assert.Equal(t, "none", v.BodyType)
		assert.Equal(t, []domain.Param{}, v.Request)
		assert.Equal(t, []domain.ResponseParam{}, v.Response)
	})

	t.Run("refuses invalid definitions with the field and changes nothing", func(t *testing.T) {
		e := withRoles(t)
		cases := []struct {
			name  string
			edit  func(in *service.InterfaceInput)
			code  string
			field string
		}{
			{"missing key", func(in *service.InterfaceInput) { in.Key = "" }, domain.EValidation, "key"},
			{"key not a slug", func(in *service.InterfaceInput) { in.Key = "Create Order" }, domain.EValidation, "key"},
			{"missing name", func(in *service.InterfaceInput) { in.Name = "" }, domain.EValidation, "name"},
			{"missing method", func(in *service.InterfaceInput) { in.Method = "" }, domain.EValidation, "method"},
			{"method not a token", func(in *service.InterfaceInput) { in.Method = "GET /x" }, domain.EValidation, "method"},
			{"method with a colon", func(in *service.InterfaceInput) { in.Method = "GET:" }, domain.EValidation, "method"},
			{"path with a query", func(in *service.InterfaceInput) { in.Path = "/orders/{shop}/{region}?x=1" }, domain.EValidation, "path"},
			{"unknown body type", func(in *service.InterfaceInput) { in.BodyType = "yaml" }, domain.EValidation, "bodyType"},
			{"a placeholder without a path param", func(in *service.InterfaceInput) { in.Path += "/{id}" }, domain.EValidation, "path"},
			{"an empty placeholder", func(in *service.InterfaceInput) { in.Path += "/{}" }, domain.EValidation, "path"},
			{"a path param without a placeholder", func(in *service.InterfaceInput) { in.Path = "/orders/{shop}" }, domain.EValidation, "request[1]"},
			{"a param without a name", func(in *service.InterfaceInput) { in.Request[2].Name = "" }, domain.EValidation, "request[2].name"},
			{"a param without a location", func(in *service.InterfaceInput) { in.Request[2].In = "" }, domain.EValidation, "request[2].in"},
			{"a param in the cookie", func(in *service.InterfaceInput) { in.Request[2].In = "cookie" }, domain.EValidation, "request[2].in"},
			{"a repeated param", func(in *service.InterfaceInput) { in.Request[3].Name, in.Request[3].In = "X-User", domain.InHeader },
				domain.EValidation, "request[3].name"},
			{"an unknown param type", func(in *service.InterfaceInput) { in.Request[3].Type = "date" }, domain.EValidation, "request[3].type"},
			{"a param without a source", func(in *service.InterfaceInput) { in.Request[3].Source = domain.Source{} }, domain.EValidation, "request[3].source.kind"},
			{"an unknown source", func(in *service.InterfaceInput) { in.Request[3].Source.Kind = "env" }, domain.EValidation, "request[3].source.kind"},
			{"an unknown system field", func(in *service.InterfaceInput) { in.Request[2].Source.Value = "password" }, domain.EValidation, "request[2].source.value"},
			{"a template without placeholders", func(in *service.InterfaceInput) { in.Request[4].Children[0].Source.Value = "plain" },
				domain.EValidation, "request[4].children[0].source.value"},
			{"a map on a non-array", func(in *service.InterfaceInput) {
				in.Request[4].Children[1].Type, in.Request[4].Children[1].Children = "object", nil
			}, domain.EValidation, "request[4].children[1].source.kind"},
			{"children of a string", func(in *service.InterfaceInput) {
				in.Request[3].Children = []domain.Param{{Name: "x", Type: "string", Source: domain.Source{Kind: domain.SourceInput}}}
			}, domain.EValidation, "request[3].children"},
			{"children outside the body", func(in *service.InterfaceInput) {
				in.Request[3].Type = "object"
				in.Request[3].Children = []domain.Param{{Name: "x", Type: "string", Source: domain.Source{Kind: domain.SourceInput}}}
			}, domain.EValidation, "request[3].children"},
			{"a bad nested child", func(in *service.InterfaceInput) { in.Request[4].Children[1].Children[0].Type = "uuid" },
				domain.EValidation, "request[4].children[1].children[0].type"},
			{"a response param without a path", func(in *service.InterfaceInput) { in.Response[0].Path = "" }, domain.EValidation, "response[0].path"},
			{"a repeated response param", func(in *service.InterfaceInput) { in.Response[1].Name = "code" }, domain.EValidation, "response[1].name"},
			{"a bad nested response param", func(in *service.InterfaceInput) { in.Response[1].Children[1].Children[0].Type = "" },
				domain.EValidation, "response[1].children[1].children[0].type"},
			{"no success condition", func(in *service.InterfaceInput) { in.Success = domain.Condition{} }, domain.EValidation, "success"},
			{"an unknown op", func(in *service.InterfaceInput) { in.Success.All[0].Op = "between" }, domain.EValidation, "success.all[0].op"},
			{"an unknown field", func(in *service.InterfaceInput) { in.Success.All[1].Any[0].Field = "body.code" },
				domain.EValidation, "success.all[1].any[0].field"},
			{"an output that is no response param", func(in *service.InterfaceInput) { in.Success.All[1].Any[0].Field = "outputs.missing" },
				domain.EValidation, "success.all[1].any[0].field"},
			{"a request field that is no param", func(in *service.InterfaceInput) { in.Success.All[1].Any[3].Field = "request.nope" },
				domain.EValidation, "success.all[1].any[3].field"},
			{"in without a list", func(in *service.InterfaceInput) { in.Success.All[0].Value = float64(200) }, domain.EValidation, "success.all[0].value"},
			{"a bad regular expression", func(in *service.InterfaceInput) { in.Success.All[1].Any[1].Value = "([" },
				domain.EValidation, "success.all[1].any[1].value"},
			{"gt without a number", func(in *service.InterfaceInput) {
				in.Success = domain.Condition{Field: "status", Op: "gt", Value: "199"}
			},
				domain.EValidation, "success.value"},
			{"contains without a value", func(in *service.InterfaceInput) { in.Success = domain.Condition{Field: "response.msg", Op: "contains"} },
				domain.EValidation, "success.value"},
			{"an empty group", func(in *service.InterfaceInput) { in.Success = domain.Condition{Any: []domain.Condition{}} },
				domain.EValidation, "success.any"},
			{"a group with all and any", func(in *service.InterfaceInput) {
				in.Success.Any = []domain.Condition{{Field: "status", Op: "eq", Value: float64(200)}}
			}, domain.EValidation, "success"},
			{"no connection", func(in *service.InterfaceInput) { in.ConnectionKey = "" }, domain.EValidation, "connectionKey"},
			{"an unknown connection", func(in *service.InterfaceInput) { in.ConnectionKey = "nope" }, domain.EValidation, "connectionKey"},
			{"a taken key", func(in *service.InterfaceInput) { in.Key = "get-user" }, domain.EConflict, "key"},
		}
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				in := richInterfaceIn("create-order", "prod")
				tc.edit(&in)
				e.expectRefused(t, func() error { return errOf(e.svc.CreateInterface(e.ctx, owner, "crm", in)) }, tc.code, tc.field)
			})
		}
	})

	t.Run("cannot use a connection of another connector", func(t *testing.T) {
		e := withRoles(t)
		_, err := e.svc.CreateConnection(e.ctx, owner, "bare", httpConnIn("other"))
		require.NoError(t, err)
		before := snapshot(t, e.svc)
		_, err = e.svc.CreateInterface(e.ctx, owner, "crm", interfaceIn("x", "other"))
		requireCode(t, err, domain.EValidation, "connectionKey")
		assert.Equal(t, before, snapshot(t, e.svc))
	})

	t.Run("keys are unique per connector", func(t *testing.T) {
		e := withRoles(t)
		_, err := e.svc.CreateConnection(e.ctx, owner, "bare", httpConnIn("c"))
		require.NoError(t, err)
		_, err = e.svc.CreateInterface(e.ctx, owner, "bare", interfaceIn("get-user", "c"))
		require.NoError(t, err)
	})
}

func TestService_UpdateInterface(t *testing.T) {
	t.Run("replaces the definition and counts revisions", func(t *testing.T) {
		e := withRoles(t)
		in := richInterfaceIn("", "spare")
		v := audited(t, e, func() (*service.InterfaceView, error) {
			return e.svc.UpdateInterface(e.ctx, maintainer, "crm", "get-user", in)
		}, "interface.update")
		assert.Equal(t, "get-user", v.Key)
		assert.Equal(t, 2, v.Revision)
		assert.Equal(t, "spare", v.ConnectionKey)
		assert.Equal(t, owner, v.CreatedBy)
		assert.Equal(t, maintainer, v.UpdatedBy)

		got, err := e.svc.GetInterface(e.ctx, viewer, "crm", "get-user")
		require.NoError(t, err)
		assert.Equal(t, in.Request, got.Request)
		assert.Equal(t, in.Success, got.Success)
		assert.Equal(t, "spare", got.ConnectionKey)

		ch := auditChanges(t, e.lastAudit())
		assert.Equal(t, change{Before: "prod", After: "spare"}, ch["connection"])
		assert.Equal(t, change{Before: "GET", After: "POST"}, ch["method"])
		_, logged := ch["key"]
		assert.False(t, logged)
	})

	t.Run("refuses a changed key and bad definitions, changing nothing", func(t *testing.T) {
		e := withRoles(t)
		cases := []refusal[service.InterfaceInput]{
			{"changed key", "get-user", func(in *service.InterfaceInput) { in.Key = "get-person" }, domain.EValidation, "key"},
			{"path without its param", "get-user", func(in *service.InterfaceInput) { in.Path = "/users" }, domain.EValidation, "request[0]"},
			{"no success condition", "get-user", func(in *service.InterfaceInput) { in.Success = domain.Condition{} }, domain.EValidation, "success"},
			{"unknown connection", "get-user", func(in *service.InterfaceInput) { in.ConnectionKey = "nope" }, domain.EValidation, "connectionKey"},
			{"unknown interface", "nope", func(in *service.InterfaceInput) {}, domain.ENotFound, ""},
		}
		expectRefusals(t, e, func() service.InterfaceInput { return interfaceIn("", "prod") }, crmUpdate(e, e.svc.UpdateInterface), cases)
	})
}

func TestService_DeleteInterface(t *testing.T) {
	t.Run("deletes and frees its connection", func(t *testing.T) {
		e := withRoles(t)
		e.expectAudit(func() { require.NoError(t, e.svc.DeleteInterface(e.ctx, maintainer, "crm", "get-user")) }, "interface.delete")
		assert.Equal(t, change{Before: "prod"}, auditChanges(t, e.lastAudit())["connection"])
		_, err := e.svc.GetInterface(e.ctx, viewer, "crm", "get-user")
		requireCode(t, err, domain.ENotFound)
		list, err := e.svc.ListInterfaces(e.ctx, viewer, "crm")
		require.NoError(t, err)
		assert.Empty(t, list)
		require.NoError(t, e.svc.DeleteConnection(e.ctx, maintainer, "crm", "prod"))
	})

	t.Run("an unknown interface is not found", func(t *testing.T) {
		e := withRoles(t)
		before := snapshot(t, e.svc)
		requireCode(t, e.svc.DeleteInterface(e.ctx, owner, "crm", "nope"), domain.ENotFound)
		assert.Equal(t, before, snapshot(t, e.svc))
	})
}

func TestService_ResponseFromSample(t *testing.T) {
	t.Run("builds response params an interface can use", func(t *testing.T) {
		e := withRoles(t)
		params, err := e.svc.ResponseFromSample(`{"code": 0, "msg": "ok", "data": {"total": 2.5, "items": [{"id": 1, "tags": ["a"]}, {"id": 2, "name": null}]}}`)
		require.NoError(t, err)
		assert.Equal(t, []domain.ResponseParam{
			{Name: "code", Type: "integer", Path: "code"},
			{Name: "msg", Type: "string", Path: "msg"},
			{Name: "data", Type: "object", Path: "data", Children: []domain.ResponseParam{
				{Name: "total", Type: "number", Path: "total"},
				{Name: "items", Type: "array", Path: "items", Children: []domain.ResponseParam{
					{Name: "id", Type: "integer", Path: "id"},
					{Name: "tags", Type: "array", Path: "tags"},
					{Name: "name", Type: "string", Path: "name"},
				}},
			}},
		}, params)

		in := interfaceIn("from-sample", "prod")
		in.Response = params
		in.Success = domain.Condition{Field: "outputs.code", Op: "eq", Value: float64(0)}
		_, err = e.svc.CreateInterface(e.ctx, owner, "crm", in)
		require.NoError(t, err)
	})

	t.Run("refuses a sample that is not a JSON document", func(t *testing.T) {
		e := withRoles(t)
		for name, sample := range map[string]string{
			"empty":          "  ",
			"malformed":      `{"code": 0,`,
			"a lone scalar":  `42`,
			"trailing stuff": `{"a": 1} x`,
		} {
			t.Run(name, func(t *testing.T) {
				before := snapshot(t, e.svc)
				_, err := e.svc.ResponseFromSample(sample)
				requireCode(t, err, domain.EValidation, "sample")
				assert.Equal(t, before, snapshot(t, e.svc))
			})
		}
	})
}

// TestService_EachConnector: the keyset walk returns what one large page of
// ListConnectors returns, in order, for each filter and a narrow scope,
// through names equal but for their case (the order's ties, broken by key)
// and after a rename (the tag filter's order follows the new name).
func TestService_EachConnector(t *testing.T) {
	e := withRoles(t)
	for _, in := range []service.ConnectorInput{
		{Key: "a3", Name: "ALPHA", Tags: []string{"x"}}, {Key: "a1", Name: "alpha", Tags: []string{"x", "y"}},
		{Key: "a2", Name: "Alpha", Tags: []string{"x"}}, {Key: "b", Name: "beta", Tags: []string{"y"}},
		{Key: "z", Name: "Zulu", Tags: []string{"x"}}, {Key: "m", Name: "mike"},
	} {
		_, err := e.svc.CreateConnector(e.ctx, admin, in)
		require.NoError(t, err)
	}
	require.NoError(t, e.svc.SealConnector(e.ctx, admin, "a2"))
	require.NoError(t, e.svc.Grant(e.ctx, admin, "b", viewer, domain.LevelView))
	_, err := e.svc.UpdateConnector(e.ctx, admin, "z", service.ConnectorInput{Key: "z", Name: "aardvark", Tags: []string{"x"}})
	require.NoError(t, err)

	keys := func(items []service.ConnectorSummary) []string {
		return pluck(items, func(it service.ConnectorSummary) string { return it.Key })
	}
	p, err := e.svc.ListConnectors(e.ctx, admin, service.ConnectorQuery{Tag: "x"})
	require.NoError(t, err)
	assert.Equal(t, []string{"z", "a1", "a2", "a3"}, keys(p.Items), "the tag's rows in the order of the names, renamed too")

	for _, actor := range []string{admin, viewer} {
		for _, q := range []service.ConnectorQuery{{}, {Tag: "x"}, {Tag: "y"}, {Status: "active"}, {Status: "sealed"},
			{Search: "ALP"}, {Search: "y"}, {Status: "active", Tag: "x"}} {
			whole, err := e.svc.ListConnectors(e.ctx, actor, service.ConnectorQuery{Search: q.Search, Status: q.Status, Tag: q.Tag, Page: service.Page{Limit: 500}})
			require.NoError(t, err)
			walked := []string{}
			err = e.svc.EachConnector(e.ctx, actor, q, 2, func(items []service.ConnectorSummary) error {
				assert.LessOrEqual(t, len(items), 2)
				walked = append(walked, keys(items)...)
				return nil
			})
			require.NoError(t, err)
			assert.Equal(t, keys(whole.Items), walked, "%s %+v", actor, q)
			assert.Equal(t, int64(len(walked)), whole.Total, "%s %+v", actor, q)
		}
	}
	requireCode(t, e.svc.EachConnector(e.ctx, admin, service.ConnectorQuery{Status: "gone"}, 2, func([]service.ConnectorSummary) error { return nil }), domain.EValidation, "status")
}
