package exchange_test

import (
	"encoding/json"
	"flag"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"junction/backend/domain"
	"junction/backend/exchange"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden.json and docs/package.schema.json")

// fixedMeta is the Meta of every golden export.
var fixedMeta = exchange.Meta{ExportedAt: time.Date(2026, 11, 23, 8, 0, 0, 0, time.UTC), ExportedBy: "alice"}

// richBundles is one connector using most of what a package can carry:
// tokenExchange and apiKey auth, a sealed connection, a GBK charset, nested
// request and response trees, any/all conditions and accounts with secret
// fields. Its values are what the store would hold (normalised), so that an
// export, import and export again must give the same bytes.
func richBundles() []exchange.ConnectorBundle {
	return []exchange.ConnectorBundle{{
		Connector: domain.Connector{
			ID: "ignored-id", OwnerID: "ignored-owner",
			Key: "open-platform", Name: "Open platform", Description: "HR & payroll <v2> API",
			Icon: "building", Tags: []string{"hr", "erp"}, Version: "2.1.0", Status: domain.StatusActive,
			CreatedAt: time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC), CreatedBy: "bob",
		},
		Connections: []exchange.ConnectionBundle{
			{
				Connection: domain.Connection{
					ID: "ignored", ConnectorID: "ignored",
					Key: "prod", Name: "Production", Description: "Main tenant",
					ResourceType: "REST", Protocol: "https", Host: "api.example.com:8443", BasePath: "/open",
					Charset: "GBK", ConnectTimeoutSec: 30, ResponseTimeoutSec: 90,
					TLS:                domain.TLSOptions{ClientCertPath: "/nonexistent/junction/client.p12", CACertPath: "/nonexistent/junction/ca.pem"},
					ClientCertPassword: "ciphertext-never-exported",
					Proxy:              "http://proxy.local:8080",
					Auth: domain.Auth{Type: domain.AuthTokenExchange, TokenExchange: &domain.TokenExchange{
						Method: "POST", URL: "/oauth/token?grant_type=client_credentials&scope=all", BodyType: "json",
						Headers: map[string]string{"X-Tenant": "{{account.tenant}}", "Accept": "application/json"},
						Body: map[string]any{
							"appSecret": "{{account.appSecret}}", "appKey": "{{account.appKey}}",
							"ttl": 7200, "options": map[string]any{"scopes": []any{"read", "write"}, "ratio": 0.5},
						},
						TokenPath: "data.access_token", ExpiresInPath: "data.expires_in", TTLSec: 3600,
						RefreshWhen: &domain.Condition{Any: []domain.Condition{
							{Field: "response.errcode", Op: "eq", Value: 40001},
							{Field: "response.errcode", Op: "eq", Value: 40014},
						}},
						Inject: domain.TokenInject{In: domain.InHeader, Name: "Authorization", Prefix: "Bearer "},
					}},
					Status: domain.StatusActive,
				},
				CertPasswordSet: true,
				Accounts: []exchange.AccountBundle{
					{Name: "default", Default: true, Fields: map[string]string{"tenant": "t1", "appKey": "k-123"}, SecretFields: []string{"appSecret"}},
					{Name: "backup", Fields: map[string]string{"appKey": "k-456"}, SecretFields: []string{"appSecret", "pin"}},
				},
			},
			{
				Connection: domain.Connection{
					Key: "legacy", Name: "Legacy gateway", ResourceType: "REST", Protocol: "http", Host: "10.0.0.7",
					Charset: "UTF-8", ConnectTimeoutSec: 60, ResponseTimeoutSec: 60, Proxy: "none",
					Auth:   domain.Auth{Type: domain.AuthAPIKey, APIKey: &domain.APIKeyAuth{Name: "X-API-Key", In: domain.InHeader}},
					Status: domain.StatusSealed,
				},
				Accounts: []exchange.AccountBundle{{Name: "default", Default: true, Fields: map[string]string{}, SecretFields: []string{"key"}}},
			},
		},
		Interfaces: []exchange.InterfaceBundle{
			{
				ConnectionKey: "prod",
				Interface: domain.Interface{
					ID: "ignored", Revision: 7,
					Key: "list-departments", Name: "List departments", Method: "GET", Path: "/departments/{parentId}", BodyType: "none",
					Request: []domain.Param{
						{Name: "parentId", In: domain.InPath, Type: "integer", Required: true, Source: domain.Source{Kind: domain.SourceInput}, Default: json.RawMessage(`1`)},
						{Name: "lang", In: domain.InQuery, Type: "string", Source: domain.Source{Kind: domain.SourceStatic, Value: "zh_CN"}},
						{Name: "X-Operator", In: domain.InHeader, Type: "string", Source: domain.Source{Kind: domain.SourceSystem, Value: "userId"}, Description: "who asks"},
						// Static values of other types than string travel as typed literals.
						{Name: "pageSize", In: domain.InQuery, Type: "integer", Source: domain.Source{Kind: domain.SourceStatic, Value: "50"}},
						{Name: "active", In: domain.InQuery, Type: "boolean", Source: domain.Source{Kind: domain.SourceStatic, Value: "true"}},
					},
					Response: []domain.ResponseParam{
						{Name: "code", Type: "integer", Path: "code"},
						{Name: "departments", Type: "array", Path: "data.list", Description: "one page", Children: []domain.ResponseParam{
							{Name: "id", Type: "integer", Path: "id"},
							{Name: "name", Type: "string", Path: "name", Description: "部门名称"},
							{Name: "manager", Type: "object", Path: "manager", Children: []domain.ResponseParam{
								{Name: "userId", Type: "string", Path: "user_id"},
							}},
						}},
					},
					Success: domain.Condition{All: []domain.Condition{
						{Field: "status", Op: "eq", Value: 200},
						{Any: []domain.Condition{
							{Field: "response.code", Op: "eq", Value: 0},
							{Field: "response.code", Op: "in", Value: []any{"0", "OK"}},
						}},
					}},
					Messages: domain.Messages{Unmet: "Query failed: {{response.msg}}", Timeout: "The HR system did not answer in time", Error: "Could not reach the HR system"},
				},
			},
			{
				ConnectionKey: "prod",
				Interface: domain.Interface{
					Key: "create-users", Name: "Create users", Description: "Bulk create", Method: "POST", Path: "/users", BodyType: "json",
					Request: []domain.Param{
						{Name: "batch", In: domain.InBody, Type: "object", Required: true, Source: domain.Source{Kind: domain.SourceInput}, Children: []domain.Param{
							{Name: "source", Type: "string", Source: domain.Source{Kind: domain.SourceStatic, Value: "junction"}},
							{Name: "meta", Type: "object", Source: domain.Source{Kind: domain.SourceStatic, Value: `{"client":"junction","tags":["a","b"],"v":2.5}`}},
							{Name: "roles", Type: "array", Source: domain.Source{Kind: domain.SourceStatic, Value: `["staff",1]`}},
							{Name: "options", Type: "object", Source: domain.Source{Kind: domain.SourceInput}, Default: json.RawMessage(`{"notify":true,"limits":[1,2.5,"x"],"id":12345678901234567890}`)},
						}},
						{Name: "users", In: domain.InBody, Type: "array", Required: true, Source: domain.Source{Kind: domain.SourceMap, Value: "{{input.people}}"}, Children: []domain.Param{
							{Name: "id", Type: "string", Source: domain.Source{Kind: domain.SourceTemplate, Value: "{{item.id}}"}},
							{Name: "age", Type: "integer", Source: domain.Source{Kind: domain.SourceTemplate, Value: "{{item.age}}"}, Default: json.RawMessage(`18`)},
						}},
						{Name: "X-Request-Id", In: domain.InHeader, Type: "string", Source: domain.Source{Kind: domain.SourceSystem, Value: "uuid"}},
					},
					Response: []domain.ResponseParam{{Name: "created", Type: "number", Path: "data.count"}},
					Success: domain.Condition{All: []domain.Condition{
						{Field: "status", Op: "in", Value: []any{200, 201}},
						{Field: "response.msg", Op: "matches", Value: "^(ok|done)$"},
						{Field: "outputs.created", Op: "gt", Value: 0.5},
						{Field: "headers.X-Trace", Op: "notEmpty"},
						{Field: "headers.Content-Type", Op: "ne", Value: "text/html; charset=<any> & more"},
						{Field: "request.users", Op: "notEmpty"},
					}},
				},
			},
			{
				ConnectionKey: "legacy",
				Interface: domain.Interface{
					Key: "ping", Name: "Ping", Method: "HEAD", Path: "/ping", BodyType: "none",
					Request: []domain.Param{}, Response: []domain.ResponseParam{},
					Success: domain.Condition{Field: "status", Op: "lt", Value: 400},
				},
			},
		},
	}, {
		// A sealed connector with nothing in it: empty lists are written as [].
		Connector: domain.Connector{Key: "archive", Name: "Archive", Tags: nil, Version: "1.0.0", Status: domain.StatusSealed},
	}}
}

// exportRich exports richBundles with meta and fails the test on error.
func exportRich(t *testing.T, meta exchange.Meta) []byte {
	t.Helper()
	out, err := exchange.Export(meta, richBundles())
	require.NoError(t, err)
	return out
}
