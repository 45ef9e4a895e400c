package invoke

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"crypto/tls"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
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

func TestTLSServerVerification(t *testing.T) {
	t.Parallel()
	ca := invoketest.NewCA(t)
	srv := invoketest.TLSServer(t, ca, okJSON)
	e := newEngine(t, Options{})
	it := newIface("GET", "/x", "none")

	conn := connTo(srv)
	res := run(t, e, &Call{Interface: it, Target: Target{Connection: conn}})
	assert.Equal(t, VerdictError, res.Verdict)
	assert.Contains(t, res.Cause, "unknown authority")
	assert.Contains(t, res.Message, "unknown authority")
	assert.Zero(t, srv.Requests())

	skip := connTo(srv)
	skip.ID = "skip"
	skip.TLS.SkipVerify = true
	res = run(t, e, &Call{Interface: it, Target: Target{Connection: skip}})
	assert.Equal(t, VerdictOK, res.Verdict, res.Message)

	withCA := connTo(srv)
	withCA.ID = "ca"
	withCA.TLS.CACertPath = ca.WritePEM(t)
	res = run(t, e, &Call{Interface: it, Target: Target{Connection: withCA}})
	assert.Equal(t, VerdictOK, res.Verdict, res.Message)
	assert.Positive(t, res.Timing.TLSMs)
	assert.Positive(t, res.Timing.ConnectMs)
	assert.Positive(t, res.Timing.FirstByteMs)
	assert.GreaterOrEqual(t, res.Timing.TotalMs, res.Timing.FirstByteMs)

	// A certificate for another name.
	other := httptest.NewUnstartedServer(okJSON)
	other.Config.ErrorLog = log.New(io.Discard, "", 0)
	other.TLS = &tls.Config{Certificates: []tls.Certificate{ca.ServerCert(t, "other.example")}}
	other.StartTLS()
	t.Cleanup(other.Close)
	mismatch := connToURL(other.URL)
	mismatch.TLS.CACertPath = withCA.TLS.CACertPath
	res = run(t, e, &Call{Interface: it, Target: Target{Connection: mismatch}})
	assert.Equal(t, VerdictError, res.Verdict)
	assert.Contains(t, res.Cause, "does not match the host name")
	assert.Contains(t, res.Cause, "other.example")

	// A CA bundle that cannot be read.
	bad := connTo(srv)
	bad.ID = "bad-ca"
	bad.TLS.CACertPath = filepath.Join(t.TempDir(), "missing.pem")
	res = run(t, e, &Call{Interface: it, Target: Target{Connection: bad}})
	assert.Equal(t, VerdictError, res.Verdict)
	assert.Equal(t, "cannot read the CA bundle "+bad.TLS.CACertPath+": no such file", res.Cause)
}

func TestHTTPSOnAPlainPort(t *testing.T) {
	t.Parallel()
	srv := invoketest.HTTPServer(t, okJSON)
	e := newEngine(t, Options{})
	conn := connTo(srv)
	conn.Protocol = "https"
	res := run(t, e, &Call{Interface: newIface("GET", "/x", "none"), Target: Target{Connection: conn}})
	assert.Equal(t, VerdictError, res.Verdict)
	assert.Contains(t, res.Cause, "does not speak TLS")
}

