package exchange_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gowebpki/jcs"
	"github.com/stretchr/testify/assert"
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

// richFlows are flows over richBundles using every field a flow has in a
// package: each trigger shape, inputs with a default, a step with another
// connection and account, literal and template inputs, runIf, forEach with
// concurrency, retry, onFailure, outputs and the run policies. Their values
// are what the store holds (normalised).
func richFlows() []domain.Flow {
	return []domain.Flow{
		{
			ID: "ignored-flow-id", OwnerID: "ignored-owner", Revision: 4, CreatedBy: "bob",
			Key: "sync-departments", Name: "Sync departments", Description: "Nightly <sync> & report", Enabled: false,
			Trigger: domain.Trigger{Type: domain.TriggerCron, Cron: "0 9 * * 1-5", Timezone: "Asia/Shanghai"},
			Inputs: []domain.Param{
				{Name: "root", Type: "integer", Required: true, Source: domain.Source{Kind: domain.SourceInput}, Default: json.RawMessage(`1`), Description: "root department"},
				{Name: "people", Type: "array", Source: domain.Source{Kind: domain.SourceInput}},
			},
			Steps: []domain.Step{
				{
					Key: "list", Name: "List departments", Invoke: "open-platform/list-departments", Connection: "prod", Account: "backup",
					Inputs:      map[string]any{"parentId": "{{input.root}}", "pageSize": float64(20), "lang": "en_{{system.userId}}"},
					RunIf:       &domain.Condition{All: []domain.Condition{{Field: "input.root", Op: "gt", Value: float64(0)}}},
					Concurrency: 1, Retry: &domain.Retry{Attempts: 3, BackoffMs: 500}, OnFailure: domain.OnFailureContinue,
				},
				{
					Key: "create", Name: "Create users", Invoke: "open-platform/create-users",
					Inputs:  map[string]any{"batch": "{{item}}", "users": "{{input.people}}"},
					RunIf:   &domain.Condition{Any: []domain.Condition{{Field: "steps.list.status", Op: "eq", Value: float64(200)}, {Field: "steps.list.outputs.code", Op: "in", Value: []any{float64(0), "OK"}}}},
					ForEach: "{{steps.list.outputs.departments}}", Concurrency: 4, OnFailure: domain.OnFailureStop,
				},
			},
			Outputs:    map[string]string{"created": "{{steps.create.outputs}}", "first": "{{steps.list.outputs.departments.0.name}}"},
			TimeoutSec: 120, Overlap: domain.OverlapQueue, CatchUp: domain.CatchUpOnce, CatchUpWindowSec: 3600,
		},
		{
			Key: "ping-every-5-minutes", Name: "Ping", Enabled: true,
			Trigger: domain.Trigger{Type: domain.TriggerInterval, EverySec: 300},
			Inputs:  []domain.Param{},
			Steps:   []domain.Step{{Key: "ping", Invoke: "open-platform/ping", Inputs: map[string]any{}, Concurrency: 1, OnFailure: domain.OnFailureStop}},
			Outputs: map[string]string{}, TimeoutSec: domain.DefaultFlowTimeoutSec, Overlap: domain.OverlapSkip, CatchUp: domain.CatchUpSkip,
		},
		{
			Key: "by-hand", Name: "By hand", Enabled: true, Trigger: domain.Trigger{Type: domain.TriggerManual},
			Inputs:  []domain.Param{},
			Steps:   []domain.Step{{Key: "ping", Invoke: "archive/ping", Inputs: map[string]any{}, Concurrency: 1, OnFailure: domain.OnFailureStop}},
			Outputs: map[string]string{}, TimeoutSec: domain.DefaultFlowTimeoutSec, Overlap: domain.OverlapSkip, CatchUp: domain.CatchUpSkip,
		},
	}
}

// exportRich exports richBundles with meta and fails the test on error.
func exportRich(t *testing.T, meta exchange.Meta) []byte {
	t.Helper()
	out, err := exchange.Export(meta, richBundles(), richFlows())
	require.NoError(t, err)
	return out
}

func TestExport_Golden(t *testing.T) {
	got := exportRich(t, fixedMeta)
	golden := filepath.Join("testdata", "rich.golden.json")
	if *update {
		require.NoError(t, os.WriteFile(golden, got, 0o644))
	}
	want, err := os.ReadFile(golden)
	require.NoError(t, err, "run go test ./backend/exchange -update to create it")
	assert.Equal(t, string(want), string(got))
}

