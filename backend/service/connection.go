package service

import (
	"context"
	"errors"

	"junction/backend/access"
	"junction/backend/audit"
	"junction/backend/domain"
	"junction/backend/invoke"
	"junction/backend/store"
)

// certPasswordField names the connection's one secret in packages and in SetSecret.
const certPasswordField = "tls.clientCertPassword"

// certPasswordPending stands in the client_cert_password column when a package
// declared a client-certificate password that has no value on this machine yet,
// so that the declaration survives until someone sets it (and a re-export still
// lists it). It is never a ciphertext: those start with "v1:".
const certPasswordPending = "pending"

// connectionViews are a connector's connections as the doors see them, by key.
func (s *Service) connectionViews(tx *store.Tx, connectorID string) ([]ConnectionView, error) {
	conns, err := tx.Connections(connectorID)
	if err != nil {
		return nil, err
	}
	out := make([]ConnectionView, 0, len(conns))
	for i := range conns {
		v, err := s.connectionView(tx, &conns[i])
		if err != nil {
			return nil, err
		}
		out = append(out, *v)
	}
	return out, nil
}

func (s *Service) connectionView(tx *store.Tx, c *domain.Connection) (*ConnectionView, error) {
	v := new(ConnectionView)
	*v = connectionViewOf(c)
	var err error
	if v.Interfaces, err = tx.ConnectionUses(c); err != nil {
		return nil, err
	}
	accounts, err := tx.Accounts(c.ID)
	if err != nil {
		return nil, err
	}
	for i := range accounts {
		v.Accounts = append(v.Accounts, accountView(&accounts[i]))
	}
	return v, nil
}

// GetConnection shows one connection with its accounts (secrets write-only).
func (s *Service) GetConnection(ctx context.Context, actor, connector, key string) (*ConnectionView, error) {
	return viewChild(s, ctx, actor, connector, key, (*store.Tx).Connection, s.connectionView)
}

// fillConnection copies the input onto conn and seals a new
// client-certificate password.
func (s *Service) fillConnection(conn *domain.Connection, in ConnectionInput) error {
	conn.Name, conn.Description, conn.Protocol, conn.Host, conn.BasePath = in.Name, in.Description, in.Protocol, in.Host, in.BasePath
	conn.Charset, conn.ConnectTimeoutSec, conn.ResponseTimeoutSec = in.Charset, in.ConnectTimeoutSec, in.ResponseTimeoutSec
	conn.TLS, conn.Proxy, conn.Auth = in.TLS, in.Proxy, in.Auth
	if in.ClientCertPassword != nil {
		conn.ClientCertPassword = ""
		if *in.ClientCertPassword != "" {
			sealed, err := s.box.Seal(*in.ClientCertPassword)
			if err != nil {
				return err
			}
			conn.ClientCertPassword = sealed
		}
	}
	return nil
}

// checkConnection normalises conn and holds it to the rules of a connection.
func checkConnection(conn *domain.Connection) error {
	domain.NormalizeConnection(conn)
	return invoke.CheckConnection(conn)
}

// createConnection adds conn, its settings filled in, to connector c by the
// rules of CreateConnection: c is not sealed, the settings are valid, the
// key is free. The import creates its connections with it.
func (s *Service) createConnection(r *run, c *domain.Connector, conn *domain.Connection) error {
	if err := refuseSealed(c, "connections"); err != nil {
		return err
	}
	now := r.tx.Now()
	conn.ID, conn.ConnectorID, conn.Status = newID(), c.ID, domain.StatusActive
	conn.CreatedAt, conn.CreatedBy, conn.UpdatedAt, conn.UpdatedBy = now, r.user.Name, now, r.user.Name
	if err := checkConnection(conn); err != nil {
		return err
	}
	return r.tx.CreateConnection(c, conn)
}

// updateConnection writes conn's edited settings by the rules of
// UpdateConnection; the import's overwrite updates its connections with it.
func (s *Service) updateConnection(r *run, conn *domain.Connection) error {
	conn.UpdatedAt, conn.UpdatedBy = r.tx.Now(), r.user.Name
	if err := checkConnection(conn); err != nil {
		return err
	}
	return r.tx.SaveConnection(conn)
}

// checkCertPaths refuses a client certificate or CA path that names a
// special file (a device, a FIFO, a folder) or a file over 1 MiB: calls would
// fail on it. A path where nothing exists yet is kept: the file may be put in
// place after the connection is set up (a package names paths of the machine
// it goes to); the save then warns, and the call says plainly when it is
// still missing.
func checkCertPaths(conn *domain.Connection) (warnings []FieldWarning, err error) {
	for _, p := range []struct{ field, path string }{
		{"tls.clientCertPath", conn.TLS.ClientCertPath},
		{"tls.caCertPath", conn.TLS.CACertPath},
	} {
		if p.path == "" {
			continue
		}
		var ce *invoke.CertFileError
		if err := invoke.CheckCertFile(p.path); errors.As(err, &ce) {
			if !ce.Missing {
				return nil, domain.Invalid(p.field, "%s", ce.Sentence())
			}
			warnings = append(warnings, FieldWarning{Field: p.field, Code: "missing", Message: "no file at " + p.path + " yet: calls fail until it is put there"})
		}
	}
	return warnings, nil
}

// connectionAudit is what the audit log records of a connection's settings;
// ids, stamps and the sealed certificate password are left out.
func connectionAudit(c *domain.Connection) map[string]any {
	return map[string]any{"key": c.Key, "name": c.Name, "description": c.Description, "protocol": c.Protocol,
		"host": c.Host, "basePath": c.BasePath, "charset": c.Charset, "connectTimeoutSec": c.ConnectTimeoutSec,
		"responseTimeoutSec": c.ResponseTimeoutSec, "tls": c.TLS, "proxy": c.Proxy, "auth": c.Auth, "status": c.Status}
}

