package invoketest

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"math/big"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"testing"
	"time"

	"software.sslmate.com/src/go-pkcs12"
)

// CA is a throw-away certificate authority (ECDSA P-256, valid from an hour
// ago for a day) that issues server and client certificates for one test.
type CA struct {
	Cert *x509.Certificate
	Key  crypto.Signer
	// PEM is the CA certificate, PEM-encoded (the content of a CA bundle).
	PEM []byte
}

// NewCA returns a new self-signed CA.
func NewCA(t testing.TB) *CA {
	t.Helper()
	key := newECKey(t)
	tmpl := &x509.Certificate{
		SerialNumber:          serial(t),
		Subject:               pkix.Name{CommonName: "Junction Test CA", Organization: []string{"invoketest"}},
		NotBefore:             time.Now().Add(-time.Hour),
		NotAfter:              time.Now().Add(24 * time.Hour),
		KeyUsage:              x509.KeyUsageCertSign | x509.KeyUsageCRLSign | x509.KeyUsageDigitalSignature,
		BasicConstraintsValid: true,
		IsCA:                  true,
		MaxPathLenZero:        true,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, key.Public(), key)
	if err != nil {
		t.Fatalf("invoketest: creating the CA: %v", err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatalf("invoketest: parsing the CA: %v", err)
	}
	return &CA{Cert: cert, Key: key, PEM: pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})}
}

// Pool is a cert pool holding only this CA.
func (ca *CA) Pool() *x509.CertPool {
	p := x509.NewCertPool()
	p.AddCert(ca.Cert)
	return p
}

// WritePEM writes the CA certificate (a CA bundle) to a file in
// t.TempDir() and returns its path.
func (ca *CA) WritePEM(t testing.TB) string {
	t.Helper()
	return writeFile(t, "ca.pem", ca.PEM)
}

// ServerCert issues a server certificate for hosts: IP addresses become IP
// SANs, anything else DNS SANs. Without hosts it is for 127.0.0.1 and
// localhost; with hosts it is for exactly those (pass "other.example" to
// provoke a name mismatch).
func (ca *CA) ServerCert(t testing.TB, hosts ...string) tls.Certificate {
	t.Helper()
	if len(hosts) == 0 {
		hosts = []string{"127.0.0.1", "localhost"}
	}
	tmpl := leafTemplate(t, hosts[0])
	tmpl.ExtKeyUsage = []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}
	for _, h := range hosts {
		if ip := net.ParseIP(h); ip != nil {
			tmpl.IPAddresses = append(tmpl.IPAddresses, ip)
		} else {
			tmpl.DNSNames = append(tmpl.DNSNames, h)
		}
	}
	key := newECKey(t)
	cert := ca.sign(t, tmpl, key)
	return tls.Certificate{Certificate: [][]byte{cert.Raw}, PrivateKey: key, Leaf: cert}
}

// ClientCert is a client certificate issued by a CA, with its key.
type ClientCert struct {
	CN   string
	Cert *x509.Certificate
	// Key is an *ecdsa.PrivateKey (ClientCert) or an *rsa.PrivateKey
	// (ClientCertRSA).
	Key crypto.Signer
	// TLS is the pair ready for tls.Config.Certificates.
	TLS tls.Certificate
	ca  *CA
}

// ClientCert issues a client certificate (ECDSA P-256, key usage
// ClientAuth) with Subject CommonName cn. Its key PEM is PKCS#8
// ("PRIVATE KEY").
func (ca *CA) ClientCert(t testing.TB, cn string) *ClientCert {
	t.Helper()
	return ca.clientCert(t, cn, newECKey(t))
}

// ClientCertRSA is ClientCert with an RSA-2048 key, whose key PEM is
// PKCS#1 ("RSA PRIVATE KEY") as legacy systems usually hand out.
func (ca *CA) ClientCertRSA(t testing.TB, cn string) *ClientCert {
	t.Helper()
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatalf("invoketest: generating an RSA key: %v", err)
	}
	return ca.clientCert(t, cn, key)
}

func (ca *CA) clientCert(t testing.TB, cn string, key crypto.Signer) *ClientCert {
	t.Helper()
	tmpl := leafTemplate(t, cn)
	tmpl.ExtKeyUsage = []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth}
	cert := ca.sign(t, tmpl, key)
	return &ClientCert{
		CN:   cn,
		Cert: cert,
		Key:  key,
		TLS:  tls.Certificate{Certificate: [][]byte{cert.Raw}, PrivateKey: key, Leaf: cert},
		ca:   ca,
	}
}

// CertPEM is the certificate, PEM-encoded.
func (c *ClientCert) CertPEM() []byte {
	return pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: c.Cert.Raw})
}