func TestExport_Layout(t *testing.T) {
	out := exportRich(t, fixedMeta)

	t.Run("two-space indent and a trailing newline", func(t *testing.T) {
		assert.True(t, bytes.HasPrefix(out, []byte("{\n  \"format\": \"junction-package\",\n  \"version\": 1,\n")))
		assert.True(t, bytes.HasSuffix(out, []byte("\n}\n")))
	})
	t.Run("top-level keys in the order of PACKAGE.md", func(t *testing.T) {
		assert.Equal(t,
			[]string{"format", "version", "exportedAt", "exportedBy", "connectors", "flows", "secrets", "checksum", "signature"},
			objectKeys(t, out))
		assert.Contains(t, string(out), "\n  ],\n  \"flows\": [\n    {\n      \"key\": \"sync-departments\",\n")
		assert.Contains(t, string(out), "\n  ],\n  \"secrets\": null,\n")
		assert.Contains(t, string(out), "\n  \"signature\": null\n}")
	})
	t.Run("no HTML escaping", func(t *testing.T) {
		assert.Contains(t, string(out), `"HR & payroll <v2> API"`)
		assert.Contains(t, string(out), `"text/html; charset=<any> & more"`)
		assert.NotContains(t, string(out), `\u00`)
	})
	t.Run("integers look like integers", func(t *testing.T) {
		assert.Contains(t, string(out), `"value": 200`)
		assert.Contains(t, string(out), `12345678901234567890`)
		assert.NotContains(t, string(out), "200.0")
	})
	t.Run("no secret and no store identity", func(t *testing.T) {
		for _, s := range []string{"ciphertext-never-exported", "ignored", "revision", "createdAt", "bob"} {
			assert.NotContains(t, string(out), s)
		}
	})
}

// objectKeys returns the keys of the top-level object of data, in order.
func objectKeys(t *testing.T, data []byte) []string {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader(data))
	_, err := dec.Token() // {
	require.NoError(t, err)
	var keys []string
	for dec.More() {
		tok, err := dec.Token()
		require.NoError(t, err)
		keys = append(keys, tok.(string))
		var skip json.RawMessage
		require.NoError(t, dec.Decode(&skip))
	}
	return keys
}

func TestExport_RoundTrip(t *testing.T) {
	first := exportRich(t, fixedMeta)
	dec, err := exchange.Import(first)
	require.NoError(t, err)
	assert.Equal(t, fixedMeta.ExportedAt, dec.Meta.ExportedAt)
	assert.Equal(t, fixedMeta.ExportedBy, dec.Meta.ExportedBy)

	second, err := exchange.Export(dec.Meta, dec.Connectors, dec.Flows)
	require.NoError(t, err)
	assert.Equal(t, string(first), string(second))
}

func TestExport_MetaIsOutsideTheChecksum(t *testing.T) {
	a := exportRich(t, fixedMeta)
	b := exportRich(t, exchange.Meta{ExportedAt: time.Date(2027, 1, 2, 3, 4, 5, 0, time.FixedZone("CST", 8*3600)), ExportedBy: "bob"})

	aLines, bLines := strings.Split(string(a), "\n"), strings.Split(string(b), "\n")
	require.Len(t, bLines, len(aLines))
	var differ []string
	for i := range aLines {
		if aLines[i] != bLines[i] {
			differ = append(differ, aLines[i], bLines[i])
		}
	}
	assert.Equal(t, []string{
		`  "exportedAt": "2026-11-23T08:00:00Z",`, `  "exportedAt": "2027-01-01T19:04:05Z",`,
		`  "exportedBy": "alice",`, `  "exportedBy": "bob",`,
	}, differ)
	assert.Equal(t, checksumField(t, a), checksumField(t, b))
}

func checksumField(t *testing.T, data []byte) string {
	t.Helper()
	var pkg struct {
		Checksum string `json:"checksum"`
	}
	require.NoError(t, json.Unmarshal(data, &pkg))
	return pkg.Checksum
}

// TestExport_Checksum recomputes the checksum from the written bytes with
// jcs.Transform directly, over the key set PACKAGE.md documents.
func TestExport_Checksum(t *testing.T) {
	out := exportRich(t, fixedMeta)

	var doc map[string]json.RawMessage
	require.NoError(t, json.Unmarshal(out, &doc))
	for _, k := range []string{"checksum", "secrets", "signature", "exportedAt", "exportedBy"} {
		require.Contains(t, doc, k)
		delete(doc, k)
	}
	assert.ElementsMatch(t, []string{"format", "version", "connectors", "flows"}, keysOf(doc))
	content, err := json.Marshal(doc)
	require.NoError(t, err)
	canonical, err := jcs.Transform(content)
	require.NoError(t, err)
	sum := sha256.Sum256(canonical)

	assert.Equal(t, "sha256:"+hex.EncodeToString(sum[:]), checksumField(t, out))
}

func keysOf(m map[string]json.RawMessage) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	return keys
}

func TestExport_Empty(t *testing.T) {
	out, err := exchange.Export(fixedMeta, nil, nil)
	require.NoError(t, err)
	assert.Contains(t, string(out), `"connectors": [],`)

	dec, err := exchange.Import(out)
	require.NoError(t, err)
	assert.Empty(t, dec.Connectors)
}

func TestExport_UnwritableValue(t *testing.T) {
	b := richBundles()
	b[0].Interfaces[0].Interface.Request[0].Default = json.RawMessage(`{broken`)

	_, err := exchange.Export(fixedMeta, b, nil)
	require.Error(t, err)
	assert.Equal(t, domain.EInternal, domain.ErrorCode(err))
	assert.Contains(t, err.Error(), "open-platform")
}

