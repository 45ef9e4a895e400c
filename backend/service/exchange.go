package service

import (
	"context"
	"errors"
	"fmt"
	"sort"

	"gorm.io/gorm"

	"junction/backend/domain"
	"junction/backend/exchange"
	"junction/backend/store"
)

// Export writes the connectors named by keys as one package (format v1),
// sorted by key, and records an export entry for each. It needs view on each.
func (s *Service) Export(ctx context.Context, actor string, keys []string, opts ExportOptions) ([]byte, error) {
	if opts.Passphrase != "" {
		return nil, domain.Errorf(domain.EBadInput, "exporting secrets with a passphrase is not supported by this version yet; export without secrets")
	}
	if len(keys) == 0 {
		return nil, domain.Invalid("keys", "name at least one connector to export")
	}
	keys = append([]string(nil), keys...)
	sort.Strings(keys)
	var out []byte
	err := s.tx(ctx, func(tx *gorm.DB) error {
		var u *domain.User
		bundles := []exchange.ConnectorBundle{}
		for i, key := range keys {
			if i > 0 && key == keys[i-1] {
				continue
			}
			me, c, _, err := s.connectorFor(tx, actor, key, "view")
			if err != nil {
				return err
			}
			u = me
			b, err := s.bundle(tx, c)
			if err != nil {
				return err
			}
			bundles = append(bundles, *b)
			if err := s.record(tx, u, entry{action: "connector.export", targetType: "connector", targetID: c.ID, targetKey: c.Key,
				connector: c.ID, summary: "connector " + c.Key + " exported without secrets"}); err != nil {
				return err
			}
		}
		var err error
		out, err = exchange.Export(exchange.Meta{ExportedAt: s.stamp(), ExportedBy: u.Name}, bundles)
		return err
	})
	return out, err
}

// bundle gathers one connector with its connections, accounts and interfaces.
func (s *Service) bundle(db *gorm.DB, c *domain.Connector) (*exchange.ConnectorBundle, error) {
	b := &exchange.ConnectorBundle{Connector: *c}
	var conns []domain.Connection
	if err := db.Where("connector_id = ?", c.ID).Order("key").Find(&conns).Error; err != nil {
		return nil, fmt.Errorf("load connections: %w", err)
	}
	keyOf := map[string]string{}
	for _, conn := range conns {
		keyOf[conn.ID] = conn.Key
		cb := exchange.ConnectionBundle{Connection: conn, CertPasswordSet: conn.ClientCertPassword != ""}
		var accounts []domain.AuthAccount
		if err := db.Where("connection_id = ?", conn.ID).Order("name").Find(&accounts).Error; err != nil {
			return nil, fmt.Errorf("load accounts: %w", err)
		}
		for _, a := range accounts {
			fields := a.Fields
			if fields == nil {
				fields = map[string]string{}
			}
			cb.Accounts = append(cb.Accounts, exchange.AccountBundle{Name: a.Name, Default: a.Default, Fields: fields, SecretFields: sortedKeys(a.Secrets)})
		}
		b.Connections = append(b.Connections, cb)
	}
	var ifaces []domain.Interface
	if err := db.Where("connector_id = ?", c.ID).Order("key").Find(&ifaces).Error; err != nil {
		return nil, fmt.Errorf("load interfaces: %w", err)
	}
	for _, it := range ifaces {
		b.Interfaces = append(b.Interfaces, exchange.InterfaceBundle{Interface: it, ConnectionKey: keyOf[it.ConnectionID]})
	}
	return b, nil
}

// errDryRun rolls a dry-run import back after it has done all its work.
var errDryRun = errors.New("dry run")

