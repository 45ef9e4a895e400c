package invoke

import (
	"context"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"junction/backend/invoke/invoketest"
)

func probe(t *testing.T, target Target) ProbeResult {
	t.Helper()
	return newEngine(t, Options{}).Probe(context.Background(), target)
}

func TestProbe(t *testing.T) {
	t.Parallel()
	ca := invoketest.NewCA(t)
	srv := invoketest.TLSServer(t, ca, okJSON)
	caPath := ca.WritePEM(t)

	t.Run("verifies a TLS server with the CA bundle", func(t *testing.T) {
		t.Parallel()
		conn := connTo(srv)
		conn.BasePath = "/open"
		conn.TLS.CACertPath = caPath
		res := probe(t, Target{Connection: conn})

		assert.True(t, res.OK, "%+v", res)
		assert.Equal(t, "https://"+srv.Host()+"/open", res.URL)
		assert.Empty(t, res.Proxy)
		assert.Equal(t, ProbeOK, res.DNS.Status)
		assert.Equal(t, []string{"127.0.0.1"}, res.DNS.Addresses, "an IP address needs no lookup")
		assert.Equal(t, ProbeOK, res.TCP.Status)
		assert.Equal(t, srv.Host(), res.TCP.Host)
		assert.Nil(t, res.Tunnel)

		require.NotNil(t, res.TLS)
		tl := res.TLS
		assert.Equal(t, ProbeOK, tl.Status)
		assert.Positive(t, tl.Ms)
		assert.True(t, tl.Verified)
		assert.Empty(t, tl.VerifyError)
		assert.Equal(t, "TLS 1.3", tl.Version)
		assert.NotEmpty(t, tl.CipherSuite)
		require.NotNil(t, tl.CABundle)
		assert.True(t, tl.CABundle.Loaded)
		assert.Nil(t, tl.ClientCert)
		assert.False(t, tl.ClientCertRequested)
		require.Len(t, tl.Chain, 1)
		leaf := tl.Chain[0]
		assert.Equal(t, "CN=127.0.0.1,O=invoketest", leaf.Subject)
		assert.Equal(t, "CN=Junction Test CA,O=invoketest", leaf.Issuer)
		assert.Equal(t, []string{"localhost", "127.0.0.1"}, leaf.SANs)
		assert.Equal(t, 0, leaf.DaysLeft, "valid for a day from an hour ago: less than one whole day left")
		assert.WithinDuration(t, time.Now().Add(23*time.Hour), leaf.NotAfter, time.Hour)
		assert.False(t, leaf.SelfSigned)
		assert.Len(t, leaf.SHA256, 32*3-1)

		assert.Equal(t, ProbeOK, res.HTTP.Status)
		assert.Equal(t, http.MethodHead, res.HTTP.Method)
		assert.Equal(t, "/open/", res.HTTP.Path)
		assert.Equal(t, 200, res.HTTP.StatusCode)
		assert.Equal(t, http.MethodHead, srv.Last().Method)
		assert.Equal(t, "/open/", srv.Last().Path)
	})

	t.Run("reports an unverified certificate with the reason and still shows it", func(t *testing.T) {
		t.Parallel()
		res := probe(t, Target{Connection: connTo(srv)})
		assert.False(t, res.OK)
		require.NotNil(t, res.TLS)
		assert.Equal(t, ProbeOK, res.TLS.Status, "the handshake itself succeeds")
		assert.False(t, res.TLS.Verified)
		assert.Equal(t, "unknownAuthority", res.TLS.VerifyReason)
		assert.Contains(t, res.TLS.VerifyError, "signed by an unknown authority")
		require.Len(t, res.TLS.Chain, 1)
		assert.Equal(t, "CN=Junction Test CA,O=invoketest", res.TLS.Chain[0].Issuer)
		assert.Equal(t, ProbeOK, res.HTTP.Status)
	})

	t.Run("skipping verification makes an unverified certificate acceptable", func(t *testing.T) {
		t.Parallel()
		conn := connTo(srv)
		conn.TLS.SkipVerify = true
		conn.TLS.CACertPath = caPath // meaningless when skipping: not used
		res := probe(t, Target{Connection: conn})
		assert.True(t, res.OK, "%+v", res)
		assert.True(t, res.TLS.SkipVerify)
		assert.False(t, res.TLS.Verified, "it would not verify against the system roots")
		assert.Equal(t, "unknownAuthority", res.TLS.VerifyReason)
		assert.Nil(t, res.TLS.CABundle)
	})

	t.Run("a CA bundle that cannot be read is named, and the handshake still runs", func(t *testing.T) {
		t.Parallel()
		conn := connTo(srv)
		conn.TLS.CACertPath = filepath.Join(t.TempDir(), "missing.pem")
		res := probe(t, Target{Connection: conn})
		assert.False(t, res.OK)
		require.NotNil(t, res.TLS.CABundle)
		assert.False(t, res.TLS.CABundle.Loaded)
		assert.Equal(t, "cannot read the CA bundle "+conn.TLS.CACertPath+": no such file", res.TLS.CABundle.Error)
		assert.Equal(t, ProbeOK, res.TLS.Status)
		assert.Equal(t, "unknownAuthority", res.TLS.VerifyReason)
	})

	t.Run("looks up a host name", func(t *testing.T) {
		t.Parallel()
		conn := connTo(srv)
		_, port := splitHostPort(srv.Host(), "https")
		conn.Host = "localhost:" + port
		conn.TLS.CACertPath = caPath
		res := probe(t, Target{Connection: conn})
		assert.Equal(t, ProbeOK, res.DNS.Status)
		assert.Equal(t, "localhost", res.DNS.Host)
		assert.Contains(t, res.DNS.Addresses, "127.0.0.1")
		assert.Equal(t, ProbeOK, res.TCP.Status)
		assert.True(t, res.TLS.Verified, res.TLS.VerifyError)
	})
}

