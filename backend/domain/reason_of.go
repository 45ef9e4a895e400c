package domain

import (
	"fmt"
)

// ErrorReason returns the reason of the first *Error in err's chain, "" when
// it has none.
func ErrorReason(err error) Reason {
	return errorPart(err, func(e *Error) Reason { return e.Reason }, "")
}

// ErrorParams returns the params of the first *Error in err's chain.
func ErrorParams(err error) Params {
	return errorPart(err, func(e *Error) Params { return e.Params }, nil)
}

// Notef returns a Note whose English text is format filled with the params'
// values in order: Notef(R, "%s is %s", "field", f, "got", g) says
// "<f> is <g>" and keeps field and got for the UI. It saves writing each
// value twice at the many sites that build a sentence and its params.
func Notef(reason Reason, format string, kv ...string) Note {
	return Note{Reason: reason, Params: ParamsOf(kv...), Text: fmt.Sprintf(format, values(kv)...)}
}

// values are the values of key, value pairs, as fmt arguments.
func values(kv []string) []any {
	vs := make([]any, 0, len(kv)/2)
	for i := 1; i < len(kv); i += 2 {
		vs = append(vs, kv[i])
	}
	return vs
}
