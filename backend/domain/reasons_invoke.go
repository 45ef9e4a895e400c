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

	// Verdict explanations and the notes of a call.
	RCondIs        Reason = "condition.is"         // {field} is {got}, expected {op} {want}
	RCondMissing   Reason = "condition.missing"    // {field} is missing, expected {op} {want}
	RCondIsOp      Reason = "condition.is_op"      // {field} is {got}, expected {op} (empty, notEmpty)
	RCondMissingOp Reason = "condition.missing_op" // {field} is missing, expected {op}
	RCondIsIn      Reason = "condition.is_in"      // {field} is {got}, expected one of {want}
	RCondMissingIn Reason = "condition.missing_in" // {field} is missing, expected one of {want}
	RCondNoneHeld  Reason = "condition.none_held"  // none of the alternatives held: {parts}

	RNoteTokenNew         Reason = "note.token_new"          // a new token was obtained
	RNoteTokenRefused401  Reason = "note.token_refused_401"  // HTTP 401: new token, retried once
	RNoteTokenRefusedWhen Reason = "note.token_refused_when" // refreshWhen held: new token, retried once
	RNoteRedirectStripped Reason = "note.redirect_stripped"  // HTTP {status} from {from} to {to}: {stripped} not sent
	RNoteCharsetDisagrees Reason = "note.charset_disagrees"  // the answer says {claimed}, the connection {declared}
	RNoteCutNotJSON       Reason = "note.cut_not_json"       // cut at the body cap, not whole JSON
	RNoteNotJSON          Reason = "note.not_json"           // the response is not JSON
	RNoteBodyTypeNone     Reason = "note.body_type_none"     // {count} body params, body type none
	RNoteOutputList       Reason = "note.output_list"        // {field}: a list expected, {got} read as a list of one
	RNoteOutputObject     Reason = "note.output_object"      // {field}: an object expected, got {got}
	RNoteOutputType       Reason = "note.output_type"        // {field}: {want} expected, got {got} {raw}

	// Failures of a call that are not the network's: its own timeouts,
	// cancellation, redirects, transport settings and the token request
	// (backend/invoke/transport.go, token.go, probe.go).
	RTimeoutWaiting      Reason = "timeout.connect_waiting"       // {after}, waiting for a connection to {host}
	RTimeoutResolving    Reason = "timeout.connect_resolving"     // {after}, resolving {host}
	RTimeoutTCP          Reason = "timeout.connect_tcp"           // {after}, TCP connect to {addr}
	RTimeoutTLS          Reason = "timeout.connect_tls"           // {after}, TLS handshake with {host}
	RTimeoutProxyTLS     Reason = "timeout.connect_proxy_tls"     // {after}, TLS handshake with the proxy {proxy}
	RTimeoutProxyConnect Reason = "timeout.connect_proxy_connect" // {after}, the proxy {proxy}, CONNECT to {target}
	RTimeoutConnect      Reason = "timeout.connect"               // {after}
	RTimeoutBody         Reason = "timeout.response_body"         // {after}: the body did not arrive in full
	RTimeoutNoAnswer     Reason = "timeout.response_no_answer"    // {after}: sent, no answer
	RTimeoutNotSent      Reason = "timeout.response_not_sent"     // {after}: the request not sent in full
	RCallCancelled       Reason = "call.cancelled"                // the call was cancelled
	RCallCancelledToken  Reason = "call.cancelled_token"          // cancelled while waiting for a token
	RCheckCancelled      Reason = "check.cancelled"               // the check was cancelled
	RCheckSystemProxy    Reason = "check.system_proxy"            // the system proxy setting: {detail}
	RCheckProxyAuth      Reason = "check.proxy_auth"              // {proxy} asks for credentials ({status})
	RCheckProxyRefused   Reason = "check.proxy_refused"           // {proxy} refused the tunnel to {target}: {status}
	RCheckProxyEarlyData Reason = "check.proxy_early_data"        // {proxy} sent data before the tunnel was open
	RCheckNoCert         Reason = "check.no_cert"                 // the server sent no certificate
	RCallRedirectTLS     Reason = "call.redirect_leaves_tls"      // from https to {scheme} ({url})
	RCallRedirectResend  Reason = "call.redirect_resend"          // HTTP {status} to another origin ({url})
	RCallRedirects       Reason = "call.too_many_redirects"       // more than {max} (the last to {url})
	RCallRedirectsBare   Reason = "call.too_many_redirects_bare"  // more than {max}
	RCallRequestUnmade   Reason = "call.request_unmade"           // {detail}
	RCallProxyNotURL     Reason = "call.proxy_not_url"            // {proxy}
	RCallCAUnreadable    Reason = "call.ca_unreadable"            // {path}: {detail}
	RCallCAProblem       Reason = "call.ca_problem"               // {path} {detail}
	RCallCertUnreadable  Reason = "call.cert_unreadable"          // {path}: {detail}
	RCallCertProblem     Reason = "call.cert_problem"             // {path} {detail}
	RCallKeyUnreadable   Reason = "call.key_unreadable"           // {path}: {detail}
	RCallKeyProblem      Reason = "call.key_problem"              // {path} {detail}
	RCallCANoCert        Reason = "call.ca_no_cert"               // {path}
	RCallCertNeedsPass   Reason = "call.cert_needs_password"      // {path}
	RCallCertWrongPass   Reason = "call.cert_wrong_password"      // {path}
	RCallCertFormat      Reason = "call.cert_format"              // {path}: {detail}
	RCallCertNoCert      Reason = "call.cert_no_cert"             // {path}
	RCallCertNoKey       Reason = "call.cert_no_key"              // {path}, looked for {candidates}
	RCallCertInvalid     Reason = "call.cert_invalid"             // {path}: {detail}
	RCallCertPKCS8       Reason = "call.cert_pkcs8_encrypted"     // {path}
	RCallCertKeyNoPass   Reason = "call.cert_key_no_password"     // {path}
	RTokenURL            Reason = "token.url"                     // {detail}
	RTokenHeader         Reason = "token.header"                  // {name}: {detail}
	RTokenField          Reason = "token.field"                   // {field}: {detail}
	RTokenBody           Reason = "token.body"                    // {detail}
	RTokenSendFailed     Reason = "token.send_failed"             // {where}: {detail}
	RTokenStatus         Reason = "token.status"                  // {where}: HTTP {status}: {excerpt}
	RTokenMissing        Reason = "token.missing"                 // {where}: HTTP {status}, none at {path}: {excerpt}

	// A pasted JSON sample of the response (backend/schema).
	RSampleEmpty     Reason = "sample.empty"      // nothing pasted
	RSampleScalar    Reason = "sample.scalar"     // a lone {kind}, not an object or array
	RSampleNotJSON   Reason = "sample.not_json"   // line {line}, column {column}: {detail}
	RSampleEndsEarly Reason = "sample.ends_early" // at line {line}, column {column}
	RSampleTooLarge  Reason = "sample.too_large"  // {size} MB, at most {max} MB
)

