package service_test

import (
	"encoding/json"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"testing"

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
	t.Run("a chain rewritten with the public algorithm fails its MACs", func(t *testing.T) {
		h, _ := anchored(t)
		rewrite(t, h.db, func(es []domain.AuditEntry) []domain.AuditEntry {
			es[3].Summary = "nothing happened"
			return es
		})
		v := h.verify()
		assert.False(t, v.OK)
		assert.Equal(t, int64(4), v.FirstBad)
		assert.Contains(t, v.Message, "Entry 4 does not match its hash chain or its MAC")
	})
	t.Run("a rewritten chain without MACs, passing as old entries, fails the anchor", func(t *testing.T) {
		h, _ := anchored(t)
		rewrite(t, h.db, func(es []domain.AuditEntry) []domain.AuditEntry {
			for i := range es {
				es[i].MAC = ""
			}
			es[3].Summary = "nothing happened"
			return es
		})
		v := h.verify()
		assert.False(t, v.OK)
		assert.Equal(t, int64(10), v.FirstBad)
		assert.Contains(t, v.Message, "Entry 10 is not the one the anchor file names: the log was rewritten")
	})
	t.Run("a rewritten, shortened chain without MACs is truncation", func(t *testing.T) {
		h, _ := anchored(t)
		rewrite(t, h.db, func(es []domain.AuditEntry) []domain.AuditEntry {
			for i := range es {
				es[i].MAC = ""
			}
			return es[:6]
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
