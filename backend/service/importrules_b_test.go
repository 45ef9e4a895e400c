package service_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"junction/backend/domain"
	"junction/backend/service"
)

// payFixture is a store holding connector "pay": connection "live" (https
// api.example.com, basic auth, account "main" with a stored password, a
// client certificate password) with interface "get" on it, and connection
// "old" (sealed, no interface). It returns the package of pay as exported
// before anything else changes.
func payFixture(t *testing.T) (*env, []byte) {
	t.Helper()
	e := newEnv(t)
	_, err := e.svc.CreateConnector(e.ctx, admin, connectorIn("pay"))
	require.NoError(t, err)
	live := httpsConnIn("live")
	live.ClientCertPassword = ptr("cert-pass")
	_, err = e.svc.CreateConnection(e.ctx, admin, "pay", live)
	require.NoError(t, err)
	_, err = e.svc.CreateConnection(e.ctx, admin, "pay", httpConnIn("old"))
	require.NoError(t, err)
	_, err = e.svc.SaveAccount(e.ctx, admin, "pay", "live", service.AccountInput{
		Name: "main", Fields: map[string]string{"username": "bot"}, Secrets: map[string]*string{"password": ptr("s3cret")}})
	require.NoError(t, err)
	_, err = e.svc.CreateInterface(e.ctx, admin, "pay", interfaceIn("get", "live"))
	require.NoError(t, err)
	require.NoError(t, e.svc.SealConnection(e.ctx, admin, "pay", "old"))
	pkg, err := e.svc.Export(e.ctx, admin, []string{"pay"}, service.ExportOptions{})
	require.NoError(t, err)
	return e, pkg
}

// connectionOf returns the package's connection with the key, in place.
func connectionOf(doc map[string]any, key string) map[string]any {
	for _, c := range firstConnector(doc)["connections"].([]any) {
		if m := c.(map[string]any); m["key"] == key {
			return m
		}
	}
	panic("no connection " + key)
}

func addInterface(doc map[string]any, key, conn string) {
	c := firstConnector(doc)
	c["interfaces"] = append(c["interfaces"].([]any), map[string]any{
		"key": key, "name": "New", "connection": conn, "method": "GET", "path": "/new",
		"success": map[string]any{"field": "status", "op": "eq", "value": 200},
	})
}

func overwrite(e *env, pkg []byte, opts ...func(*service.ImportOptions)) (*service.ImportReport, error) {
	o := service.ImportOptions{OnConflict: service.OnConflictOverwrite}
	for _, f := range opts {
		f(&o)
	}
	return e.svc.Import(e.ctx, admin, pkg, o)
}

