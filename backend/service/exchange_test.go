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

// richStore fills e (as admin) with two connectors using most of what a
// package carries: every auth scheme with settings, a sealed connection, a
// GBK charset, accounts with plain and secret fields, nested param trees and
// conditions, a sealed connector.
func richStore(t *testing.T, e *env) {
	t.Helper()
	_, err := e.svc.CreateConnector(e.ctx, admin, service.ConnectorInput{Key: "shop", Name: "Shop", Description: "orders & stock <v2>",
		Icon: "cart", Tags: []string{"sales", "eu"}, Version: "2.1.0"})
	require.NoError(t, err)
	// With a client certificate password: an import keeps its declaration
	// (without a value), so a re-export still lists it.
	_, err = e.svc.CreateConnection(e.ctx, admin, "shop", fullConnIn("prod"))
	require.NoError(t, err)
	legacy := httpConnIn("legacy")
	legacy.Charset, legacy.Auth = "GB2312", domain.Auth{Type: domain.AuthAPIKey, APIKey: &domain.APIKeyAuth{Name: "X-Key", In: "header"}}
	_, err = e.svc.CreateConnection(e.ctx, admin, "shop", legacy)
	require.NoError(t, err)
	_, err = e.svc.SaveAccount(e.ctx, admin, "shop", "prod", service.AccountInput{Name: "main",
		Fields: map[string]string{"appKey": "k-123", "tenant": "t1"}, Secrets: map[string]*string{"appSecret": ptr("s")}})
	require.NoError(t, err)
	_, err = e.svc.SaveAccount(e.ctx, admin, "shop", "prod", service.AccountInput{Name: "backup", Fields: map[string]string{"appKey": "k-456"}})
	require.NoError(t, err)
	_, err = e.svc.SaveAccount(e.ctx, admin, "shop", "legacy", service.AccountInput{Name: "key", Secrets: map[string]*string{"key": ptr("k")}})
	require.NoError(t, err)
	_, err = e.svc.CreateInterface(e.ctx, admin, "shop", richInterfaceIn("create-order", "prod"))
	require.NoError(t, err)
	_, err = e.svc.CreateInterface(e.ctx, admin, "shop", interfaceIn("get-user", "legacy"))
	require.NoError(t, err)
	require.NoError(t, e.svc.SealConnection(e.ctx, admin, "shop", "legacy"))

	_, err = e.svc.CreateConnector(e.ctx, admin, connectorIn("archive"))
	require.NoError(t, err)
	_, err = e.svc.CreateConnection(e.ctx, admin, "archive", httpConnIn("main"))
	require.NoError(t, err)
	require.NoError(t, e.svc.SealConnector(e.ctx, admin, "archive"))
}