// minimalPackage has only the fields PACKAGE.md requires.
const minimalPackage = `{
  "format": "junction-package",
  "version": 1,
  "connectors": [
    {
      "key": "crm",
      "name": "CRM",
      "connections": [{"key": "prod", "protocol": "https", "host": "crm.example.com"}],
      "interfaces": [
        {"key": "ping", "name": "Ping", "connection": "prod", "method": "get", "path": "ping",
         "success": {"field": "status", "op": "eq", "value": 200}}
      ]
    }
  ]
}`

func TestImport_SpecExample(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("testdata", "spec-example.json"))
	require.NoError(t, err)

	t.Run("imports its flow with the defaults", func(t *testing.T) {
		dec, err := exchange.Import(data)
		require.NoError(t, err)
		assert.Equal(t, []domain.Flow{{
			Key: "sync-departments", Name: "Sync departments", Enabled: true,
			Trigger: domain.Trigger{Type: domain.TriggerCron, Cron: "0 9 * * *"},
			Inputs:  []domain.Param{},
			Steps: []domain.Step{{Key: "list", Invoke: "open-platform/list-departments", Inputs: map[string]any{"parentId": "1"},
				Concurrency: 1, OnFailure: domain.OnFailureStop}},
			Outputs: map[string]string{}, TimeoutSec: 600, Overlap: domain.OverlapSkip, CatchUp: domain.CatchUpSkip,
		}}, dec.Flows)
	})

	t.Run("imports its connectors", func(t *testing.T) {
		dec, err := exchange.Import(data)
		require.NoError(t, err)
		require.Len(t, dec.Connectors, 1)
		assert.Equal(t, "alice", dec.Meta.ExportedBy)
		assert.Equal(t, "2026-11-23T08:00:00Z", dec.Meta.ExportedAt.Format("2006-01-02T15:04:05Z07:00"))
		assert.Empty(t, dec.Warnings)

		b := dec.Connectors[0]
		assert.Equal(t, "open-platform", b.Connector.Key)
		assert.Equal(t, []string{"hr"}, b.Connector.Tags)

		require.Len(t, b.Connections, 1)
		c := b.Connections[0]
		assert.Equal(t, "prod", c.Connection.Key)
		assert.Equal(t, "/open", c.Connection.BasePath)
		require.NotNil(t, c.Connection.Auth.TokenExchange)
		te := c.Connection.Auth.TokenExchange
		assert.Equal(t, "x-access-token", te.Inject.Name)
		assert.Equal(t, "{{account.appSecret}}", te.Body["appSecret"])
		assert.Equal(t, []exchange.AccountBundle{{Name: "default", Default: true, Fields: map[string]string{"appKey": "k-123"}, SecretFields: []string{"appSecret"}}}, c.Accounts)
		assert.False(t, c.CertPasswordSet)

		require.Len(t, b.Interfaces, 1)
		it := b.Interfaces[0]
		assert.Equal(t, "prod", it.ConnectionKey)
		require.Len(t, it.Interface.Request, 3)
		assert.JSONEq(t, `1`, string(it.Interface.Request[0].Default))
		assert.Equal(t, domain.Source{Kind: domain.SourceSystem, Value: "userId"}, it.Interface.Request[2].Source)
		assert.Equal(t, "Query failed: {{response.msg}}", it.Interface.Messages.Unmet)
		require.Len(t, it.Interface.Success.All, 2)
		assert.Equal(t, domain.Condition{Field: "status", Op: "eq", Value: float64(200)}, it.Interface.Success.All[0])
		require.Len(t, it.Interface.Response, 2)
		assert.Len(t, it.Interface.Response[1].Children, 2)
	})
}

func TestImport_MinimalTakesDefaults(t *testing.T) {
	dec, err := exchange.Import([]byte(minimalPackage))
	require.NoError(t, err)
	require.Len(t, dec.Connectors, 1)
	b := dec.Connectors[0]

	assert.Equal(t, domain.Connector{Key: "crm", Name: "CRM", Tags: []string{}, Version: "1.0.0", Status: domain.StatusActive}, b.Connector)
	assert.Equal(t, []exchange.ConnectionBundle{{
		Connection: domain.Connection{
			Key: "prod", ResourceType: "REST", Protocol: "https", Host: "crm.example.com", Charset: "UTF-8",
			ConnectTimeoutSec: 60, ResponseTimeoutSec: 60, Proxy: "none", Auth: domain.Auth{Type: domain.AuthNone},
			Status: domain.StatusActive,
		},
		Accounts: []exchange.AccountBundle{},
	}}, b.Connections)
	assert.Equal(t, []exchange.InterfaceBundle{{
		ConnectionKey: "prod",
		Interface: domain.Interface{
			Key: "ping", Name: "Ping", Method: "GET", Path: "/ping", BodyType: "none",
			Request: []domain.Param{}, Response: []domain.ResponseParam{},
			Success: domain.Condition{Field: "status", Op: "eq", Value: float64(200)},
		},
	}}, b.Interfaces)
	assert.True(t, dec.Meta.ExportedAt.IsZero())
	assert.Empty(t, dec.Warnings)
}

