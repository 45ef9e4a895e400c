package store

import (
	"fmt"
	"time"

	"junction/backend/domain"
)

// InterfaceItem is an interface as a connector's list shows it, with the key
// and status of the connection it calls.
type InterfaceItem struct {
	ID               string
	Key              string
	Name             string
	Method           string
	Path             string
	ConnectionKey    string
	ConnectionStatus domain.Status
	UpdatedAt        time.Time
}

// Interface loads interface key of connector c; not_found names both.
func (t *Tx) Interface(c *domain.Connector, key string) (*domain.Interface, error) {
	return takeInConnector[domain.Interface](t, c, key, "interface")
}

// Interfaces lists a connector's interfaces by key, whole.
func (t *Tx) Interfaces(connectorID string) ([]domain.Interface, error) {
	return listInConnector[domain.Interface](t, connectorID, "interfaces")
}

// InterfaceKeys lists the keys of a connector's interfaces, sorted.
func (t *Tx) InterfaceKeys(connectorID string) ([]string, error) {
	var out []string
	if err := t.db.Model(&domain.Interface{}).Where("connector_id = ?", connectorID).Order("key").Pluck("key", &out).Error; err != nil {
		return nil, fmt.Errorf("list interface keys: %w", err)
	}
	return out, nil
}

// InterfaceItems lists a connector's interfaces by key, as its list shows them.
func (t *Tx) InterfaceItems(connectorID string) ([]InterfaceItem, error) {
	out := []InterfaceItem{}
	err := t.db.Table("interfaces").
		Select("interfaces.id, interfaces.key, interfaces.name, interfaces.method, interfaces.path, interfaces.updated_at, "+
			"connections.key AS connection_key, connections.status AS connection_status").
		Joins("JOIN connections ON connections.id = interfaces.connection_id").
		Where("interfaces.connector_id = ?", connectorID).Order("interfaces.key").Scan(&out).Error
	if err != nil {
		return nil, fmt.Errorf("list interfaces: %w", err)
	}
	return out, nil
}

// CreateInterface inserts it into connector c; a key c already has is a
// conflict on the field key.
func (t *Tx) CreateInterface(c *domain.Connector, it *domain.Interface) error {
	return createInConnector(t, c, it, it.Key, "interface", "an interface", domain.RInterfaceKeyTaken)
}

// SaveInterface writes an edited interface as its next revision (compiled
// plans are cached per revision).
func (t *Tx) SaveInterface(it *domain.Interface) error {
	it.Revision++
	return Translate(t.db.Save(it).Error, "interface "+it.Key)
}

// DeleteInterface deletes it.
func (t *Tx) DeleteInterface(it *domain.Interface) error {
	return Translate(t.db.Delete(it).Error, "interface "+it.Key)
}
