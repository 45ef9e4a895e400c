package service_test

import (
	"encoding/json"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gorm.io/driver/sqlite"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"

	"junction/backend/audit"
	"junction/backend/domain"
	"junction/backend/invoke/invoketest"
	"junction/backend/service"
)

// TestService_AuditEntries walks through every use case on one store and
// checks the audit entries each step writes: exactly one per change, none for
// a read or a refused change.
func TestService_AuditEntries(t *testing.T) {
	e := withRoles(t)
	var pkg []byte
	steps := []struct {
		name string
		call func() error
		want []string
	}{
		{"create a connector", func() error { _, err := e.svc.CreateConnector(e.ctx, owner, connectorIn("erp")); return err }, []string{"connector.create"}},
		{"edit it", func() error { _, err := e.svc.UpdateConnector(e.ctx, owner, "erp", connectorIn("")); return err }, []string{"connector.update"}},
		{"grant", func() error { return e.svc.Grant(e.ctx, owner, "erp", viewer, domain.LevelView) }, []string{"connector.grant"}},
		{"revoke", func() error { return e.svc.Revoke(e.ctx, owner, "erp", viewer) }, []string{"connector.revoke"}},
		{"create a connection", func() error { _, err := e.svc.CreateConnection(e.ctx, owner, "erp", httpsConnIn("live")); return err }, []string{"connection.create"}},
		{"edit it", func() error {
			_, err := e.svc.UpdateConnection(e.ctx, owner, "erp", "live", httpsConnIn(""))
			return err
		}, []string{"connection.update"}},
		{"save an account", func() error {
			_, err := e.svc.SaveAccount(e.ctx, owner, "erp", "live", service.AccountInput{Name: "a", Secrets: map[string]*string{"password": ptr("p")}})
			return err
		}, []string{"account.save"}},
		{"set a secret", func() error { return e.svc.SetSecret(e.ctx, owner, "erp", "live", "a", "password", "q") }, []string{"secret.set"}},
		{"set the certificate password", func() error {
			return e.svc.SetSecret(e.ctx, owner, "erp", "live", "", "tls.clientCertPassword", "c")
		}, []string{"secret.set"}},
		{"create an interface", func() error {
			_, err := e.svc.CreateInterface(e.ctx, owner, "erp", interfaceIn("get", "live"))
			return err
		}, []string{"interface.create"}},
		{"edit it", func() error {
			_, err := e.svc.UpdateInterface(e.ctx, owner, "erp", "get", interfaceIn("", "live"))
			return err
		}, []string{"interface.update"}},
		{"seal the connection", func() error { return e.svc.SealConnection(e.ctx, owner, "erp", "live") }, []string{"connection.seal"}},
		{"unseal it", func() error { return e.svc.UnsealConnection(e.ctx, owner, "erp", "live") }, []string{"connection.unseal"}},
		{"seal the connector", func() error { return e.svc.SealConnector(e.ctx, owner, "erp") }, []string{"connector.seal"}},
		{"unseal it", func() error { return e.svc.UnsealConnector(e.ctx, owner, "erp") }, []string{"connector.unseal"}},
		{"export two connectors", func() error {
			var err error
			pkg, err = e.svc.Export(e.ctx, owner, []string{"erp", "bare"}, service.ExportOptions{})
			return err
		}, []string{"connector.export", "connector.export"}},
		{"import them as copies", func() error {
			_, err := e.svc.Import(e.ctx, owner, pkg, service.ImportOptions{OnConflict: service.OnConflictCopy})
			return err
		}, []string{"connector.import", "connector.import"}},
		{"import with skip", func() error {
			_, err := e.svc.Import(e.ctx, owner, pkg, service.ImportOptions{OnConflict: service.OnConflictSkip})
			return err
		}, nil},
		{"a dry run", func() error {
			_, err := e.svc.Import(e.ctx, owner, pkg, service.ImportOptions{OnConflict: service.OnConflictOverwrite, DryRun: true})
			return err
		}, nil},
		{"delete the account", func() error { return e.svc.DeleteAccount(e.ctx, owner, "erp", "live", "a") }, []string{"account.delete"}},
		{"delete the interface", func() error { return e.svc.DeleteInterface(e.ctx, owner, "erp", "get") }, []string{"interface.delete"}},
		{"delete the connection", func() error { return e.svc.DeleteConnection(e.ctx, owner, "erp", "live") }, []string{"connection.delete"}},
		{"delete the connector", func() error { return e.svc.DeleteConnector(e.ctx, owner, "erp") }, []string{"connector.delete"}},
		{"add a profile", func() error { _, err := e.svc.AddUser(e.ctx, admin, service.UserInput{Name: "carol"}); return err }, []string{"user.add"}},
		{"change it", func() error {
			_, err := e.svc.UpdateUser(e.ctx, admin, "carol", service.UserInput{Perms: []string{domain.PermConnectorsView}})
			return err
		}, []string{"user.update"}},
		{"reads", func() error {
			for _, err := range []error{
				second(e.svc.ListConnectors(e.ctx, viewer, service.ConnectorQuery{})),
				second(e.svc.GetConnector(e.ctx, viewer, "crm")),
				second(e.svc.ListGrants(e.ctx, viewer, "crm")),
				second(e.svc.GetConnection(e.ctx, viewer, "crm", "prod")),
				second(e.svc.ListInterfaces(e.ctx, viewer, "crm")),
				second(e.svc.GetInterface(e.ctx, viewer, "crm", "get-user")),
				second(e.svc.ListAudit(e.ctx, viewer, service.AuditQuery{})),
				second(e.svc.VerifyAudit(e.ctx, viewer)),
				second(e.svc.Me(e.ctx, viewer)),
				second(e.svc.ListUsers(e.ctx, viewer)),
				second(e.svc.Login(e.ctx, viewer, "")),
				second(e.svc.EnsureProfile(e.ctx, viewer)),
				second(e.svc.ResponseFromSample(`{"a":1}`)),
			} {
				if err != nil {
					return err
				}
			}
			return nil
		}, nil},
		{"no-op seal and unseal", func() error {
			if err := e.svc.UnsealConnector(e.ctx, owner, "crm"); err != nil {
				return err
			}
			return e.svc.UnsealConnection(e.ctx, owner, "crm", "prod")
		}, nil},
	}
	for _, st := range steps {
		e.expectAudit(func() { require.NoError(t, st.call(), st.name) }, st.want...)
	}

	entries := e.auditEntries()
	for i, ae := range entries {
		assert.Equal(t, int64(i+1), ae.Seq)
		assert.Equal(t, fixedNow, ae.At)
		assert.NotEmpty(t, ae.Actor)
		assert.NotEmpty(t, ae.Summary, "entry %d (%s)", ae.Seq, ae.Action)
	}
	v, err := e.svc.VerifyAudit(e.ctx, admin)
	require.NoError(t, err)
	assert.Equal(t, int64(len(entries)), v.Entries)
	assert.True(t, v.OK, v.Message)
}