func TestImport_ParamDefaults(t *testing.T) {
	pkg := mutate(t, func(doc map[string]any) {
		it := interfaceOf(doc, 0)
		it["path"] = "/users/{id}"
		it["request"] = []any{
			map[string]any{"name": "id", "in": "path", "type": "string"},
			map[string]any{"name": "q", "in": "query", "type": "string", "default": nil},
		}
	})
	dec, err := exchange.Import(pkg)
	require.NoError(t, err)

	assert.Equal(t, []domain.Param{
		{Name: "id", In: "path", Type: "string", Source: domain.Source{Kind: domain.SourceInput}},
		{Name: "q", In: "query", Type: "string", Source: domain.Source{Kind: domain.SourceInput}},
	}, dec.Connectors[0].Interfaces[0].Interface.Request)
}

// mutate returns minimalPackage changed by fn.
func mutate(t *testing.T, fn func(doc map[string]any)) []byte {
	t.Helper()
	var doc map[string]any
	require.NoError(t, json.Unmarshal([]byte(minimalPackage), &doc))
	fn(doc)
	out, err := json.MarshalIndent(doc, "", "  ")
	require.NoError(t, err)
	return out
}

func connectorOf(doc map[string]any, i int) map[string]any {
	return doc["connectors"].([]any)[i].(map[string]any)
}

func connectionOf(doc map[string]any, i int) map[string]any {
	return connectorOf(doc, 0)["connections"].([]any)[i].(map[string]any)
}

func interfaceOf(doc map[string]any, i int) map[string]any {
	return connectorOf(doc, 0)["interfaces"].([]any)[i].(map[string]any)
}

// assertCode asserts err is a domain error with the code and field.
func assertCode(t *testing.T, err error, code, field string) bool {
	t.Helper()
	if !assert.Error(t, err) {
		return false
	}
	return assert.Equal(t, code, domain.ErrorCode(err), "error: %v", err) &&
		assert.Equal(t, field, domain.ErrorField(err), "error: %v", err)
}

