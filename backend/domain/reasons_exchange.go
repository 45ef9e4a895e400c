package domain

// Reasons of packages, import and export (backend/exchange, and the import
// run of backend/service). Each constant's English text is in
// frontend/src/i18n/reasons/exchange.en.json and its Chinese in
// exchange.zh-CN.json, under its value. The English Text of a warning names
// the CLI command that fixes it; the UI's text points to the account form.
const (
	RImportCertMissing       Reason = "import.cert_missing"        // {where}.{field}: {path} does not exist here
	RImportCertUnusable      Reason = "import.cert_unusable"       // {where}.{field}: {path} cannot be used: {detail}
	RImportSecretsDropped    Reason = "import.secrets_dropped"     // {where}: {why}, so {fields} were dropped
	RImportCertPasswordEmpty Reason = "import.cert_password_empty" // {where}: the client certificate password has no value
	RImportSecretEmpty       Reason = "import.secret_empty"        // {where}/{account}: secret {field} has no value
	RImportKeepsConnection   Reason = "import.keeps_connection"    // {connector} keeps {connection}, not in the package
	RImportKeepsInterface    Reason = "import.keeps_interface"     // {connector} keeps {interface}, not in the package
)

// exchangeReasons lists this file's reasons, in order.
var exchangeReasons = []Reason{
	RImportCertMissing, RImportCertUnusable, RImportSecretsDropped, RImportCertPasswordEmpty, RImportSecretEmpty,
	RImportKeepsConnection, RImportKeepsInterface,
}
