package invoke

import (
	"bytes"
	"context"
	"crypto/sha256"
	"crypto/tls"
	"crypto/x509"
	"encoding/hex"
	"encoding/pem"
	"errors"
	"io"
	"io/fs"
	"net"
	"net/http"
	"net/http/httptrace"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"software.sslmate.com/src/go-pkcs12"

	"junction/backend/domain"
)

// maxRedirects is how many redirects a call follows.
const maxRedirects = 10

var errTooManyRedirects = errors.New("more than 10 redirects")

// transportEntry is one pooled transport and the client that follows
// redirects over it.
type transportEntry struct {
	connID string
	tr     *http.Transport
	client *http.Client
}

// transportCache holds one pooled transport per connection settings.
type transportCache struct {
	mu sync.Mutex
	m  map[string]*transportEntry
}

func newTransportCache() *transportCache {
	return &transportCache{m: map[string]*transportEntry{}}
}

// settingsKey names everything a transport is built from: the connection,
// protocol, host, TLS options, the certificate and CA files (path, size and
// modification time, so a replaced file is read again), a hash of the
// certificate password, the proxy and the connect timeout.
func settingsKey(ci *connInfo) string {
	var b strings.Builder
	b.Grow(96)
	b.WriteString(ci.id)
	b.WriteByte('|')
	b.WriteString(ci.protocol)
	b.WriteByte('|')
	b.WriteString(ci.host)
	b.WriteByte('|')
	b.WriteString(ci.proxy)
	b.WriteByte('|')
	b.WriteString(strconv.FormatInt(int64(ci.connectTO), 10))
	if ci.protocol == "https" {
		if ci.tls.SkipVerify {
			b.WriteString("|skip")
		}
		if p := ci.tls.ClientCertPath; p != "" {
			b.WriteString("|cert=")
			b.WriteString(p)
			b.WriteString(fileStamp(p))
			sum := sha256.Sum256([]byte(ci.certPassword))
			b.WriteString(hex.EncodeToString(sum[:8]))
		}
		if p := ci.tls.CACertPath; p != "" && !ci.tls.SkipVerify {
			b.WriteString("|ca=")
			b.WriteString(p)
			b.WriteString(fileStamp(p))
		}
	}
	return b.String()
}

func fileStamp(path string) string {
	st, err := os.Stat(path)
	if err != nil {
		return "|missing"
	}
	return "|" + strconv.FormatInt(st.Size(), 10) + "@" + strconv.FormatInt(st.ModTime().UnixNano(), 10)
}

