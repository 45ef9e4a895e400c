package store

import (
	"fmt"

	"junction/backend/domain"
)

// GrantRow is one grant as the permission list shows it.
type GrantRow struct {
	User  string // profile name
	Level string
}

// ListGrants lists a connector's grants by profile name.
func (t *Tx) ListGrants(connectorID string) ([]GrantRow, error) {
	out := []GrantRow{}
	if err := t.db.Table("grants").Select("users.name AS user, grants.level").Joins("JOIN users ON users.id = grants.user_id").
		Where("grants.connector_id = ?", connectorID).Order("users.name").Scan(&out).Error; err != nil {
		return nil, fmt.Errorf("list grants: %w", err)
	}
	return out, nil
}

// GrantLevels maps each of the connectors to userID's grant level on it; a
// connector without a grant is missing from the map.
func (t *Tx) GrantLevels(userID string, connectorIDs ...string) (map[string]string, error) {
	var grants []domain.Grant
	if err := t.db.Where("user_id = ? AND connector_id IN ?", userID, connectorIDs).Find(&grants).Error; err != nil {
		return nil, fmt.Errorf("load grants: %w", err)
	}
	out := make(map[string]string, len(grants))
	for _, g := range grants {
		out[g.ConnectorID] = g.Level
	}
	return out, nil
}

// SaveGrant gives or changes a grant, stamped with the unit's clock.
func (t *Tx) SaveGrant(g *domain.Grant) error {
	g.CreatedAt = t.now
	if err := t.db.Save(g).Error; err != nil {
		return Translate(err, "grant")
	}
	return nil
}

// DeleteGrant takes userID's grant on connectorID away.
func (t *Tx) DeleteGrant(connectorID, userID string) error {
	if err := t.db.Where("connector_id = ? AND user_id = ?", connectorID, userID).Delete(&domain.Grant{}).Error; err != nil {
		return fmt.Errorf("delete grant: %w", err)
	}
	return nil
}
