package invoke

import (
	"bufio"
	"context"
	"crypto/sha256"
	"crypto/tls"
	"crypto/x509"
	"encoding/base64"
	"errors"
	"fmt"
	"math"
	"net"
	"net/http"
	"net/url"
	"os"
	"strings"
	"time"

	"junction/backend/domain"
)

// Probe step statuses.
const (
	ProbeOK      = "ok"      // the step succeeded
	ProbeFailed  = "failed"  // the step failed; Reason and Error say why
	ProbeSkipped = "skipped" // the step did not run (an earlier one failed, or it does not apply)
)

// ProbeResult is what a connection check found, step by step: DNS lookup,
// TCP connect, the proxy tunnel (when a proxy is used), the TLS handshake
// (https) and the first HTTP answer. A failed step has a stable Reason code
// (for a translated headline) and an Error in plain words.
type ProbeResult struct {
	// OK is true when every step that applies succeeded, the server's
	// certificate verified (or verification is skipped by the connection) and
	// the configured certificate files could be read.
	OK bool `json:"ok"`
	// URL is protocol://host/basePath, what the check aimed at.
	URL string `json:"url"`
	// Proxy is the proxy the check went through, its password hidden; empty
	// when it went direct.
	Proxy string `json:"proxy"`
	// Error says why the connection could not be checked at all (a setting
	// that is not usable); the steps are then all skipped.
	Error string `json:"error,omitempty"`
	// ErrorNote is Error with its reason and params, for the UI's language.
	ErrorNote *domain.Note `json:"errorNote,omitempty"`
	DNS       ProbeStep    `json:"dns"`
	TCP       ProbeStep    `json:"tcp"`
	Tunnel    *ProbeStep   `json:"tunnel,omitempty"` // the proxy's CONNECT, when one is used for https
	TLS       *ProbeTLS    `json:"tls,omitempty"`    // https only
	HTTP      ProbeHTTP    `json:"http"`
	// Token is the token request of a token-exchange connection, made with
	// the chosen account once the server is reachable (never cached), redacted.
	Token   *TokenStep `json:"token,omitempty"`
	TotalMs float64    `json:"totalMs"`
}

// ProbeStep is one step of a check.
type ProbeStep struct {
	Status string  `json:"status"` // ok | failed | skipped
	Ms     float64 `json:"ms"`
	// Host is what the step worked on: the name looked up, the address
	// dialled, the server name of the handshake.
	Host string `json:"host"`
	// Addresses are the addresses a DNS lookup returned.
	Addresses []string `json:"addresses,omitempty"`
	// Reason is a stable code of a failure: timeout, cancelled, dnsNotFound,
	// dnsFailed, refused, reset, closed, unreachable, notTLS, certRequired,
	// certRefused, noCommonVersion, tlsRefused, proxyRefused, proxyAuth,
	// socksUnchecked, other.
	Reason string `json:"reason,omitempty"`
	// Error is the failure in plain words.
	Error string `json:"error,omitempty"`
	// Note is Error with its reason and params, for the UI's language; nil
	// for a failure that has no reason yet.
	Note *domain.Note `json:"note,omitempty"`
}

// ProbeTLS is the TLS handshake with what it showed of the server's certificate.
type ProbeTLS struct {
	ProbeStep
	Version     string `json:"version"`     // "TLS 1.3"
	CipherSuite string `json:"cipherSuite"` // "TLS_AES_128_GCM_SHA256"
	// SkipVerify is the connection's setting; the certificate is still
	// checked so that the result can say whether it would verify.
	SkipVerify bool `json:"skipVerify"`
	Verified   bool `json:"verified"`
	// VerifyReason is unknownAuthority, hostnameMismatch, expired,
	// certInvalid or other when Verified is false.
	VerifyReason string       `json:"verifyReason,omitempty"`
	VerifyError  string       `json:"verifyError,omitempty"`
	VerifyNote   *domain.Note `json:"verifyNote,omitempty"`
	// Chain is what the server sent, its own certificate first.
	Chain []ProbeCert `json:"chain"`
	// CABundle is the connection's CA bundle, when one applies.
	CABundle *ProbeFile `json:"caBundle,omitempty"`
	// ClientCert is the connection's client certificate, when one is set.
	ClientCert *ProbeClientCert `json:"clientCert,omitempty"`
	// ClientCertRequested says that the server asked for a client
	// certificate; ClientCertSent that one was sent.
	ClientCertRequested bool `json:"clientCertRequested"`
	ClientCertSent      bool `json:"clientCertSent"`
}