// second returns the error of a (value, error) pair.
func second[T any](_ T, err error) error { return err }

func TestService_AuditFailedChanges(t *testing.T) {
	t.Run("a refused change writes no entry", func(t *testing.T) {
		e := withRoles(t)
		refused := []func() error{
			func() error { _, err := e.svc.CreateConnector(e.ctx, owner, connectorIn("crm")); return err },
			func() error { _, err := e.svc.UpdateConnector(e.ctx, viewer, "crm", connectorIn("")); return err },
			func() error { return e.svc.DeleteConnector(e.ctx, owner, "crm") },
			func() error {
				_, err := e.svc.CreateConnection(e.ctx, owner, "crm", service.ConnectionInput{Key: "x"})
				return err
			},
			func() error { return e.svc.DeleteConnection(e.ctx, owner, "crm", "prod") },
			func() error {
				_, err := e.svc.CreateInterface(e.ctx, owner, "crm", service.InterfaceInput{Key: "x"})
				return err
			},
			func() error {
				_, err := e.svc.SaveAccount(e.ctx, owner, "crm", "prod", service.AccountInput{})
				return err
			},
			func() error { return e.svc.Grant(e.ctx, maintainer, "crm", stranger, domain.LevelView) },
			func() error { _, err := e.svc.Import(e.ctx, owner, []byte(`{}`), service.ImportOptions{}); return err },
			func() error {
				_, err := e.svc.Export(e.ctx, stranger, []string{"crm"}, service.ExportOptions{})
				return err
			},
			func() error { _, err := e.svc.AddUser(e.ctx, owner, service.UserInput{Name: "x"}); return err },
		}
		for i, call := range refused {
			e.expectAudit(func() { assert.Error(t, call(), "call %d", i) })
		}
	})

	t.Run("a change whose entry cannot be written is rolled back", func(t *testing.T) {
		e := withRoles(t)
		require.NoError(t, e.st.DB.Exec(`CREATE TRIGGER audit_down BEFORE INSERT ON audit_entries BEGIN SELECT RAISE(ABORT, 'audit down'); END`).Error)
		calls := map[string]func() error{
			"create a connector":  func() error { _, err := e.svc.CreateConnector(e.ctx, owner, connectorIn("new")); return err },
			"seal a connector":    func() error { return e.svc.SealConnector(e.ctx, owner, "crm") },
			"delete a connector":  func() error { return e.svc.DeleteConnector(e.ctx, owner, "bare") },
			"create a connection": func() error { _, err := e.svc.CreateConnection(e.ctx, owner, "crm", httpConnIn("new")); return err },
			"delete a connection": func() error { return e.svc.DeleteConnection(e.ctx, owner, "crm", "spare") },
			"save an account": func() error {
				_, err := e.svc.SaveAccount(e.ctx, owner, "crm", "spare", service.AccountInput{Name: "a"})
				return err
			},
			"set a secret": func() error { return e.svc.SetSecret(e.ctx, owner, "crm", "prod", "main", "password", "x") },
			"create an interface": func() error {
				_, err := e.svc.CreateInterface(e.ctx, owner, "crm", interfaceIn("new", "prod"))
				return err
			},
			"delete an interface": func() error { return e.svc.DeleteInterface(e.ctx, owner, "crm", "get-user") },
			"grant":               func() error { return e.svc.Grant(e.ctx, owner, "crm", stranger, domain.LevelView) },
			"export": func() error {
				_, err := e.svc.Export(e.ctx, owner, []string{"crm"}, service.ExportOptions{})
				return err
			},
			"add a profile": func() error { _, err := e.svc.AddUser(e.ctx, admin, service.UserInput{Name: "x"}); return err },
		}
		for name, call := range calls {
			t.Run(name, func(t *testing.T) {
				before := snapshot(t, e.svc)
				require.Error(t, call())
				assert.Equal(t, before, snapshot(t, e.svc))
			})
		}
	})

	t.Run("an import whose entry cannot be written is rolled back", func(t *testing.T) {
		e := withRoles(t)
		pkg, err := e.svc.Export(e.ctx, owner, []string{"crm"}, service.ExportOptions{})
		require.NoError(t, err)
		require.NoError(t, e.st.DB.Exec(`CREATE TRIGGER audit_down BEFORE INSERT ON audit_entries BEGIN SELECT RAISE(ABORT, 'audit down'); END`).Error)
		before := snapshot(t, e.svc)
		_, err = e.svc.Import(e.ctx, owner, pkg, service.ImportOptions{Connector: "crm-two"})
		require.Error(t, err)
		assert.Equal(t, before, snapshot(t, e.svc))
	})
}

