package domain

// Reasons of packages, import and export (backend/exchange, and the import
// run of backend/service). Each constant's English text is in
// frontend/src/i18n/reasons/exchange.en.json and its Chinese in
// exchange.zh-CN.json, under its value. The English Text of a warning names
// the CLI command that fixes it; the UI's text points to the account form.
const (
	RImportConflict          Reason = "import.conflict"            // {key}: the connector exists and the import asked to fail
	RImportCertMissing       Reason = "import.cert_missing"        // {where}.{field}: {path} does not exist here
	RImportCertUnusable      Reason = "import.cert_unusable"       // {where}.{field}: {path} cannot be used: {detail}
	RImportSecretsDropped    Reason = "import.secrets_dropped"     // {where}: {why}, so {fields} were dropped
	RImportCertPasswordEmpty Reason = "import.cert_password_empty" // {where}: the client certificate password has no value
	RImportSecretEmpty       Reason = "import.secret_empty"        // {where}/{account}: secret {field} has no value
	RImportKeepsConnection   Reason = "import.keeps_connection"    // {connector} keeps {connection}, not in the package
	RImportKeepsInterface    Reason = "import.keeps_interface"     // {connector} keeps {interface}, not in the package

	// Errors of reading a package.
	RImportNotPackage        Reason = "import.not_package"        // a JSON {kind}, not an object with "format": {format}
	RImportNotWhole          Reason = "import.not_whole"          // {field} must be a whole number, not {value}
	RImportUnreadable        Reason = "import.unreadable"         // {detail}
	RImportExportedAt        Reason = "import.exported_at"        // {value} is not a time
	RImportDupConnector      Reason = "import.dup_connector"      // {key} is also the key of connectors[{other}]
	RImportEmpty             Reason = "import.empty"              // the package is empty
	RImportNotUTF8           Reason = "import.not_utf8"           // at line {line}, column {column}
	RImportNotJSONAt         Reason = "import.not_json_at"        // line {line}, column {column}: {detail}
	RImportNotJSON           Reason = "import.not_json"           // {detail}
	RImportRepeatedKey       Reason = "import.repeated_key"       // line {line}, column {column}: {key} twice
	RImportChecksum          Reason = "import.checksum"           // says {want}, hashes to {got}
	RImportDupConnection     Reason = "import.dup_connection"     // {key} is also connections[{other}]
	RImportDupInterface      Reason = "import.dup_interface"      // {key} is also interfaces[{other}]
	RImportUnknownConnection Reason = "import.unknown_connection" // {connection} not of {connector} (has {keys})
	RImportSecretInClear     Reason = "import.secret_in_clear"    // a secret of the {scheme} scheme in fields
	RImportDupAccount        Reason = "import.dup_account"        // {name} is also accounts[{other}]
	RImportTwoDefaults       Reason = "import.two_defaults"       // accounts[{other}] is already the default
	RImportValueUnreadable   Reason = "import.value_unreadable"   // {detail}
	RImportSourceNotString   Reason = "import.source_not_string"  // a JSON {kind} for a {source} source
	RImportStaticType        Reason = "import.static_type"        // a JSON {kind} for a static {type} param: {want}
	RImportSchemaUnchecked   Reason = "import.schema_unchecked"   // {detail}
	RImportSchema            Reason = "import.schema"             // the package {detail}
	RImportSchemaField       Reason = "import.schema_field"       // {detail}
)

// exchangeReasons lists this file's reasons, in order.
var exchangeReasons = []Reason{
	RImportConflict,
	RImportCertMissing, RImportCertUnusable, RImportSecretsDropped, RImportCertPasswordEmpty, RImportSecretEmpty,
	RImportKeepsConnection, RImportKeepsInterface,
	RImportNotPackage, RImportNotWhole, RImportUnreadable, RImportExportedAt, RImportDupConnector, RImportEmpty,
	RImportNotUTF8, RImportNotJSONAt, RImportNotJSON, RImportRepeatedKey, RImportChecksum, RImportDupConnection,
	RImportDupInterface, RImportUnknownConnection, RImportSecretInClear, RImportDupAccount, RImportTwoDefaults,
	RImportValueUnreadable, RImportSourceNotString, RImportStaticType, RImportSchemaUnchecked, RImportSchema,
	RImportSchemaField,
}