func TestService_ImportHonoursSeals(t *testing.T) {
	t.Run("a sealed connector takes no new connection from a package that keeps it sealed", func(t *testing.T) {
		e, pkg := payFixture(t)
		require.NoError(t, e.svc.SealConnector(e.ctx, admin, "pay"))
		pkg = mustEdit(t, pkg, func(doc map[string]any) {
			firstConnector(doc)["status"] = "sealed"
			c := firstConnector(doc)
			c["connections"] = append(c["connections"].([]any), map[string]any{"key": "extra", "protocol": "http", "host": "extra.example.com"})
		})
		before := snapshot(t, e.svc)
		_, err := overwrite(e, pkg)
		requireCode(t, err, domain.ERule, "connectors[0].connections[2]")
		assert.Contains(t, err.Error(), "connector pay is sealed; unseal it before adding connections")
		assert.Equal(t, before, snapshot(t, e.svc))
	})

	t.Run("a sealed connector takes no new interface", func(t *testing.T) {
		e, pkg := payFixture(t)
		require.NoError(t, e.svc.SealConnector(e.ctx, admin, "pay"))
		pkg = mustEdit(t, pkg, func(doc map[string]any) {
			firstConnector(doc)["status"] = "sealed"
			addInterface(doc, "brand-new", "live")
		})
		before := snapshot(t, e.svc)
		_, err := overwrite(e, pkg)
		requireCode(t, err, domain.ERule, "connectors[0].interfaces[1]")
		assert.Contains(t, err.Error(), "unseal it before adding interfaces")
		assert.Equal(t, before, snapshot(t, e.svc))
	})

	t.Run("a sealed connection takes no new interface, and none moves to it", func(t *testing.T) {
		for name, edit := range map[string]func(doc map[string]any){
			"new":   func(doc map[string]any) { addInterface(doc, "brand-new", "old") },
			"moved": func(doc map[string]any) { firstInterface(doc)["connection"] = "old" },
		} {
			t.Run(name, func(t *testing.T) {
				e, pkg := payFixture(t)
				pkg = mustEdit(t, pkg, edit)
				before := snapshot(t, e.svc)
				_, err := overwrite(e, pkg)
				requireCode(t, err, domain.ERule)
				assert.Contains(t, err.Error(), ".connection: connection old is sealed; new interfaces cannot use it")
				assert.Equal(t, before, snapshot(t, e.svc))
			})
		}
	})

	t.Run("sealing through a package writes the seal entries, after the content", func(t *testing.T) {
		e, pkg := payFixture(t)
		pkg = mustEdit(t, pkg, func(doc map[string]any) {
			firstConnector(doc)["status"] = "sealed"
			connectionOf(doc, "live")["status"] = "sealed"
			addInterface(doc, "brand-new", "live") // added first, then sealed: as a user would
		})
		e.expectAudit(func() {
			_, err := overwrite(e, pkg)
			require.NoError(t, err)
		}, "connector.import", "connection.seal", "connector.seal")
		entries := e.auditEntries()
		seal := entries[len(entries)-1]
		assert.Equal(t, "pay", seal.TargetKey)
		assert.Equal(t, change{Before: "active", After: "sealed"}, auditChanges(t, seal)["status"])
		d, err := e.svc.GetConnector(e.ctx, admin, "pay")
		require.NoError(t, err)
		assert.Equal(t, domain.StatusSealed, d.Status)
		v, err := e.svc.GetConnection(e.ctx, admin, "pay", "live")
		require.NoError(t, err)
		assert.Equal(t, domain.StatusSealed, v.Status)
	})

	t.Run("unsealing through a package writes the unseal entries, before the content", func(t *testing.T) {
		e, pkg := payFixture(t)
		require.NoError(t, e.svc.SealConnector(e.ctx, admin, "pay"))
		pkg = mustEdit(t, pkg, func(doc map[string]any) {
			connectionOf(doc, "old")["status"] = "active"
			addInterface(doc, "brand-new", "old") // allowed: the package unseals both first
		})
		var report *service.ImportReport
		e.expectAudit(func() {
			var err error
			report, err = overwrite(e, pkg)
			require.NoError(t, err)
		}, "connector.unseal", "connection.unseal", "connector.import")
		assert.Equal(t, []string{"pay/brand-new"}, report.Created)
		it, err := e.svc.GetInterface(e.ctx, admin, "pay", "brand-new")
		require.NoError(t, err)
		assert.Equal(t, "old", it.ConnectionKey)
	})

	t.Run("a new connector keeps the package's seals without seal entries", func(t *testing.T) {
		_, pkg := payFixture(t)
		pkg = mustEdit(t, pkg, func(doc map[string]any) { firstConnector(doc)["status"] = "sealed" })
		dst := newEnv(t)
		dst.expectAudit(func() {
			_, err := dst.svc.Import(dst.ctx, admin, pkg, service.ImportOptions{})
			require.NoError(t, err)
		}, "connector.import")
		changes := auditChanges(t, dst.lastAudit())
		assert.Equal(t, change{After: "sealed"}, changes["status"], "the import entry shows the state created")
		assert.Equal(t, change{After: "sealed"}, changes["connections.old.status"])
	})
}