// ProbeCert describes one certificate.
type ProbeCert struct {
	Subject    string    `json:"subject"`
	Issuer     string    `json:"issuer"`
	SANs       []string  `json:"sans"`
	NotBefore  time.Time `json:"notBefore" ts_type:"string"`
	NotAfter   time.Time `json:"notAfter" ts_type:"string"`
	DaysLeft   int       `json:"daysLeft"` // whole days until NotAfter; negative once expired
	SelfSigned bool      `json:"selfSigned"`
	SHA256     string    `json:"sha256"` // fingerprint, upper-case hex pairs joined by ':'
}

// ProbeFile is a file a connection names and whether it could be used.
type ProbeFile struct {
	Path   string `json:"path"`
	Loaded bool   `json:"loaded"`
	Error  string `json:"error,omitempty"`
	// Note is Error with its reason and params, for the UI's language.
	Note *domain.Note `json:"note,omitempty"`
}

// ProbeClientCert is the client certificate and whether it could be loaded.
type ProbeClientCert struct {
	ProbeFile
	Subject  string    `json:"subject,omitempty"`
	Issuer   string    `json:"issuer,omitempty"`
	NotAfter time.Time `json:"notAfter" ts_type:"string"`
	DaysLeft int       `json:"daysLeft"`
}

// ProbeHTTP is the first HTTP answer: a HEAD of the base path. Any status
// counts as an answer; the check is about reaching the system, not about
// what one path says.
type ProbeHTTP struct {
	ProbeStep
	Method     string `json:"method"`
	Path       string `json:"path"`
	StatusCode int    `json:"statusCode"`
	StatusText string `json:"statusText"` // "404 Not Found"
	Server     string `json:"server"`     // the Server header
}

// prober is the state of one check.
type prober struct {
	e      *Engine
	ci     *connInfo
	res    *ProbeResult
	parent context.Context // the caller's context
	ctx    context.Context // parent with the connect timeout
	acct   *Account        // for the token request
}

// Probe checks whether the connection's system can be reached, step by
// step, as the pipeline would reach it: DNS lookup, TCP connect (to the
// proxy when one is set, then its CONNECT tunnel for https), the TLS
// handshake with the connection's TLS settings (CA bundle, client
// certificate, skip verification) and a HEAD of the base path. The connect
// timeout covers everything up to the end of the handshake, the response
// timeout the HTTP answer. A token-exchange connection then makes its token
// request with t.Account as a call would (Token); no other scheme sends its
// credentials.
//
// The TLS configuration is the one the pipeline's transport builds. The
// server's certificate is verified apart from the handshake, so that a
// certificate that does not verify is still shown, with the reason.
func (e *Engine) Probe(ctx context.Context, t Target) ProbeResult {
	start := time.Now()
	res := ProbeResult{}
	skipAll(&res)
	ci, err := newConnInfo(&t.Connection, t.CertPassword)
	if err != nil {
		res.Error = err.Error()
		if reason := domain.ErrorReason(err); reason != "" {
			res.ErrorNote = &domain.Note{Reason: reason, Params: domain.ErrorParams(err), Text: res.Error}
		}
		return res
	}
	res.URL = ci.origin + ci.basePath
	p := &prober{e: e, ci: ci, res: &res, parent: ctx, acct: t.Account}
	p.run()
	res.TotalMs = ms(time.Since(start))
	res.OK = res.Error == "" && res.DNS.Status == ProbeOK && res.TCP.Status == ProbeOK && res.HTTP.Status == ProbeOK &&
		(res.Tunnel == nil || res.Tunnel.Status == ProbeOK) && tlsOK(res.TLS) && (res.Token == nil || res.Token.Error == "")
	return res
}

func skipAll(res *ProbeResult) {
	res.DNS.Status, res.TCP.Status, res.HTTP.Status = ProbeSkipped, ProbeSkipped, ProbeSkipped
	res.HTTP.Method = http.MethodHead
}

func tlsOK(t *ProbeTLS) bool {
	if t == nil {
		return true
	}
	return t.Status == ProbeOK && (t.Verified || t.SkipVerify) &&
		(t.CABundle == nil || t.CABundle.Loaded) && (t.ClientCert == nil || t.ClientCert.Loaded)
}

