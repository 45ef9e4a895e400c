package service

import (
	"context"
	"fmt"
	"time"

	"junction/backend/access"
	"junction/backend/audit"
	"junction/backend/domain"
	"junction/backend/store"
)

// ListConnectors returns one page of the connectors the actor may see,
// filtered by search text (name, key, tag), status and tag, ordered by name.
func (s *Service) ListConnectors(ctx context.Context, actor string, q ConnectorQuery) (*ConnectorPage, error) {
	var page *ConnectorPage
	err := s.look(ctx, actor, withPerm(""), func(r *run) error {
		lister, err := newConnectorLister(r, q)
		if err != nil {
			return err
		}
		limit := q.Limit
		if limit <= 0 {
			limit = 50
		}
		list, items, err := lister.page(store.ConnectorQuery{Search: q.Search, Status: q.Status, Tag: q.Tag, Offset: q.Offset, Limit: min(limit, 500)})
		if err != nil {
			return err
		}
		page = &ConnectorPage{Items: items, Total: list.Total, Tags: list.Tags}
		return nil
	})
	return page, err
}

// EachConnector walks every connector the actor may see matching q (its
// Page aside), in the list's order, handing each page of pageSize rows to
// fn: one read transaction, so the walk sees one state of the store, and
// keyset paging, so each row is read once and nothing is counted. It is the
// CLI's `connector list`.
func (s *Service) EachConnector(ctx context.Context, actor string, q ConnectorQuery, pageSize int, fn func([]ConnectorSummary) error) error {
	return s.look(ctx, actor, withPerm(""), func(r *run) error {
		lister, err := newConnectorLister(r, q)
		if err != nil {
			return err
		}
		// The first page would count and collect the tag facet: start after
		// a cursor before every name instead.
		sq := store.ConnectorQuery{Search: q.Search, Status: q.Status, Tag: q.Tag, Limit: pageSize, After: &store.ConnectorCursor{}}
		for {
			list, items, err := lister.page(sq)
			if err != nil {
				return err
			}
			if len(items) > 0 {
				if err := fn(items); err != nil {
					return err
				}
			}
			if len(list.Rows) < pageSize {
				return nil
			}
			last := list.Rows[len(list.Rows)-1]
			sq.After = &store.ConnectorCursor{Name: last.Name, Key: last.Key}
		}
	})
}

// connectorLister reads pages of the connector list for one actor.
type connectorLister struct {
	r     *run
	scope access.Scope
}

// newConnectorLister checks that the actor may see the connector centre
// and that q's filters are valid.
func newConnectorLister(r *run, q ConnectorQuery) (*connectorLister, error) {
	scope := access.VisibleTo(r.user)
	if scope.None {
		return nil, access.Denied(r.user, "see the connector centre (needs connectors.view)")
	}
	if q.Status != "" && q.Status != string(domain.StatusActive) && q.Status != string(domain.StatusSealed) {
		return nil, domain.Invalid("status", "%q is not active or sealed", q.Status)
	}
	if q.Offset < 0 {
		return nil, domain.Invalid("offset", "must not be negative")
	}
	return &connectorLister{r: r, scope: scope}, nil
}

// page reads one page and makes its rows summaries.
func (l *connectorLister) page(q store.ConnectorQuery) (*store.ConnectorList, []ConnectorSummary, error) {
	list, err := l.r.tx.ListConnectors(l.scope, q)
	if err != nil {
		return nil, nil, err
	}
	ids := make([]string, len(list.Rows))
	for i, c := range list.Rows {
		ids[i] = c.ID
	}
	levels, err := l.r.tx.GrantLevels(l.r.user.ID, ids...)
	if err != nil {
		return nil, nil, err
	}
	items, err := summaries(l.r.tx, list.Rows, func(c *domain.Connector) access.Rights { return l.scope.Rights(c.OwnerID, levels[c.ID]) })
	if err != nil {
		return nil, nil, err
	}
	return list, items, nil
}