func TestProbeRefusedPort(t *testing.T) {
	t.Parallel()
	addr := invoketest.RefusedAddr(t)
	res := probe(t, Target{Connection: connToURL("https://" + addr)})
	assert.False(t, res.OK)
	assert.Equal(t, ProbeOK, res.DNS.Status)
	assert.Equal(t, ProbeFailed, res.TCP.Status)
	assert.Equal(t, "refused", res.TCP.Reason)
	assert.Equal(t, "connection refused by "+addr+": nothing listens on that port, or a firewall refuses the connection", res.TCP.Error)
	require.NotNil(t, res.TLS)
	assert.Equal(t, ProbeSkipped, res.TLS.Status)
	assert.Equal(t, ProbeSkipped, res.HTTP.Status)
}

func TestProbeMutualTLS(t *testing.T) {
	t.Parallel()
	ca := invoketest.NewCA(t)
	srv := invoketest.MutualTLSServer(t, ca, okJSON)
	caPath := ca.WritePEM(t)
	p12 := ca.ClientCert(t, "probe-client").WriteP12(t, "p12-pass")
	// probeWithP12 probes the server trusting the CA and presenting the
	// client certificate unlocked with password.
	probeWithP12 := func(t *testing.T, password string) ProbeResult {
		t.Helper()
		conn := connTo(srv)
		conn.TLS.CACertPath = caPath
		conn.TLS.ClientCertPath = p12
		return probe(t, Target{Connection: conn, CertPassword: password})
	}

	t.Run("loads a PKCS#12 client certificate and sends it", func(t *testing.T) {
		t.Parallel()
		res := probeWithP12(t, "p12-pass")
		assert.True(t, res.OK, "%+v", res)
		cc := res.TLS.ClientCert
		require.NotNil(t, cc)
		assert.True(t, cc.Loaded)
		assert.Equal(t, p12, cc.Path)
		assert.Equal(t, "CN=probe-client,O=invoketest", cc.Subject)
		assert.Equal(t, "CN=Junction Test CA,O=invoketest", cc.Issuer)
		assert.Equal(t, 0, cc.DaysLeft)
		assert.True(t, res.TLS.ClientCertRequested)
		assert.True(t, res.TLS.ClientCertSent)
		assert.Equal(t, 200, res.HTTP.StatusCode)
		assert.Equal(t, "probe-client", srv.Last().ClientCN)
	})

	t.Run("says why a client certificate did not load", func(t *testing.T) {
		t.Parallel()
		res := probeWithP12(t, "wrong")
		assert.False(t, res.OK)
		cc := res.TLS.ClientCert
		require.NotNil(t, cc)
		assert.False(t, cc.Loaded)
		assert.Equal(t, "client certificate "+p12+": wrong password", cc.Error)
		assert.True(t, res.TLS.ClientCertRequested)
		assert.False(t, res.TLS.ClientCertSent)
		// The server refuses the handshake without a certificate (under TLS
		// 1.3 after the client's side of it): the TLS step says so.
		assert.Equal(t, ProbeFailed, res.TLS.Status)
		assert.Equal(t, "certRequired", res.TLS.Reason)
		assert.Contains(t, res.TLS.Error, "requires a client certificate")
		assert.Equal(t, ProbeSkipped, res.HTTP.Status)
	})
}