func (p *prober) run() {
	ci, res := p.ci, p.res
	name, port := splitHostPort(ci.host, ci.protocol)
	path := ci.basePath + "/"
	res.HTTP.Path = path

	// The files are checked one by one so that each can report its own
	// problem; the transport is then built without the ones that failed, so
	// that the handshake still shows what the server offers.
	built := *ci
	if ci.protocol == "https" {
		res.TLS = &ProbeTLS{ProbeStep: ProbeStep{Status: ProbeSkipped, Host: name}, SkipVerify: ci.tls.SkipVerify, Chain: []ProbeCert{}}
		if cp := ci.tls.ClientCertPath; cp != "" {
			cc := &ProbeClientCert{ProbeFile: ProbeFile{Path: cp}}
			if cert, f := loadClientCert(cp, ci.certPassword); f != nil {
				cc.Error, cc.Note = f.cause, f.note
				built.tls.ClientCertPath = ""
			} else {
				cc.Loaded = true
				if leaf := leafOf(cert); leaf != nil {
					cc.Subject, cc.Issuer, cc.NotAfter = leaf.Subject.String(), leaf.Issuer.String(), leaf.NotAfter
					cc.DaysLeft = daysLeft(leaf.NotAfter, p.e.opts.Now())
				}
			}
			res.TLS.ClientCert = cc
		}
		if cp := ci.tls.CACertPath; cp != "" && !ci.tls.SkipVerify {
			ca := &ProbeFile{Path: cp, Loaded: true}
			if _, f := loadCABundle(cp); f != nil {
				ca.Loaded, ca.Error, ca.Note = false, f.cause, f.note
				built.tls.CACertPath = ""
			}
			res.TLS.CABundle = ca
		}
	}
	te, f := newTransport(&built)
	if f != nil {
		res.Error, res.ErrorNote = f.cause, f.note
		return
	}
	defer te.tr.CloseIdleConnections()

	target := &url.URL{Scheme: ci.protocol, Host: ci.host, Path: path}
	var proxy *url.URL
	if te.tr.Proxy != nil {
		u, err := te.tr.Proxy(&http.Request{Method: http.MethodHead, URL: target, Header: http.Header{}})
		if err != nil {
			n := domain.Notef(domain.RCheckSystemProxy, "the system proxy setting cannot be used: %s", "detail", err.Error())
			res.Error, res.ErrorNote = n.Text, &n
			return
		}
		proxy = u
	}
	dialName, dialPort := name, port
	if proxy != nil {
		res.Proxy = proxy.Redacted()
		dialName, dialPort = splitHostPort(proxy.Host, proxy.Scheme)
		if proxy.Port() == "" && proxy.Scheme == "socks5" {
			dialPort = "1080"
		}
	}

	ctx, cancel := context.WithTimeout(p.parent, ci.connectTO)
	defer cancel()
	p.ctx = ctx

	addrs, ok := p.lookup(dialName)
	if !ok {
		return
	}
	conn, ok := p.dial(addrs, dialPort)
	if !ok {
		return
	}
	defer conn.Close()
	// Reads and writes below honour the caller's cancellation too.
	stop := context.AfterFunc(p.parent, func() { conn.SetDeadline(time.Unix(1, 0)) })
	defer stop()

	if proxy != nil {
		if proxy.Scheme == "socks5" {
			res.Tunnel = &ProbeStep{Status: ProbeSkipped, Host: ci.host, Reason: "socksUnchecked",
				Error: "the SOCKS5 proxy accepts connections; the way through it to " + ci.host + " is not checked"}
			if res.TLS != nil {
				res.TLS.Status = ProbeSkipped
			}
			return
		}
		if ci.protocol == "https" {
			if conn, ok = p.tunnel(conn, proxy); !ok {
				return
			}
		}
	}
	if ci.protocol == "https" {
		tc, ok := p.handshake(conn, te.tr.TLSClientConfig, name)
		if !ok {
			return
		}
		conn = tc
	}
	p.head(conn, target, proxy != nil && ci.protocol == "http", proxy)
	if p.res.HTTP.Status == ProbeOK {
		p.token(te)
	}
}