// Import reads a package and writes its connectors in one transaction: all or
// nothing. A connector whose key exists is handled by opts.OnConflict: fail
// (the default) refuses the whole import, skip leaves it alone, overwrite
// updates it (needs maintain) and copy imports it under a new key. New
// connectors need connectors.create. DryRun reports without writing.
func (s *Service) Import(ctx context.Context, actor string, data []byte, opts ImportOptions) (*ImportReport, error) {
	if opts.OnConflict == "" {
		opts.OnConflict = OnConflictFail
	}
	switch opts.OnConflict {
	case OnConflictFail, OnConflictSkip, OnConflictOverwrite, OnConflictCopy:
	default:
		return nil, domain.Invalid("onConflict", "%q is not fail, skip, overwrite or copy", opts.OnConflict)
	}
	if opts.Passphrase != "" {
		return nil, domain.Errorf(domain.EBadInput, "importing passphrase-encrypted secrets is not supported by this version yet")
	}
	dec, err := exchange.Import(data)
	if err != nil {
		return nil, err
	}
	if opts.Connector != "" {
		if len(dec.Connectors) != 1 {
			return nil, domain.Invalid("connector", "the package holds %d connectors; --connector applies to a package with exactly one", len(dec.Connectors))
		}
		if err := domain.ValidateKey("connector", opts.Connector); err != nil {
			return nil, err
		}
		dec.Connectors[0].Connector.Key = opts.Connector
	}
	report := &ImportReport{Created: []string{}, Updated: []string{}, Skipped: []string{}, Warnings: append([]string{}, dec.Warnings...)}
	err = s.tx(ctx, func(tx *gorm.DB) error {
		u, err := s.actor(tx, actor)
		if err != nil {
			return err
		}
		for i := range dec.Connectors {
			if err := s.importOne(tx, u, &dec.Connectors[i], opts.OnConflict, report); err != nil {
				return domain.Prefix(fmt.Sprintf("connectors[%d]", i), err)
			}
		}
		if opts.DryRun {
			return errDryRun
		}
		return nil
	})
	if err != nil && !errors.Is(err, errDryRun) {
		return nil, err
	}
	return report, nil
}

func (s *Service) importOne(tx *gorm.DB, u *domain.User, b *exchange.ConnectorBundle, onConflict string, report *ImportReport) error {
	key := b.Connector.Key
	var existing domain.Connector
	err := tx.Where("key = ?", key).Take(&existing).Error
	switch {
	case errors.Is(err, gorm.ErrRecordNotFound):
		return s.importNew(tx, u, b, report)
	case err != nil:
		return err
	}
	switch onConflict {
	case OnConflictSkip:
		report.Skipped = append(report.Skipped, key)
		return nil
	case OnConflictCopy:
		b.Connector.Key, err = s.freeCopyKey(tx, key)
		if err != nil {
			return err
		}
		b.Connector.Name += " (copy)"
		return s.importNew(tx, u, b, report)
	case OnConflictOverwrite:
		return s.importOverwrite(tx, u, &existing, b, report)
	}
	return &domain.Error{Code: domain.EConflict, Field: "key",
		Message: fmt.Sprintf("connector %s already exists; import with on-conflict skip, overwrite or copy", key)}
}

func (s *Service) freeCopyKey(tx *gorm.DB, key string) (string, error) {
	for n := 1; ; n++ {
		candidate := key + "-copy"
		if n > 1 {
			candidate = fmt.Sprintf("%s-copy-%d", key, n)
		}
		if len(candidate) > 64 {
			return "", domain.Invalid("key", "no free copy key for %s within 64 characters", key)
		}
		var c int64
		if err := tx.Model(&domain.Connector{}).Where("key = ?", candidate).Count(&c).Error; err != nil {
			return "", err
		}
		if c == 0 {
			return candidate, nil
		}
	}
}

