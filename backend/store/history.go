package store

import (
	"fmt"
	"time"

	"junction/backend/domain"
)

// HistoryItem is an invocation row as a history list shows it.
type HistoryItem struct {
	ID      string
	At      time.Time
	Kind    string
	Verdict string
	Message string
	// MessageNote is Message's reason document (domain.Invocation).
	MessageNote string
	Status      int
	TotalMs     float64
	Actor       string
	Account     string
	// Connection is the connection's key; "" when it is gone.
	Connection string
}

// HistoryNames are the keys of what an invocation row refers to; "" for one
// that is gone.
type HistoryNames struct {
	Connector, Interface, Connection string
}

// AddInvocation inserts a history row.
func (t *Tx) AddInvocation(row *domain.Invocation) error {
	if err := t.db.Create(row).Error; err != nil {
		return fmt.Errorf("write invocation history: %w", err)
	}
	return nil
}

// TrimInvocations keeps the newest keep rows of an interface's history.
func (t *Tx) TrimInvocations(interfaceID string, keep int) error {
	if err := t.db.Exec(trimHistorySQL, interfaceID, interfaceID, keep).Error; err != nil {
		return fmt.Errorf("trim invocation history: %w", err)
	}
	return nil
}

// ListInvocations lists an interface's history, newest first, at most limit rows.
func (t *Tx) ListInvocations(interfaceID string, limit int) ([]HistoryItem, error) {
	out := []HistoryItem{}
	err := t.db.Table("invocations").
		Select("invocations.id, invocations.at, invocations.kind, invocations.verdict, invocations.message, invocations.message_note, invocations.status, "+
			"invocations.total_ms, invocations.actor, invocations.account, COALESCE(connections.key, '') AS connection").
		Joins("LEFT JOIN connections ON connections.id = invocations.connection_id").
		Where("invocations.interface_id = ?", interfaceID).
		Order(historyOrder).Limit(limit).Scan(&out).Error
	if err != nil {
		return nil, fmt.Errorf("list invocation history: %w", err)
	}
	return out, nil
}

// Invocation loads one history row; not_found names it.
func (t *Tx) Invocation(id string) (*domain.Invocation, error) {
	var row domain.Invocation
	if err := t.db.Where("id = ?", id).Take(&row).Error; err != nil {
		return nil, Translate(err, fmt.Sprintf("history entry %q", id))
	}
	return &row, nil
}

// InvocationNames reads the keys of the connector, interface and connection
// a history row refers to.
func (t *Tx) InvocationNames(row *domain.Invocation) (HistoryNames, error) {
	var n HistoryNames
	for _, q := range []struct {
		model any
		id    string
		into  *string
	}{{&domain.Connector{}, row.ConnectorID, &n.Connector}, {&domain.Interface{}, row.InterfaceID, &n.Interface},
		{&domain.Connection{}, row.ConnectionID, &n.Connection}} {
		if err := t.db.Model(q.model).Select("key").Where("id = ?", q.id).Scan(q.into).Error; err != nil {
			return n, fmt.Errorf("load the names of history entry %s: %w", row.ID, err)
		}
	}
	return n, nil
}