func TestService_ExportImport(t *testing.T) {
	t.Run("export, import into an empty store and export again give the same bytes", func(t *testing.T) {
		src := newEnv(t)
		richStore(t, src)
		first, err := src.svc.Export(src.ctx, admin, []string{"shop", "archive"}, service.ExportOptions{})
		require.NoError(t, err)

		dst := newEnv(t)
		var report *service.ImportReport
		dst.expectAudit(func() {
			report, err = dst.svc.Import(dst.ctx, admin, first, service.ImportOptions{})
			require.NoError(t, err)
		}, "connector.import", "connector.import")
		assert.Equal(t, []string{"archive", "shop", "shop/create-order", "shop/get-user"}, report.Created)
		assert.Empty(t, report.Updated)
		assert.Empty(t, report.Skipped)

		second, err := dst.svc.Export(dst.ctx, admin, []string{"archive", "shop"}, service.ExportOptions{})
		require.NoError(t, err)
		assert.Equal(t, string(first), string(second))

		// What was imported is usable as such.
		d, err := dst.svc.GetConnector(dst.ctx, admin, "shop")
		require.NoError(t, err)
		assert.Equal(t, admin, d.Owner)
		require.Len(t, d.ConnectionList, 2)
		assert.Equal(t, domain.StatusSealed, d.ConnectionList[0].Status, "legacy stays sealed")
		it, err := dst.svc.GetInterface(dst.ctx, admin, "shop", "create-order")
		require.NoError(t, err)
		want, err := src.svc.GetInterface(src.ctx, admin, "shop", "create-order")
		require.NoError(t, err)
		assert.Equal(t, want.Request, it.Request)
		assert.Equal(t, want.Response, it.Response)
		assert.Equal(t, want.Success, it.Success)
		assert.Equal(t, want.Messages, it.Messages)
		v, err := dst.svc.VerifyAudit(dst.ctx, admin)
		require.NoError(t, err)
		assert.True(t, v.OK)
	})

	t.Run("secrets stay behind and the report says which to enter", func(t *testing.T) {
		src := newEnv(t)
		richStore(t, src)
		require.NoError(t, src.svc.SetSecret(src.ctx, admin, "shop", "prod", "", "tls.clientCertPassword", "pw"))
		pkg, err := src.svc.Export(src.ctx, admin, []string{"shop"}, service.ExportOptions{})
		require.NoError(t, err)

		dst := newEnv(t)
		report, err := dst.svc.Import(dst.ctx, admin, pkg, service.ImportOptions{})
		require.NoError(t, err)
		joined := strings.Join(report.Warnings, "\n")
		assert.Contains(t, joined, "shop/prod/main: secret appSecret has no value here")
		assert.Contains(t, joined, "shop/legacy/key: secret key has no value here")
		assert.Contains(t, joined, "shop/prod: the client certificate password has no value here")

		v, err := dst.svc.GetConnection(dst.ctx, admin, "shop", "prod")
		require.NoError(t, err)
		assert.False(t, v.ClientCertPasswordSet)
		for _, a := range v.Accounts {
			if a.Name == "main" {
				assert.Equal(t, []service.SecretState{{Name: "appSecret", Set: false}}, a.Secrets)
				assert.True(t, a.Default)
			}
		}
	})

	t.Run("export names every connector once, sorted, and needs at least one", func(t *testing.T) {
		e := newEnv(t)
		richStore(t, e)
		a, err := e.svc.Export(e.ctx, admin, []string{"shop", "archive", "shop"}, service.ExportOptions{})
		require.NoError(t, err)
		b, err := e.svc.Export(e.ctx, admin, []string{"archive", "shop"}, service.ExportOptions{})
		require.NoError(t, err)
		assert.Equal(t, string(a), string(b))

		before := snapshot(t, e.svc)
		_, err = e.svc.Export(e.ctx, admin, nil, service.ExportOptions{})
		requireCode(t, err, domain.EValidation, "keys")
		_, err = e.svc.Export(e.ctx, admin, []string{"shop", "nope"}, service.ExportOptions{})
		requireCode(t, err, domain.ENotFound)
		_, err = e.svc.Export(e.ctx, admin, []string{"shop"}, service.ExportOptions{Passphrase: "pw"})
		requireCode(t, err, domain.EBadInput)
		assert.Equal(t, before, snapshot(t, e.svc), "a refused export records nothing")
	})
}

// importFixture is a store holding "shop" (from richStore) and the package of
// it, edited so that an import differs from what is stored.
func importFixture(t *testing.T) (*env, []byte) {
	t.Helper()
	e := withRoles(t)
	richStore(t, e)
	require.NoError(t, e.svc.SetSecret(e.ctx, admin, "shop", "prod", "", "tls.clientCertPassword", "pw"))
	pkg, err := e.svc.Export(e.ctx, admin, []string{"shop"}, service.ExportOptions{})
	require.NoError(t, err)
	// The stored connector moves on after the export.
	_, err = e.svc.UpdateConnector(e.ctx, admin, "shop", service.ConnectorInput{Name: "Shop (edited)", Version: "2.2.0"})
	require.NoError(t, err)
	_, err = e.svc.CreateInterface(e.ctx, admin, "shop", interfaceIn("local-only", "prod"))
	require.NoError(t, err)
	return e, pkg
}

