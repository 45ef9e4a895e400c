package service

import (
	"time"

	"junction/backend/domain"
	"junction/backend/invoke"
)

// These are the shapes the doors exchange with the service. They never carry a
// secret in clear text: secret fields travel towards the doors as SecretState.

// Page asks for one page of a list.
type Page struct {
	Offset int `json:"offset"`
	Limit  int `json:"limit"` // 0 means 50; at most 500
}

// ConnectorQuery filters the connector list. Search matches name, key and tags.
type ConnectorQuery struct {
	Search string `json:"search"`
	Status string `json:"status"` // "" | active | sealed
	Tag    string `json:"tag"`
	Page
}

// ConnectorSummary is one row of the connector centre.
type ConnectorSummary struct {
	ID          string        `json:"id"`
	Key         string        `json:"key"`
	Name        string        `json:"name"`
	Description string        `json:"description"`
	Icon        string        `json:"icon"`
	Tags        []string      `json:"tags"`
	Version     string        `json:"version"`
	Status      domain.Status `json:"status"`
	Owner       string        `json:"owner"`
	Connections int           `json:"connections"`
	Interfaces  int           `json:"interfaces"`
	UpdatedAt   time.Time     `json:"updatedAt" ts_type:"string"`
	// Access is what the current user may do with it.
	Access Access `json:"access"`
}

// Access tells a door which controls to offer; the service checks again on every call.
type Access struct {
	Level     string `json:"level" ts_type:"'view' | 'maintain'"`
	CanManage bool   `json:"canManage"` // may change the connector's permissions
	CanDelete bool   `json:"canDelete"` // maintain and the delete rule holds now
}

// ConnectorPage is one page of connectors and the total that match.
type ConnectorPage struct {
	Items []ConnectorSummary `json:"items"`
	Total int64              `json:"total"`
	Tags  []string           `json:"tags"` // every tag in use, for the filter
}

// ConnectorInput creates or edits a connector.
type ConnectorInput struct {
	Key         string   `json:"key"`
	Name        string   `json:"name"`
	Description string   `json:"description"`
	Icon        string   `json:"icon"`
	Tags        []string `json:"tags"`
	Version     string   `json:"version"`
}

// ConnectorDetail is one connector with its connections and interfaces.
type ConnectorDetail struct {
	ConnectorSummary
	CreatedAt      time.Time          `json:"createdAt" ts_type:"string"`
	CreatedBy      string             `json:"createdBy"`
	UpdatedBy      string             `json:"updatedBy"`
	ConnectionList []ConnectionView   `json:"connectionList"`
	InterfaceList  []InterfaceSummary `json:"interfaceList"`
}

// SecretState says whether a write-only secret field holds a value.
type SecretState struct {
	Name string `json:"name"`
	Set  bool   `json:"set"`
}

// ConnectionView is a connection as the doors see it (connectionViewOf).
type ConnectionView struct {
	ID                    string            `json:"id"`
	ConnectorID           string            `json:"connectorId"`
	Key                   string            `json:"key"`
	Name                  string            `json:"name"`
	Description           string            `json:"description"`
	ResourceType          string            `json:"resourceType"`
	Protocol              string            `json:"protocol"`
	Host                  string            `json:"host"`
	BasePath              string            `json:"basePath"`
	Charset               string            `json:"charset"`
	ConnectTimeoutSec     int               `json:"connectTimeoutSec"`
	ResponseTimeoutSec    int               `json:"responseTimeoutSec"`
	TLS                   domain.TLSOptions `json:"tls"`
	Proxy                 string            `json:"proxy"`
	Auth                  domain.Auth       `json:"auth"`
	Status                domain.Status     `json:"status"`
	CreatedAt             time.Time         `json:"createdAt" ts_type:"string"`
	CreatedBy             string            `json:"createdBy"`
	UpdatedAt             time.Time         `json:"updatedAt" ts_type:"string"`
	UpdatedBy             string            `json:"updatedBy"`
	ClientCertPasswordSet bool              `json:"clientCertPasswordSet"`
	Interfaces            int               `json:"interfaces"` // interfaces that reference it
	Accounts              []AccountView     `json:"accounts"`
	// Warnings of the save that returned the view (a certificate path with no
	// file yet); a read carries none.
	Warnings []FieldWarning `json:"warnings,omitempty"`
}

