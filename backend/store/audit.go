package store

import (
	"fmt"

	"junction/backend/audit"
	"junction/backend/domain"
)

// AppendAudit writes e as the next link of the hash chain, signed with key,
// inside the unit's transaction (audit.Link sets seq, prevHash, hash, MAC).
//
// Two transactions appending at once must not both read the same last
// entry: write transactions take the write lock at BEGIN (the writer's
// _txlock=immediate), so appends serialise. Should they race anyway, the
// primary key on seq makes the second insert fail rather than fork the chain.
func (t *Tx) AppendAudit(e *domain.AuditEntry, key []byte) error {
	var last []domain.AuditEntry
	if err := t.db.Select("seq", "hash").Order("seq DESC").Limit(1).Find(&last).Error; err != nil {
		return fmt.Errorf("write audit entry: read the last entry: %w", err)
	}
	var seq int64
	var hash string
	if len(last) == 1 {
		seq, hash = last[0].Seq, last[0].Hash
	}
	if err := audit.Link(e, seq, hash, key); err != nil {
		return fmt.Errorf("write audit entry: %w", err)
	}
	if err := t.db.Create(e).Error; err != nil {
		return fmt.Errorf("write audit entry %d: %w", e.Seq, err)
	}
	return nil
}

// LastAuditSeq is the seq of the newest entry with action, 0 when none.
func (t *Tx) LastAuditSeq(action string) (int64, error) {
	var seq int64
	if err := t.db.Model(&domain.AuditEntry{}).Where("action = ?", action).
		Select("COALESCE(MAX(seq), 0)").Scan(&seq).Error; err != nil {
		return 0, fmt.Errorf("find the last %s entry: %w", action, err)
	}
	return seq, nil
}

// EachAudit calls fn with every entry in seq order, stopping at fn's first
// error. The rows come from one query, streamed, so that in WAL mode the
// whole walk reads one consistent snapshot in constant memory; fn must not
// use the unit while it runs.
func (t *Tx) EachAudit(fn func(*domain.AuditEntry) error) error {
	rows, err := t.db.Model(&domain.AuditEntry{}).Order("seq").Rows()
	if err != nil {
		return fmt.Errorf("read the audit chain: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var e domain.AuditEntry
		if err := t.db.ScanRows(rows, &e); err != nil {
			return fmt.Errorf("read an audit entry: %w", err)
		}
		if err := fn(&e); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("read the audit chain: %w", err)
	}
	return nil
}

// AuditHash is the hash of entry seq; found is false when there is none.
func (t *Tx) AuditHash(seq int64) (hash string, found bool, err error) {
	var hashes []string
	if err := t.db.Model(&domain.AuditEntry{}).Where("seq = ?", seq).Limit(1).Pluck("hash", &hashes).Error; err != nil {
		return "", false, fmt.Errorf("read audit entry %d: %w", seq, err)
	}
	if len(hashes) == 0 {
		return "", false, nil
	}
	return hashes[0], true, nil
}
