package service

import (
	"context"
	"fmt"
	"strings"

	"junction/backend/access"
	"junction/backend/audit"
	"junction/backend/domain"
	"junction/backend/invoke"
	"junction/backend/schema"
	"junction/backend/store"
)

// interfaceSummaries are a connector's interfaces as its list shows them, by key.
func (s *Service) interfaceSummaries(tx *store.Tx, connectorID string) ([]InterfaceSummary, error) {
	items, err := tx.InterfaceItems(connectorID)
	if err != nil {
		return nil, err
	}
	return mapped(items, func(it store.InterfaceItem) InterfaceSummary { return InterfaceSummary(it) }), nil
}

// ListInterfaces lists a connector's interfaces.
func (s *Service) ListInterfaces(ctx context.Context, actor, connector string) ([]InterfaceSummary, error) {
	var out []InterfaceSummary
	err := s.look(ctx, actor, onConnector(connector, access.NeedView), func(r *run) (err error) {
		out, err = s.interfaceSummaries(r.tx, r.conn.ID)
		return err
	})
	return out, err
}

func (s *Service) interfaceView(tx *store.Tx, it *domain.Interface) (*InterfaceView, error) {
	key, err := tx.ConnectionKey(it.ConnectionID)
	if err != nil {
		return nil, err
	}
	return interfaceViewOf(it, key), nil
}

// GetInterface shows one interface definition.
func (s *Service) GetInterface(ctx context.Context, actor, connector, key string) (*InterfaceView, error) {
	return viewChild(s, ctx, actor, connector, key, (*store.Tx).Interface, s.interfaceView)
}

// applyInterfaceInput copies the input onto it, resolves its connection and
// validates it. A sealed connection is refused unless it is the one the
// interface already uses (existing interfaces keep working).
func (s *Service) applyInterfaceInput(tx *store.Tx, c *domain.Connector, it *domain.Interface, in InterfaceInput) error {
	return applyInterfaceInputWith(it, in, c, func(key string) (*domain.Connection, error) { return tx.Connection(c, key) })
}

