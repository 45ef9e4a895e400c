package domain

// Reasons of the invocation engine (backend/invoke): verdict explanations
// and the notes of a call. Each constant's English text is in
// frontend/src/i18n/reasons/invoke.en.json and its Chinese in
// invoke.zh-CN.json, under its value.
const (
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
	RCondIs, RCondMissing, RCondIsOp, RCondMissingOp, RCondIsIn, RCondMissingIn, RCondNoneHeld,
	RNoteTokenNew, RNoteTokenRefused401, RNoteTokenRefusedWhen, RNoteRedirectStripped, RNoteCharsetDisagrees,
	RNoteCutNotJSON, RNoteNotJSON, RNoteBodyTypeNone, RNoteOutputList, RNoteOutputObject, RNoteOutputType,
	RSampleEmpty, RSampleScalar, RSampleNotJSON, RSampleEndsEarly, RSampleTooLarge,
}
