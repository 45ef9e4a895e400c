package store

import (
	"fmt"
	"strings"

	"junction/backend/domain"
)

// Connection loads connection key of connector c; not_found names both.
func (t *Tx) Connection(c *domain.Connector, key string) (*domain.Connection, error) {
	return takeInConnector[domain.Connection](t, c, key, "connection")
}

// Connections lists a connector's connections by key.
func (t *Tx) Connections(connectorID string) ([]domain.Connection, error) {
	return listInConnector[domain.Connection](t, connectorID, "connections")
}

// ConnectionKey is the key of the connection id, "" when there is none.
func (t *Tx) ConnectionKey(id string) (string, error) {
	var key string
	if err := t.db.Model(&domain.Connection{}).Select("key").Where("id = ?", id).Scan(&key).Error; err != nil {
		return "", fmt.Errorf("load the key of connection %s: %w", id, err)
	}
	return key, nil
}

// CreateConnection inserts conn into connector c; a key c already has is a
// conflict on the field key.
func (t *Tx) CreateConnection(c *domain.Connector, conn *domain.Connection) error {
	return createInConnector(t, c, conn, conn.Key, "connection", "a connection", domain.RConnectionKeyTaken)
}

// takeInConnector loads the row of kind T with key in connector c; not_found
// names both.
func takeInConnector[T any](t *Tx, c *domain.Connector, key, kind string) (*T, error) {
	var row T
	if err := t.db.Where("connector_id = ? AND key = ?", c.ID, key).Take(&row).Error; err != nil {
		return nil, Translate(err, fmt.Sprintf("%s %q of connector %s", kind, key, c.Key))
	}
	return &row, nil
}

// listInConnector lists a connector's rows of kind T by key; what names
// them in the error.
func listInConnector[T any](t *Tx, connectorID, what string) ([]T, error) {
	var out []T
	if err := t.db.Where("connector_id = ?", connectorID).Order("key").Find(&out).Error; err != nil {
		return nil, fmt.Errorf("list %s: %w", what, err)
	}
	return out, nil
}

// createInConnector inserts row, a connection or an interface, into connector
// c unless c already has one of its kind with key: that is a conflict on the
// field key, with reason; what names the kind with its article.
func createInConnector[T any](t *Tx, c *domain.Connector, row *T, key, kind, what string, reason domain.Reason) error {
	var n int64
	if err := t.db.Model(new(T)).Where("connector_id = ? AND key = ?", c.ID, key).Count(&n).Error; err != nil {
		return fmt.Errorf("look for %s %s: %w", kind, key, err)
	}
	if n > 0 {
		return (&domain.Error{Code: domain.EConflict, Field: "key", Message: fmt.Sprintf("connector %s already has %s %q", c.Key, what, key)}).
			With(reason, "connector", c.Key, "key", key)
	}
	return Translate(t.db.Create(row).Error, kind+" "+key)
}

// SaveConnection writes every column of conn.
func (t *Tx) SaveConnection(conn *domain.Connection) error {
	return Translate(t.db.Save(conn).Error, "connection "+conn.Key)
}

// SetConnectionStatus writes conn's status and its updated stamp.
func (t *Tx) SetConnectionStatus(conn *domain.Connection) error {
	err := t.db.Model(conn).Updates(map[string]any{"status": conn.Status, "updated_at": conn.UpdatedAt, "updated_by": conn.UpdatedBy}).Error
	if err != nil {
		return fmt.Errorf("set the status of connection %s: %w", conn.Key, err)
	}
	return nil
}

// SetCertPassword writes conn's client-certificate password column (a
// ciphertext, or the marker of a declared password without a value).
func (t *Tx) SetCertPassword(conn *domain.Connection, value string) error {
	if err := t.db.Model(conn).Update("client_cert_password", value).Error; err != nil {
		return fmt.Errorf("set the client certificate password of connection %s: %w", conn.Key, err)
	}
	conn.ClientCertPassword = value
	return nil
}

// ConnectionUses counts the interfaces that call conn.
func (t *Tx) ConnectionUses(conn *domain.Connection) (int, error) {
	var n int64
	if err := t.db.Model(&domain.Interface{}).Where("connection_id = ?", conn.ID).Count(&n).Error; err != nil {
		return 0, fmt.Errorf("count the interfaces of connection %s: %w", conn.Key, err)
	}
	return int(n), nil
}

// DeleteConnection deletes conn with its accounts. While interfaces call it,
// it is a rule error that names them.
func (t *Tx) DeleteConnection(conn *domain.Connection) error {
	var users []string
	if err := t.db.Model(&domain.Interface{}).Where("connection_id = ?", conn.ID).Order("key").Pluck("key", &users).Error; err != nil {
		return fmt.Errorf("list the interfaces of connection %s: %w", conn.Key, err)
	}
	if len(users) > 0 {
		return domain.Errorf(domain.ERule, "connection %s is used by %s (%s); move or delete them first",
			conn.Key, domain.Count(len(users), "interface", "interfaces"), joinMax(users, 5)).
			With(domain.RConnectionInUse, "connection", conn.Key, "count", fmt.Sprint(len(users)), "names", strings.Join(users[:min(5, len(users))], ", "))
	}
	return Translate(t.db.Delete(conn).Error, "connection "+conn.Key)
}

// joinMax joins the first n items with commas and says how many more there are.
func joinMax(items []string, n int) string {
	if len(items) <= n {
		return strings.Join(items, ", ")
	}
	return strings.Join(items[:n], ", ") + fmt.Sprintf(", and %d more", len(items)-n)
}
