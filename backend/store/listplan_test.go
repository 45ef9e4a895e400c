package store_test

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gorm.io/gorm"

	"junction/backend/access"
	"junction/backend/domain"
	"junction/backend/store"
	"junction/backend/store/storetest"
)

// statement is one SQL statement a list ran, with its arguments.
type statement struct {
	sql  string
	vars []any
}

// captureStatements records every query st's reader pool runs while fn runs.
func captureStatements(t *testing.T, st *store.Store, fn func(tx *store.Tx) error) []statement {
	t.Helper()
	var got []statement
	on := false
	record := func(db *gorm.DB) {
		if on {
			got = append(got, statement{db.Statement.SQL.String(), append([]any(nil), db.Statement.Vars...)})
		}
	}
	name := fmt.Sprintf("listplan:%p", t)
	require.NoError(t, st.DB.Callback().Query().After("gorm:query").Register(name, record))
	require.NoError(t, st.DB.Callback().Row().After("gorm:row").Register(name, record))
	t.Cleanup(func() {
		_ = st.DB.Callback().Query().Remove(name)
		_ = st.DB.Callback().Row().Remove(name)
	})
	on = true
	require.NoError(t, st.Read(context.Background(), fn))
	on = false
	return got
}

// queryPlan is EXPLAIN QUERY PLAN of s, one line per step.
func queryPlan(t *testing.T, st *store.Store, s statement) []string {
	t.Helper()
	db, err := st.DB.DB()
	require.NoError(t, err)
	rows, err := db.Query("EXPLAIN QUERY PLAN "+s.sql, s.vars...)
	require.NoError(t, err, s.sql)
	defer rows.Close()
	var plan []string
	for rows.Next() {
		var id, parent, unused int
		var detail string
		require.NoError(t, rows.Scan(&id, &parent, &unused, &detail))
		plan = append(plan, detail)
	}
	require.NoError(t, rows.Err())
	return plan
}

// countsTheList tells whether s counts connectors of the list: a count
// other than the search's in its trigram index (planSearch), which counts
// index entries, not rows.
func countsTheList(s statement) bool {
	upper := strings.ToUpper(s.sql)
	return strings.Contains(upper, "COUNT(") && !strings.HasPrefix(upper, "SELECT (SELECT COUNT(*) FROM CONNECTOR_SEARCH ")
}

// A scan of a whole table without an index (the CTE of the tag facet is no table).
var bareScan = regexp.MustCompile(`^SCAN (connectors|connector_tags|connections|interfaces|grants|users)$`)