func TestImport_Refuses(t *testing.T) {
	exported := exportRich(t, fixedMeta)
	cases := []struct {
		name    string
		data    []byte
		code    string
		field   string
		message string // a part of the message, when it matters
	}{
		{name: "malformed JSON", data: []byte("{\n  \"format\": \"junction-package\",\n  \"version\": 1,,\n}"),
			code: domain.EBadInput, message: "line 3, column 16"},
		{name: "trailing text", data: []byte(minimalPackage + "\nx"),
			code: domain.EBadInput, message: "line 16, column 1"},
		{name: "empty file", data: []byte("  \n"), code: domain.EBadInput, message: "empty"},
		{name: "not UTF-8", data: []byte("{\"format\": \"junction-package\", \"x\": \"\xff\"}"),
			code: domain.EBadInput, message: "not UTF-8"},
		{name: "a key twice in one object", data: []byte("{\"format\": \"junction-package\",\n \"version\": 1, \"version\": 1}"),
			code: domain.EBadInput, message: `line 2, column 24: key "version" appears twice in one object`},
		{name: "not an object", data: []byte(`[1, 2]`), code: domain.EBadInput, message: "JSON array"},
		{name: "no format", data: []byte(`{"openapi": "3.0.0"}`), code: domain.EBadInput, field: "format"},
		{name: "wrong format", data: mutate(t, func(d map[string]any) { d["format"] = "postman-collection" }),
			code: domain.EBadInput, field: "format", message: `"postman-collection" is not a Junction package format`},
		{name: "version 2", data: mutate(t, func(d map[string]any) { d["version"] = 2 }),
			code: domain.EBadInput, field: "version", message: "this Junction reads package version 1"},
		{name: "version 1.5", data: mutate(t, func(d map[string]any) { d["version"] = 1.5 }),
			code: domain.EValidation, field: "version", message: "must be 1, not 1.5"},
		{name: "version 0", data: mutate(t, func(d map[string]any) { d["version"] = 0 }),
			code: domain.EValidation, field: "version"},
		{name: "bad checksum", data: []byte(strings.Replace(string(exported), `"name": "Production"`, `"name": "Prod"`, 1)),
			code: domain.EValidation, field: "checksum", message: "the package says " + checksumField(t, exported) + " but its content hashes to sha256:"},
		{name: "missing connector key", data: mutate(t, func(d map[string]any) { delete(connectorOf(d, 0), "key") }),
			code: domain.EValidation, field: "connectors[0].key", message: "is required"},
		{name: "invalid key", data: mutate(t, func(d map[string]any) { connectorOf(d, 0)["key"] = "Open Platform" }),
			code: domain.EValidation, field: "connectors[0].key", message: "not a valid key"},
		{name: "unknown field", data: mutate(t, func(d map[string]any) { connectionOf(d, 0)["hots"] = "x" }),
			code: domain.EValidation, field: "connectors[0].connections[0].hots", message: "check the spelling"},
		{name: "wrong type", data: mutate(t, func(d map[string]any) { connectionOf(d, 0)["connectTimeoutSec"] = "60" }),
			code: domain.EValidation, field: "connectors[0].connections[0].connectTimeoutSec", message: "must be integer, not string"},
		{name: "an integer written with a fraction", data: []byte(strings.Replace(minimalPackage, `"host": "crm.example.com"`, `"host": "crm.example.com", "connectTimeoutSec": 60.0`, 1)),
			code: domain.EBadInput, message: "connectors.connections.connectTimeoutSec must be a whole number written without a fraction or exponent, not number 60.0"},
		{name: "unknown charset", data: mutate(t, func(d map[string]any) { connectionOf(d, 0)["charset"] = "KOI8-R" }),
			code: domain.EValidation, field: "connectors[0].connections[0].charset", message: `"KOI8-R" is not one of UTF-8, GBK`},
		{name: "timeout 0", data: mutate(t, func(d map[string]any) { connectionOf(d, 0)["connectTimeoutSec"] = 0 }),
			code: domain.EValidation, field: "connectors[0].connections[0].connectTimeoutSec", message: "must be at least 1, not 0"},
		{name: "timeout 4000", data: mutate(t, func(d map[string]any) { connectionOf(d, 0)["responseTimeoutSec"] = 4000 }),
			code: domain.EValidation, field: "connectors[0].connections[0].responseTimeoutSec", message: "must be at most 3600, not 4000"},
		{name: "host with protocol and path", data: mutate(t, func(d map[string]any) { connectionOf(d, 0)["host"] = "http://x/y" }),
			code: domain.EValidation, field: "connectors[0].connections[0].host"},
		{name: "apiKey scheme without its settings", data: mutate(t, func(d map[string]any) { connectionOf(d, 0)["auth"] = map[string]any{"type": "apiKey"} }),
			code: domain.EValidation, field: "connectors[0].connections[0].auth.apiKey"},
		{name: "duplicate connection key", data: mutate(t, func(d map[string]any) {
			c := connectorOf(d, 0)
			c["connections"] = append(c["connections"].([]any), connectionOf(d, 0))
		}), code: domain.EValidation, field: "connectors[0].connections[1].key"},
		{name: "two default accounts", data: mutate(t, func(d map[string]any) {
			connectionOf(d, 0)["accounts"] = []any{
				map[string]any{"name": "a", "default": true}, map[string]any{"name": "b", "default": true},
			}
		}), code: domain.EValidation, field: "connectors[0].connections[0].accounts[1].default"},
		{name: "duplicate account name", data: mutate(t, func(d map[string]any) {
			connectionOf(d, 0)["accounts"] = []any{map[string]any{"name": "a"}, map[string]any{"name": "a"}}
		}), code: domain.EValidation, field: "connectors[0].connections[0].accounts[1].name"},
		{name: "field both plain and secret", data: mutate(t, func(d map[string]any) {
			connectionOf(d, 0)["accounts"] = []any{map[string]any{"name": "a", "fields": map[string]any{"k": "v"}, "secretFields": []any{"k"}}}
		}), code: domain.EValidation, field: "connectors[0].connections[0].accounts[0].fields.k"},
		{name: "a scheme secret in clear text", data: mutate(t, func(d map[string]any) {
			connectionOf(d, 0)["auth"] = map[string]any{"type": "basic"}
			connectionOf(d, 0)["accounts"] = []any{map[string]any{"name": "a", "fields": map[string]any{"username": "u", "password": "p"}}}
		}), code: domain.EValidation, field: "connectors[0].connections[0].accounts[0].fields.password", message: "clear text"},
		{name: "interface without success", data: mutate(t, func(d map[string]any) { delete(interfaceOf(d, 0), "success") }),
			code: domain.EValidation, field: "connectors[0].interfaces[0].success", message: "is required"},
		{name: "empty success", data: mutate(t, func(d map[string]any) { interfaceOf(d, 0)["success"] = map[string]any{} }),
			code: domain.EValidation, field: "connectors[0].interfaces[0].success"},
		{name: "unknown op in a group", data: mutate(t, func(d map[string]any) {
			interfaceOf(d, 0)["success"] = map[string]any{"any": []any{map[string]any{"all": []any{
				map[string]any{"field": "status", "op": "eq", "value": 200},
				map[string]any{"field": "status", "op": "equals", "value": 200},
			}}}}
		}), code: domain.EValidation, field: "connectors[0].interfaces[0].success.any[0].all[1].op"},
		{name: "condition the domain refuses", data: mutate(t, func(d map[string]any) {
			interfaceOf(d, 0)["success"] = map[string]any{"all": []any{map[string]any{"field": "status", "op": "gt", "value": "x"}}}
		}), code: domain.EValidation, field: "connectors[0].interfaces[0].success.all[0].value"},
		{name: "interface on an unknown connection", data: mutate(t, func(d map[string]any) { interfaceOf(d, 0)["connection"] = "test" }),
			code: domain.EValidation, field: "connectors[0].interfaces[0].connection", message: `"test" is not a connection of connector crm (it has prod)`},
		{name: "duplicate interface key", data: mutate(t, func(d map[string]any) {
			c := connectorOf(d, 0)
			c["interfaces"] = append(c["interfaces"].([]any), interfaceOf(d, 0))
		}), code: domain.EValidation, field: "connectors[0].interfaces[1].key"},
		{name: "duplicate connector key", data: mutate(t, func(d map[string]any) {
			d["connectors"] = append(d["connectors"].([]any), connectorOf(d, 0))
		}), code: domain.EValidation, field: "connectors[1].key", message: "connectors[0]"},
		{name: "path placeholder without a path param", data: mutate(t, func(d map[string]any) { interfaceOf(d, 0)["path"] = "/users/{id}" }),
			code: domain.EValidation, field: "connectors[0].interfaces[0].path", message: "{id}"},
		{name: "request param with a bad type", data: mutate(t, func(d map[string]any) {
			interfaceOf(d, 0)["request"] = []any{map[string]any{"name": "q", "in": "query", "type": "text"}}
		}), code: domain.EValidation, field: "connectors[0].interfaces[0].request[0].type"},
		{name: "bad exportedAt", data: mutate(t, func(d map[string]any) { d["exportedAt"] = "yesterday" }),
			code: domain.EValidation, field: "exportedAt"},
		{name: "a flow changed after export", data: []byte(strings.Replace(string(exported), `"everySec": 300`, `"everySec": 600`, 1)),
			code: domain.EValidation, field: "checksum", message: "the package says " + checksumField(t, exported)},
		{name: "non-null secrets", data: mutate(t, func(d map[string]any) {
			d["secrets"] = map[string]any{"kdf": "scrypt", "n": 32768, "r": 8, "p": 1, "salt": "c2FsdA==", "nonce": "bm9uY2U=", "ciphertext": "eA=="}
		}), code: domain.EBadInput, field: "secrets", message: "passphrase-encrypted secrets, which are not supported yet"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			dec, err := exchange.Import(tc.data)
			assert.Nil(t, dec)
			if assertCode(t, err, tc.code, tc.field) && tc.message != "" {
				assert.Contains(t, domain.ErrorMessage(err), tc.message)
			}
		})
	}
}

