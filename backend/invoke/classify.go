package invoke

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
	"io"
	"net"
	"net/url"
	"strings"
	"syscall"

	"junction/backend/domain"
)

// netFault is what a network or TLS error of a call or a connection check
// means, classified once for both (classifyNet): a stable kind (a check
// step's Reason), the verdict a call gets, and the sentence with its domain
// reason so that the UI can say it in its language.
type netFault struct {
	// kind is dnsNotFound, dnsFailed, timeout, refused, unreachable, notTLS,
	// certRequired, certRefused, noCommonVersion, tlsRefused,
	// unknownAuthority, hostnameMismatch, expired, certInvalid, reset,
	// closed or other.
	kind    string
	verdict string
	note    domain.Note
}

// classifyNet classifies err, an error of dialling, the TLS handshake or
// the exchange with host (the other end, as the sentence names it).
func classifyNet(err error, host string) netFault {
	fault := func(kind string, reason domain.Reason, format string, kv ...string) netFault {
		return netFault{kind: kind, verdict: VerdictError, note: domain.Notef(reason, format, kv...)}
	}
	var dnsErr *net.DNSError
	if errors.As(err, &dnsErr) {
		switch {
		case dnsErr.IsNotFound:
			return fault("dnsNotFound", domain.RNetDNSNotFound,
				"DNS: the host name %s could not be resolved (no such host): check the connection's host", "name", dnsErr.Name)
		case dnsErr.IsTimeout:
			f := fault("timeout", domain.RNetDNSTimeout, "DNS: resolving %s timed out", "name", dnsErr.Name)
			f.verdict = VerdictTimeout
			return f
		}
		return fault("dnsFailed", domain.RNetDNSFailed, "DNS: the host name %s could not be resolved: %s", "name", dnsErr.Name, "detail", dnsErr.Err)
	}
	msg := err.Error()
	if errors.Is(err, syscall.ECONNREFUSED) || strings.Contains(msg, "connection refused") || strings.Contains(msg, "actively refused") {
		return fault("refused", domain.RNetRefused,
			"connection refused by %s: nothing listens on that port, or a firewall refuses the connection", "host", host)
	}
	if errors.Is(err, syscall.EHOSTUNREACH) || errors.Is(err, syscall.ENETUNREACH) {
		return fault("unreachable", domain.RNetUnreachable, "%s cannot be reached from this machine (no route to it): %s",
			"host", host, "detail", unwrapURLError(err).Error())
	}
	var unknownCA x509.UnknownAuthorityError
	if errors.As(err, &unknownCA) {
		return fault("unknownAuthority", domain.RNetCertUnknownAuthority,
			"TLS: the server's certificate is signed by an unknown authority (self-signed or a company CA): set the connection's CA bundle to that CA's certificate, or skip verification")
	}
	var hostErr x509.HostnameError
	if errors.As(err, &hostErr) {
		var names []string
		if c := hostErr.Certificate; c != nil {
			names = append(names, c.DNSNames...)
			for _, ip := range c.IPAddresses {
				names = append(names, ip.String())
			}
		}
		if len(names) == 0 {
			return fault("hostnameMismatch", domain.RNetCertHostDetail, "TLS: the server's certificate does not match the host name %s: %s",
				"host", hostErr.Host, "detail", strings.TrimPrefix(hostErr.Error(), "x509: "))
		}
		return fault("hostnameMismatch", domain.RNetCertHostMismatch,
			"TLS: the server's certificate does not match the host name: it is for %s, not for %s (use one of its names as the connection's host, or skip verification)",
			"names", strings.Join(names, ", "), "host", hostErr.Host)
	}
	var invalid x509.CertificateInvalidError
	if errors.As(err, &invalid) {
		kind := "certInvalid"
		if invalid.Reason == x509.Expired {
			kind = "expired"
		}
		return fault(kind, domain.RNetCertInvalid, "TLS: the server's certificate is not valid: %s", "detail", strings.TrimPrefix(invalid.Error(), "x509: "))
	}
	var rhe tls.RecordHeaderError
	if errors.As(err, &rhe) || strings.Contains(msg, "server gave HTTP response to HTTPS client") {
		return fault("notTLS", domain.RNetNotTLS,
			"TLS: the server at %s does not speak TLS on this port: is the connection's protocol http rather than https?", "host", host)
	}
	if alert, ok := tlsAlert(err); ok {
		switch {
		case strings.Contains(alert, "certificate required"):
			return fault("certRequired", domain.RNetCertRequired,
				"TLS handshake failed: the server requires a client certificate and none was sent (%s): set the connection's client certificate", "alert", alert)
		case strings.Contains(alert, "certificate"):
			return fault("certRefused", domain.RNetCertRefused,
				"TLS handshake failed: the server refused the client certificate (%s): is it issued by a CA the server trusts, and still valid?", "alert", alert)
		case strings.Contains(alert, "protocol version") || strings.Contains(alert, "handshake failure") || strings.Contains(alert, "insufficient security"):
			return fault("noCommonVersion", domain.RNetNoCommonVersion,
				"TLS handshake failed: the server and Junction share no TLS version or cipher (%s); the server may only speak an old TLS version, or want a client certificate", "alert", alert)
		}
		return fault("tlsRefused", domain.RNetTLSRefused, "TLS handshake failed: the server refused it (%s)", "alert", alert)
	}
	if strings.Contains(msg, "tls:") {
		return fault("other", domain.RNetTLSFailed, "TLS handshake failed: %s", "detail", strings.TrimPrefix(unwrapURLError(err).Error(), "tls: "))
	}
	if errors.Is(err, syscall.ECONNRESET) || strings.Contains(msg, "connection reset") {
		return fault("reset", domain.RNetReset, "the connection was reset by %s before an answer came", "host", host)
	}
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		return fault("closed", domain.RNetClosed, "%s closed the connection without a complete answer", "host", host)
	}
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() {
		f := fault("timeout", domain.RNetTimeout, "timeout: %s", "detail", unwrapURLError(err).Error())
		f.verdict = VerdictTimeout
		return f
	}
	return fault("other", domain.RNetOther, "%s", "detail", unwrapURLError(err).Error())
}

// tlsAlert is the alert a TLS peer sent ("certificate required"), which
// arrives as "remote error: tls: <alert>".
func tlsAlert(err error) (string, bool) {
	var alert tls.AlertError
	if errors.As(err, &alert) {
		return strings.TrimPrefix(alert.Error(), "tls: "), true
	}
	msg := err.Error()
	if i := strings.Index(msg, "remote error: tls: "); i >= 0 {
		return msg[i+len("remote error: tls: "):], true
	}
	return "", false
}

func unwrapURLError(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err
	}
	return err
}