// token makes the token request of a token-exchange connection with the
// chosen account, over the check's transport, without touching the token
// cache: the check shows what the exchange answers now.
func (p *prober) token(te *transportEntry) {
	ci := p.ci
	if ci.auth.Type != domain.AuthTokenExchange {
		return
	}
	spec, err := p.e.tokens.spec(ci.auth.TokenExchange)
	if err == nil {
		err = checkAccount(ci, p.acct)
	}
	if err != nil {
		p.res.Token = &TokenStep{Request: RequestRecord{Headers: map[string]string{}}, ResponseHeaders: map[string]string{}, Error: err.Error()}
		return
	}
	ec := &evalCtx{sys: &sysFields{now: p.e.opts.Now()}}
	if p.acct != nil {
		ec.account = p.acct.Fields
	}
	tok, step, _ := fetchToken(p.parent, p.e.opts.Now(), ci, te, spec, ec, p.e.bodies)
	red := newRedactor(authHeaders(ci))
	AddAccountSecrets(&red.Redactor, ci.auth.Type, p.acct)
	red.Add(ci.certPassword)
	if tok != nil {
		red.Add(tok.token)
	}
	red.tokenStep(step)
	p.res.Token = step
}

// lookup resolves name; an IP address needs no lookup.
func (p *prober) lookup(name string) ([]string, bool) {
	st := &p.res.DNS
	st.Host = name
	if ip := net.ParseIP(name); ip != nil {
		st.Status, st.Addresses = ProbeOK, []string{ip.String()}
		return st.Addresses, true
	}
	start := time.Now()
	ips, err := net.DefaultResolver.LookupIPAddr(p.ctx, name)
	st.Ms = ms(time.Since(start))
	if err == nil && len(ips) == 0 {
		err = &net.DNSError{Err: "no addresses", Name: name, IsNotFound: true}
	}
	if err != nil {
		p.fail(st, err, stepResolving(name), name)
		return nil, false
	}
	for _, ip := range ips {
		st.Addresses = append(st.Addresses, ip.String())
	}
	st.Status = ProbeOK
	return st.Addresses, true
}

// dial connects to the first address that answers, in the resolver's order.
func (p *prober) dial(addrs []string, port string) (net.Conn, bool) {
	st := &p.res.TCP
	var d net.Dialer
	var firstErr error
	start := time.Now()
	for _, a := range addrs {
		addr := net.JoinHostPort(a, port)
		st.Host = addr
		c, err := d.DialContext(p.ctx, "tcp", addr)
		if err == nil {
			st.Ms, st.Status = ms(time.Since(start)), ProbeOK
			return c, true
		}
		if firstErr == nil {
			firstErr = err
		}
		if p.ctx.Err() != nil {
			break
		}
	}
	st.Ms = ms(time.Since(start))
	if len(addrs) > 1 && p.ctx.Err() == nil {
		st.Host = net.JoinHostPort(addrs[0], port)
	}
	p.fail(st, firstErr, stepTCP(st.Host), st.Host)
	return nil, false
}

// tunnel asks an HTTP proxy for a CONNECT tunnel to the connection's host.
func (p *prober) tunnel(conn net.Conn, proxy *url.URL) (net.Conn, bool) {
	ci := p.ci
	st := &ProbeStep{Status: ProbeFailed, Host: ci.host}
	p.res.Tunnel = st
	start := time.Now()
	if dl, ok := p.ctx.Deadline(); ok {
		conn.SetDeadline(dl)
	}
	defer conn.SetDeadline(time.Time{})
	if proxy.Scheme == "https" {
		tc := tls.Client(conn, &tls.Config{ServerName: proxy.Hostname()})
		if err := tc.HandshakeContext(p.ctx); err != nil {
			st.Ms = ms(time.Since(start))
			p.fail(st, err, phase{true, domain.RTimeoutProxyTLS, "TLS handshake with the proxy %s not completed", []string{"proxy", proxy.Host}}, proxy.Host)
			return nil, false
		}
		conn = tc
	}
	target := ci.host
	if _, _, err := net.SplitHostPort(target); err != nil {
		target = net.JoinHostPort(strings.Trim(target, "[]"), "443")
	}
	req := &http.Request{Method: http.MethodConnect, URL: &url.URL{Opaque: target}, Host: target, Header: http.Header{}}
	if u := proxy.User; u != nil {
		pw, _ := u.Password()
		req.Header.Set("Proxy-Authorization", "Basic "+base64.StdEncoding.EncodeToString([]byte(u.Username()+":"+pw)))
	}
	br := bufio.NewReader(conn)
	err := req.Write(conn)
	var resp *http.Response
	if err == nil {
		resp, err = http.ReadResponse(br, req)
	}
	st.Ms = ms(time.Since(start))
	if err != nil {
		p.fail(st, err, phase{true, domain.RTimeoutProxyConnect, "the proxy %s did not answer the CONNECT to %s", []string{"proxy", proxy.Host, "target", target}}, proxy.Host)
		return nil, false
	}
	resp.Body.Close()
	switch {
	case resp.StatusCode == http.StatusProxyAuthRequired:
		st.fault("proxyAuth", domain.Notef(domain.RCheckProxyAuth, "the proxy %s asks for credentials (%s): write them into the proxy URL, http://user:password@proxy:port", "proxy", proxy.Host, "status", resp.Status))
		return nil, false
	case resp.StatusCode/100 != 2:
		st.fault("proxyRefused", domain.Notef(domain.RCheckProxyRefused, "the proxy %s refused the tunnel to %s: %s", "proxy", proxy.Host, "target", target, "status", resp.Status))
		return nil, false
	}
	if br.Buffered() > 0 {
		st.fault("other", domain.Notef(domain.RCheckProxyEarlyData, "the proxy %s sent data before the tunnel was open", "proxy", proxy.Host))
		return nil, false
	}
	st.Status = ProbeOK
	return conn, true
}

