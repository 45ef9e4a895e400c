package service

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"gorm.io/gorm"

	"junction/backend/audit"
	"junction/backend/domain"
	"junction/backend/store"
)

func accountView(a *domain.AuthAccount) AccountView {
	v := AccountView{ID: a.ID, Name: a.Name, Default: a.Default, Fields: a.Fields, Secrets: []SecretState{}}
	if v.Fields == nil {
		v.Fields = map[string]string{}
	}
	for _, name := range sortedKeys(a.Secrets) {
		v.Secrets = append(v.Secrets, SecretState{Name: name, Set: a.Secrets[name] != ""})
	}
	return v
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// accountAudit is what the audit log records of an account: plain fields as
// they are, secret fields as [redacted] when set.
func accountAudit(a *domain.AuthAccount) map[string]any {
	secrets := map[string]any{}
	for k, v := range a.Secrets {
		secrets[k] = redactIfSet(v)
	}
	return map[string]any{"name": a.Name, "default": a.Default, "fields": a.Fields, "secrets": secrets}
}

// connectionForAccounts loads a connector (needing maintain) and one of its connections.
func (s *Service) connectionForAccounts(tx *gorm.DB, actor, connector, connection string) (*domain.User, *domain.Connector, *domain.Connection, error) {
	u, c, _, err := s.connectorFor(tx, actor, connector, "maintain")
	if err != nil {
		return nil, nil, nil, err
	}
	conn, err := s.connection(tx, c, connection)
	return u, c, conn, err
}

// SaveAccount creates or edits (by name) an auth account of a connection. The
// first account of a connection becomes its default; making one the default
// takes the flag from the others.
func (s *Service) SaveAccount(ctx context.Context, actor, connector, connection string, in AccountInput) (*AccountView, error) {
	var out *AccountView
	var connID string
	err := s.tx(ctx, func(tx *gorm.DB) error {
		u, c, conn, err := s.connectionForAccounts(tx, actor, connector, connection)
		if err != nil {
			return err
		}
		connID = conn.ID
		a, before, err := s.loadOrNewAccount(tx, conn, strings.TrimSpace(in.Name))
		if err != nil {
			return err
		}
		// A scheme's own secret in the plain fields would be stored and shown
		// as plain text (the package importer refuses it the same way).
		for _, f := range domain.SecretFieldsOf(conn.Auth.Type) {
			if _, plain := in.Fields[f]; plain {
				return domain.Invalid("fields."+f, "is a secret of the %s scheme: set it as a secret, not as a plain field", conn.Auth.Type).
					With(domain.RAccountPlainSecret, "scheme", conn.Auth.Type)
			}
		}
		a.Default = in.Default
		a.Fields = map[string]string{}
		for k, v := range in.Fields {
			a.Fields[k] = v
		}
		replaced := map[string]audit.Change{}
		for name, val := range in.Secrets {
			switch {
			case val == nil:
			case *val == "":
				delete(a.Secrets, name)
			default:
				sealed, err := s.box.Seal(*val)
				if err != nil {
					return err
				}
				replaced["secrets."+name] = audit.Change{Before: redactIfSet(a.Secrets[name]), After: domain.Redacted}
				a.Secrets[name] = sealed
			}
		}
		if err := s.saveAccount(tx, conn, a); err != nil {
			return err
		}
		changes := audit.Diff(before, accountAudit(a))
		// Both sides of a replaced secret read [redacted], which Diff sees as no change.
		for k, ch := range replaced {
			changes[k] = ch
		}
		if err := s.record(tx, u, entry{action: "account.save", targetType: "account", targetID: a.ID,
			targetKey: c.Key + "/" + conn.Key + "/" + a.Name, connector: c.ID, summary: "auth account " + a.Name + " of " + conn.Key + " saved",
			details: audit.Details(changes, nil)}); err != nil {
			return err
		}
		v := accountView(a)
		out = &v
		return nil
	})
	s.dropConnection(err, connID)
	return out, err
}

// loadOrNewAccount returns the named account (and its audit view) or a new one.
func (s *Service) loadOrNewAccount(tx *gorm.DB, conn *domain.Connection, name string) (*domain.AuthAccount, any, error) {
	var a domain.AuthAccount
	err := tx.Where("connection_id = ? AND name = ?", conn.ID, name).Take(&a).Error
	if err == nil {
		domain.NormalizeAccount(&a)
		return &a, accountAudit(&a), nil
	}
	if err != gorm.ErrRecordNotFound {
		return nil, nil, err
	}
	now := s.stamp()
	na := &domain.AuthAccount{ConnectionID: conn.ID, Name: name, CreatedAt: now}
	domain.NormalizeAccount(na)
	return na, nil, nil
}

// saveAccount validates and writes an account, keeping exactly one default.
func (s *Service) saveAccount(tx *gorm.DB, conn *domain.Connection, a *domain.AuthAccount) error {
	if err := domain.ValidateAccount(a); err != nil {
		return err
	}
	var others int64
	if err := tx.Model(&domain.AuthAccount{}).Where("connection_id = ? AND name <> ? AND \"default\"", conn.ID, a.Name).Count(&others).Error; err != nil {
		return err
	}
	if others == 0 {
		a.Default = true
	}
	if a.Default {
		if err := tx.Model(&domain.AuthAccount{}).Where("connection_id = ? AND name <> ?", conn.ID, a.Name).Update("default", false).Error; err != nil {
			return err
		}
	}
	a.UpdatedAt = s.stamp()
	if a.ID == "" {
		a.ID = newID()
		return store.Translate(tx.Create(a).Error, "auth account "+a.Name)
	}
	return store.Translate(tx.Save(a).Error, "auth account "+a.Name)
}

// DeleteAccount deletes an auth account; another account becomes the default
// when the default one goes.
func (s *Service) DeleteAccount(ctx context.Context, actor, connector, connection, name string) error {
	var connID string
	err := s.tx(ctx, func(tx *gorm.DB) error {
		u, c, conn, err := s.connectionForAccounts(tx, actor, connector, connection)
		if err != nil {
			return err
		}
		connID = conn.ID
		var a domain.AuthAccount
		if err := tx.Where("connection_id = ? AND name = ?", conn.ID, name).Take(&a).Error; err != nil {
			return store.Translate(err, fmt.Sprintf("auth account %q of connection %s", name, connection))
		}
		if err := tx.Delete(&a).Error; err != nil {
			return err
		}
		if a.Default {
			var next domain.AuthAccount
			if tx.Where("connection_id = ?", conn.ID).Order("name").Take(&next).Error == nil {
				if err := tx.Model(&next).Update("default", true).Error; err != nil {
					return err
				}
			}
		}
		return s.record(tx, u, entry{action: "account.delete", targetType: "account", targetID: a.ID,
			targetKey: c.Key + "/" + conn.Key + "/" + a.Name, connector: c.ID, summary: "auth account " + a.Name + " of " + conn.Key + " deleted",
			details: audit.Details(audit.Diff(accountAudit(&a), nil), nil)})
	})
	s.dropConnection(err, connID)
	return err
}

// SetSecret sets one secret field of an auth account, creating the account if
// absent. The connection's client-certificate password is the field
// tls.clientCertPassword with an empty account name.
func (s *Service) SetSecret(ctx context.Context, actor, connector, connection, account, field, value string) error {
	if strings.TrimSpace(field) == "" {
		return domain.Invalid("field", "is required")
	}
	if value == "" {
		return domain.Invalid("value", "is empty")
	}
	var connID string
	err := s.tx(ctx, func(tx *gorm.DB) error {
		u, c, conn, err := s.connectionForAccounts(tx, actor, connector, connection)
		if err != nil {
			return err
		}
		connID = conn.ID
		sealed, err := s.box.Seal(value)
		if err != nil {
			return err
		}
		if field == certPasswordField && account == "" {
			if conn.Protocol != "https" {
				// Normalisation clears it for http; storing it here would bypass that rule.
				return domain.Invalid("field", "%s applies to https connections only; connection %s uses %s", field, conn.Key, conn.Protocol)
			}
			had := conn.ClientCertPassword // Update writes the new value into conn
			if err := tx.Model(conn).Update("client_cert_password", sealed).Error; err != nil {
				return err
			}
			return s.record(tx, u, entry{action: "secret.set", targetType: "connection", targetID: conn.ID,
				targetKey: c.Key + "/" + conn.Key, connector: c.ID, summary: "client certificate password of " + conn.Key + " set",
				details: audit.Details(map[string]audit.Change{field: {Before: redactIfSet(had), After: domain.Redacted}}, nil)})
		}
		if strings.TrimSpace(account) == "" {
			return domain.Invalid("account", "is required")
		}
		a, _, err := s.loadOrNewAccount(tx, conn, strings.TrimSpace(account))
		if err != nil {
			return err
		}
		had := a.Secrets[field]
		delete(a.Fields, field) // a field is either plain or secret
		a.Secrets[field] = sealed
		if err := s.saveAccount(tx, conn, a); err != nil {
			return err
		}
		return s.record(tx, u, entry{action: "secret.set", targetType: "account", targetID: a.ID,
			targetKey: c.Key + "/" + conn.Key + "/" + a.Name, connector: c.ID, summary: "secret " + field + " of auth account " + a.Name + " set",
			details: audit.Details(map[string]audit.Change{"secrets." + field: {Before: redactIfSet(had), After: domain.Redacted}}, nil)})
	})
	s.dropConnection(err, connID)
	return err
}
