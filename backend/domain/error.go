// Package domain holds Junction's entities, enums, validation rules and typed
// errors. It performs no I/O and imports nothing of Junction's.
package domain

import (
	"errors"
	"fmt"
)

// Error codes. They are stable: doors map them to exit codes and frontend messages.
const (
	EValidation = "validation" // an input broke a rule about its shape or value; Field names it
	ENotFound   = "not_found"  // the thing named does not exist
	EConflict   = "conflict"   // a unique key is taken or the thing changed meanwhile
	ERule       = "rule"       // a domain rule refuses the operation (sealed, referenced, ...)
	EPermission = "permission" // the actor may not do this
	ETransport  = "transport"  // the remote system could not be reached
	ETimeout    = "timeout"    // the remote system did not answer in time
	EBadInput   = "bad_input"  // a file or document could not be read at all
	EInternal   = "internal"   // a fault of ours; the message says where the log is
)

// Error is Junction's one error type: a stable code, a message a person can act
// on and, for validation, the field at fault (a dotted path such as
// "connections[0].host"). Reason and Params let a door show the message in
// its own language: Reason is a stable key (see reasons.go), Params the
// values its text names. Message stays the English text the CLI prints.
type Error struct {
	Code    string `json:"code"`
	Reason  Reason `json:"reason,omitempty"`
	Message string `json:"message"`
	Field   string `json:"field,omitempty"`
	Params  Params `json:"params,omitempty"`
}

// With sets the error's reason and params (key, value, key, value...) and
// returns it, so a call site reads
// domain.Invalid("key", "cannot be changed (it is %q)", k).With(RKeyFixed, "key", k).
func (e *Error) With(reason Reason, kv ...string) *Error {
	e.Reason, e.Params = reason, ParamsOf(kv...)
	return e
}

func (e *Error) Error() string {
	if e.Field != "" {
		return fmt.Sprintf("%s: %s", e.Field, e.Message)
	}
	return e.Message
}

// Errorf returns an *Error with the code and a formatted message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// Invalid returns a validation error for one field.
func Invalid(field, format string, args ...any) *Error {
	return &Error{Code: EValidation, Field: field, Message: fmt.Sprintf(format, args...)}
}

// ErrorCode returns the code of the first *Error in err's chain, EInternal for
// any other error and "" for nil.
func ErrorCode(err error) string {
	if err == nil {
		return ""
	}
	return errorPart(err, func(e *Error) string { return e.Code }, EInternal)
}

// errorPart is part of the first *Error in err's chain, otherwise when there
// is none.
func errorPart[T any](err error, part func(*Error) T, otherwise T) T {
	var e *Error
	if errors.As(err, &e) {
		return part(e)
	}
	return otherwise
}

// ErrorField returns the field of the first *Error in err's chain.
func ErrorField(err error) string {
	return errorPart(err, func(e *Error) string { return e.Field }, "")
}

// ErrorMessage returns the human message of the first *Error in err's chain, or
// the error text for any other error.
func ErrorMessage(err error) string {
	return errorPart(err, func(e *Error) string { return e.Message }, err.Error())
}

// Prefix returns err with its field prefixed by path (for nested validation):
// Prefix("connections[0]", Invalid("host", ...)) names "connections[0].host".
func Prefix(path string, err error) error {
	var e *Error
	if err == nil || !errors.As(err, &e) {
		return err
	}
	cp := *e
	switch {
	case cp.Field == "":
		cp.Field = path
	case cp.Field[0] == '[':
		cp.Field = path + cp.Field
	default:
		cp.Field = path + "." + cp.Field
	}
	return &cp
}

// Count says n things in English, with the singular for exactly one:
// Count(1, "interface", "interfaces") is "1 interface". Messages and audit
// summaries use it so that no "(s)" reaches a person.
func Count(n int, one, many string) string {
	if n == 1 {
		return fmt.Sprintf("%d %s", n, one)
	}
	return fmt.Sprintf("%d %s", n, many)
}
