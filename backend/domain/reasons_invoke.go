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
	RSampleEmpty, RSampleScalar, RSampleNotJSON, RSampleEndsEarly, RSampleTooLarge,
}