func TestClientCertificates(t *testing.T) {
	t.Parallel()
	ca := invoketest.NewCA(t)
	srv := invoketest.MutualTLSServer(t, ca, okJSON)
	caPath := ca.WritePEM(t)
	e := newEngine(t, Options{})
	it := newIface("GET", "/x", "none")
	ec := ca.ClientCert(t, "ec-client")
	rsaCert := ca.ClientCertRSA(t, "rsa-client")
	certOnly, _ := ec.WritePEM(t)
	rsaCertOnly, _ := rsaCert.WritePEM(t)
	missing := filepath.Join(t.TempDir(), "x.pem")
	alone := filepath.Join(t.TempDir(), "alone.pem")
	require.NoError(t, os.WriteFile(alone, ec.CertPEM(), 0o600))
	// A legacy encrypted PEM key (Proc-Type: 4,ENCRYPTED) beside its certificate.
	encDir := t.TempDir()
	//lint:ignore SA1019 legacy keys are what we meet
	encBlock, err := x509.EncryptPEMBlock(rand.Reader, "RSA PRIVATE KEY", x509.MarshalPKCS1PrivateKey(rsaCert.Key.(*rsa.PrivateKey)), []byte("pem-pass"), x509.PEMCipherAES256)
	require.NoError(t, err)
	encCert := filepath.Join(encDir, "client.crt")
	require.NoError(t, os.WriteFile(encCert, rsaCert.CertPEM(), 0o600))
	require.NoError(t, os.WriteFile(filepath.Join(encDir, "client.key"), pem.EncodeToMemory(encBlock), 0o600))

	cases := []struct {
		name, path, password string
		cn                   string // the name the server saw; "" when the call fails
		cause                string
	}{
		{"combined PEM", ec.WriteCombinedPEM(t), "", "ec-client", ""},
		{"PEM with the key beside it", certOnly, "", "ec-client", ""},
		{"RSA PKCS#1 PEM with the key beside it", rsaCertOnly, "", "rsa-client", ""},
		{"encrypted PEM key", encCert, "pem-pass", "rsa-client", ""},
		{"encrypted PEM key, wrong password", encCert, "nope", "", ": wrong password"},
		{"PKCS#12", ec.WriteP12(t, "p12-pass"), "p12-pass", "ec-client", ""},
		{"legacy PKCS#12", rsaCert.WriteP12Legacy(t, "old-pass"), "old-pass", "rsa-client", ""},
		{"PKCS#12 wrong password", ec.WriteP12(t, "p12-pass"), "nope", "", ": wrong password"},
		{"PKCS#12 without password", ec.WriteP12(t, "p12-pass"), "", "", "needs a password and none is set"},
		{"missing file", missing, "", "", "cannot read client certificate " + missing + ": no such file"},
		{"PEM without a key", alone, "", "", "holds no private key"},
		{"no client certificate", "", "", "", "the server requires a client certificate and none was sent"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			conn := connTo(srv)
			conn.ID = "mtls-" + tc.name
			conn.TLS = domain.TLSOptions{CACertPath: caPath, ClientCertPath: tc.path}
			res := run(t, e, &Call{Interface: it, Target: Target{Connection: conn, CertPassword: tc.password}})
			if tc.cn != "" {
				require.Equal(t, VerdictOK, res.Verdict, res.Message)
				assert.Equal(t, tc.cn, srv.Last().ClientCN)
				return
			}
			assert.Equal(t, VerdictError, res.Verdict)
			assert.Contains(t, res.Cause, tc.cause)
			if tc.path != "" && tc.path != alone && tc.path != encCert {
				assert.True(t, strings.HasPrefix(res.Cause, "cannot read client certificate ") || strings.HasPrefix(res.Cause, "client certificate "+tc.path), res.Cause)
			}
		})
	}
}

func TestResponseTimeout(t *testing.T) {
	t.Parallel()
	e := newEngine(t, Options{})
	t.Run("no answer", func(t *testing.T) {
		t.Parallel()
		srv := invoketest.SlowServer(t, time.Hour)
		conn := connTo(srv)
		conn.ResponseTimeoutSec = 1
		res := run(t, e, &Call{Interface: newIface("GET", "/x", "none"), Target: Target{Connection: conn}})
		assert.Equal(t, VerdictTimeout, res.Verdict)
		assert.Equal(t, "response timeout: the server did not answer in full within 1s (the request was sent; no answer came)", res.Cause)
		assert.Equal(t, "The system did not answer in time: "+res.Cause, res.Message)
		assert.Equal(t, 1, srv.Requests())
		assert.InDelta(t, 1000, res.Timing.TotalMs, 500)
	})
	t.Run("body stalls, with the interface's message", func(t *testing.T) {
		t.Parallel()
		srv := invoketest.SlowBodyServer(t, time.Hour)
		conn := connTo(srv)
		conn.ResponseTimeoutSec = 1
		it := newIface("GET", "/x", "none")
		it.Messages.Timeout = "The HR system did not answer in time ({{cause}})"
		res := run(t, e, &Call{Interface: it, Target: Target{Connection: conn}})
		assert.Equal(t, VerdictTimeout, res.Verdict)
		assert.Contains(t, res.Cause, "response timeout")
		assert.Contains(t, res.Cause, "its body did not arrive in full")
		assert.Equal(t, "The HR system did not answer in time ("+res.Cause+")", res.Message)
		assert.False(t, res.DefaultMessage, "the interface's own template is not a stock message")
	})
}

func TestConnectTimeoutCoversTheTLSHandshake(t *testing.T) {
	t.Parallel()
	addr := invoketest.BlackholeTLS(t) // accepts TCP, never answers the handshake
	e := newEngine(t, Options{})
	conn := connToURL("https://" + addr)
	conn.ConnectTimeoutSec = 1
	conn.ResponseTimeoutSec = 30
	start := time.Now()
	res := run(t, e, &Call{Interface: newIface("GET", "/x", "none"), Target: Target{Connection: conn}})
	assert.Less(t, time.Since(start), 5*time.Second)
	assert.Equal(t, VerdictTimeout, res.Verdict)
	assert.Equal(t, "connect timeout: no connection within 1s (TLS handshake with "+addr+" not completed)", res.Cause)
}

func TestRedirects(t *testing.T) {
	t.Parallel()
	e := newEngine(t, Options{})
	within := invoketest.Redirects(t, 10, okJSON)
	res := run(t, e, &Call{Interface: newIface("GET", "/start", "none", static("q", "query", "string", "1")), Target: Target{Connection: connTo(within)}})
	assert.Equal(t, VerdictOK, res.Verdict, res.Message)
	assert.Equal(t, 11, within.Requests())
	assert.Equal(t, "q=1", within.Last().RawQuery)

	beyond := invoketest.Redirects(t, 11, okJSON)
	res = run(t, e, &Call{Interface: newIface("GET", "/start", "none"), Target: Target{Connection: connTo(beyond)}})
	assert.Equal(t, VerdictError, res.Verdict)
	assert.Contains(t, res.Cause, "more than 10 redirects")
	assert.Equal(t, 11, beyond.Requests())
}