func TestService_ImportConflicts(t *testing.T) {
	t.Run("fail refuses the whole import", func(t *testing.T) {
		e, pkg := importFixture(t)
		before := snapshot(t, e.svc)
		_, err := e.svc.Import(e.ctx, admin, pkg, service.ImportOptions{OnConflict: service.OnConflictFail})
		requireCode(t, err, domain.EConflict, "connectors[0].key")
		assert.Equal(t, before, snapshot(t, e.svc))

		_, err = e.svc.Import(e.ctx, admin, pkg, service.ImportOptions{})
		requireCode(t, err, domain.EConflict, "connectors[0].key")
		assert.Equal(t, before, snapshot(t, e.svc), "fail is the default")
	})

	t.Run("fail refuses the new connectors of the package too", func(t *testing.T) {
		e, _ := importFixture(t)
		both, err := e.svc.Export(e.ctx, admin, []string{"archive", "shop"}, service.ExportOptions{})
		require.NoError(t, err)
		require.NoError(t, e.svc.DeleteConnection(e.ctx, admin, "archive", "main"))
		require.NoError(t, e.svc.DeleteConnector(e.ctx, admin, "archive"))
		before := snapshot(t, e.svc)
		_, err = e.svc.Import(e.ctx, admin, both, service.ImportOptions{})
		requireCode(t, err, domain.EConflict, "connectors[1].key")
		assert.Equal(t, before, snapshot(t, e.svc), "archive is not created either: all or nothing")
	})

	t.Run("skip leaves the existing connector alone", func(t *testing.T) {
		e, pkg := importFixture(t)
		before := snapshot(t, e.svc)
		report, err := e.svc.Import(e.ctx, admin, pkg, service.ImportOptions{OnConflict: service.OnConflictSkip})
		require.NoError(t, err)
		assert.Equal(t, &service.ImportReport{Created: []string{}, Updated: []string{}, Skipped: []string{"shop"}, Warnings: report.Warnings, WarningList: report.WarningList, NeedsSecrets: []string{}}, report)
		assert.Equal(t, before, snapshot(t, e.svc))
	})

	t.Run("overwrite updates by key and keeps what the package lacks", func(t *testing.T) {
		e, pkg := importFixture(t)
		e.expectAudit(func() {
			_, err := e.svc.Import(e.ctx, owner, pkg, service.ImportOptions{OnConflict: service.OnConflictOverwrite})
			requireCode(t, err, domain.EPermission, "connectors[0]")
		})
		require.NoError(t, e.svc.Grant(e.ctx, admin, "shop", owner, domain.LevelMaintain))
		report := audited(t, e, func() (*service.ImportReport, error) {
			return e.svc.Import(e.ctx, owner, pkg, service.ImportOptions{OnConflict: service.OnConflictOverwrite})
		}, "connector.import")
		assert.Equal(t, []string{}, report.Created)
		assert.Equal(t, []string{"shop", "shop/create-order", "shop/get-user"}, report.Updated)
		assert.Empty(t, report.Skipped)
		assert.Contains(t, strings.Join(report.Warnings, "\n"), "shop: keeps interface local-only, which the package does not have")

		d, err := e.svc.GetConnector(e.ctx, admin, "shop")
		require.NoError(t, err)
		assert.Equal(t, "Shop", d.Name, "the package's fields win")
		assert.Equal(t, "2.1.0", d.Version)
		assert.Equal(t, admin, d.Owner, "the owner stays")
		assert.Len(t, d.InterfaceList, 3)
		it, err := e.svc.GetInterface(e.ctx, admin, "shop", "create-order")
		require.NoError(t, err)
		assert.Equal(t, 2, it.Revision)
		assert.Equal(t, "prod", it.ConnectionKey)

		v, err := e.svc.GetConnection(e.ctx, admin, "shop", "prod")
		require.NoError(t, err)
		assert.True(t, v.ClientCertPasswordSet, "stored secrets are kept")
		for _, a := range v.Accounts {
			if a.Name == "main" {
				assert.Equal(t, []service.SecretState{{Name: "appSecret", Set: true}}, a.Secrets)
			}
		}
	})

	t.Run("overwrite creates what the connector lacks", func(t *testing.T) {
		e, pkg := importFixture(t)
		pkg = mustEdit(t, pkg, func(doc map[string]any) {
			c := firstConnector(doc)
			c["interfaces"] = append(c["interfaces"].([]any), map[string]any{
				"key": "brand-new", "name": "New", "connection": "prod", "method": "GET", "path": "/new",
				"success": map[string]any{"field": "status", "op": "eq", "value": 200},
			})
			c["connections"] = append(c["connections"].([]any), map[string]any{"key": "extra", "protocol": "http", "host": "extra.example.com"})
		})
		report, err := e.svc.Import(e.ctx, admin, pkg, service.ImportOptions{OnConflict: service.OnConflictOverwrite})
		require.NoError(t, err)
		assert.Equal(t, []string{"shop/brand-new"}, report.Created)
		assert.Equal(t, []string{"shop", "shop/create-order", "shop/get-user"}, report.Updated)
		it, err := e.svc.GetInterface(e.ctx, admin, "shop", "brand-new")
		require.NoError(t, err)
		assert.Equal(t, 1, it.Revision)
		assert.Equal(t, "prod", it.ConnectionKey)
		_, err = e.svc.GetConnection(e.ctx, admin, "shop", "extra")
		require.NoError(t, err)
	})

	t.Run("copy imports under a free key", func(t *testing.T) {
		e, pkg := importFixture(t)
		report, err := e.svc.Import(e.ctx, admin, pkg, service.ImportOptions{OnConflict: service.OnConflictCopy})
		require.NoError(t, err)
		assert.Equal(t, []string{"shop-copy", "shop-copy/create-order", "shop-copy/get-user"}, report.Created)
		assert.Empty(t, report.Updated)
		report, err = e.svc.Import(e.ctx, admin, pkg, service.ImportOptions{OnConflict: service.OnConflictCopy})
		require.NoError(t, err)
		assert.Equal(t, []string{"shop-copy-2", "shop-copy-2/create-order", "shop-copy-2/get-user"}, report.Created)

		d, err := e.svc.GetConnector(e.ctx, admin, "shop-copy")
		require.NoError(t, err)
		assert.Equal(t, "Shop (copy)", d.Name)
		orig, err := e.svc.GetConnector(e.ctx, admin, "shop")
		require.NoError(t, err)
		assert.Equal(t, "Shop (edited)", orig.Name, "the original is untouched")
		assert.Len(t, orig.InterfaceList, 3)
	})

	t.Run("an unknown strategy is refused", func(t *testing.T) {
		e, pkg := importFixture(t)
		before := snapshot(t, e.svc)
		_, err := e.svc.Import(e.ctx, admin, pkg, service.ImportOptions{OnConflict: "merge"})
		requireCode(t, err, domain.EValidation, "onConflict")
		assert.Equal(t, before, snapshot(t, e.svc))
	})
}