// FieldWarning is something a save let through but the form should say, on
// the field it is about.
type FieldWarning struct {
	Field string `json:"field"` // the input's path: tls.clientCertPath, tls.caCertPath
	// Code names the warning for a translation: missing (no file at the path).
	Code    string `json:"code"`
	Message string `json:"message"`
}

// ConnectionInput creates or edits a connection. ClientCertPassword nil keeps
// the stored password, "" clears it.
type ConnectionInput struct {
	Key                string            `json:"key"`
	Name               string            `json:"name"`
	Description        string            `json:"description"`
	Protocol           string            `json:"protocol"`
	Host               string            `json:"host"`
	BasePath           string            `json:"basePath"`
	Charset            string            `json:"charset"`
	ConnectTimeoutSec  int               `json:"connectTimeoutSec"`
	ResponseTimeoutSec int               `json:"responseTimeoutSec"`
	TLS                domain.TLSOptions `json:"tls"`
	ClientCertPassword *string           `json:"clientCertPassword" ts_type:"string | null"`
	Proxy              string            `json:"proxy"`
	Auth               domain.Auth       `json:"auth"`
}

// AccountView is an auth account with its secret fields write-only.
type AccountView struct {
	ID      string            `json:"id"`
	Name    string            `json:"name"`
	Default bool              `json:"default"`
	Fields  map[string]string `json:"fields"`
	Secrets []SecretState     `json:"secrets"`
}

// AccountInput creates or edits an auth account. In Secrets a nil value keeps
// the stored secret, "" removes it, anything else replaces it.
type AccountInput struct {
	Name    string             `json:"name"`
	Default bool               `json:"default"`
	Fields  map[string]string  `json:"fields"`
	Secrets map[string]*string `json:"secrets" ts_type:"Record<string, string | null>"`
}

// InterfaceSummary is one interface in a connector's list.
type InterfaceSummary struct {
	ID               string        `json:"id"`
	Key              string        `json:"key"`
	Name             string        `json:"name"`
	Method           string        `json:"method"`
	Path             string        `json:"path"`
	ConnectionKey    string        `json:"connectionKey"`
	ConnectionStatus domain.Status `json:"connectionStatus"`
	UpdatedAt        time.Time     `json:"updatedAt" ts_type:"string"`
}

// InterfaceView is a whole interface definition (interfaceViewOf).
type InterfaceView struct {
	ID            string                 `json:"id"`
	ConnectorID   string                 `json:"connectorId"`
	Key           string                 `json:"key"`
	Name          string                 `json:"name"`
	Description   string                 `json:"description"`
	ConnectionID  string                 `json:"connectionId"`
	Method        string                 `json:"method"`
	Path          string                 `json:"path"`
	BodyType      string                 `json:"bodyType"`
	Request       []domain.Param         `json:"request"`
	Response      []domain.ResponseParam `json:"response"`
	Success       domain.Condition       `json:"success"`
	Messages      domain.Messages        `json:"messages"`
	Revision      int                    `json:"revision"`
	CreatedAt     time.Time              `json:"createdAt" ts_type:"string"`
	CreatedBy     string                 `json:"createdBy"`
	UpdatedAt     time.Time              `json:"updatedAt" ts_type:"string"`
	UpdatedBy     string                 `json:"updatedBy"`
	ConnectionKey string                 `json:"connectionKey"`
}

// InterfaceInput creates or edits an interface.
type InterfaceInput struct {
	Key           string                 `json:"key"`
	Name          string                 `json:"name"`
	Description   string                 `json:"description"`
	ConnectionKey string                 `json:"connectionKey"`
	Method        string                 `json:"method"`
	Path          string                 `json:"path"`
	BodyType      string                 `json:"bodyType"`
	Request       []domain.Param         `json:"request"`
	Response      []domain.ResponseParam `json:"response"`
	Success       domain.Condition       `json:"success"`
	Messages      domain.Messages        `json:"messages"`
}

// UserView is a profile without its password hash.
type UserView struct {
	ID          string    `json:"id"`
	Name        string    `json:"name"`
	DisplayName string    `json:"displayName"`
	OrgID       string    `json:"orgId"`
	Perms       []string  `json:"perms" ts_type:"domain.Perm[]"`
	HasPassword bool      `json:"hasPassword"`
	CreatedAt   time.Time `json:"createdAt" ts_type:"string"`
}