// handshake runs the TLS handshake with the transport's configuration and
// verifies the server's certificate apart from it.
func (p *prober) handshake(conn net.Conn, base *tls.Config, name string) (net.Conn, bool) {
	st := p.res.TLS
	cfg := base.Clone()
	roots := cfg.RootCAs
	cfg.ServerName = name
	cfg.InsecureSkipVerify = true //nolint:gosec // verified below, so that the certificate can be shown either way
	cfg.NextProtos = []string{"http/1.1"}
	var own *tls.Certificate
	if len(cfg.Certificates) > 0 {
		own = &cfg.Certificates[0]
	}
	cfg.Certificates = nil
	cfg.GetClientCertificate = func(*tls.CertificateRequestInfo) (*tls.Certificate, error) {
		st.ClientCertRequested = true
		if own != nil {
			st.ClientCertSent = true
			return own, nil
		}
		return &tls.Certificate{}, nil
	}
	tc := tls.Client(conn, cfg)
	start := time.Now()
	err := tc.HandshakeContext(p.ctx)
	st.Ms = ms(time.Since(start))
	if err != nil {
		p.fail(&st.ProbeStep, err, stepTLS(p.ci.host), p.ci.host)
		return nil, false
	}
	st.Status = ProbeOK
	cs := tc.ConnectionState()
	st.Version = tls.VersionName(cs.Version)
	st.CipherSuite = tls.CipherSuiteName(cs.CipherSuite)
	now := p.e.opts.Now()
	for _, c := range cs.PeerCertificates {
		st.Chain = append(st.Chain, describeCert(c, now))
	}
	if len(cs.PeerCertificates) == 0 {
		n := domain.NoteOf(domain.RCheckNoCert, "the server sent no certificate")
		st.VerifyReason, st.VerifyError, st.VerifyNote = "other", n.Text, &n
		return tc, true
	}
	opts := x509.VerifyOptions{Roots: roots, DNSName: name, CurrentTime: now, Intermediates: x509.NewCertPool()}
	for _, c := range cs.PeerCertificates[1:] {
		opts.Intermediates.AddCert(c)
	}
	if _, err := cs.PeerCertificates[0].Verify(opts); err != nil {
		nf := classifyNet(err, p.ci.host)
		st.VerifyReason, st.VerifyError, st.VerifyNote = nf.kind, nf.note.Text, &nf.note
	} else {
		st.Verified = true
	}
	return tc, true
}