// connectionDiff compares two versions of a connection (either may be nil);
// of the certificate password it records only that it changed.
func connectionDiff(before, after *domain.Connection) map[string]audit.Change {
	var b, a any
	var bPass, aPass string
	if before != nil {
		b, bPass = connectionAudit(before), before.ClientCertPassword
	}
	if after != nil {
		a, aPass = connectionAudit(after), after.ClientCertPassword
	}
	changes := audit.Diff(b, a)
	// Each seal uses a fresh nonce, so different ciphertexts mean a new password.
	if bPass != aPass {
		changes["clientCertPassword"] = audit.Change{Before: redactIfSet(bPass), After: redactIfSet(aPass)}
	}
	return changes
}

func redactIfSet(v any) any {
	if s, ok := v.(string); ok && s != "" {
		return domain.Redacted
	}
	return nil
}

// connectionEntry is the audit entry of a change to conn of c.
func connectionEntry(action domain.Action, c *domain.Connector, conn *domain.Connection, done string, changes map[string]audit.Change) logged {
	return logged{action: action, targetType: "connection", targetID: conn.ID, targetKey: c.Key + "/" + conn.Key,
		connector: c.ID, summary: "connection " + conn.Key + " " + done, changes: changes}
}

// CreateConnection adds a connection to a connector that is not sealed.
func (s *Service) CreateConnection(ctx context.Context, actor, connector string, in ConnectionInput) (*ConnectionView, error) {
	var out *ConnectionView
	err := s.change(ctx, actor, onConnector(connector, access.NeedMaintain), func(r *run) error {
		conn := &domain.Connection{Key: in.Key}
		if err := s.fillConnection(conn, in); err != nil {
			return err
		}
		if err := s.createConnection(r, r.conn, conn); err != nil {
			return err
		}
		warnings, err := checkCertPaths(conn)
		if err != nil {
			return err
		}
		r.touch = true
		if err := r.log(connectionEntry(domain.ActionConnectionCreate, r.conn, conn, "created", connectionDiff(nil, conn))); err != nil {
			return err
		}
		if out, err = s.connectionView(r.tx, conn); out != nil {
			out.Warnings = warnings
		}
		return err
	})
	return out, err
}

// UpdateConnection edits a connection; the key cannot change.
func (s *Service) UpdateConnection(ctx context.Context, actor, connector, key string, in ConnectionInput) (*ConnectionView, error) {
	var out *ConnectionView
	err := editChild(s, ctx, actor, connector, key, in.Key, (*store.Tx).Connection, func(c *domain.Connection) string { return c.Key }, func(r *run, conn *domain.Connection) error {
		before := *conn
		if err := s.fillConnection(conn, in); err != nil {
			return err
		}
		if err := s.updateConnection(r, conn); err != nil {
			return err
		}
		warnings, err := checkCertPaths(conn)
		if err != nil {
			return err
		}
		r.touch = true
		if err := r.log(connectionEntry(domain.ActionConnectionUpdate, r.conn, conn, "edited", connectionDiff(&before, conn))); err != nil {
			return err
		}
		if out, err = s.connectionView(r.tx, conn); out != nil {
			out.Warnings = warnings
		}
		return err
	})
	if out != nil {
		s.dropConnection(err, out.ID)
	}
	return out, err
}

// SealConnection seals a connection: interfaces that use it keep working, but
// no new interface may choose it.
func (s *Service) SealConnection(ctx context.Context, actor, connector, key string) error {
	return s.setConnectionStatus(ctx, actor, connector, key, domain.StatusSealed)
}

// UnsealConnection makes a sealed connection available again.
func (s *Service) UnsealConnection(ctx context.Context, actor, connector, key string) error {
	return s.setConnectionStatus(ctx, actor, connector, key, domain.StatusActive)
}

func (s *Service) setConnectionStatus(ctx context.Context, actor, connector, key string, st domain.Status) error {
	return s.change(ctx, actor, onConnector(connector, access.NeedMaintain), func(r *run) error {
		conn, err := r.tx.Connection(r.conn, key)
		if err != nil {
			return err
		}
		return s.applyConnectionStatus(r, r.conn, conn, st)
	})
}

// applyConnectionStatus seals or unseals conn of c with its connection.seal
// or connection.unseal entry; the same status changes nothing. Import uses
// it too.
func (s *Service) applyConnectionStatus(r *run, c *domain.Connector, conn *domain.Connection, st domain.Status) error {
	return r.applyStatus(&conn.Status, &conn.UpdatedAt, &conn.UpdatedBy, st, func() error { return r.tx.SetConnectionStatus(conn) },
		func(sealed bool, changes map[string]audit.Change) logged {
			action, done := domain.ActionConnectionUnseal, "unsealed"
			if sealed {
				action, done = domain.ActionConnectionSeal, "sealed"
			}
			return connectionEntry(action, c, conn, done, changes)
		})
}

// DeleteConnection deletes a connection that no interface references, with its accounts.
func (s *Service) DeleteConnection(ctx context.Context, actor, connector, key string) error {
	var connID string
	err := s.change(ctx, actor, onConnector(connector, access.NeedMaintain), func(r *run) error {
		conn, err := r.tx.Connection(r.conn, key)
		if err != nil {
			return err
		}
		if err := r.tx.DeleteConnection(conn); err != nil {
			return err
		}
		r.touch = true
		connID = conn.ID
		return r.log(connectionEntry(domain.ActionConnectionDelete, r.conn, conn, "deleted", connectionDiff(conn, nil)))
	})
	s.dropConnection(err, connID)
	return err
}
