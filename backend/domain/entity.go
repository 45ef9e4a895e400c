package domain

import (
	"encoding/json"
	"time"
)

// Status is the lifecycle state of a connector or a connection.
type Status string

const (
	StatusActive Status = "active"
	StatusSealed Status = "sealed"
)

// System permissions held by a user profile.
const (
	PermConnectorsView   = "connectors.view"   // sees the connector centre at all
	PermConnectorsCreate = "connectors.create" // creates connectors (and owns them)
	PermConnectorsManage = "connectors.manage" // maintains every connector and sets their permissions
	PermUsersAdmin       = "users.admin"       // manages profiles
)

// AllPerms lists every system permission, in display order.
var AllPerms = []string{PermConnectorsView, PermConnectorsCreate, PermConnectorsManage, PermUsersAdmin}

// Grant levels on one connector. Maintain includes view.
const (
	LevelView     = "view"
	LevelMaintain = "maintain"
)

// User is a local profile.
type User struct {
	ID           string    `gorm:"primaryKey" json:"id"`
	Name         string    `gorm:"uniqueIndex;not null" json:"name"`
	DisplayName  string    `json:"displayName"`
	OrgID        string    `json:"orgId"`
	PasswordHash string    `json:"-"`
	Perms        []string  `gorm:"serializer:json" json:"perms"`
	CreatedAt    time.Time `json:"createdAt"`
}

// HasPerm reports whether the user holds the system permission.
func (u *User) HasPerm(p string) bool {
	for _, have := range u.Perms {
		if have == p {
			return true
		}
	}
	return false
}

// Grant gives one user view or maintain on one connector.
type Grant struct {
	ConnectorID string    `gorm:"primaryKey" json:"connectorId"`
	UserID      string    `gorm:"primaryKey;index" json:"userId"`
	Level       string    `gorm:"not null" json:"level"`
	CreatedAt   time.Time `json:"createdAt"`
}

// Connector groups connections and interfaces to one external system.
type Connector struct {
	ID          string    `gorm:"primaryKey" json:"id"`
	Key         string    `gorm:"uniqueIndex;not null" json:"key"`
	Name        string    `gorm:"index;not null" json:"name"`
	Description string    `json:"description"`
	Icon        string    `json:"icon"`
	Tags        []string  `gorm:"-" json:"tags"` // rows of connector_tags, in order
	Version     string    `json:"version"`
	Status      Status    `gorm:"index;not null" json:"status"`
	OwnerID     string    `gorm:"index" json:"ownerId"`
	CreatedAt   time.Time `json:"createdAt"`
	CreatedBy   string    `json:"createdBy"`
	UpdatedAt   time.Time `json:"updatedAt"`
	UpdatedBy   string    `json:"updatedBy"`
}

// Charsets a connection may declare.
var Charsets = []string{"UTF-8", "GBK", "GB2312", "BIG5", "ISO-8859-1"}

// TLSOptions apply to https connections only.
type TLSOptions struct {
	SkipVerify     bool   `json:"skipVerify"`
	ClientCertPath string `json:"clientCertPath"`
	CACertPath     string `json:"caCertPath"`
}

// APIKeyAuth says where an API key goes.
type APIKeyAuth struct {
	Name string `json:"name"`
	In   string `json:"in"` // header | query
}

// TokenInject says where an exchanged token goes on each call.
type TokenInject struct {
	In     string `json:"in"` // header | query
	Name   string `json:"name"`
	Prefix string `json:"prefix"`
}

// TokenExchange describes how to obtain a token before calling the API.
type TokenExchange struct {
	Method        string            `json:"method"`
	URL           string            `json:"url"` // absolute, or relative to the connection's base URL
	BodyType      string            `json:"bodyType"`
	Headers       map[string]string `json:"headers,omitempty"`
	Body          map[string]any    `json:"body,omitempty"`
	TokenPath     string            `json:"tokenPath"`
	ExpiresInPath string            `json:"expiresInPath,omitempty"`
	TTLSec        int               `json:"ttlSec,omitempty"`
	RefreshWhen   *Condition        `json:"refreshWhen,omitempty"`
	Inject        TokenInject       `json:"inject"`
}

// Auth is a connection's auth scheme; the credentials live in its accounts.
type Auth struct {
	Type          string         `json:"type" ts_type:"AuthType"`
	APIKey        *APIKeyAuth    `json:"apiKey,omitempty"`
	TokenExchange *TokenExchange `json:"tokenExchange,omitempty"`
}