// invokeReasons lists this file's reasons, in order.
var invokeReasons = []Reason{
	RNetDNSNotFound, RNetDNSTimeout, RNetDNSFailed, RNetRefused, RNetUnreachable, RNetCertUnknownAuthority,
	RNetCertHostMismatch, RNetCertHostDetail, RNetCertInvalid, RNetNotTLS, RNetCertRequired, RNetCertRefused,
	RNetNoCommonVersion, RNetTLSRefused, RNetTLSFailed, RNetReset, RNetClosed, RNetTimeout, RNetOther,
	RCondIs, RCondMissing, RCondIsOp, RCondMissingOp, RCondIsIn, RCondMissingIn, RCondNoneHeld,
	RNoteTokenNew, RNoteTokenRefused401, RNoteTokenRefusedWhen, RNoteRedirectStripped, RNoteCharsetDisagrees,
	RNoteCutNotJSON, RNoteNotJSON, RNoteBodyTypeNone, RNoteOutputList, RNoteOutputObject, RNoteOutputType,
	RTimeoutWaiting, RTimeoutResolving, RTimeoutTCP, RTimeoutTLS, RTimeoutProxyTLS, RTimeoutProxyConnect, RTimeoutConnect,
	RTimeoutBody, RTimeoutNoAnswer, RTimeoutNotSent, RCallCancelled, RCallCancelledToken, RCheckCancelled,
	RCheckSystemProxy, RCheckProxyAuth, RCheckProxyRefused, RCheckProxyEarlyData, RCheckNoCert,
	RCallRedirectTLS, RCallRedirectResend, RCallRedirects, RCallRedirectsBare, RCallRequestUnmade, RCallProxyNotURL,
	RCallCAUnreadable, RCallCAProblem, RCallCertUnreadable, RCallCertProblem, RCallKeyUnreadable, RCallKeyProblem,
	RCallCANoCert, RCallCertNeedsPass, RCallCertWrongPass, RCallCertFormat,
	RCallCertNoCert, RCallCertNoKey, RCallCertInvalid, RCallCertPKCS8, RCallCertKeyNoPass,
	RTokenURL, RTokenHeader, RTokenField, RTokenBody, RTokenSendFailed, RTokenStatus, RTokenMissing,
	RSampleEmpty, RSampleScalar, RSampleNotJSON, RSampleEndsEarly, RSampleTooLarge,
}
