package store

import (
	"errors"
	"fmt"

	"gorm.io/gorm"

	"junction/backend/domain"
)

// Accounts lists a connection's auth accounts by name.
func (t *Tx) Accounts(connectionID string) ([]domain.AuthAccount, error) {
	var out []domain.AuthAccount
	if err := t.db.Where("connection_id = ?", connectionID).Order("name").Find(&out).Error; err != nil {
		return nil, fmt.Errorf("list accounts: %w", err)
	}
	return out, nil
}

// Account loads auth account name of conn; not_found names both.
func (t *Tx) Account(conn *domain.Connection, name string) (*domain.AuthAccount, error) {
	var a domain.AuthAccount
	if err := t.db.Where("connection_id = ? AND name = ?", conn.ID, name).Take(&a).Error; err != nil {
		return nil, Translate(err, fmt.Sprintf("auth account %q of connection %s", name, conn.Key))
	}
	return &a, nil
}

// CreateAccount inserts a, keeping one default account per connection (see
// SaveAccount).
func (t *Tx) CreateAccount(a *domain.AuthAccount) error {
	if err := t.oneDefault(a); err != nil {
		return err
	}
	return Translate(t.db.Create(a).Error, "auth account "+a.Name)
}

// SaveAccount writes every column of a, keeping one default account per
// connection: a connection's only account is its default, and an account
// made the default takes the flag from the others.
func (t *Tx) SaveAccount(a *domain.AuthAccount) error {
	if err := t.oneDefault(a); err != nil {
		return err
	}
	return Translate(t.db.Save(a).Error, "auth account "+a.Name)
}

func (t *Tx) oneDefault(a *domain.AuthAccount) error {
	others := t.db.Model(&domain.AuthAccount{}).Where("connection_id = ? AND name <> ?", a.ConnectionID, a.Name)
	var defaults int64
	if err := others.Session(&gorm.Session{}).Where(`"default"`).Count(&defaults).Error; err != nil {
		return fmt.Errorf("count the default accounts: %w", err)
	}
	if defaults == 0 {
		a.Default = true
	}
	if a.Default {
		if err := others.Session(&gorm.Session{}).Update("default", false).Error; err != nil {
			return fmt.Errorf("clear the other default accounts: %w", err)
		}
	}
	return nil
}

// DeleteAccount deletes a; when it was the default, the first other account
// by name becomes the default.
func (t *Tx) DeleteAccount(a *domain.AuthAccount) error {
	if err := t.db.Delete(a).Error; err != nil {
		return Translate(err, "auth account "+a.Name)
	}
	if !a.Default {
		return nil
	}
	var next domain.AuthAccount
	err := t.db.Where("connection_id = ?", a.ConnectionID).Order("name").Take(&next).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil
	}
	if err == nil {
		err = t.db.Model(&next).Update("default", true).Error
	}
	if err != nil {
		return fmt.Errorf("make another account the default: %w", err)
	}
	return nil
}
