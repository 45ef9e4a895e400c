package audit_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"junction/backend/audit"
	"junction/backend/domain"
	"junction/backend/store"
	"junction/backend/store/storetest"
)

// openDB opens a fresh, migrated store file; the tests tamper with its rows
// through st.DB directly.
func openDB(t *testing.T) *store.Store {
	t.Helper()
	return storetest.Open(t)
}

// appendEntry appends e under k in a transaction of its own.
func appendEntry(st *store.Store, e *domain.AuditEntry, k []byte) error {
	return st.Write(context.Background(), func(tx *store.Tx) error { return tx.AppendAudit(e, k) })
}

// verifyWith is audit.Verify of the store's chain under k.
func verifyWith(st *store.Store, k []byte) (res audit.Result, err error) {
	err = st.Read(context.Background(), func(tx *store.Tx) error {
		res, err = audit.Verify(tx, k)
		return err
	})
	return res, err
}

// clock is a fixed time with nanoseconds and a zone, so normalisation shows.
var clock = time.Date(2025, 3, 14, 15, 9, 26, 535897932, time.FixedZone("CST", 8*3600))

func entry(i int) *domain.AuditEntry {
	return &domain.AuditEntry{
		At:          clock.Add(time.Duration(i) * time.Second),
		Actor:       "alice",
		Action:      "connector.edit",
		TargetType:  "connector",
		TargetID:    fmt.Sprintf("id-%d", i),
		TargetKey:   fmt.Sprintf("crm-%d", i),
		ConnectorID: "c-1",
		Summary:     fmt.Sprintf("edit %d", i),
		Details:     `{"changes":{"name":{"before":"a","after":"b"}}}`,
	}
}

// key is the audit key of these tests.
var key = []byte("0123456789abcdef0123456789abcdef")

// verify is audit.Verify under key, as entries and first bad seq.
func verify(db *store.Store) (entries, firstBad int64, err error) {
	res, err := verifyWith(db, key)
	return res.Entries, res.FirstBad, err
}

// seed appends n entries, each in its own transaction.
func seed(t *testing.T, db *store.Store, n int) {
	t.Helper()
	for i := 1; i <= n; i++ {
		require.NoError(t, appendEntry(db, entry(i), key))
	}
}

func TestAppend(t *testing.T) {
	t.Run("links entries and verifies", func(t *testing.T) {
		db := openDB(t)
		seed(t, db, 5)

		var got []domain.AuditEntry
		require.NoError(t, db.DB.Order("seq").Find(&got).Error)
		require.Len(t, got, 5)
		prev := ""
		for i, e := range got {
			assert.Equal(t, int64(i+1), e.Seq)
			assert.Equal(t, prev, e.PrevHash)
			assert.Equal(t, audit.Hash(e.PrevHash, &e), e.Hash)
			prev = e.Hash
		}

		n, bad, err := verify(db)
		require.NoError(t, err)
		assert.Equal(t, int64(5), n)
		assert.Zero(t, bad)
	})

	t.Run("sets seq, links and normalises time", func(t *testing.T) {
		db := openDB(t)
		e := entry(1)
		require.NoError(t, appendEntry(db, e, key))
		assert.Equal(t, int64(1), e.Seq)
		assert.Empty(t, e.PrevHash)
		assert.Equal(t, time.UTC, e.At.Location())
		assert.Zero(t, e.At.Nanosecond()%1000, "truncated to microseconds")
		assert.True(t, e.At.Equal(clock.Add(time.Second).Truncate(time.Microsecond)))

		second := entry(2)
		require.NoError(t, appendEntry(db, second, key))
		assert.Equal(t, int64(2), second.Seq)
		assert.Equal(t, e.Hash, second.PrevHash)
	})

	t.Run("refuses an entry without time", func(t *testing.T) {
		db := openDB(t)
		e := entry(1)
		e.At = time.Time{}
		require.Error(t, appendEntry(db, e, key))
		var count int64
		require.NoError(t, db.DB.Model(&domain.AuditEntry{}).Count(&count).Error)
		assert.Zero(t, count)
	})

	t.Run("leaves no entry when the caller's transaction rolls back", func(t *testing.T) {
		db := openDB(t)
		seed(t, db, 2)
		err := db.Write(context.Background(), func(tx *store.Tx) error {
			require.NoError(t, tx.AppendAudit(entry(3), key))
			return fmt.Errorf("the change failed")
		})
		require.Error(t, err)
		n, bad, err := verify(db)
		require.NoError(t, err)
		assert.Equal(t, int64(2), n)
		assert.Zero(t, bad)
	})

	t.Run("serialises concurrent writers", func(t *testing.T) {
		db := openDB(t)
		const writers = 20
		var wg sync.WaitGroup
		errs := make(chan error, writers)
		for i := 1; i <= writers; i++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				errs <- appendEntry(db, entry(i), key)
			}()
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			require.NoError(t, err)
		}

		var seqs []int64
		require.NoError(t, db.DB.Model(&domain.AuditEntry{}).Order("seq").Pluck("seq", &seqs).Error)
		want := make([]int64, writers)
		for i := range want {
			want[i] = int64(i + 1)
		}
		assert.Equal(t, want, seqs)

		n, bad, err := verify(db)
		require.NoError(t, err)
		assert.Equal(t, int64(writers), n)
		assert.Zero(t, bad)
	})
}

