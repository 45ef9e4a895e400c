package domain

// Named types of the vocabularies the frontend receives as TypeScript enums:
// app/enums.go binds their values with Wails' EnumBind, so a view field of
// one of these types (or whose ts_type names it) is typed with the enum in
// frontend/wailsjs/go/models.ts. The values stay the constants where they
// are declared: the verdicts in backend/invoke, the rest in this package.
type (
	// Verdict is the outcome of one call: ok, unmet, timeout, error.
	Verdict string
	// Perm is a system permission (AllPerms).
	Perm string
	// Code is an error code (ErrorCodes).
	Code string
	// AuthType is an auth scheme type (AuthTypes).
	AuthType string
	// ParamIn is where a request param goes (ParamIns).
	ParamIn string
	// CondOp is a success-condition operator (CondOps).
	CondOp string
)

// ErrorCodes lists every error code, in the order of error.go.
var ErrorCodes = []string{EValidation, ENotFound, EConflict, ERule, EPermission, ETransport, ETimeout, EBadInput, EInternal}

// Statuses lists the states of a connector or a connection.
var Statuses = []Status{StatusActive, StatusSealed}