func TestImport_Checksum(t *testing.T) {
	t.Run("may be left out", func(t *testing.T) {
		_, err := exchange.Import([]byte(minimalPackage))
		assert.NoError(t, err)
	})
	t.Run("may be null", func(t *testing.T) {
		_, err := exchange.Import(mutate(t, func(d map[string]any) { d["checksum"] = nil }))
		assert.NoError(t, err)
	})
	t.Run("ignores exportedAt, exportedBy and reformatting", func(t *testing.T) {
		var doc map[string]any
		require.NoError(t, json.Unmarshal(exportRich(t, fixedMeta), &doc))
		doc["exportedAt"], doc["exportedBy"] = "2030-01-01T00:00:00Z", "mallory"
		compact, err := json.Marshal(doc)
		require.NoError(t, err)

		_, err = exchange.Import(compact)
		assert.NoError(t, err)
	})
}

func TestImport_Warnings(t *testing.T) {
	existing := filepath.Join(t.TempDir(), "ca.pem")
	require.NoError(t, os.WriteFile(existing, []byte("pem"), 0o600))
	pkg := mutate(t, func(d map[string]any) {
		connectionOf(d, 0)["tls"] = map[string]any{"clientCertPath": "/x.pem", "caCertPath": existing}
		connectionOf(d, 0)["secretFields"] = []any{"tls.clientCertPassword"}
	})

	dec, err := exchange.Import(pkg)
	require.NoError(t, err)
	assert.Equal(t, []string{"connectors[0].connections[0].tls.clientCertPath: /x.pem does not exist on this machine"}, warningTexts(dec.Warnings))
	assert.Equal(t, domain.RImportCertMissing, dec.Warnings[0].Reason)
	assert.Equal(t, domain.Params{"where": "connectors[0].connections[0]", "field": "tls.clientCertPath", "path": "/x.pem"}, dec.Warnings[0].Params)
	assert.True(t, dec.Connectors[0].Connections[0].CertPasswordSet)

	t.Run("none for an http connection, whose TLS settings are dropped", func(t *testing.T) {
		pkg := mutate(t, func(d map[string]any) {
			connectionOf(d, 0)["protocol"] = "http"
			connectionOf(d, 0)["tls"] = map[string]any{"clientCertPath": "/x.pem"}
			connectionOf(d, 0)["secretFields"] = []any{"tls.clientCertPassword"}
		})
		dec, err := exchange.Import(pkg)
		require.NoError(t, err)
		assert.Empty(t, dec.Warnings)
		assert.False(t, dec.Connectors[0].Connections[0].CertPasswordSet)
	})
}

func TestImport_ToleratesBOM(t *testing.T) {
	_, err := exchange.Import(append([]byte{0xEF, 0xBB, 0xBF}, minimalPackage...))
	assert.NoError(t, err)
}

