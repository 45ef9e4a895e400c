package service

import (
	"context"
	"fmt"

	"gorm.io/gorm"

	"junction/backend/audit"
	"junction/backend/domain"
	"junction/backend/invoke"
	"junction/backend/schema"
	"junction/backend/store"
)

func (s *Service) interfaceSummaries(db *gorm.DB, connectorID string) ([]InterfaceSummary, error) {
	out := []InterfaceSummary{}
	err := db.Table("interfaces").
		Select("interfaces.id, interfaces.key, interfaces.name, interfaces.method, interfaces.path, interfaces.updated_at, connections.key AS connection_key, connections.status AS connection_status").
		Joins("JOIN connections ON connections.id = interfaces.connection_id").
		Where("interfaces.connector_id = ?", connectorID).Order("interfaces.key").Scan(&out).Error
	if err != nil {
		return nil, fmt.Errorf("list interfaces: %w", err)
	}
	return out, nil
}

// ListInterfaces lists a connector's interfaces.
func (s *Service) ListInterfaces(ctx context.Context, actor, connector string) ([]InterfaceSummary, error) {
	db := s.db.WithContext(ctx)
	_, c, _, err := s.connectorFor(db, actor, connector, "view")
	if err != nil {
		return nil, err
	}
	return s.interfaceSummaries(db, c.ID)
}

func (s *Service) iface(db *gorm.DB, c *domain.Connector, key string) (*domain.Interface, error) {
	var it domain.Interface
	if err := db.Where("connector_id = ? AND key = ?", c.ID, key).Take(&it).Error; err != nil {
		return nil, store.Translate(err, fmt.Sprintf("interface %q of connector %s", key, c.Key))
	}
	return &it, nil
}

func (s *Service) interfaceView(db *gorm.DB, it *domain.Interface) (*InterfaceView, error) {
	var key string
	if err := db.Model(&domain.Connection{}).Select("key").Where("id = ?", it.ConnectionID).Scan(&key).Error; err != nil {
		return nil, err
	}
	return &InterfaceView{Interface: *it, ConnectionKey: key}, nil
}

// GetInterface shows one interface definition.
func (s *Service) GetInterface(ctx context.Context, actor, connector, key string) (*InterfaceView, error) {
	db := s.db.WithContext(ctx)
	_, c, _, err := s.connectorFor(db, actor, connector, "view")
	if err != nil {
		return nil, err
	}
	it, err := s.iface(db, c, key)
	if err != nil {
		return nil, err
	}
	return s.interfaceView(db, it)
}

// applyInterfaceInput copies the input onto it, resolves its connection and
// validates it. A sealed connection is refused unless it is the one the
// interface already uses (existing interfaces keep working).
func (s *Service) applyInterfaceInput(tx *gorm.DB, c *domain.Connector, it *domain.Interface, in InterfaceInput) error {
	it.Name, it.Description, it.Method, it.Path, it.BodyType = in.Name, in.Description, in.Method, in.Path, in.BodyType
	it.Request, it.Response, it.Success, it.Messages = in.Request, in.Response, in.Success, in.Messages
	domain.NormalizeInterface(it)
	if err := invoke.CheckInterface(it); err != nil {
		return err
	}
	if in.ConnectionKey == "" {
		return domain.Invalid("connectionKey", "is required: choose the connection this interface calls").With(domain.RIfaceConnectionRequired)
	}
	var conn domain.Connection
	if err := tx.Where("connector_id = ? AND key = ?", c.ID, in.ConnectionKey).Take(&conn).Error; err != nil {
		if err == gorm.ErrRecordNotFound {
			return domain.Invalid("connectionKey", "connector %s has no connection %q", c.Key, in.ConnectionKey).
				With(domain.RIfaceConnectionMissing, "connector", c.Key, "connection", in.ConnectionKey)
		}
		return err
	}
	if conn.Status == domain.StatusSealed && conn.ID != it.ConnectionID {
		return (&domain.Error{Code: domain.ERule, Field: "connectionKey",
			Message: fmt.Sprintf("connection %s is sealed; new interfaces cannot use it", conn.Key)}).With(domain.RIfaceConnectionSealed, "connection", conn.Key)
	}
	it.ConnectionID = conn.ID
	return nil
}

// interfaceAudit is what the audit log records of an interface.
func interfaceAudit(it *domain.Interface, connectionKey string) map[string]any {
	return map[string]any{"key": it.Key, "name": it.Name, "description": it.Description, "connection": connectionKey,
		"method": it.Method, "path": it.Path, "bodyType": it.BodyType, "request": it.Request, "response": it.Response,
		"success": it.Success, "messages": it.Messages}
}

