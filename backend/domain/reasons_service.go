package domain

// Reasons of the use cases (backend/service) and access rules, and of the
// JSON samples the service turns into response params (backend/schema).
// Each constant's English text is in frontend/src/i18n/reasons/service.en.json
// and its Chinese in service.zh-CN.json, under its value.
const (
	RConnectorSealed         Reason = "connector.sealed"              // {connector} takes nothing new until unsealed
	ROwnerAlwaysMaintains    Reason = "grant.owner"                   // {user} owns {connector}
	RIfaceConnectionRequired Reason = "interface.connection_required" // no connection chosen
	RIfaceConnectionMissing  Reason = "interface.connection_missing"  // {connector} has no connection {connection}
	RIfaceConnectionSealed   Reason = "interface.connection_sealed"   // {connection} is sealed for new interfaces
	RIfaceKeyTaken           Reason = "interface.key_taken"           // {connector} already has interface {key}
	RAccountPlainSecret      Reason = "account.field_is_secret"       // a {scheme} secret given as a plain field
	RWrongPassword           Reason = "user.wrong_password"           // for profile {name}
	RLoginThrottled          Reason = "user.login_throttled"          // {name}: try again in {seconds} s
	RLastAdmin               Reason = "user.last_admin"               // {name} is the last with users.admin
	RSampleEmpty             Reason = "sample.empty"                  // nothing pasted
	RSampleScalar            Reason = "sample.scalar"                 // a lone {kind}
	RSampleInvalid           Reason = "sample.invalid_json"           // {line}, {column}, {detail}
)

// serviceReasons lists this file's reasons, in order.
var serviceReasons = []Reason{
	RConnectorSealed, ROwnerAlwaysMaintains, RIfaceConnectionRequired, RIfaceConnectionMissing,
	RIfaceConnectionSealed, RIfaceKeyTaken, RAccountPlainSecret, RWrongPassword, RLoginThrottled, RLastAdmin,
	RSampleEmpty, RSampleScalar, RSampleInvalid,
}