// Connection is the connection info of a connector: where and how to reach the system.
type Connection struct {
	ID                 string     `gorm:"primaryKey" json:"id"`
	ConnectorID        string     `gorm:"uniqueIndex:idx_connection_key;not null" json:"connectorId"`
	Key                string     `gorm:"uniqueIndex:idx_connection_key;not null" json:"key"`
	Name               string     `json:"name"`
	Description        string     `json:"description"`
	ResourceType       string     `json:"resourceType"`
	Protocol           string     `json:"protocol"`
	Host               string     `json:"host"`
	BasePath           string     `json:"basePath"`
	Charset            string     `json:"charset"`
	ConnectTimeoutSec  int        `json:"connectTimeoutSec"`
	ResponseTimeoutSec int        `json:"responseTimeoutSec"`
	TLS                TLSOptions `gorm:"serializer:json" json:"tls"`
	// ClientCertPassword is ciphertext (see backend/secret); never sent out.
	ClientCertPassword string    `json:"-"`
	Proxy              string    `json:"proxy"`
	Auth               Auth      `gorm:"serializer:json" json:"auth"`
	Status             Status    `gorm:"not null" json:"status"`
	CreatedAt          time.Time `json:"createdAt"`
	CreatedBy          string    `json:"createdBy"`
	UpdatedAt          time.Time `json:"updatedAt"`
	UpdatedBy          string    `json:"updatedBy"`
}

// AuthAccount holds the credentials one connection's auth scheme reads.
type AuthAccount struct {
	ID           string `gorm:"primaryKey" json:"id"`
	ConnectionID string `gorm:"uniqueIndex:idx_account_name;not null" json:"connectionId"`
	Name         string `gorm:"uniqueIndex:idx_account_name;not null" json:"name"`
	Default      bool   `json:"default"`
	// Fields are the account's plain fields (a user name, an app key).
	Fields map[string]string `gorm:"serializer:json" json:"fields"`
	// Secrets maps a secret field's name to its ciphertext (see backend/secret).
	Secrets   map[string]string `gorm:"serializer:json" json:"-"`
	CreatedAt time.Time         `json:"createdAt"`
	UpdatedAt time.Time         `json:"updatedAt"`
}

// Param locations, types, sources and body types.
const (
	InPath   = "path"
	InQuery  = "query"
	InHeader = "header"
	InBody   = "body"

	SourceInput    = "input"
	SourceStatic   = "static"
	SourceSystem   = "system"
	SourceTemplate = "template"
	SourceMap      = "map"
)

// ParamIns, ParamTypes, SourceKinds, BodyTypes and SystemFields list the allowed values.
var (
	ParamIns     = []string{InPath, InQuery, InHeader, InBody}
	ParamTypes   = []string{"string", "number", "integer", "boolean", "object", "array"}
	SourceKinds  = []string{SourceInput, SourceStatic, SourceSystem, SourceTemplate, SourceMap}
	BodyTypes    = []string{"none", "json", "form", "multipart", "text", "xml"}
	SystemFields = []string{"userId", "userName", "orgId", "now", "timestamp", "uuid", "date"}
	Methods      = []string{"GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"}
)

// Source says where a request param's value comes from.
type Source struct {
	Kind  string `json:"kind"`
	Value string `json:"value,omitempty"`
}

// Param is one node of an interface's request param tree.
type Param struct {
	Name        string          `json:"name"`
	In          string          `json:"in,omitempty" ts_type:"ParamIn"` // top level only; children inherit
	Type        string          `json:"type"`
	Required    bool            `json:"required"`
	Source      Source          `json:"source"`
	Default     json.RawMessage `json:"default,omitempty" ts_type:"unknown"`
	Description string          `json:"description"`
	Children    []Param         `json:"children,omitempty"`
}

// ResponseParam is one node of an interface's response param tree; Path is a
// gjson path relative to its parent (the body for top-level params, one
// element for the children of an array).
type ResponseParam struct {
	Name        string          `json:"name"`
	Type        string          `json:"type"`
	Path        string          `json:"path"`
	Description string          `json:"description,omitempty"`
	Children    []ResponseParam `json:"children,omitempty"`
}

// Condition is either a group (All or Any, nesting allowed) or one rule (Field, Op, Value).
type Condition struct {
	All   []Condition `json:"all,omitempty"`
	Any   []Condition `json:"any,omitempty"`
	Field string      `json:"field,omitempty"`
	Op    string      `json:"op,omitempty" ts_type:"CondOp"`
	Value any         `json:"value,omitempty"`
}