// get returns the transport for the connection's settings, building it on
// first use. Certificate problems are failures with a plain cause.
func (c *transportCache) get(ci *connInfo) (*transportEntry, *failure) {
	key := settingsKey(ci)
	c.mu.Lock()
	te := c.m[key]
	c.mu.Unlock()
	if te != nil {
		return te, nil
	}
	te, f := newTransport(ci)
	if f != nil {
		return nil, f
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if old := c.m[key]; old != nil { // built concurrently: keep the first
		te.tr.CloseIdleConnections()
		return old, nil
	}
	// Settings of this connection changed: retire its old transports.
	for k, old := range c.m {
		if old.connID == ci.id {
			old.tr.CloseIdleConnections()
			delete(c.m, k)
		}
	}
	c.m[key] = te
	return te, nil
}

// drop closes and forgets the transports of a connection.
func (c *transportCache) drop(connectionID string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for k, te := range c.m {
		if te.connID == connectionID {
			te.tr.CloseIdleConnections()
			delete(c.m, k)
		}
	}
}

func newTransport(ci *connInfo) (*transportEntry, *failure) {
	// The connect timeout of a call is enforced by send across dial and TLS
	// together; these are only safety nets behind it.
	dialer := &net.Dialer{Timeout: ci.connectTO + time.Second, KeepAlive: 30 * time.Second}
	tr := &http.Transport{
		DialContext:           dialer.DialContext,
		TLSHandshakeTimeout:   ci.connectTO + time.Second,
		MaxIdleConns:          256,
		MaxIdleConnsPerHost:   64,
		IdleConnTimeout:       90 * time.Second,
		ExpectContinueTimeout: time.Second,
		ForceAttemptHTTP2:     true,
	}
	switch ci.proxy {
	case "", "none":
		tr.Proxy = nil
	case "system":
		tr.Proxy = http.ProxyFromEnvironment
	default:
		u, err := url.Parse(ci.proxy)
		if err != nil || u.Host == "" {
			return nil, fail(VerdictError, domain.RCallProxyNotURL, "the proxy %s is not a URL such as http://proxy:8080", "proxy", strconv.Quote(ci.proxy))
		}
		tr.Proxy = http.ProxyURL(u)
	}
	if ci.protocol == "https" {
		cfg := &tls.Config{
			InsecureSkipVerify: ci.tls.SkipVerify, //nolint:gosec // the connection asks for it
			// Some IIS servers ask for the client certificate by renegotiating.
			Renegotiation: tls.RenegotiateOnceAsClient,
		}
		if p := ci.tls.CACertPath; p != "" && !ci.tls.SkipVerify {
			pool, f := loadCABundle(p)
			if f != nil {
				return nil, f
			}
			cfg.RootCAs = pool
		}
		if p := ci.tls.ClientCertPath; p != "" {
			cert, f := loadClientCert(p, ci.certPassword)
			if f != nil {
				return nil, f
			}
			cfg.Certificates = []tls.Certificate{cert}
		}
		tr.TLSClientConfig = cfg
	}
	client := &http.Client{
		Transport:     tr,
		CheckRedirect: checkRedirect,
	}
	return &transportEntry{connID: ci.id, tr: tr, client: client}, nil
}

// loadCABundle returns the system roots plus the certificates of a PEM
// bundle: a company CA is trusted in addition to the public ones.
func loadCABundle(path string) (*x509.CertPool, *failure) {
	data, f := readCertFailure(caFile, path)
	if f != nil {
		return nil, f
	}
	pool, err := x509.SystemCertPool()
	if err != nil || pool == nil {
		pool = x509.NewCertPool()
	}
	if !pool.AppendCertsFromPEM(data) {
		cert, derr := x509.ParseCertificate(data)
		if derr != nil {
			return nil, fail(VerdictError, domain.RCallCANoCert, "the CA bundle %s holds no certificate (a PEM file with -----BEGIN CERTIFICATE----- blocks, or one DER certificate, is expected)", "path", path)
		}
		pool.AddCert(cert)
	}
	return pool, nil
}

// fileError says in plain words why a file could not be read.
func fileError(err error) string {
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return "no such file"
	case errors.Is(err, fs.ErrPermission):
		return "permission denied"
	}
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}

// loadClientCert reads a client certificate. Accepted, told apart by
// content (not by file name):
//   - PEM with the certificate (and its chain) and the private key in one
//     file;
//   - PEM with the certificate only, the key beside it (see keyCandidates:
//     client.pem + client.key or client-key.pem, client-cert.pem +
//     client-key.pem, cert.pem + key.pem, ...);
//   - a legacy encrypted PEM key (Proc-Type: 4,ENCRYPTED), opened with the
//     password;
//   - PKCS#12 (.p12/.pfx) opened with the password.
func loadClientCert(path, password string) (tls.Certificate, *failure) {
	data, f := readCertFailure(clientCertFile, path)
	if f != nil {
		return tls.Certificate{}, f
	}
	if bytes.Contains(data, []byte("-----BEGIN")) {
		return loadPEMCert(path, data, password)
	}
	key, cert, chain, err := pkcs12.DecodeChain(data, password)
	if err != nil {
		if errors.Is(err, pkcs12.ErrIncorrectPassword) {
			if password == "" {
				return tls.Certificate{}, fail(VerdictError, domain.RCallCertNeedsPass, "client certificate %s: it needs a password and none is set", "path", path)
			}
			return tls.Certificate{}, fail(VerdictError, domain.RCallCertWrongPass, "client certificate %s: wrong password", "path", path)
		}
		return tls.Certificate{}, fail(VerdictError, domain.RCallCertFormat, "client certificate %s is neither PEM nor a PKCS#12 file Junction can read: %s", "path", path, "detail", err.Error())
	}
	tc := tls.Certificate{Certificate: [][]byte{cert.Raw}, PrivateKey: key, Leaf: cert}
	for _, c := range chain {
		tc.Certificate = append(tc.Certificate, c.Raw)
	}
	return tc, nil
}