// KeyPEM is the private key, PEM-encoded: PKCS#1 for RSA keys, PKCS#8
// otherwise.
func (c *ClientCert) KeyPEM() []byte {
	if k, ok := c.Key.(*rsa.PrivateKey); ok {
		return pem.EncodeToMemory(&pem.Block{Type: "RSA PRIVATE KEY", Bytes: x509.MarshalPKCS1PrivateKey(k)})
	}
	der, err := x509.MarshalPKCS8PrivateKey(c.Key)
	if err != nil {
		panic("invoketest: marshalling a key: " + err.Error())
	}
	return pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der})
}

// WritePEM writes the certificate and the key to two files in t.TempDir()
// and returns their paths.
func (c *ClientCert) WritePEM(t testing.TB) (certPath, keyPath string) {
	t.Helper()
	dir := t.TempDir()
	return writeFileIn(t, dir, "client-cert.pem", c.CertPEM()), writeFileIn(t, dir, "client-key.pem", c.KeyPEM())
}

// WriteCombinedPEM writes the certificate followed by the key to one file
// in t.TempDir() and returns its path.
func (c *ClientCert) WriteCombinedPEM(t testing.TB) string {
	t.Helper()
	return writeFile(t, "client.pem", append(c.CertPEM(), c.KeyPEM()...))
}

// WriteP12 writes a PKCS#12 file (go-pkcs12 Modern: AES-256, PBKDF2) with
// the key, the certificate and, as exported files usually have, the CA
// certificate, protected by password; it returns its path. Because of the
// CA certificate, read it with pkcs12.DecodeChain (pkcs12.Decode refuses
// files with more than one certificate).
func (c *ClientCert) WriteP12(t testing.TB, password string) string {
	t.Helper()
	return c.writeP12(t, pkcs12.Modern, password)
}

// WriteP12Legacy is WriteP12 with the legacy encryption (3DES, SHA-1 MAC;
// go-pkcs12 LegacyDES) that older systems and tools still produce.
func (c *ClientCert) WriteP12Legacy(t testing.TB, password string) string {
	t.Helper()
	return c.writeP12(t, pkcs12.LegacyDES, password)
}

func (c *ClientCert) writeP12(t testing.TB, enc *pkcs12.Encoder, password string) string {
	t.Helper()
	data, err := enc.Encode(c.Key, c.Cert, []*x509.Certificate{c.ca.Cert}, password)
	if err != nil {
		t.Fatalf("invoketest: encoding PKCS#12: %v", err)
	}
	return writeFile(t, "client.p12", data)
}

// Client returns an http.Client that trusts only this CA and, when cert is
// not nil, presents cert. It has a 10 s timeout, and its idle connections
// are closed when the test ends.
func (ca *CA) Client(t testing.TB, cert *ClientCert) *http.Client {
	cfg := &tls.Config{RootCAs: ca.Pool()}
	if cert != nil {
		cfg.Certificates = []tls.Certificate{cert.TLS}
	}
	tr := &http.Transport{TLSClientConfig: cfg}
	t.Cleanup(tr.CloseIdleConnections)
	return &http.Client{Transport: tr, Timeout: 10 * time.Second}
}

func (ca *CA) sign(t testing.TB, tmpl *x509.Certificate, key crypto.Signer) *x509.Certificate {
	t.Helper()
	der, err := x509.CreateCertificate(rand.Reader, tmpl, ca.Cert, key.Public(), ca.Key)
	if err != nil {
		t.Fatalf("invoketest: issuing a certificate: %v", err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatalf("invoketest: parsing a certificate: %v", err)
	}
	return cert
}

func leafTemplate(t testing.TB, cn string) *x509.Certificate {
	return &x509.Certificate{
		SerialNumber: serial(t),
		Subject:      pkix.Name{CommonName: cn, Organization: []string{"invoketest"}},
		NotBefore:    time.Now().Add(-time.Hour),
		NotAfter:     time.Now().Add(24 * time.Hour),
		KeyUsage:     x509.KeyUsageDigitalSignature | x509.KeyUsageKeyEncipherment,
	}
}

func newECKey(t testing.TB) *ecdsa.PrivateKey {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatalf("invoketest: generating a key: %v", err)
	}
	return key
}

func serial(t testing.TB) *big.Int {
	t.Helper()
	n, err := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 62))
	if err != nil {
		t.Fatalf("invoketest: serial: %v", err)
	}
	return n.Add(n, big.NewInt(1))
}

func writeFile(t testing.TB, name string, data []byte) string {
	t.Helper()
	return writeFileIn(t, t.TempDir(), name, data)
}

func writeFileIn(t testing.TB, dir, name string, data []byte) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, data, 0o600); err != nil {
		t.Fatalf("invoketest: writing %s: %v", p, err)
	}
	return p
}
