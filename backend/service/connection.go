package service

import (
	"context"
	"errors"
	"fmt"
	"sort"

	"gorm.io/gorm"

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

func (s *Service) connectionViews(db *gorm.DB, connectorID string) ([]ConnectionView, error) {
	var conns []domain.Connection
	if err := db.Where("connector_id = ?", connectorID).Order("key").Find(&conns).Error; err != nil {
		return nil, fmt.Errorf("list connections: %w", err)
	}
	out := make([]ConnectionView, 0, len(conns))
	for i := range conns {
		v, err := s.connectionView(db, &conns[i])
		if err != nil {
			return nil, err
		}
		out = append(out, *v)
	}
	return out, nil
}

func (s *Service) connectionView(db *gorm.DB, c *domain.Connection) (*ConnectionView, error) {
	v := new(ConnectionView)
	*v = connectionViewOf(c)
	var n int64
	if err := db.Model(&domain.Interface{}).Where("connection_id = ?", c.ID).Count(&n).Error; err != nil {
		return nil, fmt.Errorf("count interfaces: %w", err)
	}
	v.Interfaces = int(n)
	var accounts []domain.AuthAccount
	if err := db.Where("connection_id = ?", c.ID).Order("name").Find(&accounts).Error; err != nil {
		return nil, fmt.Errorf("list accounts: %w", err)
	}
	for i := range accounts {
		v.Accounts = append(v.Accounts, accountView(&accounts[i]))
	}
	return v, nil
}

func (s *Service) connection(db *gorm.DB, c *domain.Connector, key string) (*domain.Connection, error) {
	var conn domain.Connection
	if err := db.Where("connector_id = ? AND key = ?", c.ID, key).Take(&conn).Error; err != nil {
		return nil, store.Translate(err, fmt.Sprintf("connection %q of connector %s", key, c.Key))
	}
	return &conn, nil
}

// GetConnection shows one connection with its accounts (secrets write-only).
func (s *Service) GetConnection(ctx context.Context, actor, connector, key string) (*ConnectionView, error) {
	db := s.db.WithContext(ctx)
	_, c, _, err := s.connectorFor(db, actor, connector, "view")
	if err != nil {
		return nil, err
	}
	conn, err := s.connection(db, c, key)
	if err != nil {
		return nil, err
	}
	return s.connectionView(db, conn)
}

// applyConnectionInput copies the input onto conn, normalises and validates it
// and seals a new client-certificate password. The warnings name certificate
// paths where no file exists yet: kept, but said at save.
func (s *Service) applyConnectionInput(conn *domain.Connection, in ConnectionInput) (warnings []FieldWarning, err error) {
	conn.Name, conn.Description, conn.Protocol, conn.Host, conn.BasePath = in.Name, in.Description, in.Protocol, in.Host, in.BasePath
	conn.Charset, conn.ConnectTimeoutSec, conn.ResponseTimeoutSec = in.Charset, in.ConnectTimeoutSec, in.ResponseTimeoutSec
	conn.TLS, conn.Proxy, conn.Auth = in.TLS, in.Proxy, in.Auth
	if in.ClientCertPassword != nil {
		conn.ClientCertPassword = ""
		if *in.ClientCertPassword != "" {
			sealed, err := s.box.Seal(*in.ClientCertPassword)
			if err != nil {
				return nil, err
			}
			conn.ClientCertPassword = sealed
		}
	}
	domain.NormalizeConnection(conn)
	if err := invoke.CheckConnection(conn); err != nil {
		return nil, err
	}
	return checkCertPaths(conn)
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

// CreateConnection adds a connection to a connector that is not sealed.
func (s *Service) CreateConnection(ctx context.Context, actor, connector string, in ConnectionInput) (*ConnectionView, error) {
	var out *ConnectionView
	err := s.tx(ctx, func(tx *gorm.DB) error {
		u, c, _, err := s.connectorFor(tx, actor, connector, "maintain")
		if err != nil {
			return err
		}
		if err := refuseSealed(c, "connections"); err != nil {
			return err
		}
		now := s.stamp()
		conn := &domain.Connection{ID: newID(), ConnectorID: c.ID, Key: in.Key, CreatedAt: now, CreatedBy: u.Name, UpdatedAt: now, UpdatedBy: u.Name}
		warnings, err := s.applyConnectionInput(conn, in)
		if err != nil {
			return err
		}
		if err := s.insertConnection(tx, c, conn); err != nil {
			return err
		}
		if err := s.touch(tx, c, u); err != nil {
			return err
		}
		if err := s.record(tx, u, entry{action: "connection.create", targetType: "connection", targetID: conn.ID, targetKey: c.Key + "/" + conn.Key,
			connector: c.ID, summary: "connection " + conn.Key + " created", details: audit.Details(connectionDiff(nil, conn), nil)}); err != nil {
			return err
		}
		if out, err = s.connectionView(tx, conn); out != nil {
			out.Warnings = warnings
		}
		return err
	})
	return out, err
}

func (s *Service) insertConnection(tx *gorm.DB, c *domain.Connector, conn *domain.Connection) error {
	var n int64
	if err := tx.Model(&domain.Connection{}).Where("connector_id = ? AND key = ?", c.ID, conn.Key).Count(&n).Error; err != nil {
		return err
	}
	if n > 0 {
		return &domain.Error{Code: domain.EConflict, Field: "key", Message: fmt.Sprintf("connector %s already has a connection %q", c.Key, conn.Key)}
	}
	return store.Translate(tx.Create(conn).Error, "connection "+conn.Key)
}

// touch marks the connector as updated by u.
func (s *Service) touch(tx *gorm.DB, c *domain.Connector, u *domain.User) error {
	c.UpdatedAt, c.UpdatedBy = s.stamp(), u.Name
	return tx.Model(c).Updates(map[string]any{"updated_at": c.UpdatedAt, "updated_by": c.UpdatedBy}).Error
}

// UpdateConnection edits a connection; the key cannot change.
func (s *Service) UpdateConnection(ctx context.Context, actor, connector, key string, in ConnectionInput) (*ConnectionView, error) {
	var out *ConnectionView
	err := s.tx(ctx, func(tx *gorm.DB) error {
		u, c, _, err := s.connectorFor(tx, actor, connector, "maintain")
		if err != nil {
			return err
		}
		conn, err := s.connection(tx, c, key)
		if err != nil {
			return err
		}
		if err := keyUnchanged(conn.Key, in.Key); err != nil {
			return err
		}
		before := *conn
		warnings, err := s.applyConnectionInput(conn, in)
		if err != nil {
			return err
		}
		conn.UpdatedAt, conn.UpdatedBy = s.stamp(), u.Name
		if err := tx.Save(conn).Error; err != nil {
			return store.Translate(err, "connection "+key)
		}
		if err := s.touch(tx, c, u); err != nil {
			return err
		}
		if err := s.record(tx, u, entry{action: "connection.update", targetType: "connection", targetID: conn.ID, targetKey: c.Key + "/" + conn.Key,
			connector: c.ID, summary: "connection " + conn.Key + " edited", details: audit.Details(connectionDiff(&before, conn), nil)}); err != nil {
			return err
		}
		if out, err = s.connectionView(tx, conn); out != nil {
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
	return s.tx(ctx, func(tx *gorm.DB) error {
		u, c, _, err := s.connectorFor(tx, actor, connector, "maintain")
		if err != nil {
			return err
		}
		conn, err := s.connection(tx, c, key)
		if err != nil {
			return err
		}
		return s.applyConnectionStatus(tx, u, c, conn, st)
	})
}

// applyConnectionStatus seals or unseals conn with its connection.seal or
// connection.unseal entry; import uses it too.
func (s *Service) applyConnectionStatus(tx *gorm.DB, u *domain.User, c *domain.Connector, conn *domain.Connection, st domain.Status) error {
	if conn.Status == st {
		return nil
	}
	before := conn.Status
	if err := tx.Model(conn).Updates(map[string]any{"status": st, "updated_at": s.stamp(), "updated_by": u.Name}).Error; err != nil {
		return err
	}
	conn.Status = st
	action := map[domain.Status]string{domain.StatusSealed: "seal", domain.StatusActive: "unseal"}[st]
	return s.record(tx, u, entry{action: "connection." + action, targetType: "connection", targetID: conn.ID, targetKey: c.Key + "/" + conn.Key,
		connector: c.ID, summary: "connection " + conn.Key + " " + action + "ed",
		details: audit.Details(map[string]audit.Change{"status": {Before: before, After: st}}, nil)})
}

// DeleteConnection deletes a connection that no interface references, with its accounts.
func (s *Service) DeleteConnection(ctx context.Context, actor, connector, key string) error {
	var connID string
	err := s.tx(ctx, func(tx *gorm.DB) error {
		u, c, _, err := s.connectorFor(tx, actor, connector, "maintain")
		if err != nil {
			return err
		}
		conn, err := s.connection(tx, c, key)
		if err != nil {
			return err
		}
		var users []string
		if err := tx.Model(&domain.Interface{}).Where("connection_id = ?", conn.ID).Order("key").Pluck("key", &users).Error; err != nil {
			return err
		}
		if len(users) > 0 {
			sort.Strings(users)
			return domain.Errorf(domain.ERule, "connection %s is used by %s (%s); move or delete them first", key, domain.Count(len(users), "interface", "interfaces"), joinMax(users, 5))
		}
		if err := tx.Delete(conn).Error; err != nil {
			return store.Translate(err, "connection "+key)
		}
		if err := s.touch(tx, c, u); err != nil {
			return err
		}
		connID = conn.ID
		return s.record(tx, u, entry{action: "connection.delete", targetType: "connection", targetID: conn.ID, targetKey: c.Key + "/" + conn.Key,
			connector: c.ID, summary: "connection " + conn.Key + " deleted", details: audit.Details(connectionDiff(conn, nil), nil)})
	})
	s.dropConnection(err, connID)
	return err
}

func joinMax(items []string, n int) string {
	out := ""
	for i, it := range items {
		if i == n {
			return out + fmt.Sprintf(", and %d more", len(items)-n)
		}
		if i > 0 {
			out += ", "
		}
		out += it
	}
	return out
}
