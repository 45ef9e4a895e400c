package app

import (
	"bytes"
	"context"
	"log/slog"
	"path/filepath"
	"testing"

	"junction/backend/domain"
	"junction/backend/invoke/invoketest"
	"junction/backend/service"
)

// The test console over a real service: a call, its history row and "view as".
func TestFacade_Console(t *testing.T) {
	dir := t.TempDir()
	svc, err := service.Open(service.Config{DBPath: filepath.Join(dir, "junction.db"), KeyPath: filepath.Join(dir, "secret.key")})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { svc.Close() })
	if _, err := svc.EnsureProfile(context.Background(), "alice"); err != nil {
		t.Fatal(err)
	}
	a := New(svc, Options{Profile: "alice", Log: slog.New(slog.NewTextHandler(&bytes.Buffer{}, nil))})
	a.Startup(context.Background())

	// A system that answers GBK while the connection declares UTF-8.
	srv := invoketest.TextServer(t, "application/json", string(invoketest.Encode("GBK", `{"code":0,"msg":"成功"}`)))
	if _, err := a.Connectors.Create(service.ConnectorInput{Key: "crm", Name: "CRM"}); err != nil {
		t.Fatal(err)
	}
	if _, err := a.Connections.Create("crm", service.ConnectionInput{Key: "prod", Name: "Prod", Protocol: "http", Host: srv.Host()}); err != nil {
		t.Fatal(err)
	}
	_, err = a.Interfaces.Create("crm", service.InterfaceInput{Key: "ping", Name: "Ping", ConnectionKey: "prod", Method: "GET", Path: "/ping",
		Request:  []domain.Param{{Name: "q", In: domain.InQuery, Type: "string", Required: true, Source: domain.Source{Kind: domain.SourceInput}}},
		Response: []domain.ResponseParam{{Name: "code", Type: "integer", Path: "code"}},
		Success:  domain.Condition{Field: "outputs.code", Op: "eq", Value: float64(0)}})
	if err != nil {
		t.Fatal(err)
	}

	_, err = a.Interfaces.Invoke("crm", "ping", service.InvokeInput{})
	if got := decode(t, a.FormatError(err)); got.Code != domain.EValidation || got.Field != "inputs.q" {
		t.Fatalf("a missing input: %+v", got)
	}

	res, err := a.Interfaces.Invoke("crm", "ping", service.InvokeInput{Inputs: map[string]any{"q": "x"}, Kind: "invoke"})
	if err != nil {
		t.Fatal(err)
	}
	if res.Verdict != "ok" || res.HistoryID == "" {
		t.Fatalf("Invoke: %+v", res)
	}
	items, err := a.Interfaces.ListHistory("crm", "ping", 0)
	if err != nil || len(items) != 1 || items[0].ID != res.HistoryID || items[0].Kind != domain.InvocationTest {
		t.Fatalf("ListHistory: %+v, %v (the console records kind test)", items, err)
	}
	d, err := a.Interfaces.GetHistory(res.HistoryID)
	if err != nil || d.Response.Body != res.Response.Body || !d.Response.CanViewAs || d.Inputs["q"] != "x" {
		t.Fatalf("GetHistory: %+v, %v", d, err)
	}
	text, err := a.Interfaces.ViewAs(res.HistoryID, "GBK")
	if err != nil || text != `{"code":0,"msg":"成功"}` {
		t.Fatalf("ViewAs GBK: %q, %v", text, err)
	}
	_, err = a.Interfaces.ViewAs(res.HistoryID, "KOI8-R")
	if got := decode(t, a.FormatError(err)); got.Code != domain.EValidation {
		t.Fatalf("ViewAs an unknown charset: %+v", got)
	}
}