// TestListConnectorsPlans guards issue 10's point 2 exactly: every query the
// connector list runs, for each filter and each way of paging, reads an
// index (named below: the one that serves it), never a whole table, and the
// page never sorts its matches (no temp B-tree for ORDER BY) but for a
// narrow scope, whose visible rows are few and found by owner and grants,
// and for a search of few matches, read from the trigram index (0009).
func TestListConnectorsPlans(t *testing.T) {
	st := storetest.Open(t)
	ctx := context.Background()
	require.NoError(t, st.Write(ctx, func(tx *store.Tx) error {
		for _, name := range []string{"boss", "guest"} {
			if err := tx.AddUser(&domain.User{ID: "u-" + name, Name: name}); err != nil {
				return err
			}
		}
		return nil
	}))
	require.NoError(t, storetest.Generate(ctx, st, storetest.Population{Connectors: 2500, Interfaces: 2, Owner: "boss", Viewer: "guest"}))

	all, narrow := access.Scope{All: true}, access.Scope{UserID: "u-guest"}
	after := &store.ConnectorCursor{Name: "order", Key: storetest.GenKey(7)}
	pagings := map[string]store.ConnectorQuery{
		"first page": {Limit: 50}, "a later page": {Offset: 1000, Limit: 50}, "after a row": {After: after, Limit: 50},
	}
	filters := []struct {
		name  string
		q     store.ConnectorQuery
		index string // the index that yields the page in order, or its matches
		sorts bool   // the page sorts its matches (few, read from the trigram index)
	}{
		{"no filter", store.ConnectorQuery{}, "idx_connectors_order", false},
		{"status", store.ConnectorQuery{Status: "sealed"}, "idx_connectors_status_order", false},
		{"tag", store.ConnectorQuery{Tag: "rare"}, "idx_connector_tags_order", false},
		{"tag and status", store.ConnectorQuery{Tag: "rare", Status: "active"}, "idx_connector_tags_order", false},
		// A term every connector holds (more than searchReadMost): a page walks the order.
		{"search", store.ConnectorQuery{Search: "GEN-"}, "idx_connectors_order", false},
		{"search and tag", store.ConnectorQuery{Search: "gen-", Tag: "vendor-1"}, "idx_connector_tags_order", false},
		// A term of 25 connectors: the page reads them from the index.
		{"a rare search", store.ConnectorQuery{Search: "RARE"}, "connector_search VIRTUAL TABLE", true},
		{"a rare search and tag", store.ConnectorQuery{Search: "rare", Tag: "vendor-1"}, "connector_search VIRTUAL TABLE", true},
	}
	for _, scope := range []access.Scope{all, narrow} {
		for _, f := range filters {
			for paging, p := range pagings {
				q := f.q
				q.Offset, q.Limit, q.After = p.Offset, p.Limit, p.After
				what := fmt.Sprintf("%s, %s, narrow scope %v", f.name, paging, !scope.All)
				statements := captureStatements(t, st, func(tx *store.Tx) error {
					_, err := tx.ListConnectors(scope, q)
					return err
				})
				require.NotEmpty(t, statements, what)
				pages := 0
				for _, s := range statements {
					plan := queryPlan(t, st, s)
					joined := strings.Join(plan, "\n")
					for _, line := range plan {
						assert.NotRegexp(t, bareScan, line, "%s: %s\n%s", what, s.sql, joined)
					}
					if !strings.Contains(s.sql, "ORDER BY") || !strings.Contains(s.sql, "LIMIT") {
						continue
					}
					pages++
					if scope.All {
						assert.Contains(t, joined, f.index, "%s: %s", what, s.sql)
						if !f.sorts {
							assert.NotContains(t, joined, "TEMP B-TREE FOR ORDER BY", "%s: %s", what, s.sql)
							assert.NotContains(t, joined, "TEMP B-TREE FOR RIGHT PART OF ORDER BY", "%s: %s", what, s.sql)
						}
					}
				}
				assert.Equal(t, 1, pages, "%s: one page query", what)
				if q.After != nil {
					for _, s := range statements {
						assert.False(t, countsTheList(s), "%s: a later page counts nothing: %s", what, s.sql)
					}
				}
			}
		}
	}
	// The rest of a page: its tags, its children, the owners' names, the facet.
	ids := []string{"gc000001", "gc000002"}
	for name, read := range map[string]struct {
		index string
		fn    func(tx *store.Tx) error
	}{
		"children": {"sqlite_autoindex_connectors_1", func(tx *store.Tx) error { _, err := tx.ConnectorChildren(ids...); return err }},
		"tags of a page": {"idx_connector_tags_connector", func(tx *store.Tx) error {
			_, err := tx.ListConnectors(all, store.ConnectorQuery{After: after, Limit: 5})
			return err
		}},
		"tag facet": {"idx_connector_tags_tag", func(tx *store.Tx) error {
			_, err := tx.ListConnectors(all, store.ConnectorQuery{Limit: 5})
			return err
		}},
	} {
		var joined []string
		for _, s := range captureStatements(t, st, read.fn) {
			plan := queryPlan(t, st, s)
			for _, line := range plan {
				assert.NotRegexp(t, bareScan, line, "%s: %s", name, s.sql)
			}
			joined = append(joined, plan...)
		}
		assert.Contains(t, strings.Join(joined, "\n"), read.index, name)
	}
}

// TestAuditBeforePlans guards issue 10's point 2 for the operation log: a
// page of the CLI's walk (AuditBefore) reads a range of the primary key or
// of the filter's index, already newest first, never the whole table and
// never sorting, and counts nothing.
func TestAuditBeforePlans(t *testing.T) {
	st := storetest.Open(t)
	all := store.AuditSight{Whole: true}
	narrow := store.AuditSight{Scope: access.Scope{UserID: "u-guest"}, Actor: "guest"}
	for _, c := range []struct {
		name  string
		sight store.AuditSight
		f     store.AuditFilter
		index string
	}{
		{"whole log", all, store.AuditFilter{}, "INTEGER PRIMARY KEY (rowid<?)"},
		{"an action", all, store.AuditFilter{Action: "connector.seal"}, "idx_audit_action (action=? AND rowid<?)"},
		{"an actor", all, store.AuditFilter{Actor: "boss"}, "idx_audit_actor (actor=? AND rowid<?)"},
		{"a connector", all, store.AuditFilter{ConnectorID: "gc000001"}, "idx_audit_connector (connector_id=? AND seq<?)"},
		{"a narrow sight", narrow, store.AuditFilter{}, "INTEGER PRIMARY KEY (rowid<?)"},
	} {
		statements := captureStatements(t, st, func(tx *store.Tx) error {
			_, err := tx.AuditBefore(c.sight, c.f, 1000, 50)
			return err
		})
		require.Len(t, statements, 1, c.name)
		s := statements[0]
		assert.NotContains(t, strings.ToUpper(s.sql), "COUNT(", c.name)
		joined := strings.Join(queryPlan(t, st, s), "\n")
		assert.Contains(t, joined, c.index, "%s: %s", c.name, s.sql)
		assert.NotContains(t, joined, "TEMP B-TREE", "%s: %s", c.name, s.sql)
		assert.NotRegexp(t, regexp.MustCompile(`(?m)^SCAN audit_entries$`), joined, "%s: %s", c.name, s.sql)
	}
}