func TestProbeConnectTimeout(t *testing.T) {
	t.Parallel()
	addr := invoketest.BlackholeTLS(t) // accepts TCP, never answers the handshake
	conn := connToURL("https://" + addr)
	conn.ConnectTimeoutSec = 1
	start := time.Now()
	res := probe(t, Target{Connection: conn})
	assert.Less(t, time.Since(start), 5*time.Second)
	assert.False(t, res.OK)
	assert.Equal(t, ProbeOK, res.TCP.Status)
	require.NotNil(t, res.TLS)
	assert.Equal(t, ProbeFailed, res.TLS.Status)
	assert.Equal(t, "timeout", res.TLS.Reason)
	assert.Equal(t, "connect timeout: no connection within 1s (TLS handshake with "+addr+" not completed)", res.TLS.Error)
	assert.Equal(t, ProbeSkipped, res.HTTP.Status)
}

func TestProbeHTTPSOnAPlainPort(t *testing.T) {
	t.Parallel()
	srv := invoketest.HTTPServer(t, okJSON)
	conn := connTo(srv)
	conn.Protocol = "https"
	res := probe(t, Target{Connection: conn})
	assert.False(t, res.OK)
	assert.Equal(t, "notTLS", res.TLS.Reason)
	assert.Contains(t, res.TLS.Error, "does not speak TLS")
}

func TestProbePlainHTTP(t *testing.T) {
	t.Parallel()
	srv := invoketest.HTTPServer(t, http.NotFoundHandler())
	res := probe(t, Target{Connection: connTo(srv)})
	assert.True(t, res.OK, "any answer means the system is reachable")
	assert.Nil(t, res.TLS)
	assert.Equal(t, 404, res.HTTP.StatusCode)
	assert.Equal(t, "404 Not Found", res.HTTP.StatusText)
}

func TestProbeThroughAProxy(t *testing.T) {
	t.Parallel()
	proxy := invoketest.ProxyServer(t)
	ca := invoketest.NewCA(t)
	tlsTarget := invoketest.TLSServer(t, ca, okJSON)
	conn := connTo(tlsTarget)
	conn.Proxy = "http://user:secret@" + proxy.Host()
	conn.TLS.CACertPath = ca.WritePEM(t)
	res := probe(t, Target{Connection: conn})
	assert.True(t, res.OK, "%+v", res)
	assert.Equal(t, "http://user:xxxxx@"+proxy.Host(), res.Proxy, "the proxy password is hidden")
	assert.Equal(t, proxy.Host(), res.TCP.Host, "the check dials the proxy")
	require.NotNil(t, res.Tunnel)
	assert.Equal(t, ProbeOK, res.Tunnel.Status)
	assert.Equal(t, http.MethodConnect, proxy.Last().Method)
	assert.True(t, res.TLS.Verified)
	assert.Equal(t, 1, tlsTarget.Requests())

	plain := invoketest.HTTPServer(t, okJSON)
	conn = connTo(plain)
	conn.Proxy = "http://" + proxy.Host()
	res = probe(t, Target{Connection: conn})
	assert.True(t, res.OK, "%+v", res)
	assert.Nil(t, res.Tunnel, "plain http goes to the proxy in absolute form")
	assert.True(t, strings.HasPrefix(proxy.Last().RequestURI, plain.URL), proxy.Last().RequestURI)
	assert.Equal(t, 1, plain.Requests())
}

func TestProbeUnusableSettings(t *testing.T) {
	t.Parallel()
	conn := connToURL("https://127.0.0.1:1")
	conn.Protocol = "ftp"
	res := probe(t, Target{Connection: conn})
	assert.False(t, res.OK)
	assert.Contains(t, res.Error, "ftp")
	assert.Equal(t, ProbeSkipped, res.DNS.Status)
	assert.Equal(t, ProbeSkipped, res.TCP.Status)
}
