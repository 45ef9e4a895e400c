package store

import (
	"fmt"

	"junction/backend/domain"
)

// UserByName loads a profile; a missing one is a not_found error.
func (t *Tx) UserByName(name string) (*domain.User, error) {
	var u domain.User
	if err := t.db.Where("name = ?", name).Take(&u).Error; err != nil {
		return nil, Translate(err, fmt.Sprintf("profile %q", name))
	}
	return &u, nil
}

// GrantLevel is userID's grant level on connectorID, "" without a grant.
func (t *Tx) GrantLevel(connectorID, userID string) (string, error) {
	var level string
	err := t.db.Model(&domain.Grant{}).Select("level").
		Where("connector_id = ? AND user_id = ?", connectorID, userID).Limit(1).Scan(&level).Error
	if err != nil {
		return "", fmt.Errorf("load grant: %w", err)
	}
	return level, nil
}

// TouchConnector marks c as updated by name at the unit's clock reading.
func (t *Tx) TouchConnector(c *domain.Connector, by string) error {
	c.UpdatedAt, c.UpdatedBy = t.now, by
	if err := t.db.Model(c).Updates(map[string]any{"updated_at": c.UpdatedAt, "updated_by": c.UpdatedBy}).Error; err != nil {
		return fmt.Errorf("touch connector %s: %w", c.Key, err)
	}
	return nil
}