func TestImport_RichWarnsAboutItsCertificates(t *testing.T) {
	dec, err := exchange.Import(exportRich(t, fixedMeta))
	require.NoError(t, err)
	assert.Equal(t, []string{
		"connectors[0].connections[0].tls.clientCertPath: /nonexistent/junction/client.p12 does not exist on this machine",
		"connectors[0].connections[0].tls.caCertPath: /nonexistent/junction/ca.pem does not exist on this machine",
	}, warningTexts(dec.Warnings))
	assert.Equal(t, float64(40001), dec.Connectors[0].Connections[0].Connection.Auth.TokenExchange.RefreshWhen.Any[0].Value)
	assert.Equal(t, []string{"appSecret", "pin"}, dec.Connectors[0].Connections[0].Accounts[1].SecretFields)
	assert.Equal(t, domain.StatusSealed, dec.Connectors[0].Connections[1].Connection.Status)
	assert.Equal(t, domain.StatusSealed, dec.Connectors[1].Connector.Status)
}

// The example in the user documentation must stay importable.
func TestImport_DocsExample(t *testing.T) {
	doc, err := os.ReadFile(filepath.Join("..", "..", "docs", "package-format.md"))
	require.NoError(t, err)
	_, rest, found := strings.Cut(string(doc), "```json\n")
	require.True(t, found, "docs/package-format.md has no json example")
	example, _, found := strings.Cut(rest, "```")
	require.True(t, found)

	dec, err := exchange.Import([]byte(example))
	require.NoError(t, err)
	require.Len(t, dec.Connectors, 1)
	assert.Equal(t, "open-platform", dec.Connectors[0].Connector.Key)
	assert.Len(t, dec.Connectors[0].Interfaces, 1)
}

// warningTexts are the English texts of an import's warnings.
func warningTexts(ws []domain.Note) []string {
	out := make([]string, len(ws))
	for i, w := range ws {
		out[i] = w.Text
	}
	return out
}

// A package that cannot be read says why with a reason and its params, so
// the window can say it in its language.
func TestImport_ErrorsCarryReasons(t *testing.T) {
	_, err := exchange.Import([]byte("  "))
	assert.Equal(t, domain.RImportEmpty, domain.ErrorReason(err))

	_, err = exchange.Import([]byte("{\n  \"format\": 1,,\n}"))
	assert.Equal(t, domain.RImportNotJSONAt, domain.ErrorReason(err))
	assert.Equal(t, "2", domain.ErrorParams(err)["line"])

	_, err = exchange.Import([]byte(`[1]`))
	assert.Equal(t, domain.RImportNotPackage, domain.ErrorReason(err))
	assert.Equal(t, "array", domain.ErrorParams(err)["kind"])
}

// The canonical schema is backend/exchange/package.schema.json (go:embed
// cannot reach ../../docs); the docs copy must be the same bytes.
func TestSchema_DocsCopy(t *testing.T) {
	canonical, err := os.ReadFile("package.schema.json")
	require.NoError(t, err)
	docsCopy := filepath.Join("..", "..", "docs", "package.schema.json")
	if *update {
		require.NoError(t, os.WriteFile(docsCopy, canonical, 0o644))
	}
	got, err := os.ReadFile(docsCopy)
	require.NoError(t, err, "run go test ./backend/exchange -update to create it")
	assert.Equal(t, string(canonical), string(got), "docs/package.schema.json differs: run go test ./backend/exchange -update")
}

// The schema repeats the domain's closed vocabularies; this keeps the two
// from drifting apart.
func TestSchema_EnumsMatchDomain(t *testing.T) {
	raw, err := os.ReadFile("package.schema.json")
	require.NoError(t, err)
	var s struct {
		Defs map[string]struct {
			// Raw: a property may be the schema false (a field forbidden).
			Properties map[string]json.RawMessage `json:"properties"`
		} `json:"$defs"`
	}
	require.NoError(t, json.Unmarshal(raw, &s))
	enum := func(def, prop string) []string {
		var p struct {
			Enum []string `json:"enum"`
		}
		require.NoError(t, json.Unmarshal(s.Defs[def].Properties[prop], &p), "%s.%s", def, prop)
		return p.Enum
	}

	cases := []struct {
		name string
		got  []string
		want []string
	}{
		{"charset", enum("connection", "charset"), domain.Charsets},
		{"auth type", enum("auth", "type"), domain.AuthTypes},
		{"interface bodyType", enum("interface", "bodyType"), domain.BodyTypes},
		{"tokenExchange bodyType", enum("tokenExchange", "bodyType"), domain.BodyTypes},
		{"param in", enum("param", "in"), domain.ParamIns},
		{"param type", enum("param", "type"), domain.ParamTypes},
		{"response param type", enum("responseParam", "type"), domain.ParamTypes},
		{"condition op", enum("condition", "op"), domain.CondOps},
		{"protocol", enum("connection", "protocol"), []string{"http", "https"}},
		{"trigger type", enum("trigger", "type"), domain.TriggerTypes},
		{"overlap", enum("flow", "overlap"), []string{domain.OverlapSkip, domain.OverlapQueue}},
		{"catchUp", enum("flow", "catchUp"), []string{domain.CatchUpSkip, domain.CatchUpOnce}},
		{"onFailure", enum("step", "onFailure"), []string{domain.OnFailureStop, domain.OnFailureContinue}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.want, tc.got)
		})
	}
}