// summaries adds counts, owner names and the actor's access (rightsOf) to
// connector rows, with one query per kind rather than per row.
func summaries(tx *store.Tx, rows []domain.Connector, rightsOf func(*domain.Connector) access.Rights) ([]ConnectorSummary, error) {
	out := make([]ConnectorSummary, 0, len(rows))
	if len(rows) == 0 {
		return out, nil
	}
	ids := make([]string, len(rows))
	owners := make([]string, len(rows))
	for i, c := range rows {
		ids[i], owners[i] = c.ID, c.OwnerID
	}
	children, err := tx.ConnectorChildren(ids...)
	if err != nil {
		return nil, err
	}
	names, err := tx.UserNames(owners...)
	if err != nil {
		return nil, err
	}
	for i := range rows {
		c := &rows[i]
		r, n := rightsOf(c), children[c.ID]
		out = append(out, ConnectorSummary{
			ID: c.ID, Key: c.Key, Name: c.Name, Description: c.Description, Icon: c.Icon, Tags: c.Tags,
			Version: c.Version, Status: c.Status, Owner: names[c.OwnerID],
			Connections: n.Connections, Interfaces: n.Interfaces, UpdatedAt: c.UpdatedAt,
			Access: Access{Level: r.Level(), CanManage: r.Manage, CanDelete: r.Maintain && n == store.Children{}},
		})
	}
	return out, nil
}

// GetConnector shows one connector with its connections and interfaces.
func (s *Service) GetConnector(ctx context.Context, actor, key string) (*ConnectorDetail, error) {
	var out *ConnectorDetail
	err := s.look(ctx, actor, onConnector(key, access.NeedView), func(r *run) (err error) {
		out, err = s.detail(r.tx, r.conn, r.rights)
		return err
	})
	return out, err
}

// detail is c as GetConnector shows it to an actor with rights on it.
func (s *Service) detail(tx *store.Tx, c *domain.Connector, rights access.Rights) (*ConnectorDetail, error) {
	sums, err := summaries(tx, []domain.Connector{*c}, func(*domain.Connector) access.Rights { return rights })
	if err != nil {
		return nil, err
	}
	d := &ConnectorDetail{ConnectorSummary: sums[0], CreatedAt: c.CreatedAt, CreatedBy: c.CreatedBy, UpdatedBy: c.UpdatedBy}
	if d.ConnectionList, err = s.connectionViews(tx, c.ID); err != nil {
		return nil, err
	}
	if d.InterfaceList, err = s.interfaceSummaries(tx, c.ID); err != nil {
		return nil, err
	}
	return d, nil
}

// CreateConnector creates a connector owned by the actor; it needs connectors.create.
func (s *Service) CreateConnector(ctx context.Context, actor string, in ConnectorInput) (*ConnectorDetail, error) {
	var out *ConnectorDetail
	err := s.change(ctx, actor, withPerm(domain.PermConnectorsCreate), func(r *run) error {
		now, u := r.tx.Now(), r.user
		c := &domain.Connector{ID: newID(), OwnerID: u.ID, CreatedAt: now, CreatedBy: u.Name, UpdatedAt: now, UpdatedBy: u.Name}
		applyConnectorInput(c, in)
		if err := insertConnector(r.tx, c); err != nil {
			return err
		}
		if err := r.log(logged{action: domain.ActionConnectorCreate, targetType: "connector", targetID: c.ID, targetKey: c.Key,
			connector: c.ID, summary: "connector " + c.Key + " created", changes: audit.Diff(nil, connectorAudit(c))}); err != nil {
			return err
		}
		var err error
		// The creator owns it and holds no grant on it yet.
		out, err = s.detail(r.tx, c, access.VisibleTo(u).Rights(c.OwnerID, ""))
		return err
	})
	return out, err
}

func applyConnectorInput(c *domain.Connector, in ConnectorInput) {
	c.Key, c.Name, c.Description, c.Icon, c.Tags, c.Version = in.Key, in.Name, in.Description, in.Icon, in.Tags, in.Version
	domain.NormalizeConnector(c)
}

// insertConnector validates and inserts a connector; a taken key is a
// conflict on the key field. Import creates connectors through it too.
func insertConnector(tx *store.Tx, c *domain.Connector) error {
	if err := domain.ValidateConnector(c); err != nil {
		return err
	}
	return tx.CreateConnector(c)
}