// UserInput creates a profile or edits one (Password nil keeps it, "" removes it).
type UserInput struct {
	Name        string   `json:"name"`
	DisplayName string   `json:"displayName"`
	OrgID       string   `json:"orgId"`
	Perms       []string `json:"perms" ts_type:"domain.Perm[]"`
	Password    *string  `json:"password" ts_type:"string | null"`
}

// GrantView is one user's grant on a connector.
type GrantView struct {
	User  string `json:"user"`
	Level string `json:"level" ts_type:"'view' | 'maintain' | 'owner'"`
}

// AuditQuery filters the operation log. Connector is a connector key.
type AuditQuery struct {
	Connector string    `json:"connector"`
	Action    string    `json:"action"`
	Actor     string    `json:"actor"`
	Since     time.Time `json:"since" ts_type:"string"`
	Until     time.Time `json:"until" ts_type:"string"`
	Page
}

// AuditPage is one page of the operation log, newest first.
type AuditPage struct {
	Items []AuditView `json:"items"`
	Total int64       `json:"total"`
}

// AuditView is one entry of the operation log (auditViewOf). Summary is the
// English sentence the CLI prints; the UI says its own from Action, the
// target and Params.
type AuditView struct {
	Seq         int64     `json:"seq"`
	At          time.Time `json:"at" ts_type:"string"`
	Actor       string    `json:"actor"`
	Action      string    `json:"action" ts_type:"domain.Action"`
	TargetType  string    `json:"targetType"`
	TargetID    string    `json:"targetId"`
	TargetKey   string    `json:"targetKey"`
	ConnectorID string    `json:"connectorId"`
	Summary     string    `json:"summary"`
	// Params are the values the summary names beside the target.
	Params map[string]string `json:"params"`
	// Details is JSON: field-level before/after with secrets redacted.
	Details  string `json:"details"`
	PrevHash string `json:"prevHash"`
	Hash     string `json:"hash"`
}

// VerifyResult is the state of the audit chain.
type VerifyResult struct {
	Entries int64 `json:"entries"`
	OK      bool  `json:"ok"`
	// FirstBad is the first entry that breaks the chain or its MAC, or the
	// first entry missing at the end (0 when none is known).
	FirstBad int64 `json:"firstBad,omitempty"`
	// Truncated: the log ends before the entry the anchor file names.
	Truncated bool `json:"truncated"`
	// HashOnly is how many entries were checked by hash alone (written
	// before entries carried a MAC, or under an earlier key file).
	HashOnly int64        `json:"hashOnly"`
	Anchor   VerifyAnchor `json:"anchor"`
	// Message says in sentences what was found and what could not be checked.
	Message string `json:"message"`
	// Notes are Message's sentences with their reasons, for the UI's language.
	Notes []domain.Note `json:"notes"`
}

// VerifyAnchor is what the audit anchor file told.
type VerifyAnchor struct {
	Path string `json:"path"`
	// Checked: the anchor file was read and was written with this key;
	// Seq is the entry it names.
	Checked bool  `json:"checked"`
	Seq     int64 `json:"seq"`
}

// Import conflict strategies.
const (
	OnConflictFail      = "fail"
	OnConflictSkip      = "skip"
	OnConflictOverwrite = "overwrite"
	OnConflictCopy      = "copy"
)

// ImportOptions steer an import.
type ImportOptions struct {
	OnConflict string `json:"onConflict"` // fail (default) | skip | overwrite | copy
	DryRun     bool   `json:"dryRun"`
	Passphrase string `json:"-"`
	// Connector, when set, imports into this connector key instead of the package's.
	Connector string `json:"connector"`
	// KeepSecrets keeps the stored secrets of a connection whose protocol,
	// host, port, auth scheme or token URL origin an overwrite changes;
	// without it they are dropped (and listed in NeedsSecrets).
	KeepSecrets bool `json:"keepSecrets"`
}