func TestService_ListAudit(t *testing.T) {
	// setup: the withRoles fixture, then one change on bare by maintainer and
	// one on crm by viewer-turned-maintainer.
	setup := func(t *testing.T) *env {
		e := withRoles(t)
		require.NoError(t, e.svc.SealConnector(e.ctx, maintainer, "bare"))
		require.NoError(t, e.svc.SealConnection(e.ctx, maintainer, "crm", "spare"))
		return e
	}
	actions := func(p *service.AuditPage) []string {
		return pluck(p.Items, func(it service.AuditView) string { return it.Action })
	}

	t.Run("filters by connector, action and actor, newest first", func(t *testing.T) {
		e := setup(t)
		all := e.auditActions()
		cases := []struct {
			name string
			q    service.AuditQuery
			want []string
		}{
			{"a connector", service.AuditQuery{Connector: "bare"}, []string{"connector.seal", "connector.grant", "connector.grant", "connector.create"}},
			{"an action", service.AuditQuery{Action: "connection.create"}, []string{"connection.create", "connection.create"}},
			{"an actor", service.AuditQuery{Actor: maintainer}, []string{"connection.seal", "connector.seal"}},
			{"connector and actor", service.AuditQuery{Connector: "crm", Actor: maintainer}, []string{"connection.seal"}},
			{"connector and action", service.AuditQuery{Connector: "crm", Action: "connector.grant"}, []string{"connector.grant", "connector.grant"}},
			{"nothing matches", service.AuditQuery{Action: "connector.delete"}, []string{}},
			{"a time window that holds every entry", service.AuditQuery{Since: fixedNow, Until: fixedNow.Add(time.Second)}, reversed(all)},
			{"a time window before them", service.AuditQuery{Until: fixedNow}, []string{}},
		}
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				p, err := e.svc.ListAudit(e.ctx, admin, tc.q)
				require.NoError(t, err)
				assert.Equal(t, tc.want, actions(p))
				assert.Equal(t, int64(len(tc.want)), p.Total)
			})
		}
	})

	t.Run("pages, newest first", func(t *testing.T) {
		e := setup(t)
		all := e.auditEntries()
		p, err := e.svc.ListAudit(e.ctx, admin, service.AuditQuery{Page: service.Page{Offset: 1, Limit: 2}})
		require.NoError(t, err)
		assert.Equal(t, int64(len(all)), p.Total)
		require.Len(t, p.Items, 2)
		assert.Equal(t, all[len(all)-2].Seq, p.Items[0].Seq)
		assert.Equal(t, all[len(all)-3].Seq, p.Items[1].Seq)
	})

	t.Run("without a connector, shows only what the actor may see", func(t *testing.T) {
		e := setup(t)
		_, err := e.svc.CreateConnector(e.ctx, admin, connectorIn("private"))
		require.NoError(t, err)
		p, err := e.svc.ListAudit(e.ctx, stranger, service.AuditQuery{})
		require.NoError(t, err)
		assert.Empty(t, p.Items, "a stranger sees no entry of connectors they cannot view")

		p, err = e.svc.ListAudit(e.ctx, viewer, service.AuditQuery{})
		require.NoError(t, err)
		for _, it := range p.Items {
			assert.NotEqual(t, "private", it.TargetKey)
			assert.NotEmpty(t, it.ConnectorID, "profile entries are not the viewer's business")
		}
		p, err = e.svc.ListAudit(e.ctx, admin, service.AuditQuery{Action: "connector.create"})
		require.NoError(t, err)
		assert.Equal(t, int64(3), p.Total, "an admin sees everything")
	})

	t.Run("a grant without connectors.view shows no connector's entries", func(t *testing.T) {
		e := setup(t)
		e.addUser("nobody")
		require.NoError(t, e.svc.Grant(e.ctx, owner, "crm", "nobody", domain.LevelMaintain))
		_, err := e.svc.ListAudit(e.ctx, "nobody", service.AuditQuery{Connector: "crm"})
		requireCode(t, err, domain.EPermission)
		p, err := e.svc.ListAudit(e.ctx, "nobody", service.AuditQuery{})
		require.NoError(t, err)
		assert.Empty(t, p.Items, "the unfiltered log must not show what the filtered one refuses")
	})

	t.Run("refuses a connector the actor cannot view, and unknown ones", func(t *testing.T) {
		e := setup(t)
		_, err := e.svc.ListAudit(e.ctx, stranger, service.AuditQuery{Connector: "crm"})
		requireCode(t, err, domain.EPermission)
		_, err = e.svc.ListAudit(e.ctx, admin, service.AuditQuery{Connector: "nope"})
		requireCode(t, err, domain.ENotFound)
	})
}

