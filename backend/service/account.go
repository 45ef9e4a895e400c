package service

import (
	"context"
	"sort"
	"strings"

	"junction/backend/access"
	"junction/backend/audit"
	"junction/backend/domain"
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

// accountEntry is the audit entry of a change to account a of conn of c.
func accountEntry(action domain.Action, c *domain.Connector, conn *domain.Connection, a *domain.AuthAccount, summary string, changes map[string]audit.Change) logged {
	return logged{action: action, targetType: "account", targetID: a.ID, targetKey: c.Key + "/" + conn.Key + "/" + a.Name,
		connector: c.ID, summary: summary, changes: changes}
}

// changeConnection runs fn as a change, by an actor who may maintain the
// connector, on its connection loaded by key; once it went through, the
// engine forgets the connection's cached tokens and transports.
func (s *Service) changeConnection(ctx context.Context, actor, connector, connection string, fn func(r *run, conn *domain.Connection) error) error {
	var connID string
	err := s.change(ctx, actor, onConnector(connector, access.NeedMaintain), func(r *run) error {
		conn, err := r.tx.Connection(r.conn, connection)
		if err != nil {
			return err
		}
		connID = conn.ID
		return fn(r, conn)
	})
	s.dropConnection(err, connID)
	return err
}

// SaveAccount creates or edits (by name) an auth account of a connection. The
// first account of a connection becomes its default; making one the default
// takes the flag from the others.
func (s *Service) SaveAccount(ctx context.Context, actor, connector, connection string, in AccountInput) (*AccountView, error) {
	var out *AccountView
	err := s.changeConnection(ctx, actor, connector, connection, func(r *run, conn *domain.Connection) error {
		a, before, err := s.loadOrNewAccount(r, conn, strings.TrimSpace(in.Name))
		if err != nil {
			return err
		}
		// A scheme's own secret in the plain fields would be stored and shown
		// as plain text (the package importer refuses it the same way).
		for _, f := range domain.SecretFieldsOf(conn.Auth.Type) {
			if _, plain := in.Fields[f]; plain {
				return domain.Invalid("fields."+f, "is a secret of the %s scheme: set it as a secret, not as a plain field", conn.Auth.Type).
					With(domain.RAccountSecretAsPlain, "scheme", conn.Auth.Type)
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
		if err := s.saveAccount(r, a); err != nil {
			return err
		}
		changes := audit.Diff(before, accountAudit(a))
		// Both sides of a replaced secret read [redacted], which Diff sees as no change.
		for k, ch := range replaced {
			changes[k] = ch
		}
		if err := r.log(accountEntry(domain.ActionAccountSave, r.conn, conn, a, "auth account "+a.Name+" of "+conn.Key+" saved", changes)); err != nil {
			return err
		}
		v := accountView(a)
		out = &v
		return nil
	})
	return out, err
}

// loadOrNewAccount returns the named account of conn (and its audit view) or
// a new one.
func (s *Service) loadOrNewAccount(r *run, conn *domain.Connection, name string) (*domain.AuthAccount, any, error) {
	a, err := r.tx.Account(conn, name)
	if err == nil {
		domain.NormalizeAccount(a)
		return a, accountAudit(a), nil
	}
	if domain.ErrorCode(err) != domain.ENotFound {
		return nil, nil, err
	}
	na := &domain.AuthAccount{ConnectionID: conn.ID, Name: name, CreatedAt: r.tx.Now()}
	domain.NormalizeAccount(na)
	return na, nil, nil
}

// saveAccount validates and writes an account (a new one has no id yet),
// keeping exactly one default. SaveAccount, SetSecret and the import save
// accounts with it.
func (s *Service) saveAccount(r *run, a *domain.AuthAccount) error {
	if err := domain.ValidateAccount(a); err != nil {
		return err
	}
	a.UpdatedAt = r.tx.Now()
	if a.ID == "" {
		a.ID = newID()
		return r.tx.CreateAccount(a)
	}
	return r.tx.SaveAccount(a)
}

// DeleteAccount deletes an auth account; another account becomes the default
// when the default one goes.
func (s *Service) DeleteAccount(ctx context.Context, actor, connector, connection, name string) error {
	err := s.changeConnection(ctx, actor, connector, connection, func(r *run, conn *domain.Connection) error {
		a, err := r.tx.Account(conn, name)
		if err != nil {
			return err
		}
		if err := r.tx.DeleteAccount(a); err != nil {
			return err
		}
		return r.log(accountEntry(domain.ActionAccountDelete, r.conn, conn, a, "auth account "+a.Name+" of "+conn.Key+" deleted",
			audit.Diff(accountAudit(a), nil)))
	})
	return err
}

// SetSecret sets one secret field of an auth account, creating the account if
// absent. The connection's client-certificate password is the field
// tls.clientCertPassword with an empty account name.
func (s *Service) SetSecret(ctx context.Context, actor, connector, connection, account, field, value string) error {
	if strings.TrimSpace(field) == "" {
		return domain.Invalid("field", "is required").With(domain.RFieldRequired)
	}
	if value == "" {
		return domain.Invalid("value", "is empty").With(domain.RFieldEmpty)
	}
	err := s.changeConnection(ctx, actor, connector, connection, func(r *run, conn *domain.Connection) error {
		sealed, err := s.box.Seal(value)
		if err != nil {
			return err
		}
		if field == certPasswordField && account == "" {
			if conn.Protocol != "https" {
				// Normalisation clears it for http; storing it here would bypass that rule.
				return domain.Invalid("field", "%s applies to https connections only; connection %s uses %s", field, conn.Key, conn.Protocol).
					With(domain.RSecretHTTPSOnly, "field", field, "connection", conn.Key, "protocol", conn.Protocol)
			}
			had := conn.ClientCertPassword
			if err := r.tx.SetCertPassword(conn, sealed); err != nil {
				return err
			}
			return r.log(logged{action: domain.ActionSecretSet, targetType: "connection", targetID: conn.ID,
				targetKey: r.conn.Key + "/" + conn.Key, summary: "client certificate password of " + conn.Key + " set",
				changes: map[string]audit.Change{field: {Before: redactIfSet(had), After: domain.Redacted}},
				params:  map[string]string{"field": field}})
		}
		if strings.TrimSpace(account) == "" {
			return domain.Invalid("account", "is required").With(domain.RFieldRequired)
		}
		a, _, err := s.loadOrNewAccount(r, conn, strings.TrimSpace(account))
		if err != nil {
			return err
		}
		had := a.Secrets[field]
		delete(a.Fields, field) // a field is either plain or secret
		a.Secrets[field] = sealed
		if err := s.saveAccount(r, a); err != nil {
			return err
		}
		e := accountEntry(domain.ActionSecretSet, r.conn, conn, a, "secret "+field+" of auth account "+a.Name+" set",
			map[string]audit.Change{"secrets." + field: {Before: redactIfSet(had), After: domain.Redacted}})
		e.params = map[string]string{"field": field}
		return r.log(e)
	})
	return err
}
