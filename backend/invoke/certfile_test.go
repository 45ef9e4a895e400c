package invoke

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"junction/backend/domain"
	"junction/backend/invoke/invoketest"
)

// within runs f and fails the test when it does not return before the
// deadline: a read that blocks (a FIFO with no writer) would hang forever.
func within[T any](t *testing.T, d time.Duration, f func() T) T {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), d)
	defer cancel()
	done := make(chan T, 1)
	go func() { done <- f() }()
	select {
	case v := <-done:
		return v
	case <-ctx.Done():
		t.Fatalf("did not return within %s: a certificate path blocked the call", d)
		panic("unreachable")
	}
}

func fifo(t *testing.T, name string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	require.NoError(t, syscall.Mkfifo(p, 0o600))
	return p
}

// Special files as certificate and CA paths end the call at once with a
// cause naming the path, never reading /dev/zero into memory nor waiting on
// a FIFO's writer.
func TestSpecialCertificatePaths(t *testing.T) {
	t.Parallel()
	ca := invoketest.NewCA(t)
	srv := invoketest.MutualTLSServer(t, ca, okJSON)
	e := newEngine(t, Options{})
	it := newIface("GET", "/x", "none")

	// A certificate-only PEM whose key candidate (client.key) is a FIFO.
	dir := t.TempDir()
	certOnly := filepath.Join(dir, "client.pem")
	require.NoError(t, os.WriteFile(certOnly, ca.ClientCert(t, "c").CertPEM(), 0o600))
	keyFIFO := filepath.Join(dir, "client.key")
	require.NoError(t, syscall.Mkfifo(keyFIFO, 0o600))
	big := filepath.Join(t.TempDir(), "big.pem")
	require.NoError(t, os.WriteFile(big, make([]byte, MaxCertFileSize+1), 0o600))
	caPath := ca.WritePEM(t)

	cases := []struct {
		name      string
		tls       domain.TLSOptions
		cause     string
		probeCert bool // the probe reports it on the client certificate (else the CA bundle)
	}{
		{"CA bundle /dev/zero", domain.TLSOptions{CACertPath: "/dev/zero"}, "the CA bundle /dev/zero is a device, not a file", false},
		{"CA bundle FIFO", domain.TLSOptions{CACertPath: fifo(t, "ca.pem")}, "is a named pipe (FIFO), not a file", false},
		{"CA bundle over 1 MiB", domain.TLSOptions{CACertPath: big}, "certificate files over 1048576 bytes (1 MiB) are refused", false},
		{"client certificate /dev/zero", domain.TLSOptions{CACertPath: caPath, ClientCertPath: "/dev/zero"}, "client certificate /dev/zero is a device, not a file", true},
		{"client certificate FIFO", domain.TLSOptions{CACertPath: caPath, ClientCertPath: fifo(t, "client.p12")}, "is a named pipe (FIFO), not a file", true},
		{"key beside the certificate is a FIFO", domain.TLSOptions{CACertPath: caPath, ClientCertPath: certOnly}, "the key file " + keyFIFO + " is a named pipe (FIFO), not a file", true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			conn := connTo(srv)
			conn.ID = "special-" + tc.name
			conn.TLS = tc.tls
			res := within(t, 5*time.Second, func() *Result { return run(t, e, &Call{Interface: it, Target: Target{Connection: conn}}) })
			assert.Equal(t, VerdictError, res.Verdict)
			assert.Contains(t, res.Cause, tc.cause)
			assert.Zero(t, srv.Requests(), "nothing was sent")

			pr := within(t, 5*time.Second, func() ProbeResult { return e.Probe(context.Background(), Target{Connection: conn}) })
			require.NotNil(t, pr.TLS)
			if tc.probeCert {
				require.NotNil(t, pr.TLS.ClientCert)
				assert.False(t, pr.TLS.ClientCert.Loaded)
				assert.Contains(t, pr.TLS.ClientCert.Error, tc.cause)
			} else {
				require.NotNil(t, pr.TLS.CABundle)
				assert.False(t, pr.TLS.CABundle.Loaded)
				assert.Contains(t, pr.TLS.CABundle.Error, tc.cause)
			}
		})
	}
}

func TestCheckCertFile(t *testing.T) {
	t.Parallel()
	ok := filepath.Join(t.TempDir(), "ok.pem")
	require.NoError(t, os.WriteFile(ok, []byte("pem"), 0o600))
	assert.NoError(t, CheckCertFile(ok))
	for path, want := range map[string]string{
		"/dev/zero":     "/dev/zero is a device, not a file",
		t.TempDir():     "is a folder, not a file",
		fifo(t, "p"):    "is a named pipe (FIFO), not a file",
		ok + ".missing": "cannot read " + ok + ".missing: no such file",
	} {
		err := CheckCertFile(path)
		require.ErrorIs(t, err, ErrCertFile, path)
		assert.True(t, strings.HasSuffix(err.Error(), want), err.Error())
	}
	var ce *CertFileError
	require.ErrorAs(t, CheckCertFile(ok+".missing"), &ce)
	assert.True(t, ce.Missing)
}