func TestService_ImportDropsMovedSecrets(t *testing.T) {
	for name, edit := range map[string]func(conn map[string]any){
		"host":        func(conn map[string]any) { conn["host"] = "evil.example.com:8443" },
		"port":        func(conn map[string]any) { conn["host"] = "api.example.com:9443" },
		"protocol":    func(conn map[string]any) { conn["protocol"] = "http" },
		"auth scheme": func(conn map[string]any) { conn["auth"] = map[string]any{"type": "bearer"} },
	} {
		t.Run(name+" changed: secrets dropped, said and listed", func(t *testing.T) {
			e, pkg := payFixture(t)
			pkg = mustEdit(t, pkg, func(doc map[string]any) { edit(connectionOf(doc, "live")) })
			report, err := overwrite(e, pkg)
			require.NoError(t, err)
			joined := strings.Join(report.Warnings, "\n")
			assert.Contains(t, joined, "pay/live: ")
			assert.Contains(t, joined, "so its stored secrets were dropped (")
			assert.Contains(t, joined, "main password")
			assert.Contains(t, report.NeedsSecrets, "pay/live/main password")

			v, err := e.svc.GetConnection(e.ctx, admin, "pay", "live")
			require.NoError(t, err)
			assert.False(t, v.ClientCertPasswordSet)
			require.Len(t, v.Accounts, 1)
			assert.Equal(t, []service.SecretState{{Name: "password", Set: false}}, v.Accounts[0].Secrets)
			if name != "protocol" { // http has no client certificate
				assert.Contains(t, joined, "tls.clientCertPassword")
				assert.Contains(t, report.NeedsSecrets, "pay/live/ tls.clientCertPassword")
			}

			// The import's entry says what changed, field by field.
			var imp domain.AuditEntry
			for _, ae := range e.auditEntries() {
				if ae.Action == "connector.import" {
					imp = ae
				}
			}
			changes := auditChanges(t, imp)
			assert.Equal(t, change{Before: domain.Redacted}, changes["connections.live.accounts.main.secrets.password"])
			assert.NotContains(t, imp.Details, "s3cret")
		})
	}

	t.Run("--keep-secrets keeps them", func(t *testing.T) {
		e, pkg := payFixture(t)
		pkg = mustEdit(t, pkg, func(doc map[string]any) { connectionOf(doc, "live")["host"] = "new.example.com" })
		report, err := overwrite(e, pkg, func(o *service.ImportOptions) { o.KeepSecrets = true })
		require.NoError(t, err)
		assert.NotContains(t, strings.Join(report.Warnings, "\n"), "dropped")
		assert.Empty(t, report.NeedsSecrets)
		v, err := e.svc.GetConnection(e.ctx, admin, "pay", "live")
		require.NoError(t, err)
		assert.Equal(t, "new.example.com", v.Host)
		assert.True(t, v.ClientCertPasswordSet)
		assert.Equal(t, []service.SecretState{{Name: "password", Set: true}}, v.Accounts[0].Secrets)
	})

	t.Run("an overwrite that leaves the destination alone keeps them", func(t *testing.T) {
		e, pkg := payFixture(t)
		pkg = mustEdit(t, pkg, func(doc map[string]any) { connectionOf(doc, "live")["name"] = "Renamed" })
		report, err := overwrite(e, pkg)
		require.NoError(t, err)
		assert.Empty(t, report.NeedsSecrets)
		v, err := e.svc.GetConnection(e.ctx, admin, "pay", "live")
		require.NoError(t, err)
		assert.True(t, v.ClientCertPasswordSet)
		assert.Equal(t, []service.SecretState{{Name: "password", Set: true}}, v.Accounts[0].Secrets)
	})

	t.Run("a token URL moved to another origin drops them", func(t *testing.T) {
		e := newEnv(t)
		_, err := e.svc.CreateConnector(e.ctx, admin, connectorIn("tok"))
		require.NoError(t, err)
		conn := fullConnIn("main")
		conn.Auth.TokenExchange.URL = "https://auth.example.com/token"
		_, err = e.svc.CreateConnection(e.ctx, admin, "tok", conn)
		require.NoError(t, err)
		require.NoError(t, e.svc.SetSecret(e.ctx, admin, "tok", "main", "app", "appSecret", "v"))
		pkg, err := e.svc.Export(e.ctx, admin, []string{"tok"}, service.ExportOptions{})
		require.NoError(t, err)
		pkg = mustEdit(t, pkg, func(doc map[string]any) {
			connectionOf(doc, "main")["auth"].(map[string]any)["tokenExchange"].(map[string]any)["url"] = "https://collector.example.net/token"
		})
		report, err := overwrite(e, pkg)
		require.NoError(t, err)
		assert.Contains(t, strings.Join(report.Warnings, "\n"), "token URL origin https://auth.example.com becomes https://collector.example.net")
		assert.Contains(t, report.NeedsSecrets, "tok/main/app appSecret")
	})
}