func reversed(s []string) []string {
	out := make([]string, len(s))
	for i, v := range s {
		out[len(s)-1-i] = v
	}
	return out
}

func TestService_VerifyAudit(t *testing.T) {
	t.Run("a whole chain verifies", func(t *testing.T) {
		e := withRoles(t)
		n := int64(len(e.auditEntries()))
		require.Greater(t, n, int64(10))
		v, err := e.svc.VerifyAudit(e.ctx, stranger)
		require.NoError(t, err)
		assert.Equal(t, n, v.Entries)
		assert.True(t, v.OK)
		assert.Zero(t, v.FirstBad)
	})

	cases := []struct {
		name     string
		sql      string
		firstBad int64
		entries  int64 // relative to the untouched chain
	}{
		{"an edited summary", `UPDATE audit_entries SET summary = 'nothing happened' WHERE seq = 5`, 5, 0},
		{"an edited actor", `UPDATE audit_entries SET actor = 'someone' WHERE seq = 9`, 9, 0},
		{"edited details", `UPDATE audit_entries SET details = '{}' WHERE seq = 7`, 7, 0},
		{"an edited time", `UPDATE audit_entries SET at = '2020-01-01 00:00:00+00:00' WHERE seq = 3`, 3, 0},
		{"a recomputed hash still breaks the next link", `UPDATE audit_entries SET summary = 'x', hash = 'f00d' WHERE seq = 4`, 4, 0},
		{"a deleted entry", `DELETE FROM audit_entries WHERE seq = 6`, 7, -1},
		{"the first entry deleted", `DELETE FROM audit_entries WHERE seq = 1`, 2, -1},
		{"an edited first entry", `UPDATE audit_entries SET action = 'user.nothing' WHERE seq = 1`, 1, 0},
	}
	for _, tc := range cases {
		t.Run(tc.name+" names the first bad seq", func(t *testing.T) {
			e := withRoles(t)
			n := int64(len(e.auditEntries()))
			require.NoError(t, e.st.DB.Exec(tc.sql).Error)
			v, err := e.svc.VerifyAudit(e.ctx, admin)
			require.NoError(t, err)
			assert.Equal(t, n+tc.entries, v.Entries)
			assert.False(t, v.OK)
			assert.Equal(t, tc.firstBad, v.FirstBad)
			assert.Contains(t, v.Message, fmt.Sprintf("Entry %d does not match", tc.firstBad))
		})
	}

	t.Run("needs a profile", func(t *testing.T) {
		e := newEnv(t)
		_, err := e.svc.VerifyAudit(e.ctx, ghost)
		requireCode(t, err, domain.EPermission)
	})
}