func loadPEMCert(path string, data []byte, password string) (tls.Certificate, *failure) {
	certPEM, keyPEM, f := splitPEM(path, data, password)
	if f != nil {
		return tls.Certificate{}, f
	}
	if len(certPEM) == 0 {
		return tls.Certificate{}, fail(VerdictError, domain.RCallCertNoCert, "client certificate %s holds no certificate (-----BEGIN CERTIFICATE-----)", "path", path)
	}
	if len(keyPEM) == 0 {
		candidates := keyCandidates(path)
		for _, kp := range candidates {
			if _, err := os.Lstat(kp); errors.Is(err, fs.ErrNotExist) {
				continue
			}
			kd, f := readCertFailure(keyFile, kp)
			if f != nil {
				return tls.Certificate{}, f
			}
			_, k, f := splitPEM(kp, kd, password)
			if f != nil {
				return tls.Certificate{}, f
			}
			if len(k) > 0 {
				keyPEM = k
				break
			}
		}
		if len(keyPEM) == 0 {
			return tls.Certificate{}, fail(VerdictError, domain.RCallCertNoKey, "client certificate %s holds no private key, and none was found beside it (%s)", "path", path, "candidates", strings.Join(candidates, ", "))
		}
	}
	cert, err := tls.X509KeyPair(certPEM, keyPEM)
	if err != nil {
		return tls.Certificate{}, fail(VerdictError, domain.RCallCertInvalid, "client certificate %s: %s", "path", path, "detail", strings.TrimPrefix(err.Error(), "tls: "))
	}
	return cert, nil
}

// keyCandidates are the files where the key of a certificate-only PEM file
// is looked for: client.pem -> client.key, client-key.pem, client.key.pem,
// client.pem.key; client-cert.pem -> also client-key.pem, client-key.key;
// cert.pem or fullchain.pem -> also key.pem, privkey.pem.
func keyCandidates(path string) []string {
	dir, base := filepath.Split(path)
	ext := filepath.Ext(base)
	stem := strings.TrimSuffix(base, ext)
	names := []string{stem + ".key", stem + "-key.pem", stem + ".key.pem", base + ".key"}
	for _, word := range []string{"cert", "crt"} {
		if i := strings.LastIndex(stem, word); i >= 0 {
			k := stem[:i] + "key" + stem[i+len(word):]
			names = append(names, k+".pem", k+".key", k+ext)
		}
	}
	if base == "fullchain.pem" || base == "cert.pem" {
		names = append(names, "privkey.pem")
	}
	var out []string
	for _, n := range names {
		if p := filepath.Join(dir, n); p != path && !slices.Contains(out, p) {
			out = append(out, p)
		}
	}
	return out
}