// ImportReport says what an import created, updated and skipped, one
// "CONNECTOR" or "CONNECTOR/INTERFACE" key per item.
type ImportReport struct {
	Created  []string `json:"created"`
	Updated  []string `json:"updated"`
	Skipped  []string `json:"skipped"`
	Warnings []string `json:"warnings"`
	// WarningList holds the same warnings with their reasons and params,
	// for a UI to say them in its language (warn writes both).
	WarningList []domain.Note `json:"warningList"`
	// NeedsSecrets lists the secrets still to fill in the imported
	// connections, one "CONNECTOR/CONNECTION/ACCOUNT field" each (the
	// certificate password as "CONNECTOR/CONNECTION/ tls.clientCertPassword"),
	// as junction secret set takes them.
	NeedsSecrets []string `json:"needsSecrets"`
}

// ExportOptions steer an export.
type ExportOptions struct {
	Passphrase string `json:"-"` // with secrets when set
	// Warn hears what the export could not do but went on without: on a
	// full disk, writing its operation-log entries. Nil drops the warning.
	Warn func(message string) `json:"-"`
}

// InvokeResult is the outcome of one call, secrets redacted (invokeResultOf;
// see invoke.Result for each field), and the id of the history row that
// records it ("" when it could not be recorded; a note then says why).
type InvokeResult struct {
	Verdict        string                `json:"verdict" ts_type:"domain.Verdict"`
	OK             bool                  `json:"ok"`
	Message        string                `json:"message"`
	Status         int                   `json:"status"`
	Outputs        map[string]any        `json:"outputs"`
	Request        invoke.RequestRecord  `json:"request"`
	Response       invoke.ResponseRecord `json:"response"`
	Timing         invoke.Timing         `json:"timing"`
	Redirects      []invoke.Redirect     `json:"redirects"`
	TokenStep      *invoke.TokenStep     `json:"tokenStep,omitempty"`
	NotSent        bool                  `json:"notSent,omitempty"`
	Notes          []string              `json:"notes"`
	NoteList       []domain.Note         `json:"noteList"`
	Cause          string                `json:"cause,omitempty"`
	CauseNote      *domain.Note          `json:"causeNote,omitempty"`
	DefaultMessage bool                  `json:"defaultMessage"`
	HistoryID      string                `json:"historyId"`
}

// RepeatSummary is the outcome of a repeated run (repeatSummaryOf; see
// invoke.RepeatStats for each figure) and the history row that records it.
type RepeatSummary struct {
	invoke.RepeatStats
	HistoryID string `json:"historyId"`
	// Notes say what the caller must know besides the counts: a run that
	// could not be recorded (HistoryID is then ""). NoteList holds them
	// with their reasons.
	Notes    []string      `json:"notes,omitempty"`
	NoteList []domain.Note `json:"noteList,omitempty"`
}

// FlowSummary is a flow as the flow list shows it. NextRunAt and
// LastVerdict are filled by the scheduler and the run history (nil and ""
// until then).
type FlowSummary struct {
	ID          string         `json:"id"`
	Key         string         `json:"key"`
	Name        string         `json:"name"`
	Description string         `json:"description"`
	Owner       string         `json:"owner"`
	Enabled     bool           `json:"enabled"`
	Trigger     domain.Trigger `json:"trigger"`
	StepCount   int            `json:"stepCount"`
	Revision    int            `json:"revision"`
	UpdatedAt   time.Time      `json:"updatedAt" ts_type:"string"`
	NextRunAt   *time.Time     `json:"nextRunAt" ts_type:"string | null"`
	LastVerdict string         `json:"lastVerdict"`
	// Access is what the current user may do with it.
	Access Access `json:"access"`
}

// FlowView is a flow whole, as the editor and `flow show` see it.
type FlowView struct {
	FlowSummary
	Inputs           []domain.Param    `json:"inputs"`
	Steps            []domain.Step     `json:"steps"`
	Outputs          map[string]string `json:"outputs"`
	TimeoutSec       int               `json:"timeoutSec"`
	Overlap          string            `json:"overlap"`
	CatchUp          string            `json:"catchUp"`
	CatchUpWindowSec int               `json:"catchUpWindowSec"`
	CreatedAt        time.Time         `json:"createdAt" ts_type:"string"`
	CreatedBy        string            `json:"createdBy"`
	UpdatedBy        string            `json:"updatedBy"`
}
