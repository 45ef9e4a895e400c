package domain

// Reasons of the use cases (backend/service) and access rules.
// Each constant's English text is in frontend/src/i18n/reasons/service.en.json
// and its Chinese in service.zh-CN.json.
const (
	RConnectionKeyTaken          Reason = "connection.key_taken"          // {connector} has a connection {key}
	RConnectionInUse             Reason = "connection.in_use"             // {connection} called by {count} interfaces, {names} the first five
	RInterfaceKeyTaken           Reason = "interface.key_taken"           // {connector} has an interface {key}
	RInterfaceConnectionRequired Reason = "interface.connection_required" // no connection chosen
	RInterfaceConnectionUnknown  Reason = "interface.connection_unknown"  // {connector} has no connection {connection}
	RInterfaceConnectionSealed   Reason = "interface.connection_sealed"   // {connection} is sealed
	RAccountSecretAsPlain        Reason = "account.secret_as_plain"       // a secret field of {scheme} given as plain
	RSecretHTTPSOnly             Reason = "secret.https_only"             // {field} on {connection}, which uses {protocol}
	RConnectorSealed             Reason = "connector.sealed"              // {connector} takes nothing new until unsealed
	ROwnerAlwaysMaintains        Reason = "grant.owner"                   // {user} owns {connector}
	RWrongPassword               Reason = "user.wrong_password"           // for profile {name}
	RLoginThrottled              Reason = "user.login_throttled"          // {name}: try again in {seconds} s
	RLastAdmin                   Reason = "user.last_admin"               // {name} is the last with users.admin
	RFlowKeyTaken                Reason = "flow.key_taken"                // a flow {key} exists
	RFlowInterfaceUnknown        Reason = "flow.interface_unknown"        // {invoke} names no interface
	RFlowInterfaceSealed         Reason = "flow.interface_sealed"         // {invoke}: connector or connection sealed
	RFlowStepConnectionUnknown   Reason = "flow.connection_unknown"       // {connector} has no connection {connection}
	RFlowRunRunning              Reason = "flow.run_running"              // flow run {run} has not ended
	RFlowRunEnded                Reason = "flow.run_ended"                // flow run {run} has ended: nothing to cancel
	RFlowRunInputMissing         Reason = "flow.run_input_missing"        // the flow needs the input {name}
	RFlowRunInputUnknown         Reason = "flow.run_input_unknown"        // the flow has no input {name}
	RInterfaceUsedByFlows        Reason = "interface.used_by_flows"       // {interface} called by flows {flows}

	// What a check of the operation log found (VerifyAudit's notes).
	RAuditBadEntry  Reason = "audit.verify_bad_entry" // entry {seq} does not match
	RAuditResigned  Reason = "audit.verify_resigned"  // before {seq}: an earlier key file
	RAuditUnsigned  Reason = "audit.verify_unsigned"  // 1 to {count} predate MACs
	RAuditNoAnchor  Reason = "audit.verify_no_anchor" // no anchor file is kept
	RAuditUnchecked Reason = "audit.verify_unchecked" // the end cannot be checked: {detail}
	RAuditForged    Reason = "audit.verify_forged"    // the anchor file {path} was altered or replaced
	RAuditTruncated Reason = "audit.verify_truncated" // ends at {last}; the anchor says {anchor}
	RAuditRewritten Reason = "audit.verify_rewritten" // entry {seq} is not the anchor's
	RAuditInPlace   Reason = "audit.verify_in_place"  // entry {seq}, the anchor's, is in place

	// A history row's message when Junction wrote it (the stock message of
	// a verdict, a repeated run's figures).
	RHistoryOK      Reason = "history.message_ok"      // HTTP {status}
	RHistoryUnmet   Reason = "history.message_unmet"   // HTTP {status}
	RHistoryTimeout Reason = "history.message_timeout" // no params
	RHistoryError   Reason = "history.message_error"   // no params
	RHistoryBulk    Reason = "history.bulk"            // {runs}, {ok}, {unmet}, {timeout}, {error}, {p50}, {p95}, {p99}, {perSecond}
)

// serviceReasons lists this file's reasons, in order.
var serviceReasons = []Reason{
	RConnectionKeyTaken, RConnectionInUse, RInterfaceKeyTaken, RInterfaceConnectionRequired,
	RInterfaceConnectionUnknown, RInterfaceConnectionSealed, RAccountSecretAsPlain, RSecretHTTPSOnly,
	RConnectorSealed, ROwnerAlwaysMaintains, RWrongPassword, RLoginThrottled, RLastAdmin,
	RAuditBadEntry, RAuditResigned, RAuditUnsigned, RAuditNoAnchor, RAuditUnchecked, RAuditForged, RAuditTruncated,
	RAuditRewritten, RAuditInPlace,
	RHistoryOK, RHistoryUnmet, RHistoryTimeout, RHistoryError, RHistoryBulk,
	RFlowKeyTaken, RFlowInterfaceUnknown, RFlowInterfaceSealed, RFlowStepConnectionUnknown, RFlowRunRunning, RFlowRunEnded, RFlowRunInputMissing, RFlowRunInputUnknown, RInterfaceUsedByFlows,
}