// importNew creates a connector with everything in its bundle, owned by u.
func (s *Service) importNew(tx *gorm.DB, u *domain.User, b *exchange.ConnectorBundle, report *ImportReport) error {
	if !u.HasPerm(domain.PermConnectorsCreate) {
		return domain.Errorf(domain.EPermission, "%s lacks connectors.create and cannot import the new connector %s", u.Name, b.Connector.Key)
	}
	now := s.stamp()
	c := b.Connector
	c.ID, c.OwnerID, c.CreatedAt, c.CreatedBy, c.UpdatedAt, c.UpdatedBy = newID(), u.ID, now, u.Name, now, u.Name
	domain.NormalizeConnector(&c)
	if err := s.insertConnector(tx, &c); err != nil {
		return err
	}
	report.Created = append(report.Created, c.Key)
	connIDs := map[string]string{}
	for i := range b.Connections {
		id, err := s.importConnection(tx, u, &c, &b.Connections[i], report)
		if err != nil {
			return domain.Prefix(fmt.Sprintf("connections[%d]", i), err)
		}
		connIDs[b.Connections[i].Connection.Key] = id
	}
	for i, ib := range b.Interfaces {
		it := ib.Interface
		it.ID, it.ConnectorID, it.ConnectionID, it.Revision = newID(), c.ID, connIDs[ib.ConnectionKey], 1
		it.CreatedAt, it.CreatedBy, it.UpdatedAt, it.UpdatedBy = now, u.Name, now, u.Name
		domain.NormalizeInterface(&it)
		if err := s.insertInterface(tx, &c, &it); err != nil {
			return domain.Prefix(fmt.Sprintf("interfaces[%d]", i), err)
		}
		report.Created = append(report.Created, c.Key+"/"+it.Key)
	}
	return s.record(tx, u, entry{action: "connector.import", targetType: "connector", targetID: c.ID, targetKey: c.Key, connector: c.ID,
		summary: fmt.Sprintf("connector %s imported with %d connection(s) and %d interface(s)", c.Key, len(b.Connections), len(b.Interfaces))})
}

// importConnection creates or updates (by key) one connection of c and its
// accounts. Secret values never travel in a package, so stored secrets are
// kept and each secret the package lists without a value here is a warning.
func (s *Service) importConnection(tx *gorm.DB, u *domain.User, c *domain.Connector, cb *exchange.ConnectionBundle, report *ImportReport) (string, error) {
	now := s.stamp()
	in := cb.Connection
	conn, err := s.connection(tx, c, in.Key)
	if domain.ErrorCode(err) == domain.ENotFound {
		conn = &domain.Connection{ID: newID(), ConnectorID: c.ID, Key: in.Key, CreatedAt: now, CreatedBy: u.Name}
	} else if err != nil {
		return "", err
	}
	id, created, keep, createdBy := conn.ID, conn.CreatedAt, conn.ClientCertPassword, conn.CreatedBy
	*conn = in
	conn.ID, conn.ConnectorID, conn.CreatedAt, conn.CreatedBy, conn.ClientCertPassword = id, c.ID, created, createdBy, keep
	conn.UpdatedAt, conn.UpdatedBy = now, u.Name
	domain.NormalizeConnection(conn)
	if err := domain.ValidateConnection(conn); err != nil {
		return "", err
	}
	if err := store.Translate(tx.Save(conn).Error, "connection "+conn.Key); err != nil {
		return "", err
	}
	where := c.Key + "/" + conn.Key
	if cb.CertPasswordSet && conn.ClientCertPassword == "" {
		if err := tx.Model(conn).Update("client_cert_password", certPasswordPending).Error; err != nil {
			return "", err
		}
	}
	if conn.ClientCertPassword == certPasswordPending {
		report.Warnings = append(report.Warnings, fmt.Sprintf("%s: the client certificate password has no value here; set it with: junction secret set %s/ %s", where, where, certPasswordField))
	}
	for i, ab := range cb.Accounts {
		a, _, err := s.loadOrNewAccount(tx, conn, ab.Name)
		if err != nil {
			return "", err
		}
		a.Default, a.Fields = ab.Default, map[string]string{}
		for k, v := range ab.Fields {
			a.Fields[k] = v
		}
		for _, f := range ab.SecretFields {
			if a.Secrets[f] == "" {
				a.Secrets[f] = ""
				report.Warnings = append(report.Warnings, fmt.Sprintf("%s/%s: secret %s has no value here; set it with: junction secret set %s/%s %s", where, a.Name, f, where, a.Name, f))
			}
		}
		if err := s.saveAccount(tx, conn, a); err != nil {
			return "", domain.Prefix(fmt.Sprintf("accounts[%d]", i), err)
		}
	}
	return conn.ID, nil
}

