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
)

// serviceReasons lists this file's reasons, in order.
var serviceReasons = []Reason{
	RConnectionKeyTaken, RConnectionInUse, RInterfaceKeyTaken, RInterfaceConnectionRequired,
	RInterfaceConnectionUnknown, RInterfaceConnectionSealed, RAccountSecretAsPlain, RSecretHTTPSOnly,
	RConnectorSealed, ROwnerAlwaysMaintains, RWrongPassword, RLoginThrottled, RLastAdmin,
}