func TestVerify(t *testing.T) {
	cases := []struct {
		name     string
		tamper   []string
		entries  int64
		firstBad int64
	}{
		{"holds on an empty log", nil, 0, 0},
		{"names an edited summary", []string{`UPDATE audit_entries SET summary = 'nothing happened' WHERE seq = 3`}, 5, 3},
		{"names an edited time", []string{`UPDATE audit_entries SET at = '2020-01-01 00:00:00+00:00' WHERE seq = 4`}, 5, 4},
		{"names the row after a deleted one", []string{`DELETE FROM audit_entries WHERE seq = 3`}, 4, 4},
		{"names a deleted first row", []string{`DELETE FROM audit_entries WHERE seq = 1`}, 4, 2},
		{"names reordered rows", []string{
			`UPDATE audit_entries SET seq = -1 WHERE seq = 2`,
			`UPDATE audit_entries SET seq = 2 WHERE seq = 3`,
			`UPDATE audit_entries SET seq = 3 WHERE seq = -1`,
		}, 5, 2},
		{"names an edited hash", []string{`UPDATE audit_entries SET hash = '00' || substr(hash, 3) WHERE seq = 3`}, 5, 3},
		{"names an edited prev hash", []string{`UPDATE audit_entries SET prev_hash = '' WHERE seq = 2`}, 5, 2},
		{"names a renumbered row", []string{`UPDATE audit_entries SET seq = 9 WHERE seq = 5`}, 5, 9},
		{"names a row moved below seq 1", []string{`UPDATE audit_entries SET seq = 0 WHERE seq = 5`}, 5, 1},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			db := openDB(t)
			if tc.tamper != nil {
				seed(t, db, 5)
			}
			for _, stmt := range tc.tamper {
				res := db.DB.Exec(stmt)
				require.NoError(t, res.Error)
				require.Equal(t, int64(1), res.RowsAffected, stmt)
			}
			n, bad, err := verify(db)
			require.NoError(t, err)
			assert.Equal(t, tc.entries, n)
			assert.Equal(t, tc.firstBad, bad)
		})
	}
}

func TestHash(t *testing.T) {
	e := &domain.AuditEntry{
		Seq:         7,
		At:          time.Date(2025, 1, 2, 3, 4, 5, 123456000, time.UTC),
		Actor:       "bob",
		Action:      "connector.create",
		TargetType:  "connector",
		TargetID:    "9f1c",
		TargetKey:   "crm",
		ConnectorID: "9f1c",
		Summary:     "created <CRM> & \"friends\" 中文",
		Details:     `{"changes":{}}`,
		PrevHash:    "ignored",
		Hash:        "ignored",
	}

	t.Run("hashes the RFC 8785 form of the entry after the previous hash", func(t *testing.T) {
		// Keys sorted, no whitespace, no HTML escaping, non-ASCII as is.
		canon := `{"action":"connector.create","actor":"bob","at":"2025-01-02T03:04:05.123456Z",` +
			`"connectorId":"9f1c","details":"{\"changes\":{}}","seq":7,` +
			`"summary":"created <CRM> & \"friends\" 中文","targetId":"9f1c","targetKey":"crm","targetType":"connector"}`
		sum := sha256.Sum256([]byte("abc" + canon))
		assert.Equal(t, hex.EncodeToString(sum[:]), audit.Hash("abc", e))
	})

	t.Run("ignores the stored hashes and the time zone", func(t *testing.T) {
		cp := *e
		cp.PrevHash, cp.Hash = "", ""
		cp.At = e.At.In(time.FixedZone("X", -5*3600))
		assert.Equal(t, audit.Hash("abc", e), audit.Hash("abc", &cp))
	})

	t.Run("covers every field and the previous hash", func(t *testing.T) {
		base := audit.Hash("abc", e)
		assert.NotEqual(t, base, audit.Hash("abd", e))
		edits := map[string]func(*domain.AuditEntry){
			"seq":         func(x *domain.AuditEntry) { x.Seq++ },
			"at":          func(x *domain.AuditEntry) { x.At = x.At.Add(time.Microsecond) },
			"actor":       func(x *domain.AuditEntry) { x.Actor += "!" },
			"action":      func(x *domain.AuditEntry) { x.Action += "!" },
			"targetType":  func(x *domain.AuditEntry) { x.TargetType += "!" },
			"targetId":    func(x *domain.AuditEntry) { x.TargetID += "!" },
			"targetKey":   func(x *domain.AuditEntry) { x.TargetKey += "!" },
			"connectorId": func(x *domain.AuditEntry) { x.ConnectorID += "!" },
			"summary":     func(x *domain.AuditEntry) { x.Summary += "!" },
			"details":     func(x *domain.AuditEntry) { x.Details = `{"changes":{"a":1}}` },
		}
		for field, edit := range edits {
			cp := *e
			edit(&cp)
			assert.NotEqual(t, base, audit.Hash("abc", &cp), field)
		}
	})
}
