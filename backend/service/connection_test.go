package service_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"junction/backend/domain"
	"junction/backend/service"
)

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
		var v *service.ConnectionView
		e.expectAudit(func() {
			var err error
			v, err = e.svc.CreateConnection(e.ctx, maintainer, "crm", fullConnIn("full"))
			require.NoError(t, err)
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
				before := snapshot(t, e.svc)
				_, err := e.svc.CreateConnection(e.ctx, owner, "crm", in)
				requireCode(t, err, domain.EValidation, tc.field)
				assert.Equal(t, before, snapshot(t, e.svc))
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
		cases := []struct {
			name  string
			key   string
			edit  func(in *service.ConnectionInput)
			code  string
			field string
		}{
			{"changed key", "prod", func(in *service.ConnectionInput) { in.Key = "live" }, domain.EValidation, "key"},
			{"bad host", "prod", func(in *service.ConnectionInput) { in.Host = "https://x" }, domain.EValidation, "host"},
			{"unknown charset", "prod", func(in *service.ConnectionInput) { in.Charset = "UTF-16" }, domain.EValidation, "charset"},
			{"timeout above 3600", "prod", func(in *service.ConnectionInput) { in.ResponseTimeoutSec = 3601 }, domain.EValidation, "responseTimeoutSec"},
			{"unknown connection", "nope", func(in *service.ConnectionInput) {}, domain.ENotFound, ""},
		}
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				in := httpsConnIn("")
				tc.edit(&in)
				before := snapshot(t, e.svc)
				_, err := e.svc.UpdateConnection(e.ctx, owner, "crm", tc.key, in)
				requireCode(t, err, tc.code, tc.field)
				assert.Equal(t, before, snapshot(t, e.svc))
			})
		}
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
