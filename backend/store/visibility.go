package store

import (
	"junction/backend/access"
)

// connectorFilter is the SQL form of an access.Scope over a connectors
// table reference (alias "connectors" or another name): the condition, in
// parentheses, and its arguments. It restates nothing of the rule: every
// case of the Scope maps to one condition, and access.Scope.Rights says
// which rights follow.
func connectorFilter(scope access.Scope, table string) (string, []any) {
	switch {
	case scope.All:
		return "(1 = 1)", nil
	case scope.None:
		return "(1 = 0)", nil
	}
	return "(" + table + ".owner_id = ? OR " + table + ".id IN (SELECT connector_id FROM grants WHERE user_id = ?))",
		[]any{scope.UserID, scope.UserID}
}

// connectorIDFilter is the scope as a condition on a column that holds
// connector ids (tags, the audit log): the ids of the connectors it owns or
// those of its grants, each read from its own index (a grant's connector
// exists: grants go with their connector), or no subquery at all when the
// scope sees every connector or none.
func connectorIDFilter(scope access.Scope, column string) (string, []any) {
	if scope.All || scope.None {
		return connectorFilter(scope, "")
	}
	return "(" + column + " IN (SELECT id FROM connectors WHERE owner_id = ?) OR " +
			column + " IN (SELECT connector_id FROM grants WHERE user_id = ?))",
		[]any{scope.UserID, scope.UserID}
}

// flowFilter is connectorFilter's sibling over a flows table reference:
// flows are owned and granted like connectors, under the same Scope.
func flowFilter(scope access.Scope, table string) (string, []any) {
	switch {
	case scope.All:
		return "(1 = 1)", nil
	case scope.None:
		return "(1 = 0)", nil
	}
	return "(" + table + ".owner_id = ? OR " + table + ".id IN (SELECT flow_id FROM flow_grants WHERE user_id = ?))",
		[]any{scope.UserID, scope.UserID}
}
