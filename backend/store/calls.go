package store

import (
	"fmt"

	"junction/backend/domain"
)

// What a call loads besides its connector, the interface (Interface) and a
// connection chosen by key (Connection): the connection the interface runs
// on and the auth account it takes.

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
	if name != "" {
		return t.Account(conn, name)
	}
	var a domain.AuthAccount
	err := t.db.Where("connection_id = ?", conn.ID).Order(`"default" DESC, name`).Limit(1).Find(&a).Error
	if err != nil {
		return nil, fmt.Errorf("load the default account of connection %s: %w", conn.Key, err)
	}
	if a.ID == "" {
		return nil, nil
	}
	return &a, nil
}