// importOverwrite makes an existing connector match the package: its fields,
// and its connections and interfaces by key. Connections and interfaces the
// package lacks are kept, with a warning.
func (s *Service) importOverwrite(tx *gorm.DB, u *domain.User, c *domain.Connector, b *exchange.ConnectorBundle, report *ImportReport) error {
	if r, err := s.rights(tx, u, c); err != nil {
		return err
	} else if !r.Maintain {
		return domain.Errorf(domain.EPermission, "%s may not maintain connector %s and cannot overwrite it", u.Name, c.Key)
	}
	now := s.stamp()
	in := b.Connector
	c.Name, c.Description, c.Icon, c.Tags, c.Version, c.Status = in.Name, in.Description, in.Icon, in.Tags, in.Version, in.Status
	c.UpdatedAt, c.UpdatedBy = now, u.Name
	domain.NormalizeConnector(c)
	if err := domain.ValidateConnector(c); err != nil {
		return err
	}
	if err := tx.Save(c).Error; err != nil {
		return err
	}
	report.Updated = append(report.Updated, c.Key)
	connIDs := map[string]string{}
	inPackage := map[string]bool{}
	for i := range b.Connections {
		id, err := s.importConnection(tx, u, c, &b.Connections[i], report)
		if err != nil {
			return domain.Prefix(fmt.Sprintf("connections[%d]", i), err)
		}
		connIDs[b.Connections[i].Connection.Key] = id
		inPackage["connection/"+b.Connections[i].Connection.Key] = true
	}
	for i, ib := range b.Interfaces {
		inPackage["interface/"+ib.Interface.Key] = true
		it, err := s.iface(tx, c, ib.Interface.Key)
		if domain.ErrorCode(err) == domain.ENotFound {
			nit := ib.Interface
			nit.ID, nit.ConnectorID, nit.ConnectionID, nit.Revision = newID(), c.ID, connIDs[ib.ConnectionKey], 1
			nit.CreatedAt, nit.CreatedBy, nit.UpdatedAt, nit.UpdatedBy = now, u.Name, now, u.Name
			domain.NormalizeInterface(&nit)
			if err := s.insertInterface(tx, c, &nit); err != nil {
				return domain.Prefix(fmt.Sprintf("interfaces[%d]", i), err)
			}
			report.Created = append(report.Created, c.Key+"/"+nit.Key)
			continue
		} else if err != nil {
			return err
		}
		rev, id, created, createdBy := it.Revision, it.ID, it.CreatedAt, it.CreatedBy
		*it = ib.Interface
		it.ID, it.ConnectorID, it.ConnectionID, it.Revision = id, c.ID, connIDs[ib.ConnectionKey], rev+1
		it.CreatedAt, it.CreatedBy, it.UpdatedAt, it.UpdatedBy = created, createdBy, now, u.Name
		domain.NormalizeInterface(it)
		if err := tx.Save(it).Error; err != nil {
			return domain.Prefix(fmt.Sprintf("interfaces[%d]", i), store.Translate(err, "interface "+it.Key))
		}
		report.Updated = append(report.Updated, c.Key+"/"+it.Key)
	}
	var keptConns, keptIfaces []string
	if err := tx.Model(&domain.Connection{}).Where("connector_id = ?", c.ID).Order("key").Pluck("key", &keptConns).Error; err != nil {
		return err
	}
	if err := tx.Model(&domain.Interface{}).Where("connector_id = ?", c.ID).Order("key").Pluck("key", &keptIfaces).Error; err != nil {
		return err
	}
	for _, k := range keptConns {
		if !inPackage["connection/"+k] {
			report.Warnings = append(report.Warnings, fmt.Sprintf("%s: keeps connection %s, which the package does not have", c.Key, k))
		}
	}
	for _, k := range keptIfaces {
		if !inPackage["interface/"+k] {
			report.Warnings = append(report.Warnings, fmt.Sprintf("%s: keeps interface %s, which the package does not have", c.Key, k))
		}
	}
	return s.record(tx, u, entry{action: "connector.import", targetType: "connector", targetID: c.ID, targetKey: c.Key, connector: c.ID,
		summary: fmt.Sprintf("connector %s overwritten from a package (%d connection(s), %d interface(s))", c.Key, len(b.Connections), len(b.Interfaces))})
}

// DetectFormat names the import format of data by its content (package,
// openapi, postman, curl, har, or "" when unknown) and says what it saw.
func DetectFormat(data []byte) (format, seen string) { return exchange.Detect(data) }
