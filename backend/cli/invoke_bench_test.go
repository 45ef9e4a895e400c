package cli

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"junction/backend/invoke/invoketest"
	"junction/backend/service"
)

// BenchmarkInvoke_CommandStart is the in-process part of a command's fixed
// start: one `invoke --repeat 1` an op (store open, profile, the prepared
// call, one call, the history row and audit entry, close), against a real
// SQLite file and a loopback server. What a whole process adds on top is
// process start (bench/invoke.sh times that). allocs/op is its exact guard.
func BenchmarkInvoke_CommandStart(b *testing.B) {
	dir := b.TempDir()
	db, key := filepath.Join(dir, "junction.db"), filepath.Join(dir, "secret.key")
	b.Setenv("JUNCTION_KEY_FILE", key)
	b.Setenv("JUNCTION_USER", "alice")
	b.Setenv("JUNCTION_DB", "")
	b.Setenv("JUNCTION_PASSWORD", "")
	srv := invoketest.JSONServer(b, 200, `{"code":0,"data":{"name":"Ann"}}`)
	svc, err := service.Open(service.Config{DBPath: db, KeyPath: key})
	require.NoError(b, err)
	ctx := context.Background()
	_, err = svc.EnsureProfile(ctx, "alice")
	require.NoError(b, err)
	_, err = svc.CreateConnector(ctx, "alice", service.ConnectorInput{Key: "api", Name: "API"})
	require.NoError(b, err)
	_, err = svc.CreateConnection(ctx, "alice", "api", service.ConnectionInput{Key: "good", Name: "good", Protocol: "http",
		Host: srv.Host(), ConnectTimeoutSec: 5, ResponseTimeoutSec: 5})
	require.NoError(b, err)
	_, err = svc.CreateInterface(ctx, "alice", "api", postIface("good", "good"))
	require.NoError(b, err)
	require.NoError(b, svc.Close())

	args := []string{"--db", db, "invoke", "--json", "api/good", "--input", "id=7", "--repeat", "1"}
	b.ReportAllocs()
	for b.Loop() {
		if r := runCLI("", args...); r.code != ExitOK {
			b.Fatalf("exit %d: %s %s", r.code, r.stdout, r.stderr)
		}
	}
}
