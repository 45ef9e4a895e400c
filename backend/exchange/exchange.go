// Package exchange reads and writes Junction packages, format version 1
// (spec/PACKAGE.md, docs/package-format.md): one connector, or several, with
// their connections, auth accounts and interfaces, and the action flows that
// call them, as one UTF-8 JSON file.
//
// It is a pure library: the service converts store rows to bundles and back,
// checks permissions, asks for secrets and writes everything in one
// transaction. Nothing here opens the database; Import only looks at the file
// system to warn about certificate paths that do not exist on this machine.
package exchange

import (
	"time"

	"junction/backend/domain"
)

// Format and Version name what this package writes and the newest it reads.
const (
	Format  = "junction-package"
	Version = 1
)

// certPasswordField is how a connection's client-certificate password is
// listed among its secret fields: it is a secret like an account's, so it
// travels the same way (never in clear text, asked for on import).
const certPasswordField = "tls.clientCertPassword"

// ConnectorBundle is one connector with everything a package carries for it.
type ConnectorBundle struct {
	Connector   domain.Connector // ID/Owner/timestamps are ignored on export, empty on import
	Connections []ConnectionBundle
	Interfaces  []InterfaceBundle
}

// ConnectionBundle is one connection with its auth accounts.
type ConnectionBundle struct {
	Connection domain.Connection // ID/ConnectorID ignored
	// CertPasswordSet is exported as "secretFields": ["tls.clientCertPassword"]
	// on the connection: the importer asks for the password.
	CertPasswordSet bool
	Accounts        []AccountBundle
}

// AccountBundle is one auth account as a package carries it: its plain fields,
// and only the names of its secret fields.
type AccountBundle struct {
	Name    string
	Default bool
	// Fields are the plain fields.
	Fields map[string]string
	// SecretFields names the secret fields (sorted); their values never travel
	// without a passphrase.
	SecretFields []string
}

// InterfaceBundle is one interface and the key of the connection it uses
// (connection ids do not survive a trip between machines; keys do).
type InterfaceBundle struct {
	Interface     domain.Interface // ID/ConnectorID/ConnectionID ignored
	ConnectionKey string
}

// Meta says when and by whom a package was exported. It is left out of the
// checksum so that two exports of the same content share it.
type Meta struct {
	ExportedAt time.Time
	ExportedBy string
}

// Decoded is a package read back by Import.
type Decoded struct {
	Meta       Meta
	Connectors []ConnectorBundle
	// Flows are the package's flows, with their defaults applied and their
	// shape checked (domain.ValidateFlow without interfaces).
	Flows []domain.Flow
	// Warnings are things the importer should show but that do not stop the
	// import, each starting with the field it is about.
	Warnings []domain.Note
}
