package service

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"sort"
	"strings"

	"junction/backend/access"
	"junction/backend/audit"
	"junction/backend/domain"
	"junction/backend/exchange"
	"junction/backend/store"
)

// Export writes the connectors named by keys as one package (format v1),
// sorted by key, and records an export entry for each. It needs view on each.
// The package carries the flows the actor sees whose steps call only these
// connectors; a flow that also calls another connector is left out, and
// opts.Warn hears which (see exportFlows).
func (s *Service) Export(ctx context.Context, actor string, keys []string, opts ExportOptions) ([]byte, error) {
	var out bytes.Buffer
	if err := s.ExportTo(ctx, actor, keys, opts, &out, func() error { out.Reset(); return nil }); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}

// ExportTo is Export writing the package to w as each connector is read,
// so that its memory is that of one connector, not of the package. On a
// full disk the export is done again without its entries, after rewind has
// emptied w; with a nil rewind the export then fails. After an error w
// holds part of a package: write into a file put in place only on success
// (fsx.Write).
func (s *Service) ExportTo(ctx context.Context, actor string, keys []string, opts ExportOptions, w io.Writer, rewind func() error) error {
	if opts.Passphrase != "" {
		return domain.Errorf(domain.EBadInput, "exporting secrets with a passphrase is not supported by this version yet; export without secrets")
	}
	if len(keys) == 0 {
		return domain.Invalid("keys", "name at least one connector to export")
	}
	keys = append([]string(nil), keys...)
	sort.Strings(keys)
	leftOut, err := s.export(ctx, s.change, actor, keys, true, w)
	if err == nil && opts.Warn != nil {
		for _, m := range leftOut {
			opts.Warn(m)
		}
	}
	if store.IsFull(err) && rewind != nil {
		// Getting the connectors out is what a user on a full disk needs
		// most: the package is read in one read (no write lock); only its
		// entries cannot be kept.
		if rerr := rewind(); rerr != nil {
			return fmt.Errorf("export again without entries: %w", rerr)
		}
		if leftOut, rerr := s.export(ctx, s.look, actor, keys, false, w); rerr == nil {
			if opts.Warn != nil {
				for _, m := range leftOut {
					opts.Warn(m)
				}
				opts.Warn("the export is not in the operation log: " + domain.ErrorMessage(err))
			}
			return nil
		}
	}
	return err
}

// export writes the connectors keys (sorted, without repeats) and their
// flows as a package to w inside unit (change or look), recording an export
// entry for each connector when record is set. It needs view on each. It
// returns the warnings of the flows it left out.
func (s *Service) export(ctx context.Context, unit func(context.Context, string, need, func(*run) error) error, actor string, keys []string, record bool, w io.Writer) ([]string, error) {
	var leftOut []string
	err := unit(ctx, actor, withPerm(""), func(r *run) error {
		flows, warnings, err := r.exportFlows(slices.Compact(slices.Clone(keys)))
		if err != nil {
			return err
		}
		leftOut = warnings
		// Connectors are read and written one at a time: the package is
		// built as it is written, never held as bundles.
		i := 0
		return exchange.ExportTo(w, exchange.Meta{ExportedAt: r.tx.Now(), ExportedBy: r.user.Name}, func() (*exchange.ConnectorBundle, error) {
			for ; i < len(keys); i++ {
				if i > 0 && keys[i] == keys[i-1] {
					continue
				}
				key := keys[i]
				i++
				c, _, err := r.connector(key, access.NeedView)
				if err != nil {
					return nil, err
				}
				b, err := s.bundle(r.tx, c)
				if err != nil {
					return nil, err
				}
				if record {
					if err := r.log(logged{action: domain.ActionConnectorExport, targetType: "connector", targetID: c.ID, targetKey: c.Key,
						connector: c.ID, summary: "connector " + c.Key + " exported without secrets"}); err != nil {
						return nil, err
					}
				}
				return b, nil
			}
			return nil, nil
		}, exchange.FromSlice(flows))
	})
	return leftOut, err
}