// IsGroup reports whether the condition is an all/any group rather than a rule.
func (c Condition) IsGroup() bool { return c.All != nil || c.Any != nil }

// Condition ops.
var CondOps = []string{"eq", "ne", "gt", "ge", "lt", "le", "contains", "notContains", "empty", "notEmpty", "matches", "in"}

// Messages are the templates shown for each verdict other than ok.
type Messages struct {
	Unmet   string `json:"unmet"`
	Timeout string `json:"timeout"`
	Error   string `json:"error"`
}

// Interface (an action) is one call of the external system.
type Interface struct {
	ID           string          `gorm:"primaryKey" json:"id"`
	ConnectorID  string          `gorm:"uniqueIndex:idx_interface_key;not null" json:"connectorId"`
	Key          string          `gorm:"uniqueIndex:idx_interface_key;not null" json:"key"`
	Name         string          `json:"name"`
	Description  string          `json:"description"`
	ConnectionID string          `gorm:"index;not null" json:"connectionId"`
	Method       string          `json:"method"`
	Path         string          `json:"path"`
	BodyType     string          `json:"bodyType"`
	Request      []Param         `gorm:"serializer:json" json:"request"`
	Response     []ResponseParam `gorm:"serializer:json" json:"response"`
	Success      Condition       `gorm:"serializer:json" json:"success"`
	Messages     Messages        `gorm:"serializer:json" json:"messages"`
	// Revision grows on every edit; compiled plans are cached per (ID, Revision).
	Revision  int       `json:"revision"`
	CreatedAt time.Time `json:"createdAt"`
	CreatedBy string    `json:"createdBy"`
	UpdatedAt time.Time `json:"updatedAt"`
	UpdatedBy string    `json:"updatedBy"`
}

// AuditEntry is one link of the append-only, hash-chained operation log.
type AuditEntry struct {
	Seq         int64     `gorm:"primaryKey;autoIncrement:false" json:"seq"`
	At          time.Time `gorm:"index" json:"at"`
	Actor       string    `gorm:"index" json:"actor"`
	Action      string    `gorm:"index" json:"action"`
	TargetType  string    `json:"targetType"`
	TargetID    string    `json:"targetId"`
	TargetKey   string    `json:"targetKey"`
	ConnectorID string    `gorm:"index" json:"connectorId"`
	Summary     string    `json:"summary"`
	// Details is JSON: field-level before/after with secrets redacted.
	Details  string `json:"details"`
	PrevHash string `json:"prevHash"`
	Hash     string `json:"hash"`
	// MAC is the HMAC of Hash under a key derived from the secret key file
	// ("" on entries written before entries carried one); see backend/audit.
	MAC string `gorm:"column:mac" json:"-"`
}

// Redacted replaces every secret value in audit details, history and logs.
const Redacted = "[redacted]"

// Invocation kinds.
const (
	InvocationTest   = "test"   // from the test console
	InvocationInvoke = "invoke" // from the command line or a script
	InvocationBulk   = "bulk"   // a repeated run, kept as one summary row
)

// Invocation is one history row: a call of an interface (or, for a bulk run,
// the summary of many), with the request and response as recorded, secrets
// redacted and the body capped.
type Invocation struct {
	ID           string    `gorm:"primaryKey" json:"id"`
	InterfaceID  string    `gorm:"index:idx_invocation_interface,priority:1;not null" json:"interfaceId"`
	At           time.Time `gorm:"index:idx_invocation_interface,priority:2" json:"at"`
	ConnectorID  string    `gorm:"index" json:"connectorId"`
	ConnectionID string    `json:"connectionId"`
	Account      string    `json:"account"`
	Actor        string    `json:"actor"`
	Kind         string    `json:"kind"`
	Verdict      string    `json:"verdict"`
	Message      string    `json:"message"`
	// MessageNote is Message for the UI's language: JSON of whether it is
	// the stock message and its cause's Note ("" for older rows).
	MessageNote string  `json:"messageNote"`
	Status      int     `json:"status"`
	TotalMs     float64 `json:"totalMs"`
	// Inputs, Request, Response, Outputs, Timing and Summary are JSON documents.
	Inputs   string `json:"inputs"`
	Request  string `json:"request"`
	Response string `json:"response"`
	Outputs  string `json:"outputs"`
	Timing   string `json:"timing"`
	Summary  string `json:"summary"`
}
