package audit_test

import (
	"testing"

	"gorm.io/gorm"

	"junction/backend/audit"
	"junction/backend/domain"
	"junction/backend/store"
	"junction/backend/store/storetest"
)

// seedFast links n entries in memory and inserts them in batches in one
// transaction: the chain AppendAudit would write, without a read per entry.
func seedFast(b *testing.B, st *store.Store, n int) {
	b.Helper()
	const batch = 1000
	var seq int64
	var hash string
	// st.DB directly, as the tamper tests do: the store has no bulk append.
	err := st.DB.Transaction(func(tx *gorm.DB) error {
		rows := make([]domain.AuditEntry, 0, batch)
		for i := 1; i <= n; i++ {
			e := entry(i)
			if err := audit.Link(e, seq, hash, key); err != nil {
				return err
			}
			seq, hash = e.Seq, e.Hash
			rows = append(rows, *e)
			if len(rows) == batch || i == n {
				if err := tx.CreateInBatches(rows, 100).Error; err != nil {
					return err
				}
				rows = rows[:0]
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
}

// BenchmarkVerify100k verifies a chain of 100,000 entries (hashes, MACs and
// the walk through the store); one op is the whole walk.
func BenchmarkVerify100k(b *testing.B) {
	const n = 100_000
	st := storetest.Open(b)
	seedFast(b, st, n)
	b.ReportAllocs()
	for b.Loop() {
		res, err := verifyWith(st, key)
		if err != nil || res.Entries != n || res.FirstBad != 0 {
			b.Fatalf("verify: %v %+v", err, res)
		}
	}
}

// BenchmarkHash is one entry's hash.
func BenchmarkHash(b *testing.B) {
	e := entry(1)
	if err := audit.Link(e, 0, "", key); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		audit.Hash(e.PrevHash, e)
	}
}
