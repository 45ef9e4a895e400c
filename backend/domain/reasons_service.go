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
)

// serviceReasons lists this file's reasons, in order.
var serviceReasons = []Reason{
	RConnectionKeyTaken, RConnectionInUse, RInterfaceKeyTaken, RInterfaceConnectionRequired,
	RInterfaceConnectionUnknown, RInterfaceConnectionSealed, RAccountSecretAsPlain, RSecretHTTPSOnly,
}
