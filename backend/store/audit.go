package store

import (
	"fmt"
	"time"

	"gorm.io/gorm"

	"junction/backend/access"
	"junction/backend/audit"
	"junction/backend/domain"
)

// AppendAudit writes e as the next link of the hash chain, signed with key,
// inside the unit's transaction (audit.Link sets seq, prevHash, hash, MAC).
// Appends serialise through the write lock every write transaction takes at
// BEGIN (the dialect file says how); the primary key on seq refuses a fork.
func (t *Tx) AppendAudit(e *domain.AuditEntry, key []byte) error {
	head, err := t.lastAuditLink()
	if err != nil {
		return err
	}
	if err := audit.Link(e, head.seq, head.hash, key); err != nil {
		return fmt.Errorf("write audit entry: %w", err)
	}
	if err := t.db.Create(e).Error; err != nil {
		return fmt.Errorf("write audit entry %d: %w", e.Seq, err)
	}
	t.auditHead = &auditLink{seq: e.Seq, hash: e.Hash}
	return nil
}

// lastAuditLink is the newest entry's seq and hash ((0, "") on an empty
// log), read from the database on the unit's first append only: an import
// appends an entry per connector.
func (t *Tx) lastAuditLink() (auditLink, error) {
	if t.auditHead != nil {
		return *t.auditHead, nil
	}
	var last []domain.AuditEntry
	if err := t.db.Select("seq", "hash").Order("seq DESC").Limit(1).Find(&last).Error; err != nil {
		return auditLink{}, fmt.Errorf("write audit entry: read the last entry: %w", err)
	}
	var head auditLink
	if len(last) == 1 {
		head = auditLink{seq: last[0].Seq, hash: last[0].Hash}
	}
	t.auditHead = &head
	return head, nil
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
// use the unit while it runs. The columns are scanned straight into the
// entry: GORM's per-row reflection (ScanRows) cost more than the hashing.
func (t *Tx) EachAudit(fn func(*domain.AuditEntry) error) error {
	rows, err := t.db.Model(&domain.AuditEntry{}).Order("seq").Select(auditColumns).Rows()
	if err != nil {
		return fmt.Errorf("read the audit chain: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var e domain.AuditEntry
		if err := rows.Scan(&e.Seq, &e.At, &e.Actor, &e.Action, &e.TargetType, &e.TargetID, &e.TargetKey,
			&e.ConnectorID, &e.Summary, &e.Details, &e.PrevHash, &e.Hash, &e.MAC); err != nil {
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

// auditColumns are domain.AuditEntry's columns in the order EachAudit scans them.
var auditColumns = []string{"seq", "at", "actor", "action", "target_type", "target_id", "target_key",
	"connector_id", "summary", "details", "prev_hash", "hash", "mac"}

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

// AuditSight is which entries of the log a profile reads: every entry when
// Whole or when Scope sees every connector; otherwise those Actor wrote and
// those of the connectors Scope sees (an entry of a deleted connector, or
// of none, only when Actor wrote it).
type AuditSight struct {
	Whole bool
	Scope access.Scope
	Actor string
}

// where is the sight as a SQL condition on audit_entries, "" for none.
// For a walk (AuditBefore) its columns are spelled unindexed: the planner
// then reads the primary key from the cursor down and tests each entry,
// instead of joining the actor's and the connectors' entries and sorting
// all of them below the cursor on every page.
func (s AuditSight) where(walk bool) (string, []any) {
	if s.Whole || s.Scope.All {
		return "", nil
	}
	actor, connector := "actor", "connector_id"
	if walk {
		actor, connector = unindexed(actor), unindexed(connector)
	}
	ids, args := connectorIDFilter(s.Scope, connector)
	return actor + " = ? OR " + ids, append([]any{s.Actor}, args...)
}

// AuditFilter narrows a sight of the log; zero fields do not filter.
type AuditFilter struct {
	ConnectorID string
	Action      string
	Actor       string
	Since       time.Time // at >= Since
	Until       time.Time // at < Until
}

// ListAudit returns the entries of the sight that pass f, newest first,
// from offset at most limit, and how many there are in all.
func (t *Tx) ListAudit(sight AuditSight, f AuditFilter, offset, limit int) ([]domain.AuditEntry, int64, error) {
	sel := t.auditSelection(sight, f, false)
	var total int64
	if err := sel.Session(&gorm.Session{}).Count(&total).Error; err != nil {
		return nil, 0, fmt.Errorf("count audit entries: %w", err)
	}
	items, err := auditPage(sel.Offset(offset), limit)
	return items, total, err
}

// AuditBefore returns at most limit entries of the sight that pass f and
// come before entry seq (seq 0: from the newest), newest first, counting
// nothing: a walk down the log pages by the last seq it read, so each page
// costs its rows (a range of the primary key), not its place in the log.
func (t *Tx) AuditBefore(sight AuditSight, f AuditFilter, seq int64, limit int) ([]domain.AuditEntry, error) {
	sel := t.auditSelection(sight, f, true)
	if seq > 0 {
		sel = sel.Where("seq < ?", seq)
	}
	return auditPage(sel, limit)
}

// auditSelection is the entries of the sight that pass f (walk: see where).
func (t *Tx) auditSelection(sight AuditSight, f AuditFilter, walk bool) *gorm.DB {
	sel := t.db.Model(&domain.AuditEntry{})
	if cond, args := sight.where(walk); cond != "" {
		sel = sel.Where(cond, args...)
	}
	for _, c := range []struct {
		cond  string
		value any
		set   bool
	}{
		{"connector_id = ?", f.ConnectorID, f.ConnectorID != ""},
		{"action = ?", f.Action, f.Action != ""},
		{"actor = ?", f.Actor, f.Actor != ""},
		{"at >= ?", f.Since.UTC(), !f.Since.IsZero()},
		{"at < ?", f.Until.UTC(), !f.Until.IsZero()},
	} {
		if c.set {
			sel = sel.Where(c.cond, c.value)
		}
	}
	return sel
}

// auditPage reads at most limit entries of sel, newest first.
func auditPage(sel *gorm.DB, limit int) ([]domain.AuditEntry, error) {
	items := []domain.AuditEntry{}
	if err := sel.Session(&gorm.Session{}).Order("seq DESC").Limit(limit).Find(&items).Error; err != nil {
		return nil, fmt.Errorf("list audit entries: %w", err)
	}
	return items, nil
}
