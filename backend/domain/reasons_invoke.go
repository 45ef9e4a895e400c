package domain

// Reasons of the invocation engine (backend/invoke): errors, verdicts, notes.
// Each constant's English text is in frontend/src/i18n/reasons/invoke.en.json
// and its Chinese in invoke.zh-CN.json.
const (
	// Network and TLS failures of a call or a connection check (one
	// classification for both, backend/invoke/classify.go).
	RNetDNSNotFound          Reason = "net.dns_not_found"          // {name}
	RNetDNSTimeout           Reason = "net.dns_timeout"            // {name}
	RNetDNSFailed            Reason = "net.dns_failed"             // {name}: {detail}
	RNetRefused              Reason = "net.refused"                // {host}
	RNetUnreachable          Reason = "net.unreachable"            // {host}: {detail}
	RNetCertUnknownAuthority Reason = "net.cert_unknown_authority" // no params
	RNetCertHostMismatch     Reason = "net.cert_host_mismatch"     // for {names}, not {host}
	RNetCertHostDetail       Reason = "net.cert_host_detail"       // {host}: {detail}
	RNetCertInvalid          Reason = "net.cert_invalid"           // {detail}
	RNetNotTLS               Reason = "net.not_tls"                // {host}
	RNetCertRequired         Reason = "net.cert_required"          // {alert}
	RNetCertRefused          Reason = "net.cert_refused"           // {alert}
	RNetNoCommonVersion      Reason = "net.no_common_version"      // {alert}
	RNetTLSRefused           Reason = "net.tls_refused"            // {alert}
	RNetTLSFailed            Reason = "net.tls_failed"             // {detail}
	RNetReset                Reason = "net.reset"                  // {host}
	RNetClosed               Reason = "net.closed"                 // {host}
	RNetTimeout              Reason = "net.timeout"                // {detail}
	RNetOther                Reason = "net.other"                  // {detail}
)

// invokeReasons lists this file's reasons, in order.
var invokeReasons = []Reason{
	RNetDNSNotFound, RNetDNSTimeout, RNetDNSFailed, RNetRefused, RNetUnreachable, RNetCertUnknownAuthority,
	RNetCertHostMismatch, RNetCertHostDetail, RNetCertInvalid, RNetNotTLS, RNetCertRequired, RNetCertRefused,
	RNetNoCommonVersion, RNetTLSRefused, RNetTLSFailed, RNetReset, RNetClosed, RNetTimeout, RNetOther,
}
