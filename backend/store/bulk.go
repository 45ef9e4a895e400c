package store

import (
	"fmt"

	"junction/backend/domain"
)

// bulkRows is how many rows one INSERT of CreateInterfaces carries: an
// interface has 18 columns, and SQLite binds at most 32766 values a statement.
const bulkRows = 200

// CreateInterfaces inserts the interfaces of a connector an import has just
// created, in multi-row INSERTs: the connector is new, so there is no key to
// look for first; the unique index (connector, key) still refuses a repeat.
func (t *Tx) CreateInterfaces(c *domain.Connector, its []*domain.Interface) error {
	if len(its) == 0 {
		return nil
	}
	if err := t.db.CreateInBatches(its, bulkRows).Error; err != nil {
		return Translate(err, fmt.Sprintf("the %d interfaces of connector %s", len(its), c.Key))
	}
	return nil
}