// splitPEM separates certificate and key blocks, decrypting a legacy
// encrypted key with the password.
func splitPEM(path string, data []byte, password string) (certPEM, keyPEM []byte, f *failure) {
	for {
		var block *pem.Block
		block, data = pem.Decode(data)
		if block == nil {
			return certPEM, keyPEM, nil
		}
		switch {
		case block.Type == "CERTIFICATE":
			certPEM = append(certPEM, pem.EncodeToMemory(block)...)
		case block.Type == "ENCRYPTED PRIVATE KEY":
			return nil, nil, fail(VerdictError, domain.RCallCertPKCS8, "client certificate %s: its key is an encrypted PKCS#8 key, which Junction cannot open; convert it with: openssl pkcs12 -export -in cert.pem -inkey key.pem -out client.p12, and use the .p12 with its password", "path", path)
		case strings.HasSuffix(block.Type, "PRIVATE KEY"):
			//lint:ignore SA1019 legacy encrypted keys are what old systems hand out
			if x509.IsEncryptedPEMBlock(block) {
				if password == "" {
					return nil, nil, fail(VerdictError, domain.RCallCertKeyNoPass, "client certificate %s: its key is encrypted and no password is set", "path", path)
				}
				//lint:ignore SA1019 as above
				der, err := x509.DecryptPEMBlock(block, []byte(password))
				if err != nil || !isPrivateKey(der) {
					// A wrong password passes the padding check now and then:
					// only a key that parses proves the password right.
					return nil, nil, fail(VerdictError, domain.RCallCertWrongPass, "client certificate %s: wrong password", "path", path)
				}
				block = &pem.Block{Type: block.Type, Bytes: der}
			}
			keyPEM = pem.EncodeToMemory(block)
		}
	}
}

func isPrivateKey(der []byte) bool {
	if _, err := x509.ParsePKCS1PrivateKey(der); err == nil {
		return true
	}
	if _, err := x509.ParsePKCS8PrivateKey(der); err == nil {
		return true
	}
	_, err := x509.ParseECPrivateKey(der)
	return err == nil
}

// failure is a call that could not be made or completed: verdict timeout or
// error, and its cause in plain words with its domain reason (note), so that
// the UI can say it in its language.
type failure struct {
	verdict string
	cause   string
	note    *domain.Note
}

// fail builds a failure whose English cause is format filled with the
// params' values (domain.Notef).
func fail(verdict string, reason domain.Reason, format string, kv ...string) *failure {
	return noteFailure(verdict, domain.Notef(reason, format, kv...))
}

func noteFailure(verdict string, n domain.Note) *failure {
	return &failure{verdict: verdict, cause: n.Text, note: &n}
}

// phase is where a request was when a phase timer ran out: a connect step
// (no connection yet) or a response step, with the reason of the timeout's
// sentence and its English words and params.
type phase struct {
	connect bool
	reason  domain.Reason
	format  string
	kv      []string
}

func stepWaiting(host string) phase {
	return phase{true, domain.RTimeoutWaiting, "waiting for a connection to %s", []string{"host", host}}
}
func stepResolving(host string) phase {
	return phase{true, domain.RTimeoutResolving, "resolving %s", []string{"host", host}}
}
func stepTCP(addr string) phase {
	return phase{true, domain.RTimeoutTCP, "TCP connect to %s not completed", []string{"addr", addr}}
}
func stepTLS(host string) phase {
	return phase{true, domain.RTimeoutTLS, "TLS handshake with %s not completed", []string{"host", host}}
}

var (
	stepConnect  = phase{connect: true, reason: domain.RTimeoutConnect}
	stepBody     = phase{reason: domain.RTimeoutBody, format: "the answer started but its body did not arrive in full"}
	stepNoAnswer = phase{reason: domain.RTimeoutNoAnswer, format: "the request was sent; no answer came"}
	stepNotSent  = phase{reason: domain.RTimeoutNotSent, format: "the request could not be sent in full"}
)

// timeoutCause is a phase timeout of one request.
type timeoutCause struct {
	after time.Duration
	step  phase
}

func (t *timeoutCause) note() domain.Note {
	format := "response timeout: the server did not answer in full within %s"
	if t.step.connect {
		format = "connect timeout: no connection within %s"
	}
	if t.step.format != "" {
		format += " (" + t.step.format + ")"
	}
	return domain.Notef(t.step.reason, format, append([]string{"after", t.after.String()}, t.step.kv...)...)
}

func (t *timeoutCause) Error() string { return t.note().Text }

