package service

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"junction/backend/access"
	"junction/backend/audit"
	"junction/backend/domain"
	"junction/backend/store"
)

// ListAudit returns one page of the operation log, newest first. With a
// connector it needs view on that connector; without one, a profile with
// connectors.manage or users.admin sees every entry and others see their own
// entries and those of connectors they may view (auditSight).
func (s *Service) ListAudit(ctx context.Context, actor string, q AuditQuery) (*AuditPage, error) {
	limit := q.Limit
	if limit <= 0 {
		limit = 50
	}
	if limit > 1000 {
		limit = 1000
	}
	page := &AuditPage{Items: []AuditView{}}
	err := s.look(ctx, actor, auditNeed(q), func(r *run) error {
		items, total, err := r.tx.ListAudit(auditSight(r.user), auditFilter(r, q), q.Offset, limit)
		if err != nil {
			return err
		}
		page.Total = total
		page.Items = auditViews(items)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return page, nil
}

// EachAudit walks the operation log newest first, as ListAudit lists it
// (its Offset aside), handing fn pages of pageSize entries until q.Limit
// entries (every one when 0): one read transaction, so the walk sees one
// state of the log, and keyset pages by seq, so each entry is read once and
// nothing is counted. It is the CLI's `audit`.
func (s *Service) EachAudit(ctx context.Context, actor string, q AuditQuery, pageSize int, fn func([]AuditView) error) error {
	return s.look(ctx, actor, auditNeed(q), func(r *run) error {
		sight, f := auditSight(r.user), auditFilter(r, q)
		var before int64
		for left := q.Limit; q.Limit <= 0 || left > 0; left -= pageSize {
			size := pageSize
			if q.Limit > 0 {
				size = min(size, left)
			}
			items, err := r.tx.AuditBefore(sight, f, before, size)
			if err != nil {
				return err
			}
			if len(items) > 0 {
				if err := fn(auditViews(items)); err != nil {
					return err
				}
			}
			if len(items) < size {
				return nil
			}
			before = items[len(items)-1].Seq
		}
		return nil
	})
}

// auditNeed is what reading q needs: view on its connector when it names
// one; else any profile may read (its sight narrows what it reads).
func auditNeed(q AuditQuery) need {
	if q.Connector != "" {
		return onConnector(q.Connector, access.NeedView)
	}
	return withPerm("")
}

// auditFilter is q as the store's filter, r.conn the connector it names.
func auditFilter(r *run, q AuditQuery) store.AuditFilter {
	f := store.AuditFilter{Action: q.Action, Actor: q.Actor, Since: q.Since, Until: q.Until}
	if r.conn != nil {
		f.ConnectorID = r.conn.ID
	}
	return f
}

// auditViews are the views of entries, in their order.
func auditViews(entries []domain.AuditEntry) []AuditView {
	views := make([]AuditView, 0, len(entries))
	for i := range entries {
		views = append(views, auditViewOf(&entries[i]))
	}
	return views
}

// auditSight is u's sight of the operation log: the connectors of
// access.VisibleTo(u) and u's own entries, or every entry for users.admin,
// who answers for the whole installation. The scope of connectors.manage
// sees every connector and so, the store says, every entry.
func auditSight(u *domain.User) store.AuditSight {
	return store.AuditSight{Whole: u.HasPerm(domain.PermUsersAdmin), Scope: access.VisibleTo(u), Actor: u.Name}
}

// VerifyAudit recomputes the hash chain and the entries' MACs, names the
// first entry that does not match, and compares the end of the log with the
// anchor file: deleting the newest entries shows as truncation. What could
// not be checked (no anchor file, entries without a MAC) is said in Message,
// along with what was found.
func (s *Service) VerifyAudit(ctx context.Context, actor string) (*VerifyResult, error) {
	var res audit.Result
	var c audit.AnchorCheck
	err := s.look(ctx, actor, withPerm(""), func(r *run) error {
		var err error
		if res, err = audit.Verify(r.tx, s.auditKey); err != nil {
			return fmt.Errorf("verify audit chain: %w", err)
		}
		if s.anchorPath == "" {
			return nil
		}
		if c, err = audit.CheckAnchor(r.tx, res, s.anchorPath, s.auditKey); err != nil {
			return fmt.Errorf("verify audit anchor: %w", err)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	out := &VerifyResult{Entries: res.Entries, FirstBad: res.FirstBad, HashOnly: res.Unsigned, Notes: []domain.Note{}}
	say := func(reason domain.Reason, format string, kv ...string) {
		out.Notes = append(out.Notes, domain.Notef(reason, format, kv...))
	}
	num := func(n int64) string { return strconv.FormatInt(n, 10) }
	if res.FirstBad != 0 {
		say(domain.RAuditBadEntry, "Entry %s does not match its hash chain or its MAC.", "seq", num(res.FirstBad))
	}
	if res.Resigned > 1 {
		out.HashOnly = res.Resigned - 1
		say(domain.RAuditResigned, "Entries before %s were signed with an earlier key file (replaced at entry %s) and are checked by hash only.",
			"seq", num(res.Resigned), "seq", num(res.Resigned))
	} else if res.Unsigned > 0 {
		say(domain.RAuditUnsigned, "Entries 1 to %s predate MACs and are checked by hash only.", "count", num(res.Unsigned))
	}
	anchorHolds := true
	if s.anchorPath == "" {
		say(domain.RAuditNoAnchor, "No anchor file is kept for this store, so the end of the log cannot be checked.")
	} else {
		out.Anchor = VerifyAnchor{Path: c.Path, Checked: c.Checked, Seq: c.Seq}
		switch {
		case c.Unchecked != "":
			say(domain.RAuditUnchecked, "The end of the log cannot be checked: %s.", "detail", c.Unchecked)
		case c.Forged:
			say(domain.RAuditForged, "The anchor file %s was not written with this key file: it was altered or replaced.", "path", c.Path)
		case c.Truncated:
			out.Truncated = true
			if out.FirstBad == 0 || out.FirstBad > res.LastSeq+1 {
				out.FirstBad = res.LastSeq + 1
			}
			say(domain.RAuditTruncated, "Entries were deleted from the end: the log ends at seq %s; the anchor says %s.",
				"last", num(res.LastSeq), "anchor", num(c.Seq))
		case c.Rewritten:
			if out.FirstBad == 0 || out.FirstBad > c.Seq {
				out.FirstBad = c.Seq
			}
			say(domain.RAuditRewritten, "Entry %s is not the one the anchor file names: the log was rewritten.", "seq", num(c.Seq))
		default:
			say(domain.RAuditInPlace, "Entry %s, the newest the anchor file names, is in place.", "seq", num(c.Seq))
		}
		anchorHolds = c.Holds()
	}
	out.OK = res.FirstBad == 0 && anchorHolds
	texts := make([]string, len(out.Notes))
	for i, n := range out.Notes {
		texts[i] = n.Text
	}
	out.Message = strings.Join(texts, " ")
	return out, nil
}