// connectorAudit is what the audit log records of a connector's own fields.
func connectorAudit(c *domain.Connector) map[string]any {
	return map[string]any{"key": c.Key, "name": c.Name, "description": c.Description, "icon": c.Icon,
		"tags": c.Tags, "version": c.Version, "status": c.Status}
}

// UpdateConnector edits a connector's name, description, icon, tags and version.
func (s *Service) UpdateConnector(ctx context.Context, actor, key string, in ConnectorInput) (*ConnectorDetail, error) {
	var out *ConnectorDetail
	err := s.change(ctx, actor, onConnector(key, access.NeedMaintain), func(r *run) error {
		c := r.conn
		if err := keyUnchanged(c.Key, in.Key); err != nil {
			return err
		}
		before := connectorAudit(c)
		in.Key = c.Key
		applyConnectorInput(c, in)
		if err := domain.ValidateConnector(c); err != nil {
			return err
		}
		c.UpdatedAt, c.UpdatedBy = r.tx.Now(), r.user.Name
		if err := r.tx.SaveConnector(c); err != nil {
			return err
		}
		if err := r.log(logged{action: domain.ActionConnectorUpdate, targetType: "connector", targetID: c.ID, targetKey: c.Key,
			summary: "connector " + c.Key + " edited", changes: audit.Diff(before, connectorAudit(c))}); err != nil {
			return err
		}
		var err error
		out, err = s.detail(r.tx, c, r.rights)
		return err
	})
	return out, err
}

// SealConnector seals a connector: it stays usable but takes no new
// connections or interfaces. Sealing a sealed connector changes nothing.
func (s *Service) SealConnector(ctx context.Context, actor, key string) error {
	return s.setConnectorStatus(ctx, actor, key, domain.StatusSealed)
}

// UnsealConnector makes a sealed connector active again.
func (s *Service) UnsealConnector(ctx context.Context, actor, key string) error {
	return s.setConnectorStatus(ctx, actor, key, domain.StatusActive)
}

func (s *Service) setConnectorStatus(ctx context.Context, actor, key string, st domain.Status) error {
	return s.change(ctx, actor, onConnector(key, access.NeedMaintain), func(r *run) error {
		return r.applyConnectorStatus(r.conn, st)
	})
}

// applyConnectorStatus seals or unseals c (maintain already checked) with
// its connector.seal or connector.unseal entry; the same status changes
// nothing. Import uses it too, so a package cannot change a seal unrecorded.
func (r *run) applyConnectorStatus(c *domain.Connector, st domain.Status) error {
	return r.applyStatus(&c.Status, &c.UpdatedAt, &c.UpdatedBy, st, func() error { return r.tx.SaveConnector(c) },
		func(sealed bool, changes map[string]audit.Change) logged {
			action, verb := domain.ActionConnectorUnseal, "unsealed"
			if sealed {
				action, verb = domain.ActionConnectorSeal, "sealed"
			}
			return logged{action: action, targetType: "connector", targetID: c.ID, targetKey: c.Key, connector: c.ID,
				summary: "connector " + c.Key + " " + verb, changes: changes}
		})
}

// applyStatus moves a connector's or a connection's status (with its update
// stamp) to st, saves it and logs the entry that entry makes of the seal or
// unseal and its status change; the same status changes nothing.
func (r *run) applyStatus(status *domain.Status, updatedAt *time.Time, updatedBy *string, st domain.Status,
	save func() error, entry func(sealed bool, changes map[string]audit.Change) logged) error {
	if *status == st {
		return nil
	}
	before := *status
	*status, *updatedAt, *updatedBy = st, r.tx.Now(), r.user.Name
	if err := save(); err != nil {
		return err
	}
	return r.log(entry(st == domain.StatusSealed, map[string]audit.Change{"status": {Before: before, After: st}}))
}

// refuseSealed is the rule of a sealed connector: it takes no new
// connections or interfaces (what names them, plural).
func refuseSealed(c *domain.Connector, what string) error {
	if c.Status == domain.StatusSealed {
		return domain.Errorf(domain.ERule, "connector %s is sealed; unseal it before adding %s", c.Key, what).With(domain.RConnectorSealed, "connector", c.Key)
	}
	return nil
}