func TestService_ImportAuditDetails(t *testing.T) {
	e, pkg := payFixture(t)
	pkg = mustEdit(t, pkg, func(doc map[string]any) {
		firstConnector(doc)["name"] = "Payments"
		connectionOf(doc, "live")["host"] = "pay.example.com"
		firstInterface(doc)["path"] = "/people/{id}"
	})
	_, err := overwrite(e, pkg)
	require.NoError(t, err)
	ae := e.lastAudit()
	require.Equal(t, "connector.import", ae.Action)
	changes := auditChanges(t, ae)
	assert.Equal(t, change{Before: "Connector pay", After: "Payments"}, changes["name"])
	assert.Equal(t, change{Before: "api.example.com:8443", After: "pay.example.com"}, changes["connections.live.host"])
	assert.Equal(t, change{Before: "/users/{id}", After: "/people/{id}"}, changes["interfaces.get.path"])
	_, unchanged := changes["connections.old.host"]
	assert.False(t, unchanged, "only what changed is recorded")
}

func TestService_ImportWarnsAboutCertFiles(t *testing.T) {
	big := filepath.Join(t.TempDir(), "big.pem")
	require.NoError(t, os.WriteFile(big, make([]byte, 1<<20+1), 0o600))
	e, pkg := payFixture(t)
	pkg = mustEdit(t, pkg, func(doc map[string]any) {
		connectionOf(doc, "live")["tls"] = map[string]any{"clientCertPath": "/dev/zero", "caCertPath": big}
	})
	report, err := e.svc.Import(e.ctx, admin, pkg, service.ImportOptions{Connector: "pay2"})
	require.NoError(t, err, "a path is a warning at import: it is the user's to fix on this machine")
	assert.Contains(t, report.Warnings, "connectors[0].connections[0].tls.clientCertPath: /dev/zero is a device, not a file")
	assert.Contains(t, strings.Join(report.Warnings, "\n"), "connectors[0].connections[0].tls.caCertPath: "+big+" is 1048577 bytes; certificate files over 1048576 bytes (1 MiB) are refused")
}

// ruleCase is one rule of point 12: a package edit and a create or edit
// call that each break it, and the field each must name.
type ruleCase struct {
	name        string
	pkg         func(doc map[string]any)
	pkgField    string
	call        func(e *env) error
	callField   string
	wantMessage string
}

