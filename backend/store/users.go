package store

import (
	"fmt"

	"junction/backend/domain"
)

// CountUsers is how many profiles the store holds.
func (t *Tx) CountUsers() (int64, error) {
	var n int64
	if err := t.db.Model(&domain.User{}).Count(&n).Error; err != nil {
		return 0, fmt.Errorf("count profiles: %w", err)
	}
	return n, nil
}

// ListUsers lists every profile by name.
func (t *Tx) ListUsers() ([]domain.User, error) {
	var users []domain.User
	if err := t.db.Order("name").Find(&users).Error; err != nil {
		return nil, fmt.Errorf("list profiles: %w", err)
	}
	return users, nil
}

// AddUser inserts a new profile; a taken name is a conflict error.
func (t *Tx) AddUser(u *domain.User) error {
	if err := t.db.Create(u).Error; err != nil {
		return Translate(err, "profile "+u.Name)
	}
	return nil
}

// SaveUser writes every field of an existing profile, its password hash
// included.
func (t *Tx) SaveUser(u *domain.User) error {
	if err := t.db.Save(u).Error; err != nil {
		return Translate(err, "profile "+u.Name)
	}
	return nil
}

// CountUsersWithPerm is how many profiles hold the system permission perm.
func (t *Tx) CountUsersWithPerm(perm string) (int64, error) {
	var n int64
	// perms is a JSON array of names; a name is matched with its quotes.
	if err := t.db.Model(&domain.User{}).Where("perms LIKE ?", `%"`+perm+`"%`).Count(&n).Error; err != nil {
		return 0, fmt.Errorf("count profiles with %s: %w", perm, err)
	}
	return n, nil
}