// head sends HEAD basePath/ and reads the status line and headers. Behind
// an HTTP proxy a plain-http request goes to the proxy in absolute form.
func (p *prober) head(conn net.Conn, target *url.URL, viaProxy bool, proxy *url.URL) {
	st := &p.res.HTTP
	st.Status, st.Host = ProbeFailed, p.ci.host
	p.ctx = nil // the connect timeout no longer applies
	req := &http.Request{Method: http.MethodHead, URL: target, Host: p.ci.host, Header: http.Header{}, Close: true}
	req.Header.Set("User-Agent", "Junction connection check")
	req.Header.Set("Accept", "*/*")
	conn.SetDeadline(time.Now().Add(p.ci.responseTO))
	start := time.Now()
	var err error
	if viaProxy {
		if u := proxy.User; u != nil {
			pw, _ := u.Password()
			req.Header.Set("Proxy-Authorization", "Basic "+base64.StdEncoding.EncodeToString([]byte(u.Username()+":"+pw)))
		}
		err = req.WriteProxy(conn)
	} else {
		err = req.Write(conn)
	}
	var resp *http.Response
	if err == nil {
		resp, err = http.ReadResponse(bufio.NewReader(conn), req)
	}
	st.Ms = ms(time.Since(start))
	if err != nil {
		// Under TLS 1.3 the server judges the client certificate after the
		// client's side of the handshake is done: its refusal arrives here.
		if _, alert := tlsAlert(err); alert && p.res.TLS != nil {
			t := p.res.TLS
			t.Status = ProbeFailed
			t.set(classifyNet(err, p.ci.host))
			st.Status = ProbeSkipped
			return
		}
		if p.parent.Err() == nil && errors.Is(err, os.ErrDeadlineExceeded) {
			st.fault("timeout", (&timeoutCause{after: p.ci.responseTO, step: stepNoAnswer}).note())
			return
		}
		p.fail(&st.ProbeStep, err, stepConnect, p.ci.host)
		return
	}
	resp.Body.Close()
	st.Status, st.StatusCode, st.StatusText, st.Server = ProbeOK, resp.StatusCode, resp.Status, resp.Header.Get("Server")
}

// fail marks a step failed with a reason code and plain words. host names
// the other end in the words.
func (p *prober) fail(st *ProbeStep, err error, at phase, host string) {
	st.Status = ProbeFailed
	switch {
	case p.parent.Err() != nil:
		st.fault("cancelled", domain.NoteOf(domain.RCheckCancelled, "the check was cancelled before it completed"))
	case p.ctx != nil && p.ctx.Err() != nil || errors.Is(err, os.ErrDeadlineExceeded):
		st.fault("timeout", (&timeoutCause{after: p.ci.connectTO, step: at}).note())
	default:
		st.set(classifyNet(err, host))
	}
}

// set records a classified failure on a step.
func (st *ProbeStep) set(nf netFault) {
	st.fault(nf.kind, nf.note)
}

// fault records a failure on a step: its stable code and its sentence.
func (st *ProbeStep) fault(code string, n domain.Note) {
	st.Reason, st.Error, st.Note = code, n.Text, &n
}

func describeCert(c *x509.Certificate, now time.Time) ProbeCert {
	pc := ProbeCert{Subject: c.Subject.String(), Issuer: c.Issuer.String(), SANs: append([]string{}, c.DNSNames...),
		NotBefore: c.NotBefore, NotAfter: c.NotAfter, DaysLeft: daysLeft(c.NotAfter, now),
		SelfSigned: c.Subject.String() == c.Issuer.String() && c.CheckSignatureFrom(c) == nil}
	for _, ip := range c.IPAddresses {
		pc.SANs = append(pc.SANs, ip.String())
	}
	for _, e := range c.EmailAddresses {
		pc.SANs = append(pc.SANs, "email:"+e)
	}
	for _, u := range c.URIs {
		pc.SANs = append(pc.SANs, u.String())
	}
	sum := sha256.Sum256(c.Raw)
	hexed := make([]string, len(sum))
	for i, b := range sum {
		hexed[i] = fmt.Sprintf("%02X", b)
	}
	pc.SHA256 = strings.Join(hexed, ":")
	return pc
}

// daysLeft counts whole days from now to t, negative once t has passed.
func daysLeft(t, now time.Time) int {
	return int(math.Floor(t.Sub(now).Hours() / 24))
}

func leafOf(c tls.Certificate) *x509.Certificate {
	if c.Leaf != nil {
		return c.Leaf
	}
	if len(c.Certificate) == 0 {
		return nil
	}
	leaf, err := x509.ParseCertificate(c.Certificate[0])
	if err != nil {
		return nil
	}
	return leaf
}

// splitHostPort splits host[:port], giving the scheme's default port when
// there is none.
func splitHostPort(host, scheme string) (name, port string) {
	if h, p, err := net.SplitHostPort(host); err == nil {
		return h, p
	}
	name = strings.TrimSuffix(strings.TrimPrefix(host, "["), "]")
	switch scheme {
	case "https":
		return name, "443"
	case "socks5":
		return name, "1080"
	}
	return name, "80"
}