// CreateInterface adds an interface to a connector that is not sealed, on a
// connection that is not sealed.
func (s *Service) CreateInterface(ctx context.Context, actor, connector string, in InterfaceInput) (*InterfaceView, error) {
	var out *InterfaceView
	err := s.tx(ctx, func(tx *gorm.DB) error {
		u, c, _, err := s.connectorFor(tx, actor, connector, "maintain")
		if err != nil {
			return err
		}
		if err := refuseSealed(c, "interfaces"); err != nil {
			return err
		}
		now := s.stamp()
		it := &domain.Interface{ID: newID(), ConnectorID: c.ID, Key: in.Key, Revision: 1, CreatedAt: now, CreatedBy: u.Name, UpdatedAt: now, UpdatedBy: u.Name}
		if err := s.applyInterfaceInput(tx, c, it, in); err != nil {
			return err
		}
		if err := s.insertInterface(tx, c, it); err != nil {
			return err
		}
		if err := s.touch(tx, c, u); err != nil {
			return err
		}
		if err := s.record(tx, u, entry{action: "interface.create", targetType: "interface", targetID: it.ID, targetKey: c.Key + "/" + it.Key,
			connector: c.ID, summary: "interface " + it.Key + " created",
			details: audit.Details(audit.Diff(nil, interfaceAudit(it, in.ConnectionKey)), nil)}); err != nil {
			return err
		}
		out = &InterfaceView{Interface: *it, ConnectionKey: in.ConnectionKey}
		return nil
	})
	return out, err
}

func (s *Service) insertInterface(tx *gorm.DB, c *domain.Connector, it *domain.Interface) error {
	var n int64
	if err := tx.Model(&domain.Interface{}).Where("connector_id = ? AND key = ?", c.ID, it.Key).Count(&n).Error; err != nil {
		return err
	}
	if n > 0 {
		return (&domain.Error{Code: domain.EConflict, Field: "key", Message: fmt.Sprintf("connector %s already has an interface %q", c.Key, it.Key)}).
			With(domain.RIfaceKeyTaken, "connector", c.Key, "key", it.Key)
	}
	return store.Translate(tx.Create(it).Error, "interface "+it.Key)
}

// UpdateInterface edits an interface; the key cannot change. Moving it to a
// sealed connection is refused.
func (s *Service) UpdateInterface(ctx context.Context, actor, connector, key string, in InterfaceInput) (*InterfaceView, error) {
	var out *InterfaceView
	err := s.tx(ctx, func(tx *gorm.DB) error {
		u, c, _, err := s.connectorFor(tx, actor, connector, "maintain")
		if err != nil {
			return err
		}
		it, err := s.iface(tx, c, key)
		if err != nil {
			return err
		}
		if err := keyUnchanged(it.Key, in.Key); err != nil {
			return err
		}
		old, err := s.interfaceView(tx, it)
		if err != nil {
			return err
		}
		before := interfaceAudit(&old.Interface, old.ConnectionKey)
		if err := s.applyInterfaceInput(tx, c, it, in); err != nil {
			return err
		}
		it.Revision++
		it.UpdatedAt, it.UpdatedBy = s.stamp(), u.Name
		if err := tx.Save(it).Error; err != nil {
			return store.Translate(err, "interface "+key)
		}
		if err := s.touch(tx, c, u); err != nil {
			return err
		}
		if err := s.record(tx, u, entry{action: "interface.update", targetType: "interface", targetID: it.ID, targetKey: c.Key + "/" + it.Key,
			connector: c.ID, summary: "interface " + it.Key + " edited",
			details: audit.Details(audit.Diff(before, interfaceAudit(it, in.ConnectionKey)), nil)}); err != nil {
			return err
		}
		out = &InterfaceView{Interface: *it, ConnectionKey: in.ConnectionKey}
		return nil
	})
	return out, err
}

// DeleteInterface deletes an interface.
func (s *Service) DeleteInterface(ctx context.Context, actor, connector, key string) error {
	return s.tx(ctx, func(tx *gorm.DB) error {
		u, c, _, err := s.connectorFor(tx, actor, connector, "maintain")
		if err != nil {
			return err
		}
		it, err := s.iface(tx, c, key)
		if err != nil {
			return err
		}
		view, err := s.interfaceView(tx, it)
		if err != nil {
			return err
		}
		if err := tx.Delete(it).Error; err != nil {
			return store.Translate(err, "interface "+key)
		}
		if err := s.touch(tx, c, u); err != nil {
			return err
		}
		return s.record(tx, u, entry{action: "interface.delete", targetType: "interface", targetID: it.ID, targetKey: c.Key + "/" + it.Key,
			connector: c.ID, summary: "interface " + it.Key + " deleted",
			details: audit.Details(audit.Diff(interfaceAudit(it, view.ConnectionKey), nil), nil)})
	})
}

// ResponseFromSample builds response params from a pasted JSON sample (at
// most MaxSampleBytes, see sample.go).
func (s *Service) ResponseFromSample(sample string) ([]domain.ResponseParam, error) {
	if err := checkSampleSize(sample); err != nil {
		return nil, err
	}
	return schema.FromSample(sample)
}