// withStatic returns minimalPackage whose interface has one query param of
// the type with a static source of the given value (raw JSON).
func withStatic(t *testing.T, typ, value string) []byte {
	t.Helper()
	return mutate(t, func(d map[string]any) {
		interfaceOf(d, 0)["request"] = []any{map[string]any{
			"name": "p", "in": "query", "type": typ, "source": map[string]any{"kind": "static", "value": json.RawMessage(value)},
		}}
	})
}

func TestImport_StaticValuesAreTypedLiterals(t *testing.T) {
	for _, c := range []struct {
		typ, value, stored, exported string
	}{
		{"integer", `3`, `3`, `3`},
		{"number", `-2.5e3`, `-2.5e3`, `-2.5e3`},
		{"boolean", `true`, `true`, `true`},
		{"object", `{"b": 1, "a": [true, "x"]}`, `{"a":[true,"x"],"b":1}`, `{"a":[true,"x"],"b":1}`},
		{"array", `[1, {"k": "v"}]`, `[1,{"k":"v"}]`, `[1,{"k":"v"}]`},
		{"string", `"zh_CN"`, `zh_CN`, `"zh_CN"`},
		// Strings that read as the type stay accepted (packages written
		// before typed literals); the export writes the literal.
		{"integer", `"3"`, `3`, `3`},
		{"boolean", `"false"`, `false`, `false`},
		{"object", `"{\"a\":1}"`, `{"a":1}`, `{"a":1}`},
	} {
		t.Run(c.typ+" "+c.value, func(t *testing.T) {
			dec, err := exchange.Import(withStatic(t, c.typ, c.value))
			require.NoError(t, err)
			p := dec.Connectors[0].Interfaces[0].Interface.Request[0]
			assert.Equal(t, domain.Source{Kind: domain.SourceStatic, Value: c.stored}, p.Source)

			out, err := exchange.Export(exchange.Meta{}, dec.Connectors, dec.Flows)
			require.NoError(t, err)
			var doc struct {
				Connectors []struct {
					Interfaces []struct {
						Request []struct {
							Source struct {
								Value json.RawMessage `json:"value"`
							} `json:"source"`
						} `json:"request"`
					} `json:"interfaces"`
				} `json:"connectors"`
			}
			require.NoError(t, json.Unmarshal(out, &doc))
			got := doc.Connectors[0].Interfaces[0].Request[0].Source.Value
			assert.JSONEq(t, c.exported, string(got))

			// export -> import -> export: the same bytes.
			again, err := exchange.Import(out)
			require.NoError(t, err)
			second, err := exchange.Export(exchange.Meta{}, again.Connectors, again.Flows)
			require.NoError(t, err)
			assert.Equal(t, string(out), string(second))
		})
	}
}

func TestImport_StaticValueOfAnotherType(t *testing.T) {
	for _, c := range []struct {
		typ, value, message string
	}{
		{"integer", `true`, "is a JSON boolean, which a static value of an integer param cannot be"},
		{"boolean", `1`, "is a JSON number, which a static value of a boolean param cannot be"},
		{"string", `{"a":1}`, "is a JSON object, which a static value of a string param cannot be"},
		{"array", `{"a":1}`, "is a JSON object, which a static value of an array param cannot be"},
		{"integer", `2.5`, "must be an integer"},            // the compiler's check, as at save
		{"integer", `"three"`, "must be an integer"},        // a string that does not read as the type
		{"number", `1e999`, "1e999 is not a finite number"}, // no float64 holds it
	} {
		t.Run(c.typ+" "+c.value, func(t *testing.T) {
			_, err := exchange.Import(withStatic(t, c.typ, c.value))
			assertCode(t, err, domain.EValidation, "connectors[0].interfaces[0].request[0].source.value")
			assert.Contains(t, err.Error(), c.message)
		})
	}

	t.Run("other sources take strings only", func(t *testing.T) {
		pkg := mutate(t, func(d map[string]any) {
			interfaceOf(d, 0)["request"] = []any{map[string]any{
				"name": "p", "in": "query", "type": "integer", "source": map[string]any{"kind": "template", "value": 3},
			}}
		})
		_, err := exchange.Import(pkg)
		assertCode(t, err, domain.EValidation, "connectors[0].interfaces[0].request[0].source.value")
	})
}

func TestImport_NonFiniteNumberNamesItsField(t *testing.T) {
	pkg := mutate(t, func(d map[string]any) {
		interfaceOf(d, 0)["success"] = map[string]any{"field": "status", "op": "lt", "value": json.RawMessage(`1e400`)}
	})
	_, err := exchange.Import(pkg)
	assertCode(t, err, domain.EValidation, "connectors[0].interfaces[0].success.value")
	assert.True(t, strings.Contains(err.Error(), "1e400 is not a finite number"), err.Error())
}