// tracer follows one request's phases: it runs the connect timer until a
// connection is obtained (dial, proxy and TLS handshake), then the response
// timer until the body is read, and keeps the timings.
type tracer struct {
	mu       sync.Mutex
	start    time.Time
	dnsStart time.Time
	conStart time.Time
	tlsStart time.Time
	dns      time.Duration
	connect  time.Duration
	tls      time.Duration
	gotConn  bool
	wrote    bool
	first    time.Duration
	step     phase
	host     string

	connectTO, responseTO time.Duration
	cancel                context.CancelCauseFunc
	// timer runs the connect timeout until the call has a connection, then
	// is reset to run the response timeout (responding): one timer a call.
	timer      *time.Timer
	responding bool
}

// onTimeout is the timer's: the response timeout once it was reset to it,
// else the connect timeout (also when it fired as the connection came).
func (t *tracer) onTimeout() {
	t.mu.Lock()
	responding := t.responding
	t.mu.Unlock()
	if responding {
		t.onResponseTimeout()
	} else {
		t.onConnectTimeout()
	}
}

func (t *tracer) onConnectTimeout() {
	t.mu.Lock()
	step := t.step
	t.mu.Unlock()
	if step.reason == "" {
		step = stepWaiting(t.host)
	}
	t.cancel(&timeoutCause{after: t.connectTO, step: step})
}

func (t *tracer) onResponseTimeout() {
	t.mu.Lock()
	step := stepNotSent
	switch {
	case t.first > 0:
		step = stepBody
	case t.wrote:
		step = stepNoAnswer
	}
	t.mu.Unlock()
	t.cancel(&timeoutCause{after: t.responseTO, step: step})
}

func (t *tracer) trace() *httptrace.ClientTrace {
	return &httptrace.ClientTrace{
		DNSStart: func(httptrace.DNSStartInfo) {
			t.mu.Lock()
			t.dnsStart, t.step = time.Now(), stepResolving(t.host)
			t.mu.Unlock()
		},
		DNSDone: func(httptrace.DNSDoneInfo) {
			t.mu.Lock()
			t.dns += time.Since(t.dnsStart)
			t.mu.Unlock()
		},
		ConnectStart: func(_, addr string) {
			t.mu.Lock()
			t.conStart, t.step = time.Now(), stepTCP(addr)
			t.mu.Unlock()
		},
		ConnectDone: func(_, _ string, _ error) {
			t.mu.Lock()
			t.connect += time.Since(t.conStart)
			t.mu.Unlock()
		},
		TLSHandshakeStart: func() {
			t.mu.Lock()
			t.tlsStart, t.step = time.Now(), stepTLS(t.host)
			t.mu.Unlock()
		},
		TLSHandshakeDone: func(tls.ConnectionState, error) {
			t.mu.Lock()
			t.tls += time.Since(t.tlsStart)
			t.mu.Unlock()
		},
		GotConn: func(httptrace.GotConnInfo) {
			t.mu.Lock()
			if !t.gotConn {
				t.gotConn = true
				if t.timer.Stop() {
					t.timer.Reset(t.responseTO)
					t.responding = true
				}
			}
			t.mu.Unlock()
		},
		WroteRequest: func(httptrace.WroteRequestInfo) {
			t.mu.Lock()
			t.wrote = true
			t.mu.Unlock()
		},
		GotFirstResponseByte: func() {
			t.mu.Lock()
			if t.first == 0 {
				t.first = time.Since(t.start)
			}
			t.mu.Unlock()
		},
	}
}