// applyInterfaceInputWith is applyInterfaceInput finding the connection by
// key with connectionOf: an import that has just written a connector's
// connections hands them over instead of reading each back.
func applyInterfaceInputWith(it *domain.Interface, in InterfaceInput, c *domain.Connector, connectionOf func(key string) (*domain.Connection, error)) error {
	it.Name, it.Description, it.Method, it.Path, it.BodyType = in.Name, in.Description, in.Method, in.Path, in.BodyType
	it.Request, it.Response, it.Success, it.Messages = in.Request, in.Response, in.Success, in.Messages
	domain.NormalizeInterface(it)
	if err := invoke.CheckInterface(it); err != nil {
		return err
	}
	if in.ConnectionKey == "" {
		return domain.Invalid("connectionKey", "is required: choose the connection this interface calls").With(domain.RInterfaceConnectionRequired)
	}
	conn, err := connectionOf(in.ConnectionKey)
	if domain.ErrorCode(err) == domain.ENotFound {
		return domain.Invalid("connectionKey", "connector %s has no connection %q", c.Key, in.ConnectionKey).
			With(domain.RInterfaceConnectionUnknown, "connector", c.Key, "connection", in.ConnectionKey)
	}
	if err != nil {
		return err
	}
	if conn.Status == domain.StatusSealed && conn.ID != it.ConnectionID {
		return (&domain.Error{Code: domain.ERule, Field: "connectionKey",
			Message: fmt.Sprintf("connection %s is sealed; new interfaces cannot use it", conn.Key)}).
			With(domain.RInterfaceConnectionSealed, "connection", conn.Key)
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

// interfaceEntry is the audit entry of a change to it of c.
func interfaceEntry(action domain.Action, c *domain.Connector, it *domain.Interface, done string, changes map[string]audit.Change) logged {
	return logged{action: action, targetType: "interface", targetID: it.ID, targetKey: c.Key + "/" + it.Key,
		connector: c.ID, summary: "interface " + it.Key + " " + done, changes: changes}
}

// createInterface adds an interface to c by the rules of CreateInterface: c
// is not sealed, the definition is valid, its connection is c's and not
// sealed, the key is free. The import creates its interfaces with it.
func (s *Service) createInterface(r *run, c *domain.Connector, in InterfaceInput) (*domain.Interface, error) {
	if err := refuseSealed(c, "interfaces"); err != nil {
		return nil, err
	}
	it := r.newInterface(c, in.Key)
	if err := s.applyInterfaceInput(r.tx, c, it, in); err != nil {
		return nil, err
	}
	return it, r.tx.CreateInterface(c, it)
}

// newInterface is a new interface key of c, stamped as the actor's, first
// revision.
func (r *run) newInterface(c *domain.Connector, key string) *domain.Interface {
	now := r.tx.Now()
	return &domain.Interface{ID: newID(), ConnectorID: c.ID, Key: key, Revision: 1, CreatedAt: now, CreatedBy: r.user.Name, UpdatedAt: now, UpdatedBy: r.user.Name}
}

// updateInterface edits it of c by the rules of UpdateInterface (no move to
// a sealed connection) as its next revision; the import's overwrite updates
// its interfaces with it.
func (s *Service) updateInterface(r *run, c *domain.Connector, it *domain.Interface, in InterfaceInput) error {
	if err := s.applyInterfaceInput(r.tx, c, it, in); err != nil {
		return err
	}
	it.UpdatedAt, it.UpdatedBy = r.tx.Now(), r.user.Name
	return r.tx.SaveInterface(it)
}

// CreateInterface adds an interface to a connector that is not sealed, on a
// connection that is not sealed.
func (s *Service) CreateInterface(ctx context.Context, actor, connector string, in InterfaceInput) (*InterfaceView, error) {
	var out *InterfaceView
	err := s.change(ctx, actor, onConnector(connector, access.NeedMaintain), func(r *run) error {
		it, err := s.createInterface(r, r.conn, in)
		if err != nil {
			return err
		}
		out, err = r.logInterfaceSaved(domain.ActionInterfaceCreate, it, in.ConnectionKey, "created", nil)
		return err
	})
	return viewOrNil(out, err)
}

// logInterfaceSaved marks the connector touched, audits an interface just
// stored (before is nil for a new one) and returns its view.
func (r *run) logInterfaceSaved(action domain.Action, it *domain.Interface, connectionKey, verb string, before any) (*InterfaceView, error) {
	r.touch = true
	return interfaceViewOf(it, connectionKey), r.log(interfaceEntry(action, r.conn, it, verb, audit.Diff(before, interfaceAudit(it, connectionKey))))
}

// UpdateInterface edits an interface; the key cannot change. Moving it to a
// sealed connection is refused.
func (s *Service) UpdateInterface(ctx context.Context, actor, connector, key string, in InterfaceInput) (*InterfaceView, error) {
	var out *InterfaceView
	err := editChild(s, ctx, actor, connector, key, in.Key, (*store.Tx).Interface, func(it *domain.Interface) string { return it.Key }, func(r *run, it *domain.Interface) error {
		oldKey, err := r.tx.ConnectionKey(it.ConnectionID)
		if err != nil {
			return err
		}
		before := interfaceAudit(it, oldKey)
		if err := s.updateInterface(r, r.conn, it, in); err != nil {
			return err
		}
		out, err = r.logInterfaceSaved(domain.ActionInterfaceUpdate, it, in.ConnectionKey, "edited", before)
		return err
	})
	return viewOrNil(out, err)
}

// DeleteInterface deletes an interface.
func (s *Service) DeleteInterface(ctx context.Context, actor, connector, key string) error {
	return s.change(ctx, actor, onConnector(connector, access.NeedMaintain), func(r *run) error {
		it, err := r.tx.Interface(r.conn, key)
		if err != nil {
			return err
		}
		flows, err := r.tx.FlowsUsingInterface(it.ID)
		if err != nil {
			return err
		}
		if len(flows) > 0 {
			names := strings.Join(flows, ", ")
			return domain.Errorf(domain.ERule, "interface %s/%s is called by flows (%s); change or delete them first", r.conn.Key, it.Key, names).
				With(domain.RInterfaceUsedByFlows, "interface", r.conn.Key+"/"+it.Key, "flows", names)
		}
		view, err := s.interfaceView(r.tx, it)
		if err != nil {
			return err
		}
		if err := r.tx.DeleteInterface(it); err != nil {
			return err
		}
		r.touch = true
		return r.log(interfaceEntry(domain.ActionInterfaceDelete, r.conn, it, "deleted", audit.Diff(interfaceAudit(it, view.ConnectionKey), nil)))
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
