package service

import (
	"context"
	"errors"
	"fmt"

	"junction/backend/access"
	"junction/backend/audit"
	"junction/backend/domain"
	"junction/backend/store"
)

// need is what a change asks of its actor: rights on one connector, or a
// system permission for a change outside any connector (or that creates one).
type need struct {
	connector string      // connector key; "" for a system change
	rights    access.Need // on that connector
	perm      string      // system permission of a system change; "" for none
}

// onConnector needs rights n on the connector key.
func onConnector(key string, n access.Need) need { return need{connector: key, rights: n} }

// withPerm needs the system permission perm ("" for any known profile).
func withPerm(perm string) need { return need{perm: perm} }

// run is one change in progress: its transaction, the authorised actor and,
// for a connector change, the connector and the actor's rights on it.
type run struct {
	s      *Service
	tx     *store.Tx
	user   *domain.User
	conn   *domain.Connector // nil for a system change
	rights access.Rights
	// touch is set by a change to the connector's children: the connector
	// is marked updated once, after the change.
	touch bool
}

// logged is one audit entry of a change. The connector is the run's unless
// set; the time is the transaction's clock reading.
type logged struct {
	action     domain.Action
	targetType string
	targetID   string
	targetKey  string
	connector  string // connector id; the run's connector when ""
	// summary is the English sentence the CLI prints; the UI renders its
	// own from action, target and params.
	summary string
	changes map[string]audit.Change
	// params are the values the UI's summary names beside the target.
	params map[string]string
	extra  map[string]any
}

// change runs fn as one change: it loads and authorises the actor, runs fn
// in one write transaction, touches the connector when fn changed its
// children, and moves the audit anchor once committed. fn writes its audit
// entries with r.log.
func (s *Service) change(ctx context.Context, actor string, n need, fn func(r *run) error) error {
	return s.write(ctx, func(tx *store.Tx) error {
		r, err := s.authorise(tx, actor, n)
		if err != nil {
			return err
		}
		if err := fn(r); err != nil {
			return err
		}
		if r.touch && r.conn != nil {
			return tx.TouchConnector(r.conn, r.user.Name)
		}
		return nil
	})
}

// write runs fn in one write transaction and moves the audit anchor to the
// newest entry it appended once committed. change is write with an
// authorised actor; only the first-run profile, which nobody can authorise,
// writes without it.
func (s *Service) write(ctx context.Context, fn func(tx *store.Tx) error) error {
	last := &appended{}
	if err := s.st.Write(context.WithValue(ctx, appendedKey{}, last), fn); err != nil {
		return err
	}
	s.anchor(last)
	return nil
}

// look runs fn as an authorised read: the same rule as change, no writes.
func (s *Service) look(ctx context.Context, actor string, n need, fn func(r *run) error) error {
	return s.st.Read(ctx, func(tx *store.Tx) error {
		r, err := s.authorise(tx, actor, n)
		if err != nil {
			return err
		}
		return fn(r)
	})
}

// authorise loads the actor and checks n; an unknown profile is a
// permission error.
func (s *Service) authorise(tx *store.Tx, actor string, n need) (*run, error) {
	u, err := tx.UserByName(actor)
	if domain.ErrorCode(err) == domain.ENotFound {
		return nil, domain.Errorf(domain.EPermission, "there is no profile named %q", actor)
	}
	if err != nil {
		return nil, fmt.Errorf("load profile %s: %w", actor, err)
	}
	r := &run{s: s, tx: tx, user: u}
	if n.connector == "" {
		if n.perm != "" {
			if err := access.RequirePerm(u, n.perm); err != nil {
				return nil, err
			}
		}
		return r, nil
	}
	if r.conn, r.rights, err = r.connector(n.connector, n.rights); err != nil {
		return nil, err
	}
	return r, nil
}

// connector loads the connector key and the actor's rights on it, refusing
// them unless they include n. A run over several connectors (export)
// authorises each with it.
func (r *run) connector(key string, n access.Need) (*domain.Connector, access.Rights, error) {
	c, err := r.tx.ConnectorByKey(key)
	if err != nil {
		return nil, access.Rights{}, err
	}
	rights, err := r.rightsOn(c)
	if err != nil {
		return nil, rights, err
	}
	if !rights.Has(n) {
		return nil, rights, n.Refuse(r.user, key)
	}
	return c, rights, nil
}

// rightsOn is the actor's rights on c.
func (r *run) rightsOn(c *domain.Connector) (access.Rights, error) {
	level, err := r.tx.GrantLevel(c.ID, r.user.ID)
	if err != nil {
		return access.Rights{}, err
	}
	return access.ConnectorRights(r.user, c, level), nil
}

// log appends e to the audit chain, stamped with the transaction's clock.
func (r *run) log(e logged) error {
	if r.s.auditKey == nil {
		return errors.New("write audit entry: no key file is open to sign it")
	}
	if e.connector == "" && r.conn != nil {
		e.connector = r.conn.ID
	}
	extra := e.extra
	if len(e.params) > 0 {
		extra = make(map[string]any, len(e.extra)+1)
		for k, v := range e.extra {
			extra[k] = v
		}
		extra[audit.ParamsKey] = e.params
	}
	ae := &domain.AuditEntry{
		At: r.tx.Now(), Actor: r.user.Name, Action: string(e.action),
		TargetType: e.targetType, TargetID: e.targetID, TargetKey: e.targetKey,
		ConnectorID: e.connector, Summary: e.summary, Details: audit.Details(e.changes, extra),
	}
	if err := r.tx.AppendAudit(ae, r.s.auditKey); err != nil {
		return err
	}
	if last, ok := r.tx.Context().Value(appendedKey{}).(*appended); ok {
		last.note(ae)
	}
	return nil
}