func (t *tracer) stop() {
	t.mu.Lock()
	t.timer.Stop()
	t.mu.Unlock()
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

func (t *tracer) timing() Timing {
	t.mu.Lock()
	defer t.mu.Unlock()
	return Timing{
		TotalMs:     ms(time.Since(t.start)),
		DNSMs:       ms(t.dns),
		ConnectMs:   ms(t.connect),
		TLSMs:       ms(t.tls),
		FirstByteMs: ms(t.first),
	}
}

// send sends the request over the connection's transport, following up to
// 10 redirects under g's policy (see redirect.go), and reads the body up to
// bodyCap bytes within what lease can reserve of the engine's body budget. The connect timeout
// covers getting a connection (DNS, TCP, proxy, TLS handshake); the response
// timeout covers the rest, from the connection to the end of the body.
func send(ctx context.Context, te *transportEntry, ci *connInfo, out *outgoing, bodyCap int64, g *redirectGuard, lease *bodyLease) (*incoming, Timing, *failure) {
	parent := ctx
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	t := &tracer{start: time.Now(), host: ci.host, connectTO: ci.connectTO, responseTO: ci.responseTO, cancel: cancel}
	t.timer = time.AfterFunc(ci.connectTO, t.onTimeout)
	defer t.stop()

	var body io.Reader
	if out.Body != nil {
		body = bytes.NewReader(out.Body)
	}
	req, err := http.NewRequestWithContext(httptrace.WithClientTrace(withRedirectGuard(ctx, g), t.trace()), out.Method, out.url(), body)
	if err != nil {
		return nil, t.timing(), fail(VerdictError, domain.RCallRequestUnmade, "the request could not be made: %s", "detail", unwrapURLError(err).Error())
	}
	req.Header = out.Header
	if out.host != "" {
		req.Host = out.host
	}
	resp, err := te.client.Do(req)
	if err != nil {
		return nil, t.timing(), classify(parent, ctx, err, ci)
	}
	in := &incoming{Status: resp.StatusCode, Header: resp.Header}
	in.Raw, in.Truncated, err = readBody(ctx, resp, bodyCap, lease)
	resp.Body.Close()
	if err != nil {
		return nil, t.timing(), classify(parent, ctx, err, ci)
	}
	in.Size = int64(len(in.Raw))
	if in.Truncated && resp.ContentLength > in.Size {
		in.Size = resp.ContentLength
	}
	return in, t.timing(), nil
}

// readBody reads up to limit bytes; truncated says there was more. The
// buffer never outgrows what lease holds: a known length reserves its size,
// an unknown one 64 KiB, then the whole cap once it needs more.
func readBody(ctx context.Context, resp *http.Response, limit int64, lease *bodyLease) ([]byte, bool, error) {
	size := min(int64(unknownLengthStart), limit+1)
	if resp.ContentLength >= 0 {
		size = min(resp.ContentLength+1, limit+1)
	}
	if err := lease.ensure(ctx, size); err != nil {
		return nil, false, err
	}
	buf := make([]byte, 0, size)
	for {
		if len(buf) == cap(buf) {
			if int64(len(buf)) > limit {
				break
			}
			if err := lease.ensure(ctx, limit+1); err != nil {
				return nil, false, err
			}
			buf = slices.Grow(buf, int(min(max(int64(cap(buf)), 512), limit+1-int64(len(buf)))))
		}
		end := min(int64(cap(buf)), limit+1)
		n, err := resp.Body.Read(buf[len(buf):end])
		buf = buf[:len(buf)+n]
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, false, err
		}
		if int64(len(buf)) > limit {
			break
		}
	}
	if int64(len(buf)) > limit {
		return buf[:limit], true, nil
	}
	return buf, false, nil
}

// classify turns an error of a call's exchange into a verdict and a cause in
// plain words: the call's own timeouts, cancellation and redirect limits
// here, the network's errors by classifyNet.
func classify(parent, ctx context.Context, err error, ci *connInfo) *failure {
	var tc *timeoutCause
	if errors.As(context.Cause(ctx), &tc) {
		return noteFailure(VerdictTimeout, tc.note())
	}
	if parent.Err() != nil {
		return fail(VerdictError, domain.RCallCancelled, "the call was cancelled before it completed")
	}
	if note, ok := isRedirectRefused(err); ok {
		return noteFailure(VerdictError, note)
	}
	if errors.Is(err, errTooManyRedirects) {
		var ue *url.Error
		if errors.As(err, &ue) {
			return fail(VerdictError, domain.RCallRedirects, "more than %s redirects (the last went to %s)", "max", strconv.Itoa(maxRedirects), "url", ue.URL)
		}
		return fail(VerdictError, domain.RCallRedirectsBare, "more than %s redirects", "max", strconv.Itoa(maxRedirects))
	}
	nf := classifyNet(err, ci.host)
	return noteFailure(nf.verdict, nf.note)
}