// anchored seeds a home with 10 audit entries (through service.Open, so the
// anchor file is kept) and returns it with the anchor file's path.
func anchored(t *testing.T) (*home, string) {
	t.Helper()
	h := newHome(t)
	h.seedSecret() // 4 entries
	svc := h.open()
	for i := range 6 {
		_, err := svc.CreateConnector(h.ctx, admin, connectorIn(fmt.Sprintf("c%d", i)))
		require.NoError(t, err)
	}
	require.NoError(t, svc.Close())
	return h, audit.AnchorPath(h.key, h.db)
}

// verify opens the home afresh and verifies its audit log.
func (h *home) verify() *service.VerifyResult {
	h.t.Helper()
	svc, err := service.Open(service.Config{DBPath: h.db, KeyPath: h.key})
	require.NoError(h.t, err)
	defer svc.Close()
	v, err := svc.VerifyAudit(h.ctx, admin)
	require.NoError(h.t, err)
	return v
}

// withoutMACs clears every entry's MAC, so a rewritten chain passes as
// entries written before MACs existed.
func withoutMACs(es []domain.AuditEntry) []domain.AuditEntry {
	for i := range es {
		es[i].MAC = ""
	}
	return es
}

// assertBrokenAt checks that verification failed at entry seq with message.
func assertBrokenAt(t *testing.T, v *service.VerifyResult, seq int64, message string) {
	t.Helper()
	assert.False(t, v.OK)
	assert.Equal(t, seq, v.FirstBad)
	assert.Contains(t, v.Message, message)
}

