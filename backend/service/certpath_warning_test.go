package service_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"junction/backend/domain"
	"junction/backend/service"
)

// A client certificate or CA path with no file behind it is saved, and the
// save's answer warns on the field; a read carries no warning.
func TestService_MissingCertPathWarnsAtSave(t *testing.T) {
	e := withRoles(t)
	dir := t.TempDir()
	good := filepath.Join(dir, "good.pem")
	require.NoError(t, os.WriteFile(good, []byte("-----BEGIN CERTIFICATE-----\n"), 0o600))
	cert, ca := filepath.Join(dir, "not-yet.p12"), filepath.Join(dir, "not-yet-ca.pem")

	in := httpsConnIn("later")
	in.TLS = domain.TLSOptions{ClientCertPath: cert, CACertPath: ca}
	v, err := e.svc.CreateConnection(e.ctx, owner, "crm", in)
	require.NoError(t, err, "a missing file is a warning, not an error")
	assert.Equal(t, in.TLS, v.TLS, "saved as given")
	assert.Equal(t, []service.FieldWarning{
		{Field: "tls.clientCertPath", Code: "missing", Message: "no file at " + cert + " yet: calls fail until it is put there"},
		{Field: "tls.caCertPath", Code: "missing", Message: "no file at " + ca + " yet: calls fail until it is put there"},
	}, v.Warnings)

	got, err := e.svc.GetConnection(e.ctx, owner, "crm", "later")
	require.NoError(t, err)
	assert.Empty(t, got.Warnings)

	up := httpsConnIn("later")
	up.TLS = domain.TLSOptions{ClientCertPath: cert, CACertPath: good}
	v, err = e.svc.UpdateConnection(e.ctx, owner, "crm", "later", up)
	require.NoError(t, err)
	require.Len(t, v.Warnings, 1, "the CA bundle is there now")
	assert.Equal(t, "tls.clientCertPath", v.Warnings[0].Field)

	up.TLS = domain.TLSOptions{CACertPath: good}
	v, err = e.svc.UpdateConnection(e.ctx, owner, "crm", "later", up)
	require.NoError(t, err)
	assert.Empty(t, v.Warnings)
}