func TestService_ImportDryRun(t *testing.T) {
	for _, strategy := range []string{service.OnConflictSkip, service.OnConflictOverwrite, service.OnConflictCopy} {
		t.Run(strategy+" reports without writing", func(t *testing.T) {
			e, pkg := importFixture(t)
			real := snapshotAfter(t, pkg, strategy)
			before := snapshot(t, e.svc)
			dry, err := e.svc.Import(e.ctx, admin, pkg, service.ImportOptions{OnConflict: strategy, DryRun: true})
			require.NoError(t, err)
			assert.Equal(t, before, snapshot(t, e.svc))
			assert.Equal(t, real, dry, "a dry run reports what the import would do")
		})
	}

	t.Run("into an empty store", func(t *testing.T) {
		_, pkg := importFixture(t)
		e := newEnv(t)
		before := snapshot(t, e.svc)
		report, err := e.svc.Import(e.ctx, admin, pkg, service.ImportOptions{DryRun: true})
		require.NoError(t, err)
		assert.Equal(t, []string{"shop", "shop/create-order", "shop/get-user"}, report.Created)
		assert.Equal(t, before, snapshot(t, e.svc))
	})

	t.Run("still refuses what the import would refuse", func(t *testing.T) {
		e, pkg := importFixture(t)
		before := snapshot(t, e.svc)
		_, err := e.svc.Import(e.ctx, admin, pkg, service.ImportOptions{DryRun: true})
		requireCode(t, err, domain.EConflict)
		_, err = e.svc.Import(e.ctx, stranger, pkg, service.ImportOptions{DryRun: true, Connector: "other"})
		requireCode(t, err, domain.EPermission)
		assert.Equal(t, before, snapshot(t, e.svc))
	})
}

// snapshotAfter runs the real import of pkg with strategy on a fresh copy of
// the import fixture and returns its report.
func snapshotAfter(t *testing.T, pkg []byte, strategy string) *service.ImportReport {
	t.Helper()
	e, _ := importFixture(t)
	report, err := e.svc.Import(e.ctx, admin, pkg, service.ImportOptions{OnConflict: strategy})
	require.NoError(t, err)
	return report
}