// DeleteConnector deletes a connector that has no connections and no interfaces.
func (s *Service) DeleteConnector(ctx context.Context, actor, key string) error {
	return s.change(ctx, actor, onConnector(key, access.NeedMaintain), func(r *run) error {
		c := r.conn
		children, err := r.tx.ConnectorChildren(c.ID)
		if err != nil {
			return err
		}
		if n := children[c.ID]; n != (store.Children{}) {
			return domain.Errorf(domain.ERule, "connector %s still has %s and %s; delete them first", key,
				domain.Count(n.Connections, "connection", "connections"), domain.Count(n.Interfaces, "interface", "interfaces"))
		}
		if err := r.tx.DeleteConnector(c); err != nil {
			return err
		}
		return r.log(logged{action: domain.ActionConnectorDelete, targetType: "connector", targetID: c.ID, targetKey: c.Key,
			summary: "connector " + c.Key + " deleted", changes: audit.Diff(connectorAudit(c), nil)})
	})
}

// ListGrants lists who may see or maintain a connector, the owner first.
func (s *Service) ListGrants(ctx context.Context, actor, key string) ([]GrantView, error) {
	out := []GrantView{}
	err := s.look(ctx, actor, onConnector(key, access.NeedView), func(r *run) error {
		rows, err := r.tx.ListGrants(r.conn.ID)
		if err != nil {
			return err
		}
		names, err := r.tx.UserNames(r.conn.OwnerID)
		if err != nil {
			return err
		}
		if owner, ok := names[r.conn.OwnerID]; ok {
			out = append(out, GrantView{User: owner, Level: "owner"})
		}
		for _, g := range rows {
			out = append(out, GrantView{User: g.User, Level: g.Level})
		}
		return nil
	})
	return viewOrNil(out, err)
}

// Grant gives user view or maintain on a connector; it needs ownership or connectors.manage.
func (s *Service) Grant(ctx context.Context, actor, key, user, level string) error {
	if level != domain.LevelView && level != domain.LevelMaintain {
		return domain.Invalid("level", "%q is not view or maintain", level)
	}
	return s.change(ctx, actor, onConnector(key, access.NeedManage), func(r *run) error {
		c := r.conn
		target, err := r.tx.UserByName(user)
		if err != nil {
			return err
		}
		if target.ID == c.OwnerID {
			return domain.Errorf(domain.ERule, "%s owns connector %s and always maintains it", user, key).
				With(domain.ROwnerAlwaysMaintains, "user", user, "connector", key)
		}
		old, err := r.tx.GrantLevel(c.ID, target.ID)
		if err != nil {
			return err
		}
		if err := r.tx.SaveGrant(&domain.Grant{ConnectorID: c.ID, UserID: target.ID, Level: level}); err != nil {
			return err
		}
		return r.log(logged{action: domain.ActionConnectorGrant, targetType: "connector", targetID: c.ID, targetKey: c.Key,
			summary: fmt.Sprintf("%s may %s connector %s", user, level, key),
			changes: map[string]audit.Change{"grants." + user: {Before: nilIfEmpty(old), After: level}},
			params:  map[string]string{"user": user, "level": level}})
	})
}

// Revoke takes a user's grant on a connector away.
func (s *Service) Revoke(ctx context.Context, actor, key, user string) error {
	return s.change(ctx, actor, onConnector(key, access.NeedManage), func(r *run) error {
		c := r.conn
		target, err := r.tx.UserByName(user)
		if err != nil {
			return err
		}
		level, err := r.tx.GrantLevel(c.ID, target.ID)
		if err != nil {
			return err
		}
		if level == "" {
			return domain.Errorf(domain.ENotFound, "a grant of connector %s to %s not found", key, user)
		}
		if err := r.tx.DeleteGrant(c.ID, target.ID); err != nil {
			return err
		}
		return r.log(logged{action: domain.ActionConnectorRevoke, targetType: "connector", targetID: c.ID, targetKey: c.Key,
			summary: fmt.Sprintf("%s no longer may %s connector %s", user, level, key),
			changes: map[string]audit.Change{"grants." + user: {Before: level, After: nil}},
			params:  map[string]string{"user": user, "level": level}})
	})
}

func nilIfEmpty(s string) any {
	if s == "" {
		return nil
	}
	return s
}