func ruleCases() []ruleCase {
	iface := func(edit func(in *service.InterfaceInput)) func(e *env) error {
		return func(e *env) error {
			in := interfaceIn("get", "live")
			edit(&in)
			_, err := e.svc.UpdateInterface(e.ctx, admin, "pay", "get", in)
			return err
		}
	}
	conn := func(edit func(in *service.ConnectionInput)) func(e *env) error {
		return func(e *env) error {
			in := httpsConnIn("new")
			edit(&in)
			_, err := e.svc.CreateConnection(e.ctx, admin, "pay", in)
			return err
		}
	}
	param := func(doc map[string]any, i int) map[string]any {
		return firstInterface(doc)["request"].([]any)[i].(map[string]any)
	}
	tokenExchange := map[string]any{"url": "/token", "tokenPath": "data.token", "inject": map[string]any{"name": "X-Token"}}
	withTE := func(edit func(te map[string]any)) func(doc map[string]any) {
		return func(doc map[string]any) {
			te := map[string]any{}
			for k, v := range tokenExchange {
				te[k] = v
			}
			edit(te)
			connectionOf(doc, "live")["auth"] = map[string]any{"type": "tokenExchange", "tokenExchange": te}
			connectionOf(doc, "live")["accounts"] = []any{}
		}
	}
	teIn := func(edit func(te *domain.TokenExchange)) func(in *service.ConnectionInput) {
		return func(in *service.ConnectionInput) {
			te := &domain.TokenExchange{URL: "/token", TokenPath: "data.token", Inject: domain.TokenInject{Name: "X-Token"}}
			edit(te)
			in.Auth = domain.Auth{Type: domain.AuthTokenExchange, TokenExchange: te}
		}
	}
	return []ruleCase{
		{
			name:     "an ANSI escape in a connector name",
			pkg:      func(doc map[string]any) { firstConnector(doc)["name"] = "Pay\x1b[2J" },
			pkgField: "connectors[0].name",
			call: func(e *env) error {
				_, err := e.svc.UpdateConnector(e.ctx, admin, "pay", service.ConnectorInput{Name: "Pay\x1b[2J"})
				return err
			},
			callField: "name", wantMessage: "control character U+001B",
		},
		{
			name:      "a control character in a connection name",
			pkg:       func(doc map[string]any) { connectionOf(doc, "live")["name"] = "live\rEVIL" },
			pkgField:  "connectors[0].connections[0].name",
			call:      conn(func(in *service.ConnectionInput) { in.Name = "live\rEVIL" }),
			callField: "name", wantMessage: "control character U+000D",
		},
		{
			name:      "a control character in an interface param name",
			pkg:       func(doc map[string]any) { param(doc, 1)["name"] = "la\x07ng" },
			pkgField:  "connectors[0].interfaces[0].request[1].name",
			call:      iface(func(in *service.InterfaceInput) { in.Request[1].Name = "la\x07ng" }),
			callField: "request[1].name", wantMessage: "control character U+0007",
		},
		{
			name: "a control character in an account field name",
			pkg: func(doc map[string]any) {
				connectionOf(doc, "live")["accounts"].([]any)[0].(map[string]any)["fields"] = map[string]any{"user\x1b": "bot"}
			},
			pkgField: `connectors[0].connections[0].accounts[0].fields["user\x1b"]`,
			call: func(e *env) error {
				_, err := e.svc.SaveAccount(e.ctx, admin, "pay", "live", service.AccountInput{Name: "x", Fields: map[string]string{"user\x1b": "bot"}})
				return err
			},
			callField: `fields["user\x1b"]`, wantMessage: "control character U+001B",
		},
		{
			name: "a header param the HTTP stack controls",
			pkg: func(doc map[string]any) {
				p := param(doc, 1)
				p["in"], p["name"] = "header", "Content-Length"
			},
			pkgField: "connectors[0].interfaces[0].request[1].name",
			call: iface(func(in *service.InterfaceInput) {
				in.Request[1].In, in.Request[1].Name = domain.InHeader, "transfer-encoding"
			}),
			callField: "request[1].name", wantMessage: "is written by the HTTP stack",
		},
		{
			name: "an api key header the HTTP stack controls",
			pkg: func(doc map[string]any) {
				connectionOf(doc, "live")["auth"] = map[string]any{"type": "apiKey", "apiKey": map[string]any{"name": "Host", "in": "header"}}
				connectionOf(doc, "live")["accounts"] = []any{}
			},
			pkgField: "connectors[0].connections[0].auth.apiKey.name",
			call: conn(func(in *service.ConnectionInput) {
				in.Auth = domain.Auth{Type: domain.AuthAPIKey, APIKey: &domain.APIKeyAuth{Name: "Host", In: domain.InHeader}}
			}),
			callField: "auth.apiKey.name", wantMessage: "Host is written by the HTTP stack",
		},
		{
			name:      "a token exchange header the HTTP stack controls",
			pkg:       withTE(func(te map[string]any) { te["headers"] = map[string]any{"Connection": "close"} }),
			pkgField:  "connectors[0].connections[0].auth.tokenExchange.headers.Connection",
			call:      conn(teIn(func(te *domain.TokenExchange) { te.Headers = map[string]string{"Connection": "close"} })),
			callField: "auth.tokenExchange.headers.Connection", wantMessage: "written by the HTTP stack",
		},
		{
			name:      "a token exchange URL that is not http(s)",
			pkg:       withTE(func(te map[string]any) { te["url"] = "file:///etc/passwd" }),
			pkgField:  "connectors[0].connections[0].auth.tokenExchange.url",
			call:      conn(teIn(func(te *domain.TokenExchange) { te.URL = "gopher://auth.example.com/token" })),
			callField: "auth.tokenExchange.url", wantMessage: "is not an http or https URL",
		},
		{
			name:      "an unbalanced template in a token exchange header",
			pkg:       withTE(func(te map[string]any) { te["headers"] = map[string]any{"X-Sign": "{{account.sign"} }),
			pkgField:  "connectors[0].connections[0].auth.tokenExchange.headers.X-Sign",
			call:      conn(teIn(func(te *domain.TokenExchange) { te.Headers = map[string]string{"X-Sign": "{{account.sign"} })),
			callField: "auth.tokenExchange.headers.X-Sign", wantMessage: "has a {{ without its }}",
		},
		{
			name: "an unbalanced template in a message",
			pkg: func(doc map[string]any) {
				firstInterface(doc)["messages"].(map[string]any)["unmet"] = "failed: {{response.msg"
			},
			pkgField:  "connectors[0].interfaces[0].messages.unmet",
			call:      iface(func(in *service.InterfaceInput) { in.Messages.Unmet = "failed: {{response.msg" }),
			callField: "messages.unmet", wantMessage: "has a {{ without its }}",
		},
		{
			name: "an unbalanced template in a param source",
			pkg: func(doc map[string]any) {
				param(doc, 1)["source"] = map[string]any{"kind": "template", "value": "{{input.lang}} and {{system.now"}
			},
			pkgField: "connectors[0].interfaces[0].request[1].source.value",
			call: iface(func(in *service.InterfaceInput) {
				in.Request[1].Source = domain.Source{Kind: domain.SourceTemplate, Value: "{{input.lang}} and {{system.now"}
			}),
			callField: "request[1].source.value", wantMessage: "has a {{ without its }}",
		},
		{
			name: "a default that is not a finite number",
			// A json.RawMessage goes into the package as written: 1e999 is
			// valid JSON that no float64 holds.
			pkg:       func(doc map[string]any) { param(doc, 1)["default"] = json.RawMessage(`1e999`) },
			pkgField:  "connectors[0].interfaces[0].request[1].default",
			call:      iface(func(in *service.InterfaceInput) { in.Request[1].Default = json.RawMessage(`{"n":[-1e400]}`) }),
			callField: "request[1].default", wantMessage: "is not a finite number",
		},
		{
			name: "a static value that is not a finite number",
			pkg: func(doc map[string]any) {
				p := param(doc, 1)
				p["type"], p["source"] = "number", map[string]any{"kind": "static", "value": json.RawMessage(`-1e999`)}
			},
			pkgField: "connectors[0].interfaces[0].request[1].source.value",
			call: iface(func(in *service.InterfaceInput) {
				in.Request[1].Type, in.Request[1].Source = "number", domain.Source{Kind: domain.SourceStatic, Value: "NaN"}
			}),
			callField: "request[1].source.value", wantMessage: "is not a finite number",
		},
	}
}

func TestService_RulesAtImportAndSave(t *testing.T) {
	for _, rc := range ruleCases() {
		t.Run(rc.name, func(t *testing.T) {
			e, pkg := payFixture(t)
			before := snapshot(t, e.svc)
			bad := mustEdit(t, pkg, rc.pkg)
			for _, strategy := range []string{service.OnConflictOverwrite, service.OnConflictCopy} {
				_, err := e.svc.Import(e.ctx, admin, bad, service.ImportOptions{OnConflict: strategy})
				requireCode(t, err, domain.EValidation, rc.pkgField)
				assert.Contains(t, err.Error(), rc.wantMessage)
			}
			err := rc.call(e)
			requireCode(t, err, domain.EValidation, rc.callField)
			assert.Contains(t, err.Error(), rc.wantMessage)
			assert.Equal(t, before, snapshot(t, e.svc), "refused: nothing written")
		})
	}
}
