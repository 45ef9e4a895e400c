package service

import (
	"context"
	"fmt"

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
	page := &AuditPage{Items: []domain.AuditEntry{}}
	if err := sel.Session(&gorm.Session{}).Count(&page.Total).Error; err != nil {
		return nil, fmt.Errorf("count audit entries: %w", err)
	}
	if err := sel.Session(&gorm.Session{}).Order("seq DESC").Offset(q.Offset).Limit(limit).Find(&page.Items).Error; err != nil {
		return nil, fmt.Errorf("list audit entries: %w", err)
	}
	return page, nil
}

// VerifyAudit recomputes the hash chain and names the first entry that does not match.
func (s *Service) VerifyAudit(ctx context.Context, actor string) (*VerifyResult, error) {
	db := s.db.WithContext(ctx)
	if _, err := s.actor(db, actor); err != nil {
		return nil, err
	}
	n, bad, err := audit.Verify(db)
	if err != nil {
		return nil, fmt.Errorf("verify audit chain: %w", err)
	}
	return &VerifyResult{Entries: n, OK: bad == 0, FirstBad: bad}, nil
}
