package app

import (
	"strings"
	"unicode"

	"junction/backend/domain"
	"junction/backend/invoke"
)

// enumValue is one member of a TypeScript enum as Wails' EnumBind takes it:
// the Go value (whose type names the enum and its namespace) and the
// member's name.
type enumValue[T ~string] struct {
	Value  T
	TSName string
}

// Enums are the vocabularies the frontend receives as TypeScript enums
// (options.App.EnumBind): verdicts, audit actions, permissions, error codes,
// auth schemes, param locations, condition ops and statuses. Each is read
// from the one list that declares it.
func Enums() []any {
	return []any{
		enumOf[domain.Verdict](invoke.Verdicts),
		enumOf[domain.Action](domain.Actions),
		enumOf[domain.Perm](domain.AllPerms),
		enumOf[domain.Code](domain.ErrorCodes),
		enumOf[domain.AuthType](domain.AuthTypes),
		enumOf[domain.ParamIn](domain.ParamIns),
		enumOf[domain.CondOp](domain.CondOps),
		enumOf[domain.Status](domain.Statuses),
	}
}

// enumOf makes the members of one enum from its values.
func enumOf[T ~string, S ~string](values []S) []enumValue[T] {
	out := make([]enumValue[T], len(values))
	for i, v := range values {
		out[i] = enumValue[T]{Value: T(v), TSName: tsName(string(v))}
	}
	return out
}

// tsName spells a value as a TypeScript member name: "connector.create" is
// ConnectorCreate, "not_found" NotFound, "notContains" NotContains.
func tsName(v string) string {
	var b strings.Builder
	up := true
	for _, r := range v {
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			up = true
			continue
		}
		if up {
			r = unicode.ToUpper(r)
		}
		b.WriteRune(r)
		up = false
	}
	return b.String()
}