func TestService_ImportRename(t *testing.T) {
	t.Run("imports a one-connector package under another key", func(t *testing.T) {
		e, pkg := importFixture(t)
		report, err := e.svc.Import(e.ctx, owner, pkg, service.ImportOptions{Connector: "shop-eu"})
		require.NoError(t, err)
		assert.Equal(t, []string{"shop-eu", "shop-eu/create-order", "shop-eu/get-user"}, report.Created)
		d, err := e.svc.GetConnector(e.ctx, owner, "shop-eu")
		require.NoError(t, err)
		assert.Equal(t, "Shop", d.Name)
		assert.Equal(t, owner, d.Owner, "the importer owns what it creates")
	})

	t.Run("the new key meets the conflict strategy", func(t *testing.T) {
		e, pkg := importFixture(t)
		before := snapshot(t, e.svc)
		_, err := e.svc.Import(e.ctx, admin, pkg, service.ImportOptions{Connector: "crm"})
		requireCode(t, err, domain.EConflict, "connectors[0].key")
		assert.Equal(t, before, snapshot(t, e.svc))
		report, err := e.svc.Import(e.ctx, admin, pkg, service.ImportOptions{Connector: "crm", OnConflict: service.OnConflictSkip})
		require.NoError(t, err)
		assert.Equal(t, []string{"crm"}, report.Skipped)
	})

	t.Run("refuses a bad key and a package of several connectors", func(t *testing.T) {
		e, _ := importFixture(t)
		both, err := e.svc.Export(e.ctx, admin, []string{"archive", "shop"}, service.ExportOptions{})
		require.NoError(t, err)
		one, err := e.svc.Export(e.ctx, admin, []string{"shop"}, service.ExportOptions{})
		require.NoError(t, err)
		before := snapshot(t, e.svc)
		_, err = e.svc.Import(e.ctx, admin, both, service.ImportOptions{Connector: "x"})
		requireCode(t, err, domain.EValidation, "connector")
		_, err = e.svc.Import(e.ctx, admin, one, service.ImportOptions{Connector: "Not A Key"})
		requireCode(t, err, domain.EValidation, "connector")
		assert.Equal(t, before, snapshot(t, e.svc))
	})
}

// mustEdit decodes a package, lets edit change it, drops its checksum (an
// edited package no longer matches it) and encodes it again.
func mustEdit(t *testing.T, pkg []byte, edit func(doc map[string]any)) []byte {
	t.Helper()
	var doc map[string]any
	require.NoError(t, json.Unmarshal(pkg, &doc))
	delete(doc, "checksum")
	edit(doc)
	out, err := json.Marshal(doc)
	require.NoError(t, err)
	return out
}

func firstConnector(doc map[string]any) map[string]any {
	return doc["connectors"].([]any)[0].(map[string]any)
}

// firstConnection is legacy (apiKey, one account), connections are sorted by key.
func firstConnection(doc map[string]any) map[string]any {
	return firstConnector(doc)["connections"].([]any)[0].(map[string]any)
}

// secondConnection is prod (tokenExchange, accounts backup and main).
func secondConnection(doc map[string]any) map[string]any {
	return firstConnector(doc)["connections"].([]any)[1].(map[string]any)
}

func firstInterface(doc map[string]any) map[string]any {
	return firstConnector(doc)["interfaces"].([]any)[0].(map[string]any)
}

