package store

import (
	"fmt"

	"junction/backend/domain"
)

// What a call loads besides its connector: the interface, the connection it
// runs on and the auth account it takes.

// CallInterface loads interface key of connector c; not_found names it.
func (t *Tx) CallInterface(c *domain.Connector, key string) (*domain.Interface, error) {
	var it domain.Interface
	if err := t.db.Where("connector_id = ? AND key = ?", c.ID, key).Take(&it).Error; err != nil {
		return nil, Translate(err, fmt.Sprintf("interface %q of connector %s", key, c.Key))
	}
	return &it, nil
}

// CallConnection loads connection key of connector c; not_found names it.
func (t *Tx) CallConnection(c *domain.Connector, key string) (*domain.Connection, error) {
	var conn domain.Connection
	if err := t.db.Where("connector_id = ? AND key = ?", c.ID, key).Take(&conn).Error; err != nil {
		return nil, Translate(err, fmt.Sprintf("connection %q of connector %s", key, c.Key))
	}
	return &conn, nil
}

// InterfaceConnection loads the connection interface it refers to.
func (t *Tx) InterfaceConnection(it *domain.Interface) (*domain.Connection, error) {
	var conn domain.Connection
	if err := t.db.Where("id = ?", it.ConnectionID).Take(&conn).Error; err != nil {
		return nil, Translate(err, fmt.Sprintf("the connection of interface %s", it.Key))
	}
	return &conn, nil
}

// CallAccount loads the auth account name of conn, or with name "" its
// default account (the first by name when none is marked): nil when conn
// has no accounts.
func (t *Tx) CallAccount(conn *domain.Connection, name string) (*domain.AuthAccount, error) {
	var a domain.AuthAccount
	if name != "" {
		if err := t.db.Where("connection_id = ? AND name = ?", conn.ID, name).Take(&a).Error; err != nil {
			return nil, Translate(err, fmt.Sprintf("auth account %q of connection %s", name, conn.Key))
		}
		return &a, nil
	}
	err := t.db.Where("connection_id = ?", conn.ID).Order(`"default" DESC, name`).Limit(1).Find(&a).Error
	if err != nil {
		return nil, fmt.Errorf("load the default account of connection %s: %w", conn.Key, err)
	}
	if a.ID == "" {
		return nil, nil
	}
	return &a, nil
}
