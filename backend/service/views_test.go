package service

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"junction/backend/audit"
	"junction/backend/domain"
)

// An audit entry's view carries the params its change logged in the details
// (run.log), and an empty set (never null) when the details hold none or
// are not an object.
func TestAuditViewOf_Params(t *testing.T) {
	e := &domain.AuditEntry{Seq: 7, Action: string(domain.ActionConnectorSeal), TargetKey: "crm",
		Details: audit.Details(nil, map[string]any{"params": map[string]string{"status": "sealed"}})}
	v := auditViewOf(e)
	assert.Equal(t, map[string]string{"status": "sealed"}, v.Params)
	assert.Equal(t, int64(7), v.Seq)
	assert.Equal(t, "connector.seal", v.Action)
	assert.Equal(t, e.Details, v.Details)

	for _, details := range []string{"", "{}", "[1]", `{"params": "x"}`} {
		assert.Equal(t, map[string]string{}, auditViewOf(&domain.AuditEntry{Details: details}).Params, details)
	}
}