// bundle gathers one connector with its connections, accounts and interfaces.
func (s *Service) bundle(tx *store.Tx, c *domain.Connector) (*exchange.ConnectorBundle, error) {
	b := &exchange.ConnectorBundle{Connector: *c}
	conns, err := tx.Connections(c.ID)
	if err != nil {
		return nil, err
	}
	keyOf := map[string]string{}
	for _, conn := range conns {
		keyOf[conn.ID] = conn.Key
		cb := exchange.ConnectionBundle{Connection: conn, CertPasswordSet: conn.ClientCertPassword != ""}
		accounts, err := tx.Accounts(conn.ID)
		if err != nil {
			return nil, err
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
	ifaces, err := tx.Interfaces(c.ID)
	if err != nil {
		return nil, err
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
//
// An import is held to the rules of the use cases it stands for: the
// package is checked by the rules of create and edit (exchange.Import), a
// sealed connector takes no new connections or interfaces and a sealed
// connection no new interfaces (the checks of CreateConnection,
// CreateInterface and UpdateInterface), and a seal the package changes on an
// existing connector or connection goes through the seal and unseal use
// cases, with their entries: unseals before the content (so a package that
// unseals may add), seals after it. An overwrite that changes where a
// connection's secrets go drops them unless opts.KeepSecrets (see
// secretsMoved). Each connector's connector.import entry carries the
// field-level changes of everything it holds, as an edit's entry does.
func (s *Service) Import(ctx context.Context, actor string, data []byte, opts ImportOptions) (*ImportReport, error) {
	return s.ImportFrom(ctx, actor, bytes.NewReader(data), opts)
}

// errOneConnector stops an import with --connector at the package's second
// connector; the error names how many it holds once it has been read.
var errOneConnector = errors.New("more than one connector")

// ImportFrom is Import reading the package from src, once, connector by
// connector: each is checked and written as soon as it has been read, so the
// memory an import takes is that of the largest connector, not the package's.
// src is read again from its start only to say where a mistake is.
func (s *Service) ImportFrom(ctx context.Context, actor string, src io.ReadSeeker, opts ImportOptions) (*ImportReport, error) {
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
	var keyErr error
	if opts.Connector != "" {
		keyErr = domain.ValidateKey("connector", opts.Connector)
	}
	report := &ImportReport{Created: []string{}, Updated: []string{}, Skipped: []string{}, Warnings: []string{}, WarningList: []domain.Note{}, NeedsSecrets: []string{}}
	// The package's own warnings come first in the report, as they did when
	// the whole package was read before anything was written.
	var packageWarnings []domain.Note
	var changed []string
	var sum *exchange.Summary
	err := s.change(ctx, actor, withPerm(""), func(r *run) error {
		imp := &importRun{run: r, opts: opts, report: report}
		// The key each connector of the package was written under, for its flows.
		connectorKeys := map[string]string{}
		var err error
		sum, err = exchange.ImportStream(src, func(i int, b *exchange.ConnectorBundle, warnings []domain.Note) error {
			packageKey := b.Connector.Key
			if opts.Connector != "" {
				switch {
				case i > 0:
					return errOneConnector
				case keyErr != nil:
					return keyErr
				}
				b.Connector.Key = opts.Connector
			}
			packageWarnings = append(packageWarnings, warnings...)
			if err := imp.one(b); err != nil {
				return domain.Prefix(fmt.Sprintf("connectors[%d]", i), err)
			}
			connectorKeys[packageKey] = b.Connector.Key
			return nil
		})
		if err == nil && opts.Connector != "" && sum.Connectors != 1 {
			err = errOneConnector
		}
		if errors.Is(err, errOneConnector) || (keyErr != nil && errors.Is(err, keyErr)) {
			if sum.Connectors != 1 {
				return domain.Invalid("connector", "the package holds %d connectors; --connector applies to a package with exactly one", sum.Connectors)
			}
			return keyErr
		}
		if err != nil {
			return err
		}
		if err := imp.importFlows(sum.Flows, connectorKeys); err != nil {
			return err
		}
		changed = imp.changed
		if opts.DryRun {
			return errDryRun
		}
		if len(report.Created)+len(report.Updated) >= compactSearchAfter {
			return r.tx.CompactSearch()
		}
		return nil
	})
	if err != nil && !errors.Is(err, errDryRun) {
		return nil, err
	}
	if err == nil {
		for _, id := range changed {
			s.dropConnection(nil, id)
		}
	}
	own := *report
	*report = ImportReport{Created: own.Created, Updated: own.Updated, Skipped: own.Skipped, Warnings: []string{}, WarningList: []domain.Note{}, NeedsSecrets: own.NeedsSecrets}
	report.warn(packageWarnings...)
	report.warn(own.WarningList...)
	return report, nil
}

// compactSearchAfter is how many connectors an import writes before it
// compacts the search index at its end (store.Tx.CompactSearch): below it,
// the few segments left cost a search less than compacting a large store's
// index (about 1 s per 100,000 connectors) would cost the import.
const compactSearchAfter = 100

// importRun is one import's change and what it has found so far. It writes
// connections, accounts and interfaces through the operations of their use
// cases (createConnection, updateConnection, saveAccount, createInterface,
// updateInterface, applyConnectionStatus), with the rules those hold.
type importRun struct {
	*run
	opts   ImportOptions
	report *ImportReport
	// changed are the ids of updated connections, whose cached transports
	// and tokens the engine drops once the import is committed.
	changed []string
}

func (r *importRun) one(b *exchange.ConnectorBundle) error {
	key := b.Connector.Key
	existing, err := r.tx.ConnectorByKey(key)
	switch {
	case domain.ErrorCode(err) == domain.ENotFound:
		return r.create(b)
	case err != nil:
		return err
	}
	switch r.opts.OnConflict {
	case OnConflictSkip:
		r.report.Skipped = append(r.report.Skipped, key)
		return nil
	case OnConflictCopy:
		b.Connector.Key, err = r.freeCopyKey(key)
		if err != nil {
			return err
		}
		b.Connector.Name += " (copy)"
		return r.create(b)
	case OnConflictOverwrite:
		return r.overwrite(existing, b)
	}
	return (&domain.Error{Code: domain.EConflict, Field: "key",
		Message: fmt.Sprintf("connector %s already exists; import with on-conflict skip, overwrite or copy", key)}).With(domain.RImportConflict, "key", key)
}

func (r *importRun) freeCopyKey(key string) (string, error) {
	for n := 1; ; n++ {
		candidate := key + "-copy"
		if n > 1 {
			candidate = fmt.Sprintf("%s-copy-%d", key, n)
		}
		if len(candidate) > 64 {
			return "", domain.Invalid("key", "no free copy key for %s within 64 characters", key)
		}
		taken, err := r.tx.ConnectorKeyTaken(candidate)
		if err != nil {
			return "", err
		}
		if !taken {
			return candidate, nil
		}
	}
}

// importEntry is the connector.import entry of c, what it holds compared
// before and after.
func importEntry(c *domain.Connector, b *exchange.ConnectorBundle, summary string, before, after map[string]any) logged {
	return logged{action: domain.ActionConnectorImport, targetType: "connector", targetID: c.ID, targetKey: c.Key, connector: c.ID,
		summary: summary, changes: audit.Diff(before, after),
		params: map[string]string{"connections": fmt.Sprint(len(b.Connections)), "interfaces": fmt.Sprint(len(b.Interfaces))}}
}

// create makes a new connector with everything in its bundle, owned by the
// actor. What it creates takes the package's seal state without seal
// entries (it had none to change; the import entry shows it), but only once
// the content is in, so that a sealed connector gets its connections and an
// interface the connection the package seals, as CreateConnection,
// CreateInterface, SealConnection and SealConnector in that order would.
func (r *importRun) create(b *exchange.ConnectorBundle) error {
	u := r.user
	if !u.HasPerm(domain.PermConnectorsCreate) {
		return domain.Errorf(domain.EPermission, "%s lacks connectors.create and cannot import the new connector %s", u.Name, b.Connector.Key)
	}
	now := r.tx.Now()
	c := b.Connector
	c.ID, c.OwnerID, c.CreatedAt, c.CreatedBy, c.UpdatedAt, c.UpdatedBy = newID(), u.ID, now, u.Name, now, u.Name
	domain.NormalizeConnector(&c)
	want := c.Status
	c.Status = domain.StatusActive // until its content is in
	if err := insertConnector(r.tx, &c); err != nil {
		return err
	}
	r.report.Created = append(r.report.Created, c.Key)
	conns, err := r.connections(&c, b)
	if err != nil {
		return err
	}
	its, err := r.newInterfaces(&c, b, conns)
	if err != nil {
		return err
	}
	for _, conn := range conns {
		if err := r.settle(conn); err != nil {
			return err
		}
	}
	if want != c.Status { // most stay active: nothing to write again
		c.Status = want
		if err := r.tx.SaveConnector(&c); err != nil {
			return err
		}
	}
	// The interfaces are the rows just written: no need to read them back.
	after, readBack, err := importStateWith(r.tx, &c, its)
	if err != nil {
		return err
	}
	if err := r.needsSecrets(&c, b, readBack); err != nil {
		return err
	}
	return r.log(importEntry(&c, b, fmt.Sprintf("connector %s imported with %s and %s", c.Key,
		domain.Count(len(b.Connections), "connection", "connections"), domain.Count(len(b.Interfaces), "interface", "interfaces")), nil, after))
}

// overwrite makes an existing connector match the package: its fields, and
// its connections and interfaces by key. Connections and interfaces the
// package lacks are kept, with a warning.
func (r *importRun) overwrite(c *domain.Connector, b *exchange.ConnectorBundle) error {
	s, u := r.s, r.user
	if rights, err := r.rightsOn(c); err != nil {
		return err
	} else if !rights.Maintain {
		return domain.Errorf(domain.EPermission, "%s may not maintain connector %s and cannot overwrite it", u.Name, c.Key)
	}
	want := b.Connector.Status
	if want == domain.StatusActive {
		if err := r.applyConnectorStatus(c, want); err != nil {
			return err
		}
	}
	unsealing := map[string]bool{}
	for _, cb := range b.Connections {
		if cb.Connection.Status == domain.StatusActive {
			unsealing[cb.Connection.Key] = true
		}
	}
	stored, err := r.tx.Connections(c.ID)
	if err != nil {
		return err
	}
	for i := range stored {
		if stored[i].Status == domain.StatusSealed && unsealing[stored[i].Key] {
			if err := s.applyConnectionStatus(r.run, c, &stored[i], domain.StatusActive); err != nil {
				return err
			}
		}
	}
	before, _, err := s.importState(r.tx, c)
	if err != nil {
		return err
	}

	in := b.Connector
	c.Name, c.Description, c.Icon, c.Tags, c.Version = in.Name, in.Description, in.Icon, in.Tags, in.Version
	c.UpdatedAt, c.UpdatedBy = r.tx.Now(), u.Name
	domain.NormalizeConnector(c)
	if err := domain.ValidateConnector(c); err != nil {
		return err
	}
	if err := r.tx.SaveConnector(c); err != nil {
		return err
	}
	r.report.Updated = append(r.report.Updated, c.Key)
	conns, err := r.connections(c, b)
	if err != nil {
		return err
	}
	if err := r.interfaces(c, b); err != nil {
		return err
	}
	for _, conn := range conns {
		if conn.created {
			// New here: it takes the package's state, as in create.
			if err := r.settle(conn); err != nil {
				return err
			}
		}
	}
	if err := r.keptWarnings(c, b); err != nil {
		return err
	}
	after, readBack, err := s.importState(r.tx, c)
	if err != nil {
		return err
	}
	if err := r.needsSecrets(c, b, readBack); err != nil {
		return err
	}
	if err := r.log(importEntry(c, b, fmt.Sprintf("connector %s overwritten from a package (%s, %s)", c.Key,
		domain.Count(len(b.Connections), "connection", "connections"), domain.Count(len(b.Interfaces), "interface", "interfaces")), before, after)); err != nil {
		return err
	}
	for _, conn := range conns {
		if !conn.created && conn.want == domain.StatusSealed {
			if err := s.applyConnectionStatus(r.run, c, conn.row, domain.StatusSealed); err != nil {
				return err
			}
		}
	}
	if want == domain.StatusSealed {
		return r.applyConnectorStatus(c, want)
	}
	return nil
}

// importedConnection is a connection an import wrote and the seal state the
// package gives it, applied once the interfaces are in.
type importedConnection struct {
	row     *domain.Connection
	want    domain.Status
	created bool
}

// settle gives a connection the import created the package's seal state,
// without an entry of its own (the import entry shows it).
func (r *importRun) settle(ic importedConnection) error {
	if ic.row.Status == ic.want {
		return nil
	}
	ic.row.Status = ic.want
	return r.tx.SetConnectionStatus(ic.row)
}

// connections writes the package's connections of c.
func (r *importRun) connections(c *domain.Connector, b *exchange.ConnectorBundle) ([]importedConnection, error) {
	out := make([]importedConnection, 0, len(b.Connections))
	for i := range b.Connections {
		ic, err := r.connection(c, &b.Connections[i])
		if err != nil {
			return nil, domain.Prefix(fmt.Sprintf("connections[%d]", i), err)
		}
		out = append(out, ic)
	}
	return out, nil
}

// connection creates or updates (by key) one connection of c and its
// accounts, through createConnection, updateConnection and saveAccount.
// Secret values never travel in a package: stored secrets are kept, unless
// the package moves them elsewhere (secretsMoved) and the import does not
// keep them, and each secret the package lists without a value here is a
// warning.
func (r *importRun) connection(c *domain.Connector, cb *exchange.ConnectionBundle) (importedConnection, error) {
	s := r.s
	in := cb.Connection
	ic := importedConnection{want: in.Status}
	stored, err := r.tx.Connection(c, in.Key)
	ic.created = domain.ErrorCode(err) == domain.ENotFound
	if err != nil && !ic.created {
		return ic, err
	}
	conn := new(domain.Connection)
	*conn = in
	conn.ClientCertPassword = ""
	if !ic.created {
		conn.ID, conn.ConnectorID, conn.CreatedAt, conn.CreatedBy = stored.ID, c.ID, stored.CreatedAt, stored.CreatedBy
		conn.ClientCertPassword, conn.Status = stored.ClientCertPassword, stored.Status
	}
	// Normalised first: secretsMoved and the warnings read the settings as stored.
	domain.NormalizeConnection(conn)
	where := c.Key + "/" + conn.Key
	if ic.created {
		err = s.createConnection(r.run, c, conn)
	} else {
		r.changed = append(r.changed, conn.ID)
		if moved := secretsMoved(stored, conn); moved != "" && !r.opts.KeepSecrets {
			dropped, err := r.dropSecrets(conn)
			if err != nil {
				return ic, err
			}
			if len(dropped) > 0 {
				r.report.warn(domain.Notef(domain.RImportSecretsDropped, "%s: %s, so its stored secrets were dropped (%s) rather than sent there; set them again with junction secret set, or import with --keep-secrets to keep them",
					"where", where, "why", moved, "fields", strings.Join(dropped, ", ")))
			}
		}
		err = s.updateConnection(r.run, conn)
	}
	if err != nil {
		return ic, err
	}
	ic.row = conn
	if cb.CertPasswordSet && conn.ClientCertPassword == "" {
		if err := r.tx.SetCertPassword(conn, certPasswordPending); err != nil {
			return ic, err
		}
	}
	if conn.ClientCertPassword == certPasswordPending {
		r.report.warn(domain.NoteOf(domain.RImportCertPasswordEmpty, fmt.Sprintf("%s: the client certificate password has no value here; set it with: junction secret set %s/ %s", where, where, certPasswordField),
			"where", where))
	}
	for i, ab := range cb.Accounts {
		a, _, err := s.loadOrNewAccount(r.run, conn, ab.Name)
		if err != nil {
			return ic, err
		}
		a.Default, a.Fields = ab.Default, map[string]string{}
		for k, v := range ab.Fields {
			a.Fields[k] = v
		}
		for _, f := range ab.SecretFields {
			if a.Secrets[f] == "" {
				a.Secrets[f] = ""
				r.report.warn(domain.NoteOf(domain.RImportSecretEmpty, fmt.Sprintf("%s/%s: secret %s has no value here; set it with: junction secret set %s/%s %s", where, a.Name, f, where, a.Name, f),
					"where", where, "account", a.Name, "field", f))
			}
		}
		if err := s.saveAccount(r.run, a); err != nil {
			return ic, domain.Prefix(fmt.Sprintf("accounts[%d]", i), err)
		}
	}
	return ic, nil
}

// secretsMoved says how an overwrite changes where a connection's secrets
// are sent ("host api.example.com becomes evil.example.com"), or "" when it
// does not: the protocol, the host or port, the auth scheme, or the origin of
// an absolute token exchange URL.
func secretsMoved(before, after *domain.Connection) string {
	var what []string
	if before.Protocol != after.Protocol {
		what = append(what, fmt.Sprintf("protocol %s becomes %s", before.Protocol, after.Protocol))
	}
	if !strings.EqualFold(before.Host, after.Host) {
		what = append(what, fmt.Sprintf("host %s becomes %s", before.Host, after.Host))
	}
	if before.Auth.Type != after.Auth.Type {
		what = append(what, fmt.Sprintf("auth scheme %s becomes %s", before.Auth.Type, after.Auth.Type))
	} else if b, a := tokenOrigin(before), tokenOrigin(after); !strings.EqualFold(b, a) {
		what = append(what, fmt.Sprintf("token URL origin %s becomes %s", orRelative(b), orRelative(a)))
	}
	return strings.Join(what, ", ")
}

// tokenOrigin is the scheme and host of an absolute token exchange URL, ""
// for none or a relative one (which follows the connection's host).
func tokenOrigin(c *domain.Connection) string {
	te := c.Auth.TokenExchange
	if te == nil {
		return ""
	}
	u := strings.TrimSpace(te.URL)
	scheme, rest, ok := strings.Cut(u, "://")
	if !ok || (scheme != "http" && scheme != "https") {
		return ""
	}
	host, _, _ := strings.Cut(rest, "/")
	host, _, _ = strings.Cut(host, "?")
	return scheme + "://" + host
}

func orRelative(origin string) string {
	if origin == "" {
		return "(the connection's own)"
	}
	return origin
}

// dropSecrets clears every stored secret of conn: the certificate password
// (left declared, so that it is asked for again) and each secret field of
// each of its accounts (the field stays, empty). It returns what it cleared,
// as "ACCOUNT field" and "tls.clientCertPassword".
func (r *importRun) dropSecrets(conn *domain.Connection) ([]string, error) {
	var dropped []string
	if conn.ClientCertPassword != "" && conn.ClientCertPassword != certPasswordPending {
		conn.ClientCertPassword = certPasswordPending
		dropped = append(dropped, certPasswordField)
	}
	accounts, err := r.tx.Accounts(conn.ID)
	if err != nil {
		return nil, err
	}
	for i := range accounts {
		a := &accounts[i]
		cleared := false
		for _, f := range sortedKeys(a.Secrets) {
			if a.Secrets[f] != "" {
				a.Secrets[f] = ""
				cleared = true
				dropped = append(dropped, a.Name+" "+f)
			}
		}
		if cleared {
			if err := r.tx.SaveAccount(a); err != nil {
				return nil, fmt.Errorf("drop secrets of account %s: %w", a.Name, err)
			}
		}
	}
	return dropped, nil
}

// interfaces writes the package's interfaces of c through createInterface
// and updateInterface, with their rules: a sealed connector takes no new
// interface, and no interface moves to (or is created on) a sealed
// connection.
func (r *importRun) interfaces(c *domain.Connector, b *exchange.ConnectorBundle) error {
	for i, ib := range b.Interfaces {
		at := fmt.Sprintf("interfaces[%d]", i)
		in := interfaceInput(ib)
		it, err := r.tx.Interface(c, in.Key)
		switch {
		case domain.ErrorCode(err) == domain.ENotFound:
			if it, err = r.s.createInterface(r.run, c, in); err != nil {
				return domain.Prefix(at, packageField(err))
			}
			r.report.Created = append(r.report.Created, c.Key+"/"+it.Key)
		case err != nil:
			return err
		default:
			if err := r.s.updateInterface(r.run, c, it, in); err != nil {
				return domain.Prefix(at, packageField(err))
			}
			r.report.Updated = append(r.report.Updated, c.Key+"/"+it.Key)
		}
	}
	return nil
}

// newInterfaces writes the interfaces of c, a connector this import has
// just created with the connections conns, by the rules of createInterface
// (c is not sealed yet, see create), in batches: c has no interface whose
// key they could take, and its connections are at hand.
func (r *importRun) newInterfaces(c *domain.Connector, b *exchange.ConnectorBundle, conns []importedConnection) ([]*domain.Interface, error) {
	byKey := make(map[string]*domain.Connection, len(conns))
	for _, ic := range conns {
		byKey[ic.row.Key] = ic.row
	}
	connectionOf := func(key string) (*domain.Connection, error) {
		if conn, ok := byKey[key]; ok {
			return conn, nil
		}
		return nil, domain.Errorf(domain.ENotFound, "connection %s not found", key)
	}
	its := make([]*domain.Interface, 0, len(b.Interfaces))
	for i, ib := range b.Interfaces {
		if err := refuseSealed(c, "interfaces"); err != nil {
			return nil, domain.Prefix(fmt.Sprintf("interfaces[%d]", i), err)
		}
		it := r.newInterface(c, ib.Interface.Key)
		if err := applyInterfaceInputWith(it, interfaceInput(ib), c, connectionOf); err != nil {
			return nil, domain.Prefix(fmt.Sprintf("interfaces[%d]", i), packageField(err))
		}
		its = append(its, it)
	}
	if err := r.tx.CreateInterfaces(c, its); err != nil {
		return nil, err
	}
	for _, it := range its {
		r.report.Created = append(r.report.Created, c.Key+"/"+it.Key)
	}
	return its, nil
}

// interfaceInput is the input of the use cases for an interface of a package.
func interfaceInput(ib exchange.InterfaceBundle) InterfaceInput {
	src := ib.Interface
	return InterfaceInput{Key: src.Key, Name: src.Name, Description: src.Description, ConnectionKey: ib.ConnectionKey,
		Method: src.Method, Path: src.Path, BodyType: src.BodyType, Request: src.Request, Response: src.Response,
		Success: src.Success, Messages: src.Messages}
}

// packageField renames the use case's connectionKey to the package's
// connection in an error.
func packageField(err error) error {
	var de *domain.Error
	if errors.As(err, &de) && de.Field == "connectionKey" {
		cp := *de
		cp.Field = "connection"
		return &cp
	}
	return err
}

// keptWarnings warns about the connections and interfaces of c that the
// package does not have: an overwrite keeps them.
func (r *importRun) keptWarnings(c *domain.Connector, b *exchange.ConnectorBundle) error {
	inPackage := map[string]bool{}
	for _, cb := range b.Connections {
		inPackage["connection/"+cb.Connection.Key] = true
	}
	for _, ib := range b.Interfaces {
		inPackage["interface/"+ib.Interface.Key] = true
	}
	conns, err := r.tx.Connections(c.ID)
	if err != nil {
		return err
	}
	ifaces, err := r.tx.InterfaceKeys(c.ID)
	if err != nil {
		return err
	}
	for _, conn := range conns {
		if !inPackage["connection/"+conn.Key] {
			r.report.warn(domain.Notef(domain.RImportKeepsConnection, "%s: keeps connection %s, which the package does not have", "connector", c.Key, "connection", conn.Key))
		}
	}
	for _, k := range ifaces {
		if !inPackage["interface/"+k] {
			r.report.warn(domain.Notef(domain.RImportKeepsInterface, "%s: keeps interface %s, which the package does not have", "connector", c.Key, "interface", k))
		}
	}
	return nil
}

// needsSecrets lists the secrets still without a value in the package's
// connections of c, as junction secret set names them, from the rows the
// import's state was read from (readBack).
func (r *importRun) needsSecrets(c *domain.Connector, b *exchange.ConnectorBundle, readBack map[string]storedConnection) error {
	for _, cb := range b.Connections {
		sc, ok := readBack[cb.Connection.Key]
		if !ok { // the import has written every connection of the package
			return fmt.Errorf("import connector %s: connection %s was written but not read back", c.Key, cb.Connection.Key)
		}
		conn := sc.conn
		where := c.Key + "/" + conn.Key
		if conn.ClientCertPassword == certPasswordPending {
			r.report.NeedsSecrets = append(r.report.NeedsSecrets, where+"/ "+certPasswordField)
		}
		for _, a := range sc.accounts {
			for _, f := range sortedKeys(a.Secrets) {
				if a.Secrets[f] == "" {
					r.report.NeedsSecrets = append(r.report.NeedsSecrets, where+"/"+a.Name+" "+f)
				}
			}
		}
	}
	return nil
}

// storedConnection is a connection of a connector as an import read it back,
// with its accounts.
type storedConnection struct {
	conn     *domain.Connection
	accounts []domain.AuthAccount
}

// importState is what an import's audit entry compares: the connector's own
// fields and, by key, its connections (with their accounts, secrets shown
// only as set or not) and interfaces. It also returns the connections it
// read, by key.
func (s *Service) importState(tx *store.Tx, c *domain.Connector) (map[string]any, map[string]storedConnection, error) {
	ifaces, err := tx.Interfaces(c.ID)
	if err != nil {
		return nil, nil, err
	}
	its := make([]*domain.Interface, len(ifaces))
	for i := range ifaces {
		its[i] = &ifaces[i]
	}
	return importStateWith(tx, c, its)
}

// importStateWith is importState with the interfaces of c given.
func importStateWith(tx *store.Tx, c *domain.Connector, ifaces []*domain.Interface) (map[string]any, map[string]storedConnection, error) {
	state := connectorAudit(c)
	conns, err := tx.Connections(c.ID)
	if err != nil {
		return nil, nil, err
	}
	stored := make(map[string]storedConnection, len(conns))
	keyOf := map[string]string{}
	connStates := map[string]any{}
	for i := range conns {
		conn := &conns[i]
		keyOf[conn.ID] = conn.Key
		cs := connectionAudit(conn)
		if conn.ClientCertPassword != certPasswordPending {
			cs["clientCertPassword"] = redactIfSet(conn.ClientCertPassword)
		}
		accounts, err := tx.Accounts(conn.ID)
		if err != nil {
			return nil, nil, err
		}
		stored[conn.Key] = storedConnection{conn: conn, accounts: accounts}
		as := map[string]any{}
		for j := range accounts {
			as[accounts[j].Name] = accountAudit(&accounts[j])
		}
		cs["accounts"] = as
		connStates[conn.Key] = cs
	}
	ifaceStates := map[string]any{}
	for _, it := range ifaces {
		ifaceStates[it.Key] = interfaceAudit(it, keyOf[it.ConnectionID])
	}
	state["connections"], state["interfaces"] = connStates, ifaceStates
	return state, stored, nil
}

// LooksLikePackage says from the head of a file whether it is a Junction
// package as exports write them, "format" first, without reading the rest.
func LooksLikePackage(head []byte) bool { return exchange.IsPackageHead(head) }

// DetectFormat names the import format of data by its content (package,
// openapi, postman, curl, har, or "" when unknown) and says what it saw.
func DetectFormat(data []byte) (format, seen string) { return exchange.Detect(data) }
