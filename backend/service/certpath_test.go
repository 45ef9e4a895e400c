package service_test

import (
	"context"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"junction/backend/domain"
	"junction/backend/invoke"
	"junction/backend/invoke/invoketest"
	"junction/backend/service"
)

// A client certificate or CA path that is a special file or over 1 MiB is
// refused at save with the field named, and the store is left as it was; a
// path where nothing exists yet stays allowed.
func TestService_ConnectionCertPaths(t *testing.T) {
	dir := t.TempDir()
	pipe := filepath.Join(dir, "client.p12")
	require.NoError(t, syscall.Mkfifo(pipe, 0o600))
	big := filepath.Join(dir, "ca.pem")
	require.NoError(t, os.WriteFile(big, make([]byte, invoke.MaxCertFileSize+1), 0o600))
	good := filepath.Join(dir, "good.pem")
	require.NoError(t, os.WriteFile(good, []byte("-----BEGIN CERTIFICATE-----\n"), 0o600))

	cases := []struct {
		name, field, want string
		tls               domain.TLSOptions
	}{
		{"CA bundle /dev/zero", "tls.caCertPath", "/dev/zero is a device, not a file", domain.TLSOptions{CACertPath: "/dev/zero"}},
		{"CA bundle over 1 MiB", "tls.caCertPath", big + " is 1048577 bytes; certificate files over 1048576 bytes (1 MiB) are refused", domain.TLSOptions{CACertPath: big}},
		{"CA bundle a folder", "tls.caCertPath", dir + " is a folder, not a file", domain.TLSOptions{CACertPath: dir}},
		{"client certificate FIFO", "tls.clientCertPath", pipe + " is a named pipe (FIFO), not a file", domain.TLSOptions{ClientCertPath: pipe, CACertPath: good}},
		{"client certificate /dev/zero", "tls.clientCertPath", "/dev/zero is a device, not a file", domain.TLSOptions{ClientCertPath: "/dev/zero"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			e := withRoles(t)
			before, audits := e.connectionsTLS(), len(e.auditEntries())

			in := httpsConnIn("new")
			in.TLS = tc.tls
			_, err := e.svc.CreateConnection(e.ctx, owner, "crm", in)
			requireCode(t, err, domain.EValidation, tc.field)
			assert.Contains(t, domain.ErrorMessage(err), tc.want)

			prod, err := e.svc.GetConnection(e.ctx, owner, "crm", "prod")
			require.NoError(t, err)
			up := httpsConnIn("prod")
			up.Host, up.TLS = prod.Host, tc.tls
			_, err = e.svc.UpdateConnection(e.ctx, owner, "crm", "prod", up)
			requireCode(t, err, domain.EValidation, tc.field)

			assert.Equal(t, before, e.connectionsTLS(), "the store is unchanged")
			assert.Len(t, e.auditEntries(), audits, "nothing was audited")
		})
	}

	t.Run("a regular file and a path not there yet are kept", func(t *testing.T) {
		e := withRoles(t)
		in := httpsConnIn("later")
		in.TLS = domain.TLSOptions{ClientCertPath: filepath.Join(dir, "not-yet.p12"), CACertPath: good}
		v, err := e.svc.CreateConnection(e.ctx, owner, "crm", in)
		require.NoError(t, err)
		assert.Equal(t, in.TLS, v.TLS)
	})
}

// A path that was missing at save and is a FIFO or /dev/zero by the time of
// a call or a check ends them at once with the path named (a FIFO would
// block a plain read forever, /dev/zero fill memory).
func TestService_CertPathTurnedSpecialAfterSave(t *testing.T) {
	e := withAPI(newEnv(t))
	ca := invoketest.NewCA(t)
	srv := invoketest.MutualTLSServer(t, ca, invoketest.JSONHandler(200, `{"code":0}`))
	pipe := filepath.Join(t.TempDir(), "client.p12")
	in := connTo("secure", srv.URL)
	in.TLS = domain.TLSOptions{ClientCertPath: pipe, CACertPath: ca.WritePEM(t)}
	e.addConn(in)
	e.addIface("secure", "secure")
	require.NoError(t, syscall.Mkfifo(pipe, 0o600))

	ctx, cancel := context.WithTimeout(e.ctx, 10*time.Second)
	defer cancel()
	done := make(chan struct{})
	var res *service.InvokeResult
	var probe *invoke.ProbeResult
	var invokeErr, checkErr error
	go func() {
		defer close(done)
		res, invokeErr = e.svc.Invoke(ctx, admin, "api", "secure", id("1"))
		probe, checkErr = e.svc.CheckConnection(ctx, admin, "api", "secure")
	}()
	select {
	case <-done:
	case <-ctx.Done():
		t.Fatal("a FIFO as the client certificate hung the call")
	}
	require.NoError(t, invokeErr)
	assert.Equal(t, invoke.VerdictError, res.Verdict)
	assert.Equal(t, "client certificate "+pipe+" is a named pipe (FIFO), not a file", res.Cause)
	require.NoError(t, checkErr)
	require.NotNil(t, probe.TLS)
	require.NotNil(t, probe.TLS.ClientCert)
	assert.False(t, probe.TLS.ClientCert.Loaded)
	assert.Contains(t, probe.TLS.ClientCert.Error, "is a named pipe (FIFO), not a file")
	assert.Zero(t, srv.Requests())
}

// connectionsTLS is every stored connection's key, host and TLS settings.
func (e *env) connectionsTLS() []string {
	e.t.Helper()
	var rows []string
	require.NoError(e.t, e.st.DB.Raw(`SELECT key || ' ' || host || ' ' || tls FROM connections ORDER BY key`).Scan(&rows).Error)
	return rows
}

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