func TestBodyCapAndNonJSON(t *testing.T) {
	t.Parallel()
	e := newEngine(t, Options{BodyCap: 1000})
	big := invoketest.BigBody(t, 5000)
	it := newIface("GET", "/x", "none")
	it.Response = []domain.ResponseParam{{Name: "data", Type: "string", Path: "data"}}
	res := run(t, e, &Call{Interface: it, Target: Target{Connection: connTo(big)}})
	assert.Equal(t, VerdictOK, res.Verdict, res.Message)
	assert.True(t, res.Response.Truncated)
	assert.Len(t, res.Response.Raw, 1000)
	assert.Equal(t, int64(5000), res.Response.Size)
	assert.Empty(t, res.Outputs)
	assert.Contains(t, res.Notes, "the response was cut at the body cap and is not whole JSON; no outputs extracted")

	small := invoketest.BigBody(t, 1000)
	res = run(t, e, &Call{Interface: it, Target: Target{Connection: connTo(small)}})
	assert.False(t, res.Response.Truncated)
	assert.Len(t, res.Outputs["data"], 1000-len(`{"data":""}`))

	html := invoketest.TextServer(t, "text/html; charset=UTF-8", "<html><body>Service Unavailable</body></html>")
	res = run(t, e, &Call{Interface: it, Target: Target{Connection: connTo(html)}})
	assert.Equal(t, VerdictOK, res.Verdict, "a non-JSON body is not a failure by itself")
	assert.Equal(t, map[string]any{}, res.Outputs)
	assert.Equal(t, []string{"the response is not JSON; no outputs extracted"}, res.Notes)
	assert.Equal(t, "<html><body>Service Unavailable</body></html>", res.Response.Body)
	assert.Equal(t, "text/html; charset=UTF-8", res.Response.ContentType)
}

func TestUnreachable(t *testing.T) {
	t.Parallel()
	e := newEngine(t, Options{})
	it := newIface("GET", "/x", "none")
	it.Messages.Error = "Could not reach the HR system: {{cause}}"

	refused := invoketest.RefusedAddr(t)
	res := run(t, e, &Call{Interface: it, Target: Target{Connection: connToURL("http://" + refused)}})
	assert.Equal(t, VerdictError, res.Verdict)
	assert.Equal(t, "connection refused by "+refused+": nothing listens on that port, or a firewall refuses the connection", res.Cause)
	assert.Equal(t, "Could not reach the HR system: "+res.Cause, res.Message)
	assert.Equal(t, "http://"+refused+"/x", res.Request.URL, "the request is recorded even when it could not be sent")

	reset := invoketest.ResetServer(t)
	res = run(t, e, &Call{Interface: newIface("GET", "/x", "none"), Target: Target{Connection: connToURL("http://" + reset)}})
	assert.Equal(t, VerdictError, res.Verdict)
	assert.True(t, strings.Contains(res.Cause, "reset") || strings.Contains(res.Cause, "closed the connection"), res.Cause)
}

func TestClassifyDNS(t *testing.T) {
	ci := &connInfo{host: "hr.example.invalid"}
	bg := context.Background()
	f := classify(bg, bg, &url.Error{Op: "Get", URL: "http://hr.example.invalid/", Err: &net.OpError{Op: "dial", Err: &net.DNSError{Err: "no such host", Name: "hr.example.invalid", IsNotFound: true}}}, ci)
	assert.Equal(t, VerdictError, f.verdict)
	assert.Equal(t, "DNS: the host name hr.example.invalid could not be resolved (no such host): check the connection's host", f.cause)
	f = classify(bg, bg, errors.New("x"), ci)
	assert.Equal(t, "x", f.cause)
}

func TestProxy(t *testing.T) {
	t.Parallel()
	e := newEngine(t, Options{})
	proxy := invoketest.ProxyServer(t)
	target := invoketest.HTTPServer(t, okJSON)
	conn := connTo(target)
	conn.Proxy = "http://" + proxy.Host()
	res := run(t, e, &Call{Interface: newIface("GET", "/via", "none"), Target: Target{Connection: conn}})
	assert.Equal(t, VerdictOK, res.Verdict, res.Message)
	assert.Equal(t, 1, proxy.Requests())
	assert.Equal(t, target.URL+"/via", proxy.Last().RequestURI)
	assert.Equal(t, 1, target.Requests())

	ca := invoketest.NewCA(t)
	tlsTarget := invoketest.TLSServer(t, ca, okJSON)
	conn = connTo(tlsTarget)
	conn.Proxy = "http://" + proxy.Host()
	conn.TLS.CACertPath = ca.WritePEM(t)
	res = run(t, e, &Call{Interface: newIface("GET", "/via", "none"), Target: Target{Connection: conn}})
	assert.Equal(t, VerdictOK, res.Verdict, res.Message)
	assert.Equal(t, http.MethodConnect, proxy.Last().Method)
	assert.Equal(t, 1, tlsTarget.Requests())
}

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
