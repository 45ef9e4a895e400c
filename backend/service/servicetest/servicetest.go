// Package servicetest opens real services for the tests of other packages.
package servicetest

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"

	"junction/backend/service"
)

// Open opens the service over the database and key file at dbPath and
// keyPath, closes it when the test ends, and creates the first-run profile.
func Open(t testing.TB, dbPath, keyPath, profile string) *service.Service {
	t.Helper()
	svc, err := service.Open(service.Config{DBPath: dbPath, KeyPath: keyPath})
	require.NoError(t, err)
	t.Cleanup(func() { svc.Close() })
	_, err = svc.EnsureProfile(context.Background(), profile)
	require.NoError(t, err)
	return svc
}
