package service

import (
	"context"
	"fmt"
	"strings"

	"gorm.io/gorm"

	"junction/backend/audit"
	"junction/backend/domain"
)

// ListAudit returns one page of the operation log, newest first. With a
// connector it needs view on that connector; without one, a profile with
// connectors.manage or users.admin sees every entry and others see their own
// entries and those of connectors they may view.
func (s *Service) ListAudit(ctx context.Context, actor string, q AuditQuery) (*AuditPage, error) {
	db := s.db.WithContext(ctx)
	u, err := s.actor(db, actor)
	if err != nil {
		return nil, err
	}
	sel := db.Model(&domain.AuditEntry{})
	if q.Connector != "" {
		_, c, _, err := s.connectorFor(db, actor, q.Connector, "view")
		if err != nil {
			return nil, err
		}
		sel = sel.Where("connector_id = ?", c.ID)
	} else if !u.HasPerm(domain.PermConnectorsManage) && !u.HasPerm(domain.PermUsersAdmin) {
		if u.HasPerm(domain.PermConnectorsView) {
			sel = sel.Where("actor = ? OR connector_id IN (SELECT id FROM connectors WHERE owner_id = ?) OR connector_id IN (SELECT connector_id FROM grants WHERE user_id = ?)",
				u.Name, u.ID, u.ID)
		} else {
			// Without connectors.view, grants and ownership show nothing (access.ConnectorRights).
			sel = sel.Where("actor = ?", u.Name)
		}
	}
	if q.Action != "" {
		sel = sel.Where("action = ?", q.Action)
	}
	if q.Actor != "" {
		sel = sel.Where("actor = ?", q.Actor)
	}
	if !q.Since.IsZero() {
		sel = sel.Where("at >= ?", q.Since.UTC())
	}
	if !q.Until.IsZero() {
		sel = sel.Where("at < ?", q.Until.UTC())
	}
	limit := q.Limit
	if limit <= 0 {
		limit = 50
	}
	if limit > 1000 {
		limit = 1000
	}
	page := &AuditPage{Items: []AuditView{}}
	var entries []domain.AuditEntry
	if err := sel.Session(&gorm.Session{}).Count(&page.Total).Error; err != nil {
		return nil, fmt.Errorf("count audit entries: %w", err)
	}
	if err := sel.Session(&gorm.Session{}).Order("seq DESC").Offset(q.Offset).Limit(limit).Find(&entries).Error; err != nil {
		return nil, fmt.Errorf("list audit entries: %w", err)
	}
	for i := range entries {
		page.Items = append(page.Items, auditViewOf(&entries[i]))
	}
	return page, nil
}

// VerifyAudit recomputes the hash chain and the entries' MACs, names the
// first entry that does not match, and compares the end of the log with the
// anchor file: deleting the newest entries shows as truncation. What could
// not be checked (no anchor file, entries without a MAC) is said in Message,
// along with what was found.
func (s *Service) VerifyAudit(ctx context.Context, actor string) (*VerifyResult, error) {
	db := s.db.WithContext(ctx)
	if _, err := s.actor(db, actor); err != nil {
		return nil, err
	}
	res, err := audit.Verify(db, s.auditKey)
	if err != nil {
		return nil, fmt.Errorf("verify audit chain: %w", err)
	}
	out := &VerifyResult{Entries: res.Entries, FirstBad: res.FirstBad, HashOnly: res.Unsigned}
	var say []string
	if res.FirstBad != 0 {
		say = append(say, fmt.Sprintf("Entry %d does not match its hash chain or its MAC.", res.FirstBad))
	}
	if res.Resigned > 1 {
		out.HashOnly = res.Resigned - 1
		say = append(say, fmt.Sprintf("Entries before %d were signed with an earlier key file (replaced at entry %d) and are checked by hash only.", res.Resigned, res.Resigned))
	} else if res.Unsigned > 0 {
		say = append(say, fmt.Sprintf("Entries 1 to %d predate MACs and are checked by hash only.", res.Unsigned))
	}
	anchorHolds := true
	if s.anchorPath == "" {
		say = append(say, "No anchor file is kept for this store, so the end of the log cannot be checked.")
	} else {
		c, err := audit.CheckAnchor(db, res, s.anchorPath, s.auditKey)
		if err != nil {
			return nil, fmt.Errorf("verify audit anchor: %w", err)
		}
		out.Anchor = VerifyAnchor{Path: c.Path, Checked: c.Checked, Seq: c.Seq}
		switch {
		case c.Unchecked != "":
			say = append(say, "The end of the log cannot be checked: "+c.Unchecked+".")
		case c.Forged:
			say = append(say, fmt.Sprintf("The anchor file %s was not written with this key file: it was altered or replaced.", c.Path))
		case c.Truncated:
			out.Truncated = true
			if out.FirstBad == 0 || out.FirstBad > res.LastSeq+1 {
				out.FirstBad = res.LastSeq + 1
			}
			say = append(say, fmt.Sprintf("Entries were deleted from the end: the log ends at seq %d; the anchor says %d.", res.LastSeq, c.Seq))
		case c.Rewritten:
			if out.FirstBad == 0 || out.FirstBad > c.Seq {
				out.FirstBad = c.Seq
			}
			say = append(say, fmt.Sprintf("Entry %d is not the one the anchor file names: the log was rewritten.", c.Seq))
		default:
			say = append(say, fmt.Sprintf("Entry %d, the newest the anchor file names, is in place.", c.Seq))
		}
		anchorHolds = c.Holds()
	}
	out.OK = res.FirstBad == 0 && anchorHolds
	out.Message = strings.Join(say, " ")
	return out, nil
}