// TestService_ImportBadInput feeds broken packages to Import: each gets a
// typed error naming the problem and, where there is one, the field, and the
// store is unchanged.
func TestService_ImportBadInput(t *testing.T) {
	e, pkg := importFixture(t)
	cases := []struct {
		name    string
		data    []byte
		opts    service.ImportOptions
		code    string
		field   string
		mention string // a word the message must name
	}{
		{name: "empty", data: []byte("  "), code: domain.EBadInput, mention: "empty"},
		{name: "malformed JSON", data: []byte(`{"format": "junction-package", "version": 1,`), code: domain.EBadInput, mention: "line 1"},
		{name: "not an object", data: []byte(`[1, 2]`), code: domain.EBadInput, mention: "array"},
		{name: "not UTF-8", data: append([]byte(`{"format": "`), 0xff, '"', '}'), code: domain.EBadInput, mention: "UTF-8"},
		{name: "a repeated key", data: []byte(`{"format": "junction-package", "format": "junction-package"}`), code: domain.EBadInput, mention: "twice"},
		{name: "no format", data: mustEdit(t, pkg, func(doc map[string]any) { delete(doc, "format") }), code: domain.EBadInput, field: "format"},
		{name: "another format", data: mustEdit(t, pkg, func(doc map[string]any) { doc["format"] = "postman" }), code: domain.EBadInput, field: "format", mention: "postman"},
		{name: "an unknown version", data: mustEdit(t, pkg, func(doc map[string]any) { doc["version"] = 2 }), code: domain.EBadInput, field: "version", mention: "2"},
		{name: "version zero", data: mustEdit(t, pkg, func(doc map[string]any) { doc["version"] = 0 }), code: domain.EValidation, field: "version"},
		{name: "a bad checksum", data: []byte(strings.Replace(string(pkg), `"name": "Shop"`, `"name": "Shoq"`, 1)), code: domain.EValidation, field: "checksum"},
		{name: "a forged checksum", data: mustEdit(t, pkg, func(doc map[string]any) { doc["checksum"] = "sha256:00" }), code: domain.EValidation, field: "checksum"},
		{name: "an invalid connector key", data: mustEdit(t, pkg, func(doc map[string]any) { firstConnector(doc)["key"] = "Shop Two" }),
			code: domain.EValidation, field: "connectors[0].key"},
		{name: "an invalid connection key", data: mustEdit(t, pkg, func(doc map[string]any) { firstConnection(doc)["key"] = "-x" }),
			code: domain.EValidation, field: "connectors[0].connections[0].key"},
		{name: "an invalid interface key", data: mustEdit(t, pkg, func(doc map[string]any) { firstInterface(doc)["key"] = "Get User" }),
			code: domain.EValidation, field: "connectors[0].interfaces[0].key"},
		{name: "a missing connector name", data: mustEdit(t, pkg, func(doc map[string]any) { delete(firstConnector(doc), "name") }),
			code: domain.EValidation, field: "connectors[0].name"},
		{name: "a missing host", data: mustEdit(t, pkg, func(doc map[string]any) { delete(firstConnection(doc), "host") }),
			code: domain.EValidation, field: "connectors[0].connections[0].host"},
		{name: "a missing success condition", data: mustEdit(t, pkg, func(doc map[string]any) { delete(firstInterface(doc), "success") }),
			code: domain.EValidation, field: "connectors[0].interfaces[0].success"},
		{name: "an unknown charset", data: mustEdit(t, pkg, func(doc map[string]any) { firstConnection(doc)["charset"] = "EBCDIC" }),
			code: domain.EValidation, field: "connectors[0].connections[0].charset", mention: "EBCDIC"},
		{name: "a timeout out of range", data: mustEdit(t, pkg, func(doc map[string]any) { firstConnection(doc)["connectTimeoutSec"] = 0 }),
			code: domain.EValidation, field: "connectors[0].connections[0].connectTimeoutSec"},
		{name: "a bad host", data: mustEdit(t, pkg, func(doc map[string]any) { firstConnection(doc)["host"] = "https://x.com/api" }),
			code: domain.EValidation, field: "connectors[0].connections[0].host"},
		{name: "a bad condition op", data: mustEdit(t, pkg, func(doc map[string]any) {
			firstInterface(doc)["success"] = map[string]any{"field": "status", "op": "approximately", "value": 200}
		}), code: domain.EValidation, field: "connectors[0].interfaces[0].success.op"},
		{name: "a path placeholder without its param", data: mustEdit(t, pkg, func(doc map[string]any) {
			firstInterface(doc)["path"] = "/orders/{shop}/{region}/{id}"
		}), code: domain.EValidation, field: "connectors[0].interfaces[0].path"},
		{name: "an interface on a connection the connector lacks", data: mustEdit(t, pkg, func(doc map[string]any) {
			firstInterface(doc)["connection"] = "nope"
		}), code: domain.EValidation, field: "connectors[0].interfaces[0].connection"},
		{name: "duplicate connector keys", data: mustEdit(t, pkg, func(doc map[string]any) {
			doc["connectors"] = append(doc["connectors"].([]any), firstConnector(doc)) // encoded twice
		}), code: domain.EValidation, field: "connectors[1].key"},
		{name: "duplicate connection keys", data: mustEdit(t, pkg, func(doc map[string]any) {
			conns := firstConnector(doc)["connections"].([]any)
			conns[1].(map[string]any)["key"] = conns[0].(map[string]any)["key"]
		}), code: domain.EValidation, field: "connectors[0].connections[1].key"},
		{name: "duplicate interface keys", data: mustEdit(t, pkg, func(doc map[string]any) {
			ifaces := firstConnector(doc)["interfaces"].([]any)
			ifaces[1].(map[string]any)["key"] = ifaces[0].(map[string]any)["key"]
		}), code: domain.EValidation, field: "connectors[0].interfaces[1].key"},
		{name: "duplicate account names", data: mustEdit(t, pkg, func(doc map[string]any) {
			accs := secondConnection(doc)["accounts"].([]any)
			accs[1].(map[string]any)["name"] = accs[0].(map[string]any)["name"]
		}), code: domain.EValidation, field: "connectors[0].connections[1].accounts[1].name"},
		{name: "two default accounts", data: mustEdit(t, pkg, func(doc map[string]any) {
			secondConnection(doc)["accounts"].([]any)[0].(map[string]any)["default"] = true
		}), code: domain.EValidation, field: "connectors[0].connections[1].accounts[1].default"},
		{name: "a scheme's secret in clear text", data: mustEdit(t, pkg, func(doc map[string]any) {
			acc := firstConnection(doc)["accounts"].([]any)[0].(map[string]any)
			acc["fields"] = map[string]any{"key": "in-clear"}
			acc["secretFields"] = []any{}
		}), code: domain.EValidation, field: "connectors[0].connections[0].accounts[0].fields.key"},
		{name: "a flow without name, trigger and steps", data: mustEdit(t, pkg, func(doc map[string]any) { doc["flows"] = []any{map[string]any{"key": "f"}} }),
			code: domain.EValidation, field: "flows[0].name"},
		{name: "a passphrase", data: pkg, opts: service.ImportOptions{Passphrase: "pw"}, code: domain.EBadInput},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			before := snapshot(t, e.svc)
			opts := tc.opts
			opts.OnConflict = service.OnConflictOverwrite // so that only the bad input can stop it
			_, err := e.svc.Import(e.ctx, admin, tc.data, opts)
			requireCode(t, err, tc.code, tc.field)
			if tc.mention != "" {
				assert.Contains(t, domain.ErrorMessage(err), tc.mention)
			}
			assert.Equal(t, before, snapshot(t, e.svc))
		})
	}
}

