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

// visibleConnectorIDs is a subquery of the ids of every connector the scope
// sees, for filters on tables that refer to connectors by id (the audit log).
func visibleConnectorIDs(scope access.Scope) (string, []any) {
	cond, args := connectorFilter(scope, "connectors")
	return "SELECT id FROM connectors WHERE " + cond, args
}

// connectorIDFilter is the scope as a condition on a column that holds
// connector ids (tags, the audit log): the subquery of visibleConnectorIDs,
// or no subquery at all when the scope sees every connector or none.
func connectorIDFilter(scope access.Scope, column string) (string, []any) {
	if scope.All || scope.None {
		return connectorFilter(scope, "")
	}
	sub, args := visibleConnectorIDs(scope)
	return "(" + column + " IN (" + sub + "))", args
}
