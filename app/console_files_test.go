package app

import (
	"bytes"
	"context"
	"log/slog"
	"path/filepath"
	"testing"

	"junction/backend/domain"
	"junction/backend/service"
)

// Outside the desktop window (browser mode) saving a body with a native
// dialog is refused with a rule error instead of ending the process.
func TestFacade_SaveResponseBodyNeedsTheWindow(t *testing.T) {
	dir := t.TempDir()
	svc, err := service.Open(service.Config{DBPath: filepath.Join(dir, "junction.db"), KeyPath: filepath.Join(dir, "secret.key")})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { svc.Close() })
	a := New(svc, Options{Profile: "alice", Log: slog.New(slog.NewTextHandler(&bytes.Buffer{}, nil))})
	a.Startup(context.Background())

	path, err := a.Interfaces.SaveResponseBody("body.json", `{"a":1}`)
	if got := domain.ErrorCode(err); got != domain.ERule || path != "" {
		t.Fatalf("SaveResponseBody in browser mode: %q, %v (code %s), want a rule error", path, err, got)
	}
}