// rewrite recomputes the whole chain with the public algorithm after edit
// changed the entries, as a database writer without the key file could.
func rewrite(t *testing.T, dbPath string, edit func([]domain.AuditEntry) []domain.AuditEntry) {
	t.Helper()
	db, err := gorm.Open(sqlite.Open("file:"+(&url.URL{Path: dbPath}).EscapedPath()+"?_busy_timeout=10000"), &gorm.Config{Logger: logger.Discard})
	require.NoError(t, err)
	sqlDB, err := db.DB()
	require.NoError(t, err)
	defer sqlDB.Close()
	var entries []domain.AuditEntry
	require.NoError(t, db.Order("seq").Find(&entries).Error)
	entries = edit(entries)
	prev := ""
	require.NoError(t, db.Transaction(func(tx *gorm.DB) error {
		if err := tx.Exec(`DELETE FROM audit_entries`).Error; err != nil {
			return err
		}
		for i := range entries {
			e := &entries[i]
			e.Seq, e.PrevHash = int64(i+1), prev
			e.Hash = audit.Hash(prev, e)
			prev = e.Hash
			if err := tx.Create(e).Error; err != nil {
				return err
			}
		}
		return nil
	}))
}

func TestVerifyAudit_Anchor(t *testing.T) {
	t.Run("an untouched log holds and reaches its anchor", func(t *testing.T) {
		h, anchor := anchored(t)
		v := h.verify()
		assert.True(t, v.OK, v.Message)
		assert.Equal(t, int64(10), v.Entries)
		assert.Equal(t, service.VerifyAnchor{Path: anchor, Checked: true, Seq: 10}, v.Anchor)
		assert.False(t, v.Truncated)
		info, err := os.Stat(anchor)
		require.NoError(t, err)
		assert.Equal(t, os.FileMode(0o600), info.Mode().Perm())
		assert.Equal(t, filepath.Dir(h.key), filepath.Dir(anchor), "the anchor lives beside the key file")
	})
	t.Run("deleting the last entries is truncation", func(t *testing.T) {
		h, _ := anchored(t)
		require.NoError(t, storeExec(t, h.db, `DELETE FROM audit_entries WHERE seq > 7`))
		v := h.verify()
		assert.False(t, v.OK)
		assert.True(t, v.Truncated)
		assert.Equal(t, int64(8), v.FirstBad, "the first missing entry")
		assert.Contains(t, v.Message, "the log ends at seq 7; the anchor says 10")
	})
	t.Run("deleting every entry is truncation", func(t *testing.T) {
		h, _ := anchored(t)
		require.NoError(t, storeExec(t, h.db, `DELETE FROM audit_entries`))
		v := h.verify()
		assert.False(t, v.OK)
		assert.True(t, v.Truncated)
		assert.Equal(t, int64(0), v.Entries)
		assert.Contains(t, v.Message, "the log ends at seq 0; the anchor says 10")
	})
	// Both rewrites change entry 4's summary and recompute the chain.
	for _, tc := range []struct {
		name     string
		macs     func([]domain.AuditEntry) []domain.AuditEntry
		firstBad int64
		message  string
	}{
		{"a chain rewritten with the public algorithm fails its MACs",
			func(es []domain.AuditEntry) []domain.AuditEntry { return es },
			4, "Entry 4 does not match its hash chain or its MAC"},
		{"a rewritten chain without MACs, passing as old entries, fails the anchor",
			withoutMACs,
			10, "Entry 10 is not the one the anchor file names: the log was rewritten"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h, _ := anchored(t)
			rewrite(t, h.db, func(es []domain.AuditEntry) []domain.AuditEntry {
				es = tc.macs(es)
				es[3].Summary = "nothing happened"
				return es
			})
			assertBrokenAt(t, h.verify(), tc.firstBad, tc.message)
		})
	}
	t.Run("a rewritten, shortened chain without MACs is truncation", func(t *testing.T) {
		h, _ := anchored(t)
		rewrite(t, h.db, func(es []domain.AuditEntry) []domain.AuditEntry {
			return withoutMACs(es)[:6]
		})
		v := h.verify()
		assert.False(t, v.OK)
		assert.True(t, v.Truncated)
		assert.Contains(t, v.Message, "the log ends at seq 6; the anchor says 10")
	})
	t.Run("a MAC removed after signed entries breaks the chain there", func(t *testing.T) {
		h, _ := anchored(t)
		require.NoError(t, storeExec(t, h.db, `UPDATE audit_entries SET mac = '' WHERE seq = 6`))
		v := h.verify()
		assert.False(t, v.OK)
		assert.Equal(t, int64(6), v.FirstBad)
	})
	t.Run("entries from before MACs are checked by hash only, and it says so", func(t *testing.T) {
		h, _ := anchored(t)
		require.NoError(t, storeExec(t, h.db, `UPDATE audit_entries SET mac = '' WHERE seq <= 3`))
		v := h.verify()
		assert.True(t, v.OK, v.Message)
		assert.Equal(t, int64(3), v.HashOnly)
		assert.Contains(t, v.Message, "Entries 1 to 3 predate MACs and are checked by hash only")
	})
	t.Run("without the anchor file the log holds but its end is unchecked", func(t *testing.T) {
		h, anchor := anchored(t)
		require.NoError(t, os.Remove(anchor))
		v := h.verify()
		assert.True(t, v.OK, v.Message)
		assert.False(t, v.Anchor.Checked)
		assert.Contains(t, v.Message, "The end of the log cannot be checked: there is no anchor file "+anchor)

		// The next append writes it again.
		svc := h.open()
		_, err := svc.CreateConnector(h.ctx, admin, connectorIn("later"))
		require.NoError(t, err)
		a, err := audit.ReadAnchor(anchor)
		require.NoError(t, err)
		assert.Equal(t, int64(11), a.Seq)
	})
	t.Run("an anchor file not written with the key is refused", func(t *testing.T) {
		h, anchor := anchored(t)
		a, err := audit.ReadAnchor(anchor)
		require.NoError(t, err)
		a.Seq = 3 // hide entries 4..10 from the anchor
		raw, err := json.Marshal(a)
		require.NoError(t, err)
		require.NoError(t, os.WriteFile(anchor, raw, 0o600))
		v := h.verify()
		assert.False(t, v.OK)
		assert.Contains(t, v.Message, "was not written with this key file")
	})
}

func TestVerifyAudit_InvocationsMoveTheAnchor(t *testing.T) {
	h := newHome(t)
	svc := h.open()
	_, err := svc.EnsureProfile(h.ctx, admin)
	require.NoError(t, err)
	_, err = svc.CreateConnector(h.ctx, admin, connectorIn("api"))
	require.NoError(t, err)
	_, err = svc.CreateConnection(h.ctx, admin, "api", connTo("good", invoketest.JSONServer(t, 200, `{"code":0,"data":{"name":"Ann"}}`).URL))
	require.NoError(t, err)
	_, err = svc.CreateInterface(h.ctx, admin, "api", interfaceIn("good", "good"))
	require.NoError(t, err)
	_, err = svc.Invoke(h.ctx, admin, "api", "good", id("7"))
	require.NoError(t, err)
	a, err := audit.ReadAnchor(audit.AnchorPath(h.key, h.db))
	require.NoError(t, err)
	assert.Equal(t, int64(5), a.Seq, "the invocation's audit entry is anchored")
}