// TestService_ImportWritesAsTheUseCases holds the import to the use cases'
// operations: what it creates (and what an overwrite edits) is, row for row,
// what CreateConnection, SaveAccount, CreateInterface and UpdateInterface
// write, apart from ids and what a package leaves out (secret values).
func TestService_ImportWritesAsTheUseCases(t *testing.T) {
	e := newEnv(t)
	richStore(t, e)
	pkg, err := e.svc.Export(e.ctx, admin, []string{"shop"}, service.ExportOptions{})
	require.NoError(t, err)
	_, err = e.svc.Import(e.ctx, admin, pkg, service.ImportOptions{OnConflict: service.OnConflictCopy})
	require.NoError(t, err)

	// anonymous blanks the ids and the secret state a package does not carry.
	anonymous := func(d *service.ConnectorDetail) string {
		for i := range d.ConnectionList {
			v := &d.ConnectionList[i]
			v.ID, v.ConnectorID, v.ClientCertPasswordSet = "", "", false
			for j := range v.Accounts {
				v.Accounts[j].ID = ""
				for k := range v.Accounts[j].Secrets {
					v.Accounts[j].Secrets[k].Set = false
				}
			}
		}
		for i := range d.InterfaceList {
			d.InterfaceList[i].ID = ""
		}
		return jsonOf(t, map[string]any{"connections": d.ConnectionList, "interfaces": d.InterfaceList})
	}
	iface := func(connector, key string) string {
		v, err := e.svc.GetInterface(e.ctx, admin, connector, key)
		require.NoError(t, err)
		v.ID, v.ConnectorID, v.ConnectionID = "", "", ""
		return jsonOf(t, v)
	}
	detail := func(key string) *service.ConnectorDetail {
		d, err := e.svc.GetConnector(e.ctx, admin, key)
		require.NoError(t, err)
		return d
	}
	assert.Equal(t, anonymous(detail("shop")), anonymous(detail("shop-copy")))
	for _, key := range []string{"create-order", "get-user"} {
		assert.Equal(t, iface("shop", key), iface("shop-copy", key), "interface %s", key)
	}

	t.Run("an overwrite edits as UpdateInterface does: the next revision", func(t *testing.T) {
		_, err := e.svc.UpdateInterface(e.ctx, admin, "shop", "create-order", richInterfaceIn("", "prod"))
		require.NoError(t, err)
		_, err = e.svc.Import(e.ctx, admin, pkg, service.ImportOptions{OnConflict: service.OnConflictOverwrite, Connector: "shop-copy"})
		require.NoError(t, err)
		assert.Equal(t, iface("shop", "create-order"), iface("shop-copy", "create-order"))
	})
}

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
	e.fillConnector(admin, "pay", live, "old", "s3cret", "get")
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
		report := audited(t, e, func() (*service.ImportReport, error) {
			return overwrite(e, pkg)
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

func TestService_MergeResponse(t *testing.T) {
	t.Run("keeps the user's params and adds the sample's new ones", func(t *testing.T) {
		e := withRoles(t)
		existing := []domain.ResponseParam{
			{Name: "code", Type: "string", Path: "code", Description: "kept as the user set it"},
			{Name: "data", Type: "object", Path: "data", Children: []domain.ResponseParam{{Name: "id", Type: "integer", Path: "id"}}},
		}
		got, err := e.svc.MergeResponse(existing, `{"code":0,"msg":"ok","data":{"id":1,"name":"x"}}`)
		require.NoError(t, err)
		assert.Equal(t, []domain.ResponseParam{
			{Name: "code", Type: "string", Path: "code", Description: "kept as the user set it"},
			{Name: "data", Type: "object", Path: "data", Children: []domain.ResponseParam{
				{Name: "id", Type: "integer", Path: "id"},
				{Name: "name", Type: "string", Path: "name"},
			}},
			{Name: "msg", Type: "string", Path: "msg"},
		}, got)
		assert.Equal(t, "kept as the user set it", existing[0].Description)
		assert.Len(t, existing[1].Children, 1, "the argument is left alone")
	})

	t.Run("into nothing gives the sample's tree", func(t *testing.T) {
		e := withRoles(t)
		got, err := e.svc.MergeResponse(nil, `[{"id":1}]`)
		require.NoError(t, err)
		want, err := e.svc.ResponseFromSample(`[{"id":1}]`)
		require.NoError(t, err)
		assert.Equal(t, want, got)
	})

	t.Run("names the line and column of a malformed sample", func(t *testing.T) {
		e := withRoles(t)
		_, err := e.svc.MergeResponse(nil, "{\n  \"a\": 1,\n  \"b\": }")
		require.Error(t, err)
		assert.Equal(t, domain.EValidation, domain.ErrorCode(err))
		var de *domain.Error
		require.ErrorAs(t, err, &de)
		assert.Equal(t, "sample", de.Field)
		assert.Contains(t, de.Message, "line 3, column 8")
	})
}

// A sample over 10 MB is refused before it is decoded, with the field named;
// one of exactly 10 MB is read.
func TestService_SampleSizeCap(t *testing.T) {
	e := newEnv(t)
	// A JSON object of exactly n bytes.
	sampleOf := func(n int) string { return `{"a":"` + strings.Repeat("x", n-8) + `"}` }
	for name, build := range map[string]func(string) error{
		"MergeResponse":      func(s string) error { _, err := e.svc.MergeResponse(nil, s); return err },
		"ResponseFromSample": func(s string) error { _, err := e.svc.ResponseFromSample(s); return err },
	} {
		err := build(sampleOf(service.MaxSampleBytes + 1))
		requireCode(t, err, domain.EValidation, "sample")
		assert.ErrorContains(t, err, "at most 10 MB", name)
		assert.NoError(t, build(sampleOf(service.MaxSampleBytes)), name)
	}
}
