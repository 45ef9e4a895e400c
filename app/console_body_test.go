package app

import (
	"bytes"
	"context"
	"log/slog"
	"path/filepath"
	"strings"
	"testing"

	"junction/backend/domain"
	"junction/backend/invoke/invoketest"
	"junction/backend/service"
)

// A body bigger than the preview comes back cut, and whole through chunks.
func TestFacade_TestBigBody(t *testing.T) {
	dir := t.TempDir()
	svc, err := service.Open(service.Config{DBPath: filepath.Join(dir, "junction.db"), KeyPath: filepath.Join(dir, "secret.key")})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { svc.Close() })
	a := New(svc, Options{Profile: "alice", Log: slog.New(slog.NewTextHandler(&bytes.Buffer{}, nil))})
	a.Startup(context.Background())
	if _, err := svc.EnsureProfile(context.Background(), "alice"); err != nil {
		t.Fatal(err)
	}

	// 1 MiB of text with a three-byte character across every chunk edge one may pick.
	body := strings.Repeat("中文ab", (1<<20)/8)
	srv := invoketest.TextServer(t, "text/plain; charset=utf-8", body)
	small := invoketest.TextServer(t, "text/plain", "ok")
	if _, err := a.Connectors.Create(service.ConnectorInput{Key: "crm", Name: "CRM"}); err != nil {
		t.Fatal(err)
	}
	for key, s := range map[string]*invoketest.Server{"big": srv, "small": small} {
		if _, err := a.Connections.Create("crm", service.ConnectionInput{Key: key, Name: key, Protocol: "http", Host: s.Host()}); err != nil {
			t.Fatal(err)
		}
		if _, err := a.Interfaces.Create("crm", service.InterfaceInput{Key: key, Name: key, ConnectionKey: key, Method: "GET", Path: "/",
			Success: domain.Condition{Field: "status", Op: "eq", Value: float64(200)}}); err != nil {
			t.Fatal(err)
		}
	}

	res, err := a.Interfaces.Test("", "crm", "big", service.InvokeInput{})
	if err != nil {
		t.Fatal(err)
	}
	if !res.BodyClipped || res.BodyBytes != len(body) || len(res.Response.Body) > PreviewBytes || !strings.HasPrefix(body, res.Response.Body) {
		t.Fatalf("Test: clipped %v, %d bytes, preview %d bytes", res.BodyClipped, res.BodyBytes, len(res.Response.Body))
	}
	items, err := a.Interfaces.ListHistory("crm", "big", 0)
	if err != nil || len(items) != 1 || items[0].Kind != domain.InvocationTest {
		t.Fatalf("history: %+v, %v", items, err)
	}
	var got strings.Builder
	for off := 0; ; {
		c, err := a.Interfaces.ResponseBodyChunk(res.HistoryID, off, 100_000)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(body[off:], c.Text) || c.Next <= off {
			t.Fatalf("chunk at %d: next %d", off, c.Next)
		}
		got.WriteString(c.Text)
		off = c.Next
		if c.Done {
			break
		}
	}
	if got.String() != body {
		t.Fatalf("chunks make %d bytes, want %d", got.Len(), len(body))
	}
	if _, err := a.Interfaces.ResponseBodyChunk(res.HistoryID, len(body)+1, 10); domain.ErrorCode(err) != domain.EValidation {
		t.Fatalf("offset past the end: %v", err)
	}

	s, err := a.Interfaces.Test("", "crm", "small", service.InvokeInput{})
	if err != nil || s.BodyClipped || s.Response.Body != "ok" || s.BodyBytes != 2 {
		t.Fatalf("a small body: %+v, %v", s, err)
	}
	if _, err := a.Interfaces.ResponseBodyChunk(s.HistoryID, 0, 10); domain.ErrorCode(err) != domain.ENotFound {
		t.Fatalf("a small body is not kept: %v", err)
	}
	// Only the last few bodies are kept.
	for range keptBodies {
		if _, err := a.Interfaces.Test("", "crm", "big", service.InvokeInput{}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := a.Interfaces.ResponseBodyChunk(res.HistoryID, 0, 10); domain.ErrorCode(err) != domain.ENotFound {
		t.Fatalf("an old body: %v", err)
	}
	if _, err := a.Interfaces.SaveCallBody(res.HistoryID, "x.txt"); domain.ErrorCode(err) != domain.ENotFound {
		t.Fatalf("SaveCallBody of an old body: %v", err)
	}
}
